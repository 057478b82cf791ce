"""What happened in an execution, read back from its history: every visit of every state with
its input, output, attempts, timing and outcome, nested in Parallel branches and Map iterations.

A history is a flat list; its nesting is only in ``previousEventId``: each event points to the
previous event of the same thread (the execution, a Parallel branch, a Map iteration). Walking
those links rebuilds the threads ("lanes" here), with the few rules AWS's histories need:
a Map iteration starts with ``MapIterationStarted`` (whose previous event may sit in a sibling
iteration); a Parallel branch starts with a ``…StateEntered`` pointing at
``ParallelStateStarted`` (an ``EvaluationFailed`` points where the Entered event of the state
it fails points, so it can point there too, without starting a branch); the events that close
a Parallel or Map, or start it again for a retry, point into one of its branches.

Outcomes follow the same links: ``ParallelStateFailed``, ``MapStateFailed``,
``MapIterationFailed`` and ``ExecutionFailed`` point at the failure that caused them. That run
failed; a state whose last attempt failed but that nothing points at was waiting for a retry
when a sibling's failure (or a stop) ended it: aborted. A Parallel or Map names the error of
the run it points at.

Works on any history shaped like boto3's ``get_execution_history()["events"]``: sfnsim's, or
one fetched from AWS.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from .definition_states import processor_of, walk_states

# Outcomes of a visit, from the worst: the order decides how a state visited several times
# (a loop, a Map's iterations) is coloured.
FAILED = "failed"
TIMED_OUT = "timed_out"
RUNNING = "running"
CAUGHT = "caught"
ABORTED = "aborted"
RETRIED = "retried"
SUCCEEDED = "succeeded"
NOT_RUN = "not_run"
SEVERITY = (FAILED, TIMED_OUT, RUNNING, CAUGHT, ABORTED, RETRIED, SUCCEEDED, NOT_RUN)
# A state of a Distributed Map that ran in child executions whose histories were not read: it
# ran, but this history cannot say how.
UNREAD = "unread"

# Events of a Parallel or Map itself whose previous event may sit in one of its branches or
# iterations: those that close it, and the start of a retry (it points at the failure).
_CLOSING = {
    "MapStateStarted": "Map",
    "ParallelStateStarted": "Parallel",
    "MapStateSucceeded": "Map",
    "MapStateFailed": "Map",
    "MapStateAborted": "Map",
    "MapStateExited": "Map",
    "MapRunStarted": "Map",
    "MapRunSucceeded": "Map",
    "MapRunFailed": "Map",
    "MapRunAborted": "Map",
    "ParallelStateSucceeded": "Parallel",
    "ParallelStateFailed": "Parallel",
    "ParallelStateAborted": "Parallel",
    "ParallelStateExited": "Parallel",
}
_ATTEMPT_START = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")
_ATTEMPT_RUN = ("TaskStarted", "LambdaFunctionStarted", "ActivityStarted")
_ATTEMPT_OK = ("TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded")
_ATTEMPT_FAIL = (
    "TaskFailed",
    "TaskTimedOut",
    "TaskStartFailed",
    "TaskSubmitFailed",
    "LambdaFunctionFailed",
    "LambdaFunctionTimedOut",
    "LambdaFunctionStartFailed",
    "LambdaFunctionScheduleFailed",
    "ActivityFailed",
    "ActivityTimedOut",
    "ActivityScheduleFailed",
)
# Events caused by the failure their previous event is (ExecutionTimedOut and
# ExecutionAborted are not: they point at whatever happened last).
_ENDING = frozenset(
    (
        "MapIterationFailed",
        "MapStateFailed",
        "ParallelStateFailed",
        "MapRunFailed",
        "ExecutionFailed",
    )
)
_EXECUTION_END = {
    "ExecutionSucceeded": "SUCCEEDED",
    "ExecutionFailed": "FAILED",
    "ExecutionTimedOut": "TIMED_OUT",
    "ExecutionAborted": "ABORTED",
}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic collector held off while tens of thousands of objects are made (a
    history's events, a trace's visits): run every few hundred allocations, it would walk
    every object of the process many times over. Nothing made here is garbage yet."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def details(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The one ``*EventDetails`` member of an event (empty when it has none)."""
    for key, value in event.items():
        if key[-12:] == "EventDetails" and isinstance(value, dict):
            return value
    return {}


def decode(text: Any) -> Any:
    """A payload as the history holds it (JSON text) decoded; other values as they are."""
    if isinstance(text, str):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


