"""The rows of docs/semantics/service-integrations.md (ids T*, C*, S*, R*, L*, E*, A*), each
walked with inputs of its own: what a Task records around its call (timeouts, heartbeats,
credentials, task tokens), the SDK metadata around responses, the shapes of Lambda's results and
errors."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from email.utils import formatdate
from typing import Any

import pytest
import sfnsim
from sfnsim import Mocks

ROLE = "arn:aws:iam::123456789012:role/sfnsim"
TRUSTED = "arn:aws:iam::210987654321:role/Trusted"
FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:work"
START = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


def task_machine(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "T", "States": {"T": {"Type": "Task", **fields, "End": True}}}


def events_of(ex: Any, *types: str) -> list[dict[str, Any]]:
    return [e for e in ex.history if e["type"] in types]


def details(event: dict[str, Any]) -> dict[str, Any]:
    [member] = [k for k in event if k.endswith("EventDetails")]
    value: dict[str, Any] = event[member]
    return value


def make(sfn: Any, name: str, definition: dict[str, Any]) -> str:
    arn: str = sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]
    return arn


def history(sfn: Any, execution_arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = sfn.get_execution_history(executionArn=execution_arn)["events"]
    return events


# -- T1-T4: what the Scheduled events show of TimeoutSeconds and HeartbeatSeconds -------------

SQS_CALLBACK = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
CALLBACK_PARAMS = {"QueueUrl": "q", "MessageBody": {"T.$": "$$.Task.Token"}}

# (row, task fields, input, the timeout/heartbeat members the Scheduled event shows)
SCHEDULED = [
    ("T1", {"Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "m"}}, {}, {}),
    (
        "T1",
        {
            "Resource": "arn:aws:states:::sns:publish",
            "TimeoutSeconds": 7,
            "Parameters": {"Message": "m"},
        },
        {},
        {"timeoutInSeconds": 7},
    ),
    (
        "T1",
        {
            "Resource": "arn:aws:states:::sns:publish",
            "TimeoutSecondsPath": "$.t",
            "Parameters": {"Message": "m"},
        },
        {"t": 42},
        {"timeoutInSeconds": 42},
    ),
    (
        "T2",
        {"Resource": SQS_CALLBACK, "HeartbeatSeconds": 3, "Parameters": CALLBACK_PARAMS},
        {},
        {"heartbeatInSeconds": 3},
    ),
    (
        "T2",
        {
            "Resource": SQS_CALLBACK,
            "TimeoutSeconds": 90,
            "HeartbeatSecondsPath": "$.hb",
            "Parameters": CALLBACK_PARAMS,
        },
        {"hb": 11},
        {"timeoutInSeconds": 90, "heartbeatInSeconds": 11},
    ),
    ("T3", {"Resource": FN_ARN}, {}, {}),
    ("T3", {"Resource": FN_ARN, "TimeoutSeconds": 9}, {}, {"timeoutInSeconds": 9}),
]


def test_t1_t2_jsonata_limits_show_their_evaluated_values() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": SQS_CALLBACK,
                "TimeoutSeconds": "{% $states.input.t * 2 %}",
                "HeartbeatSeconds": "{% $states.input.t %}",
                "Arguments": {"QueueUrl": "q", "MessageBody": "{% $states.context.Task.Token %}"},
                "End": True,
            }
        },
    }
    mocks = Mocks()
    mocks.state("T").returns({})
    ex = sfnsim.run(definition, {"t": 15}, mocks=mocks)
    [scheduled] = events_of(ex, "TaskScheduled")
    d = details(scheduled)
    assert (d["timeoutInSeconds"], d["heartbeatInSeconds"]) == (30, 15)


@pytest.mark.parametrize(
    ("row", "fields", "given", "shown"),
    SCHEDULED,
    ids=[f"{s[0]}-{i}" for i, s in enumerate(SCHEDULED)],
)
def test_t1_t3_scheduled_events_show_only_the_limits_the_state_sets(
    row: str, fields: dict[str, Any], given: dict[str, Any], shown: dict[str, int]
) -> None:
    mocks = Mocks()
    mocks.state("T").returns({"ok": True})
    ex = sfnsim.run(task_machine(**fields), given, mocks=mocks)
    [scheduled] = events_of(ex, "TaskScheduled", "LambdaFunctionScheduled")
    limits = {
        k: v
        for k, v in details(scheduled).items()
        if k in ("timeoutInSeconds", "heartbeatInSeconds")
    }
    assert limits == shown


def test_t4_activity_scheduled_shows_timeout_and_heartbeat() -> None:
    sfn = sfnsim.client()
    activity = sfn.create_activity(name="chores")["activityArn"]
    for fields, shown in (
        ({}, {}),
        (
            {"TimeoutSeconds": 60, "HeartbeatSeconds": 10},
            {"timeoutInSeconds": 60, "heartbeatInSeconds": 10},
        ),
    ):
        arn = make(sfn, f"act{len(shown)}", task_machine(Resource=activity, **fields))
        ex = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        [scheduled] = [e for e in history(sfn, ex) if e["type"] == "ActivityScheduled"]
        d = details(scheduled)
        assert {k: v for k, v in d.items() if k.endswith("InSeconds")} == shown
        sfn.stop_execution(executionArn=ex)


# -- T5, T6: timing out ------------------------------------------------------------------------

TIMEOUTS = [
    # (resource, the timed-out event, its details)
    (
        "arn:aws:states:::lambda:invoke",
        "TaskTimedOut",
        {"resourceType": "lambda", "resource": "invoke", "error": "States.Timeout"},
    ),
    (FN_ARN, "LambdaFunctionTimedOut", {"error": "States.Timeout"}),
    (
        "arn:aws:states:::ecs:runTask.sync",
        "TaskTimedOut",
        {"resourceType": "ecs", "resource": "runTask.sync", "error": "States.Timeout"},
    ),
]


@pytest.mark.parametrize(
    ("resource", "event", "shape"), TIMEOUTS, ids=[t[1] + t[0][-8:] for t in TIMEOUTS]
)
def test_t5_a_timeout_records_states_timeout_without_a_cause(
    resource: str, event: str, shape: dict[str, str]
) -> None:
    mocks = Mocks()
    mocks.state("T").returns({"late": True}, duration=30)
    ex = sfnsim.run(
        task_machine(
            Resource=resource,
            TimeoutSeconds=4,
            Parameters={"FunctionName": "work", "TaskDefinition": "td"}
            if "ecs" in resource
            else {"FunctionName": "work"},
        ),
        {},
        mocks=mocks,
        start_time=START,
    )
    assert (ex.status, ex.error, ex.cause) == ("FAILED", "States.Timeout", None)
    [timed_out] = events_of(ex, event)
    assert details(timed_out) == shape
    [failed] = events_of(ex, "ExecutionFailed")
    assert details(failed) == {"error": "States.Timeout"}
    scheduled = ex.history[2]["timestamp"]
    assert (timed_out["timestamp"] - scheduled).total_seconds() == 4


def test_t5_t7_a_caught_timeout_is_states_timeout_with_an_empty_cause() -> None:
    definition = task_machine(
        Resource="arn:aws:states:::lambda:invoke",
        TimeoutSeconds=2,
        Parameters={"FunctionName": "work"},
        Catch=[{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.err", "Next": "Caught"}],
    )
    definition["States"]["Caught"] = {"Type": "Pass", "End": True}
    mocks = Mocks()
    mocks.state("T").returns({}, duration=5)
    ex = sfnsim.run(definition, {}, mocks=mocks)
    assert ex.status == "SUCCEEDED"
    # T7: the events carry no cause, the error output an empty one.
    assert ex.output == {"err": {"Error": "States.Timeout", "Cause": ""}}
    assert "cause" not in details(events_of(ex, "TaskTimedOut")[0])


def test_t6_heartbeats_keep_a_callback_alive_until_timeout_seconds() -> None:
    clock = sfnsim.ManualClock(start=START)
    sfn = sfnsim.client(clock=clock)
    definition = task_machine(
        Resource=SQS_CALLBACK, TimeoutSeconds=20, HeartbeatSeconds=5, Parameters=CALLBACK_PARAMS
    )
    ex = sfn.start_execution(stateMachineArn=make(sfn, "hb", definition), input="{}")[
        "executionArn"
    ]
    token = json.loads(details(history(sfn, ex)[2])["parameters"])["MessageBody"]["T"]
    for _ in range(4):  # 16 s, a heartbeat every 4 s: alive
        clock.advance(seconds=4)
        sfn.send_task_heartbeat(taskToken=token)
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    assert [e["type"] for e in history(sfn, ex)][-1] == "TaskSubmitted"  # heartbeats: no events
    clock.advance(seconds=4)  # 20 s: TimeoutSeconds, whatever the heartbeats
    d = sfn.describe_execution(executionArn=ex)
    assert (d["status"], d["error"]) == ("FAILED", "States.Timeout")


def test_t6_heartbeat_without_timeout_seconds_times_out() -> None:
    clock = sfnsim.ManualClock(start=START)
    sfn = sfnsim.client(clock=clock)
    definition = task_machine(Resource=SQS_CALLBACK, HeartbeatSeconds=5, Parameters=CALLBACK_PARAMS)
    ex = sfn.start_execution(stateMachineArn=make(sfn, "hb2", definition), input="{}")[
        "executionArn"
    ]
    clock.advance(seconds=6)
    events = history(sfn, ex)
    assert [e["type"] for e in events][-2:] == ["TaskTimedOut", "ExecutionFailed"]
    assert details(events[2])["heartbeatInSeconds"] == 5
    assert "timeoutInSeconds" not in details(events[2])


@pytest.mark.parametrize("taken", [False, True], ids=["never taken", "taken by a worker"])
def test_t8_a_timed_out_activity_task_is_spent(taken: bool) -> None:
    clock = sfnsim.ManualClock(start=START)
    sfn = sfnsim.client(clock=clock)
    activity = sfn.create_activity(name="slow")["activityArn"]
    definition = task_machine(Resource=activity, TimeoutSeconds=5)
    ex = sfn.start_execution(stateMachineArn=make(sfn, "spent", definition), input="{}")
    token = (
        sfn.get_activity_task(activityArn=activity, workerName="w")["taskToken"] if taken else ""
    )
    clock.advance(seconds=6)
    d = sfn.describe_execution(executionArn=ex["executionArn"])
    assert (d["status"], d["error"]) == ("FAILED", "States.Timeout")
    if not taken:
        assert not sfn.get_activity_task(activityArn=activity, workerName="late").get("taskToken")
        return
    for call, extra in (
        (sfn.send_task_heartbeat, {}),
        (sfn.send_task_success, {"output": "{}"}),
        (sfn.send_task_failure, {}),
    ):
        with pytest.raises(sfn.exceptions.TaskTimedOut):
            call(taskToken=token, **extra)


def test_t9_heartbeat_seconds_do_not_end_a_request_response_task() -> None:
    mocks = Mocks()
    mocks.lambda_("work").returns({"slow": True}, duration=10)
    definition = task_machine(
        Resource="arn:aws:states:::lambda:invoke",
        HeartbeatSeconds=2,
        TimeoutSeconds=60,
        Parameters={"FunctionName": "work"},
    )
    ex = sfnsim.run(definition, {}, mocks=mocks)
    assert ex.status == "SUCCEEDED", ex.error
    assert ex.output["Payload"] == {"slow": True}


# -- C1-C4: Credentials -------------------------------------------------------------------------

CREDENTIALS = [
    # (row, query language, Credentials, an Assign before the task)
    ("C2 literal", "JSONPath", {"RoleArn": TRUSTED}, None),
    ("C2 path", "JSONPath", {"RoleArn.$": "$.role"}, None),
    ("C2 context", "JSONPath", {"RoleArn.$": "$$.Execution.Input.role"}, None),
    ("C2 variable", "JSONPath", {"RoleArn.$": "$r"}, {"r.$": "$.role"}),
    ("C2 intrinsic", "JSONPath", {"RoleArn.$": "States.Format('{}', $.role)"}, None),
    ("C2 jsonata", "JSONata", {"RoleArn": "{% $states.input.role %}"}, None),
]


def with_credentials(resource: str, language: str, creds: dict[str, Any], assign: Any) -> Any:
    task: dict[str, Any] = {"Type": "Task", "Resource": resource, "Credentials": creds, "End": True}
    if resource.startswith("arn:aws:states"):
        task["Parameters" if language == "JSONPath" else "Arguments"] = {"FunctionName": "work"}
    states: dict[str, Any] = {"T": task}
    start = "T"
    if assign is not None:
        states["A"] = {"Type": "Pass", "Assign": assign, "Next": "T"}
        start = "A"
    return {"QueryLanguage": language, "StartAt": start, "States": states}


@pytest.mark.parametrize(
    ("resource", "scheduled_type"),
    [("arn:aws:states:::lambda:invoke", "TaskScheduled"), (FN_ARN, "LambdaFunctionScheduled")],
)
@pytest.mark.parametrize(
    ("row", "language", "creds", "assign"), CREDENTIALS, ids=[c[0] for c in CREDENTIALS]
)
def test_c1_c2_scheduled_events_carry_the_resolved_role(
    resource: str, scheduled_type: str, row: str, language: str, creds: Any, assign: Any
) -> None:
    mocks = Mocks()
    mocks.state("T").returns({"ok": True})
    ex = sfnsim.run(
        with_credentials(resource, language, creds, assign), {"role": TRUSTED}, mocks=mocks
    )
    assert ex.status == "SUCCEEDED", ex.cause
    [scheduled] = events_of(ex, scheduled_type)
    assert details(scheduled)["taskCredentials"] == {"roleArn": TRUSTED}


def test_c1_every_retry_records_the_role_again() -> None:
    definition = with_credentials(
        "arn:aws:states:::lambda:invoke", "JSONPath", {"RoleArn.$": "$.role"}, None
    )
    definition["States"]["T"]["Retry"] = [
        {"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}
    ]
    mocks = Mocks()
    mocks.state("T").sequence(sfnsim.raises("Boom"), sfnsim.raises("Boom"), sfnsim.returns({}))
    ex = sfnsim.run(definition, {"role": TRUSTED}, mocks=mocks)
    assert ex.status == "SUCCEEDED"
    scheduled = events_of(ex, "TaskScheduled")
    assert [details(e)["taskCredentials"] for e in scheduled] == [{"roleArn": TRUSTED}] * 3


def test_c3_no_credentials_no_task_credentials() -> None:
    mocks = Mocks()
    mocks.state("T").returns({})
    for resource in ("arn:aws:states:::lambda:invoke", FN_ARN):
        ex = sfnsim.run(
            task_machine(Resource=resource, Parameters={"FunctionName": "w"}), {}, mocks=mocks
        )
        [scheduled] = events_of(ex, "TaskScheduled", "LambdaFunctionScheduled")
        assert "taskCredentials" not in details(scheduled)


def test_c4_credentials_that_cannot_be_evaluated_fail_before_scheduling() -> None:
    mocks = Mocks()
    mocks.state("T").returns({})
    ex = sfnsim.run(
        with_credentials(
            "arn:aws:states:::lambda:invoke", "JSONPath", {"RoleArn.$": "$.nope"}, None
        ),
        {},
        mocks=mocks,
    )
    assert (ex.status, ex.error) == ("FAILED", "States.Runtime")
    assert not events_of(ex, "TaskScheduled")
    assert mocks.calls("T") == []


# -- S1-S3: task tokens -------------------------------------------------------------------------

SYNC_RESOURCES = {
    "arn:aws:states:::ecs:runTask.sync": {"TaskDefinition": "td"},
    "arn:aws:states:::glue:startJobRun.sync": {"JobName": "nightly"},
    "arn:aws:states:::states:startExecution.sync:2": {
        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child"
    },
}


def scheduled_parameters(sfn: Any, execution_arn: str) -> Any:
    [scheduled] = [e for e in history(sfn, execution_arn) if e["type"] == "TaskScheduled"]
    return json.loads(details(scheduled)["parameters"])


@pytest.mark.parametrize("resource", SYNC_RESOURCES)
@pytest.mark.parametrize("answer", ["success", "failure"])
def test_s1_a_job_task_has_a_token_that_ends_it(resource: str, answer: str) -> None:
    mocks = Mocks()
    mocks.state("T").waits()
    sfn = sfnsim.client(mocks=mocks)
    params = {**SYNC_RESOURCES[resource], "Input": {"Token.$": "$$.Task.Token"}}
    definition = task_machine(Resource=resource, Parameters=params)
    ex = sfn.start_execution(stateMachineArn=make(sfn, "job", definition), input="{}")[
        "executionArn"
    ]
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    token = scheduled_parameters(sfn, ex)["Input"]["Token"]
    assert token and mocks.calls("T")[0].task_token == token
    sfn.send_task_heartbeat(taskToken=token)
    if answer == "success":
        sfn.send_task_success(taskToken=token, output='{"interrupted": true}')
        d = sfn.describe_execution(executionArn=ex)
        assert (d["status"], json.loads(d["output"])) == ("SUCCEEDED", {"interrupted": True})
    else:
        sfn.send_task_failure(taskToken=token, error="Stop", cause="by hand")
        d = sfn.describe_execution(executionArn=ex)
        assert (d["status"], d["error"], d["cause"]) == ("FAILED", "Stop", "by hand")
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_success(taskToken=token, output="{}")


def test_s1_a_nested_sync_execution_can_be_answered_through_the_parent_token() -> None:
    clock = sfnsim.ManualClock(start=START)
    sfn = sfnsim.client(clock=clock, services=["states"])
    child = make(
        sfn,
        "child",
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}},
    )
    parent = task_machine(
        Resource="arn:aws:states:::states:startExecution.sync",
        Parameters={"StateMachineArn": child, "Input": {"Token.$": "$$.Task.Token"}},
    )
    ex = sfn.start_execution(stateMachineArn=make(sfn, "parent", parent), input="{}")[
        "executionArn"
    ]
    token = scheduled_parameters(sfn, ex)["Input"]["Token"]
    sfn.send_task_success(taskToken=token, output='{"early": 1}')
    d = sfn.describe_execution(executionArn=ex)
    assert (d["status"], json.loads(d["output"])) == ("SUCCEEDED", {"early": 1})


def test_s2_a_request_response_task_has_no_token() -> None:
    mocks = Mocks()
    mocks.state("T").returns({})
    ex = sfnsim.run(
        task_machine(Resource="arn:aws:states:::sns:publish", Parameters={"Message": "m"}),
        {},
        mocks=mocks,
    )
    assert ex.status == "SUCCEEDED"
    assert mocks.calls("T")[0].task_token == ""
    assert "Task" not in mocks.calls("T")[0].context


# -- L1, E1: Lambda's results and errors -------------------------------------------------------

PAYLOADS = [
    {},
    {"a": 1, "b": [1, 2.5, None]},
    "PayloadFromTrustedAccount",
    None,
    {"é": "ü😀"},
    # Numbers as Python's json.dumps writes them (float repr switches to exponents at 1e16).
    [0, -12, 9007199254740993, -(2**63), 2**64 - 1, True, False],
    [1e15, -1.5e15, 1234567890123456.7, 1e16, 1e-05, 0.1, -0.0, 123.456, 1e300],
    {"ctl": '\x01\n\t"\\/', "nested": [[], {}, [[{"k": None}]]]},
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=[str(i) for i in range(len(PAYLOADS))])
def test_l1_invoke_response_carries_the_recorded_headers(payload: Any) -> None:
    mocks = Mocks()
    mocks.lambda_("work").returns(payload)
    ex = sfnsim.run(
        task_machine(
            Resource="arn:aws:states:::lambda:invoke", Parameters={"FunctionName": "work"}
        ),
        {},
        mocks=mocks,
        start_time=START,
    )
    assert ex.status == "SUCCEEDED", ex.cause
    out = ex.output
    assert list(out) == [
        "ExecutedVersion",
        "Payload",
        "SdkHttpMetadata",
        "SdkResponseMetadata",
        "StatusCode",
    ]
    meta = out["SdkHttpMetadata"]
    assert list(meta["AllHttpHeaders"]) == [
        "X-Amz-Executed-Version",
        "x-amzn-Remapped-Content-Length",
        "Connection",
        "x-amzn-RequestId",
        "Content-Length",
        "Date",
        "X-Amzn-Trace-Id",
        "Content-Type",
    ]
    assert list(meta["HttpHeaders"]) == [
        "Connection",
        "Content-Length",
        "Content-Type",
        "Date",
        "X-Amz-Executed-Version",
        "x-amzn-Remapped-Content-Length",
        "x-amzn-RequestId",
        "X-Amzn-Trace-Id",
    ]
    headers = meta["HttpHeaders"]
    assert {k: [v] for k, v in headers.items()} == meta["AllHttpHeaders"]
    assert headers["Content-Length"] == str(len(json.dumps(payload).encode()))
    task_started = events_of(ex, "TaskStarted")[0]["timestamp"]
    assert headers["Date"] == formatdate(task_started.timestamp(), usegmt=True)
    assert headers["x-amzn-Remapped-Content-Length"] == "0"
    assert headers["Connection"] == "keep-alive"
    assert headers["X-Amzn-Trace-Id"].startswith("Root=1-")
    assert headers["x-amzn-RequestId"] == out["SdkResponseMetadata"]["RequestId"]


# -- R1-R3: the SDK metadata around every optimised integration's response ---------------------

ACCOUNT = "123456789012"
JSON_PROTOCOL = ["x-amzn-RequestId", "connection", "Content-Length", "Date", "Content-Type"]
DYNAMODB = [
    "Server",
    "Connection",
    "x-amzn-RequestId",
    "x-amz-crc32",
    "Content-Length",
    "Date",
    "Content-Type",
]
DYNAMODB_GET = ["Server", "x-amzn-requestid", "Connection", *DYNAMODB[3:]]


def memory_services() -> Any:
    services = sfnsim.MemoryServices(["sqs", "sns", "dynamodb", "states"])
    services.sqs.create_queue("q")
    services.sns.create_topic("t")
    services.dynamodb.create_table("orders", "id")
    return services


def envelope_of_result(resource: str, parameters: dict[str, Any]) -> dict[str, Any]:
    sfn = sfnsim.client(services=memory_services())
    child = make(sfn, "child", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    parameters = {k: child if v == "CHILD" else v for k, v in parameters.items()}
    arn = make(sfn, "parent", task_machine(Resource=resource, Parameters=parameters))
    started = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = sfn.describe_execution(executionArn=started)
    assert described["status"] == "SUCCEEDED", described
    out: dict[str, Any] = json.loads(described["output"])
    return out


def envelope_submitted(resource: str, parameters: dict[str, Any]) -> dict[str, Any]:
    mocks = Mocks()
    mocks.state("T").returns({"done": True})
    ex = sfnsim.run(task_machine(Resource=resource, Parameters=parameters), {}, mocks=mocks)
    assert ex.status == "SUCCEEDED", ex.cause
    [submitted] = events_of(ex, "TaskSubmitted")
    out: dict[str, Any] = json.loads(details(submitted)["output"])
    return out


QUEUE = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/q"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:t"
ITEM = {"id": {"S": "o-1"}, "total": {"N": "12"}}
# (how the response is made, resource, parameters, body keys before the metadata, header order)
ENVELOPES = [
    (
        "result",
        "arn:aws:states:::sqs:sendMessage",
        {"QueueUrl": QUEUE, "MessageBody": "m"},
        ["MD5OfMessageBody", "MessageId"],
        JSON_PROTOCOL,
    ),
    (
        "result",
        "arn:aws:states:::sns:publish",
        {"TopicArn": TOPIC, "Message": "m"},
        ["MessageId"],
        JSON_PROTOCOL,
    ),
    (
        "result",
        "arn:aws:states:::dynamodb:putItem",
        {"TableName": "orders", "Item": ITEM},
        [],
        DYNAMODB,
    ),
    (
        "result",
        "arn:aws:states:::states:startExecution",
        {"StateMachineArn": "CHILD"},
        ["ExecutionArn"],
        JSON_PROTOCOL,
    ),
    (
        "submitted",
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        {"QueueUrl": QUEUE, "MessageBody": "m"},
        ["MD5OfMessageBody", "MessageId"],
        JSON_PROTOCOL,
    ),
    (
        "submitted",
        "arn:aws:states:::states:startExecution.sync",
        {"StateMachineArn": f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:child"},
        ["ExecutionArn"],
        JSON_PROTOCOL,
    ),
    ("submitted", "arn:aws:states:::glue:startJobRun.sync", {"JobName": "j"}, [], JSON_PROTOCOL),
]


@pytest.mark.parametrize(
    ("how", "resource", "parameters", "body", "order"),
    ENVELOPES,
    ids=[f"{e[0]}-{e[1].split(':::')[1]}" for e in ENVELOPES],
)
def test_r1_r2_r3_every_envelope_has_the_sdk_metadata_in_its_protocols_order(
    how: str, resource: str, parameters: dict[str, Any], body: list[str], order: list[str]
) -> None:
    make_envelope = envelope_of_result if how == "result" else envelope_submitted
    out = make_envelope(resource, parameters)
    tail = ["StartDate"] if body == ["ExecutionArn"] else []  # R2: after the metadata
    assert list(out) == [*body, "SdkHttpMetadata", "SdkResponseMetadata", *tail]
    meta = out["SdkHttpMetadata"]
    assert list(meta["AllHttpHeaders"]) == order  # R2, R3
    assert list(meta["HttpHeaders"]) == sorted(order, key=str.lower)  # R1
    assert {k: [v] for k, v in meta["HttpHeaders"].items()} == meta["AllHttpHeaders"]
    assert meta["HttpStatusCode"] == 200
    [request_id] = [v for k, v in meta["HttpHeaders"].items() if k.lower() == "x-amzn-requestid"]
    assert out["SdkResponseMetadata"] == {"RequestId": request_id}


def test_r3_dynamodb_get_item_names_its_request_id_in_lower_case() -> None:
    services = memory_services()
    services.dynamodb.put_item("orders", ITEM)
    ex = sfnsim.run(
        task_machine(
            Resource="arn:aws:states:::dynamodb:getItem",
            Parameters={"TableName": "orders", "Key": {"id": {"S": "o-1"}}},
        ),
        {},
        services=services,
    )
    assert ex.status == "SUCCEEDED", ex.cause
    meta = ex.output["SdkHttpMetadata"]
    assert list(meta["AllHttpHeaders"]) == DYNAMODB_GET
    assert list(meta["HttpHeaders"]) == sorted(DYNAMODB_GET, key=str.lower)
    body = json.dumps({"Item": ex.output["Item"]}, separators=(",", ":"))
    assert meta["HttpHeaders"]["Content-Length"] == str(len(body.encode()))


class PaymentDeclined(Exception):
    pass


@pytest.mark.parametrize(
    ("resource", "event", "start"),
    [
        ("arn:aws:states:::lambda:invoke", "TaskFailed", '{"errorMessage":"no funds","errorType"'),
        (FN_ARN, "LambdaFunctionFailed", '{"errorMessage": "no funds", "errorType"'),
    ],
)
def test_e1_function_errors_are_named_after_the_error_type(
    resource: str, event: str, start: str
) -> None:
    mocks = Mocks()

    @mocks.lambda_("work")
    def work(event_: Any) -> Any:
        raise PaymentDeclined("no funds")

    ex = sfnsim.run(
        task_machine(Resource=resource, Parameters={"FunctionName": "work"}), {}, mocks=mocks
    )
    [failed] = events_of(ex, event)
    d = details(failed)
    assert d["error"] == "PaymentDeclined" and d["cause"].startswith(start)
    cause = json.loads(d["cause"])
    assert list(cause) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert cause["errorType"] == "PaymentDeclined"


@pytest.mark.parametrize("where", ["task", "parallel branch"])
def test_t7_the_catch_of_a_timeout_sees_an_empty_cause_in_jsonata_too(where: str) -> None:
    task = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "work"},
        "TimeoutSeconds": 1,
        "End": True,
    }
    catch = [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "C"}]
    if where == "task":
        state = {**task, "Catch": catch}
    else:
        state = {
            "Type": "Parallel",
            "Branches": [{"StartAt": "T", "States": {"T": task}}],
            "Catch": catch,
            "End": True,
        }
    states = {"S": state, "C": {"Type": "Pass", "End": True}}
    definition = {"QueryLanguage": "JSONata", "StartAt": "S", "States": states}
    mocks = Mocks()
    mocks.lambda_("work").returns({}, duration=3)
    ex = sfnsim.run(definition, {}, mocks=mocks)
    assert (ex.status, ex.output) == ("SUCCEEDED", {"Error": "States.Timeout", "Cause": ""})


@pytest.mark.parametrize("body", [None, ""])
def test_e2_sqs_refuses_a_missing_message_body_with_the_java_sdk_error(body: Any) -> None:
    services = sfnsim.MemoryServices(["sqs"])
    url = services.sqs.create_queue("q", region="us-east-1", account="123456789012")
    definition = task_machine(
        Resource="arn:aws:states:::sqs:sendMessage",
        Parameters={"QueueUrl.$": "$.url", "MessageBody.$": "$.body"},
    )
    ex = sfnsim.run(definition, {"url": url, "body": body}, services=services)
    assert ex.error == "SQS.AmazonSQSException"
    assert ex.cause.startswith(
        "The request must contain the parameter MessageBody. (Service: AmazonSQS; "
        "Status Code: 400; Error Code: MissingParameter; Request ID: "
    )
    assert ex.cause.endswith("; Proxy: null)")


def test_e2_an_unreachable_queue_is_an_sdk_client_exception() -> None:
    definition = task_machine(
        Resource="arn:aws:states:::sqs:sendMessage",
        Parameters={"QueueUrl": "http://no-such-queue-1234", "MessageBody": "m"},
    )
    ex = sfnsim.run(definition, {}, services=sfnsim.MemoryServices(["sqs"]))
    assert (ex.error, ex.cause) == (
        "SQS.SdkClientException",
        "Unable to execute HTTP request: no-such-queue-1234: Name or service not known",
    )


# -- A1-A4: the AWS SDK integration with Step Functions itself (aws-sdk:sfn) -------------------

SDK_SFN = "arn:aws:states:::aws-sdk:sfn:"
SDK_CAUSE = r"^{} \(Service: Sfn, Status Code: 400, Request ID: [0-9a-f-]{{36}}\)$"


def waiting_on_activity(sfn: Any) -> tuple[str, str]:
    """An execution parked on an activity task, and that task's token."""
    activity = sfn.create_activity(name="work")["activityArn"]
    waiter = sfn.start_execution(
        stateMachineArn=make(sfn, "waiter", task_machine(Resource=activity)), input="{}"
    )["executionArn"]
    token: str = sfn.get_activity_task(activityArn=activity)["taskToken"]
    return waiter, token


