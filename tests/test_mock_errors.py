"""A mock's own bugs fail loudly (sfnsim.InvalidMockResult), and AWS's error names
(sfnsim.aws_errors) are what Retry and Catch match."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
import sfnsim
from sfnsim import aws_errors

FN = "arn:aws:lambda:us-east-1:123456789012:function:charge"


def _caught(resource: str = FN) -> dict[str, Any]:
    """A Task whose every error a States.ALL Catch takes to a Pass state."""
    return {
        "StartAt": "Charge",
        "States": {
            "Charge": {
                "Type": "Task",
                "Resource": resource,
                "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                "End": True,
            },
            "Caught": {"Type": "Pass", "End": True},
        },
    }


NOT_JSON = [
    (datetime.datetime(2024, 1, 1), "datetime"),
    ({1, 2}, "set"),
    (object(), "object"),
    ({"amount": Decimal("1.5")}, "Decimal"),
    ({1: "a"}, "JSON object keys must be strings, not int"),
    (float("nan"), "NaN"),
]


@pytest.mark.parametrize(("value", "named"), NOT_JSON)
@pytest.mark.parametrize(
    ("register", "label"),
    [
        (lambda m, v: m.lambda_("charge").returns(v), "mocks.lambda_('charge')"),
        (lambda m, v: m.state("Charge").handler(lambda event: v), "mocks.state('Charge')"),
        (lambda m, v: m.resource(FN).sequence(sfnsim.returns(v)), f"mocks.resource('{FN}')"),
    ],
)
def test_a_result_json_cannot_hold_fails_the_execution_past_retry_and_catch(
    value: Any, named: str, register: Any, label: str
) -> None:
    mocks = sfnsim.Mocks()
    register(mocks, value)
    ex = sfnsim.run(_caught(), {}, mocks=mocks)
    assert ex.status == "FAILED"
    assert ex.error == "sfnsim.InvalidMockResult"
    assert ex.cause.startswith(f"The mock {label} returned a value that is not JSON: ")
    assert named in ex.cause
    # Not retried: a bug in the mock does not get better by trying again.
    assert len(mocks.calls("Charge")) == 1


def test_lambda_invoke_results_and_tasks_handlers_are_checked_too() -> None:
    invoke = _caught("arn:aws:states:::lambda:invoke")
    mocks = sfnsim.Mocks()
    mocks.lambda_("charge").returns({"at": datetime.date(2024, 1, 1)})
    ex = sfnsim.run(invoke, {}, mocks=mocks)
    assert (ex.error, ex.cause.split(" returned")[0]) == (
        "sfnsim.InvalidMockResult",
        "The mock mocks.lambda_('charge')",
    )
    ex = sfnsim.run(_caught(), {}, tasks={"charge": lambda event: {1, 2}})
    assert ex.error == "sfnsim.InvalidMockResult"
    assert ex.cause.startswith("The mock tasks['charge'] returned a value that is not JSON")


def test_a_client_execution_fails_the_same_way() -> None:
    mocks = sfnsim.Mocks()
    mocks.lambda_("charge").returns(datetime.datetime(2024, 1, 1))
    sfn = sfnsim.client(mocks=mocks)
    arn = sfn.create_state_machine(
        name="m", definition=json.dumps(_caught()), roleArn="arn:aws:iam::123456789012:role/r"
    )["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    described = sfn.describe_execution(executionArn=ex)
    assert (described["status"], described["error"]) == ("FAILED", "sfnsim.InvalidMockResult")


# (helper, error name Step Functions records) -- docs/mocks.md#aws-error-names
AWS_NAMES = [
    (aws_errors.Lambda.TooManyRequestsException, "Lambda.TooManyRequestsException"),
    (aws_errors.Lambda.ServiceException, "Lambda.ServiceException"),
    (aws_errors.Lambda.AWSLambdaException, "Lambda.AWSLambdaException"),
    (aws_errors.Lambda.SdkClientException, "Lambda.SdkClientException"),
    (aws_errors.Lambda.ClientExecutionTimeoutException, "Lambda.ClientExecutionTimeoutException"),
    (aws_errors.Lambda.Unknown, "Lambda.Unknown"),
    (aws_errors.States.Timeout, "States.Timeout"),
    (aws_errors.States.HeartbeatTimeout, "States.HeartbeatTimeout"),
    (aws_errors.States.TaskFailed, "States.TaskFailed"),
    (aws_errors.States.Permissions, "States.Permissions"),
]


def _retried_on(name: str) -> dict[str, Any]:
    return {
        "StartAt": "Charge",
        "States": {
            "Charge": {
                "Type": "Task",
                "Resource": FN,
                "Retry": [{"ErrorEquals": [name], "MaxAttempts": 1, "IntervalSeconds": 1}],
                "End": True,
            }
        },
    }


@pytest.mark.parametrize(("helper", "name"), AWS_NAMES)
@pytest.mark.parametrize("how", ["raised", "raises-class", "raises-instance"])
def test_aws_error_names_match_retry(helper: Any, name: str, how: str) -> None:
    mocks = sfnsim.Mocks()
    if how == "raised":
        answers = iter([helper, None])

        def charge(event: Any) -> Any:
            error = next(answers)
            if error is not None:
                raise error()
            return {"ok": True}

        mocks.lambda_("charge").handler(charge)
    else:
        first = sfnsim.raises(helper if how == "raises-class" else helper())
        mocks.lambda_("charge").sequence(first, sfnsim.returns({"ok": True}))
    ex = sfnsim.run(_retried_on(name), {}, mocks=mocks)
    assert (ex.status, ex.output) == ("SUCCEEDED", {"ok": True})
    failed = [e for e in ex.history if e["type"] == "LambdaFunctionFailed"]
    assert [e["lambdaFunctionFailedEventDetails"]["error"] for e in failed] == [name]


def test_lambda_service_errors_carry_the_sdk_shaped_cause() -> None:
    error = aws_errors.Lambda.TooManyRequestsException()
    assert error.error == "Lambda.TooManyRequestsException"
    assert error.cause is not None
    assert error.cause.startswith(
        "Rate Exceeded. (Service: AWSLambda; Status Code: 429; "
        "Error Code: TooManyRequestsException; Request ID: "
    )
    assert error.cause.endswith("; Proxy: null)")
    assert aws_errors.States.Timeout("took too long").cause == "took too long"
    assert isinstance(error, sfnsim.TaskFailed)


def test_an_exception_class_of_the_bare_name_does_not_match_which_is_why_helpers_exist() -> None:
    class TooManyRequestsException(Exception):
        pass

    mocks = sfnsim.Mocks()
    mocks.lambda_("charge").sequence(
        sfnsim.raises(TooManyRequestsException), sfnsim.returns({"ok": True})
    )
    ex = sfnsim.run(_retried_on("Lambda.TooManyRequestsException"), {}, mocks=mocks)
    assert (ex.status, ex.error) == ("FAILED", "TooManyRequestsException")
