"""Recorded AWS executions (pure, JSONPath) replayed through a real boto3 client routed to
sfnsim: create_state_machine, start_execution, describe_execution, get_execution_history."""

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
    is_engine_case,
    load_current_cases,
    load_known_failures,
)

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)
pytest.importorskip("boto3")

from .api_harness import TRANSPORTS, execution_via_boto3  # noqa: E402

compare = compare_module()
ENGINE_CASES = [c for c in load_current_cases(compare) if is_engine_case(c)]
# Through the API a manual clock can stop an execution mid-Wait, so this list is shorter than
# the engine's own.
KNOWN_FILE = Path(__file__).with_name("known_failures_boto3.txt")
KNOWN = load_known_failures(KNOWN_FILE)


@pytest.fixture(scope="module", params=list(TRANSPORTS))
def outcomes(request: pytest.FixtureRequest) -> dict[str, Outcome]:
    return {c["id"]: execution_via_boto3(c, compare, request.param) for c in ENGINE_CASES}


@pytest.mark.parametrize("case", ENGINE_CASES, ids=[c["id"] for c in ENGINE_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    check_case(outcomes[case["id"]], case["id"], KNOWN, KNOWN_FILE)


def test_pass_rate(
    outcomes: dict[str, Outcome], request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    transport = request.node.callspec.params["outcomes"]
    check_pass_count(f"engine cases {TRANSPORTS[transport]}", outcomes, KNOWN, capsys)
