"""Executions per second for a 5-state workflow through start_execution + describe_execution:
with sfnsim.client(), and with a real boto3 client routed in-process by sfnsim.mock_aws().

    python benchmarks/python/bench_client.py [--seconds 3]

The routed path pays botocore's request serialisation, signing and response parsing on top of
the engine; the third line measures botocore alone (the same calls answered with canned bodies),
so routed = botocore alone + engine + the router's glue.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

import sfnsim
from client_workflow import PAYLOAD, ROLE, WORKFLOW


def measure(sfn: Any, seconds: float) -> tuple[float, int]:
    arn = sfn.create_state_machine(
        name=f"bench{time.monotonic_ns()}", definition=WORKFLOW, roleArn=ROLE
    )["stateMachineArn"]
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


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data


class CannedRouter:
    """Answers each operation with a fixed body: botocore's work without any engine's."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        self.bodies = bodies

    def __call__(self, request: Any, **_: Any) -> Any:
        from botocore.awsrequest import AWSResponse

        target = request.headers["X-Amz-Target"]
        operation = (target.decode() if isinstance(target, bytes) else target).split(".")[1]
        body = self.bodies.get(operation, b"{}")
        headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "x-amzn-RequestId": "r",
            "Content-Length": str(len(body)),
        }
        return AWSResponse(request.url, 200, headers, _Body(body))


def capture_bodies(routed: Any) -> dict[str, bytes]:
    """The wire bodies the engine answers the benchmark's calls with."""
    bodies: dict[str, bytes] = {}
    arn = routed.create_state_machine(name="capture", definition=WORKFLOW, roleArn=ROLE)[
        "stateMachineArn"
    ]
    # after-call: mock_aws answers in before-call, so botocore never reaches before-parse.
    routed.meta.events.register(
        "after-call.sfn",
        lambda model, http_response, **kw: bodies.__setitem__(model.name, http_response.content),
    )
    ex = routed.start_execution(stateMachineArn=arn, input=PAYLOAD)["executionArn"]
    routed.describe_execution(executionArn=ex)
    return bodies


def measure_canned(sfn: Any, seconds: float) -> tuple[float, int]:
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:capture"
    for _ in range(200):
        run_one(sfn, arn)
    count = 0
    began = time.perf_counter()
    while time.perf_counter() - began < seconds:
        for _ in range(100):
            run_one(sfn, arn)
        count += 100
    return count / (time.perf_counter() - began), count


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

    # botocore's own cost for the same two calls: a before-send handler answering with the
    # bodies the engine gave (captured once), so only serialising and parsing remain.
    with sfnsim.mock_aws():
        routed = boto3.client("stepfunctions", region_name="us-east-1")
        bodies = capture_bodies(routed)
    canned = boto3.session.Session().client("stepfunctions", region_name="us-east-1")
    canned.meta.events.register_first("before-send.sfn", CannedRouter(bodies))
    rate, n = measure_canned(canned, args.seconds)
    results.append(("boto3 with canned responses (botocore alone)", rate, n))

    print(f"5-state workflow, start_execution + describe_execution, {args.seconds:.0f}s each")
    for label, rate, n in results:
        print(f"  {label:<58} {rate:10.0f} executions/s  ({n} runs)")


if __name__ == "__main__":
    main()
