"""Drawings of state machines and executions: SVG, self-contained HTML, Mermaid, DOT, and
Jupyter's rich display. Everything is computed here (layout included): no network, no browser
script, no system binary.

>>> import sfnsim
>>> svg = sfnsim.render({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}).to_svg()
>>> svg.startswith("<svg")
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Union

from ..trace import Trace
from . import page
from .export import to_dot, to_mermaid
from .graph import Graph, build_graph, load_definition
from .layout import Layout, layout
from .overlay import Overlay, build_overlay, format_ms
from .svg import GraphSvg
from .timeline import timeline_svg

Definition = Union[str, bytes, Mapping[str, Any]]
PathLike = Union[str, Path]


def _digest(*parts: str) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return "sfn-" + h.hexdigest()[:10]


def _write(path: PathLike | None, text: str) -> str:
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


class DefinitionView:
    """The drawing of a definition. In Jupyter it displays itself."""

    def __init__(self, definition: Definition) -> None:
        self.definition: dict[str, Any] = load_definition(definition)
        self._text = json.dumps(self.definition, sort_keys=True)

    @cached_property
    def graph(self) -> Graph:
        return build_graph(self.definition)

    @cached_property
    def layout(self) -> Layout:
        return layout(self.graph)

    @property
    def prefix(self) -> str:
        return _digest(self._text)

    def _overlay(self) -> Overlay | None:
        return None

    def title(self) -> str:
        comment = self.definition.get("Comment")
        count = len(self.graph.states())
        return f"State machine: {count} states" + (
            f" \u2014 {comment}" if isinstance(comment, str) and comment else ""
        )

    def to_svg(self, path: PathLike | None = None, *, background: str | None = "white") -> str:
        """The graph as a standalone SVG document (written to ``path`` if given)."""
        svg = GraphSvg(self.prefix, self._overlay()).document(
            self.layout,
            title=self.title(),
            background=background,
            legend=self._overlay() is not None,
        )
        return _write(path, svg)

    def to_mermaid(self) -> str:
        return to_mermaid(self.graph, self._overlay())

    def to_dot(self) -> str:
        return to_dot(self.graph, self._overlay())

    def _fragment(self, standalone: bool) -> str:
        svg = GraphSvg(self.prefix, None).document(self.layout, title=self.title())
        return page.definition_page(self.prefix, svg, self.title(), standalone=standalone)

    def to_html(self, path: PathLike | None = None) -> str:
        """One self-contained HTML file (written to ``path`` if given)."""
        return _write(path, page.document(self.title(), self._fragment(standalone=True)))

    def _repr_html_(self) -> str:
        return self._fragment(standalone=False)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """HTML (the full view), SVG (the graph alone, for front ends that do not show HTML)
        and plain text; only the types the front end asks for are drawn."""
        makers = {
            "text/html": self._repr_html_,
            "image/svg+xml": self.to_svg,
            "text/plain": self.__repr__,
        }
        return {
            kind: make()
            for kind, make in makers.items()
            if (not include or kind in include) and not (exclude and kind in exclude)
        }

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def __repr__(self) -> str:
        return f"<{self.title()}>"


class ExecutionView(DefinitionView):
    """The drawing of one execution: the graph coloured by outcome, the timeline, the states'
    inputs and outputs, the event table."""

    def __init__(
        self,
        definition: Definition,
        events: Sequence[Mapping[str, Any]],
        summary: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(definition)
        self.events = list(events)
        self.summary: dict[str, Any] = dict(summary or {})

    @cached_property
    def trace(self) -> Trace:
        return Trace(self.events, self.definition)

    @cached_property
    def overlay(self) -> Overlay:
        return build_overlay(self.trace)

    def _overlay(self) -> Overlay:
        return self.overlay

    @property
    def prefix(self) -> str:
        last = self.events[-1] if self.events else {}
        return _digest(
            self._text,
            str(self.summary.get("executionArn") or self.summary.get("name") or ""),
            str(len(self.events)),
            str(last.get("type", "")),
        )

    @property
    def status(self) -> str:
        return str(self.summary.get("status") or self.trace.status)

    def title(self) -> str:
        name = self.summary.get("name") or "execution"
        return f"Execution {name}: {self.status}"

    def timeline_svg(self) -> str:
        return timeline_svg(self.trace, self.prefix)

    def _fragment(self, standalone: bool) -> str:
        graph = GraphSvg(self.prefix, self.overlay, links=True).document(
            self.layout, title=self.title()
        )
        return page.execution_page(
            self.prefix,
            graph_svg=graph,
            timeline=self.timeline_svg(),
            trace=self.trace,
            graph=self.graph,
            overlay=self.overlay,
            events=self.events,
            summary=self.summary,
            standalone=standalone,
        )

    def __repr__(self) -> str:
        return text_summary(self.trace, self.summary)


def text_summary(trace: Trace, summary: Mapping[str, Any]) -> str:
    """The plain-text form: status, failure, path."""
    status = summary.get("status") or trace.status
    name = summary.get("name") or ""
    lines = [
        f"Execution {name} {status}".replace("  ", " ")
        + (f" in {format_ms(trace.duration_ms)}" if trace.duration_ms is not None else "")
    ]
    error = summary.get("error") or trace.error
    if error:
        failing = trace.failing_visit()
        where = (
            f" in {failing.name}" + (f" ({failing.where})" if failing and failing.where else "")
            if failing
            else ""
        )
        cause = summary.get("cause") or trace.cause or ""
        lines.append(f"  {error}{where}: {cause[:300]}")
    path = trace.path
    shown = " \u2192 ".join(path[:30]) + (
        f" \u2192 \u2026 ({len(path) - 30} more)" if len(path) > 30 else ""
    )
    lines.append(f"  path: {shown}")
    return "\n".join(lines)


def render(definition: Any) -> DefinitionView:
    """The drawing of a definition (a dict or JSON text), or of an ``sfnsim.Execution``."""
    view = getattr(definition, "view", None)
    if callable(view):
        return view()  # type: ignore[no-any-return]
    return DefinitionView(definition)


def show(target: Any, client: Any = None) -> DefinitionView:
    """A drawing of anything that has one: an ``sfnsim.Execution``, a definition, a
    ``describe_state_machine`` response, or, with a Step Functions ``client`` (sfnsim's or
    boto3's, even one talking to AWS), an execution ARN, a ``describe_execution`` response or a
    state machine ARN. Jupyter displays the result."""
    if callable(getattr(target, "view", None)):
        return target.view()  # type: ignore[no-any-return]
    if isinstance(target, Mapping) and "definition" in target and "States" not in target:
        return DefinitionView(target["definition"])
    if isinstance(target, str) and target.startswith("arn:") and ":stateMachine:" in target:
        if client is None:
            raise TypeError("sfnsim.show(state machine ARN) needs client=")
        return DefinitionView(client.describe_state_machine(stateMachineArn=target)["definition"])
    arn = None
    if isinstance(target, Mapping) and "executionArn" in target and "States" not in target:
        arn = target["executionArn"]
    elif (
        isinstance(target, str)
        and target.startswith("arn:")
        and ":execution:" in target
        or (isinstance(target, str) and ":express:" in target)
    ):
        arn = target
    if arn is None:
        return DefinitionView(target)
    if client is None:
        raise TypeError("sfnsim.show(execution ARN or describe_execution response) needs client=")
    return fetch_execution(client, arn)


def fetch_execution(client: Any, execution_arn: str) -> ExecutionView:
    """An ExecutionView from the Step Functions API: DescribeExecution, the definition the
    execution ran, and its whole history (every page)."""
    description = client.describe_execution(executionArn=execution_arn)
    machine = client.describe_state_machine_for_execution(executionArn=execution_arn)
    events: list[Mapping[str, Any]] = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"executionArn": execution_arn, "maxResults": 1000}
        if token:
            kwargs["nextToken"] = token
        page_ = client.get_execution_history(**kwargs)
        events.extend(page_["events"])
        token = page_.get("nextToken")
        if not token:
            break
    summary = {k: v for k, v in description.items() if k != "ResponseMetadata"}
    return ExecutionView(machine["definition"], events, summary)


__all__ = ["DefinitionView", "ExecutionView", "render", "show", "fetch_execution"]
