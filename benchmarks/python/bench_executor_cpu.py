"""A Map whose handler burns CPU in pure Python: serial, on a process pool and on Dask.

    python benchmarks/python/bench_executor_cpu.py [--items 2000] [--work-ms 10]
        [--workers 2] [--repeat 2] [--no-dask] [--no-dask-references] [--json]
    python benchmarks/python/bench_executor_cpu.py --compare /path/a/python /path/b/python
        [--rounds 2] [same options]

Issue 16's second benchmark: a Map over ``--items`` items whose Lambda handler spends about
``--work-ms`` of pure-Python CPU time (a loop calibrated once, in this process, so that every
run does the same work), ``MaxConcurrency`` 0, on the virtual clock. It is run in-process
(serial: one core), on ``ProcessPoolExecutor(--workers)`` and on a Dask
``LocalCluster(n_workers=--workers, threads_per_worker=1)`` of processes (``sfnsim[dask]``).
With 2 workers on 2 cores the ideal is half the serial time; the target is at least 1.7x
faster than serial. Each executor's time is the best of ``--repeat`` runs, its pool started
beforehand (start-up is not the Map's time). For reference each executor also runs the same
handler calls submitted directly, without sfnsim ("bare"), and each executor also with
``chunks=False`` (``ProcessPool(pool, chunks=False)``, ``DaskExecutor(client, chunks=False)``),
one task per handler call (sfnsim's adapters send the calls in chunks, docs/executors.md
"Handler calls in chunks"; a tree whose sfnsim has no ``ProcessPool`` sends one task per call
anyway and skips that row). The load average is printed before and after: other work on the
machine takes cores from the workers. With ``psutil`` (a dependency of Dask) each time comes
with the CPU seconds this process and its children (pool workers, Dask's scheduler, nannies
and workers) spent in that run: less noisy than wall time on a busy machine.

``--compare`` runs the whole benchmark once per given ``PYTHONPATH`` (a tree holding an
``sfnsim`` package with its built ``_core``), alternating the trees for ``--rounds`` rounds, and
prints each run's rows side by side: the shared machine's load drifts within minutes, so only
runs of the same minutes compare, each executor against the serial time of its own run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import sfnsim
from sfnsim import executors

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from alternating import alternating_rounds  # noqa: E402 - beside this script

try:
    import psutil
except ImportError:  # CPU seconds are left out
    psutil = None


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and all its live descendants."""
    if psutil is None:
        return float("nan")
    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


class Timing:
    """The best wall time of several runs, and the CPU seconds of that run."""

    def __init__(self) -> None:
        self.wall = float("inf")
        self.cpu = float("nan")

    def measure(self, fn: Any) -> Timing:
        cpu, start = cpu_seconds(), time.perf_counter()
        fn()
        wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        if wall < self.wall:
            self.wall, self.cpu = wall, cpu
        return self


def burn(event: Any) -> Any:
    """The handler: ``rounds`` of integer arithmetic, as a pure-Python transform would do."""
    total = 0
    for i in range(event["rounds"]):
        total = (total + i * i) % 1_000_003
    return {"id": event["id"], "total": total}


def calibrate(work_ms: float) -> int:
    """Rounds of ``burn`` taking ``work_ms`` on this machine now (median of 5 timings)."""
    rounds = 10_000
    while True:
        start = time.perf_counter()
        burn({"id": 0, "rounds": rounds})
        if time.perf_counter() - start > 0.02:
            break
        rounds *= 2
    times = []
    for _ in range(5):
        start = time.perf_counter()
        burn({"id": 0, "rounds": rounds})
        times.append(time.perf_counter() - start)
    per_round = sorted(times)[2] / rounds
    return max(1, int(work_ms / 1000 / per_round))


DEFINITION = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "MaxConcurrency": 0,
            "ItemProcessor": {
                "StartAt": "Work",
                "States": {
                    "Work": {
                        "Type": "Task",
                        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:burn",
                        "End": True,
                    }
                },
            },
            "ResultPath": None,
            "End": True,
        }
    },
}


def run(items: list[dict[str, Any]], executor: Any) -> None:
    ex = sfnsim.run(DEFINITION, items, tasks={"burn": burn}, executor=executor)
    assert ex.status == "SUCCEEDED", (ex.status, ex.error, ex.cause)


def best(items: list[dict[str, Any]], executor: Executor | Any, repeat: int) -> Timing:
    run(items[:50], executor)  # the workers are up and have imported sfnsim
    timing = Timing()
    for _ in range(repeat):
        timing.measure(lambda: run(items, executor))
    return timing


