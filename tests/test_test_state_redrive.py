"""TestState and RedriveExecution through sfnsim.client() and through real boto3 routed to it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"
TASK = {
    "Type": "Task",
    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:add",
    "ResultPath": "$.sum",
    "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 3}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}],
    "Next": "Done",
}


@contextmanager
def clients(**kwargs: Any) -> Iterator[list[Any]]:
    """The in-process client, and a real boto3 client routed to an engine of its own."""
    boto3 = pytest.importorskip("boto3")
    with sfnsim.mock_aws(**kwargs):
        routed = boto3.client(
            "stepfunctions",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        yield [sfnsim.client(**kwargs), routed]


def test_test_state_mocked_task_at_debug() -> None:
    with clients() as both:
        for sfn in both:
            r = sfn.test_state(
                definition=json.dumps(TASK),
                input='{"a": 2, "b": 3}',
                inspectionLevel="DEBUG",
                mock={"result": "5"},
            )
            assert r["status"] == "SUCCEEDED"
            assert r["nextState"] == "Done"
            assert json.loads(r["output"]) == {"a": 2, "b": 3, "sum": 5}
            data = r["inspectionData"]
            assert json.loads(data["input"]) == {"a": 2, "b": 3}
            assert json.loads(data["result"]) == 5
            assert json.loads(data["afterResultPath"]) == {"a": 2, "b": 3, "sum": 5}


def test_test_state_error_statuses() -> None:
    with clients() as both:
        for sfn in both:
            retry = sfn.test_state(
                definition=json.dumps(TASK),
                inspectionLevel="TRACE",
                mock={"errorOutput": {"error": "Throttled", "cause": "slow down"}},
            )
            assert retry["status"] == "RETRIABLE"
            assert retry["inspectionData"]["errorDetails"] == {
                "retryBackoffIntervalSeconds": 3,
                "retryIndex": 0,
            }
            caught = sfn.test_state(
                definition=json.dumps(TASK),
                inspectionLevel="INFO",
                mock={"errorOutput": {"error": "Other", "cause": "c"}},
            )
            assert caught["status"] == "CAUGHT_ERROR"
            assert caught["nextState"] == "Handle"
            assert "inspectionData" not in caught
            failed = sfn.test_state(definition='{"Type": "Fail", "Error": "E", "Cause": "C"}')
            assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "E", "C")


def test_test_state_uses_the_clients_tasks_without_a_mock() -> None:
    sfn = sfnsim.client(tasks={"add": lambda event: event["a"] + event["b"]})
    r = sfn.test_state(definition=json.dumps(TASK), roleArn=ROLE, input='{"a": 1, "b": 2}')
    assert json.loads(r["output"])["sum"] == 3


def test_test_state_request_errors() -> None:
    with clients() as both:
        for sfn in both:
            with pytest.raises(sfn.exceptions.ValidationException) as info:
                sfn.test_state(definition=json.dumps(TASK))
            assert "RoleArn must be specified" in str(info.value)
            with pytest.raises(sfn.exceptions.InvalidDefinition):
                sfn.test_state(
                    definition=json.dumps({"Type": "Parallel", "Branches": [], "End": True})
                )
            machine = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
            with pytest.raises(sfn.exceptions.ValidationException):
                sfn.test_state(definition=json.dumps(machine), stateName="B")
            assert sfn.test_state(definition=json.dumps(machine), stateName="A")["status"] == (
                "SUCCEEDED"
            )


FLAKY = json.dumps(
    {
        "StartAt": "Prepare",
        "States": {
            "Prepare": {"Type": "Pass", "Result": 1, "ResultPath": "$.prepared", "Next": "Add"},
            "Add": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:add",
                "End": True,
            },
        },
    }
)


def test_redrive_reruns_the_failed_state() -> None:
    calls: list[object] = []

    def add(event: Any) -> Any:
        calls.append(event)
        if len(calls) == 1:
            raise TimeoutError("first try")
        return event["a"] + event["prepared"]

    sfn = sfnsim.client(tasks={"add": add})
    arn = sfn.create_state_machine(name="m", definition=FLAKY, roleArn=ROLE)["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn, input='{"a": 41}')["executionArn"]
    d = sfn.describe_execution(executionArn=ex)
    assert (d["status"], d["redriveStatus"], d["redriveCount"]) == ("FAILED", "REDRIVABLE", 0)

    when = sfn.redrive_execution(executionArn=ex)["redriveDate"]
    d = sfn.describe_execution(executionArn=ex)
    assert d["status"] == "SUCCEEDED" and d["output"] == "42"
    assert d["redriveCount"] == 1 and d["redriveDate"] == when
    assert d["redriveStatus"] == "NOT_REDRIVABLE"
    assert len(calls) == 2

    types = [e["type"] for e in sfn.get_execution_history(executionArn=ex)["events"]]
    failed = types.index("ExecutionFailed")
    assert types[failed + 1 : failed + 3] == ["ExecutionRedriven", "TaskStateEntered"]
    assert types.count("PassStateEntered") == 1

    listed = sfn.list_executions(stateMachineArn=arn, redriveFilter="REDRIVEN")["executions"]
    assert [e["redriveCount"] for e in listed] == [1]
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable) as info:
        sfn.redrive_execution(executionArn=ex)
    assert info.value.response["Error"]["Message"] == (
        "Execution is SUCCEEDED and cannot be redriven"
    )


def test_redrive_through_routed_boto3() -> None:
    with clients() as (_, routed):
        failing = json.dumps({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}})
        arn = routed.create_state_machine(name="f", definition=failing, roleArn=ROLE)[
            "stateMachineArn"
        ]
        ex = routed.start_execution(stateMachineArn=arn)["executionArn"]
        routed.redrive_execution(executionArn=ex)
        d = routed.describe_execution(executionArn=ex)
        assert (d["status"], d["redriveCount"]) == ("FAILED", 1)
        assert d["redriveDate"].tzinfo is not None