@dataclass
class Attempt:
    """One try of a Task: scheduled, started, and how it ended (None while running)."""

    number: int
    scheduled_ms: int
    started_ms: int | None = None
    ended_ms: int | None = None
    outcome: str | None = None  # "succeeded", "failed", "timed_out"
    error: str | None = None
    cause: str | None = None
    resource: str | None = None
    parameters: str | None = None  # JSON text, as the history holds it
    output: str | None = None


@dataclass(eq=False)  # identity: a visit holds lanes that hold visits
class Visit:
    """One time a state ran: from its ``…StateEntered`` event to its exit, failure or abort."""

    name: str
    type: str
    lane: Lane
    entered_id: int
    start_ms: int
    input_text: str | None = None
    output_text: str | None = None
    end_ms: int | None = None
    exited: bool = False
    status: str = RUNNING
    error: str | None = None
    cause: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)  # Parallel branches, Map iterations
    failed_here: bool = False  # a failure event belongs to this visit itself
    failure_id: int | None = None  # the event where it failed (an attempt's, EvaluationFailed)
    culprit: Visit | None = None  # a failed Parallel or Map: the run whose failure ended it
    starts: int = 0  # a Parallel or Map: how many times its branches started (1 + retries)
    aborted: bool = False
    map_length: int | None = None
    map_run_arn: str | None = None
    child_executions: int | None = None  # a Distributed Map's, as listed when they were read

    @property
    def input(self) -> Any:
        return decode(self.input_text)

    @property
    def output(self) -> Any:
        return decode(self.output_text)

    @property
    def duration_ms(self) -> int | None:
        return None if self.end_ms is None else self.end_ms - self.start_ms

    @property
    def retries(self) -> int:
        return max(len(self.attempts) - 1, 0)

    @property
    def where(self) -> str:
        """Where the visit ran: "" at the top level, else e.g. ``Map iteration 3 > ...``."""
        return self.lane.describe()


@dataclass(eq=False)
class Lane:
    """A thread of the execution: the top level, one Parallel branch, one Map iteration."""

    parent: Lane | None
    container: Visit | None  # the Parallel or Map visit this lane belongs to
    index: int  # branch or iteration index
    kind: str  # "execution", "branch", "iteration"
    visits: list[Visit] = field(default_factory=list)
    attempt: int = 1  # which start of its Parallel or Map (a retried one starts again)
    start_ms: int = 0
    end_ms: int | None = None
    status: str = RUNNING
    current: Visit | None = None

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1

    def describe(self) -> str:
        parts = []
        lane: Lane | None = self
        while lane is not None and lane.container is not None:
            word = "iteration" if lane.kind == "iteration" else "branch"
            parts.append(f"{lane.container.name} {word} {lane.index}")
            lane = lane.container.lane
        return " > ".join(reversed(parts))


@dataclass
class StateSummary:
    """Every visit of one state, and the outcome that colours it."""

    name: str
    visits: list[Visit] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.visits:
            return NOT_RUN
        return min((v.status for v in self.visits), key=SEVERITY.index)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for visit in self.visits:
            out[visit.status] = out.get(visit.status, 0) + 1
        return out


