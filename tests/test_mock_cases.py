"""Test cases of sfnsim.Mocks (``mocks={"happy": ..., "declined": ...}``): one client runs each
execution with the case its StartExecution names (``<arn>#<case>``), as Step Functions Local
does with a MockConfigFile's test cases; ``sfnsim.run`` picks one with ``test_case=``."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
import sfnsim
from sfnsim import MockConfigError, Mocks

ROLE = "arn:aws:iam::123456789012:role/r"

CHECKOUT = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge-card", "Payload.$": "$"},
            "OutputPath": "$.Payload",
            "Catch": [{"ErrorEquals": ["PaymentDeclined"], "Next": "Declined"}],
            "End": True,
        },
        "Declined": {"Type": "Fail", "Error": "OrderDeclined"},
    },
}


class PaymentDeclined(Exception):
    pass


def cases() -> tuple[Mocks, Mocks]:
    happy, declined = Mocks(), Mocks()

    @happy.lambda_("charge-card")
    def charge(event: Any) -> Any:
        return {"charged": event["amount"]}

    @declined.lambda_("charge-card")
    def refuse(event: Any) -> Any:
        raise PaymentDeclined(f"{event['amount']} is over the limit")

    return happy, declined


def test_each_execution_runs_the_case_it_names() -> None:
    happy, declined = cases()
    sfn = sfnsim.client(mocks={"happy": happy, "declined": declined})
    arn = sfn.create_state_machine(name="checkout", definition=json.dumps(CHECKOUT), roleArn=ROLE)[
        "stateMachineArn"
    ]
    ok = sfn.start_execution(stateMachineArn=f"{arn}#happy", name="a", input='{"amount": 5}')
    no = sfn.start_execution(stateMachineArn=f"{arn}#declined", name="b", input='{"amount": 9}')
    assert ok["executionArn"].endswith(":checkout:a")  # the '#case' suffix is not kept
    first = sfn.describe_execution(executionArn=ok["executionArn"])
    second = sfn.describe_execution(executionArn=no["executionArn"])
    assert first["status"] == "SUCCEEDED" and json.loads(first["output"]) == {"charged": 5}
    assert second["status"] == "FAILED" and second["error"] == "OrderDeclined"
    # Each case's Mocks records its own calls.
    assert [c.input for c in happy.calls("charge-card")] == [{"amount": 5}]
    assert [c.input for c in declined.calls("charge-card")] == [{"amount": 9}]


def test_an_execution_without_a_case_has_no_mocks_and_an_unknown_case_is_named() -> None:
    happy, declined = cases()
    sfn = sfnsim.client(mocks={"happy": happy, "declined": declined})
    arn = sfn.create_state_machine(name="checkout", definition=json.dumps(CHECKOUT), roleArn=ROLE)[
        "stateMachineArn"
    ]
    plain = sfn.start_execution(stateMachineArn=arn, input='{"amount": 1}')
    failed = sfn.describe_execution(executionArn=plain["executionArn"])
    assert failed["status"] == "FAILED" and failed["error"] == "sfnsim.TaskNotMocked"
    with pytest.raises(MockConfigError, match="no test case 'sad' \\(it has: declined, happy\\)"):
        sfn.start_execution(stateMachineArn=f"{arn}#sad", input="{}")


def test_boto3_through_mock_aws_selects_cases_too() -> None:
    happy, declined = cases()
    with sfnsim.mock_aws(mocks={"happy": happy, "declined": declined}):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        arn = sfn.create_state_machine(
            name="checkout", definition=json.dumps(CHECKOUT), roleArn=ROLE
        )["stateMachineArn"]
        run = sfn.start_execution(stateMachineArn=f"{arn}#declined", input='{"amount": 3}')
        assert sfn.describe_execution(executionArn=run["executionArn"])["status"] == "FAILED"
    assert len(declined.calls("charge-card")) == 1 and not happy.calls("charge-card")


def test_run_takes_the_case_by_name() -> None:
    happy, declined = cases()
    both = {"happy": happy, "declined": declined}
    assert sfnsim.run(CHECKOUT, {"amount": 2}, mocks=both, test_case="happy").output == {
        "charged": 2
    }
    assert sfnsim.run(CHECKOUT, {"amount": 2}, mocks=both, test_case="declined").status == "FAILED"
    with pytest.raises(TypeError, match="test_case"):
        sfnsim.run(CHECKOUT, {}, mocks=both)
    with pytest.raises(MockConfigError, match="no test case 'x'"):
        sfnsim.run(CHECKOUT, {}, mocks=both, test_case="x")


@pytest.mark.parametrize(
    ("cases_given", "message"),
    [
        ({}, "at least one test case"),
        ({"a#b": Mocks()}, "without '#'"),
        ({"a": {"Charge": 1}}, "expected sfnsim.Mocks, not dict"),
    ],
)
def test_malformed_cases_are_refused(cases_given: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        sfnsim.client(mocks=cases_given)
    with pytest.raises(TypeError, match=message):
        sfnsim.run(CHECKOUT, {}, mocks=cases_given, test_case="a")


def test_mocks_of_the_wrong_type_are_refused() -> None:
    for call in (sfnsim.client, lambda mocks: sfnsim.run(CHECKOUT, {}, mocks=mocks)):
        with pytest.raises(TypeError, match="mocks= takes sfnsim.Mocks"):
            call(mocks=["not", "mocks"])
