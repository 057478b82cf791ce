"""Recorded AWS executions (pure, both query languages) replayed through sfnsim.run()."""

from __future__ import annotations

from typing import Any

import pytest

from .harness import (
    CASES,
    SUPERSEDED,
    Outcome,
    compare_module,
    is_engine_case,
    is_jsonata_case,
    load_current_cases,
    load_known_failures,
    run_case,
)

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
ENGINE_CASES = [c for c in load_current_cases(compare) if is_engine_case(c)]
CASE_BY_ID = {c["id"]: c for c in ENGINE_CASES}
KNOWN = load_known_failures()
TARGET = 0.95


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_case(c, compare) for c in ENGINE_CASES}


@pytest.mark.parametrize("case", ENGINE_CASES, ids=[c["id"] for c in ENGINE_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case["id"]]
    if case["id"] in KNOWN:
        if outcome.ok:
            pytest.fail("passes now: remove it from known_failures.txt")
        pytest.xfail(KNOWN[case["id"]])
    assert outcome.ok, "\n".join(outcome.reasons)


def test_pass_rate(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    passed = sum(o.ok for o in outcomes.values())
    total = len(outcomes)
    jsonata = [o for c, o in outcomes.items() if is_jsonata_case(CASE_BY_ID[c])]
    jsonata_passed = sum(o.ok for o in jsonata)
    with capsys.disabled():
        print(f"\nconformance (engine cases): {passed}/{total} passed ({passed / total:.1%})")
        superseded = [c for c in outcomes if c in SUPERSEDED]
        if superseded:
            print(f"  of which {len(superseded)} recorded before a change of AWS's, compared in")
            print("  today's form (tests/conformance/superseded.py)")
        print(f"conformance (JSONata and variable cases): {jsonata_passed}/{len(jsonata)} passed")
    assert passed / total >= TARGET