class Trace:
    """The analysed history of one execution."""

    def __init__(
        self,
        events: Sequence[Mapping[str, Any]],
        definition: Mapping[str, Any] | None = None,
        *,
        start: datetime | None = None,
        engine_visits: Callable[..., Any] | None = None,
    ):
        """``start``: the moment times are counted from (default: the first event's); a child
        execution read into its parent's trace counts on the parent's clock.
        ``engine_visits``: for events sfnsim's engine recorded, gives the visits and lanes it
        knows (``_core.Execution.visit_table``, see ``sfnsim.engine_visits``), read instead
        of following ``previousEventId``."""
        self.events = events
        self.definition = definition
        self.root = Lane(None, None, 0, "execution")
        self.visits: list[Visit] = []
        self.status = "RUNNING"
        self.error: str | None = None
        self.cause: str | None = None
        self.input_text: str | None = None
        self.output_text: str | None = None
        self.start: datetime | None = start
        self._start_s = start.timestamp() if start is not None else 0.0
        self.end_ms: int | None = None
        self.lane_of: dict[int, Lane] = {}
        self.visit_of: dict[int, Visit] = {}
        self._last_iteration_lane: Lane | None = None
        # (Map visit, iteration index) -> the iteration's latest lane: found in constant time,
        # as a 10,000-iteration Map closes 10,000 of them.
        self._iteration_lane: dict[tuple[int, int], Lane] = {}
        # Failures that ended something: the event that fails an iteration, a Parallel, a Map
        # or the execution points at the failure behind it. A failure nothing points at was
        # waiting for a retry when it was stopped. (A …StateAborted event is no evidence: a
        # state stopped while it waited for a retry points its abort at its own failure.)
        self._ending: set[int] = set()
        # A trace read from the engine's visit table (sfnsim.engine_visits): its visits and
        # lanes are made when first read, and _finish looks only at those it may change.
        self._table: Any = None
        self._unsettled: Sequence[Visit] | None = None
        self._unsettled_lanes: Sequence[Lane] | None = None
        with collector_paused():
            if engine_visits is not None:
                from .engine_visits import read_visit_table

                if read_visit_table(self, engine_visits):
                    return
            self._build()

    # Read from the definition when first needed: a trace from the engine's visits needs no
    # branch index and the Fail states only when one ran (walking a 1,000-state definition
    # twice cost more than the visits).
    @cached_property
    def _branch_of(self) -> dict[str, int]:
        return _branch_index(self.definition) if self.definition else {}

    @cached_property
    def _fail_specs(self) -> dict[str, Mapping[str, Any]]:
        return _fail_states(self.definition) if self.definition else {}

    # -- public views
    def ms(self, event: Mapping[str, Any]) -> int:
        stamp = event.get("timestamp")
        if stamp.__class__ is datetime and self.start is not None:
            return round((stamp.timestamp() - self._start_s) * 1000)
        if isinstance(stamp, (int, float)) and self.start is not None:
            return round(float(stamp) * 1000 - self.start.timestamp() * 1000)
        return 0

    @property
    def path(self) -> list[str]:
        """The states of the top level, in the order they ran."""
        return [v.name for v in self.root.visits]

    def states(self) -> dict[str, StateSummary]:
        if self._table is not None:  # grouped by the table: no visit is made for it
            return {
                name: StateSummary(name, visits) for name, visits in self._table.by_name().items()
            }
        out: dict[str, StateSummary] = {}
        for visit in self.visits:
            summary = out.get(visit.name)
            if summary is None:  # one summary per state, not one made and dropped per visit
                summary = out[visit.name] = StateSummary(visit.name)
            summary.visits.append(visit)
        return out

    def failing_visit(self) -> Visit | None:
        """The state where the execution's failure started: followed down from the failed
        top-level state through the run that failed each Parallel or Map; else the last failed
        visit that is not a Parallel or Map failing because of what ran inside it."""
        failed = [v for v in self._changeable() if v.status in (FAILED, TIMED_OUT)]
        top = [v for v in failed if v.lane is self.root]
        if top:
            # Down from the top: each failed Parallel or Map names the run that ended it.
            visit = top[-1]
            while visit.culprit is not None and visit.culprit.status in (FAILED, TIMED_OUT):
                visit = visit.culprit
            if visit.failed_here or not visit.lanes:
                return visit
        leaves = [v for v in failed if v.failed_here or not v.lanes]
        pool = leaves or failed
        return max(pool, key=lambda v: v.entered_id) if pool else None

    @property
    def duration_ms(self) -> int | None:
        return self.end_ms

    @property
    def transitions(self) -> int:
        """State transitions, as the console counts them: one per state entered, plus one for
        the execution's start."""
        return len(self.visits) + 1

    def attach_map_run(
        self,
        map_run_arn: str,
        histories: Iterable[Sequence[Mapping[str, Any]]],
        total: int | None = None,
    ) -> Visit | None:
        """Reads the histories of a Distributed Map's child executions (``ListExecutions`` with
        the ``mapRunArn``, then ``GetExecutionHistory`` of each) into its run, one iteration
        each, in the order they started: the parent's history holds none of their states.
        ``total``: how many child executions the run has, when only some were read.
        Returns the Map's visit (None when no run of this history has that map run)."""
        visit = next((v for v in self.visits if v.map_run_arn == map_run_arn), None)
        if visit is None:
            return None
        if self._table is not None:  # lists from here on: the children's visits join them
            self.visits = list(self.visits)
            self._table = self._unsettled = self._unsettled_lanes = None
        if not isinstance(visit.lanes, list):
            visit.lanes = list(visit.lanes)
        visit.child_executions = total
        processor = _processor_of(self.definition, visit.name)
        children = [
            Trace(events, processor, start=self.start or _first_time(events))
            for events in histories
            if events
        ]
        children.sort(key=lambda child: (_first_ms(child), child.events[0].get("id", 0) or 0))
        failed: list[Trace] = []
        for index, child in enumerate(children, start=len(visit.lanes)):
            lane = Lane(
                visit.lane,
                visit,
                index,
                "iteration",
                start_ms=_first_ms(child),
                end_ms=child.end_ms,
                status=child.root.status,
                attempt=max(visit.starts, 1),
            )
            lane.visits = child.root.visits
            for inner in child._lanes():
                if inner.parent is child.root:
                    inner.parent = lane
            for run in lane.visits:
                run.lane = lane
            visit.lanes.append(lane)
            self.visits.extend(child.visits)
            if child.status in ("FAILED", "TIMED_OUT"):
                failed.append(child)
        if failed and visit.status in (FAILED, CAUGHT) and visit.culprit is None:
            # The child that failed first is the one that made the run fail.
            first = min(failed, key=lambda child: child.end_ms or 0).failing_visit()
            if first is not None:
                visit.culprit = first
                if not visit.error:
                    visit.error, visit.cause = first.error, first.cause
        return visit

    def unread_states(self) -> set[str]:
        """Names of the states that ran in child executions of a Distributed Map whose
        histories this trace has not read (see ``attach_map_run``): not "not run"."""
        out: set[str] = set()
        for visit in self.visits:
            if visit.map_run_arn and not visit.lanes:
                out.update(state_names(_processor_of(self.definition, visit.name)))
        return out - {v.name for v in self.visits}

    # -- building
    def _build(self) -> None:
        # Per event: its details and time found once, and handed to both steps (a 10,000-
        # iteration Map has 60,000 events).
        by_id: dict[int, Mapping[str, Any]] = {}
        detail_key: dict[str, str] = {}  # event type -> its "...EventDetails" member
        lane_of = self.lane_of
        for event in self.events:
            if self.start is None and isinstance(event.get("timestamp"), datetime):
                self.start = event["timestamp"]
                self._start_s = self.start.timestamp()
            raw_id = event.get("id")
            event_id = raw_id if type(raw_id) is int else _int(raw_id, -len(by_id) - 1)
            by_id[event_id] = event
            kind = event.get("type", "")
            key = detail_key.get(kind)
            info = event.get(key) if key is not None else None
            if not isinstance(info, dict):
                info = details(event)
                for name, value in event.items():
                    if value is info:
                        detail_key[kind] = name
            now = self.ms(event)
            prev_id = _int(event.get("previousEventId"), 0)
            lane = self._lane_for(prev_id, kind, info, now, by_id)
            lane_of[event_id] = lane
            self._apply(kind, info, now, event_id, prev_id, lane)
        self._finish()

    def _lane_for(
        self,
        prev_id: int,
        kind: str,
        info: Mapping[str, Any],
        now: int,
        by_id: Mapping[int, Mapping[str, Any]],
    ) -> Lane:
        prev_lane = self.lane_of.get(prev_id, self.root)
        if kind in _EXECUTION_END or kind == "ExecutionStarted":
            return self.root
        if kind.startswith("MapIteration"):
            visit = self._find_container(prev_lane, "Map", info.get("name"))
            index = int(info.get("index", 0))
            if visit is None:
                if kind == "MapIterationStarted":
                    return prev_lane
                return self._running_iteration(str(info.get("name", "")), index) or prev_lane
            if kind == "MapIterationStarted":
                lane = Lane(
                    visit.lane,
                    visit,
                    index,
                    "iteration",
                    start_ms=now,
                    attempt=max(visit.starts, 1),
                )
                visit.lanes.append(lane)
                self._iteration_lane[(id(visit), index)] = lane
                return lane
            found = self._iteration_lane.get((id(visit), index))
            if found is None or found.status != RUNNING:
                # That iteration has ended: the event is another run's of a Map of this name
                # (a Map inside a Map: each outer iteration runs its own).
                found = self._running_iteration(visit.name, index) or found
            return found or prev_lane
        if kind.endswith("StateAborted"):
            # Before the closing events: a Parallel or Map aborted because a sibling failed
            # points at that failure, maybe inside another Parallel or Map of the same name.
            target = self._aborted_visit(kind[: -len("StateAborted")], prev_lane)
            if target is not None or kind not in _CLOSING:
                return target.lane if target is not None else prev_lane
        if kind in _CLOSING:
            name = info.get("name")
            visit = self._find_container(prev_lane, _CLOSING[kind], name)
            return visit.lane if visit is not None else prev_lane
        prev = by_id.get(prev_id)
        if prev is not None and prev.get("type") == "ParallelStateStarted":
            container = prev_lane.current
            if container is not None and container.type == "Parallel":
                if not kind.endswith("StateEntered"):
                    # Only entering a branch's first state starts a branch. An
                    # EvaluationFailed of that first state shares its previous event (AWS
                    # points it where the state's Entered event points), so it belongs to the
                    # branch that has the state it names open.
                    return self._branch_running(container, info.get("state")) or prev_lane
                name = info.get("name")
                index = (
                    self._branch_of.get(name, len(container.lanes))
                    if name
                    else len(container.lanes)
                )
                lane = Lane(
                    container.lane,
                    container,
                    index,
                    "branch",
                    start_ms=now,
                    attempt=max(container.starts, 1),
                )
                container.lanes.append(lane)
                return lane
        return prev_lane

    def _running_iteration(self, name: str, index: int) -> Lane | None:
        """The iteration ``index``, still running, of the latest Map visit named ``name``."""
        for visit in reversed(self.visits):
            if visit.type == "Map" and visit.name == name:
                lane = self._iteration_lane.get((id(visit), index))
                if lane is not None and lane.status == RUNNING:
                    return lane
        return None

    @staticmethod
    def _branch_running(container: Visit, state: Any) -> Lane | None:
        """The branch of ``container`` whose open state is named ``state`` (the latest, as a
        retried Parallel starts its branches again)."""
        for lane in reversed(container.lanes):
            current = lane.current
            if current is not None and current.name == state and not current.exited:
                return lane
        return None

    def _aborted_visit(self, state_type: str, prev_lane: Lane) -> Visit | None:
        """The open visit a ``…StateAborted`` event stops. Its previous event is the failure
        that caused the abort, often in another branch or iteration, so the visit is looked for
        in order: the previous event's own state, the iteration a Map just aborted, then any
        open state of that type under the same Parallel or Map."""

        def open_(visit: Visit | None) -> bool:
            # A Parallel or Map that failed has ended (a failed Task may wait for a retry).
            return (
                visit is not None
                and visit.type == state_type
                and not visit.aborted
                and not visit.exited
                and not (visit.lanes and visit.status == FAILED and visit.culprit is not None)
            )

        if open_(prev_lane.current):
            return prev_lane.current
        if self._last_iteration_lane is not None and open_(self._last_iteration_lane.current):
            return self._last_iteration_lane.current
        container = prev_lane.container
        for visit in self.visits:
            if not open_(visit):
                continue
            lane: Lane | None = visit.lane
            while lane is not None and container is not None and lane.container is not container:
                lane = lane.container.lane if lane.container is not None else None
            if container is None or lane is not None:
                return visit
        return None

    def _find_container(self, lane: Lane | None, kind: str, name: Any) -> Visit | None:
        """The open Parallel/Map visit (named ``name`` if given) that ``lane`` runs in or is
        (one that failed because of a run inside it has ended: a sibling's events that point
        at its failure are not its own)."""
        while lane is not None:
            current = lane.current
            if (
                current is not None
                and current.type == kind
                and (not name or current.name == name)
                and not (current.status == FAILED and current.culprit is not None)
            ):
                return current
            container = lane.container
            if (
                container is not None
                and container.type == kind
                and (not name or container.name == name)
            ):
                return container
            lane = container.lane if container is not None else None
        return None

    def _apply(
        self, kind: str, info: Mapping[str, Any], now: int, event_id: int, prev_id: int, lane: Lane
    ) -> None:
        if kind in _ENDING:
            self._ending.add(prev_id)
        visit = lane.current
        if kind == "ExecutionStarted":
            self.input_text = info.get("input")
            return
        if kind in _EXECUTION_END:
            self.status = _EXECUTION_END[kind]
            self.end_ms = now
            self.error = info.get("error")
            self.cause = info.get("cause")
            self.output_text = info.get("output")
            return
        if kind.endswith("StateEntered"):
            visit = Visit(
                name=str(info.get("name", "?")),
                type=kind[: -len("StateEntered")],
                lane=lane,
                entered_id=event_id,
                start_ms=now,
                input_text=info.get("input"),
            )
            lane.visits.append(visit)
            lane.current = visit
            self.visits.append(visit)
            if visit.type == "Fail":
                visit.failed_here = True
                visit.status = FAILED
                spec = self._fail_specs.get(visit.name, {})
                visit.error, visit.cause = spec.get("Error"), spec.get("Cause")
            if visit.type == "Succeed":
                visit.end_ms = now
        if kind.startswith("MapIteration"):
            self._last_iteration_lane = lane if kind.endswith(("Failed", "Aborted")) else None
            lane.end_ms = now if not kind.endswith("Started") else None
            if kind.endswith("Succeeded"):
                lane.status = SUCCEEDED
            elif kind.endswith("Failed"):
                lane.status = FAILED
            elif kind.endswith("Aborted"):
                lane.status = ABORTED
            if (
                lane.current is not None
                and lane.current.status == RUNNING
                and not kind.endswith("Started")
            ):
                lane.current.end_ms = now
                lane.current.status = FAILED if lane.status == FAILED else ABORTED
            return
        if visit is None:
            return
        self.visit_of[event_id] = visit
        visit.event_ids.append(event_id)
        if kind.endswith("StateExited"):
            visit.exited = True
            visit.end_ms = now
            visit.output_text = info.get("output")
            if visit.status in (FAILED, TIMED_OUT) or (
                visit.attempts and visit.attempts[-1].outcome not in (None, "succeeded")
            ):
                visit.status = CAUGHT
            elif visit.status == RUNNING:
                visit.status = RETRIED if visit.retries else SUCCEEDED
            lane.current = None
        elif kind in _ATTEMPT_START:
            visit.attempts.append(
                Attempt(
                    len(visit.attempts) + 1,
                    now,
                    resource=info.get("resource"),
                    parameters=info.get("parameters") or info.get("input"),
                )
            )
            visit.status = RUNNING
        elif kind in _ATTEMPT_RUN:
            if visit.attempts:
                visit.attempts[-1].started_ms = now
        elif kind in _ATTEMPT_OK:
            if visit.attempts:
                attempt = visit.attempts[-1]
                attempt.ended_ms, attempt.outcome, attempt.output = (
                    now,
                    "succeeded",
                    info.get("output"),
                )
        elif kind in _ATTEMPT_FAIL:
            if not visit.attempts:
                visit.attempts.append(Attempt(1, now))
            attempt = visit.attempts[-1]
            attempt.ended_ms = now
            attempt.outcome = "timed_out" if kind.endswith("TimedOut") else "failed"
            attempt.error, attempt.cause = info.get("error"), info.get("cause")
            visit.failed_here = True
            visit.failure_id = event_id
            visit.status = TIMED_OUT if kind.endswith("TimedOut") else FAILED
            visit.error, visit.cause = attempt.error, attempt.cause
            visit.end_ms = now
        elif kind == "EvaluationFailed":
            visit.failed_here = True
            visit.failure_id = event_id
            visit.status = FAILED
            visit.error, visit.cause = info.get("error"), info.get("cause")
            visit.end_ms = now
        elif kind.endswith("StateAborted"):
            visit.end_ms = visit.end_ms if visit.end_ms is not None else now
            if visit.status == RUNNING:
                visit.status = ABORTED
            visit.aborted = True
        elif kind in ("MapStateFailed", "ParallelStateFailed"):
            visit.status = FAILED
            visit.end_ms = now
            if info.get("error"):
                visit.error, visit.cause = info.get("error"), info.get("cause")
            # It points at the failure that ended it. A state that fails without an event of
            # its own (a Choice that matched nothing, a Pass whose paths failed) is only
            # known to have failed from this pointer: it is the culprit, not aborted.
            culprit = self.visit_of.get(prev_id)
            if culprit is not None and culprit is not visit:
                visit.culprit = culprit
                if culprit.status == RUNNING and not culprit.exited:
                    culprit.status = FAILED
                    culprit.failed_here = True
                    culprit.end_ms = now
        elif kind in ("MapStateStarted", "ParallelStateStarted"):
            visit.starts += 1
            if kind == "MapStateStarted":
                visit.map_length = info.get("length")
        elif kind in ("MapStateAborted", "ParallelStateAborted"):
            visit.status = ABORTED
            visit.end_ms = now
        elif kind == "MapRunStarted":
            visit.map_run_arn = info.get("mapRunArn")
        elif kind == "MapRunFailed":
            visit.error, visit.cause = info.get("error"), info.get("cause")

    def _changeable(self) -> Sequence[Visit]:
        """The visits _finish may change (in order): all of them, but for a trace from the
        engine's table those still open, failed, timed out or caught, Fail states, and those
        that name a culprit; the others stay as made, so they need not be made to be read."""
        return self.visits if self._unsettled is None else self._unsettled

    def _finish(self) -> None:
        ended = self.status != "RUNNING"
        visits = self._changeable()
        for visit in visits:
            if (
                visit.status in (FAILED, TIMED_OUT)
                and visit.failure_id is not None
                and visit.failure_id > 0  # ids masked in a recording: no pointers to follow
                and visit.failure_id not in self._ending
                and not visit.exited
            ):
                # Its last attempt failed with an error it retries, and something else ended
                # it before the retry (a sibling's failure, the execution's stop or timeout):
                # stopped, not failed. The attempt keeps its error.
                if visit.aborted or (ended and visit.lane is not self.root):
                    visit.status = ABORTED
                elif ended:
                    visit.status = TIMED_OUT if self.status == "TIMED_OUT" else ABORTED
                else:
                    visit.status = RUNNING
                visit.failed_here = False
                visit.error = visit.cause = None
                if visit.status == RUNNING:
                    visit.end_ms = None
        # A visit still open when the execution ended failed there, or was stopped.
        for visit in visits:
            if visit.status == RUNNING and not visit.exited and visit.type != "Succeed" and ended:
                lane_failed = visit.lane.status in (FAILED,) or (
                    visit.lane is self.root and self.status == "FAILED"
                )
                if visit.lane is self.root and self.status == "TIMED_OUT":
                    visit.status = TIMED_OUT
                elif lane_failed or (visit.lane is self.root and self.status == "FAILED"):
                    visit.status = FAILED
                    if visit.lane is self.root and not visit.error:
                        visit.error, visit.cause = self.error, self.cause
                        visit.failed_here = not any(
                            v.status == FAILED for lane in visit.lanes for v in lane.visits
                        )
                else:
                    visit.status = ABORTED
                if visit.end_ms is None:
                    visit.end_ms = self.end_ms
            if visit.type == "Succeed" and visit.status == RUNNING:
                visit.status = SUCCEEDED
            if visit.type == "Fail":
                if visit.error is None and visit.lane is self.root:
                    visit.error, visit.cause = self.error, self.cause
                if visit.end_ms is None:
                    visit.end_ms = visit.start_ms
        # A failed Parallel or Map reports the error of the run whose failure ended it (inner
        # ones first: they were entered later). Without that pointer (masked ids), the first
        # failure of a branch or iteration that failed.
        for visit in reversed(visits):
            if visit.lanes and visit.status in (FAILED, CAUGHT) and not visit.error:
                culprit = visit.culprit
                if culprit is not None and culprit.error:
                    visit.error, visit.cause = culprit.error, culprit.cause
                    continue
                inner = [
                    v
                    for lane in visit.lanes
                    for v in lane.visits
                    if v.status in (FAILED, TIMED_OUT, CAUGHT) and v.error
                ]
                inner = [v for v in inner if v.status != CAUGHT] or inner
                inner = [v for v in inner if v.lane.status in (FAILED, TIMED_OUT)] or inner
                if inner:
                    first = min(inner, key=lambda v: (v.failure_id or v.entered_id, v.entered_id))
                    visit.error, visit.cause = first.error, first.cause
                elif visit.lane is self.root and self.error:
                    visit.error, visit.cause = self.error, self.cause
        # The other way: a run that failed without an error of its own (a Choice that matched
        # nothing) has the error of the Parallel or Map it made fail.
        for visit in visits:
            culprit = visit.culprit
            if (
                culprit is not None
                and visit.error
                and culprit.status in (FAILED, TIMED_OUT)
                and not culprit.error
            ):
                culprit.error, culprit.cause = visit.error, visit.cause
        lanes = self._lanes() if self._unsettled_lanes is None else self._unsettled_lanes
        for lane in lanes:
            if lane.status == RUNNING and ended:
                lane.status = self._lane_outcome(lane)
            if lane.end_ms is None and lane.visits:
                lane.end_ms = max((v.end_ms or v.start_ms) for v in lane.visits)
        self.root.status = {
            "SUCCEEDED": SUCCEEDED,
            "FAILED": FAILED,
            "TIMED_OUT": TIMED_OUT,
            "ABORTED": ABORTED,
        }.get(self.status, RUNNING)
        self.root.end_ms = self.end_ms

    def _lane_outcome(self, lane: Lane) -> str:
        """How a branch or iteration without an end event of its own ended (Parallel branches
        have none): done when the Parallel or Map exited, or when its last state finished
        without anything left open; failed when a state in it failed; else stopped."""
        if self.status == "SUCCEEDED" or (lane.container is not None and lane.container.exited):
            return SUCCEEDED
        if any(v.status in (FAILED, TIMED_OUT) for v in lane.visits):
            return FAILED
        last = lane.visits[-1] if lane.visits else None
        done = (SUCCEEDED, RETRIED, CAUGHT)
        if last is not None and last.status in done and (last.exited or last.type == "Succeed"):
            return SUCCEEDED
        return ABORTED

    def _lanes(self) -> Iterable[Lane]:
        stack = [self.root]
        while stack:
            lane = stack.pop()
            yield lane
            for visit in lane.visits:
                stack.extend(visit.lanes)


