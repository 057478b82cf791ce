"""``sfnsim.run`` end to end on ../shared/bench's 1,000-state Pass chain (issue 14's rows
"compiling a 1,000-state definition" and "``sfnsim.run`` of a 1,000-state Pass chain, compile
included"), beside aws-local-stepfunctions running the same definition in the same run. Run from
the repository root:

    python benchmarks/python/bench_run.py [--alsf DIR] [--runs 300]
    python benchmarks/python/bench_run.py --compare /path/a/python /path/b/python [--rounds 5]

Rows (wall time per call, the minimum and the median of ``--runs`` calls, CPU time alike):

- ``compile``: ``sfnsim.compile_definition(text)`` of the definition text, the compiled machine
  freed after each call, as a run frees it;
- ``run (text)``: ``sfnsim.run(text, input)``, compile, execution, the Execution object and its
  teardown included; reported as transitions/s (one per ``*StateEntered`` event);
- ``run (dict)``: the same with the definition as a dict (``json.dumps`` first, as boto3 users
  pass it);
- ``run (dict, mocks)``: the same with a ``sfnsim.Mocks`` of one state entry: the definition is
  also walked for mock entries no state can use;
- ``run (engine)``: ``sfnsim.run(text, input, engine=engine)`` with one ``sfnsim.Engine`` for
  every call: the definition is compiled once, through the engine's cache of compiled
  definitions (a tree without ``engine=`` skips this row and the next);
- ``Engine()``: constructing an engine (what a per-call service object would cost);
- ``3-state run`` and ``3-state engine``: ``sfnsim.run`` of a small workflow (a Choice and
  two Pass states, an order as input) without and with ``engine=``: what a call costs beside
  its states, the figure a test suite of many small runs sees.

``--alsf DIR`` names a folder where ``npm install aws-local-stepfunctions`` was run (outside the
project); with Node on the PATH, ``benchmarks/node/alsf_run.mjs`` runs the same definition and
input there right after, and both figures are printed with their ratio. Without it (or without
Node) the peer row is skipped. ``--compare`` runs the sfnsim rows in one subprocess per given
``PYTHONPATH`` (each a tree holding an ``sfnsim`` package with its built ``_core``), alternating
the trees for ``--rounds`` rounds (the shared machine's speed drifts by tens of percent within
minutes, so only side-by-side figures compare), then the peer once per round as well.
"""

from __future__ import annotations

import argparse
import inspect
import json
import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

from alternating import alternating_rounds

ROOT = Path(__file__).resolve().parents[2]
DEFS = ROOT.parent / "shared" / "bench" / "defs"
NODE_SCRIPT = ROOT / "benchmarks" / "node" / "alsf_run.mjs"


def pass_chain(n: int) -> dict[str, Any]:
    """The shape of ../shared/bench/defs/pass_chain_1000.json, for a machine without ../shared."""
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n)}
    states[f"S{n - 1}"] = {"Type": "Pass", "End": True}
    return {"StartAt": "S0", "States": states}


# A small workflow: what most runs in a test suite look like.
SMALL: dict[str, Any] = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.amount", "NumericGreaterThan": 10, "Next": "Large"}],
            "Default": "Small",
        },
        "Large": {"Type": "Pass", "Result": "large", "ResultPath": "$.size", "End": True},
        "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": True},
    },
}
SMALL_INPUT = {"orderId": "o-1", "amount": 42, "items": [{"sku": "a", "qty": 2}]}


def definition_files() -> tuple[Path | None, Path | None]:
    definition, given = DEFS / "pass_chain_1000.json", DEFS / "pass_chain_1000.input.json"
    return (definition, given) if definition.is_file() and given.is_file() else (None, None)


def timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    for _ in range(max(10, runs // 10)):  # warm up
        fn()
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return {
        "min_ms": min(walls) * 1e3,
        "median_ms": statistics.median(walls) * 1e3,
        "cpu_min_ms": min(cpus) * 1e3,
        "cpu_median_ms": statistics.median(cpus) * 1e3,
    }


def measure(runs: int) -> dict[str, Any]:
    import sfnsim

    definition_file, input_file = definition_files()
    if definition_file and input_file:
        text = definition_file.read_text()
        value = json.loads(input_file.read_text())
    else:
        text = json.dumps(pass_chain(1000))
        value = {"orderId": "o-1", "amount": 42}
    as_dict = json.loads(text)
    check = sfnsim.run(text, value)
    transitions = sum(1 for e in check.history if e["type"].endswith("StateEntered"))
    assert check.status == "SUCCEEDED", check.status

    rows = {
        "compile": timed(lambda: sfnsim.compile_definition(text), runs),
        "run (text)": timed(lambda: sfnsim.run(text, value), runs),
        "run (dict)": timed(lambda: sfnsim.run(as_dict, value), runs),
    }
    # With mocks the definition is walked for entries no state can use (sfnsim.mock_usage).
    mocks = sfnsim.Mocks()
    mocks.state(as_dict["StartAt"]).returns({"mocked": True})
    rows["run (dict, mocks)"] = timed(lambda: sfnsim.run(as_dict, value, mocks=mocks), runs)
    if "engine" in inspect.signature(sfnsim.run).parameters:  # a tree before the cache has none
        engine = sfnsim.Engine()
        rows["run (engine)"] = timed(lambda: sfnsim.run(text, value, engine=engine), runs)
        rows["Engine()"] = timed(sfnsim.Engine, runs)
    small_text = json.dumps(SMALL)
    rows["3-state run"] = timed(lambda: sfnsim.run(small_text, SMALL_INPUT), runs)
    if "engine" in inspect.signature(sfnsim.run).parameters:
        rows["3-state engine"] = timed(
            lambda: sfnsim.run(small_text, SMALL_INPUT, engine=engine), runs
        )
    return {"transitions": transitions, "rows": rows, "sfnsim": sfnsim.__file__}


def alsf(package_dir: str | None) -> dict[str, float] | None:
    """aws-local-stepfunctions on the same definition, or None when it cannot run here."""
    definition_file, input_file = definition_files()
    node = shutil.which("node")
    if not (package_dir and node and definition_file and input_file):
        return None
    if not (Path(package_dir) / "node_modules" / "aws-local-stepfunctions").is_dir():
        return None
    out = subprocess.run(
        [node, str(NODE_SCRIPT), package_dir, str(definition_file), str(input_file)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def rate(transitions: int, ms: float) -> float:
    return transitions / (ms / 1e3)


def print_peer(peer: dict[str, float] | None, sfnsim_ms: float, transitions: int) -> None:
    if peer is None:
        print(
            "  aws-local-stepfunctions: skipped (no --alsf DIR with the package, Node or ../shared)"
        )
        return
    peer_rate = rate(peer["transitions"], peer["run_s"] * 1e3)
    built_rate = rate(peer["transitions"], peer["construct_and_run_s"] * 1e3)
    ours = rate(transitions, sfnsim_ms)
    print(
        f"  aws-local-stepfunctions 3 (median of 7 after 10 warm-up runs): {peer_rate:,.0f} "
        f"transitions/s run alone ({built_rate:,.0f}/s with `new StateMachine` each time)"
    )
    print(
        f"  sfnsim.run (text, compile included, median) / aws-local-stepfunctions run alone: "
        f"{ours / peer_rate:.1f}x"
    )


def report(result: dict[str, Any], runs: int) -> None:
    transitions = result["transitions"]
    print(f"sfnsim.run of a 1,000-state Pass chain ({transitions} transitions), {runs} calls each:")
    for label, row in result["rows"].items():
        line = (
            f"  {label + ':':15} min {row['min_ms']:.3f} ms, median {row['median_ms']:.3f} ms "
            f"(CPU min {row['cpu_min_ms']:.3f}, median {row['cpu_median_ms']:.3f})"
        )
        if label.startswith("run"):
            line += f" = {rate(transitions, row['median_ms']):,.0f} transitions/s (median)"
        print(line)


def compare(trees: list[str], args: argparse.Namespace) -> None:
    peers: list[dict[str, float]] = []

    def measure_peer() -> None:
        peer = alsf(args.alsf)
        if peer is not None:
            peers.append(peer)

    arguments = ["--runs", str(args.runs)]
    results = alternating_rounds(__file__, arguments, trees, args.rounds, measure_peer)
    first = results[trees[0]][0]
    transitions = first["transitions"]
    print(
        f"{args.rounds} alternating rounds, {args.runs} calls per row per round; per row the "
        "minimum (median) over rounds of each round's median, wall ms [CPU ms]"
    )
    for tree in trees:
        print(f"  {tree}: {results[tree][0]['sfnsim']}")
    labels = [label for label in first["rows"]]
    labels += [label for tree in trees for label in results[tree][0]["rows"] if label not in labels]
    for label in labels:
        cells = []
        for tree in trees:
            if label not in results[tree][0]["rows"]:
                cells.append("-")
                continue
            medians = [r["rows"][label]["median_ms"] for r in results[tree]]
            cpu = [r["rows"][label]["cpu_median_ms"] for r in results[tree]]
            cell = (
                f"{min(medians):.3f} ({statistics.median(medians):.3f}) "
                f"[{statistics.median(cpu):.3f}]"
            )
            if label.startswith("run"):
                cell += f" {rate(transitions, statistics.median(medians)) / 1e3:,.0f}k/s"
            cells.append(cell)
        print(f"  {label + ':':12} " + " | ".join(cells))
    if peers:
        peer_rates = [rate(p["transitions"], p["run_s"] * 1e3) for p in peers]
        print(
            "  aws-local-stepfunctions, run alone, per round: "
            + ", ".join(f"{r / 1e3:,.0f}k" for r in peer_rates)
            + " transitions/s"
        )
        for tree in trees:
            ratios = [
                rate(transitions, r["rows"]["run (text)"]["median_ms"]) / p
                for r, p in zip(results[tree], peer_rates)
            ]
            print(
                f"  sfnsim.run (text) / aws-local-stepfunctions, same round, {tree}: "
                + ", ".join(f"{x:.1f}x" for x in ratios)
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5, help="with --compare")
    parser.add_argument("--compare", nargs="+", metavar="PYTHONPATH")
    parser.add_argument("--alsf", metavar="DIR", help="where aws-local-stepfunctions is installed")
    parser.add_argument("--json", action="store_true", help="print the sfnsim rows as JSON")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args)
        return
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result))
        return
    report(result, args.runs)
    peer = alsf(args.alsf)
    print_peer(peer, result["rows"]["run (text)"]["median_ms"], result["transitions"])
    engine_row = result["rows"].get("run (engine)")
    if peer is not None and engine_row is not None:
        ours = rate(result["transitions"], engine_row["median_ms"])
        theirs = rate(peer["transitions"], peer["run_s"] * 1e3)
        print(
            "  sfnsim.run (engine=, median) / aws-local-stepfunctions run alone: "
            f"{ours / theirs:.1f}x"
        )


if __name__ == "__main__":
    main()
