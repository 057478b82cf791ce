"""TestState calls per second: through sfnsim.client(), and through a real boto3 client routed
in-process by sfnsim.mock_aws() (which adds botocore's serialisation and parsing).

    python benchmarks/python/bench_test_state.py [--seconds 3]

Three states: a JSONPath Pass with its pipeline at DEBUG, a JSONata Task with a mocked result,
and a Task whose mocked error a Retrier takes (RETRIABLE).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

import sfnsim

ROLE = "arn:aws:iam::123456789012:role/bench"
CALLS: dict[str, dict[str, Any]] = {
    "Pass pipeline, DEBUG": {
        "definition": json.dumps(
            {
                "Type": "Pass",
                "InputPath": "$.order",
                "Parameters": {"id.$": "$.id", "total.$": "States.MathAdd($.net, $.tax)"},
                "ResultPath": "$.priced",
                "Next": "Ship",
            }
        ),
        "input": json.dumps({"order": {"id": 7, "net": 40, "tax": 2}}),
        "inspectionLevel": "DEBUG",
    },
    "JSONata Task, mocked result": {
        "definition": json.dumps(
            {
                "Type": "Task",
                "QueryLanguage": "JSONata",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "charge", "Payload": "{% $states.input %}"},
                "Output": "{% $states.result.Payload %}",
                "Next": "Ship",
            }
        ),
        "input": json.dumps({"amount": 42}),
        "mock": {"result": json.dumps({"Payload": {"charged": 42}, "StatusCode": 200})},
        "inspectionLevel": "DEBUG",
    },
    "Task, mocked error, RETRIABLE": {
        "definition": json.dumps(
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
                "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 3}],
                "End": True,
            }
        ),
        "mock": {"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "busy"}},
        "stateConfiguration": {"retrierRetryCount": 1},
        "inspectionLevel": "DEBUG",
    },
}


def rate(call: Callable[[], Any], seconds: float) -> float:
    for _ in range(50):
        call()
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(100):
            call()
        count += 100
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    sfn = sfnsim.client()
    for label, request in CALLS.items():
        per_second = rate(lambda r=request: sfn.test_state(roleArn=ROLE, **r), args.seconds)
        print(f"{label:34} client {per_second:>9,.0f}/s")
    try:
        import boto3
    except ImportError:  # pragma: no cover - boto3 is a test extra
        print("(boto3 not installed: routed figures skipped)")
        return
    with sfnsim.mock_aws():
        routed = boto3.client("stepfunctions", region_name="us-east-1")
        for label, request in CALLS.items():
            per_second = rate(lambda r=request: routed.test_state(roleArn=ROLE, **r), args.seconds)
            print(f"{label:34} boto3  {per_second:>9,.0f}/s")


if __name__ == "__main__":
    main()
