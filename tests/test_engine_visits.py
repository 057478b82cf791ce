"""The visits, lanes and attempts the engine hands over (``sfnsim.engine_visits``) are the ones
the history reader rebuilds from ``previousEventId`` (``sfnsim.history_reader``): both roads,
on the same executions, field by field."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from typing import Any

import pytest
import sfnsim
from sfnsim.engine_visits import ByEventId
from sfnsim.history_reader import Lane, Trace, Visit

START = datetime(2024, 1, 1, tzinfo=timezone.utc)
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"


def task(name: str, **extra: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": LAMBDA + name, **extra}


def flaky(times: int):
    calls = {"n": 0}

    def handler(event: Any) -> Any:
        calls["n"] += 1
        if calls["n"] <= times:
            raise sfnsim.TaskFailed("Throttled", "slow down")
        return {"calls": calls["n"]}

    return handler


def by_item(event: Any) -> Any:
    if event == "a":
        raise sfnsim.TaskFailed("Throttled", "slow down")
    if event == "b":
        raise sfnsim.TaskFailed("Broken", "bad item")
    return event


def timeout(event: Any) -> Any:
    raise sfnsim.TaskFailed("States.Timeout", "late")


RETRY = [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 1, "MaxAttempts": 3}]
SLOW = {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 60, "End": True}}}
BOOM = {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom", "Cause": "c"}}}
WORK = {"StartAt": "Work", "States": {"Work": task("work", Retry=RETRY, End=True)}}


def parallel(*branches: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "StartAt": "Both",
        "States": {"Both": {"Type": "Parallel", "Branches": list(branches), "End": True, **extra}},
    }


def map_of(processor: dict[str, Any], name: str = "M", **extra: Any) -> dict[str, Any]:
    states = {name: {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, **extra}}
    if "Catch" in extra:
        states["After"] = {"Type": "Pass", "End": True}
    return {"StartAt": name, "States": states}


CATCH_AFTER = {"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "After"}], "End": True}
NO_MATCH = {
    "StartAt": "Pick",
    "States": {
        "Pick": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "X"}],
        },
        "X": {"Type": "Pass", "End": True},
    },
}
JSONATA_FAIL = {
    "StartAt": "Remember",
    "States": {
        "Remember": {
            "Type": "Pass",
            "QueryLanguage": "JSONata",
            "Assign": {"x": "{% $states.input.a.b %}"},
            "End": True,
        }
    },
}
CHARGE = {
    "StartAt": "Validate",
    "States": {
        "Validate": {"Type": "Pass", "Next": "Charge"},
        "Charge": task(
            "charge",
            Retry=[{"ErrorEquals": ["Throttled"], "IntervalSeconds": 2, "MaxAttempts": 2}],
            Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Refund"}],
            Next="Ship",
        ),
        "Ship": {"Type": "Pass", "End": True},
        "Refund": {"Type": "Pass", "Next": "Fail"},
        "Fail": {"Type": "Fail", "Error": "PaymentFailed", "Cause": "card declined"},
    },
}
LOOP = {
    "StartAt": "Count",
    "States": {
        "Count": {
            "Type": "Pass",
            "Parameters": {"n.$": "States.MathAdd($.n, 1)"},
            "Next": "More?",
        },
        "More?": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.n", "NumericLessThan": 4, "Next": "Count"}],
            "Default": "Done",
        },
        "Done": {"Type": "Succeed"},
    },
}
TIMED_OUT = {
    "TimeoutSeconds": 5,
    "StartAt": "Work",
    "States": {
        "Work": task(
            "work",
            Retry=[{"ErrorEquals": ["Throttled"], "IntervalSeconds": 60, "MaxAttempts": 3}],
            End=True,
        )
    },
}
TASK_TIMEOUT = {
    "StartAt": "Slow",
    "States": {
        "Slow": task(
            "slow", TimeoutSeconds=1, Retry=[{"ErrorEquals": ["States.Timeout"]}], End=True
        )
    },
}

INNER_PARALLEL = {
    "StartAt": "Inner",
    "States": {
        "Inner": {
            "Type": "Parallel",
            "Branches": [
                WORK,
                {
                    "StartAt": "Slow2",
                    "States": {"Slow2": {"Type": "Wait", "Seconds": 30, "End": True}},
                },
            ],
            "End": True,
        }
    },
}
BOOM2 = {"StartAt": "Boom2", "States": {"Boom2": {"Type": "Fail", "Error": "Boom2"}}}
CAUGHT_INSIDE = {
    "StartAt": "Try",
    "States": {
        "Try": task("work", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Fix"}], End=True),
        "Fix": {"Type": "Pass", "End": True},
    },
}
RETRY_ONCE = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]

CASES: list[tuple[str, dict[str, Any], Any, dict[str, Any]]] = [
    ("parallel of parallels", parallel(INNER_PARALLEL, BOOM2), {}, {"tasks": {"work": flaky(9)}}),
    (
        "retried parallel of parallels",
        parallel(INNER_PARALLEL, BOOM2, Retry=RETRY_ONCE),
        {},
        {"tasks": {"work": flaky(1)}},
    ),
    (
        "caught inside iterations",
        map_of(CAUGHT_INSIDE, End=True),
        {"items": ["a", "c", "b"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "map in a parallel, one at a time",
        parallel(map_of(WORK, MaxConcurrency=1, End=True), BOOM2),
        {"items": ["c", "a", "c"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "retried map of maps",
        map_of(map_of(WORK, "Inner", ItemsPath="$", End=True), Retry=RETRY_ONCE, End=True),
        {"items": [["c", "b"], ["c"]]},
        {"tasks": {"work": by_item}},
    ),
    ("pass chain", LOOP, {"n": 0}, {}),
    ("retried then succeeded", CHARGE, {"n": 1}, {"tasks": {"charge": flaky(2)}}),
    ("caught, then a Fail state", CHARGE, {}, {"tasks": {"charge": flaky(99)}}),
    (
        "paths fail a Pass",
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.x", "End": True}}},
        {},
        {},
    ),
    ("branch fails, sibling aborted", parallel(SLOW, BOOM), {}, {}),
    ("branch fails first", parallel(BOOM, SLOW), {}, {}),
    (
        "branch fails, sibling task waits for a retry",
        parallel(WORK, BOOM),
        {},
        {"tasks": {"work": flaky(9)}},
    ),
    ("choice matched nothing in a branch", parallel(SLOW, NO_MATCH), {}, {}),
    ("evaluation failed in a branch", parallel(SLOW, JSONATA_FAIL), {}, {}),
    ("evaluation failed first", parallel(JSONATA_FAIL, SLOW), {}, {}),
    (
        "retried parallel",
        parallel(SLOW, BOOM, Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]),
        {},
        {},
    ),
    (
        "caught parallel",
        {
            **parallel(SLOW, BOOM),
            "States": {
                "Both": {"Type": "Parallel", "Branches": [SLOW, BOOM], **CATCH_AFTER},
                "After": {"Type": "Pass", "End": True},
            },
        },
        {},
        {},
    ),
    (
        "map of tasks, caught",
        map_of(WORK, **CATCH_AFTER),
        {"items": ["a", "b", "c"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "map of tasks, uncaught",
        map_of(WORK, End=True),
        {"items": ["c", "b", "a", "c"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "map, one at a time",
        map_of(WORK, MaxConcurrency=1, **CATCH_AFTER),
        {"items": ["c", "a", "b", "c"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "retried map",
        map_of(BOOM, Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}], End=True),
        {"items": [1, 2]},
        {},
    ),
    (
        "map of parallels",
        map_of(parallel(SLOW, WORK), End=True),
        {"items": ["c", "b"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "parallel of maps",
        parallel(map_of(WORK, End=True), map_of(SLOW, "M2", End=True)),
        {"items": ["c", "c"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "distributed map",
        map_of(
            {**WORK, "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
            **CATCH_AFTER,
        ),
        {"items": ["c", "b", "c"]},
        {"tasks": {"work": by_item}},
    ),
    (
        "map of maps",
        map_of(map_of(WORK, "Inner", ItemsPath="$", End=True), End=True),
        {"items": [["c", "b"], ["c"]]},
        {"tasks": {"work": by_item}},
    ),
    (
        "execution timed out in a branch",
        {**parallel(SLOW, WORK), "TimeoutSeconds": 5},
        {},
        {"tasks": {"work": flaky(9)}},
    ),
    ("empty map", map_of(WORK, End=True), {"items": []}, {}),
    ("execution timed out waiting for a retry", TIMED_OUT, "a", {"tasks": {"work": by_item}}),
    ("task timed out", TASK_TIMEOUT, {}, {"tasks": {"slow": timeout}}),
]


def snapshot(trace: Trace) -> dict[str, Any]:
    """Everything a trace holds, with its objects as positions so two traces compare."""
    lanes = list(trace._lanes())
    lane_at = {id(lane): i for i, lane in enumerate(lanes)}
    visit_at = {id(visit): i for i, visit in enumerate(trace.visits)}

    def lane(x: Lane | None) -> int | None:
        return None if x is None else lane_at[id(x)]

    def visit(x: Visit | None) -> int | None:
        return None if x is None else visit_at[id(x)]

    visits = []
    for v in trace.visits:
        row = {f.name: getattr(v, f.name) for f in dataclasses.fields(Visit)}
        row.update(
            lane=lane(v.lane),
            lanes=[lane(x) for x in v.lanes],
            culprit=visit(v.culprit),
            attempts=[dataclasses.asdict(a) for a in v.attempts],
        )
        visits.append(row)
    lane_rows = []
    for x in lanes:
        row = {f.name: getattr(x, f.name) for f in dataclasses.fields(Lane)}
        row.update(
            parent=lane(x.parent),
            container=visit(x.container),
            current=visit(x.current),
            visits=[visit(v) for v in x.visits],
        )
        lane_rows.append(row)
    ids = [event["id"] for event in trace.events]
    return {
        "execution": (trace.status, trace.error, trace.cause, trace.input_text),
        "end": (trace.output_text, trace.end_ms, trace.start, trace.path, trace.transitions),
        "visits": visits,
        "lanes": lane_rows,
        "lane_of": [lane(trace.lane_of.get(i)) for i in ids],
        "visit_of": [visit(trace.visit_of.get(i)) for i in ids],
        "failing": visit(trace.failing_visit()),
        "ending": trace._ending & set(ids),
    }


def both(ex: sfnsim.Execution) -> tuple[Trace, Trace]:
    engine = Trace(ex.history, ex.definition_dict, engine_visits=ex._core.visit_table)
    assert isinstance(engine.visit_of, ByEventId)  # read from the table, not the events
    reader = Trace(list(ex.history), ex.definition_dict)
    return engine, reader


@pytest.mark.parametrize(
    ("definition", "value", "options"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_engine_visits_are_the_readers(
    definition: dict[str, Any], value: Any, options: dict[str, Any]
) -> None:
    ex = sfnsim.run(definition, value, start_time=START, **options)
    engine, reader = both(ex)
    assert snapshot(engine) == snapshot(reader)


def test_a_big_map_reads_the_same() -> None:
    ex = sfnsim.run(
        map_of(WORK, **CATCH_AFTER),
        {"items": ["c"] * 300 + ["b", "a"]},
        tasks={"work": by_item},
        start_time=START,
    )
    engine, reader = both(ex)
    assert snapshot(engine) == snapshot(reader)


def test_the_execution_uses_the_engines_visits() -> None:
    ex = sfnsim.run(CHARGE, {}, tasks={"charge": flaky(99)}, start_time=START)
    assert isinstance(ex.history.trace.visit_of, ByEventId)
    assert ex.view().trace is ex.history.trace
    assert ex.state("Fail").error == "PaymentFailed"


def test_lanes_name_the_event_ids_they_hold() -> None:
    ex = sfnsim.run(map_of(WORK, End=True), {"items": ["c", "c"]}, tasks={"work": by_item})
    trace = ex.history.trace
    work = trace.states()["Work"].visits
    assert [v.lane.index for v in work] == [0, 1]
    for v in work:
        assert all(trace.visit_of[i] is v for i in v.event_ids)
        assert v.entered_id in trace.visit_of and 10**9 not in trace.visit_of
    assert len(trace.visit_of) == sum(len(v.event_ids) for v in trace.visits)
    assert sorted(trace.visit_of) == sorted(i for v in trace.visits for i in v.event_ids)


@pytest.mark.parametrize(
    ("definition", "value", "options"),
    [c[1:] for c in CASES[:8]],
    ids=[c[0] for c in CASES[:8]],
)
def test_engine_visits_read_print_and_pickle_as_the_readers(
    definition: dict[str, Any], value: Any, options: dict[str, Any]
) -> None:
    import pickle

    ex = sfnsim.run(definition, value, start_time=START, **options)
    engine, reader = both(ex)
    assert len(engine.visits) == len(reader.visits)
    assert repr(engine.visits) == repr(reader.visits)
    for mine, theirs in zip(engine.visits, reader.visits):
        assert repr(mine) == repr(theirs)
        assert repr(mine.lanes) == repr(theirs.lanes)
        assert len(mine.lanes) == len(theirs.lanes)
        assert [x.index for x in reversed(mine.lanes)] == [x.index for x in theirs.lanes][::-1]
        assert [x.index for x in mine.lanes[1:]] == [x.index for x in theirs.lanes[1:]]
        assert (mine.lanes == []) == (theirs.lanes == [])
        copied = pickle.loads(pickle.dumps(mine))
        assert repr(copied) == repr(theirs)
        assert type(copied.lanes) is list
    assert engine.states().keys() == reader.states().keys()
    for name, summary in engine.states().items():
        theirs = reader.states()[name]
        assert summary.status == theirs.status and summary.counts() == theirs.counts()
        assert [v.entered_id for v in summary.visits] == [v.entered_id for v in theirs.visits]


def test_a_state_read_from_a_big_map_makes_only_its_lane() -> None:
    ex = sfnsim.run(map_of(WORK, End=True), {"items": ["c"] * 300}, tasks={"work": by_item})
    trace = ex.history.trace
    assert ex.state("Work").output == "c"
    assert ex.state("Work").count == 300
    assert ex.path == ["M"]
    made = [v for v in trace._table.visits if v is not None]
    assert len(made) <= 3  # the Map, and the last iteration's Work
    assert len(trace.visits) == 301 and trace.visits[-1].lane.kind == "iteration"
    work = trace.visits[0].lanes[5].visits[0]
    assert trace.visit_of[work.entered_id] is work and work.lane.index == 5
    assert trace.visits + [] == list(trace.visits) and [] + trace.visits == list(trace.visits)


def test_a_read_trace_is_freed_with_its_history() -> None:
    import gc
    import weakref

    ex = sfnsim.run(map_of(WORK, End=True), {"items": ["c", "c"]}, tasks={"work": by_item})
    assert ex.state("Work").output == "c"
    assert ex.history.trace.visits[0].lanes[1].visits[0].name == "Work"
    history = weakref.ref(ex.history)
    del ex
    gc.collect()
    assert history() is None  # the compiled table keeps no reference back to it
