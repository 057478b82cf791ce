"""Mocked Lambda invocations per second through a Map over N items with a Python handler, and
the engine's overhead per Task over calling the handler directly.

    python benchmarks/python/bench_mocks.py [--items 10000] [--repeat 3]

Three timings: the handler called N times in a loop (the floor), the Map with the handler as a
``tasks=`` shorthand function (a legacy Lambda ARN: no response wrapping), and the Map through
``sfnsim.Mocks`` with ``lambda:invoke`` (the invoke response built around each result).
Overhead per Task = (Map time - direct time) / N: everything the engine and the mock layer do
per item (Map iteration, Task events, the request dict, JSON conversion both ways). Each figure
is given in wall time and in process CPU time: on a shared machine the CPU figure is the steadier.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Callable

import sfnsim


def definition(resource: str, parameters: dict[str, Any] | None) -> dict[str, Any]:
    task: dict[str, Any] = {"Type": "Task", "Resource": resource, "End": True}
    if parameters is not None:
        task["Parameters"] = parameters
        task["OutputPath"] = "$.Payload"  # the Map's result stays under the 256 KiB limit
    return {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "Work", "States": {"Work": task}},
                # Dropped: 10,000 results would exceed the 256 KiB state output limit.
                "ResultPath": None,
                "End": True,
            }
        },
    }


def handler(event: Any) -> Any:
    return {"id": event["id"], "double": event["id"] * 2}


def best(repeat: int, fn: Callable[[], Any]) -> tuple[float, float]:
    """The fastest of ``repeat`` runs, in wall and in process CPU seconds."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = [{"id": i} for i in range(args.items)]
    n = len(items)

    direct = best(args.repeat, lambda: [handler(item) for item in items])

    legacy = definition("arn:aws:lambda:us-east-1:123456789012:function:double", None)
    short = best(args.repeat, lambda: sfnsim.run(legacy, items, tasks={"double": handler}))

    mocks = sfnsim.Mocks()
    mocks.lambda_("double").handler(handler)
    invoke = definition(
        "arn:aws:states:::lambda:invoke", {"FunctionName": "double", "Payload.$": "$"}
    )

    def run_mocked() -> None:
        ex = sfnsim.run(invoke, items, mocks=mocks)
        assert ex.status == "SUCCEEDED", ex.cause
        mocks.reset_calls()

    mocked = best(args.repeat, run_mocked)

    print(f"items: {n}")
    print(f"handler called directly:      {n / direct[0]:12,.0f} calls/s")
    for label, (t, cpu) in (("tasks= (Lambda ARN)", short), ("Mocks + lambda:invoke", mocked)):
        overhead_us = (t - direct[0]) / n * 1e6
        cpu_us = (cpu - direct[1]) / n * 1e6
        print(
            f"{label + ':':29} {n / t:12,.0f} tasks/s, {overhead_us:6.1f} us/task overhead "
            f"({cpu_us:.1f} us CPU)"
        )


if __name__ == "__main__":
    main()
