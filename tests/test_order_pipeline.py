"""An order pipeline tested as a user would, against the in-memory services: the card is
charged by a Lambda (a mock), stock is reserved in DynamoDB under a condition, a human approves
through an SQS ``.waitForTaskToken`` task, the customer is notified through SNS, and a failure
after the charge is compensated (refund, stock released)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/orders"
APPROVALS = "https://sqs.us-east-1.amazonaws.com/123456789012/approvals"
TOPIC = "arn:aws:sns:us-east-1:123456789012:order-updates"

PIPELINE = {
    "Comment": "Charge, reserve stock, get an approval, notify; refund and release on failure",
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge-card", "Payload.$": "$"},
            "ResultSelector": {"chargeId.$": "$.Payload.chargeId"},
            "ResultPath": "$.payment",
            "Catch": [
                {"ErrorEquals": ["CardDeclined"], "ResultPath": "$.error", "Next": "Declined"}
            ],
            "Next": "Reserve",
        },
        "Reserve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:updateItem",
            "Parameters": {
                "TableName": "inventory",
                "Key": {"sku": {"S.$": "$.sku"}},
                "UpdateExpression": "SET stock = stock - :qty, reserved = list_append("
                "if_not_exists(reserved, :none), :order)",
                "ConditionExpression": "attribute_exists(sku) AND stock >= :qty",
                "ExpressionAttributeValues": {
                    ":qty": {"N.$": "States.Format('{}', $.quantity)"},
                    ":none": {"L": []},
                    ":order": {"L": [{"S.$": "$.orderId"}]},
                },
                "ReturnValues": "UPDATED_NEW",
            },
            "ResultSelector": {"stockLeft.$": "$.Attributes.stock.N"},
            "ResultPath": "$.reservation",
            "Catch": [
                {
                    "ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"],
                    "ResultPath": "$.error",
                    "Next": "Refund",
                }
            ],
            "Next": "Approve",
        },
        "Approve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {
                "QueueUrl": APPROVALS,
                "MessageBody": {"orderId.$": "$.orderId", "taskToken.$": "$$.Task.Token"},
            },
            "TimeoutSeconds": 86400,
            "ResultPath": "$.approval",
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Release"}],
            "Next": "Notify",
        },
        "Notify": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {
                "TopicArn": TOPIC,
                "Subject": "Order confirmed",
                "Message": {"orderId.$": "$.orderId", "status": "CONFIRMED"},
            },
            "ResultSelector": {"messageId.$": "$.MessageId"},
            "ResultPath": "$.notification",
            "End": True,
        },
        "Release": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:updateItem",
            "Parameters": {
                "TableName": "inventory",
                "Key": {"sku": {"S.$": "$.sku"}},
                "UpdateExpression": "SET stock = stock + :qty",
                "ExpressionAttributeValues": {":qty": {"N.$": "States.Format('{}', $.quantity)"}},
            },
            "ResultPath": None,
            "Next": "Refund",
        },
        "Refund": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "refund-card", "Payload.$": "$"},
            "ResultPath": None,
            "Next": "NotifyCancelled",
        },
        "NotifyCancelled": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {
                "TopicArn": TOPIC,
                "Subject": "Order cancelled",
                "Message.$": "States.JsonToString($.error)",
            },
            "ResultPath": None,
            "Next": "Cancelled",
        },
        "Cancelled": {"Type": "Fail", "Error": "OrderCancelled", "Cause": "the order was refunded"},
        "Declined": {"Type": "Fail", "Error": "CardDeclined", "Cause": "the card was declined"},
    },
}


class CardDeclined(Exception):
    pass


@pytest.fixture
def shop() -> Any:
    """A client with the pipeline deployed, its Lambdas mocked and its AWS resources in memory."""
    mocks = sfnsim.Mocks()

    @mocks.lambda_("charge-card")
    def charge(event: Any) -> Any:
        if event["amount"] > 500:
            raise CardDeclined("insufficient funds")
        return {"chargeId": "ch-" + event["orderId"]}

    mocks.lambda_("refund-card").returns({"refunded": True})
    sfn = sfnsim.client(mocks=mocks, services="memory")
    services = sfn.services
    services.dynamodb.create_table("inventory", hash_key="sku")
    services.dynamodb.put_item("inventory", {"sku": {"S": "book"}, "stock": {"N": "2"}})
    services.sqs.create_queue("approvals")
    services.sns.create_topic("order-updates")
    arn = sfn.create_state_machine(name="orders", definition=json.dumps(PIPELINE), roleArn=ROLE)[
        "stateMachineArn"
    ]
    return sfn, services, mocks, arn


def place(sfn: Any, arn: str, order: str, quantity: int = 1, amount: int = 40) -> str:
    payload = {"orderId": order, "sku": "book", "quantity": quantity, "amount": amount}
    execution: str = sfn.start_execution(
        stateMachineArn=arn, name=order, input=json.dumps(payload)
    )["executionArn"]
    return execution


def approval_request(services: Any) -> dict[str, Any]:
    """What the approver's app reads off the queue."""
    message = services.sqs.receive(APPROVALS)
    assert message is not None, "no approval request was sent"
    body: dict[str, Any] = json.loads(message["Body"])
    return body


