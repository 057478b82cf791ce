"""``sfnsim.testing``: the assertions pass when they should, and when they fail, the message
tells what happened (status, failing state, path diff, last events)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
import sfnsim
from sfnsim.testing import (
    assert_failed,
    assert_path,
    assert_state_input,
    assert_state_not_run,
    assert_state_output,
    assert_state_ran,
    assert_status,
    assert_succeeded,
)

START = datetime(2024, 1, 1, tzinfo=timezone.utc)

ORDER = {
    "StartAt": "Validate",
    "States": {
        "Validate": {"Type": "Pass", "Next": "Charge"},
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 1, "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.why", "Next": "Refund"}],
            "Next": "Ship",
        },
        "Ship": {"Type": "Pass", "Result": {"shipped": True}, "End": True},
        "Refund": {"Type": "Pass", "Next": "Declined"},
        "Declined": {"Type": "Fail", "Error": "PaymentFailed", "Cause": "card declined"},
    },
}


def run(charge: Any) -> sfnsim.Execution:
    return sfnsim.run(ORDER, {"amount": 5}, tasks={"charge": charge}, start_time=START, name="t")


def declined(event: Any) -> Any:
    raise sfnsim.TaskFailed("CardDeclined", "insufficient funds")


def test_helpers_pass_on_a_matching_execution() -> None:
    ex = run(lambda event: {"charged": event["amount"]})
    assert_succeeded(ex, output={"shipped": True})
    assert_status(ex, "SUCCEEDED")
    assert_path(ex, ["Validate", "Charge", "Ship"])
    assert_state_output(ex, "Charge", {"charged": 5})
    assert_state_input(ex, "Charge", {"amount": 5})
    assert_state_ran(ex, "Ship", times=1)
    assert_state_not_run(ex, "Refund")
    assert ex.state("Charge").attempts == 1


def test_wrong_path_message_shows_the_diff_and_the_failure() -> None:
    ex = run(declined)
    with pytest.raises(AssertionError) as failure:
        assert_path(ex, ["Validate", "Charge", "Ship"])
    message = str(failure.value)
    assert "the execution took a different path:" in message
    assert "expected: Validate -> Charge -> Ship" in message
    assert "actual:   Validate -> Charge -> Refund -> Declined" in message
    assert "first difference at step 3: expected 'Ship', got 'Refund'" in message
    assert "execution t ended FAILED" in message
    assert "error: PaymentFailed in state 'Declined'" in message
    assert "cause: card declined" in message
    # The last events, with the state each belongs to.
    assert "ExecutionFailed" in message and "history (" in message


def test_failure_messages_of_each_helper() -> None:
    ex = run(declined)
    with pytest.raises(AssertionError, match="expected the execution to succeed, it ended FAILED"):
        assert_succeeded(ex)
    with pytest.raises(AssertionError, match="expected error 'Boom', got 'PaymentFailed'"):
        assert_failed(ex, error="Boom")
    assert_failed(ex, error="PaymentFailed", cause="card declined")
    # A caught state's output is what its Catch made of the error.
    why = {"Error": "CardDeclined", "Cause": "insufficient funds"}
    assert_state_output(ex, "Charge", {"amount": 5, "why": why})
    assert ex.state("Charge").status == "caught"
    with pytest.raises(AssertionError, match="state 'Declined' has no output: it ended failed"):
        assert_state_output(ex, "Declined", {})
    with pytest.raises(AssertionError, match="state 'Ship' did not run"):
        assert_state_ran(ex, "Ship")
    with pytest.raises(AssertionError, match=r"state 'Refund' ran 1 time\(s\)"):
        assert_state_not_run(ex, "Refund")
    with pytest.raises(AssertionError, match="ran 1 times, expected 2"):
        assert_state_ran(ex, "Refund", times=2)


def test_output_diff_is_a_readable_json_diff() -> None:
    ex = run(lambda event: {"charged": 5, "currency": "EUR"})
    with pytest.raises(AssertionError) as failure:
        assert_state_output(ex, "Charge", {"charged": 6, "currency": "EUR"})
    message = str(failure.value)
    assert '-  "charged": 6,' in message and '+  "charged": 5,' in message


def test_helpers_refuse_what_is_not_an_execution() -> None:
    with pytest.raises(TypeError, match="expected an sfnsim.Execution"):
        assert_succeeded(42)
    with pytest.raises(TypeError, match="needs client="):
        assert_succeeded("arn:aws:states:us-east-1:123456789012:execution:m:e")