def run_sdk_call(sfn: Any, action: str, parameters: dict[str, Any]) -> dict[str, Any]:
    machine = task_machine(Resource=SDK_SFN + action, Parameters=parameters)
    arn = sfn.start_execution(stateMachineArn=make(sfn, f"call-{action}", machine), input="{}")[
        "executionArn"
    ]
    described: dict[str, Any] = sfn.describe_execution(executionArn=arn)
    return described


# (row, action, parameters besides the token, the waiter's status, output or (error, cause))
TOKEN_CALLS = [
    ("A1", "sendTaskSuccess", {"Output": {"k": [1, "x"]}}, "SUCCEEDED", {"k": [1, "x"]}),
    ("A1", "sendTaskSuccess", {"Output": "[2, 3]"}, "SUCCEEDED", [2, 3]),
    ("A1", "sendTaskFailure", {"Error": "Mine", "Cause": "why"}, "FAILED", ("Mine", "why")),
    ("A1", "sendTaskHeartbeat", {}, "RUNNING", None),
]


@pytest.mark.parametrize(
    ("row", "action", "parameters", "status", "expected"),
    TOKEN_CALLS,
    ids=[f"{r}-{a}-{i}" for i, (r, a, *_) in enumerate(TOKEN_CALLS)],
)
def test_a1_sdk_token_calls_answer_the_waiting_task(
    row: str, action: str, parameters: dict[str, Any], status: str, expected: Any
) -> None:
    sfn = sfnsim.client(clock=sfnsim.ManualClock(start=START), services=["states"])
    waiter, token = waiting_on_activity(sfn)
    caller = run_sdk_call(sfn, action, {"TaskToken": token, **parameters})
    assert (caller["status"], json.loads(caller["output"])) == ("SUCCEEDED", {})
    d = sfn.describe_execution(executionArn=waiter)
    assert d["status"] == status
    if status == "SUCCEEDED":
        assert json.loads(d["output"]) == expected
    elif status == "FAILED":
        assert (d["error"], d["cause"]) == expected


