#!/usr/bin/env python3
"""Checks every definition of the real-world corpus (build_corpus.py) with sfnsim.

Each definition was deployed on AWS, so AWS accepts it. For each one this script, in a child
process of its own (a crash cannot take the run down and is counted):
  1. validates it (ValidateStateMachineDefinition, severity WARNING) and creates it
     (CreateStateMachine): a refusal is a false rejection;
  2. runs it once with every Task mocked (each answers `{}`), on the virtual clock, bounded by
     AWS's own limits (25,000 history events) and by --timeout seconds of real time.

It prints one line per definition that went wrong and a summary; exit status 1 when any false
rejection, crash or hang was found.

    tools/corpus/check_corpus.py [--corpus FILE] [--timeout SECONDS] [--jobs N] [--json REPORT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = (
    Path(os.environ.get("SFNSIM_CORPUS_DIR", Path.home() / ".cache" / "sfnsim-corpus"))
    / "corpus.jsonl"
)


def check_one(record: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Runs in the child: validate, create, run. Returns what happened."""
    import sfnsim

    text = json.dumps(record["definition"])
    client = sfnsim.client()
    validation = client.validate_state_machine_definition(definition=text, severity="WARNING")
    result: dict[str, Any] = {
        "validate": validation["result"],
        "errors": [d for d in validation["diagnostics"] if d["severity"] == "ERROR"],
        "warnings": [d for d in validation["diagnostics"] if d["severity"] == "WARNING"],
    }
    try:
        client.create_state_machine(
            name="corpus", definition=text, roleArn="arn:aws:iam::123456789012:role/corpus"
        )
        result["create"] = "OK"
    except Exception as exc:  # noqa: BLE001 (reported, not hidden)
        result["create"] = f"{type(exc).__name__}: {exc}"
        return result
    try:
        execution = sfnsim.run(text, {}, tasks=lambda event: {}, timeout=timeout)
        result["status"] = execution.status
        result["error"] = execution.error
    except sfnsim.RunTimeout:
        result["status"] = "HANG"
    return result


def run_child(index: int, corpus: Path, timeout: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--corpus", str(corpus), "--one", str(index)]
    command += ["--timeout", str(timeout)]
    try:
        done = subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=timeout + 30
        )
    except subprocess.TimeoutExpired:
        return {"status": "HANG", "detail": "the child process did not finish"}
    if done.returncode != 0:
        return {"status": "CRASH", "detail": (done.stderr or "")[-2000:]}
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--jobs", type=int, default=2, help="child processes at a time")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()]
    if args.one is not None:
        print(json.dumps(check_one(records[args.one], args.timeout)))
        return 0
    outcomes: Counter[str] = Counter()
    report = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(
            pool.map(lambda i: run_child(i, args.corpus, args.timeout), range(len(records)))
        )
    for record, result in zip(records, results):
        name = f"{record['repo']}/{record['path']}{record.get('pointer', '')}"
        if result.get("status") in ("HANG", "CRASH"):
            outcome = result["status"].lower()
        elif result.get("create") != "OK" or result.get("validate") != "OK":
            expected = record.get("expect", "").startswith("reject")
            outcome = "true_rejection" if expected else "false_rejection"
        elif record.get("expect", "").startswith("reject"):
            outcome = "false_acceptance"
        else:
            outcome = "ok"
        outcomes[outcome] += 1
        if result.get("warnings"):
            outcomes["with_warnings"] += 1
        report.append({"definition": name, "outcome": outcome, **result})
        if outcome not in ("ok", "true_rejection"):
            detail = result.get("errors") or result.get("create") or result.get("detail")
            print(f"{outcome.upper()}: {name}: {detail}")
        if outcome == "ok":
            outcomes[f"execution_{result.get('status', '?').lower()}"] += 1
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(
        f"{len(records)} definitions: {outcomes['ok']} accepted and ran, "
        f"{outcomes['false_rejection']} false rejections, {outcomes['crash']} crashes, "
        f"{outcomes['hang']} hangs; {outcomes['true_rejection']} refused as AWS refuses them, "
        f"{outcomes['false_acceptance']} accepted that AWS refuses; "
        f"{outcomes['with_warnings']} with warnings; executions: "
        + ", ".join(
            f"{k[10:]} {v}" for k, v in sorted(outcomes.items()) if k.startswith("execution_")
        )
    )
    return 1 if outcomes["false_rejection"] or outcomes["crash"] or outcomes["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
