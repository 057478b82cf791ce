"""A Distributed Map of Pass iterations over an ItemReader source in the in-memory S3, on the
virtual clock: wall time and peak memory for 10,000, 100,000 and 1,000,000 items, and how
both grow with the item count (issue 16, item 5).

    python benchmarks/python/bench_distributed_map.py [--items 10000 100000 1000000]
        [--concurrency 1000] [--format JSONL|CSV|JSON|LISTING] [--batch N] [--keep-results]

Sources (docs/semantics/distributed-map.md S1, S2*): ``JSONL`` and ``CSV`` objects
(``{"id":N,"name":"item-N"}`` a line, or its CSV rows), ``JSON`` the same items in one JSON
array document, ``LISTING`` a listObjectsV2 reader over that many (empty) objects. ``--batch N``
adds an ItemBatcher with ``MaxItemsPerBatch`` N, so the run has items / N child executions and
the reader's and batcher's share of the memory shows.

Each size runs in a fresh process, so its peak resident set (``ru_maxrss``) is its own.
``before`` is the resident set once the object is in S3 (the object's bytes included), ``peak``
the most the process held while the execution ran; ``per item`` is (peak - before) / items.
The Map runs with ``ResultPath: null``: its result (every child's output in one array) is over
AWS's 256 KiB payload limit at these sizes, so it would fail the state with
States.DataLimitExceeded once every child has run, as on AWS; ``--keep-results`` builds it
anyway (and shows that failure).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


def definition(fmt: str, concurrency: int, discard: bool, batch: int = 0) -> dict:
    if fmt == "LISTING":
        reader = {
            "Resource": "arn:aws:states:::s3:listObjectsV2",
            "Parameters": {"Bucket": "data", "Prefix": "objects/"},
        }
    else:
        reader = {
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": fmt},
            "Parameters": {"Bucket": "data", "Key": "items"},
        }
    state = {
        "Type": "Map",
        "ItemReader": reader,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Each",
            "States": {"Each": {"Type": "Pass", "End": True}},
        },
        "MaxConcurrency": concurrency,
        "End": True,
    }
    if discard:
        state["ResultPath"] = None
    if batch:
        state["ItemBatcher"] = {"MaxItemsPerBatch": batch}
    return {"StartAt": "Map", "States": {"Map": state}}


def one(items: int, fmt: str, concurrency: int, discard: bool, batch: int = 0) -> dict:
    import sfnsim
    from sfnsim.services import MemoryServices

    services = MemoryServices(["s3"])
    services.s3.create_bucket("data")
    if fmt == "LISTING":
        for i in range(items):
            services.s3.put_object("data", f"objects/{i:08d}", "")
        object_bytes = 0
    else:
        if fmt == "JSONL":
            body = "".join(f'{{"id":{i},"name":"item-{i}"}}\n' for i in range(items))
        elif fmt == "JSON":
            body = "[" + ",".join(f'{{"id":{i},"name":"item-{i}"}}' for i in range(items)) + "]"
        else:
            body = "id,name\n" + "".join(f"{i},item-{i}\n" for i in range(items))
        services.s3.put_object("data", "items", body)
        object_bytes = len(body)
        del body
    before = resident_mb()
    started = time.perf_counter()
    ex = sfnsim.run(definition(fmt, concurrency, discard, batch), {}, services=services)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    return {
        "items": items,
        "status": ex.status,
        "wall_s": wall,
        "object_mb": object_bytes / 1e6,
        "before_mb": before,
        "peak_mb": peak,
        "after_mb": resident_mb(),
    }


def measure(sizes: list[int], fmt: str, concurrency: int, batch: int, keep: bool) -> list[dict]:
    """One fresh process per size (its own peak resident set)."""
    rows = []
    for n in sizes:
        command = [sys.executable, __file__, "--one", str(n), "--format", fmt]
        command += ["--concurrency", str(concurrency), "--batch", str(batch)]
        if keep:
            command.append("--keep-results")
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    return rows


def compare(trees: list[str], rounds: int, forwarded: list[str]) -> None:
    """The same sizes against several source trees (each a ``python/`` folder with its built
    ``_core``), alternating per round so the machine's load drifts across them alike."""
    sys.path.insert(0, os.path.dirname(__file__))
    from alternating import alternating_rounds

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    results = alternating_rounds(__file__, forwarded, trees, rounds)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print(f"{rounds} rounds; per size the minimum wall and the peak resident set of each round")
    for i, row in enumerate(results[trees[0]][0]):
        cells = []
        for tree in trees:
            wall = min(r[i]["wall_s"] for r in results[tree])
            peaks = "/".join(f"{r[i]['peak_mb']:.0f}" for r in results[tree])
            cells.append(f"{wall:.2f} s, peak {peaks} MB")
        print(f"  {row['items']:>9,} items: " + " | ".join(cells))
    print("  trees: " + " | ".join(trees))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--concurrency", type=int, default=1000)
    parser.add_argument("--format", choices=["JSONL", "CSV", "JSON", "LISTING"], default="JSONL")
    parser.add_argument("--batch", type=int, default=0, help="ItemBatcher MaxItemsPerBatch")
    parser.add_argument("--keep-results", action="store_true", help="build the Map's result")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--compare", nargs="+", metavar="TREE", help="python/ trees to alternate")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    discard = not args.keep_results
    if args.one:
        print(json.dumps(one(args.one, args.format, args.concurrency, discard, args.batch)))
        return
    if args.compare:
        forwarded = ["--items", *map(str, args.items), "--format", args.format]
        forwarded += ["--concurrency", str(args.concurrency), "--batch", str(args.batch)]
        if args.keep_results:
            forwarded.append("--keep-results")
        compare(args.compare, args.rounds, forwarded)
        return
    if args.json:
        rows = measure(args.items, args.format, args.concurrency, args.batch, args.keep_results)
        print(json.dumps(rows))
        return
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    rows = measure(args.items, args.format, args.concurrency, args.batch, args.keep_results)
    for row in rows:
        n = row["items"]
        grown = row["peak_mb"] - row["before_mb"]
        print(
            f"{n:>9,} items: {row['status']}, {row['wall_s']:7.2f} s "
            f"({row['wall_s'] * 1e6 / n:5.1f} us/item), peak {row['peak_mb']:7.0f} MB "
            f"(before {row['before_mb']:.0f} MB, object {row['object_mb']:.0f} MB), "
            f"{grown * 1e6 / n:5.0f} B/item"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    first, last = rows[0], rows[-1]
    scale = last["items"] / first["items"]
    grown_first = max(first["peak_mb"] - first["before_mb"], 1e-9)
    grown_last = last["peak_mb"] - last["before_mb"]
    print(
        f"x{scale:,.0f} items: wall x{last['wall_s'] / first['wall_s']:.1f}, "
        f"memory grown x{grown_last / grown_first:.1f}"
    )


if __name__ == "__main__":
    main()