@pytest.mark.parametrize("action", ["sendTaskSuccess", "sendTaskFailure", "sendTaskHeartbeat"])
@pytest.mark.parametrize("token", ["not-a-token", "AQ" + "z" * 20])
def test_a2_a3_a_text_that_is_no_token_fails_the_caller_with_the_sdk_error(
    action: str, token: str
) -> None:
    sfn = sfnsim.client(clock=sfnsim.ManualClock(start=START), services=["states"])
    # The output is no JSON either: the token is what the service refuses (A3).
    extra = {"Output": "plain words"} if action == "sendTaskSuccess" else {}
    d = run_sdk_call(sfn, action, {"TaskToken": token, **extra})
    assert (d["status"], d["error"]) == ("FAILED", "Sfn.InvalidTokenException")
    assert re.match(SDK_CAUSE.format(re.escape("Invalid Token: 'Invalid token'")), d["cause"])


def test_a2_a_spent_token_is_task_timed_out() -> None:
    sfn = sfnsim.client(clock=sfnsim.ManualClock(start=START), services=["states"])
    waiter, token = waiting_on_activity(sfn)
    sfn.stop_execution(executionArn=waiter)
    d = run_sdk_call(sfn, "sendTaskSuccess", {"TaskToken": token, "Output": "{}"})
    assert (d["status"], d["error"]) == ("FAILED", "Sfn.TaskTimedOutException")
    assert re.match(SDK_CAUSE.format(".+"), d["cause"])


