"""sfnsim.run(): the public entry point of the engine."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sfnsim

ROOT = Path(__file__).resolve().parent.parent

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def test_hello_example_runs() -> None:
    ex = sfnsim.run((ROOT / "examples" / "hello.asl.json").read_text(), {"name": "x"})
    assert ex.status == "SUCCEEDED"
    assert ex.output == {"name": "x", "greeting": "Hello, x!"}


def test_definition_as_dict_or_text_and_default_input() -> None:
    assert sfnsim.run(PASS).output == {}
    assert sfnsim.run(json.dumps(PASS), [1, 2]).output == [1, 2]
    assert sfnsim.run(PASS, input_json='{"a": 1}').output == {"a": 1}


def test_history_has_boto3_shape() -> None:
    start = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    ex = sfnsim.run(PASS, {"k": "v"}, name="run-1", start_time=start)
    events = ex.history
    assert [e["type"] for e in events] == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    first = events[0]
    assert first["id"] == 1 and first["previousEventId"] == 0
    assert first["timestamp"] == start
    assert first["executionStartedEventDetails"]["input"] == '{"k": "v"}'
    assert first["executionStartedEventDetails"]["inputDetails"] == {"truncated": False}
    assert events[1]["stateEnteredEventDetails"]["name"] == "P"
    assert ex.execution_arn.endswith(":execution:StateMachine:run-1")


def test_wait_runs_on_the_virtual_clock() -> None:
    definition = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": True}}}
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    ex = sfnsim.run(definition, start_time=start)
    assert ex.status == "SUCCEEDED"
    assert ex.history[-1]["timestamp"] - ex.history[0]["timestamp"] == timedelta(days=1)
    assert ex.stop_date == start + timedelta(days=1)


def test_task_handlers_by_arn_and_function_name() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double",
                "Next": "B",
            },
            "B": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "double", "Payload.$": "$"},
                "OutputPath": "$.Payload",
                "Next": "C",
            },
            "C": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sns:publish",
                "Parameters": {
                    "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
                    "Message.$": "$",
                },
                "End": True,
            },
        },
    }
    ex = sfnsim.run(
        definition,
        3,
        tasks={
            "double": lambda n: n * 2,
            "arn:aws:states:::sns:publish": lambda p: {"MessageId": "m", "got": p["Message"]},
        },
    )
    assert ex.status == "SUCCEEDED", ex.cause
    assert ex.output == {"MessageId": "m", "got": 12}


class Throttled(Exception):
    pass


def test_handler_exceptions_are_retried_and_caught() -> None:
    calls = []

    def flaky(event: object) -> object:
        calls.append(event)
        raise Throttled("slow down")

    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                "Retry": [{"ErrorEquals": ["Throttled"], "MaxAttempts": 2, "IntervalSeconds": 1}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                "End": True,
            },
            "Handled": {"Type": "Pass", "End": True},
        },
    }
    ex = sfnsim.run(definition, {"n": 1}, tasks={"flaky": flaky})
    assert ex.status == "SUCCEEDED"
    assert len(calls) == 3
    assert ex.output["Error"] == "Throttled"
    cause = json.loads(ex.output["Cause"])
    assert cause["errorMessage"] == "slow down" and cause["errorType"] == "Throttled"


def test_task_failed_sets_error_and_cause_exactly() -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": "q", "MessageBody": "m"},
                "End": True,
            }
        },
    }

    def fail(_: object) -> object:
        raise sfnsim.TaskFailed("SQS.QueueDoesNotExist", "no queue")

    ex = sfnsim.run(definition, tasks={"arn:aws:states:::sqs:sendMessage": fail})
    assert (ex.status, ex.error, ex.cause) == ("FAILED", "SQS.QueueDoesNotExist", "no queue")


def test_unmocked_task_fails_loudly() -> None:
    definition = {
        "StartAt": "Ship",
        "States": {
            "Ship": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sns:publish",
                "Parameters": {"TopicArn": "t", "Message": "m"},
                "End": True,
            }
        },
    }
    ex = sfnsim.run(definition)
    assert ex.status == "FAILED"
    assert ex.error == "sfnsim.TaskNotMocked"
    assert "Ship" in (ex.cause or "") and "arn:aws:states:::sns:publish" in (ex.cause or "")


@pytest.mark.parametrize(
    "definition",
    ["{", "[]", '"text"', "", json.dumps({"StartAt": "X", "States": {}}), 42],
)
def test_bad_definitions_raise_invalid_definition(definition: object) -> None:
    with pytest.raises(sfnsim.InvalidDefinition) as info:
        sfnsim.run(definition)  # type: ignore[arg-type]
    assert info.value.diagnostics


def test_invalid_definition_lists_every_problem() -> None:
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "End": True, "Bogus": 1}, "B": {"Type": "Pass"}},
    }
    with pytest.raises(sfnsim.InvalidDefinition) as info:
        sfnsim.run(definition)
    assert len(info.value.diagnostics) >= 2
    assert all("code" in d and "message" in d for d in info.value.diagnostics)


def test_deeply_nested_definition_is_refused_cleanly() -> None:
    text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": ' + "[" * 10000
    text += "]" * 10000 + ', "End": true}}}'
    with pytest.raises(sfnsim.InvalidDefinition):
        sfnsim.run(text)


def test_bad_inputs_raise_invalid_execution_input() -> None:
    with pytest.raises(sfnsim.InvalidExecutionInput):
        sfnsim.run(PASS, {"big": "x" * (256 * 1024)})
    with pytest.raises(sfnsim.InvalidExecutionInput):
        sfnsim.run(PASS, input_json="{not json")
    with pytest.raises(sfnsim.InvalidExecutionInput):
        sfnsim.run(PASS, {"f": float("nan")})
    with pytest.raises(sfnsim.InvalidExecutionInput):
        sfnsim.run(PASS, {"s": {1, 2}})
    nested: object = 1
    for _ in range(10000):
        nested = [nested]
    with pytest.raises(sfnsim.InvalidExecutionInput):
        sfnsim.run(PASS, nested)


def test_runs_are_reproducible_with_a_seed() -> None:
    definition = {
        "StartAt": "U",
        "States": {"U": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": True}},
    }
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    a = sfnsim.run(definition, seed=7, name="n", start_time=start)
    b = sfnsim.run(definition, seed=7, name="n", start_time=start)
    assert a.output == b.output
    assert a.history == b.history
