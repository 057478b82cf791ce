"""A trace of an sfnsim execution read from what the engine recorded: each event's lane (the
execution, a Parallel branch, a Map iteration) is known, so the visits, lanes and attempts come
from the engine (``_core.Execution.visit_table``, ``cpp/engine/visit_table.h``,
``cpp/bindings/visit_objects.cpp``) instead of being rebuilt event by event from
``previousEventId``; and they are made one lane at a time, when first read: a 10,000-iteration
Map read for one state's output makes a few objects, not 20,000.

The engine's pass applies the per-event rules of ``history_reader.Trace._apply``; the outcomes
that need the whole history (``Trace._finish``) are decided by the reader, here as for any
history, on the visits and lanes that can change (the table names them); the others are final
as the engine made them. Both roads give the same objects: ``tests/test_engine_visits.py``
compares them. Names, payloads, errors and ARNs are read from the history's events, so the
texts are the events' own.
"""

from __future__ import annotations

import dataclasses
import reprlib
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar, overload

from .history_reader import (
    _EXECUTION_END,
    Attempt,
    Lane,
    Trace,
    Visit,
    collector_paused,
    details,
)

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


class TableObjects(Sequence[_T], Generic[_T]):
    """The objects of the engine's visit table at the given indices, each made when first read
    (``EngineTable``). It reads as the list it stands for: ``len``, indexing (a slice is a
    list), iteration, ``index``, ``==`` with a list, ``+``, ``repr``; it pickles and copies as
    that list. Once iterated, it keeps that list (the objects never change identity)."""

    __slots__ = ("_made", "_make", "_make_all", "_at", "_list")

    def __init__(
        self,
        made: list[Any],
        make: Callable[[int], _T],
        make_all: Callable[[Sequence[int]], None],
        at: Sequence[int],
    ) -> None:
        self._made = made  # the table's cache: index -> object, None until made
        self._make = make  # makes one
        self._make_all = make_all  # makes those of the given indices not made yet, in one call
        self._at = at
        self._list: list[_T] | None = None

    def _all(self) -> list[_T]:
        if self._list is None:
            made, make = self._made, self._make
            if len(self._at) > 1:
                self._make_all(self._at)
            self._list = [found if (found := made[i]) is not None else make(i) for i in self._at]
        return self._list

    def __len__(self) -> int:
        return len(self._at)

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> list[_T]: ...
    def __getitem__(self, index: int | slice) -> _T | list[_T]:
        if self._list is not None:
            return self._list[index]
        if isinstance(index, slice):
            return [self._get(i) for i in self._at[index]]
        return self._get(self._at[index])

    def _get(self, i: int) -> _T:
        found = self._made[i]
        return found if found is not None else self._make(i)

    def __iter__(self) -> Iterator[_T]:
        return iter(self._all())

    def __reversed__(self) -> Iterator[_T]:
        return reversed(self._all())

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    def index(self, value: Any, start: int = 0, stop: int = sys.maxsize) -> int:
        return self._all().index(value, start, stop)

    def count(self, value: Any) -> int:
        return self._all().count(value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, TableObjects)):
            return self._all() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a list's

    def __add__(self, other: Any) -> list[_T]:
        if not isinstance(other, (list, TableObjects)):
            return NotImplemented
        return [*self._all(), *other]

    def __radd__(self, other: Any) -> list[Any]:
        if not isinstance(other, (list, TableObjects)):
            return NotImplemented
        return [*other, *self._all()]

    @reprlib.recursive_repr("[...]")  # as a list marks itself met again inside its own repr
    def __repr__(self) -> str:
        return repr(self._all())

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self._all()),))


