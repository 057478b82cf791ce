"""Recorded AWS service-integration executions replayed through the in-memory fakes
(``services="memory"``) instead of their recorded task results (issue #4, scope item 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .fakes_harness import is_fakes_case, run_fakes_case
from .harness import CASES, Outcome, compare_module, load_current_cases, load_known_failures

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
FAKES_CASES = [c for c in load_current_cases(compare) if is_fakes_case(c)]
KNOWN = load_known_failures(Path(__file__).with_name("known_failures_fakes.txt"))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_fakes_case(c, compare) for c in FAKES_CASES}


@pytest.mark.parametrize("case", FAKES_CASES, ids=[c["id"] for c in FAKES_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case["id"]]
    if case["id"] in KNOWN:
        if outcome.ok:
            pytest.fail("passes now: remove it from known_failures_fakes.txt")
        pytest.xfail(KNOWN[case["id"]])
    assert outcome.ok, "\n".join(outcome.reasons)


def test_pass_count(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    passed = sum(o.ok for o in outcomes.values())
    with capsys.disabled():
        print(f"\nconformance (service cases through the fakes): {passed}/{len(outcomes)} passed")
    assert len(outcomes) >= 40
    assert passed == len(outcomes) - len(KNOWN)
