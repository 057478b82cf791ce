"""A Map whose handler waits on I/O, in-process and on a thread pool (``executor=``).

    python benchmarks/python/bench_executor.py [--items 10000] [--sleep-ms 20]
        [--max-concurrency 100] [--workers 100] [--serial-items 500] [--repeat 3]

The shape of issue 16's first benchmark: a Map over ``--items`` items whose Lambda handler
sleeps ``--sleep-ms`` (I/O-like), ``MaxConcurrency`` 100, on the virtual clock. In-process the
handlers run one after another, so the serial time is ``items x sleep``; it is measured over
``--serial-items`` items and scaled, to keep the run short. With
``ThreadPoolExecutor(--workers)`` the Map runs ``MaxConcurrency`` handlers at once: the ideal is
``items x sleep / MaxConcurrency`` (2 s for the defaults), the target within 1.5x of it; the
pooled time is the best of ``--repeat`` runs. For reference it also times a bare
``ThreadPoolExecutor`` running the same rounds of ``MaxConcurrency`` sleeps, without sfnsim.

The state machine is Express: 10,000 iterations record some 70,000 events, past a Standard
execution's 25,000 (run() keeps an Express history up to 100,000 events).
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sfnsim


def definition(max_concurrency: int) -> dict[str, Any]:
    return {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "MaxConcurrency": max_concurrency,
                "ItemProcessor": {
                    "StartAt": "Work",
                    "States": {
                        "Work": {
                            "Type": "Task",
                            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                            "End": True,
                        }
                    },
                },
                "ResultPath": None,  # 10,000 results would pass the 256 KiB output limit
                "End": True,
            }
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--sleep-ms", type=float, default=20.0)
    parser.add_argument("--max-concurrency", type=int, default=100)
    parser.add_argument("--workers", type=int, default=100)
    parser.add_argument("--serial-items", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many pooled runs")
    args = parser.parse_args()
    pause = args.sleep_ms / 1000

    def work(event: Any) -> Any:
        time.sleep(pause)
        return {"id": event["id"]}

    machine = definition(args.max_concurrency)

    def run(items: int, executor: ThreadPoolExecutor | None) -> float:
        start = time.perf_counter()
        ex = sfnsim.run(
            machine,
            [{"id": i} for i in range(items)],
            tasks={"work": work},
            executor=executor,
            state_machine_type="EXPRESS",
        )
        spent = time.perf_counter() - start
        assert ex.status == "SUCCEEDED", (ex.status, ex.error, ex.cause)
        return spent

    serial = run(args.serial_items, None) * args.items / args.serial_items
    with ThreadPoolExecutor(args.workers) as threads:
        pooled = min(run(args.items, threads) for _ in range(args.repeat))
    width = args.max_concurrency or args.workers
    with ThreadPoolExecutor(args.workers) as threads:
        start = time.perf_counter()
        for first in range(0, args.items, width):
            batch = [threads.submit(time.sleep, pause) for _ in range(first, first + width)]
            for future in batch:
                future.result()
        bare = time.perf_counter() - start
    ideal = args.items * pause / max(args.max_concurrency, 1)
    if args.max_concurrency == 0:
        ideal = args.items * pause / args.workers
    print(
        f"{args.items} items, handler sleeping {args.sleep_ms:g} ms, "
        f"MaxConcurrency {args.max_concurrency}"
    )
    print(f"  in-process (serial; {args.serial_items} items, scaled): {serial:8.2f} s")
    print(f"  ThreadPoolExecutor({args.workers}):                    {pooled:8.2f} s")
    print(f"  bare pool, same rounds of sleeps, no sfnsim:   {bare:8.2f} s")
    print(
        f"  ideal:                                         {ideal:8.2f} s "
        f"(pool at {pooled / ideal:.2f}x of it; {serial / pooled:.0f}x faster than serial)"
    )


if __name__ == "__main__":
    main()
