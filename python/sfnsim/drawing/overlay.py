"""What an execution adds to the drawing of its definition: each state's outcome, the path
taken, visit counts, tooltips, and the iteration counts of each Map."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..history_reader import (
    ABORTED,
    CAUGHT,
    FAILED,
    NOT_RUN,
    SEVERITY,
    SUCCEEDED,
    TIMED_OUT,
    UNREAD,
    Lane,
    StateSummary,
    Trace,
    Visit,
)
from .graph import END, START
from .palette import LEGEND_KEYS, LOOKS

TOOLTIP_PAYLOAD = 300


@dataclass
class Overlay:
    summaries: dict[str, StateSummary]
    taken: set[tuple[str, str]] = field(default_factory=set)
    failing: str | None = None
    unread: set[str] = field(default_factory=set)  # see Trace.unread_states
    # group_caption per (name, short): the tooltip, the box and the legend each ask, and a
    # state run 10,000 times has 10,000 visits to look through.
    _captions: dict[tuple[str, bool], str] = field(default_factory=dict, repr=False, compare=False)

    def status(self, name: str) -> str:
        summary = self.summaries.get(name)
        if summary:
            return summary.status
        return UNREAD if name in self.unread else NOT_RUN

    def legend_keys(self) -> tuple[str, ...]:
        """The outcomes the legend lists: the usual ones, and UNREAD where a state has it."""
        return LEGEND_KEYS + ((UNREAD,) if self.unread else ())

    def count(self, name: str) -> int:
        summary = self.summaries.get(name)
        return len(summary.visits) if summary else 0

    def badge(self, name: str) -> str:
        """``×3`` for a state run more than once, ``↻2`` for retries of a single run."""
        summary = self.summaries.get(name)
        if not summary or not summary.visits:
            return ""
        if len(summary.visits) > 1:
            return f"\u00d7{len(summary.visits):,}"
        retries = summary.visits[0].retries
        return f"\u21bb{retries}" if retries else ""

    def tooltip(self, name: str) -> str:
        summary = self.summaries.get(name)
        if not summary or not summary.visits:
            if name in self.unread:
                return (
                    "Ran in the Distributed Map's child executions, whose histories were not "
                    "read (sfnsim.show(execution ARN, client=...) reads them)"
                )
            return "Not run"
        visits = summary.visits
        caption = self.group_caption(name)
        lines = [caption] if caption else []
        if len(visits) > 1:
            counts = summary.counts()
            parts = [
                f"{n:,} {LOOKS[s].label.lower()}"
                for s, n in sorted(counts.items(), key=lambda kv: SEVERITY.index(kv[0]))
            ]
            lines.append(f"Ran {len(visits):,} times: " + ", ".join(parts))
            shown = _most_telling(visits)
            lines.append(
                f"Showing run {visits.index(shown) + 1:,}"
                + (f" ({shown.where})" if shown.where else "")
                + ":"
            )
        else:
            shown = visits[0]
        lines.extend(visit_lines(shown))
        return "\n".join(lines)

    def group_caption(self, name: str, *, short: bool = False) -> str:
        """Iteration or branch counts of a Map / Parallel, aggregated over its runs
        (``short``: the counts per outcome alone, for a narrow box)."""
        key = (name, short)
        caption = self._captions.get(key)
        if caption is None:
            caption = self._captions[key] = self._group_caption(name, short)
        return caption

    def _group_caption(self, name: str, short: bool) -> str:
        summary = self.summaries.get(name)
        if not summary or not summary.visits:
            return ""
        if summary.visits[-1].type not in ("Map", "Parallel"):
            return ""  # no branches or iterations: only a Parallel or Map has lanes
        # A retried Parallel or Map starts its branches again: count those of its last try.
        lanes: list[Lane] = []
        tries = 1
        for run in summary.visits:
            last = max((lane.attempt for lane in run.lanes), default=1)
            tries = max(tries, last)
            lanes.extend(lane for lane in run.lanes if lane.attempt == last)
        visit = summary.visits[-1]
        if not lanes:
            if visit.map_run_arn:
                items = f"{visit.map_length:,} " if visit.map_length is not None else ""
                return f"{items}child executions" if short else f"{items}child executions, not read"
            return "0 iterations" if visit.type == "Map" else ""
        counts: dict[str, int] = {}
        for lane in lanes:
            counts[lane.status] = counts.get(lane.status, 0) + 1
        noun = "iteration" if lanes[0].kind == "iteration" else "branch"
        plural = noun + ("s" if noun == "iteration" else "es")
        head = f"{len(lanes):,} {noun if len(lanes) == 1 else plural}"
        if visit.child_executions is not None and visit.child_executions > len(lanes):
            head = f"{len(lanes):,} of {visit.child_executions:,} child executions read"
        if tries > 1:
            head += f" (try {tries})"
        parts = [
            f"{n:,} {LOOKS[s].icon or LOOKS[s].label}"
            for s, n in sorted(counts.items(), key=lambda kv: SEVERITY.index(kv[0]))
        ]
        return "  ".join(parts) if short else head + ": " + "  ".join(parts)


def _most_telling(visits: list[Visit]) -> Visit:
    """The visit a summary shows: the first failure, else the last run."""
    for status in (FAILED, TIMED_OUT, CAUGHT, ABORTED):
        for visit in visits:
            if visit.status == status:
                return visit
    return visits[-1]


def visit_lines(visit: Visit) -> list[str]:
    look = LOOKS.get(visit.status)
    outcome = look.label if look else visit.status
    if visit.retries:
        outcome += f" after {len(visit.attempts)} attempts"
    duration = visit.duration_ms
    lines = [outcome + (f" \u00b7 {format_ms(duration)}" if duration is not None else "")]
    if visit.error:
        lines.append(f"Error: {visit.error}")
    elif visit.attempts and visit.attempts[-1].error:
        # Stopped while waiting to retry: the error it would have retried.
        lines.append(f"Last attempt: {visit.attempts[-1].error}")
    if visit.cause:
        lines.append(f"Cause: {clip(visit.cause, TOOLTIP_PAYLOAD)}")
    if visit.input_text is not None:
        lines.append(f"Input: {clip(compact(visit.input_text), TOOLTIP_PAYLOAD)}")
    if visit.output_text is not None:
        lines.append(f"Output: {clip(compact(visit.output_text), TOOLTIP_PAYLOAD)}")
    return lines


def build_overlay(trace: Trace) -> Overlay:
    summaries = trace.states()
    taken: set[tuple[str, str]] = set()
    lanes = [trace.root]
    while lanes:
        lane = lanes.pop()
        visits = lane.visits
        if len(visits) > 1:  # a Map's one-state iterations take no transition
            names = [v.name for v in visits]
            taken.update(zip(names, names[1:]))
        if lane is trace.root and visits:
            taken.add((START, visits[0].name))
            last = visits[-1]
            if last.exited or last.type in ("Succeed", "Fail"):
                taken.add((last.name, END))
        for visit in visits:
            if visit.lanes:
                lanes.extend(visit.lanes)
    failing = trace.failing_visit()
    return Overlay(summaries, taken, failing.name if failing else None, trace.unread_states())


def format_ms(ms: int | float | None) -> str:
    if ms is None:
        return ""
    if ms < 1000:
        return f"{ms:g} ms"
    seconds = ms / 1000
    if seconds < 120:
        return f"{seconds:.3g} s" if seconds < 10 else f"{seconds:.0f} s"
    minutes = seconds / 60
    if minutes < 120:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


def compact(text: str) -> str:
    """JSON text re-rendered compactly (the history's payloads are already compact)."""
    try:
        return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return str(text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def status_of(name: str, overlay: Overlay | None) -> str | None:
    return overlay.status(name) if overlay else None


__all__ = ["Overlay", "build_overlay", "format_ms", "clip", "compact", "visit_lines", "SUCCEEDED"]
