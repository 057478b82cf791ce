"""Each state of examples/order-processing.asl.json tested alone, the way AWS's TestState guide
writes such tests: a boto3 ``test_state`` call per case (here answered by sfnsim under
``sfnsim.mock_aws()``), asserting status, nextState, output, inspectionData and errorDetails.

The expected values come from the rules in docs/test-state.md (AWS's developer guide and
recorded AWS answers), worked out by hand from the workflow, not copied from sfnsim's output.
The same cases written with the fluent helper are in test_order_processing_states_fluent.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from order_processing_data import (
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

boto3 = pytest.importorskip("boto3")

WORKFLOW = Path(__file__).resolve().parent.parent / "examples" / "order-processing.asl.json"
DEFINITION = WORKFLOW.read_text(encoding="utf-8")
ROLE = "arn:aws:iam::123456789012:role/order-processing-tests"


@pytest.fixture
def sfn() -> Iterator[Any]:
    """A real boto3 Step Functions client; sfnsim answers it in-process."""
    with sfnsim.mock_aws():
        yield boto3.client(
            "stepfunctions",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )


def run_test_state(sfn: Any, state: str, input: Any, **request: Any) -> dict[str, Any]:
    """TestState of one state of the workflow, at DEBUG unless the case says otherwise."""
    request.setdefault("inspectionLevel", "DEBUG")
    return sfn.test_state(
        definition=DEFINITION, roleArn=ROLE, stateName=state, input=json.dumps(input), **request
    )


def inspection(response: dict[str, Any]) -> dict[str, Any]:
    """inspectionData with its JSON text members parsed."""
    return {
        key: json.loads(value) if isinstance(value, str) else value
        for key, value in response["inspectionData"].items()
    }


# --- ValidateOrder: a lambda:invoke Task with Assign, Retry with backoff, and Catch -----------


def test_validate_order_succeeds_and_assigns_the_order_variables(sfn: Any) -> None:
    lambda_response = {"StatusCode": 200, "Payload": VALIDATED}
    response = run_test_state(
        sfn, "ValidateOrder", ORDER, mock={"result": json.dumps(lambda_response)}
    )
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == "IsOrderValid"
    assert json.loads(response["output"]) == VALIDATED
    # A JSONata Task: input, afterArguments and result; variables because it assigns some.
    assert inspection(response) == {
        "input": ORDER,
        "afterArguments": {"FunctionName": LAMBDA + "validate-order", "Payload": ORDER},
        "result": lambda_response,
        "variables": VARIABLES,
    }


@pytest.mark.parametrize(("retries_made", "backoff"), [(0, 2), (1, 4), (2, 8)])
def test_validate_order_throttled_backs_off_exponentially(
    sfn: Any, retries_made: int, backoff: int
) -> None:
    # IntervalSeconds 2 x BackoffRate 2 ^ retrierRetryCount.
    response = run_test_state(
        sfn,
        "ValidateOrder",
        ORDER,
        mock={
            "errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}
        },
        stateConfiguration={"retrierRetryCount": retries_made},
    )
    assert response["status"] == "RETRIABLE"
    assert "nextState" not in response
    assert "output" not in response
    assert response["inspectionData"]["errorDetails"] == {
        "retryBackoffIntervalSeconds": backoff,
        "retryIndex": 0,
    }


def test_validate_order_goes_to_the_failure_path_once_its_retries_are_spent(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "ValidateOrder",
        ORDER,
        mock={"errorOutput": {"error": "Lambda.ServiceException", "cause": "Lambda is down"}},
        stateConfiguration={"retrierRetryCount": 3},  # MaxAttempts is 3
    )
    assert response["status"] == "CAUGHT_ERROR"
    assert response["nextState"] == "NotifyFailure"
    assert (response["error"], response["cause"]) == ("Lambda.ServiceException", "Lambda is down")
    assert response["inspectionData"]["errorDetails"] == {"catchIndex": 0}
    assert json.loads(response["output"]) == {
        "orderId": "o-42",
        "failedAt": "ValidateOrder",
        "error": {"Error": "Lambda.ServiceException", "Cause": "Lambda is down"},
    }


def test_validate_order_error_no_retrier_matches_is_caught_at_once(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "ValidateOrder",
        ORDER,
        mock={"errorOutput": {"error": "InvalidOrder", "cause": "no such customer"}},
    )
    assert response["status"] == "CAUGHT_ERROR"
    assert response["nextState"] == "NotifyFailure"
    assert response["inspectionData"]["errorDetails"] == {"catchIndex": 0}
    assert json.loads(response["output"])["error"] == {
        "Error": "InvalidOrder",
        "Cause": "no such customer",
    }


# --- IsOrderValid and OrderRejected: Choice and Fail ------------------------------------------


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (VALIDATED, "ProcessLineItems"),
        ({**VALIDATED, "valid": False, "problems": ["no address"]}, "OrderRejected"),
        ({**VALIDATED, "items": []}, "OrderRejected"),
    ],
    ids=["valid", "invalid", "no-items"],
)
def test_is_order_valid_chooses_the_branch(sfn: Any, order: Any, expected: str) -> None:
    response = run_test_state(sfn, "IsOrderValid", order)
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == expected
    assert json.loads(response["output"]) == order  # a Choice passes its input on
    assert inspection(response) == {"input": order}  # a JSONata Choice shows only its input


def test_order_rejected_fails_with_the_problems_as_cause(sfn: Any) -> None:
    rejected = {**VALIDATED, "valid": False, "problems": ["no address", "unknown sku"]}
    response = run_test_state(sfn, "OrderRejected", rejected)
    assert response["status"] == "FAILED"
    assert response["error"] == "OrderRejected"
    assert response["cause"] == "Order o-42 is not valid: no address; unknown sku"
    assert "output" not in response and "nextState" not in response
    assert inspection(response) == {"input": rejected}


# --- ProcessLineItems: a Map with ToleratedFailureCount ----------------------------------------


def test_process_line_items_totals_the_priced_lines(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "ProcessLineItems",
        VALIDATED,
        mock={"result": json.dumps(LINES)},  # the Map's whole result: its iterations never run
        variables=json.dumps(VARIABLES),
    )
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == "PaymentAndInventory"
    assert json.loads(response["output"]) == PRICED
    assert inspection(response) == {
        "input": VALIDATED,
        "maxConcurrency": 5,
        "toleratedFailureCount": 1,
        # Each iteration's input: the ItemSelector over the items (botocore's afterItemSelector).
        "afterItemSelector": [
            {"orderId": "o-42", "sku": "book", "quantity": 2},
            {"orderId": "o-42", "sku": "lamp", "quantity": 1},
        ],
        "variables": VARIABLES,
    }


def test_process_line_items_tolerates_one_failed_item(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "ProcessLineItems",
        VALIDATED,
        mock={"result": json.dumps(LINES)},
        stateConfiguration={"mapIterationFailureCount": 1},
    )
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == "PaymentAndInventory"


def test_process_line_items_two_failed_items_exceed_the_tolerance(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "ProcessLineItems",
        VALIDATED,
        mock={"result": json.dumps(LINES)},
        stateConfiguration={"mapIterationFailureCount": 2},
    )
    assert response["status"] == "CAUGHT_ERROR"
    assert response["nextState"] == "NotifyFailure"
    assert response["error"] == "States.ExceedToleratedFailureThreshold"
    assert response["cause"] == THRESHOLD
    assert response["inspectionData"]["errorDetails"] == {"catchIndex": 0}
    assert json.loads(response["output"]) == {
        "orderId": "o-42",
        "failedAt": "ProcessLineItems",
        "error": {"Error": "States.ExceedToleratedFailureThreshold", "Cause": THRESHOLD},
    }


# --- PaymentAndInventory: a Parallel, and ProcessPayment inside it ------------------------------


def test_payment_and_inventory_merges_both_branches(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "PaymentAndInventory",
        PRICED,
        mock={"result": json.dumps([PAYMENT, RESERVATION])},  # one element per branch
    )
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == "NeedsApproval"
    assert json.loads(response["output"]) == PAID
    assert inspection(response) == {"input": PRICED}


@pytest.mark.parametrize(
    ("error", "branch_state", "catch_index"),
    [
        ("PaymentDeclined", "ProcessPayment", 0),
        ("DynamoDB.ConditionalCheckFailedException", "ReserveInventory", 1),
    ],
)
def test_payment_and_inventory_failure_is_caught_by_the_matching_catcher(
    sfn: Any, error: str, branch_state: str, catch_index: int
) -> None:
    response = run_test_state(
        sfn,
        "PaymentAndInventory",
        PRICED,
        mock={"errorOutput": {"error": error, "cause": "from " + branch_state}},
        stateConfiguration={"errorCausedByState": branch_state},
    )
    assert response["status"] == "CAUGHT_ERROR"
    assert response["nextState"] == "NotifyFailure"
    assert response["inspectionData"]["errorDetails"] == {"catchIndex": catch_index}
    assert json.loads(response["output"]) == {
        "orderId": "o-42",
        "failedAt": "PaymentAndInventory",
        "error": {"Error": error, "Cause": "from " + branch_state},
    }


def test_process_payment_charges_the_order_total(sfn: Any) -> None:
    lambda_response = {"StatusCode": 200, "Payload": PAYMENT}
    response = run_test_state(
        sfn, "ProcessPayment", PRICED, mock={"result": json.dumps(lambda_response)}
    )
    assert response["status"] == "SUCCEEDED"
    assert "nextState" not in response  # the last state of its branch
    assert json.loads(response["output"]) == PAYMENT
    assert inspection(response)["afterArguments"] == {
        "FunctionName": LAMBDA + "charge-payment",
        "Payload": {"orderId": "o-42", "amount": 54, "currency": "EUR"},
    }


def test_process_payment_throttled_again_waits_four_seconds(sfn: Any) -> None:
    # The developer guide's example: the second attempt (one retry made) backs off 2 x 2^1 s.
    response = run_test_state(
        sfn,
        "ProcessPayment",
        PRICED,
        mock={
            "errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}
        },
        stateConfiguration={"retrierRetryCount": 1},
    )
    assert response["status"] == "RETRIABLE"
    assert "nextState" not in response
    assert response["inspectionData"]["errorDetails"] == {
        "retryBackoffIntervalSeconds": 4,
        "retryIndex": 0,
    }


def test_process_payment_fails_when_its_retries_are_spent_and_nothing_catches(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "ProcessPayment",
        PRICED,
        mock={
            "errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}
        },
        stateConfiguration={"retrierRetryCount": 3},
    )
    assert response["status"] == "FAILED"
    assert (response["error"], response["cause"]) == (
        "Lambda.TooManyRequestsException",
        "Rate exceeded",
    )
    assert "output" not in response and "nextState" not in response
    assert response["inspectionData"]["errorDetails"] == {"retryIndex": 0}


# --- NeedsApproval and WaitForApproval: Choice, and a .waitForTaskToken callback ----------------


@pytest.mark.parametrize(("total", "expected"), [(54, "NotifyCustomer"), (1200, "WaitForApproval")])
def test_needs_approval_above_1000(sfn: Any, total: int, expected: str) -> None:
    response = run_test_state(sfn, "NeedsApproval", {**PAID, "total": total})
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == expected


APPROVAL_CONTEXT = {
    "Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:orders:o-42"},
    "State": {"Name": "WaitForApproval", "RetryCount": 0},
    "Task": {"Token": "token-o-42"},
}


def test_wait_for_approval_sends_the_task_token_and_takes_the_answer(sfn: Any) -> None:
    big = {**PAID, "total": 1200}
    response = run_test_state(
        sfn,
        "WaitForApproval",
        big,
        context=json.dumps(APPROVAL_CONTEXT),
        mock={"result": json.dumps({"approver": "grace"})},  # what send_task_success would send
    )
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == "NotifyCustomer"
    assert json.loads(response["output"]) == {**big, "approvedBy": "grace"}
    assert inspection(response)["afterArguments"] == {
        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/order-approvals",
        "MessageBody": {"orderId": "o-42", "total": 1200, "taskToken": "token-o-42"},
    }


@pytest.mark.parametrize("error", ["States.Timeout", "ApprovalRejected"])
def test_wait_for_approval_timeout_or_rejection_fails_the_order(sfn: Any, error: str) -> None:
    response = run_test_state(
        sfn,
        "WaitForApproval",
        {**PAID, "total": 1200},
        context=json.dumps(APPROVAL_CONTEXT),
        mock={"errorOutput": {"error": error, "cause": "no approval"}},
    )
    assert response["status"] == "CAUGHT_ERROR"
    assert response["nextState"] == "NotifyFailure"
    assert json.loads(response["output"])["failedAt"] == "WaitForApproval"


def test_wait_for_approval_without_a_mock_is_refused(sfn: Any) -> None:
    # AWS's TestState guide: .waitForTaskToken (and .sync, Activity) tasks need a mock.
    with pytest.raises(sfn.exceptions.ValidationException):
        run_test_state(sfn, "WaitForApproval", {**PAID, "total": 1200})


# --- NotifyCustomer, NotifyFailure, OrderFailed: SNS and the failure path -----------------------


def test_notify_customer_publishes_the_confirmation(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "NotifyCustomer",
        PAID,
        variables=json.dumps(VARIABLES),  # assigned by ValidateOrder, earlier in the execution
        mock={"result": json.dumps({"MessageId": "m-1"})},
    )
    assert response["status"] == "SUCCEEDED"
    assert "nextState" not in response  # End
    assert json.loads(response["output"]) == {
        "orderId": "o-42",
        "status": "CONFIRMED",
        "total": 54,
        "notification": "m-1",
    }
    assert inspection(response)["afterArguments"] == {
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:order-events",
        "Subject": "Order o-42 confirmed",
        "Message": '{"orderId":"o-42","email":"ada@example.com","total":54}',
    }


def test_notify_customer_throttled_backoff_is_capped_by_max_delay(sfn: Any) -> None:
    # 5 x 3^2 = 45 s, capped at MaxDelaySeconds 30.
    response = run_test_state(
        sfn,
        "NotifyCustomer",
        PAID,
        variables=json.dumps(VARIABLES),
        mock={"errorOutput": {"error": "SNS.ThrottledException", "cause": "slow down"}},
        stateConfiguration={"retrierRetryCount": 2},
    )
    assert response["status"] == "RETRIABLE"
    assert response["inspectionData"]["errorDetails"] == {
        "retryBackoffIntervalSeconds": 30,
        "retryIndex": 0,
    }


FAILURE = {
    "orderId": "o-42",
    "failedAt": "ProcessLineItems",
    "error": {"Error": "States.ExceedToleratedFailureThreshold", "Cause": THRESHOLD},
}


def test_notify_failure_announces_where_the_order_failed(sfn: Any) -> None:
    response = run_test_state(
        sfn, "NotifyFailure", FAILURE, mock={"result": json.dumps({"MessageId": "m-2"})}
    )
    assert response["status"] == "SUCCEEDED"
    assert response["nextState"] == "OrderFailed"
    assert json.loads(response["output"]) == FAILURE
    arguments = inspection(response)["afterArguments"]
    assert arguments["Subject"] == "Order o-42 failed at ProcessLineItems"
    assert json.loads(arguments["Message"]) == FAILURE


def test_order_failed_names_the_failing_step_and_its_error(sfn: Any) -> None:
    response = run_test_state(sfn, "OrderFailed", FAILURE)
    assert response["status"] == "FAILED"
    assert response["error"] == "OrderFailed.ProcessLineItems"
    assert response["cause"] == "States.ExceedToleratedFailureThreshold: " + THRESHOLD


def test_info_level_gives_no_inspection_data(sfn: Any) -> None:
    response = run_test_state(
        sfn,
        "ValidateOrder",
        ORDER,
        inspectionLevel="INFO",
        mock={"result": json.dumps({"StatusCode": 200, "Payload": VALIDATED})},
    )
    assert response["status"] == "SUCCEEDED"
    assert "inspectionData" not in response
    assert json.loads(response["output"]) == VALIDATED
