"""Reading an execution back (not a test): the history as boto3 events, and the state visits
the history reader rebuilds from it, for the shapes of issue 14's table. Run from the
repository root:

    python benchmarks/python/bench_history.py
    python benchmarks/python/bench_history.py --compare /path/a/python /path/b/python [--rounds 5]

Each figure is the best of a few runs from a fresh read (nothing cached), wall time with the
process's CPU time beside it (on a shared machine the wall clock also counts other processes).
``--compare`` runs this script once per given ``PYTHONPATH`` (a tree holding an ``sfnsim``
package with its built ``_core``) per round, alternating (``alternating.py``), and prints per
row the minimum (median) over the rounds."""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any, Callable

import sfnsim
from alternating import alternating_rounds


def best(make: Callable[[], Any], runs: int = 5) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        make()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return {"ms": min(walls) * 1000, "cpu_ms": min(cpus) * 1000}


def pass_chain(n: int) -> dict[str, Any]:
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n)}
    states[f"S{n - 1}"] = {"Type": "Pass", "End": True}
    return {"StartAt": "S0", "States": states}


MAP = {
    "StartAt": "M",
    "States": {
        "M": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True,
        }
    },
}


def fresh(ex: sfnsim.Execution) -> sfnsim.Execution:
    ex._history = None  # what a first read pays
    ex._view = None
    return ex


def measure() -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = {}
    chain = sfnsim.run(pass_chain(1000), {"a": 1})
    events = len(chain.history)
    rows[f"ex.history, 1,000-state Pass chain ({events} events)"] = best(
        lambda: fresh(chain).history, runs=20
    )

    def chain_visits() -> None:
        fresh(chain).trace.states()

    rows["state visits, same chain (history included)"] = best(chain_visits)

    # Express: a 10,000-iteration Map has 40,006 events, past a Standard execution's limit.
    big = sfnsim.run(MAP, {"items": list(range(10_000))}, state_machine_type="EXPRESS")
    events = len(big.history)
    rows[f"ex.history, 10,000-iteration Map ({events} events)"] = best(
        lambda: fresh(big).history, runs=3
    )
    history = big.history

    def visits() -> None:
        history._trace = None
        history.trace.states()

    rows["state visits of that Map (history read)"] = best(visits, runs=5)

    def one_state() -> Any:
        history._trace = None
        return big.state("P").output

    rows["ex.state('P').output of that Map (history read)"] = best(one_state, runs=5)

    def every_visit() -> int:
        history._trace = None
        # Every lane and visit made, as a drawing reads them.
        return sum(len(lane.visits) for lane in history.trace._lanes())

    rows["every lane and visit of that Map made (history read)"] = best(every_visit, runs=5)
    rows["Jupyter HTML of that Map"] = best(lambda: fresh(big)._repr_html_(), runs=3)
    return rows


def compare(trees: list[str], rounds: int) -> None:
    results = alternating_rounds(__file__, [], trees, rounds)
    print(
        f"{rounds} alternating rounds; per row the minimum (median) over the rounds of each "
        "round's best, wall ms [CPU ms]"
    )
    for label in results[trees[0]][0]:
        cells = []
        for tree in trees:
            wall = [r[label]["ms"] for r in results[tree]]
            cpu = [r[label]["cpu_ms"] for r in results[tree]]
            cells.append(
                f"{min(wall):.1f} ({statistics.median(wall):.1f}) "
                f"[{min(cpu):.1f} ({statistics.median(cpu):.1f})]"
            )
        print(f"  {label}: " + " | ".join(cells))
    print("  trees: " + " | ".join(trees))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", nargs="+", metavar="PYTHONPATH")
    parser.add_argument("--rounds", type=int, default=5, help="with --compare")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args.rounds)
        return
    rows = measure()
    if args.json:
        print(json.dumps(rows))
        return
    for label, row in rows.items():
        print(f"{label}: {row['ms']:.1f} ms (CPU {row['cpu_ms']:.1f} ms)")


if __name__ == "__main__":
    main()
