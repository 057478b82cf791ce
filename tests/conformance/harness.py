"""Runs recorded AWS conformance cases through sfnsim's public API."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sfnsim

from .simultaneous import aligned
from .superseded import in_todays_form

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CASES = SHARED / "conformance" / "cases.jsonl"
KNOWN_FAILURES = Path(__file__).with_name("known_failures.txt")


def compare_module() -> Any:
    """../shared's comparison module; the calling test (or module) is skipped without it."""
    if not (SHARED / "conformance" / "compare.py").exists():
        pytest.skip("../shared/conformance is not present", allow_module_level=True)
    sys.path.insert(0, str(SHARED / "conformance"))
    import compare  # type: ignore[import-not-found]

    return compare


def load_current_cases(compare: Any) -> list[dict[str, Any]]:
    """Every recorded case, those recorded before a change of AWS's brought to today's form
    (superseded.py); SUPERSEDED lists which ones, with the changes applied."""
    cases = []
    for case in compare.load_cases(str(CASES)):
        current, applied = in_todays_form(case)
        if applied:
            SUPERSEDED[case["id"]] = applied
        cases.append(current)
    return cases


# case id -> the changes of AWS's its recording predates (filled by load_current_cases)
SUPERSEDED: dict[str, list[str]] = {}


def load_known_failures(path: Path = KNOWN_FAILURES) -> dict[str, str]:
    """case id -> reason, from a known-failures file (`<id>  # <reason>` per line)."""
    known: dict[str, str] = {}
    if path.exists():
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            case_id, _, reason = line.partition("  # ")
            known[case_id.strip()] = reason.strip()
    return known


def check_case(outcome: Outcome, case_id: str, known: dict[str, str], known_file: Path) -> None:
    """A case passes, or fails for the reason its known-failures file gives; a listed case that
    passes fails, so the lists stay true."""
    if case_id in known:
        if outcome.ok:
            pytest.fail(f"passes now: remove it from {known_file.name}")
        pytest.xfail(known[case_id])
    assert outcome.ok, "\n".join(outcome.reasons)


