"""Tasks per second against the in-memory service fakes: a Map over N items writing each to the
in-memory DynamoDB (optimised ``dynamodb:putItem``), then reading it back with
``aws-sdk:dynamodb:getItem``, and an ``sqs:sendMessage`` per item.

    python benchmarks/python/bench_services.py [--items 2000] [--repeat 3]

Per-task time covers the engine, the request conversion and the fake itself (typed attribute
checks, the response with its SDK metadata).
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Callable

import sfnsim


def definition(task: dict[str, Any]) -> dict[str, Any]:
    return {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "Work", "States": {"Work": {**task, "End": True}}},
                "ResultPath": None,  # N results would exceed the 256 KiB state output limit
                "End": True,
            }
        },
    }


PUT = definition(
    {
        "Type": "Task",
        "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {
            "TableName": "items",
            "Item": {"id": {"S.$": "States.Format('{}', $.id)"}, "n": {"N": "1"}},
        },
    }
)
GET = definition(
    {
        "Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
        "Parameters": {"TableName": "items", "Key": {"id": {"S.$": "States.Format('{}', $.id)"}}},
    }
)


def best(repeat: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = [{"id": i} for i in range(args.items)]
    n = len(items)

    services = sfnsim.MemoryServices(["dynamodb", "sqs"])
    services.dynamodb.create_table("items", hash_key="id")
    url = services.sqs.create_queue("items")
    send = definition(
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": url, "MessageBody.$": "$"},
        }
    )

    def run(d: dict[str, Any]) -> None:
        ex = sfnsim.run(d, items, services=services)
        assert ex.status == "SUCCEEDED", ex.cause

    print(f"items: {n}")
    for label, d in (
        ("dynamodb:putItem", PUT),
        ("aws-sdk:dynamodb:getItem", GET),
        ("sqs:sendMessage", send),
    ):
        t = best(args.repeat, lambda d=d: run(d))  # type: ignore[misc]
        print(f"{label + ':':27} {n / t:10,.0f} tasks/s, {t / n * 1e6:7.1f} us/task")
    assert len(services.dynamodb.items("items")) == n


if __name__ == "__main__":
    main()
