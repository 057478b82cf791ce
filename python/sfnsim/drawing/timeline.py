"""The timeline (Gantt) of an execution on its simulated clock: a row per state run, nested
under Parallel branches and Map iterations, each Task attempt a segment (queued, running,
failed) with the retry backoff between attempts drawn as a dotted gap, Wait states hatched.

A Map with many iterations keeps a few telling ones (failures first, then the slowest) and
sums up the rest in one row that charts how many iterations ran at each moment."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from html import escape
from itertools import accumulate

from ..history_reader import (
    ABORTED,
    CAUGHT,
    FAILED,
    RUNNING,
    SEVERITY,
    TIMED_OUT,
    Lane,
    Trace,
    Visit,
)
from .overlay import format_ms, visit_lines
from .palette import BAR_FAILED, BAR_QUEUED, BAR_RUN, BAR_WAIT, LOOKS, TEXT
from .text import FONT_FAMILY, fit

LABEL_W = 230.0
CHART_W = 600.0
RIGHT_W = 80.0
ROW_H = 20.0
BAR_H = 12.0
AXIS_H = 26.0
INDENT = 12.0
MAX_LANES = 6  # iterations or branches drawn one by one before the rest is summed up
MAX_ROWS = 250
STRIP_BINS = 120


@dataclass
class Row:
    label: str
    depth: int
    visit: Visit | None = None
    lane: Lane | None = None
    summary: list[Lane] | None = None  # the iterations a summary row stands for
    note: str = ""


def rows(trace: Trace) -> tuple[list[Row], int]:
    """The rows to draw, and how many were left out past MAX_ROWS."""
    out: list[Row] = []
    dropped = 0

    def add(row: Row) -> bool:
        nonlocal dropped
        if len(out) >= MAX_ROWS:
            dropped += 1
            return False
        out.append(row)
        return True

    def walk_lane(lane: Lane, depth: int) -> None:
        for visit in lane.visits:
            if not add(Row(visit.name, depth, visit=visit)):
                return
            if visit.lanes:
                walk_children(visit, depth + 1)

    def walk_children(visit: Visit, depth: int) -> None:
        lanes = visit.lanes
        shown = lanes if len(lanes) <= MAX_LANES else pick_lanes(lanes)
        retried = any(lane.attempt > 1 for lane in lanes)
        for lane in shown:
            word = "iteration" if lane.kind == "iteration" else "branch"
            label = f"{word} {lane.index}" + (f", try {lane.attempt}" if retried else "")
            if add(Row(label, depth, lane=lane)):
                walk_lane(lane, depth + 1)
        if len(lanes) > len(shown):
            add(
                Row(
                    f"all {len(lanes):,} {'iterations' if lanes[0].kind == 'iteration' else 'branches'}",
                    depth,
                    summary=lanes,
                    note=f"{len(lanes) - len(shown):,} not shown one by one",
                )
            )

    walk_lane(trace.root, 0)
    return out, dropped


def pick_lanes(lanes: list[Lane]) -> list[Lane]:
    """The iterations worth showing: the worst first (the one that failed the Map before
    those it aborted), then the slowest, in index order."""
    bad = sorted(
        (lane for lane in lanes if lane.status in (FAILED, TIMED_OUT, ABORTED, CAUGHT)),
        key=lambda lane: SEVERITY.index(lane.status),
    )
    # Only the first MAX_LANES - 1 are kept: nsmallest is sorted(...)[:n], without sorting all.
    worst = bad[:MAX_LANES]
    rest = heapq.nsmallest(
        MAX_LANES - 1,
        (lane for lane in lanes if lane not in worst),
        key=lambda lane: -((lane.end_ms or lane.start_ms) - lane.start_ms),
    )
    chosen = (bad[: MAX_LANES - 1] + rest)[: MAX_LANES - 1] if bad else rest[: MAX_LANES - 1]
    if lanes[0] not in chosen:
        chosen.append(lanes[0])
    return sorted(chosen, key=lambda lane: (lane.attempt, lane.index))


def timeline_svg(trace: Trace, prefix: str) -> str:
    table, dropped = rows(trace)
    total = max(
        trace.end_ms or 0, max((v.end_ms or v.start_ms for v in trace.visits), default=0), 1
    )
    scale = CHART_W / total
    height = AXIS_H + ROW_H * (len(table) + (1 if dropped else 0)) + 8
    width = LABEL_W + CHART_W + RIGHT_W
    x0 = LABEL_W
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sfn-timeline" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" font-family="{escape(FONT_FAMILY)}" font-size="11" role="img" '
        f'aria-label="Timeline" style="max-width:100%;height:auto">',
        f"<title>Timeline on the simulated clock: {escape(format_ms(total))} in all</title>",
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{BAR_WAIT}" fill-opacity="0.35"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BAR_WAIT}" stroke-width="3"/></pattern>'
        "</defs>",
    ]
    parts.extend(_axis(total, scale, x0, height))
    y = AXIS_H
    for row in table:
        parts.append(_row(row, y, x0, scale, prefix, total))
        y += ROW_H
    if dropped:
        parts.append(
            f'<text x="4" y="{y + 14:g}" fill="currentColor" font-style="italic">'
            f"\u2026 {dropped:,} more rows not drawn</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _nice_step(total: float, target: int = 6) -> float:
    raw = total / target
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    for unit in (1, 2, 5, 10):
        if unit * magnitude >= raw:
            return unit * magnitude
    return 10 * magnitude


def _axis(total: float, scale: float, x0: float, height: float) -> list[str]:
    step = _nice_step(total)
    out = [
        f'<line x1="{x0:g}" y1="{AXIS_H - 6:g}" x2="{x0 + CHART_W:g}" y2="{AXIS_H - 6:g}" '
        'stroke="currentColor" stroke-opacity="0.5"/>'
    ]
    t = 0.0
    while t <= total + 1e-9:
        x = x0 + t * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{AXIS_H - 10:g}" x2="{x:.1f}" y2="{height - 4:g}" '
            'stroke="currentColor" stroke-opacity="0.12"/>'
        )
        anchor = "start" if t == 0 else "middle"
        out.append(
            f'<text x="{x:.1f}" y="{AXIS_H - 13:g}" text-anchor="{anchor}" fill="currentColor" '
            f'fill-opacity="0.8">{escape(format_ms(t) if t else "0")}</text>'
        )
        t += step
    return out


def _row(row: Row, y: float, x0: float, scale: float, prefix: str, total: float) -> str:
    indent = INDENT * row.depth
    out = []
    label_style = 'font-style="italic" fill-opacity="0.75"' if row.visit is None else ""
    label = fit(row.label, LABEL_W - indent - 10, 11)
    out.append(
        f'<text x="{4 + indent:g}" y="{y + 14:g}" fill="currentColor" {label_style}>{escape(label)}</text>'
    )
    if row.visit is not None:
        out.append(_visit_bar(row.visit, y, x0, scale, prefix))
    elif row.lane is not None:
        lane = row.lane
        end = lane.end_ms if lane.end_ms is not None else lane.start_ms
        look = LOOKS.get(lane.status, LOOKS[RUNNING])
        out.append(
            f'<rect x="{x0 + lane.start_ms * scale:.1f}" y="{y + 9:g}" width="{max((end - lane.start_ms) * scale, 1):.1f}" '
            f'height="2" fill="{look.stroke}" fill-opacity="0.6"><title>{escape(row.label)}: {escape(look.label)}'
            f", {escape(format_ms(end - lane.start_ms))}</title></rect>"
        )
    elif row.summary is not None:
        out.append(_summary_strip(row.summary, y, x0, scale, total, row.note))
    return "".join(out)


def _visit_bar(visit: Visit, y: float, x0: float, scale: float, prefix: str) -> str:
    look = LOOKS.get(visit.status, LOOKS[RUNNING])
    start = visit.start_ms
    end = visit.end_ms if visit.end_ms is not None else start
    title = escape("\n".join([f"{visit.name} ({visit.type})"] + visit_lines(visit)))
    top = y + (ROW_H - BAR_H) / 2
    out = [f'<g class="sfn-bar" data-state="{escape(visit.name)}"><title>{title}</title>']
    # The whole run, faint, under its parts.
    out.append(
        f'<rect x="{x0 + start * scale:.1f}" y="{top:g}" width="{max((end - start) * scale, 2):.1f}" '
        f'height="{BAR_H:g}" rx="2" fill="{look.fill}" stroke="{look.stroke}" stroke-width="1"/>'
    )
    if visit.type == "Wait" and end > start:
        out.append(
            f'<rect x="{x0 + start * scale:.1f}" y="{top:g}" width="{(end - start) * scale:.1f}" '
            f'height="{BAR_H:g}" rx="2" fill="url(#{prefix}-hatch)"/>'
        )
    previous_end = None
    for attempt in visit.attempts:
        if previous_end is not None and attempt.scheduled_ms > previous_end:
            gap_y = top + BAR_H / 2
            out.append(
                f'<line x1="{x0 + previous_end * scale:.1f}" y1="{gap_y:g}" x2="{x0 + attempt.scheduled_ms * scale:.1f}" '
                f'y2="{gap_y:g}" stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="2 2"/>'
            )
        began = attempt.started_ms if attempt.started_ms is not None else attempt.scheduled_ms
        finished = attempt.ended_ms if attempt.ended_ms is not None else end
        if began > attempt.scheduled_ms:
            out.append(
                f'<rect x="{x0 + attempt.scheduled_ms * scale:.1f}" y="{top + 2:g}" '
                f'width="{(began - attempt.scheduled_ms) * scale:.1f}" height="{BAR_H - 4:g}" fill="{BAR_QUEUED}"/>'
            )
        colour = BAR_RUN if attempt.outcome in (None, "succeeded") else BAR_FAILED
        out.append(
            f'<rect x="{x0 + began * scale:.1f}" y="{top + 2:g}" width="{max((finished - began) * scale, 2):.1f}" '
            f'height="{BAR_H - 4:g}" fill="{colour}"/>'
        )
        previous_end = finished
    text = format_ms(end - start) if visit.end_ms is not None else "running"
    if visit.retries:
        text += f"  \u21bb{visit.retries}"
    if visit.status in (FAILED, TIMED_OUT, CAUGHT, ABORTED):
        text += f"  {look.icon}"
    label_x = x0 + end * scale + 5
    out.append(
        f'<text x="{label_x:.1f}" y="{y + 14:g}" fill="currentColor" fill-opacity="0.8">{escape(text)}</text>'
    )
    out.append("</g>")
    return "".join(out)


def _summary_strip(
    lanes: list[Lane], y: float, x0: float, scale: float, total: float, note: str
) -> str:
    """How many iterations were running at each moment, coloured by how they ended."""
    # Each lane adds one to the bins from its start to its end: counted as +1 where it starts
    # and -1 after it ends, then summed along (10,000 iterations over every bin were 10,000
    # inner loops).
    steps = [[0] * (STRIP_BINS + 1) for _ in SEVERITY]
    width = total / STRIP_BINS
    severity = {status: k for k, status in enumerate(SEVERITY)}
    for lane in lanes:
        start = lane.start_ms
        end = lane.end_ms if lane.end_ms is not None else start
        first = min(int(start / width), STRIP_BINS - 1)
        last = min(int(end / width), STRIP_BINS - 1)
        k = severity.get(lane.status, 0)
        if first < 0:  # before the start (a clock set elsewhere): counted bin by bin, as before
            for b in range(first, last + 1):
                steps[k][b % STRIP_BINS] += 1
                steps[k][b % STRIP_BINS + 1] -= 1
        elif first <= last:
            steps[k][first] += 1
            steps[k][last + 1] -= 1
    bins = [list(accumulate(row[:STRIP_BINS])) for row in steps]
    peak = max(*(sum(col) for col in zip(*bins)), 1)
    out = [
        f'<g class="sfn-summary"><title>{len(lanes):,} iterations; at most {peak:,} at once. {escape(note)}</title>'
    ]
    bin_w = CHART_W / STRIP_BINS
    for b in range(STRIP_BINS):
        base = y + ROW_H - 3
        for k, status in enumerate(SEVERITY):
            n = bins[k][b]
            if not n:
                continue
            h = (ROW_H - 5) * n / peak
            base -= h
            out.append(
                f'<rect x="{x0 + b * bin_w:.1f}" y="{base:.1f}" width="{bin_w:.2f}" height="{h:.1f}" '
                f'fill="{LOOKS[status].stroke}" fill-opacity="0.8"/>'
            )
    out.append(
        f'<text x="{x0 + CHART_W + 5:g}" y="{y + 14:g}" fill="currentColor" fill-opacity="0.8">peak {peak:,}</text>'
    )
    out.append("</g>")
    return "".join(out)
