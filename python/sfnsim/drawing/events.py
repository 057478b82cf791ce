"""The history as an HTML table: a row per event with the state it belongs to and the time
since the start; payloads (input, output, parameters, error, cause) expand on click through
``<details>``, so no script is needed. Very long histories keep their first and last events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from ..history_reader import Trace, details
from .overlay import format_ms

MAX_EVENTS = 1000
HEAD_EVENTS = 600
PAYLOAD_LIMIT = 20000
_PAYLOAD_KEYS = ("input", "output", "parameters", "cause", "error", "assignedVariables")


def pretty(value: Any) -> str:
    """A payload from the history (usually JSON text) indented for reading; a long one is shown
    as it is, cut, rather than parsed and indented whole."""
    if isinstance(value, str) and len(value) > PAYLOAD_LIMIT:
        return value[:PAYLOAD_LIMIT] + "\n\u2026 (cut: " + f"{len(value):,} characters)"
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return str(value)
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return text if len(text) <= PAYLOAD_LIMIT else text[:PAYLOAD_LIMIT] + "\n\u2026 (cut)"


def _timestamp(event: Mapping[str, Any]) -> str:
    stamp = event.get("timestamp")
    if isinstance(stamp, datetime):
        return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return escape(str(stamp or ""))


def _detail_cell(info: Mapping[str, Any], indented: dict[str, str]) -> str:
    """``indented``: the payloads already indented for this table (one state's output is the next
    one's input, a Map's iterations often carry equal values)."""
    inline = []
    blocks = []
    for key, value in info.items():
        if key.endswith("Details") and isinstance(value, Mapping):
            if value.get("truncated"):
                inline.append(f"{escape(key[:-7])} truncated")
            continue
        if (
            key in _PAYLOAD_KEYS
            and isinstance(value, str)
            and (len(value) > 40 or key in ("input", "output", "parameters"))
        ):
            preview = value if len(value) <= 60 else value[:57] + "\u2026"
            block = indented.get(value)
            if block is None:
                block = indented[value] = escape(pretty(value))
            blocks.append(
                f"<details><summary><b>{escape(key)}</b> <code>{escape(preview)}</code></summary>"
                f"<pre>{block}</pre></details>"
            )
        else:
            shown = value if isinstance(value, str) else json.dumps(value, default=str)
            inline.append(f"<b>{escape(key)}</b> <code>{escape(str(shown))}</code>")
    return " ".join(inline) + "".join(blocks)


def events_table(trace: Trace, events: list[Mapping[str, Any]]) -> str:
    total = len(events)
    if total > MAX_EVENTS:
        shown = (
            list(events[:HEAD_EVENTS]) + [None] + list(events[total - (MAX_EVENTS - HEAD_EVENTS) :])
        )
    else:
        shown = list(events)
    rows = []
    payloads: dict[str, str] = {}
    for event in shown:
        if event is None:
            skipped = total - MAX_EVENTS
            rows.append(
                f'<tr class="sfn-gap"><td colspan="5">\u2026 {skipped:,} events not shown: '
                "<code>ex.history.to_dataframe()</code> has them all \u2026</td></tr>"
            )
            continue
        event_id = int(event.get("id", 0))
        visit = trace.visit_of.get(event_id)
        info = details(event)
        step = visit.name if visit is not None else str(info.get("name", ""))
        lane = trace.lane_of.get(event_id)
        where = lane.describe() if lane is not None else ""
        kind = str(event.get("type", ""))
        cls = ""
        if kind.endswith(("Failed", "TimedOut", "Aborted")):
            cls = ' class="sfn-bad"'
        step_cell = escape(step) + (
            f'<div class="sfn-where">{escape(where)}</div>' if where else ""
        )
        rows.append(
            f"<tr{cls}><td>{event_id}</td><td>{escape(kind)}</td><td>{step_cell}</td>"
            f'<td title="{_timestamp(event)}">{escape(format_ms(trace.ms(event)) or "0")}</td>'
            f"<td>{_detail_cell(info, payloads)}</td></tr>"
        )
    return (
        '<table class="sfn-events"><thead><tr><th>ID</th><th>Type</th><th>Step</th><th>Elapsed</th>'
        "<th>Details</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