def bare(items: list[dict[str, Any]], executor: Executor, repeat: int) -> Timing:
    """The same handler calls submitted to the executor directly, without sfnsim: what the
    executor itself costs on this machine now."""

    def once() -> None:
        for future in [executor.submit(burn, item) for item in items]:
            future.result()

    timing = Timing()
    for _ in range(repeat):
        timing.measure(once)
    return timing


def measure_all(args: argparse.Namespace) -> dict[str, Any]:
    """Every row of the benchmark: label, best wall time, its CPU seconds; and the load."""
    load_before = os.getloadavg()
    rounds = calibrate(args.work_ms)
    items = [{"id": i, "rounds": rounds} for i in range(args.items)]

    serial = Timing()
    for _ in range(args.repeat):
        serial.measure(lambda: run(items, None))
    results = [("in-process (serial)", serial)]
    with ProcessPoolExecutor(args.workers) as processes:
        label = f"ProcessPoolExecutor({args.workers})"
        results.append((label, best(items, processes, args.repeat)))
        if hasattr(executors, "ProcessPool"):
            unchunked = executors.ProcessPool(processes, chunks=False)
            results.append(
                ("  one task per call, chunks=False", best(items, unchunked, args.repeat))
            )
        results.append(("  the same calls, bare pool", bare(items, processes, args.repeat)))
    if not args.no_dask:
        dask_rows(items, args, results)
    return {
        "rounds": rounds,
        "rows": [{"label": label, "wall": t.wall, "cpu": t.cpu} for label, t in results],
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


def dask_rows(
    items: list[dict[str, Any]], args: argparse.Namespace, results: list[tuple[str, Timing]]
) -> None:
    """The Dask rows: sfnsim's adapter, and unless ``--no-dask-references`` (each as long as
    the serial run) one task per call and the bare calls."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
    ) as cluster:
        label = f"Dask LocalCluster({args.workers} workers)"
        results.append((label, best(items, cluster, args.repeat)))
        if args.no_dask_references:
            return
        with Client(cluster) as client:
            unchunked = executors.DaskExecutor(client, chunks=False)
            results.append(
                ("  one task per call, chunks=False", best(items, unchunked, args.repeat))
            )
            pool = client.get_executor(pure=False)
            results.append(("  the same calls, bare Dask", bare(items, pool, args.repeat)))


def loads(result: dict[str, Any]) -> str:
    before, after = result["load_before"], result["load_after"]
    return (
        "load average (1, 5, 15 min) before: "
        + ", ".join(f"{x:.2f}" for x in before)
        + "; after: "
        + ", ".join(f"{x:.2f}" for x in after)
    )


def report(result: dict[str, Any], args: argparse.Namespace) -> None:
    print(
        f"{args.items} items, handler burning ~{args.work_ms:g} ms of CPU "
        f"({result['rounds']} rounds), MaxConcurrency 0, {os.cpu_count()} cores"
    )
    serial = result["rows"][0]["wall"]
    for row in result["rows"]:
        print(
            f"  {row['label']:34} {row['wall']:7.2f} s   {serial / row['wall']:4.2f}x serial   "
            f"{row['cpu']:6.1f} CPU-s"
        )
    print("  " + loads(result))


def compare(trees: list[str], args: argparse.Namespace) -> None:
    arguments = [
        *("--items", str(args.items), "--work-ms", str(args.work_ms)),
        *("--workers", str(args.workers), "--repeat", str(args.repeat)),
        *(["--no-dask"] if args.no_dask else []),
        *(["--no-dask-references"] if args.no_dask_references else []),
    ]
    results = alternating_rounds(__file__, arguments, trees, args.rounds)
    print(
        f"{args.items} items, handler burning ~{args.work_ms:g} ms of CPU, {args.rounds} "
        f"alternating rounds; per row: wall s, x its run's serial, CPU-s"
    )
    for number in range(args.rounds):
        for tree in trees:
            result = results[tree][number]
            print(f"round {number + 1}, {tree}: {loads(result)}")
            serial = result["rows"][0]["wall"]
            for row in result["rows"]:
                print(
                    f"  {row['label']:34} {row['wall']:7.2f} s {serial / row['wall']:5.2f}x "
                    f"{row['cpu']:6.1f} CPU-s"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2_000)
    parser.add_argument("--work-ms", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster")
    parser.add_argument(
        "--no-dask-references",
        action="store_true",
        help="skip Dask's one-task-per-call and bare rows (each about as long as serial)",
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--compare", nargs="+", metavar="PYTHONPATH")
    parser.add_argument("--rounds", type=int, default=2, help="with --compare")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args)
        return
    result = measure_all(args)
    if args.json:
        print(json.dumps(result))
    else:
        report(result, args)


if __name__ == "__main__":
    main()
