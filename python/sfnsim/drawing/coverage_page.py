"""The HTML report of workflow coverage (``pytest --sfn-cov-report=html:DIR``): each state
machine drawn as ``sfnsim.render`` draws it, states entered in the "succeeded" look and states
never entered in the "not run" look, with what each state left unexercised in its tooltip."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from ..history_reader import NOT_RUN, SUCCEEDED
from . import DefinitionView, page
from .graph import END, START
from .overlay import Overlay
from .svg import GraphSvg


class CoverageOverlay(Overlay):
    """An overlay whose outcomes are "entered" or "never entered", from a coverage report."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        node = {"(start)": START, "(end)": END}
        taken = {(node.get(a, a), node.get(b, b)) for a, b in report["transitions"]}
        super().__init__(summaries={}, taken=taken)
        self.items: Mapping[str, Mapping[str, Any]] = report["items"]

    def _hits(self, name: str) -> int:
        item = self.items.get(f"state:{name}")
        return int(item["hits"]) if item else 0

    def status(self, name: str) -> str:
        return SUCCEEDED if self._hits(name) else NOT_RUN

    def legend_keys(self) -> tuple[str, ...]:
        return (SUCCEEDED, NOT_RUN)

    def count(self, name: str) -> int:
        return self._hits(name)

    def badge(self, name: str) -> str:
        hits = self._hits(name)
        return f"\u00d7{hits:,}" if hits > 1 else ""

    def tooltip(self, name: str) -> str:
        hits = self._hits(name)
        lines = [f"Entered {hits:,} times" if hits else "Never entered"]
        parts = [
            (item_id.split(":", 1)[0], item_id, item)
            for item_id, item in self.items.items()
            if item["state"] == name and item["kind"] != "state"
        ]
        for kind, item_id, item in parts:
            what = item_id.split(":", 2)[2] if item_id.count(":") >= 2 else ""
            label = f"{kind} {what}".strip()
            lines.append(f"{label}: {item['hits']:,}" if item["hits"] else f"{label}: missed")
        return "\n".join(lines)

    def group_caption(self, name: str, *, short: bool = False) -> str:
        return ""


def machine_fragment(report: Mapping[str, Any], definition: Any) -> str:
    view = DefinitionView(definition)
    overlay = CoverageOverlay(report)
    title = (
        f"{report['name']}: {report['percent']:.0f}% \u2014 states "
        f"{report['states']['covered']}/{report['states']['total']}, branches "
        f"{report['branches']['covered']}/{report['branches']['total']}"
    )
    svg = GraphSvg(view.prefix, overlay).document(view.layout, title=title, legend=True)
    missing = "".join(f"<li>{escape(label)}</li>" for label in report["missing"])
    return (
        f"<h2>{escape(title)}</h2>"
        f"<p>Definition {escape(report['definition_hash'])}, {report['executions']} executions, "
        f"{report['state_tests']} TestState calls.</p>"
        + page.definition_page(view.prefix, svg, title, standalone=True)
        + (f"<h3>Missing</h3><ul>{missing}</ul>" if missing else "<p>Nothing missing.</p>")
    )


def write_html(
    reports: Sequence[Mapping[str, Any]], definitions: Sequence[Any], total: float, directory: str
) -> Path:
    """Writes ``index.html`` (every machine, one after the other) into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    rows = "".join(
        f"<tr><td>{escape(r['name'])}</td><td>{r['states']['covered']}/{r['states']['total']}</td>"
        f"<td>{r['branches']['covered']}/{r['branches']['total']}</td>"
        f"<td>{r['percent']:.0f}%</td></tr>"
        for r in reports
    )
    body = (
        f"<h1>Workflow coverage: {total:.0f}%</h1>"
        "<table><tr><th>State machine</th><th>States</th><th>Branches</th><th>Cover</th></tr>"
        f"{rows}</table>" + "".join(machine_fragment(r, d) for r, d in zip(reports, definitions))
    )
    path = out / "index.html"
    path.write_text(page.document("Workflow coverage", body), encoding="utf-8")
    return path
