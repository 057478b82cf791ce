"""Events that happen at the same instant in independent branches have no order on AWS.

GetExecutionHistory returns events "in ascending order of the timeStamp of the events" (AWS CLI
reference, get-execution-history); nothing orders two events with the same timestamp. When
several Map iterations or Parallel branches wait on timers that expire at the same instant, AWS
records their events in whatever order its workers handled them: in the recording of
timeouts/test_timeouts.py::test_service_lambda_map_timeout four Lambda tasks started in the
order 0, 1, 2, 3 and their TaskTimedOut events, all at the same instant, are recorded as
0, 2, 1, 3. sfnsim runs on a virtual clock and records such events in branch order.

So a run of consecutive events of one type that sfnsim records at the same timestamp, each
following a different event (so each in its own branch), is compared with the recording as a
set: the recorded run is put in sfnsim's order when each sfnsim event has a recorded event of
the run with the same predecessor, and the event ids (and references to them) are renumbered.
A recorded run that does not hold the same set of predecessors is left as it is, so the
comparison reports it.
"""

from __future__ import annotations

import copy
from typing import Any

Event = dict[str, Any]


def _runs(actual: list[Event]) -> list[tuple[int, int]]:
    """[start, end) of each run of two or more simultaneous same-type events in distinct
    branches (distinct predecessors)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(actual):
        j = i + 1
        while (
            j < len(actual)
            and actual[j].get("type") == actual[i].get("type")
            and actual[j].get("timestamp") == actual[i].get("timestamp")
        ):
            j += 1
        predecessors = [e.get("previousEventId") for e in actual[i:j]]
        if j - i > 1 and len(set(predecessors)) == len(predecessors):
            runs.append((i, j))
        i = j
    return runs


def in_recorded_order_of(expected: list[Event], actual: list[Event]) -> list[Event]:
    """The recorded history with each run of simultaneous events put in sfnsim's order (see the
    module doc); the recorded history itself when nothing needs reordering."""
    if len(expected) != len(actual):
        return expected
    result = copy.deepcopy(expected)
    renumber: dict[int, int] = {}
    for start, end in _runs(actual):
        recorded = result[start:end]
        if any(e.get("type") != actual[start].get("type") for e in recorded):
            continue
        by_predecessor = {e.get("previousEventId"): e for e in recorded}
        if len(by_predecessor) != len(recorded):
            continue
        wanted = [
            renumber.get(e.get("previousEventId"), e.get("previousEventId"))
            for e in actual[start:end]
        ]
        inverse = {v: k for k, v in renumber.items()}
        picked = [by_predecessor.get(inverse.get(p, p)) for p in wanted]
        if any(e is None for e in picked) or [id(e) for e in picked] == [id(e) for e in recorded]:
            continue
        for position, event in zip(range(start, end), picked):
            new_id = expected[position].get("id")
            if isinstance(event.get("id"), int) and isinstance(new_id, int):
                renumber[event["id"]] = new_id
        result[start:end] = [
            dict(e, id=expected[p].get("id")) for p, e in zip(range(start, end), picked)
        ]
    if not renumber:
        return expected
    for position, event in enumerate(result):
        if position and isinstance(event.get("previousEventId"), int):
            event["previousEventId"] = renumber.get(
                event["previousEventId"], event["previousEventId"]
            )
    return result


def aligned(case: dict[str, Any], actual: list[Event]) -> dict[str, Any]:
    """The case with its expected history aligned to sfnsim's order of simultaneous events."""
    expected = case.get("expected_history")
    if not isinstance(expected, list):
        return case
    reordered = in_recorded_order_of(expected, actual)
    return case if reordered is expected else dict(case, expected_history=reordered)
