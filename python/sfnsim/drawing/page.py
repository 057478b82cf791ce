"""The HTML view of an execution: a summary banner with the failure up front, the coloured
graph, the timeline, every state's input and output, and the event table. One ``<div>`` with a
style scoped to its id, readable without JavaScript; a few lines of optional script open a
state's details when it is clicked in the graph. Light and dark themes (JupyterLab, VS Code,
and the page's ``prefers-color-scheme`` for standalone files)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from html import escape
from typing import Any

from ..history_reader import CAUGHT, FAILED, SEVERITY, TIMED_OUT, UNREAD, Trace, Visit
from .events import events_table, pretty
from .graph import Graph
from .overlay import Overlay, format_ms
from .palette import DARK_MUTED, DARK_TEXT, DEFINITION_LOOK, LEGEND_KEYS, LOOKS
from .svg import slug
from .text import FONT_FAMILY, MONO_FAMILY

MAX_VISITS_LISTED = 12
_RANK = {status: rank for rank, status in enumerate(SEVERITY)}

_STATUS_LOOK = {
    "SUCCEEDED": "succeeded",
    "FAILED": "failed",
    "TIMED_OUT": "timed_out",
    "ABORTED": "aborted",
    "RUNNING": "running",
    "PENDING_REDRIVE": "failed",
}


def style(root: str, *, standalone: bool) -> str:
    """CSS scoped to ``#root``; dark-theme rules keyed on Jupyter's and VS Code's theme markers,
    and on ``prefers-color-scheme`` for a standalone page."""
    r = f"#{root}"
    dark_rules = [
        f"{{sel}} .sfn-node.sfn-{key} > rect {{ fill: {look.dark_fill}; }}"
        for key, look in LOOKS.items()
    ]
    dark_rules += [
        f"{{sel}} .sfn-node.sfn-def > rect {{ fill: {DEFINITION_LOOK.dark_fill}; }}",
        f"{{sel}} .sfn-node text.sfn-name {{ fill: {DARK_TEXT}; }}",
        f"{{sel}} .sfn-node text.sfn-detail {{ fill: {DARK_MUTED}; }}",
        "{sel} .sfn-edge-label rect { fill: #1f1f1f; }",
        "{sel} .sfn-edge-label text { fill: #e0e0e0; }",
        "{sel} .sfn-badge-bg { fill: #1f1f1f; }",
        "{sel} .sfn-banner, {sel} pre, {sel} .sfn-events th { background: rgba(255,255,255,0.06); }",
    ]
    selectors = [
        f'body[data-jp-theme-light="false"] {r}',
        f"body.vscode-dark {r}",
        f"body.vscode-high-contrast {r}",
        f'html[data-theme="dark"] {r}',
        f"{r}.sfn-dark",
    ]
    dark = "\n".join(rule.replace("{sel}", sel) for sel in selectors for rule in dark_rules)
    if standalone:
        media = "\n".join(rule.replace("{sel}", r) for rule in dark_rules)
        dark += f"\n@media (prefers-color-scheme: dark) {{\n{media}\n}}"
    return f"""
{r} {{ font-family: {FONT_FAMILY}; font-size: 13px; line-height: 1.4;
  color: var(--jp-content-font-color1, var(--vscode-editor-foreground, inherit)); }}
{r} h3 {{ font-size: 14px; margin: 14px 0 6px; }}
{r} pre, {r} code {{ font-family: {MONO_FAMILY}; font-size: 12px; }}
{r} pre {{ margin: 4px 0; padding: 6px 8px; background: rgba(127,127,127,0.08); border-radius: 4px;
  max-height: 320px; overflow: auto; white-space: pre-wrap; word-break: break-word; }}
{r} .sfn-banner {{ padding: 8px 12px; border-radius: 6px; border-left: 6px solid; margin: 4px 0 10px;
  background: rgba(127,127,127,0.06); }}
{r} .sfn-pill {{ display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: bold;
  margin-right: 6px; }}
{r} .sfn-meta {{ opacity: 0.8; }}
{r} .sfn-error {{ margin-top: 6px; }}
{r} .sfn-scroll {{ overflow-x: auto; }}
{r} details > summary {{ cursor: pointer; }}
{r} details.sfn-section {{ margin: 8px 0; }}
{r} details.sfn-section > summary {{ font-weight: bold; font-size: 14px; }}
{r} details.sfn-state {{ margin: 2px 0 2px 8px; }}
{r} details.sfn-state:target {{ outline: 2px solid #0072b2; border-radius: 4px; }}
{r} .sfn-legend-html span {{ margin-right: 12px; white-space: nowrap; }}
{r} .sfn-swatch {{ display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px;
  margin-right: 4px; border: 1.5px solid; }}
{r} table {{ border-collapse: collapse; }}
{r} .sfn-events {{ width: 100%; font-size: 12px; }}
{r} .sfn-events th, {r} .sfn-events td {{ text-align: left; vertical-align: top; padding: 2px 8px;
  border-bottom: 1px solid rgba(127,127,127,0.25); }}
{r} .sfn-events tr.sfn-bad td:nth-child(2) {{ font-weight: bold; }}
{r} .sfn-events .sfn-where, {r} .sfn-small {{ font-size: 11px; opacity: 0.75; }}
{r} .sfn-events details {{ display: block; }}
{r} .sfn-visits td, {r} .sfn-visits th {{ padding: 1px 8px; text-align: left; }}
{r} svg a {{ cursor: pointer; }}
{dark}
"""


def legend_html(keys: tuple[str, ...] = LEGEND_KEYS) -> str:
    items = []
    for key in keys:
        look = LOOKS[key]
        dash = "dashed" if look.dash else "solid"
        items.append(
            f'<span><i class="sfn-swatch" style="background:{look.fill};border-color:{look.stroke};'
            f'border-style:{dash}"></i>{escape((look.icon + " " + look.label).strip())}</span>'
        )
    return f'<div class="sfn-legend-html">{"".join(items)}</div>'


def banner(trace: Trace, summary: Mapping[str, Any]) -> str:
    status = str(summary.get("status") or trace.status)
    look = LOOKS[_STATUS_LOOK.get(status, "running")]
    name = summary.get("name") or ""
    duration = trace.duration_ms
    meta = [f"{trace.transitions:,} state transitions"]
    if duration is not None:
        meta.insert(
            0,
            f"{format_ms(duration)} on the simulated clock"
            if summary.get("virtual")
            else format_ms(duration),
        )
    if trace.start is not None:
        meta.append("started " + trace.start.isoformat(timespec="seconds").replace("+00:00", "Z"))
    parts = [
        f'<div class="sfn-banner" style="border-left-color:{look.stroke}">'
        f'<span class="sfn-pill" style="background:{look.stroke}">{escape(look.icon)} {escape(status)}</span>'
        f'<b>{escape(str(name))}</b> <span class="sfn-meta">{escape(" · ".join(meta))}</span>'
    ]
    error = summary.get("error") if summary.get("error") is not None else trace.error
    cause = summary.get("cause") if summary.get("cause") is not None else trace.cause
    failing = trace.failing_visit()
    if status in ("FAILED", "TIMED_OUT", "ABORTED") or error:
        where = ""
        if failing is not None:
            inside = f" ({escape(failing.where)})" if failing.where else ""
            where = f" in <b>{escape(failing.name)}</b>{inside}"
        parts.append(
            f'<div class="sfn-error">{escape(look.label)}{where}: <code>{escape(str(error or "no error given"))}</code>'
        )
        if cause:
            parts.append(f"<pre>{escape(pretty(cause))}</pre>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _visit_block(visit: Visit) -> str:
    out = []
    if visit.error:
        out.append(f"<div><b>Error</b> <code>{escape(visit.error)}</code></div>")
    if visit.cause:
        out.append(f"<div><b>Cause</b></div><pre>{escape(pretty(visit.cause))}</pre>")
    if visit.attempts:
        rows = []
        for a in visit.attempts:
            took = (
                format_ms(
                    a.ended_ms - (a.started_ms if a.started_ms is not None else a.scheduled_ms)
                )
                if a.ended_ms is not None
                else "running"
            )
            outcome = a.outcome or "running"
            err = f" <code>{escape(a.error)}</code>" if a.error else ""
            rows.append(
                f"<tr><td>{a.number}</td><td>+{escape(format_ms(a.scheduled_ms) or '0')}</td>"
                f"<td>{escape(took)}</td><td>{escape(outcome)}{err}</td></tr>"
            )
        out.append(
            '<table class="sfn-visits"><tr><th>attempt</th><th>at</th><th>took</th><th>outcome</th></tr>'
            + "".join(rows)
            + "</table>"
        )
    if visit.input_text is not None:
        out.append(f"<div><b>Input</b></div><pre>{escape(pretty(visit.input_text))}</pre>")
    if visit.output_text is not None:
        out.append(f"<div><b>Output</b></div><pre>{escape(pretty(visit.output_text))}</pre>")
    return "".join(out)


def states_section(prefix: str, graph: Graph, overlay: Overlay) -> str:
    blocks = []
    for node in graph.states():
        summary = overlay.summaries.get(node.id)
        visits = summary.visits if summary else []
        status = overlay.status(node.id)
        look = LOOKS[status]
        count = f" \u00b7 ran {len(visits):,} times" if len(visits) > 1 else ""
        took = ""
        if len(visits) == 1 and visits[0].duration_ms is not None:
            took = f" \u00b7 {format_ms(visits[0].duration_ms)}"
        head = (
            f'<summary><i class="sfn-swatch" style="background:{look.fill};border-color:{look.stroke}"></i>'
            f'<b>{escape(node.id)}</b> <span class="sfn-small">{escape(node.type)}</span> '
            f"{escape(look.icon)} {escape(look.label)}{escape(count + took)}</summary>"
        )
        body = []
        if not visits and status == UNREAD:
            body.append(
                '<div class="sfn-small">Ran in the Distributed Map\'s child executions, whose '
                "histories were not read.</div>"
            )
        elif not visits:
            body.append('<div class="sfn-small">Not run in this execution.</div>')
        else:
            # The first runs in (severity, order) order: a 10,000-iteration Map's state has
            # 10,000 runs, of which these few are listed (ties none: entered ids are unique).
            telling = heapq.nsmallest(
                MAX_VISITS_LISTED, visits, key=lambda v: (_RANK[v.status], v.entered_id)
            )
            if len(visits) > 1:
                rows = []
                for v in telling[:MAX_VISITS_LISTED]:
                    rows.append(
                        f"<tr><td>{escape(v.where or 'top level')}</td><td>{escape(LOOKS[v.status].label)}</td>"
                        f"<td>+{escape(format_ms(v.start_ms) or '0')}</td><td>{escape(format_ms(v.duration_ms))}</td></tr>"
                    )
                more = (
                    f'<div class="sfn-small">\u2026 and {len(visits) - MAX_VISITS_LISTED:,} more runs</div>'
                    if len(visits) > MAX_VISITS_LISTED
                    else ""
                )
                body.append(
                    '<table class="sfn-visits"><tr><th>where</th><th>outcome</th><th>at</th><th>took</th></tr>'
                    + "".join(rows)
                    + "</table>"
                    + more
                )
                shown = (
                    telling[0] if telling[0].status in (FAILED, TIMED_OUT, CAUGHT) else visits[-1]
                )
                body.append(
                    f'<div class="sfn-small">Details of the run {escape(shown.where or "")} at +{escape(format_ms(shown.start_ms) or "0")}:</div>'
                )
            else:
                shown = visits[0]
            body.append(_visit_block(shown))
        opened = " open" if status in (FAILED, TIMED_OUT) and overlay.failing == node.id else ""
        blocks.append(
            f'<details class="sfn-state" id="{prefix}-s-{slug(node.id)}"{opened}>{head}{"".join(body)}</details>'
        )
    return "".join(blocks)


SCRIPT = """<script>(function(){var root=document.getElementById('%s');if(!root)return;
root.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a[href^="#%s-s-"]');
if(!a)return;var d=document.getElementById(a.getAttribute('href').slice(1));if(!d)return;e.preventDefault();
var s=root.querySelector('details.sfn-states');if(s)s.open=true;d.open=true;d.scrollIntoView({block:'nearest'});});})();</script>"""


def execution_page(
    prefix: str,
    *,
    graph_svg: str,
    timeline: str,
    trace: Trace,
    graph: Graph,
    overlay: Overlay,
    events: list[Mapping[str, Any]],
    summary: Mapping[str, Any],
    standalone: bool,
    script: bool = True,
) -> str:
    state_count = len(graph.states())
    body = [
        f'<div id="{prefix}" class="sfn-view">',
        f"<style>{style(prefix, standalone=standalone)}</style>",
        banner(trace, summary),
        legend_html(overlay.legend_keys()),
        f'<div class="sfn-scroll">{graph_svg}</div>',
        f'<details class="sfn-section" open><summary>Timeline</summary><div class="sfn-scroll">{timeline}</div></details>',
        f'<details class="sfn-section sfn-states"{" open" if state_count <= 12 else ""}><summary>States ({state_count:,})</summary>'
        f"{states_section(prefix, graph, overlay)}</details>",
        f'<details class="sfn-section"><summary>Events ({len(events):,})</summary>{events_table(trace, events)}</details>',
        SCRIPT % (prefix, prefix) if script else "",
        "</div>",
    ]
    return "\n".join(body)


def definition_page(prefix: str, graph_svg: str, title: str, *, standalone: bool) -> str:
    return (
        f'<div id="{prefix}" class="sfn-view"><style>{style(prefix, standalone=standalone)}</style>'
        f'<div class="sfn-scroll">{graph_svg}</div></div>'
    )


def document(title: str, fragment: str) -> str:
    """A complete, self-contained HTML file."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        "<style>body{margin:16px;background:#fff;color:#1a1a1a}"
        "@media (prefers-color-scheme: dark){body{background:#161616;color:#e8e8e8}}</style>"
        f"</head><body>\n{fragment}\n</body></html>\n"
    )
