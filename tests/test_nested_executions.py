"""Nested executions: a Task ``states:startExecution[.sync|.sync:2]`` starts a real execution of
another state machine of the same client (``services=["states"]``), with the shapes AWS records."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import sfnsim
from callback_support import CALLBACK
from sfnsim import Mocks

ROLE = "arn:aws:iam::123456789012:role/r"
PREFIX = "arn:aws:states:us-east-1:123456789012"

WAIT_HOUR = {
    "StartAt": "W",
    "States": {
        "W": {"Type": "Wait", "Seconds": 3600, "Next": "P"},
        "P": {"Type": "Pass", "Result": {"done": True}, "End": True},
    },
}
FAILS = {
    "StartAt": "F",
    "States": {"F": {"Type": "Fail", "Error": "SomeFailure", "Cause": "boom"}},
}


def start_task(suffix: str, **extra: Any) -> dict[str, Any]:
    return {
        "StartAt": "Start",
        "States": {
            "Start": {
                "Type": "Task",
                "Resource": f"arn:aws:states:::states:startExecution{suffix}",
                "Parameters": {
                    "StateMachineArn.$": "$.Arn",
                    "Input.$": "$.Input",
                    "Name.$": "$.Name",
                },
                "End": True,
                **extra,
            }
        },
    }


def make(sfn: Any, name: str, definition: dict[str, Any]) -> str:
    arn: str = sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]
    return arn


def run(sfn: Any, machine: str, input: Any, name: str = "parent") -> dict[str, Any]:
    arn = sfn.start_execution(stateMachineArn=machine, name=name, input=json.dumps(input))[
        "executionArn"
    ]
    described: dict[str, Any] = sfn.describe_execution(executionArn=arn)
    return described


def events(sfn: Any, arn: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = sfn.get_execution_history(executionArn=arn)["events"]
    return found


def event(sfn: Any, arn: str, type_: str) -> dict[str, Any]:
    return next(e for e in events(sfn, arn) if e["type"] == type_)


@pytest.fixture
def sfn() -> Any:
    return sfnsim.client(services=["states"])


def test_request_response_returns_the_start_response(sfn: Any) -> None:
    child = make(sfn, "child", WAIT_HOUR)
    parent = make(sfn, "parent", start_task(""))
    d = run(sfn, parent, {"Arn": child, "Input": {"Hello": "World"}, "Name": "kid"})
    assert d["status"] == "SUCCEEDED"
    out = json.loads(d["output"])
    assert list(out) == ["ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"]
    assert out["ExecutionArn"] == f"{PREFIX}:execution:child:kid"
    assert out["SdkHttpMetadata"]["HttpStatusCode"] == 200
    headers = out["SdkHttpMetadata"]["HttpHeaders"]
    assert headers["x-amzn-RequestId"] == out["SdkResponseMetadata"]["RequestId"]
    # The child is an ordinary execution (its hour passed on the virtual clock); the parent's
    # task did not wait for it.
    c = sfn.describe_execution(executionArn=out["ExecutionArn"])
    assert c["status"] == "SUCCEEDED"
    history = events(sfn, d["executionArn"])
    task_times = [e["timestamp"] for e in history if e["type"] in ("TaskStarted", "TaskSucceeded")]
    assert task_times[0] == task_times[1]
    assert c["input"] == '{"Hello":"World"}'
    assert round(c["startDate"].timestamp() * 1000) == out["StartDate"]
    listed = sfn.list_executions(stateMachineArn=child)["executions"]
    assert [e["name"] for e in listed] == ["kid"]


def test_sync_waits_for_the_child(sfn: Any) -> None:
    child = make(sfn, "child", WAIT_HOUR)
    parent = make(sfn, "parent", start_task(".sync"))
    d = run(sfn, parent, {"Arn": child, "Input": None, "Name": "kid"})
    assert d["status"] == "SUCCEEDED"
    out = json.loads(d["output"])
    assert list(out) == [
        "ExecutionArn",
        "Input",
        "InputDetails",
        "Name",
        "Output",
        "OutputDetails",
        "RedriveCount",
        "RedriveStatus",
        "RedriveStatusReason",
        "StartDate",
        "StateMachineArn",
        "Status",
        "StopDate",
    ]
    assert out["Input"] == "{}"
    assert out["Output"] == '{"done":true}'
    assert out["Status"] == "SUCCEEDED"
    assert out["StopDate"] - out["StartDate"] == 3_600_000
    # History: TaskSubmitted carries the start response; the task ends when the child stops.
    parent_arn = d["executionArn"]
    types = [e["type"] for e in events(sfn, parent_arn)]
    assert types[3:6] == ["TaskStarted", "TaskSubmitted", "TaskSucceeded"]
    submitted = event(sfn, parent_arn, "TaskSubmitted")["taskSubmittedEventDetails"]
    assert submitted["resource"] == "startExecution.sync"
    assert json.loads(submitted["output"])["ExecutionArn"] == out["ExecutionArn"]
    child_d = sfn.describe_execution(executionArn=out["ExecutionArn"])
    assert child_d["startDate"] == event(sfn, parent_arn, "TaskStarted")["timestamp"]
    assert child_d["stopDate"] == event(sfn, parent_arn, "TaskSucceeded")["timestamp"]
    child_types = [e["type"] for e in events(sfn, out["ExecutionArn"])]
    assert child_types[0] == "ExecutionStarted" and child_types[-1] == "ExecutionSucceeded"


def test_sync2_gives_json_values(sfn: Any) -> None:
    child = make(sfn, "child", WAIT_HOUR)
    parent = make(sfn, "parent", start_task(".sync:2"))
    d = run(sfn, parent, {"Arn": child, "Input": {"a": 1}, "Name": "kid"})
    out = json.loads(d["output"])
    assert out["Input"] == {"a": 1}
    assert out["Output"] == {"done": True}


def test_child_failure_is_caught_by_the_parent(sfn: Any) -> None:
    child = make(sfn, "child", FAILS)
    definition = start_task(".sync")
    definition["States"]["Start"]["Catch"] = [
        {"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err", "Next": "Caught"}
    ]
    definition["States"]["Start"].pop("End")
    definition["States"]["Start"]["Next"] = "Caught"
    definition["States"]["Caught"] = {"Type": "Pass", "End": True}
    parent = make(sfn, "parent", definition)
    d = run(sfn, parent, {"Arn": child, "Input": None, "Name": "kid"})
    assert d["status"] == "SUCCEEDED"
    err = json.loads(d["output"])["err"]
    assert err["Error"] == "States.TaskFailed"
    cause = json.loads(err["Cause"])
    assert list(cause) == [
        "Cause",
        "Error",
        "ExecutionArn",
        "Input",
        "InputDetails",
        "Name",
        "StartDate",
        "StateMachineArn",
        "Status",
        "StopDate",
    ]
    assert (cause["Error"], cause["Cause"], cause["Status"]) == ("SomeFailure", "boom", "FAILED")


def test_child_timeout_fails_the_parent(sfn: Any) -> None:
    child = make(
        sfn,
        "child",
        {
            "TimeoutSeconds": 5,
            "StartAt": "W",
            "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}},
        },
    )
    parent = make(sfn, "parent", start_task(".sync"))
    d = run(sfn, parent, {"Arn": child, "Input": {"Payload": None}, "Name": "kid"})
    assert d["status"] == "FAILED"
    assert d["error"] == "States.TaskFailed"
    cause = json.loads(d["cause"])
    assert (cause["Status"], cause["Error"]) == ("TIMED_OUT", "States.Timeout")
    assert cause["Input"] == '{"Payload":null}'


def test_missing_state_machine(sfn: Any) -> None:
    parent = make(sfn, "parent", start_task(""))
    missing = f"{PREFIX}:stateMachine:nope"
    d = run(sfn, parent, {"Arn": missing, "Input": None, "Name": "kid"})
    assert d["status"] == "FAILED"
    assert d["error"] == "StepFunctions.StateMachineDoesNotExistException"
    assert d["cause"].startswith(
        f"State Machine Does Not Exist: '{missing}' (Service: AWSStepFunctions; Status Code: 400; "
        "Error Code: StateMachineDoesNotExist; Request ID: "
    )
    assert d["cause"].endswith("; Proxy: null)")


def test_execution_already_exists(sfn: Any) -> None:
    child = make(sfn, "child", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    sfn.start_execution(stateMachineArn=child, name="taken")
    parent = make(sfn, "parent", start_task(".sync"))
    d = run(sfn, parent, {"Arn": child, "Input": {"x": 1}, "Name": "taken"})
    assert d["error"] == "StepFunctions.ExecutionAlreadyExistsException"


def test_stopping_the_parent_stops_a_sync_child(sfn: Any) -> None:
    child = make(sfn, "child", CALLBACK)
    parent = make(sfn, "parent", start_task(".sync"))
    arn = sfn.start_execution(
        stateMachineArn=parent, input=json.dumps({"Arn": child, "Input": None, "Name": "kid"})
    )["executionArn"]
    child_arn = f"{PREFIX}:execution:child:kid"
    assert sfn.describe_execution(executionArn=child_arn)["status"] == "RUNNING"
    sfn.stop_execution(executionArn=arn)
    assert sfn.describe_execution(executionArn=arn)["status"] == "ABORTED"
    assert sfn.describe_execution(executionArn=child_arn)["status"] == "ABORTED"


def test_a_callback_child_completes_the_parent(sfn: Any) -> None:
    child = make(sfn, "child", CALLBACK)
    parent = make(sfn, "parent", start_task(".sync:2"))
    arn = sfn.start_execution(
        stateMachineArn=parent, input=json.dumps({"Arn": child, "Input": None, "Name": "kid"})
    )["executionArn"]
    child_arn = f"{PREFIX}:execution:child:kid"
    scheduled = event(sfn, child_arn, "TaskScheduled")["taskScheduledEventDetails"]
    token = json.loads(scheduled["parameters"])["MessageBody"]
    sfn.send_task_success(taskToken=token, output=json.dumps({"approved": True}))
    d = sfn.describe_execution(executionArn=arn)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"])["Output"] == {"approved": True}


def test_two_levels_deep_with_mocked_tasks() -> None:
    mocks = Mocks()

    @mocks.lambda_("leaf-fn")
    def leaf_fn(event: Any, context: Any) -> Any:
        return {"leaf": event["from"]}

    sfn = sfnsim.client(mocks=mocks, services=["states"])
    leaf = make(
        sfn,
        "leaf",
        {
            "StartAt": "L",
            "States": {
                "L": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "leaf-fn", "Payload.$": "$"},
                    "OutputPath": "$.Payload",
                    "End": True,
                }
            },
        },
    )
    middle = make(
        sfn,
        "middle",
        {
            "StartAt": "S",
            "States": {
                "S": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"StateMachineArn": leaf, "Input": {"from": "middle"}},
                    "OutputPath": "$.Output",
                    "End": True,
                }
            },
        },
    )
    top = make(sfn, "top", start_task(".sync:2"))
    d = run(sfn, top, {"Arn": middle, "Input": {}, "Name": "m1"})
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"])["Output"] == {"leaf": "middle"}
    assert [e["status"] for e in sfn.list_executions(stateMachineArn=leaf)["executions"]] == [
        "SUCCEEDED"
    ]


def test_without_the_states_service_the_task_is_not_mocked() -> None:
    sfn = sfnsim.client()
    parent = make(sfn, "parent", start_task(".sync"))
    d = run(sfn, parent, {"Arn": f"{PREFIX}:stateMachine:x", "Input": None, "Name": "kid"})
    assert d["status"] == "FAILED"
    assert "startExecution" in (d.get("cause") or "")


def test_run_has_no_registry_for_nested_executions() -> None:
    ex = sfnsim.run(
        start_task(".sync"),
        {"Arn": f"{PREFIX}:stateMachine:x", "Input": None, "Name": "kid"},
        services=["states"],
    )
    assert ex.status == "FAILED"
    assert ex.error == "States.TaskFailed"
    assert ex.cause is not None and "sfnsim.client" in ex.cause


def test_wait_for_task_token_starts_the_child_and_waits_for_the_token(sfn: Any) -> None:
    child = make(sfn, "child", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    parent = make(
        sfn,
        "parent",
        {
            "StartAt": "Start",
            "States": {
                "Start": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                    "Parameters": {
                        "StateMachineArn": child,
                        "Name": "kid",
                        "Input": {"token.$": "$$.Task.Token"},
                    },
                    "End": True,
                }
            },
        },
    )
    arn = sfn.start_execution(stateMachineArn=parent)["executionArn"]
    assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    child_d = sfn.describe_execution(executionArn=f"{PREFIX}:execution:child:kid")
    assert child_d["status"] == "SUCCEEDED"
    token = json.loads(child_d["output"])["token"]
    submitted = event(sfn, arn, "TaskSubmitted")["taskSubmittedEventDetails"]
    assert json.loads(submitted["output"])["ExecutionArn"] == child_d["executionArn"]
    sfn.send_task_success(taskToken=token, output='{"ok":1}')
    d = sfn.describe_execution(executionArn=arn)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"]) == {"ok": 1}


def test_started_by_execution_id_is_passed_through_as_data(sfn: Any) -> None:
    # AWS uses it only to link executions in the console: the API shows no parent.
    child = make(sfn, "child", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    parent = make(
        sfn,
        "parent",
        {
            "StartAt": "Start",
            "States": {
                "Start": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {
                        "StateMachineArn": child,
                        "Input": {
                            "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"
                        },
                    },
                    "End": True,
                }
            },
        },
    )
    d = run(sfn, parent, {})
    out = json.loads(d["output"])
    assert out["Output"] == {"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": d["executionArn"]}


def test_a_child_may_send_the_token_back_while_it_runs() -> None:
    mocks = Mocks()
    sfn = sfnsim.client(mocks=mocks, services=["states"])

    @mocks.lambda_("notify")
    def notify(event: Any, context: Any) -> Any:
        sfn.send_task_success(taskToken=event["token"], output='{"from":"child"}')
        return {}

    child = make(
        sfn,
        "child",
        {
            "StartAt": "N",
            "States": {
                "N": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "notify", "Payload.$": "$"},
                    "End": True,
                }
            },
        },
    )
    parent = make(
        sfn,
        "parent",
        {
            "StartAt": "Start",
            "States": {
                "Start": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                    "Parameters": {"StateMachineArn": child, "Input": {"token.$": "$$.Task.Token"}},
                    "End": True,
                }
            },
        },
    )
    d = run(sfn, parent, {})
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"]) == {"from": "child"}


def test_manual_clock_completes_the_parent_when_the_child_ends() -> None:
    clock = sfnsim.ManualClock()
    sfn = sfnsim.client(clock=clock, services=["states"])
    child = make(sfn, "child", WAIT_HOUR)
    parent = make(sfn, "parent", start_task(".sync"))
    arn = sfn.start_execution(
        stateMachineArn=parent, input=json.dumps({"Arn": child, "Input": None, "Name": "kid"})
    )["executionArn"]
    assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    clock.advance(3600)
    d = sfn.describe_execution(executionArn=arn)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"])["Output"] == '{"done":true}'


def test_real_clock_completes_the_parent_from_the_driver_thread() -> None:
    sfn = sfnsim.client(clock="real", services=["states"])
    child = make(
        sfn,
        "child",
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": True}}},
    )
    parent = make(sfn, "parent", start_task(".sync:2"))
    arn = sfn.start_execution(
        stateMachineArn=parent, input=json.dumps({"Arn": child, "Input": {"a": 1}, "Name": "kid"})
    )["executionArn"]
    deadline = time.monotonic() + 20
    while sfn.describe_execution(executionArn=arn)["status"] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    d = sfn.describe_execution(executionArn=arn)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"])["Output"] == {"a": 1}
