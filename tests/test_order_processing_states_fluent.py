"""The cases of test_order_processing_states.py again, written with the plugin's fluent
``sfn_state_test`` fixture (``sfnsim.StateTest``) instead of raw ``test_state`` calls, plus a
path through the workflow that feeds each state's output to the next (``then()``).

Expected values are the same hand-derived ones (docs/test-state.md's rules)."""

from __future__ import annotations

from typing import Any, Callable

import pytest
import sfnsim
from order_processing_data import (
    CONFIRMED,
    LAMBDA,
    LINES,
    ORDER,
    PAID,
    PAYMENT,
    PRICED,
    RESERVATION,
    THRESHOLD,
    VALIDATED,
    VARIABLES,
)

WORKFLOW = "../examples/order-processing.asl.json"  # relative to this file, as in sfn_run

StateTestFactory = Callable[..., sfnsim.StateTest]


@pytest.fixture
def state(sfn_state_test: StateTestFactory) -> Callable[[str], sfnsim.StateTest]:
    """``state("Name")``: a StateTest of one state of the workflow."""
    return lambda name: sfn_state_test(WORKFLOW, name)


def test_validate_order_succeeds_and_assigns_the_order_variables(state: Any) -> None:
    lambda_response = {"StatusCode": 200, "Payload": VALIDATED}
    (
        state("ValidateOrder")
        .with_input(ORDER)
        .with_mock_result(lambda_response)
        .execute()
        .assert_succeeded()
        .assert_next_state("IsOrderValid")
        .assert_output(VALIDATED)
        .assert_after_arguments({"FunctionName": LAMBDA + "validate-order", "Payload": ORDER})
        .assert_result(lambda_response)
        .assert_variables(VARIABLES)
    )


@pytest.mark.parametrize(("retries_made", "backoff"), [(0, 2), (1, 4), (2, 8)])
def test_validate_order_throttled_backs_off_exponentially(
    state: Any, retries_made: int, backoff: int
) -> None:
    (
        state("ValidateOrder")
        .with_input(ORDER)
        .with_mock_error("Lambda.TooManyRequestsException", "Rate exceeded")
        .with_retry_count(retries_made)
        .execute()
        .assert_retriable(backoff_seconds=backoff, retry_index=0)
        .assert_next_state(None)
    )


def test_validate_order_goes_to_the_failure_path_once_its_retries_are_spent(state: Any) -> None:
    (
        state("ValidateOrder")
        .with_input(ORDER)
        .with_mock_error("Lambda.ServiceException", "Lambda is down")
        .with_retry_count(3)
        .execute()
        .assert_caught_error(catch_index=0)
        .assert_next_state("NotifyFailure")
        .assert_error("Lambda.ServiceException")
        .assert_cause("Lambda is down")
        .assert_output(
            {
                "orderId": "o-42",
                "failedAt": "ValidateOrder",
                "error": {"Error": "Lambda.ServiceException", "Cause": "Lambda is down"},
            }
        )
    )


def test_validate_order_error_no_retrier_matches_is_caught_at_once(state: Any) -> None:
    result = (
        state("ValidateOrder")
        .with_input(ORDER)
        .with_mock_error("InvalidOrder", "no such customer")
        .execute()
        .assert_caught_error(catch_index=0)
        .assert_next_state("NotifyFailure")
    )
    assert result.output["error"] == {"Error": "InvalidOrder", "Cause": "no such customer"}


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (VALIDATED, "ProcessLineItems"),
        ({**VALIDATED, "valid": False, "problems": ["no address"]}, "OrderRejected"),
        ({**VALIDATED, "items": []}, "OrderRejected"),
    ],
    ids=["valid", "invalid", "no-items"],
)
def test_is_order_valid_chooses_the_branch(state: Any, order: Any, expected: str) -> None:
    result = (
        state("IsOrderValid")
        .with_input(order)
        .execute()
        .assert_succeeded()
        .assert_next_state(expected)
        .assert_output(order)
    )
    assert result.inspection == {"input": order}


def test_order_rejected_fails_with_the_problems_as_cause(state: Any) -> None:
    rejected = {**VALIDATED, "valid": False, "problems": ["no address", "unknown sku"]}
    result = (
        state("OrderRejected")
        .with_input(rejected)
        .execute()
        .assert_failed(
            error="OrderRejected", cause="Order o-42 is not valid: no address; unknown sku"
        )
        .assert_next_state(None)
    )
    assert not result.has_output


