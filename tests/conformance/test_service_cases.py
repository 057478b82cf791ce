"""Recorded AWS service-integration executions replayed with their recorded task results
through the MockConfigFile loader (issue #4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import (
    CASES,
    Outcome,
    check_case,
    check_pass_count,
    compare_module,
    load_current_cases,
    load_known_failures,
)
from .service_harness import is_service_case, run_service_case

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
SERVICE_CASES = [c for c in load_current_cases(compare) if is_service_case(c)]
KNOWN_FILE = Path(__file__).with_name("known_failures.txt")
KNOWN = load_known_failures(KNOWN_FILE)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_service_case(c, compare) for c in SERVICE_CASES}


@pytest.mark.parametrize("case", SERVICE_CASES, ids=[c["id"] for c in SERVICE_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    check_case(outcomes[case["id"]], case["id"], KNOWN, KNOWN_FILE)


def test_pass_rate(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    check_pass_count("service cases", outcomes, KNOWN, capsys)
