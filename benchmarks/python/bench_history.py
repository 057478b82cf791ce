"""Reading an execution back (not a test): the history as boto3 events, and the state visits
the history reader rebuilds from it, for the shapes of issue 14's table. Run from the
repository root:

    python benchmarks/python/bench_history.py

Each figure is the best of a few runs from a fresh read (nothing cached)."""

from __future__ import annotations

import time
from typing import Any, Callable

import sfnsim


def best(make: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


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


def main() -> None:
    chain = sfnsim.run(pass_chain(1000), {"a": 1})
    events = len(chain.history)
    ms = best(lambda: fresh(chain).history)
    print(f"ex.history, 1,000-state Pass chain ({events} events): {ms:.1f} ms")

    def chain_visits() -> None:
        fresh(chain).trace.states()

    ms = best(chain_visits)
    print(f"state visits, same chain (history included): {ms:.1f} ms")

    # Express: a 10,000-iteration Map has 40,006 events, past a Standard execution's limit.
    big = sfnsim.run(MAP, {"items": list(range(10_000))}, state_machine_type="EXPRESS")
    events = len(big.history)
    ms = best(lambda: fresh(big).history, runs=3)
    print(f"ex.history, 10,000-iteration Map ({events} events): {ms:.0f} ms")
    history = big.history

    def visits() -> None:
        history._trace = None
        history.trace.states()

    print(f"state visits of that Map (history read): {best(visits, runs=3):.0f} ms")
    print(f"Jupyter HTML of that Map: {best(lambda: fresh(big)._repr_html_(), runs=2):.0f} ms")


if __name__ == "__main__":
    main()
