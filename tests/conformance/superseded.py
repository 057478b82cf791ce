"""Recordings made before AWS changed a behaviour, brought to today's form (issue 12, item 4).

The recordings span 2023 to 2026, and AWS changed a few things in between. sfnsim follows
today's AWS. Each change below names what changed, the evidence for it and the date after
which every recording shows the new form. The harness rewrites the expected values of a case
recorded before that date into today's form before comparing. Such a case then counts like
any other, and the rewrite is reported. Nothing in the engine special-cases a date.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Case = dict[str, Any]


@dataclass(frozen=True)
class Change:
    name: str
    evidence: str
    until: datetime  # recordings before this date show the old form
    rewrite: Callable[[Case], bool]  # brings one case to today's form; False: nothing to do


def _events(case: Case) -> list[dict[str, Any]]:
    history = case.get("expected_history")
    return history if isinstance(history, list) else []


def _details(event: dict[str, Any]) -> dict[str, Any]:
    return next((v for k, v in event.items() if k.endswith("EventDetails")), {})


def _map_state_exited_points_at_map_run_started(case: Case) -> bool:
    events = _events(case)
    by_id = {e["id"]: e for e in events if isinstance(e.get("id"), int)}
    changed = False
    for event in events:
        if event.get("type") != "MapStateExited":
            continue
        previous = event.get("previousEventId")
        pointed = by_id.get(previous) if isinstance(previous, int) else None
        if not pointed or pointed.get("type") != "MapRunSucceeded":
            continue
        started = [
            e["id"]
            for e in events
            if e.get("type") == "MapRunStarted"
            and isinstance(e.get("id"), int)
            and e["id"] < pointed["id"]
        ]
        if started:
            event["previousEventId"] = max(started)
            changed = True
    return changed


def _first_state_input_is_compact(case: Case) -> bool:
    for event in _events(case):
        if not event.get("type", "").endswith("StateEntered"):
            continue
        details = _details(event)
        text = details.get("input")
        if not isinstance(text, str):
            return False
        try:
            compact = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
        except ValueError:
            return False
        if compact == text:
            return False
        details["input"] = compact
        return True
    return False


CHANGES = [
    Change(
        "MapStateExited points at MapRunStarted",
        "A Distributed Map's MapStateExited pointed at MapRunSucceeded until November 2024; "
        "every Distributed Map recording since points it at MapRunStarted.",
        datetime(2024, 11, 1),
        _map_state_exited_points_at_map_run_started,
    ),
    Change(
        "The first state's input is re-serialised",
        "Until mid-2024 the first state's StateEntered input echoed the execution's raw input "
        "text; recordings since July 2024 show it re-serialised compactly.",
        datetime(2024, 7, 1),
        _first_state_input_is_compact,
    ),
]


def recorded(case: Case) -> datetime | None:
    text = case.get("recorded_date")
    try:
        return datetime.strptime(str(text), "%d-%m-%Y, %H:%M:%S")
    except ValueError:
        return None


def in_todays_form(case: Case) -> tuple[Case, list[str]]:
    """The case with its expected values in today's form, and the changes that rewrote it."""
    when = recorded(case)
    if when is None:
        return case, []
    applicable = [c for c in CHANGES if when < c.until]
    if not applicable:
        return case, []
    current = copy.deepcopy(case)
    applied = [c.name for c in applicable if c.rewrite(current)]
    return (current, applied) if applied else (case, [])