def test_process_line_items_totals_the_priced_lines(state: Any) -> None:
    result = (
        state("ProcessLineItems")
        .with_input(VALIDATED)
        .with_variables(VARIABLES)
        .with_mock_result(LINES)
        .execute()
        .assert_succeeded()
        .assert_next_state("PaymentAndInventory")
        .assert_output(PRICED)
        .assert_variables(VARIABLES)
    )
    assert (result.inspection["maxConcurrency"], result.inspection["toleratedFailureCount"]) == (
        5,
        1,
    )


@pytest.mark.parametrize(("failed", "status"), [(1, "SUCCEEDED"), (2, "CAUGHT_ERROR")])
def test_process_line_items_tolerates_one_failed_item(state: Any, failed: int, status: str) -> None:
    (
        state("ProcessLineItems")
        .with_input(VALIDATED)
        .with_mock_result(LINES)
        .with_map_failure_count(failed)
        .execute()
        .assert_status(status)
    )


def test_process_line_items_two_failed_items_exceed_the_tolerance(state: Any) -> None:
    (
        state("ProcessLineItems")
        .with_input(VALIDATED)
        .with_mock_result(LINES)
        .with_map_failure_count(2)
        .execute()
        .assert_caught_error(catch_index=0)
        .assert_next_state("NotifyFailure")
        .assert_error("States.ExceedToleratedFailureThreshold")
        .assert_cause(THRESHOLD)
        .assert_output(
            {
                "orderId": "o-42",
                "failedAt": "ProcessLineItems",
                "error": {"Error": "States.ExceedToleratedFailureThreshold", "Cause": THRESHOLD},
            }
        )
    )


def test_payment_and_inventory_merges_both_branches(state: Any) -> None:
    (
        state("PaymentAndInventory")
        .with_input(PRICED)
        .with_mock_result([PAYMENT, RESERVATION])
        .execute()
        .assert_succeeded()
        .assert_next_state("NeedsApproval")
        .assert_output(PAID)
    )


@pytest.mark.parametrize(
    ("error", "branch_state", "catch_index"),
    [
        ("PaymentDeclined", "ProcessPayment", 0),
        ("DynamoDB.ConditionalCheckFailedException", "ReserveInventory", 1),
    ],
)
def test_payment_and_inventory_failure_is_caught_by_the_matching_catcher(
    state: Any, error: str, branch_state: str, catch_index: int
) -> None:
    (
        state("PaymentAndInventory")
        .with_input(PRICED)
        .with_mock_error(error, "from " + branch_state)
        .with_error_caused_by_state(branch_state)
        .execute()
        .assert_caught_error(catch_index=catch_index)
        .assert_next_state("NotifyFailure")
        .assert_output(
            {
                "orderId": "o-42",
                "failedAt": "PaymentAndInventory",
                "error": {"Error": error, "Cause": "from " + branch_state},
            }
        )
    )


def test_process_payment_charges_the_order_total(state: Any) -> None:
    (
        state("ProcessPayment")
        .with_input(PRICED)
        .with_mock_result({"StatusCode": 200, "Payload": PAYMENT})
        .execute()
        .assert_succeeded()
        .assert_next_state(None)
        .assert_output(PAYMENT)
        .assert_after_arguments(
            {
                "FunctionName": LAMBDA + "charge-payment",
                "Payload": {"orderId": "o-42", "amount": 54, "currency": "EUR"},
            }
        )
    )


def test_payment_retries(sfn_state_test: StateTestFactory) -> None:
    # The example, word for word: the developer guide's 4-second backoff.
    order = PRICED
    (
        sfn_state_test(WORKFLOW, "ProcessPayment")
        .with_input(order)
        .with_mock_error("Lambda.TooManyRequestsException", "Rate exceeded")
        .with_retry_count(1)
        .execute()
        .assert_retriable(backoff_seconds=4)
        .assert_next_state(None)
    )


def test_process_payment_fails_when_its_retries_are_spent_and_nothing_catches(state: Any) -> None:
    result = (
        state("ProcessPayment")
        .with_input(PRICED)
        .with_mock_error("Lambda.TooManyRequestsException", "Rate exceeded")
        .with_retry_count(3)
        .execute()
        .assert_failed(error="Lambda.TooManyRequestsException", cause="Rate exceeded")
        .assert_next_state(None)
    )
    assert result.error_details == {"retryIndex": 0}


@pytest.mark.parametrize(("total", "expected"), [(54, "NotifyCustomer"), (1200, "WaitForApproval")])
def test_needs_approval_above_1000(state: Any, total: int, expected: str) -> None:
    state("NeedsApproval").with_input({**PAID, "total": total}).execute().assert_next_state(
        expected
    )


