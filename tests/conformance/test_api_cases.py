"""Recorded API calls (api_scenario, api_error:*) replayed through real boto3 routed to sfnsim."""

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

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)
pytest.importorskip("boto3")

from .api_harness import TRANSPORTS, iter_api_cases, run_error_case, run_scenario  # noqa: E402

compare = compare_module()
API_CASES = list(iter_api_cases(load_current_cases(compare)))
SCENARIOS = {c["source_test"]: c for c in API_CASES if c["kind"] == "api_scenario"}
KNOWN_FILE = Path(__file__).with_name("known_failures_api.txt")
KNOWN = load_known_failures(KNOWN_FILE)


def run(case: dict[str, Any], transport: str) -> Outcome:
    if case["kind"] == "api_scenario":
        return run_scenario(case, compare, transport)
    return run_error_case(case, SCENARIOS, compare, transport)


@pytest.fixture(scope="module", params=list(TRANSPORTS))
def outcomes(request: pytest.FixtureRequest) -> dict[str, Outcome]:
    return {c["id"]: run(c, request.param) for c in API_CASES}


@pytest.mark.parametrize("case", API_CASES, ids=[c["id"] for c in API_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    check_case(outcomes[case["id"]], case["id"], KNOWN, KNOWN_FILE)


def test_pass_rate(
    outcomes: dict[str, Outcome], request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    transport = request.node.callspec.params["outcomes"]
    check_pass_count(f"API cases {TRANSPORTS[transport]}", outcomes, KNOWN, capsys)