def test_a4_sdk_start_execution_starts_a_child_and_returns_the_sdk_result() -> None:
    sfn = sfnsim.client(clock=sfnsim.ManualClock(start=START), services=["states"])
    child = make(sfn, "child", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    d = run_sdk_call(
        sfn, "startExecution", {"StateMachineArn": child, "Input": {"n": [1]}, "Name": "kid"}
    )
    assert d["status"] == "SUCCEEDED"
    out = json.loads(d["output"])
    assert sorted(out) == ["ExecutionArn", "StartDate"]
    assert out["ExecutionArn"] == child.replace(":stateMachine:", ":execution:") + ":kid"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$", out["StartDate"])
    started = sfn.describe_execution(executionArn=out["ExecutionArn"])
    assert json.loads(started["input"]) == {"n": [1]}


def test_a4_sdk_start_execution_of_no_state_machine_is_the_sdk_error() -> None:
    sfn = sfnsim.client(clock=sfnsim.ManualClock(start=START), services=["states"])
    missing = "arn:aws:states:us-east-1:123456789012:stateMachine:nowhere"
    d = run_sdk_call(sfn, "startExecution", {"StateMachineArn": missing})
    assert (d["status"], d["error"]) == ("FAILED", "Sfn.StateMachineDoesNotExistException")
    assert re.match(
        SDK_CAUSE.format(re.escape(f"State Machine Does Not Exist: '{missing}'")), d["cause"]
    )


def test_a1_a_callback_is_answered_by_another_execution_through_the_sdk() -> None:
    sfn = sfnsim.client(clock=sfnsim.ManualClock(start=START), services=["sqs", "states"])
    url = sfn.services.sqs.create_queue("inbox")
    waiter = task_machine(
        Resource=SQS_CALLBACK,
        Parameters={"QueueUrl": url, "MessageBody": {"Token.$": "$$.Task.Token"}},
        Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Done"}],
    )
    waiter["States"]["Done"] = {"Type": "Pass", "End": True}
    ex = sfn.start_execution(stateMachineArn=make(sfn, "waiter", waiter), input='{"n": 7}')[
        "executionArn"
    ]
    token = json.loads(sfn.services.sqs.receive(url)["Body"])["Token"]
    caller = run_sdk_call(
        sfn, "sendTaskFailure", {"TaskToken": token, "Error": "Nope", "Cause": "bad input"}
    )
    assert caller["status"] == "SUCCEEDED"
    d = sfn.describe_execution(executionArn=ex)
    assert json.loads(d["output"]) == {"n": 7, "caught": {"Error": "Nope", "Cause": "bad input"}}
    [failed] = [e for e in history(sfn, ex) if e["type"] == "TaskFailed"]
    assert (details(failed)["error"], details(failed)["cause"]) == ("Nope", "bad input")
