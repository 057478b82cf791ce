"""Mocks through sfnsim.client() and mock_aws(): the registry, MockConfigFile test cases selected
with ``<arn>#<TestCase>``, and an order pipeline written as a user would write it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim import Mocks, raises, returns

ROLE = "arn:aws:iam::123456789012:role/r"
DATA = Path(__file__).parent / "data" / "sfn-local"


def make(sfn: Any, name: str, definition: dict[str, Any] | str) -> str:
    text = definition if isinstance(definition, str) else json.dumps(definition)
    arn: str = sfn.create_state_machine(name=name, definition=text, roleArn=ROLE)["stateMachineArn"]
    return arn


def history_types(sfn: Any, execution_arn: str) -> list[str]:
    events = sfn.get_execution_history(executionArn=execution_arn)["events"]
    return [e["type"] for e in events]


class PaymentDeclined(Exception):
    pass


ORDER_PIPELINE = {
    "Comment": "Charge, reserve stock, wait for a human approval, notify; refund on failure",
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge-card", "Payload.$": "$"},
            "ResultSelector": {"charged.$": "$.Payload.charged"},
            "ResultPath": "$.payment",
            "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 1, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["PaymentDeclined"], "Next": "Declined"}],
            "Next": "Reserve",
        },
        "Reserve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:updateItem",
            "Parameters": {
                "TableName": "inventory",
                "Key": {"sku": {"S.$": "$.sku"}},
                "UpdateExpression": "SET stock = stock - :one",
                "ConditionExpression": "stock > :zero",
                "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}},
            },
            "ResultPath": None,
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Approve",
        },
        "Approve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                "MessageBody": {"order.$": "$.order", "token.$": "$$.Task.Token"},
            },
            "TimeoutSeconds": 3600,
            "ResultPath": "$.approval",
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Notify",
        },
        "Notify": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {
                "TopicArn": "arn:aws:sns:us-east-1:123456789012:shipping",
                "Message.$": "$",
            },
            "ResultPath": None,
            "End": True,
        },
        "Refund": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "refund", "Payload.$": "$"},
            "ResultPath": None,
            "Next": "Failed",
        },
        "Failed": {"Type": "Fail", "Error": "OrderFailed", "Cause": "the order was refunded"},
        "Declined": {"Type": "Fail", "Error": "PaymentDeclined", "Cause": "card declined"},
    },
}


def pipeline_mocks() -> Mocks:
    mocks = Mocks()

    @mocks.lambda_("charge-card")
    def charge(event: Any, context: Any) -> Any:
        if event["amount"] > 1000:
            raise PaymentDeclined("over limit")
        return {"charged": event["amount"], "request": context.aws_request_id}

    mocks.lambda_("refund").returns({"refunded": True})
    mocks.state("Reserve").returns({})
    mocks.state("Notify").returns({"MessageId": "m-1"})
    return mocks


def approval_token(sfn: Any, execution_arn: str) -> str:
    events = sfn.get_execution_history(executionArn=execution_arn)["events"]
    scheduled = [e for e in events if e["type"] == "TaskScheduled"][-1]
    token: str = json.loads(scheduled["taskScheduledEventDetails"]["parameters"])["MessageBody"][
        "token"
    ]
    return token


def test_order_pipeline_approved() -> None:
    mocks = pipeline_mocks()
    sfn = sfnsim.client(mocks=mocks)
    arn = make(sfn, "orders", ORDER_PIPELINE)
    order = {"order": "o-1", "sku": "book", "amount": 30}
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps(order))["executionArn"]
    # The approval waits for a human: the execution holds, RUNNING.
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    assert history_types(sfn, ex)[-1] == "TaskSubmitted"
    sfn.send_task_success(taskToken=approval_token(sfn, ex), output='{"approved": true}')
    done = sfn.describe_execution(executionArn=ex)
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert output["payment"] == {"charged": 30} and output["approval"] == {"approved": True}
    [notify] = mocks.calls("Notify")
    assert json.loads(json.dumps(notify.input["Message"]))["approval"] == {"approved": True}
    assert [c.input["amount"] for c in mocks.calls("charge-card")] == [30]
    assert mocks.calls("refund") == []


def test_order_pipeline_rejected_is_compensated() -> None:
    mocks = pipeline_mocks()
    sfn = sfnsim.client(mocks=mocks)
    arn = make(sfn, "orders", ORDER_PIPELINE)
    ex = sfn.start_execution(
        stateMachineArn=arn, input=json.dumps({"order": "o-2", "sku": "pen", "amount": 5})
    )["executionArn"]
    sfn.send_task_failure(taskToken=approval_token(sfn, ex), error="Rejected", cause="no stock")
    done = sfn.describe_execution(executionArn=ex)
    assert (done["status"], done["error"]) == ("FAILED", "OrderFailed")
    [refund] = mocks.calls("refund")
    assert refund.input["error"] == {"Error": "Rejected", "Cause": "no stock"}


def test_order_pipeline_declined_card_and_out_of_stock() -> None:
    mocks = pipeline_mocks()
    sfn = sfnsim.client(mocks=mocks)
    arn = make(sfn, "orders", ORDER_PIPELINE)
    ex = sfn.start_execution(stateMachineArn=arn, input='{"order":"o","sku":"s","amount":5000}')
    declined = sfn.describe_execution(executionArn=ex["executionArn"])
    assert (declined["status"], declined["error"]) == ("FAILED", "PaymentDeclined")

    mocks.state("Reserve").sequence(
        raises("DynamoDB.ConditionalCheckFailedException", "The conditional request failed")
    )
    ex = sfn.start_execution(stateMachineArn=arn, input='{"order":"o","sku":"s","amount":5}')
    out = sfn.describe_execution(executionArn=ex["executionArn"])
    assert (out["status"], out["error"]) == ("FAILED", "OrderFailed")
    assert mocks.calls("refund")[-1].input["error"]["Error"] == (
        "DynamoDB.ConditionalCheckFailedException"
    )


def test_throttled_charge_is_retried_from_a_sequence() -> None:
    mocks = pipeline_mocks()
    mocks.state("Charge").sequence(
        raises("Throttled"), returns({"Payload": {"charged": 7}, "StatusCode": 200})
    )
    sfn = sfnsim.client(mocks=mocks)
    arn = make(sfn, "orders", ORDER_PIPELINE)
    ex = sfn.start_execution(stateMachineArn=arn, input='{"order":"o","sku":"s","amount":7}')
    assert sfn.describe_execution(executionArn=ex["executionArn"])["status"] == "RUNNING"
    assert [c.attempt for c in mocks.calls("Charge")] == [0, 1]


def test_mock_config_test_case_selected_by_arn_suffix() -> None:
    config = sfnsim.load_mock_config(DATA / "MockConfigFile.json")
    sfn = sfnsim.client(mocks=config)
    arn = make(sfn, "LambdaSQSIntegration", (DATA / "LambdaSQSIntegration.asl.json").read_text())
    started = sfn.start_execution(stateMachineArn=f"{arn}#HappyPath", input="{}")
    ex = started["executionArn"]
    assert "#" not in ex and ex.startswith(arn.replace(":stateMachine:", ":execution:"))
    d = sfn.describe_execution(executionArn=ex)
    assert d["status"] == "SUCCEEDED", d
    assert json.loads(d["output"])["MessageId"] == "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"
    retry = sfn.start_execution(stateMachineArn=f"{arn}#RetryPath", name="retry")["executionArn"]
    assert history_types(sfn, retry).count("TaskFailed") == 3
    # Without a suffix nothing is mocked: the unmocked Lambda task fails loudly.
    plain = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert sfn.describe_execution(executionArn=plain)["error"] == "sfnsim.TaskNotMocked"
    with pytest.raises(sfnsim.MockConfigError, match="no test case 'Nope'"):
        sfn.start_execution(stateMachineArn=f"{arn}#Nope")


def test_suffix_without_a_mock_config_is_part_of_the_name_as_on_aws() -> None:
    sfn = sfnsim.client(mocks=Mocks())
    arn = make(sfn, "m", {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.start_execution(stateMachineArn=f"{arn}#HappyPath")


def test_mocks_argument_is_checked() -> None:
    with pytest.raises(TypeError):
        sfnsim.client(mocks={"T": 1})  # type: ignore[arg-type]


def test_mock_aws_takes_mocks_and_test_cases() -> None:
    boto3 = pytest.importorskip("boto3")
    config = sfnsim.load_mock_config(DATA / "MockConfigFile.json")
    with sfnsim.mock_aws(mocks=config):
        real = boto3.client(
            "stepfunctions",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        arn = make(
            real, "LambdaSQSIntegration", (DATA / "LambdaSQSIntegration.asl.json").read_text()
        )
        ex = real.start_execution(stateMachineArn=f"{arn}#HappyPath")["executionArn"]
        d = real.describe_execution(executionArn=ex)
        assert d["status"] == "SUCCEEDED", d


CALLBACK_WITH_HEARTBEAT = {
    "StartAt": "Wait",
    "States": {
        "Wait": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "TimeoutSeconds": 300,
            "HeartbeatSeconds": 10,
            "End": True,
        }
    },
}


def test_send_task_heartbeat_keeps_a_callback_alive_on_a_manual_clock() -> None:
    from datetime import datetime, timezone

    clock = sfnsim.ManualClock(start=datetime(2024, 1, 1, tzinfo=timezone.utc))
    sfn = sfnsim.client(clock=clock)
    arn = make(sfn, "hb", CALLBACK_WITH_HEARTBEAT)
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    events = sfn.get_execution_history(executionArn=ex)["events"]
    token = json.loads(events[2]["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
    for _ in range(3):
        clock.advance(seconds=8)
        sfn.send_task_heartbeat(taskToken=token)
    clock.advance(seconds=8)  # 32 s in: alive thanks to the heartbeats
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    clock.advance(seconds=3)  # 11 s since the last heartbeat
    d = sfn.describe_execution(executionArn=ex)
    assert (d["status"], d["error"]) == ("FAILED", "States.Timeout")
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_heartbeat(taskToken=token)


def test_activity_worker_name_is_recorded() -> None:
    sfn = sfnsim.client()
    activity = sfn.create_activity(name="work")["activityArn"]
    definition = {
        "StartAt": "A",
        "States": {"A": {"Type": "Task", "Resource": activity, "End": True}},
    }
    ex = sfn.start_execution(stateMachineArn=make(sfn, "act", definition), input='{"n": 1}')
    task = sfn.get_activity_task(activityArn=activity, workerName="worker-7")
    assert json.loads(task["input"]) == {"n": 1}
    sfn.send_task_success(taskToken=task["taskToken"], output='{"done": true}')
    events = sfn.get_execution_history(executionArn=ex["executionArn"])["events"]
    types = [e["type"] for e in events]
    assert types[2:5] == ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"]
    assert events[3]["activityStartedEventDetails"] == {"workerName": "worker-7"}


def test_send_task_failure_without_error_or_cause_is_caught_with_nulls() -> None:
    # As recorded on AWS (test_sqs_failure_in_wait_for_task_tok_no_error_field): TaskFailed
    # carries neither field and the Catch's error output holds nulls.
    definition = {
        "StartAt": "Wait",
        "States": {
            "Wait": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"T.$": "$$.Task.Token"}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Done"}],
                "End": True,
            },
            "Done": {"Type": "Pass", "End": True},
        },
    }
    sfn = sfnsim.client()
    arn = make(sfn, "bare", definition)
    ex = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    token = json.loads(
        next(
            e["taskScheduledEventDetails"]["parameters"]
            for e in sfn.get_execution_history(executionArn=ex)["events"]
            if e["type"] == "TaskScheduled"
        )
    )["MessageBody"]["T"]
    sfn.send_task_failure(taskToken=token)
    done = sfn.describe_execution(executionArn=ex)
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"]) == {"err": {"Error": None, "Cause": None}}
    [failed] = [
        e for e in sfn.get_execution_history(executionArn=ex)["events"] if e["type"] == "TaskFailed"
    ]
    assert failed["taskFailedEventDetails"] == {
        "resourceType": "sqs",
        "resource": "sendMessage.waitForTaskToken",
    }
