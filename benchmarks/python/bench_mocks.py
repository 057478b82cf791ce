"""Mocked Lambda invocations per second through a Map over N items with a Python handler, and
the engine's overhead per Task over calling the handler directly.

    python benchmarks/python/bench_mocks.py [--items 10000] [--repeat 3]

Three timings: the handler called N times in a loop (the floor), the Map with the handler as a
``tasks=`` shorthand function (a legacy Lambda ARN: no response wrapping), and the Map through
``sfnsim.Mocks`` with ``lambda:invoke`` (the invoke response built around each result).
Overhead per Task = (Map time - direct time) / N: everything the engine and the mock layer do
per item (Map iteration, Task events, the request dict, JSON conversion both ways). Each figure
is given in wall time and in process CPU time: on a shared machine the CPU figure is the steadier.

``--breakdown`` also times the layers one by one (each row adds to the one above): a Map of Pass
states, a Task answered by a raw engine-level handler returning a constant, the same through
``lambda:invoke`` Parameters/OutputPath, with the engine building the invoke response, then the
mock layer (``tasks=`` and ``Mocks``).
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


# Express: a 10,000-item Map writes 40,000 events, past a Standard execution's 25,000.
LARGE: dict[str, Any] = {"state_machine_type": "EXPRESS"}


def best(repeat: int, fn: Callable[[], Any]) -> tuple[float, float]:
    """The fastest of ``repeat`` runs, in wall and in process CPU seconds."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def breakdown(items: list[dict[str, Any]], repeat: int) -> None:
    """CPU time per item of each layer, the execution's teardown included."""
    n = len(items)
    pass_map = definition("arn:unused", None)
    pass_map["States"]["Each"]["ItemProcessor"]["States"]["Work"] = {"Type": "Pass", "End": True}
    legacy = definition("arn:aws:lambda:us-east-1:123456789012:function:double", None)
    invoke = definition(
        "arn:aws:states:::lambda:invoke", {"FunctionName": "double", "Payload.$": "$"}
    )

    def constant(request: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "succeeded", "result": {"id": 1, "double": 2}}

    def constant_invoke(request: dict[str, Any]) -> dict[str, Any]:
        return {**constant(request), "lambda_invoke_request_id": ("e", "s", 0, "double", 0)}

    mocks = sfnsim.Mocks()
    mocks.lambda_("double").handler(handler)

    def with_mocks() -> None:
        sfnsim.run(invoke, items, mocks=mocks, **LARGE)
        mocks.reset_calls()

    rows = [
        ("Map of Pass states", lambda: sfnsim.run(pass_map, items, **LARGE)),
        (
            "Task, raw handler, Lambda ARN",
            lambda: sfnsim.run(legacy, items, tasks=constant, **LARGE),
        ),
        (
            "Task, raw handler, lambda:invoke",
            lambda: sfnsim.run(invoke, items, tasks=constant, **LARGE),
        ),
        (
            "  + invoke response by the engine",
            lambda: sfnsim.run(invoke, items, tasks=constant_invoke, **LARGE),
        ),
        (
            "tasks= (Lambda ARN)",
            lambda: sfnsim.run(legacy, items, tasks={"double": handler}, **LARGE),
        ),
        ("Mocks + lambda:invoke", with_mocks),
    ]
    print("CPU per item, each layer (the execution's teardown included):")
    for label, fn in rows:
        _, cpu = best(repeat, fn)
        print(f"  {label + ':':36} {cpu / n * 1e6:6.2f} us")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true", help="time the layers one by one")
    args = parser.parse_args()
    items = [{"id": i} for i in range(args.items)]
    n = len(items)

    direct = best(args.repeat, lambda: [handler(item) for item in items])

    legacy = definition("arn:aws:lambda:us-east-1:123456789012:function:double", None)
    short = best(args.repeat, lambda: sfnsim.run(legacy, items, tasks={"double": handler}, **LARGE))

    mocks = sfnsim.Mocks()
    mocks.lambda_("double").handler(handler)
    invoke = definition(
        "arn:aws:states:::lambda:invoke", {"FunctionName": "double", "Payload.$": "$"}
    )

    def run_mocked() -> None:
        ex = sfnsim.run(invoke, items, mocks=mocks, **LARGE)
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
    if args.breakdown:
        breakdown(items, args.repeat)


if __name__ == "__main__":
    main()