def check_pass_count(
    label: str,
    outcomes: dict[str, Outcome],
    known: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Prints a category's count and requires every case not listed as known to pass."""
    passed = sum(o.ok for o in outcomes.values())
    total = len(outcomes)
    with capsys.disabled():
        print(f"\nconformance ({label}): {passed}/{total} passed ({passed / max(total, 1):.1%})")
    assert total > 0
    assert passed == total - len(known.keys() & outcomes.keys())


def is_engine_case(case: dict[str, Any]) -> bool:
    """Pure executions (no external service), in either query language (issues #2 and #5)."""
    return case["kind"] in ("execution", "sync_execution") and bool(case.get("pure"))


def is_jsonata_case(case: dict[str, Any]) -> bool:
    """The cases issue #5 measures: JSONata or workflow variables."""
    features = case.get("features") or []
    return "jsonata" in features or "variables" in features


@dataclass
class Outcome:
    ok: bool
    reasons: list[str] = field(default_factory=list)


def needs_client(case: dict[str, Any]) -> bool:
    """Recordings taken while the execution was still running (a manual clock holds it there)
    or after StopExecution stopped it: sfnsim.run() cannot reproduce those, the client can."""
    status = (case.get("expected") or {}).get("status")
    return status in ("ABORTED", "NOT_TERMINATED_IN_SNAPSHOT")


def run_case_via_client(case: dict[str, Any], compare: Any) -> Outcome:
    """A STANDARD execution through sfnsim.client() on a manual clock that never moves: it is
    described at the instant it started (stopped first when the recording is ABORTED)."""
    now = case.get("harness_now")
    clock = sfnsim.ManualClock(
        start=datetime.fromisoformat(str(now).replace("Z", "+00:00")) if now else None
    )
    sfn = sfnsim.client(region_name=compare.REGION, account_id=compare.ACCOUNT_ID, clock=clock)
    definition = case["definition"]
    try:
        arn = sfn.create_state_machine(
            name=case.get("state_machine_name") or "StateMachine",
            definition=definition if isinstance(definition, str) else json.dumps(definition),
            roleArn=f"arn:aws:iam::{compare.ACCOUNT_ID}:role/sfnsim",
        )["stateMachineArn"]
        kwargs: dict[str, Any] = {
            "stateMachineArn": arn,
            "input": case.get("input_raw") or json.dumps(case.get("input") or {}),
        }
        if case.get("execution_name"):
            kwargs["name"] = case["execution_name"]
        ex = sfn.start_execution(**kwargs)["executionArn"]
        if case["expected"]["status"] == "ABORTED":
            sfn.stop_execution(executionArn=ex)
        d = sfn.describe_execution(executionArn=ex)
        pages = sfn.get_paginator("get_execution_history").paginate(executionArn=ex)
        history = [e for page in pages for e in page["events"]]
    except sfnsim.ClientError as exc:
        return Outcome(False, [f"client: {exc}"])
    status = d["status"]
    if status == "RUNNING":
        status = "NOT_TERMINATED_IN_SNAPSHOT"
    output = json.loads(d["output"]) if d.get("output") is not None else None
    ok, reasons = compare.result_matches_case(
        case, status, output, d.get("error"), snapshot_form(d.get("cause"))
    )
    if case.get("expected_history"):
        raw = [dict(e, timestamp=e["timestamp"].timestamp()) for e in history]
        hok, hreasons = compare.history_matches_case(aligned(case, raw), raw)
        ok, reasons = ok and hok, reasons + hreasons
    return Outcome(ok, reasons)


def run_case_via_sync_client(case: dict[str, Any], compare: Any) -> Outcome:
    """A `sync_execution` case as it was recorded: StartSyncExecution on an Express machine
    (its context object differs from StartExecution's: docs/semantics/execution.md E12)."""
    now = case.get("harness_now")
    clock = sfnsim.ManualClock(
        start=datetime.fromisoformat(str(now).replace("Z", "+00:00")) if now else None
    )
    sfn = sfnsim.client(region_name=compare.REGION, account_id=compare.ACCOUNT_ID, clock=clock)
    definition = case["definition"]
    try:
        arn = sfn.create_state_machine(
            name=case.get("state_machine_name") or "StateMachine",
            definition=definition if isinstance(definition, str) else json.dumps(definition),
            roleArn=f"arn:aws:iam::{compare.ACCOUNT_ID}:role/sfnsim",
            type="EXPRESS",
        )["stateMachineArn"]
        kwargs: dict[str, Any] = {
            "stateMachineArn": arn,
            "input": case.get("input_raw") or json.dumps(case.get("input") or {}),
        }
        if case.get("execution_name"):
            kwargs["name"] = case["execution_name"]
        r = sfn.start_sync_execution(**kwargs)
    except sfnsim.ClientError as exc:
        return Outcome(False, [f"client: {exc}"])
    output = json.loads(r["output"]) if r.get("output") is not None else None
    ok, reasons = compare.result_matches_case(
        case, r["status"], output, r.get("error"), snapshot_form(r.get("cause"))
    )
    return Outcome(ok, reasons)


def snapshot_form(cause: str | None) -> Any:
    """The recordings' snapshots parsed an error cause holding JSON text into an object (as
    compare.py does for history events but not for the result); compare ours in that form."""
    if cause is not None and cause.startswith("{"):
        try:
            return json.loads(cause)
        except ValueError:
            return cause
    return cause


def run_case(case: dict[str, Any], compare: Any) -> Outcome:
    state_machine_type = case.get("state_machine_type") or (
        "EXPRESS" if case["kind"] == "sync_execution" else "STANDARD"
    )
    if state_machine_type == "STANDARD" and needs_client(case):
        return run_case_via_client(case, compare)
    if case["kind"] == "sync_execution" and state_machine_type == "EXPRESS":
        return run_case_via_sync_client(case, compare)
    start = None
    if case.get("harness_now"):
        start = datetime.fromisoformat(str(case["harness_now"]).replace("Z", "+00:00"))
    definition = case["definition"]
    try:
        ex = sfnsim.run(
            definition if isinstance(definition, str) else json.dumps(definition),
            input_json=case.get("input_raw") or json.dumps(case.get("input") or {}),
            name=case.get("execution_name") or None,
            state_machine_name=case.get("state_machine_name") or "StateMachine",
            state_machine_type=state_machine_type,
            account_id=compare.ACCOUNT_ID,
            region=compare.REGION,
            start_time=start,
            seed=0,
        )
    except sfnsim.InvalidDefinition as exc:
        return Outcome(False, [f"InvalidDefinition: {exc}"])
    except sfnsim.InvalidExecutionInput as exc:
        return Outcome(False, [f"InvalidExecutionInput: {exc}"])
    ok, reasons = compare.result_matches_case(
        case, ex.status, ex.output, ex.error, snapshot_form(ex.cause)
    )
    if case.get("expected_history") and state_machine_type == "STANDARD":
        raw = [dict(e, timestamp=e["timestamp"].timestamp()) for e in ex.history]
        hok, hreasons = compare.history_matches_case(aligned(case, raw), raw)
        ok, reasons = ok and hok, reasons + hreasons
    return Outcome(ok, reasons)
