"""Rendering benchmark (not a test): how long the drawings take for a 100- and a 200-state
definition and for a 10,000-iteration Map execution. Run from the repository root:

    python benchmarks/python/bench_render.py

Each figure is the best of a few runs, from a fresh view (nothing cached)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

import sfnsim  # noqa: E402
from drawing.definitions import generated  # noqa: E402
from drawing.executions import big_map  # noqa: E402
from sfnsim.drawing import ExecutionView  # noqa: E402


def best(make: Callable[[], Any], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def calibration() -> float:
    """A fixed pure-Python loop (about 300 ms on an idle 2020s core), to read the figures below
    against the machine's load."""
    return best(lambda: sum(i * i for i in range(5_000_000)), runs=1)


def main() -> None:
    print(f"calibration loop: {calibration():.0f} ms")
    for n in (100, 200):
        definition = generated(n)
        states = len(sfnsim.render(definition).graph.states())
        svg = best(lambda d=definition: sfnsim.render(d).to_svg())
        html = best(lambda d=definition: sfnsim.render(d).to_html())
        print(f"definition, {states} states: SVG {svg:.0f} ms, HTML {html:.0f} ms")
    start = time.perf_counter()
    ex = big_map(10000)
    events = ex.history
    ran = (time.perf_counter() - start) * 1000
    print(f"10,000-iteration Map: ran in {ran:.0f} ms, {len(events):,} events")
    definition = ex.definition_dict or {}
    summary = {"name": ex.name, "status": ex.status}
    html = best(lambda: ExecutionView(definition, events, summary)._repr_html_())
    svg = best(lambda: ExecutionView(definition, events, summary).to_svg())
    print(f"10,000-iteration Map: Jupyter HTML view {html:.0f} ms, SVG {svg:.0f} ms")


if __name__ == "__main__":
    main()
