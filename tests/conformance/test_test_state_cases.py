"""Recorded TestState calls (test_state, test_state_error) replayed through real boto3 routed to
sfnsim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .harness import (
    CASES,
    Outcome,
    check_case,
    check_pass_count,
    compare_module,
    load_known_failures,
)

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)
pytest.importorskip("boto3")

import sfnsim  # noqa: E402

from .api_harness import ROLE_ARN, client_for, error_code  # noqa: E402

compare = compare_module()
TEST_STATE_CASES = list(compare.load_cases(str(CASES), kinds={"test_state", "test_state_error"}))
KNOWN_FILE = Path(__file__).with_name("known_failures_test_state.txt")
KNOWN = load_known_failures(KNOWN_FILE)
# 102 of 105: the other three need a real AWS call.


def request_of(case: dict[str, Any]) -> dict[str, Any]:
    """The recorded call: the case keeps the request's members apart from definition and input;
    JSON members the test passed as objects are sent as the text the API takes."""
    params: dict[str, Any] = dict(case.get("test_state_request") or {})
    for key in ("context", "variables"):
        if key in params and not isinstance(params[key], str):
            params[key] = json.dumps(params[key])
    params["definition"] = json.dumps(case["definition"])
    raw = case.get("input_raw")
    if isinstance(raw, str):
        params["input"] = raw
    elif case.get("input") is not None:
        params["input"] = json.dumps(case["input"])
    # The recordings drop roleArn; every LocalStack TestState test passes one but the test of
    # its absence.
    if "no_role_arn" not in case["id"]:
        params.setdefault("roleArn", ROLE_ARN)
    return params


def parsed(value: Any) -> Any:
    """The API's JSON-text members, decoded: AWS keeps a mocked result's own spacing, sfnsim
    renders compactly; the snapshot parses some of them. Both sides are compared decoded."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return parsed(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: parsed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [parsed(v) for v in value]
    return value


def run(case: dict[str, Any]) -> Outcome:
    mock = sfnsim.mock_aws(account_id="111111111111", region_name="us-east-1", seed=7)
    client = client_for(mock, "routed")
    words = compare.replacement_words(case)
    try:
        response = client.test_state(**request_of(case))
    except Exception as error:  # noqa: BLE001 - botocore's ClientError and ParamValidationError
        if case["kind"] != "test_state_error":
            return Outcome(False, [f"raised {error_code(error)}: {str(error)[:300]}"])
        expected = case["expected"]
        reasons = []
        if not compare.matches(error_code(error), expected["error"], words):
            reasons.append(f"error {error_code(error)!r} != {expected['error']!r}")
        response = getattr(error, "response", None)
        message = response["Error"]["Message"] if isinstance(response, dict) else str(error)
        if not compare.matches(message, expected["cause"], words):
            reasons.append(f"message {message[:300]!r} != {expected['cause'][:300]!r}")
        return Outcome(not reasons, reasons)
    if case["kind"] == "test_state_error":
        return Outcome(False, [f"answered {json.dumps(response, default=str)[:300]}"])
    actual = parsed({k: v for k, v in response.items() if k != "ResponseMetadata"})
    expected = parsed(
        {k: v for k, v in case["expected_response"].items() if k != "ResponseMetadata"}
    )
    if compare.matches(actual, expected, words):
        return Outcome(True)
    return Outcome(False, [f"{json.dumps(actual)[:600]}\n!= {json.dumps(expected)[:600]}"])


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run(c) for c in TEST_STATE_CASES}


@pytest.mark.parametrize("case", TEST_STATE_CASES, ids=[c["id"] for c in TEST_STATE_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    check_case(outcomes[case["id"]], case["id"], KNOWN, KNOWN_FILE)


def test_pass_rate(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    check_pass_count("TestState cases", outcomes, KNOWN, capsys)
