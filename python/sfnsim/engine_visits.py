"""A trace of an sfnsim execution read from what the engine recorded: each event's lane (the
execution, a Parallel branch, a Map iteration) is known, so the visits, lanes and attempts come
from the engine in one call (``_core.Execution.visit_table``, ``cpp/engine/visit_table.h``,
``cpp/bindings/visit_objects.cpp``) instead of being rebuilt event by event from
``previousEventId``.

The engine's pass applies the per-event rules of ``history_reader.Trace._apply``; the outcomes
that need the whole history (``Trace._finish``) are decided by the reader, here as for any
history. Both roads give the same objects: ``tests/test_engine_visits.py`` compares them.
Names, payloads, errors and ARNs are read from the history's events, so the texts are the
events' own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from .history_reader import _EXECUTION_END, Attempt, Lane, Trace, Visit, details

_T = TypeVar("_T")


class ByEventId(Mapping[int, _T], Generic[_T]):
    """``event id -> object`` over one int32 per event (ids 1, 2, 3...; -1: none), so a
    40,000-event history needs no 40,000-entry dict until someone iterates it."""

    def __init__(self, index: bytes, objects: Sequence[_T]) -> None:
        self._index = memoryview(index).cast("i")
        self._objects = objects

    def get(self, key: Any, default: Any = None) -> Any:
        if type(key) is int and 0 < key <= len(self._index):
            at = self._index[key - 1]
            if at >= 0:
                return self._objects[at]
        return default

    def __getitem__(self, key: int) -> _T:
        found = self.get(key, self)
        if found is self:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return self.get(key, self) is not self

    def __iter__(self) -> Iterator[int]:
        return (i + 1 for i, at in enumerate(self._index) if at >= 0)

    def __len__(self) -> int:
        return sum(1 for at in self._index if at >= 0)


# The order the binding passes each class's fields in (bindings/visit_objects.cpp).
_VISIT_FIELDS = (
    "name type lane entered_id start_ms input_text output_text end_ms exited status error "
    "cause attempts event_ids lanes failed_here failure_id culprit starts aborted map_length "
    "map_run_arn"
).split()
_LANE_FIELDS = "parent container index kind visits attempt start_ms end_ms status".split()
_ATTEMPT_FIELDS = (
    "number scheduled_ms started_ms ended_ms outcome error cause resource parameters output"
).split()


def _check_fields() -> None:
    for cls, names in ((Visit, _VISIT_FIELDS), (Lane, _LANE_FIELDS), (Attempt, _ATTEMPT_FIELDS)):
        declared = [f.name for f in dataclasses.fields(cls)][: len(names)]
        if declared != names:
            raise TypeError(f"{cls.__name__}'s fields changed: update bindings/visit_objects.cpp")


_check_fields()

EngineVisits = Callable[..., "tuple[Any, ...] | None"]


def read_visit_table(trace: Trace, engine_visits: EngineVisits) -> bool:
    """Fills ``trace`` (made without reading its events) from the engine's visits. False when
    they cannot be read that way (the history grew since, or times count from another start):
    the caller reads the events."""
    events = trace.events
    first = events[0].get("timestamp") if events else None
    if trace.start is not None and trace.start != first:
        return False
    table = engine_visits(events, Visit, Lane, Attempt, trace.root)
    if table is None:
        return False
    visits, lanes, lane_of_event, visit_of_event, ending, fail_states, started, end = table
    if trace.start is None and isinstance(first, datetime):
        trace.start = first
        trace._start_s = first.timestamp()
    for visit in fail_states:
        spec = trace._fail_specs.get(visit.name, {})
        visit.error, visit.cause = spec.get("Error"), spec.get("Cause")
    trace.visits = visits
    trace.lane_of = ByEventId(lane_of_event, lanes)  # type: ignore[assignment]
    trace.visit_of = ByEventId(visit_of_event, visits)  # type: ignore[assignment]
    trace._ending = set(ending)
    if started >= 0:
        trace.input_text = details(events[started]).get("input")
    if end >= 0:
        event = events[end]
        info = details(event)
        trace.status = _EXECUTION_END[event["type"]]
        trace.end_ms = trace.ms(event)
        trace.error, trace.cause = info.get("error"), info.get("cause")
        trace.output_text = info.get("output")
    trace._finish()
    return True
