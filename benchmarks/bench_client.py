"""Executions per second for a 5-state workflow through start_execution + describe_execution:
with sfnsim.client(), and with a real boto3 client routed in-process by sfnsim.mock_aws().

    python benchmarks/bench_client.py [--seconds 3]

The routed path pays botocore's request serialisation, signing-free dispatch and response
parsing; the difference to the direct client is what botocore costs per call.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any, Callable

import sfnsim

WORKFLOW = json.dumps({
    "StartAt": "Prepare",
    "States": {
        "Prepare": {"Type": "Pass", "Parameters": {"id.$": "$.id", "items.$": "$.items"},
                    "Next": "Route"},
        "Route": {"Type": "Choice",
                  "Choices": [{"Variable": "$.id", "NumericGreaterThan": 0, "Next": "Count"}],
                  "Default": "Reject"},
        "Count": {"Type": "Pass", "Parameters": {"id.$": "$.id",
                                                 "n.$": "States.ArrayLength($.items)"},
                  "ResultPath": "$.count", "Next": "Done"},
        "Done": {"Type": "Succeed"},
        "Reject": {"Type": "Fail", "Error": "Rejected"},
    },
})
ROLE = "arn:aws:iam::123456789012:role/bench"
PAYLOAD = json.dumps({"id": 7, "items": [1, 2, 3]})


def measure(sfn: Any, seconds: float) -> tuple[float, int]:
    arn = sfn.create_state_machine(name=f"bench{time.monotonic_ns()}", definition=WORKFLOW,
                                   roleArn=ROLE)["stateMachineArn"]
    for _ in range(200):  # warm up
        run_one(sfn, arn)
    count = 0
    began = time.perf_counter()
    deadline = began + seconds
    while time.perf_counter() < deadline:
        for _ in range(100):
            run_one(sfn, arn)
        count += 100
    elapsed = time.perf_counter() - began
    return count / elapsed, count


def run_one(sfn: Any, arn: str) -> None:
    ex = sfn.start_execution(stateMachineArn=arn, input=PAYLOAD)["executionArn"]
    if sfn.describe_execution(executionArn=ex)["status"] != "SUCCEEDED":
        raise AssertionError("execution did not succeed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

    results: list[tuple[str, float, int]] = []
    rate, n = measure(sfnsim.client(), args.seconds)
    results.append(("sfnsim.client()", rate, n))

    import boto3

    with sfnsim.mock_aws():
        routed = boto3.client("stepfunctions", region_name="us-east-1")
        rate, n = measure(routed, args.seconds)
    results.append(("boto3 routed by sfnsim.mock_aws()", rate, n))

    calls: list[tuple[str, Callable[[], Any]]] = []
    with sfnsim.mock_aws():
        routed = boto3.client("stepfunctions", region_name="us-east-1")
        calls.append(("boto3 list_state_machines (botocore's own per-call cost)",
                      routed.list_state_machines))
        for label, fn in calls:
            for _ in range(200):
                fn()
            began = time.perf_counter()
            count = 0
            while time.perf_counter() - began < args.seconds:
                for _ in range(100):
                    fn()
                count += 100
            elapsed = time.perf_counter() - began
            results.append((label, count / elapsed / 2, count))  # per two calls, to compare

    print(f"5-state workflow, start_execution + describe_execution, {args.seconds:.0f}s each")
    for label, rate, n in results:
        print(f"  {label:<58} {rate:10.0f} executions/s  ({n} runs)")


if __name__ == "__main__":
    main()
