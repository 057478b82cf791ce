"""Recorded AWS service-integration executions replayed through the in-memory fakes
(``services="memory"``) instead of their recorded task results (issue #4, scope item 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .fakes_harness import is_fakes_case, run_fakes_case
from .harness import (
    CASES,
    Outcome,
    check_case,
    check_pass_count,
    compare_module,
    load_current_cases,
    load_known_failures,
)

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
FAKES_CASES = [c for c in load_current_cases(compare) if is_fakes_case(c)]
KNOWN_FILE = Path(__file__).with_name("known_failures_fakes.txt")
KNOWN = load_known_failures(KNOWN_FILE)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_fakes_case(c, compare) for c in FAKES_CASES}


@pytest.mark.parametrize("case", FAKES_CASES, ids=[c["id"] for c in FAKES_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    check_case(outcomes[case["id"]], case["id"], KNOWN, KNOWN_FILE)


def test_pass_rate(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    check_pass_count("service cases through the fakes", outcomes, KNOWN, capsys)
