"""Reading histories back into state runs: on sfnsim's histories and on the histories
recorded on AWS (../shared/conformance)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sfnsim
from sfnsim.history_reader import (
    ABORTED,
    CAUGHT,
    FAILED,
    NOT_RUN,
    RETRIED,
    SUCCEEDED,
    TIMED_OUT,
    Trace,
)

START = datetime(2024, 1, 1, tzinfo=timezone.utc)


class Throttled(Exception):
    pass


def flaky(times: int):
    calls = {"n": 0}

    def handler(event):
        calls["n"] += 1
        if calls["n"] <= times:
            raise Throttled("slow down")
        return {"ok": True, "calls": calls["n"]}

    return handler


CHARGE = {
    "StartAt": "Validate",
    "States": {
        "Validate": {"Type": "Pass", "Next": "Charge"},
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 2, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Refund"}],
            "Next": "Ship",
        },
        "Ship": {"Type": "Pass", "End": True},
        "Refund": {"Type": "Pass", "Next": "Fail"},
        "Fail": {"Type": "Fail", "Error": "PaymentFailed", "Cause": "card declined"},
    },
}


def test_retried_task_has_attempts_and_backoff_on_the_clock() -> None:
    ex = sfnsim.run(CHARGE, {"n": 1}, tasks={"charge": flaky(2)}, start_time=START)
    assert ex.status == "SUCCEEDED"
    assert ex.path == ["Validate", "Charge", "Ship"]
    charge = ex.trace.states()["Charge"].visits[0]
    assert charge.status == RETRIED
    assert [a.outcome for a in charge.attempts] == ["failed", "failed", "succeeded"]
    assert charge.attempts[0].error == "Throttled"
    # Backoff: 2 s then 4 s between attempts, on the virtual clock.
    assert charge.attempts[1].scheduled_ms - charge.attempts[0].ended_ms == 2000
    assert charge.attempts[2].scheduled_ms - charge.attempts[1].ended_ms == 4000
    assert charge.duration_ms == 6000
    assert ex.state("Charge").attempts == 3
    assert ex.state("Charge").output == {"ok": True, "calls": 3}
    assert ex.state("Validate").input == {"n": 1}
    assert ex.state("Refund").ran is False
    assert ex.trace.states().get("Refund") is None


def test_caught_failure_and_fail_state() -> None:
    ex = sfnsim.run(CHARGE, {}, tasks={"charge": flaky(99)}, start_time=START)
    assert ex.status == "FAILED"
    assert ex.path == ["Validate", "Charge", "Refund", "Fail"]
    states = ex.trace.states()
    assert states["Charge"].status == CAUGHT
    assert states["Fail"].status == FAILED
    failing = ex.trace.failing_visit()
    assert failing is not None and failing.name == "Fail"
    assert (failing.error, failing.cause) == ("PaymentFailed", "card declined")
    assert ex.state("Charge").error == "Throttled"
    with pytest.raises(LookupError):
        _ = ex.state("Fail").output
    with pytest.raises(KeyError, match="no state named 'Nope'"):
        ex.state("Nope")


def test_uncaught_runtime_error_is_put_on_the_state() -> None:
    definition = {
        "StartAt": "Pick",
        "States": {"Pick": {"Type": "Pass", "InputPath": "$.missing", "End": True}},
    }
    ex = sfnsim.run(definition, {"a": 1})
    assert ex.status == "FAILED"
    visit = ex.trace.failing_visit()
    assert visit is not None and visit.name == "Pick" and visit.status == FAILED
    assert visit.error == "States.Runtime" == ex.error


def test_map_iterations_become_lanes() -> None:
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "Work",
                    "States": {
                        "Work": {
                            "Type": "Task",
                            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                            "End": True,
                        }
                    },
                },
                "End": True,
            }
        },
    }

    def work(n):
        if n % 3 == 0:
            raise ValueError(f"bad item {n}")
        return n * 2

    ex = sfnsim.run(definition, list(range(7)), tasks={"work": work})
    visit = ex.trace.states()["Each"].visits[0]
    assert [lane.index for lane in visit.lanes] == list(range(7))
    # Iteration 0 fails first; the Map then aborts the six others, still running.
    assert [lane.status for lane in visit.lanes] == [FAILED] + [ABORTED] * 6
    work_runs = ex.trace.states()["Work"].visits
    assert [v.status for v in work_runs] == [FAILED] + [ABORTED] * 6
    assert [v.where for v in work_runs] == [f"Each iteration {i}" for i in range(7)]
    assert work_runs[0].error == "ValueError" and work_runs[0].aborted
    assert visit.status == FAILED and visit.error == "ValueError"
    assert ex.trace.failing_visit() is work_runs[0]


def test_map_iterations_that_succeed() -> None:
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "MaxConcurrency": 2,
                "End": True,
                "ItemProcessor": {
                    "StartAt": "Double",
                    "States": {
                        "Double": {
                            "Type": "Task",
                            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double",
                            "End": True,
                        }
                    },
                },
            }
        },
    }
    ex = sfnsim.run(definition, [1, 2, 3], tasks={"double": lambda n: n * 2})
    assert ex.output == [2, 4, 6]
    lanes = ex.trace.states()["Each"].visits[0].lanes
    assert [lane.status for lane in lanes] == [SUCCEEDED] * 3
    assert [lane.visits[0].output for lane in lanes] == [2, 4, 6]


def test_parallel_branches_are_indexed_by_definition() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    {
                        "StartAt": "Left",
                        "States": {"Left": {"Type": "Wait", "Seconds": 5, "End": True}},
                    },
                    {
                        "StartAt": "Right",
                        "States": {
                            "Right": {"Type": "Pass", "Next": "Right2"},
                            "Right2": {"Type": "Pass", "End": True},
                        },
                    },
                ],
            }
        },
    }
    ex = sfnsim.run(definition, {})
    both = ex.trace.states()["Both"].visits[0]
    assert sorted((lane.index, [v.name for v in lane.visits]) for lane in both.lanes) == [
        (0, ["Left"]),
        (1, ["Right", "Right2"]),
    ]
    assert ex.trace.states()["Left"].visits[0].duration_ms == 5000
    assert ex.path == ["Both"]


def test_failed_branch_aborts_its_sibling() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    {
                        "StartAt": "Slow",
                        "States": {"Slow": {"Type": "Wait", "Seconds": 60, "End": True}},
                    },
                    {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}},
                ],
            }
        },
    }
    ex = sfnsim.run(definition, {})
    assert ex.status == "FAILED"
    states = ex.trace.states()
    assert states["Boom"].status == FAILED
    assert states["Slow"].status == ABORTED
    assert states["Both"].status == FAILED
    assert ex.trace.failing_visit().name == "Boom"


def test_definition_states_that_did_not_run() -> None:
    ex = sfnsim.run(CHARGE, {}, tasks={"charge": flaky(0)})
    assert ex.state("Refund").status == NOT_RUN
    assert "not run" in repr(ex.state("Refund"))


def _aws_cases(shared: Path):
    with (shared / "conformance" / "cases.jsonl").open() as fh:
        for line in fh:
            case = json.loads(line)
            if case.get("expected_history"):
                yield case


def _as_boto3(events):
    """The recorded histories hold payloads parsed; the API gives JSON text."""
    out = []
    for original in events:
        event = dict(original)
        for key, value in list(event.items()):
            if key.endswith("EventDetails") and isinstance(value, dict):
                event[key] = {
                    k: (
                        json.dumps(v)
                        if k in ("input", "output", "parameters") and not isinstance(v, str)
                        else v
                    )
                    for k, v in value.items()
                }
        out.append(event)
    return out


def test_every_history_recorded_on_aws_reads_back(shared_dir: Path) -> None:
    count = 0
    for case in _aws_cases(shared_dir):
        events = _as_boto3(case["expected_history"])
        trace = Trace(events, case.get("definition"))
        entered = [e for e in events if e["type"].endswith("StateEntered")]
        assert len(trace.visits) == len(entered), case["id"]
        count += 1
        if not all(isinstance(e.get("id"), int) for e in events):
            continue  # ids masked in the recording (concurrent branches): no links to follow
        expected = case.get("expected", {}).get("status")
        if expected in ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"):
            assert trace.status == expected, case["id"]
        if expected == "SUCCEEDED":
            assert all(
                v.status not in (FAILED,) or v.lane is not trace.root for v in trace.visits
            ), case["id"]
        if expected == "FAILED" and entered:
            assert trace.failing_visit() is not None, case["id"]
    assert count > 300


def test_timestamps_as_epoch_numbers() -> None:
    events = [
        {
            "id": 1,
            "previousEventId": 0,
            "type": "ExecutionStarted",
            "timestamp": START,
            "executionStartedEventDetails": {"input": "{}"},
        },
        {
            "id": 2,
            "previousEventId": 0,
            "type": "WaitStateEntered",
            "timestamp": START,
            "stateEnteredEventDetails": {"name": "W", "input": "{}"},
        },
        {
            "id": 3,
            "previousEventId": 2,
            "type": "WaitStateExited",
            "timestamp": START + timedelta(seconds=3),
            "stateExitedEventDetails": {"name": "W", "output": "{}"},
        },
    ]
    trace = Trace(events)
    assert trace.status == "RUNNING"
    assert trace.visits[0].duration_ms == 3000 and trace.visits[0].status == SUCCEEDED


def test_parallel_branches_that_finished_count_as_succeeded_when_a_later_state_fails() -> None:
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}},
                ],
                "Next": "Boom",
            },
            "Boom": {"Type": "Fail", "Error": "Late"},
        },
    }
    ex = sfnsim.run(definition, {}, start_time=START)
    assert ex.status == "FAILED"
    both = ex.trace.states()["Both"].visits[0]
    assert [lane.status for lane in both.lanes] == [SUCCEEDED, SUCCEEDED]


# -- failures inside Parallel and Map, read back (issue 13, items 13 and 14) ---------------------

SLOW_BRANCH = {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 60, "End": True}}}


def _parallel(*branches: dict, **extra: object) -> dict:
    return {
        "QueryLanguage": "JSONata",
        "StartAt": "Both",
        "States": {"Both": {"Type": "Parallel", "Branches": list(branches), "End": True, **extra}},
    }


def test_evaluation_failed_in_a_branch_is_that_branch_failing_not_a_new_branch() -> None:
    # AWS points EvaluationFailed where the failing state's Entered event points: for a
    # branch's first state, at ParallelStateStarted, as a new branch's first event does.
    assign = {
        "StartAt": "Remember",
        "States": {
            "Remember": {
                "Type": "Pass",
                "Assign": {"x": "{% $states.input.missing.deeper %}"},
                "End": True,
            }
        },
    }
    # Failing second, the sibling has started; failing first, it never starts.
    for branches, started in (((SLOW_BRANCH, assign), [0, 1]), ((assign, SLOW_BRANCH), [0])):
        ex = sfnsim.run(_parallel(*branches), {}, start_time=START)
        assert ex.status == "FAILED"
        both = ex.trace.states()["Both"].visits[0]
        assert sorted(lane.index for lane in both.lanes) == started
        assert all(lane.visits for lane in both.lanes)
        remember = ex.state("Remember")
        assert (remember.status, remember.error) == (FAILED, "States.QueryEvaluationError")
        assert ex.state("Slow").status == (ABORTED if len(started) == 2 else NOT_RUN)
        assert ex.state("Both").error == "States.QueryEvaluationError"
        assert ex.trace.failing_visit().name == "Remember"


def test_a_choice_that_matched_nothing_in_a_branch_failed_there() -> None:
    # No event of its own says so: ParallelStateFailed points at its Entered event.
    choose = {
        "StartAt": "Pick",
        "States": {
            "Pick": {"Type": "Choice", "Choices": [{"Condition": "{% false %}", "Next": "X"}]},
            "X": {"Type": "Pass", "End": True},
        },
    }
    ex = sfnsim.run(_parallel(SLOW_BRANCH, choose), {}, start_time=START)
    assert ex.error == "States.NoChoiceMatched"
    assert (ex.state("Pick").status, ex.state("Pick").error) == (FAILED, "States.NoChoiceMatched")
    assert ex.state("Slow").status == ABORTED
    assert ex.trace.failing_visit().name == "Pick"


def test_a_retried_parallel_starts_its_branches_again() -> None:
    # The retry's ParallelStateStarted points at the failure inside a branch; its branches
    # are the Parallel's, not nested in the branch that failed.
    boom = {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}
    retry = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]
    ex = sfnsim.run(_parallel(SLOW_BRANCH, boom, Retry=retry), {}, start_time=START)
    both = ex.trace.states()["Both"].visits[0]
    assert sorted((lane.attempt, lane.index) for lane in both.lanes) == [
        (1, 0),
        (1, 1),
        (2, 0),
        (2, 1),
    ]
    assert all(len(lane.visits) == 1 for lane in both.lanes)
    assert ex.state("Both").error == "Boom"


def throttled_then_broken(event: str) -> str:
    if event == "a":
        raise sfnsim.TaskFailed("Throttled", "slow down")
    if event == "b":
        raise sfnsim.TaskFailed("Broken", "bad item")
    return event


FAN_OUT = {
    "StartAt": "M",
    "States": {
        "M": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "StartAt": "Work",
                "States": {
                    "Work": {
                        "Type": "Task",
                        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                        "Retry": [
                            {"ErrorEquals": ["Throttled"], "IntervalSeconds": 1, "MaxAttempts": 3}
                        ],
                        "End": True,
                    }
                },
            },
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
            "End": True,
        },
        "Caught": {"Type": "Pass", "End": True},
    },
}


def test_a_failed_map_names_the_error_of_the_iteration_that_failed_it() -> None:
    ex = sfnsim.run(
        FAN_OUT, {"items": ["a", "b", "c"]}, tasks={"work": throttled_then_broken}, start_time=START
    )
    assert ex.output == {"Error": "Broken", "Cause": "bad item"}  # what the Catch received
    assert (ex.state("M").status, ex.state("M").error) == (CAUGHT, "Broken")
    runs = {v.input: v for v in ex.state("Work").visits}
    # "a" failed an attempt it would have retried: the Map's failure stopped it first.
    assert runs["a"].status == ABORTED and runs["a"].error is None
    assert runs["a"].attempts[-1].error == "Throttled"
    assert (runs["b"].status, runs["b"].error) == (FAILED, "Broken")
    assert ex.trace.failing_visit() is runs["b"]


def test_a_state_waiting_for_a_retry_when_the_execution_timed_out_did_not_fail() -> None:
    definition = {
        "TimeoutSeconds": 5,
        "StartAt": "Work",
        "States": {"Work": {**FAN_OUT["States"]["M"]["ItemProcessor"]["States"]["Work"]}},
    }
    definition["States"]["Work"]["Retry"] = [
        {"ErrorEquals": ["Throttled"], "IntervalSeconds": 60, "MaxAttempts": 3}
    ]
    ex = sfnsim.run(definition, "a", tasks={"work": throttled_then_broken}, start_time=START)
    assert ex.status == "TIMED_OUT"
    assert ex.state("Work").status == TIMED_OUT
    assert ex.state("Work").error is None


def test_recorded_failures_name_the_execution_error_at_the_top(shared_dir: Path) -> None:
    """On AWS's recordings: the failed top-level state of a failed execution carries the
    execution's error (a Parallel or Map the error of the run that failed it)."""
    checked = 0
    for case in _aws_cases(shared_dir):
        events = _as_boto3(case["expected_history"])
        if not all(isinstance(e.get("id"), int) for e in events):
            continue
        trace = Trace(events, case.get("definition"))
        failed = [v for v in trace.root.visits if v.status in (FAILED, TIMED_OUT)]
        if trace.status != "FAILED" or not failed:
            continue
        assert failed[-1].error == trace.error, case["id"]
        checked += 1
    assert checked > 50
