"""What the lambda:invoke response envelope costs per Task: 10,000 lambda:invoke tasks through
``sfnsim.run`` with a trivial mock.

    python benchmarks/python/bench_invoke_envelope.py [--items 10000] [--repeat 5]
    python benchmarks/python/bench_invoke_envelope.py --compare /path/a/python /path/b/python

Three rows, CPU time per Task (the execution's teardown included), best of ``--repeat``:

- ``raw``: a raw task handler answering a constant result, no envelope;
- ``raw + envelope``: the same reply naming a request id, so the engine wraps the result in
  lambda:invoke's response (``ExecutedVersion``, ``Payload``, the eight HTTP headers);
- ``Mocks``: ``sfnsim.Mocks`` with a trivial handler, the path users take.

The envelope's own cost is the second row minus the first. ``--compare`` runs the rows in one
subprocess per given ``PYTHONPATH`` (each a tree holding an ``sfnsim`` package with its built
``_core``), alternating the trees for ``--rounds`` rounds: the shared machine's speed drifts by
tens of percent within minutes, so only side-by-side figures compare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any, Callable

import sfnsim
from alternating import alternating_rounds

DEFINITION: dict[str, Any] = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemProcessor": {
                "StartAt": "Invoke",
                "States": {
                    "Invoke": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                        "End": True,
                    }
                },
            },
            "ResultPath": None,  # 10,000 results would pass the 256 KiB output limit
            "End": True,
        }
    },
}
# Express: 10,000 iterations write 40,000 events, past a Standard execution's 25,000.
EXPRESS: dict[str, Any] = {"state_machine_type": "EXPRESS"}
RESULT = {"id": 1, "double": 2}


def raw(request: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "succeeded", "result": RESULT}


def raw_enveloped(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "succeeded",
        "result": RESULT,
        "lambda_invoke_request_id": ("e", "s", 0, "f", 0),
    }


def cpu_per_task(repeat: int, n: int, fn: Callable[[], Any]) -> float:
    """The least CPU time of ``repeat`` runs, in microseconds per Task."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times) / n * 1e6


def measure(n: int, repeat: int) -> dict[str, float]:
    items = [{"id": i} for i in range(n)]
    mocks = sfnsim.Mocks()
    mocks.lambda_("f").handler(lambda event: RESULT)

    def run(**kwargs: Any) -> None:
        ex = sfnsim.run(DEFINITION, items, **EXPRESS, **kwargs)
        assert ex.status == "SUCCEEDED", ex.cause

    def with_mocks() -> None:
        run(mocks=mocks)
        mocks.reset_calls()

    rows = {
        "raw": cpu_per_task(repeat, n, lambda: run(tasks=raw)),
        "raw + envelope": cpu_per_task(repeat, n, lambda: run(tasks=raw_enveloped)),
        "Mocks": cpu_per_task(repeat, n, with_mocks),
    }
    rows["envelope alone"] = rows["raw + envelope"] - rows["raw"]
    return rows


def compare(trees: list[str], args: argparse.Namespace) -> None:
    arguments = ["--items", str(args.items), "--repeat", str(args.repeat)]
    results = alternating_rounds(__file__, arguments, trees, args.rounds)
    print(f"CPU us per Task, {args.items} items, {args.rounds} alternating rounds: min (median)")
    labels = list(results[trees[0]][0])
    print(f"  {'':18}" + "".join(f"{os.path.basename(os.path.dirname(t)) or t:>22}" for t in trees))
    for label in labels:
        cells = []
        for tree in trees:
            values = [r[label] for r in results[tree]]
            cells.append(f"{min(values):8.2f} ({statistics.median(values):6.2f})")
        print(f"  {label + ':':18}" + "".join(f"{c:>22}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5, help="with --compare")
    parser.add_argument("--compare", nargs="+", metavar="PYTHONPATH")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args)
        return
    rows = measure(args.items, args.repeat)
    if args.json:
        print(json.dumps(rows))
        return
    print(f"CPU us per Task, {args.items} lambda:invoke tasks (best of {args.repeat}):")
    for label, value in rows.items():
        print(f"  {label + ':':18} {value:6.2f}")


if __name__ == "__main__":
    main()