def stock(services: Any) -> int:
    item = services.dynamodb.get_item("inventory", {"sku": {"S": "book"}})
    return int(item["stock"]["N"])


def test_an_approved_order_reserves_stock_and_notifies(shop: Any) -> None:
    sfn, services, mocks, arn = shop
    ex = place(sfn, arn, "o-1")
    # Charged and reserved; now waiting for a human.
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    assert stock(services) == 1
    request = approval_request(services)
    assert request["orderId"] == "o-1"

    sfn.send_task_success(taskToken=request["taskToken"], output='{"approvedBy": "ana"}')

    done = sfn.describe_execution(executionArn=ex)
    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert output["payment"] == {"chargeId": "ch-o-1"}
    assert output["reservation"] == {"stockLeft": "1"}
    assert output["approval"] == {"approvedBy": "ana"}
    [note] = services.sns.messages(TOPIC)
    assert note["Subject"] == "Order confirmed"
    assert json.loads(note["Message"]) == {"orderId": "o-1", "status": "CONFIRMED"}
    assert output["notification"] == {"messageId": note["MessageId"]}
    item = services.dynamodb.get_item("inventory", {"sku": {"S": "book"}})
    assert item["reserved"] == {"L": [{"S": "o-1"}]}
    assert mocks.calls("refund-card") == []


def test_a_rejected_order_releases_stock_and_refunds(shop: Any) -> None:
    sfn, services, mocks, arn = shop
    ex = place(sfn, arn, "o-2")
    assert stock(services) == 1
    request = approval_request(services)
    sfn.send_task_failure(taskToken=request["taskToken"], error="Rejected", cause="fraud check")

    done = sfn.describe_execution(executionArn=ex)
    assert (done["status"], done["error"]) == ("FAILED", "OrderCancelled")
    assert stock(services) == 2  # released
    [refund] = mocks.calls("refund-card")
    assert refund.input["error"] == {"Error": "Rejected", "Cause": "fraud check"}
    [note] = services.sns.messages(TOPIC)
    assert note["Subject"] == "Order cancelled"
    assert json.loads(note["Message"]) == {"Error": "Rejected", "Cause": "fraud check"}


def test_out_of_stock_is_caught_and_refunded(shop: Any) -> None:
    sfn, services, mocks, arn = shop
    ex = place(sfn, arn, "o-3", quantity=5)
    done = sfn.describe_execution(executionArn=ex)
    assert (done["status"], done["error"]) == ("FAILED", "OrderCancelled")
    assert stock(services) == 2  # the condition kept the stock as it was
    [refund] = mocks.calls("refund-card")
    error = refund.input["error"]
    assert error["Error"] == "DynamoDB.ConditionalCheckFailedException"
    assert error["Cause"].startswith("The conditional request failed (Service: AmazonDynamoDBv2;")
    assert services.sqs.messages(APPROVALS) == []  # nobody was asked to approve


def test_the_last_book_goes_to_one_order_only(shop: Any) -> None:
    sfn, services, _, arn = shop
    first, second, third = (place(sfn, arn, f"o-{n}", amount=10) for n in (4, 5, 6))
    assert [sfn.describe_execution(executionArn=e)["status"] for e in (first, second, third)] == [
        "RUNNING",
        "RUNNING",
        "FAILED",
    ]
    assert stock(services) == 0
    assert [json.loads(m["Body"])["orderId"] for m in services.sqs.messages(APPROVALS)] == [
        "o-4",
        "o-5",
    ]


def test_a_declined_card_touches_nothing(shop: Any) -> None:
    sfn, services, mocks, arn = shop
    ex = place(sfn, arn, "o-7", amount=900)
    done = sfn.describe_execution(executionArn=ex)
    assert (done["status"], done["error"]) == ("FAILED", "CardDeclined")
    assert stock(services) == 2
    assert services.sqs.messages(APPROVALS) == [] and services.sns.published == []
    assert mocks.calls("refund-card") == []


def test_an_approval_that_never_comes_times_out_and_compensates() -> None:
    from datetime import datetime, timezone

    clock = sfnsim.ManualClock(start=datetime(2024, 1, 1, tzinfo=timezone.utc))
    mocks = sfnsim.Mocks()
    mocks.lambda_("charge-card").returns({"chargeId": "ch"})
    mocks.lambda_("refund-card").returns({})
    sfn = sfnsim.client(mocks=mocks, services="memory", clock=clock)
    services = sfn.services
    services.dynamodb.create_table("inventory", hash_key="sku")
    services.dynamodb.put_item("inventory", {"sku": {"S": "book"}, "stock": {"N": "1"}})
    services.sqs.create_queue("approvals")
    services.sns.create_topic("order-updates")
    arn = sfn.create_state_machine(name="orders", definition=json.dumps(PIPELINE), roleArn=ROLE)[
        "stateMachineArn"
    ]
    ex = place(sfn, arn, "o-8")
    assert stock(services) == 0
    clock.advance(seconds=86400)
    done = sfn.describe_execution(executionArn=ex)
    assert (done["status"], done["error"]) == ("FAILED", "OrderCancelled")
    assert stock(services) == 1
    assert mocks.calls("refund-card")[0].input["error"]["Error"] == "States.Timeout"