def _int(value: Any, default: int) -> int:
    """An event id; histories with masked ids (recorded snapshots) get a stand-in."""
    if type(value) is int:
        return value
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _branch_index(definition: Mapping[str, Any]) -> dict[str, int]:
    """State name -> index of the Parallel branch that holds it (names are unique in a
    definition, so the first state of a branch tells which branch a lane runs)."""
    return {s.name: s.branch for s in walk_states(definition) if s.branch is not None}


def _processor_of(definition: Mapping[str, Any] | None, map_name: str) -> dict[str, Any] | None:
    """The ``ItemProcessor`` (or ``Iterator``) of the Map state named ``map_name``."""
    for site in walk_states(definition):
        processor = processor_of(site.state)
        if site.name == map_name and processor is not None:
            return dict(processor)
    return None


def _first_time(events: Sequence[Mapping[str, Any]]) -> datetime | None:
    stamp = events[0].get("timestamp") if events else None
    return stamp if isinstance(stamp, datetime) else None


def _first_ms(trace: Trace) -> int:
    return trace.ms(trace.events[0]) if trace.events else 0


def _fail_states(definition: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    # A JSONata expression is no error name: the history alone tells what it gave.
    return {
        site.name: {
            k: site.state[k]
            for k in ("Error", "Cause")
            if isinstance(site.state.get(k), str) and not site.state[k].startswith("{%")
        }
        for site in walk_states(definition)
        if site.state.get("Type") == "Fail"
    }


class StateNotRun(LookupError):
    """Asked for the input or output of a state that did not run."""


class StateView:
    """One state of an execution: ``ex.state("Charge")``. ``input``, ``output``, ``attempts``,
    ``status``, ``error`` and ``cause`` are those of its last run (pick another with
    ``visits``); ``count`` says how many times it ran."""

    def __init__(self, name: str, visits: list[Visit], *, unread: bool = False) -> None:
        self.name = name
        self.visits = visits
        self.unread = unread  # ran in Distributed Map child executions not read here

    @property
    def ran(self) -> bool:
        return bool(self.visits)

    @property
    def count(self) -> int:
        return len(self.visits)

    def _last(self) -> Visit:
        if not self.visits and self.unread:
            raise StateNotRun(
                f"state {self.name!r} ran in child executions of a Distributed Map, whose "
                "histories this execution's does not hold"
            )
        if not self.visits:
            raise StateNotRun(f"state {self.name!r} did not run in this execution")
        return self.visits[-1]

    @property
    def input(self) -> Any:
        return self._last().input

    @property
    def output(self) -> Any:
        """The state's output; for a state that failed (no output), raises StateNotRun."""
        visit = self._last()
        if visit.output_text is None:
            raise StateNotRun(
                f"state {self.name!r} has no output: it ended {visit.status}"
                + (f" with {visit.error}" if visit.error else "")
            )
        return visit.output

    @property
    def attempts(self) -> int:
        """How many times the last run was tried: 1, plus one per retry."""
        return max(len(self._last().attempts), 1)

    @property
    def status(self) -> str:
        if not self.visits:
            return UNREAD if self.unread else NOT_RUN
        return self._last().status

    @property
    def error(self) -> str | None:
        return self._last().error if self.visits else None

    @property
    def cause(self) -> str | None:
        return self._last().cause if self.visits else None

    @property
    def duration_ms(self) -> int | None:
        return self._last().duration_ms if self.visits else None

    def __repr__(self) -> str:
        if not self.visits:
            if self.unread:
                return f"<state {self.name}: ran in Distributed Map child executions not read>"
            return f"<state {self.name}: not run>"
        visit = self.visits[-1]
        runs = f", ran {len(self.visits)} times" if len(self.visits) > 1 else ""
        return f"<state {self.name}: {visit.status}, {self.attempts} attempt(s){runs}>"


def state_names(definition: Mapping[str, Any] | None) -> list[str]:
    """Every state name of a definition, nested ones included, in definition order."""
    return [site.name for site in walk_states(definition)]
