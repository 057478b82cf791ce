"""A workflow test written against the boto3 Step Functions API only: it runs unchanged with
``sfnsim.client()`` or a real ``boto3.client("stepfunctions")``.

``scenario(sfn)`` returns what it observed, timestamps reduced to their differences, so two
runs can be compared.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

ROLE = "arn:aws:iam::123456789012:role/orders"

ORDER_FLOW = {
    "Comment": "Validate an order, price its lines, wait for payment, then ship or cancel.",
    "StartAt": "Validate",
    "States": {
        "Validate": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.lines[0]", "IsPresent": True, "Next": "PriceLines"}],
            "Default": "Rejected",
        },
        "PriceLines": {
            "Type": "Map",
            "ItemsPath": "$.lines",
            "ItemSelector": {
                "sku.$": "$$.Map.Item.Value.sku",
                "qty.$": "$$.Map.Item.Value.qty",
                "price": 5,
            },
            "ItemProcessor": {
                "StartAt": "Total",
                "States": {
                    "Total": {
                        "Type": "Pass",
                        "Parameters": {
                            "sku.$": "$.sku",
                            "total.$": "States.MathAdd($.qty, $.price)",
                        },
                        "End": True,
                    }
                },
            },
            "ResultPath": "$.priced",
            "Next": "AwaitPayment",
        },
        "AwaitPayment": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/pay",
                "MessageBody": {"order.$": "$.id", "token.$": "$$.Task.Token"},
            },
            "ResultPath": "$.payment",
            "TimeoutSeconds": 3600,
            "Catch": [
                {"ErrorEquals": ["PaymentDeclined"], "ResultPath": "$.error", "Next": "Cancelled"}
            ],
            "Next": "Cooldown",
        },
        "Cooldown": {"Type": "Wait", "Seconds": 120, "Next": "Shipped"},
        "Shipped": {"Type": "Pass", "Result": "SHIPPED", "ResultPath": "$.state", "End": True},
        "Cancelled": {"Type": "Fail", "Error": "OrderCancelled", "Cause": "payment declined"},
        "Rejected": {"Type": "Fail", "Error": "EmptyOrder"},
    },
}


def _plain(value: Any, start: datetime | None = None) -> Any:
    """Drops ResponseMetadata; timestamps become whole seconds since the execution's start
    (whole: a callback lands at the real time it is sent, a few milliseconds in)."""
    if isinstance(value, dict):
        return {
            k: _submitted(v) if k == "taskSubmittedEventDetails" else _plain(v, start)
            for k, v in value.items()
            if k != "ResponseMetadata"
        }
    if isinstance(value, list):
        return [_plain(v, start) for v in value]
    if isinstance(value, datetime):
        assert value.tzinfo is not None
        return round((value - start).total_seconds()) if start else "datetime"
    return value


def _submitted(details: dict[str, Any]) -> dict[str, Any]:
    """TaskSubmitted's output is what the service answered, with its wall-clock Date header."""
    output = json.loads(details["output"])
    for headers in output.get("SdkHttpMetadata", {}).values():
        if isinstance(headers, dict):
            headers.pop("Date", None)
    return dict(details, output=output)


def _token(sfn: Any, execution_arn: str) -> str:
    events = sfn.get_execution_history(executionArn=execution_arn, reverseOrder=True)["events"]
    for event in events:
        details = event.get("taskScheduledEventDetails")
        if details:
            return json.loads(details["parameters"])["MessageBody"]["token"]
    raise AssertionError("no task token")


def _history(sfn: Any, execution_arn: str, start: datetime) -> list[Any]:
    pages = sfn.get_paginator("get_execution_history").paginate(
        executionArn=execution_arn, PaginationConfig={"PageSize": 7}
    )
    return [_plain(e, start) for page in pages for e in page["events"]]


def scenario(sfn: Any) -> list[Any]:
    seen: list[Any] = []
    arn = sfn.create_state_machine(
        name="orders",
        definition=json.dumps(ORDER_FLOW),
        roleArn=ROLE,
        tags=[{"key": "team", "value": "shop"}],
    )["stateMachineArn"]
    seen.append(_plain(sfn.describe_state_machine(stateMachineArn=arn)))
    seen.append(_plain(sfn.list_tags_for_resource(resourceArn=arn)))

    paid = sfn.start_execution(
        stateMachineArn=arn,
        name="paid",
        input=json.dumps({"id": 1, "lines": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1}]}),
    )
    seen.append(
        _plain(sfn.describe_execution(executionArn=paid["executionArn"]), paid["startDate"])
    )
    sfn.send_task_success(taskToken=_token(sfn, paid["executionArn"]), output='{"ok": true}')

    declined = sfn.start_execution(
        stateMachineArn=arn,
        name="declined",
        input=json.dumps({"id": 2, "lines": [{"sku": "c", "qty": 1}]}),
    )
    sfn.send_task_failure(
        taskToken=_token(sfn, declined["executionArn"]),
        error="PaymentDeclined",
        cause="card expired",
    )

    empty = sfn.start_execution(stateMachineArn=arn, name="empty", input='{"id": 3, "lines": []}')
    stopped = sfn.start_execution(
        stateMachineArn=arn,
        name="stopped",
        input=json.dumps({"id": 4, "lines": [{"sku": "d", "qty": 9}]}),
    )
    sfn.stop_execution(executionArn=stopped["executionArn"], error="Ops", cause="manual stop")

    for started in (paid, declined, empty, stopped):
        d = sfn.describe_execution(executionArn=started["executionArn"])
        seen.append(_plain({k: v for k, v in d.items() if k != "stopDate"}, started["startDate"]))
        seen.append(_history(sfn, started["executionArn"], started["startDate"]))

    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    seen.append([(e["name"], e["status"]) for e in listed])
    seen.append(
        [
            e["name"]
            for e in sfn.list_executions(stateMachineArn=arn, statusFilter="FAILED")["executions"]
        ]
    )
    try:
        sfn.start_execution(stateMachineArn=arn, name="paid", input="{}")
    except sfn.exceptions.ExecutionAlreadyExists as error:
        seen.append(error.response["Error"])
    try:
        sfn.describe_execution(executionArn=arn.replace(":stateMachine:", ":execution:") + ":nope")
    except sfn.exceptions.ExecutionDoesNotExist as error:
        seen.append(error.response["Error"])

    version = sfn.publish_state_machine_version(stateMachineArn=arn, description="v1")
    alias = sfn.create_state_machine_alias(
        name="live",
        routingConfiguration=[
            {"stateMachineVersionArn": version["stateMachineVersionArn"], "weight": 100}
        ],
    )
    via_alias = sfn.start_execution(
        stateMachineArn=alias["stateMachineAliasArn"], input='{"id": 5, "lines": []}'
    )
    seen.append(
        _plain(
            sfn.describe_execution(executionArn=via_alias["executionArn"]), via_alias["startDate"]
        )
    )
    seen.append(_plain(sfn.list_state_machine_versions(stateMachineArn=arn)))
    seen.append(_plain(sfn.validate_state_machine_definition(definition='{"StartAt": "X"}')))
    return seen
