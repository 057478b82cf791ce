"""Definitions the rendering tests draw: small hand-written ones and a seeded generator of large
ones with loops, catches, Parallel branches and Maps."""

from __future__ import annotations

import random
from typing import Any

ORDER = {
    "Comment": "An order: validate, charge with retries, fan out shipping, refund on failure",
    "StartAt": "Validate",
    "States": {
        "Validate": {"Type": "Pass", "Next": "Amount?"},
        "Amount?": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.amount", "NumericGreaterThan": 1000, "Next": "Manual review"},
                {
                    "And": [
                        {"Variable": "$.amount", "NumericGreaterThan": 0},
                        {"Variable": "$.currency", "StringEquals": "EUR"},
                    ],
                    "Next": "Charge",
                },
            ],
            "Default": "Rejected",
        },
        "Manual review": {"Type": "Wait", "Seconds": 3600, "Next": "Charge"},
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge-card", "Payload.$": "$"},
            "OutputPath": "$.Payload",
            "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 2, "MaxAttempts": 3}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Ship",
        },
        "Ship": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "Pack",
                    "States": {
                        "Pack": {"Type": "Pass", "Next": "Label"},
                        "Label": {"Type": "Pass", "End": True},
                    },
                },
                {
                    "StartAt": "Notify",
                    "States": {
                        "Notify": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::sns:publish",
                            "Parameters": {
                                "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders",
                                "Message.$": "$",
                            },
                            "End": True,
                        }
                    },
                },
            ],
            "Next": "Items",
        },
        "Items": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 5,
            "ItemProcessor": {
                "StartAt": "Reserve",
                "States": {"Reserve": {"Type": "Pass", "End": True}},
            },
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
        "Refund": {"Type": "Pass", "Next": "Rejected"},
        "Rejected": {
            "Type": "Fail",
            "Error": "OrderRejected",
            "Cause": "The order could not be charged",
        },
    },
}


def generated(n: int, seed: int = 7, nested: bool = True) -> dict[str, Any]:
    """A definition of about ``n`` states: mostly a forward flow, with Choice loops back,
    Catch edges, long state names, and (if ``nested``) Parallel and Map states."""
    rng = random.Random(seed)
    names = [
        f"Step {i:03d} "
        + rng.choice(
            [
                "Load",
                "Transform",
                "ValidateCustomerRecord",
                "Ship",
                "Notify",
                "AggregateDailyTotalsPerRegion",
                "x",
            ]
        )
        for i in range(n)
    ]
    states: dict[str, Any] = {}
    for i, name in enumerate(names):
        last = i == n - 1
        roll = rng.random()
        if last:
            states[name] = {"Type": "Succeed"}
        elif roll < 0.15 and i > 2:
            back = names[rng.randrange(max(0, i - 8), i)]
            forward = names[min(n - 1, i + rng.randint(1, 4))]
            states[name] = {
                "Type": "Choice",
                "Choices": [{"Variable": f"$.v{i}", "NumericLessThan": i, "Next": back}],
                "Default": forward,
            }
        elif roll < 0.3:
            target = names[min(n - 1, i + rng.randint(2, 12))]
            states[name] = {
                "Type": "Task",
                "Resource": f"arn:aws:lambda:us-east-1:123456789012:function:fn-{i}",
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": target}],
                "Next": names[i + 1],
            }
        elif nested and roll < 0.36:
            states[name] = {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": f"{name} a",
                        "States": {
                            f"{name} a": {"Type": "Pass", "Next": f"{name} b"},
                            f"{name} b": {"Type": "Pass", "End": True},
                        },
                    },
                    {
                        "StartAt": f"{name} c",
                        "States": {f"{name} c": {"Type": "Wait", "Seconds": 1, "End": True}},
                    },
                ],
                "Next": names[i + 1],
            }
        elif nested and roll < 0.4:
            states[name] = {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": f"{name} item",
                    "States": {f"{name} item": {"Type": "Pass", "End": True}},
                },
                "Next": names[i + 1],
            }
        else:
            states[name] = {"Type": "Pass", "Next": names[i + 1]}
    return {"StartAt": names[0], "States": states}