APPROVAL_CONTEXT = {
    "Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:orders:o-42"},
    "State": {"Name": "WaitForApproval", "RetryCount": 0},
    "Task": {"Token": "token-o-42"},
}


def test_wait_for_approval_sends_the_task_token_and_takes_the_answer(state: Any) -> None:
    big = {**PAID, "total": 1200}
    (
        state("WaitForApproval")
        .with_input(big)
        .with_context(APPROVAL_CONTEXT)
        .with_mock_result({"approver": "grace"})
        .execute()
        .assert_succeeded()
        .assert_next_state("NotifyCustomer")
        .assert_output({**big, "approvedBy": "grace"})
        .assert_after_arguments(
            {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/order-approvals",
                "MessageBody": {"orderId": "o-42", "total": 1200, "taskToken": "token-o-42"},
            }
        )
    )


@pytest.mark.parametrize("error", ["States.Timeout", "ApprovalRejected"])
def test_wait_for_approval_timeout_or_rejection_fails_the_order(state: Any, error: str) -> None:
    result = (
        state("WaitForApproval")
        .with_input({**PAID, "total": 1200})
        .with_context(APPROVAL_CONTEXT)
        .with_mock_error(error, "no approval")
        .execute()
        .assert_caught_error()
        .assert_next_state("NotifyFailure")
    )
    assert result.output["failedAt"] == "WaitForApproval"


def test_notify_customer_publishes_the_confirmation(state: Any) -> None:
    (
        state("NotifyCustomer")
        .with_input(PAID)
        .with_variables(VARIABLES)
        .with_mock_result({"MessageId": "m-1"})
        .execute()
        .assert_succeeded()
        .assert_next_state(None)
        .assert_output(CONFIRMED)
        .assert_after_arguments(
            {
                "TopicArn": "arn:aws:sns:us-east-1:123456789012:order-events",
                "Subject": "Order o-42 confirmed",
                "Message": '{"orderId":"o-42","email":"ada@example.com","total":54}',
            }
        )
    )


def test_notify_customer_throttled_backoff_is_capped_by_max_delay(state: Any) -> None:
    (
        state("NotifyCustomer")
        .with_input(PAID)
        .with_variables(VARIABLES)
        .with_mock_error("SNS.ThrottledException", "slow down")
        .with_retry_count(2)
        .execute()
        .assert_retriable(backoff_seconds=30)
    )


FAILURE = {
    "orderId": "o-42",
    "failedAt": "ProcessLineItems",
    "error": {"Error": "States.ExceedToleratedFailureThreshold", "Cause": THRESHOLD},
}


def test_the_failure_path_announces_then_fails(state: Any) -> None:
    notified = (
        state("NotifyFailure")
        .with_input(FAILURE)
        .with_mock_result({"MessageId": "m-2"})
        .execute()
        .assert_succeeded()
        .assert_next_state("OrderFailed")
        .assert_output(FAILURE)
    )
    assert notified.inspection["afterArguments"]["Subject"] == (
        "Order o-42 failed at ProcessLineItems"
    )
    notified.then().execute().assert_failed(
        error="OrderFailed.ProcessLineItems",
        cause="States.ExceedToleratedFailureThreshold: " + THRESHOLD,
    )


def test_info_level_gives_no_inspection_data(state: Any) -> None:
    result = (
        state("ValidateOrder")
        .with_input(ORDER)
        .with_inspection_level("INFO")
        .with_mock_result({"StatusCode": 200, "Payload": VALIDATED})
        .execute()
        .assert_succeeded()
        .assert_output(VALIDATED)
    )
    assert result.inspection == {}


def test_the_happy_path_state_by_state(state: Any) -> None:
    """Each state's output is the next one's input, and ValidateOrder's variables reach
    NotifyCustomer: the path an execution takes, checked one state at a time."""
    result = (
        state("ValidateOrder")
        .with_input(ORDER)
        .with_mock_result({"StatusCode": 200, "Payload": VALIDATED})
        .execute()
        .assert_next_state("IsOrderValid")
        .then()
        .execute()
        .assert_next_state("ProcessLineItems")
        .then()
        .with_mock_result(LINES)
        .execute()
        .assert_output(PRICED)
        .then()
        .with_mock_result([PAYMENT, RESERVATION])
        .execute()
        .assert_next_state("NeedsApproval")
        .then()
        .execute()
        .assert_next_state("NotifyCustomer")
        .then()
        .with_mock_result({"MessageId": "m-1"})
        .execute()
    )
    result.assert_succeeded().assert_next_state(None).assert_output(CONFIRMED)
    result.assert_variables(VARIABLES)
