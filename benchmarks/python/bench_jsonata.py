"""sfnsim.jsonata against a pure-Python JSONata port, on the same expressions and data.

    pip install jsonata-python      # the port, for this benchmark only
    python benchmarks/python/bench_jsonata.py [--seconds 1]

Each expression is compiled once and evaluated repeatedly over one input (converted once with
``sfnsim.jsonata.document``); the figure is evaluations per second (median of 3 timed runs).
Results are checked to agree before timing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any, Callable

from sfnsim import jsonata as ours

ORDERS = {
    "orders": [
        {
            "id": i,
            "price": (i % 50) + 0.5,
            "qty": i % 7,
            "customer": f"c{i % 20}",
            "tags": ["a", "b"] if i % 3 else ["c"],
        }
        for i in range(1000)
    ]
}

CASES: list[tuple[str, str, Any]] = [
    ("path with predicate, 1,000 objects", "orders[price > 30].id", ORDERS),
    (
        "$map/$filter/$reduce chain",
        "$reduce($map($filter(orders, function($o) { $o.qty > 2 }), function($o) "
        "{ $o.price * $o.qty }), function($a, $b) { $a + $b })",
        ORDERS,
    ),
    (
        "string functions",
        "$join($map(orders[[0..99]], function($o) { $uppercase($substring($o.customer, 0, 2)) "
        '& "-" & $string($o.id) }), ",")',
        ORDERS,
    ),
    ("object constructor with grouping", "orders{customer: $sum(price)}", ORDERS),
    ("a $states.input.x field", "$states.input.x", None),
]


def rate(fn: Callable[[], Any], seconds: float) -> float:
    runs = []
    for _ in range(3):
        n = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            fn()
            n += 1
            now = time.perf_counter()
            if now >= deadline:
                break
        runs.append(n / (now - start))
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    try:
        import jsonata as port  # jsonata-python
    except ImportError:
        port = None
        print("jsonata-python is not installed: timing sfnsim only")

    print(f"{'expression':38} {'sfnsim/s':>12} {'port/s':>10} {'ratio':>8}")
    for label, source, data in CASES:
        states_input = {"states": {"input": {"x": 42}}}
        if data is None:
            compiled = ours.compile(source)
            ours_fn: Callable[[], Any] = lambda c=compiled, s=states_input: c.evaluate({}, s)  # noqa: E731
        else:
            compiled = ours.compile(source)
            # The input converted once, as a workflow's state input is (the port reads dicts).
            doc = ours.document(data)
            ours_fn = lambda c=compiled, d=doc: c.evaluate(d)  # noqa: E731
        ours_rate = rate(ours_fn, args.seconds)
        port_rate = float("nan")
        if port is not None:
            expr = port.Jsonata(source)
            if data is None:
                expr.assign("states", states_input["states"])
                port_fn: Callable[[], Any] = lambda e=expr: e.evaluate({})  # noqa: E731
            else:
                port_fn = lambda e=expr, d=data: e.evaluate(d)  # noqa: E731
            got, want = ours_fn(), port_fn()
            if got != want and not (isinstance(got, float) and abs(got - want) < 1e-6):
                print(f"  {label}: results differ: {str(got)[:60]} vs {str(want)[:60]}")
            port_rate = rate(port_fn, args.seconds)
        print(f"{label:38} {ours_rate:12,.0f} {port_rate:10,.0f} {ours_rate / port_rate:7.1f}x")


if __name__ == "__main__":
    main()
