"""Recorded AWS service-integration executions replayed with their recorded task results
through the MockConfigFile loader (issue #4)."""

from __future__ import annotations

from typing import Any

import pytest

from .harness import CASES, Outcome, compare_module, load_current_cases, load_known_failures
from .service_harness import is_service_case, run_service_case

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
SERVICE_CASES = [c for c in load_current_cases(compare) if is_service_case(c)]
KNOWN = load_known_failures()
TARGET = 0.90  # issue #4


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_service_case(c, compare) for c in SERVICE_CASES}


@pytest.mark.parametrize("case", SERVICE_CASES, ids=[c["id"] for c in SERVICE_CASES])
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
    with capsys.disabled():
        print(f"\nconformance (service cases): {passed}/{total} passed ({passed / total:.1%})")
    assert passed / total >= TARGET