class EngineTable:
    """One trace's visit table (``_core.VisitTable``) and the objects made from it so far. The
    caches are plain lists the collector sees; the compiled table keeps none of the objects."""

    __slots__ = ("core", "root", "lanes", "visits", "_by_name")

    def __init__(self, core: Any, root: Lane) -> None:
        self.core = core
        self.root = root
        self.lanes: list[Lane | None] = [None] * core.lane_count
        self.visits: list[Visit | None] = [None] * core.visit_count
        self._by_name: dict[str, TableObjects[Visit]] | None = None

    def lane(self, index: int) -> Lane:
        """Lane ``index``, made (with its visits, and the lanes above it) if it was not."""
        found = self.lanes[index]
        if found is None:
            with collector_paused():
                self.core.make_lane(index, self.lanes, self.visits, self.root, self.lane_sequence)
            found = self.lanes[index]
        return found  # type: ignore[return-value]

    def visit(self, index: int) -> Visit:
        found = self.visits[index]
        if found is None:
            self.lane(self.core.lane_of_visit(index))
            found = self.visits[index]
        return found  # type: ignore[return-value]

    # The collector is held off while objects are made, as when a trace is read (made lazily,
    # a whole Map's lanes would otherwise pay several full collections).
    def make_lanes(self, at: Sequence[int]) -> None:
        with collector_paused():
            self.core.make_lanes(at, self.lanes, self.visits, self.root, self.lane_sequence)

    def make_visits(self, at: Sequence[int]) -> None:
        with collector_paused():
            self.core.make_visits(at, self.lanes, self.visits, self.root, self.lane_sequence)

    def lane_sequence(self, at: bytes | Sequence[int]) -> TableObjects[Lane]:
        """Lanes from their indices (bytes: native int32), as a visit's branches or
        iterations (``Visit.lanes``)."""
        indices = memoryview(at).cast("i") if isinstance(at, bytes) else at
        return TableObjects(self.lanes, self.lane, self.make_lanes, indices)

    def visit_sequence(self, at: bytes | Sequence[int]) -> TableObjects[Visit]:
        indices = memoryview(at).cast("i") if isinstance(at, bytes) else at
        return TableObjects(self.visits, self.visit, self.make_visits, indices)

    def by_name(self) -> dict[str, TableObjects[Visit]]:
        """Each state's visits, states in the order they were first entered (made once: the
        sequences keep what they read)."""
        if self._by_name is None:
            self._by_name = {
                name: self.visit_sequence(at) for name, at in self.core.by_name().items()
            }
        return self._by_name


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

EngineVisits = Callable[..., Any]


def read_visit_table(trace: Trace, engine_visits: EngineVisits) -> bool:
    """Fills ``trace`` (made without reading its events) from the engine's visits. False when
    they cannot be read that way (the history grew since, or times count from another start):
    the caller reads the events."""
    events = trace.events
    first = events[0].get("timestamp") if events else None
    if trace.start is not None and trace.start != first:
        return False
    core = engine_visits(events, Visit, Lane, Attempt)
    if core is None:
        return False
    if trace.start is None and isinstance(first, datetime):
        trace.start = first
        trace._start_s = first.timestamp()
    table = EngineTable(core, trace.root)
    table.lane(0)  # the top level: the path
    trace.visits = table.visit_sequence(range(core.visit_count))  # type: ignore[assignment]
    for index in memoryview(core.fail_states()).cast("i"):
        visit = table.visit(index)
        spec = trace._fail_specs.get(visit.name, {})
        visit.error, visit.cause = spec.get("Error"), spec.get("Cause")
    every_lane = table.lane_sequence(range(core.lane_count))
    trace.lane_of = ByEventId(core.lane_of_event(), every_lane)  # type: ignore[assignment]
    trace.visit_of = ByEventId(core.visit_of_event(), trace.visits)  # type: ignore[assignment]
    trace._ending = set(core.ending())
    trace._table = table
    trace._unsettled = table.visit_sequence(core.unsettled_visits())
    trace._unsettled_lanes = table.lane_sequence(core.unsettled_lanes())
    started, end = core.execution_started, core.execution_end
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
