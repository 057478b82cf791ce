"""TestState's mock.fieldValidationMode through both clients: botocore's shapes (read by
sfnsim.services.aws_models) and the core's rules (unit-tested in
cpp/tests/test_service_mock_validation.cpp)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sfnsim
from sfnsim.services import aws_models

pytest.importorskip("botocore")

PUT_EVENTS = {
    "Type": "Task",
    "Resource": "arn:aws:states:::events:putEvents",
    "Parameters": {"Entries": [{"Detail": {}, "DetailType": "t", "Source": "s"}]},
    "End": True,
}
START_EXECUTION = {
    "Type": "Task",
    "Resource": "arn:aws:states:::states:startExecution",
    "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:m"},
    "End": True,
}


@contextmanager
def clients() -> Iterator[list[Any]]:
    """The in-process client, and a real boto3 client routed to sfnsim."""
    boto3 = pytest.importorskip("boto3")
    with sfnsim.mock_aws():
        routed = boto3.client(
            "stepfunctions",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        yield [sfnsim.client(), routed]


def message(sfn: Any, state: dict[str, Any], result: Any, mode: str | None = None) -> str:
    """The ValidationException's message, or "" when the test runs."""
    mock: dict[str, Any] = {"result": json.dumps(result)}
    if mode is not None:
        mock["fieldValidationMode"] = mode
    try:
        sfn.test_state(definition=json.dumps(state), mock=mock)
    except sfn.exceptions.ClientError as error:
        assert error.response["Error"]["Code"] == "ValidationException"
        return str(error.response["Error"]["Message"])
    return ""


def test_strict_by_default_present_and_none() -> None:
    with clients() as both:
        for sfn in both:
            prefix = "Mock result schema validation error: "
            assert message(sfn, PUT_EVENTS, {"Entries": "x"}) == (
                prefix + "Field 'Entries' must be an array"
            )
            assert message(sfn, PUT_EVENTS, {"Entries": [{"EventId": "a"}, {"EventId": 1}]}) == (
                prefix + "Field 'EventId' must be a string"
            )
            assert message(sfn, PUT_EVENTS, {"random": "json"}) == ""
            assert message(sfn, START_EXECUTION, {}) == (
                prefix + "Required field 'ExecutionArn' is missing"
            )
            assert message(sfn, START_EXECUTION, {}, "PRESENT") == ""
            assert message(sfn, START_EXECUTION, {"StartDate": True}, "PRESENT") == (
                prefix + "Field 'StartDate' must be a string"
            )
            assert message(sfn, START_EXECUTION, {"StartDate": True}, "NONE") == ""


def test_sync_jobs_are_checked_against_the_polled_api() -> None:
    state = dict(START_EXECUTION, Resource="arn:aws:states:::states:startExecution.sync:2")
    sfn = sfnsim.client()
    # DescribeExecution requires more than StartExecution returns.
    result = {"ExecutionArn": "a", "StartDate": "2025-01-01T00:00:00Z"}
    assert message(sfn, state, result) == (
        "Mock result schema validation error: Required field 'StateMachineArn' is missing"
    )
    full = dict(result, StateMachineArn="m", Status="SUCCEEDED", Output="{}")
    assert message(sfn, state, full) == ""


def test_aws_sdk_and_unchecked_integrations() -> None:
    sfn = sfnsim.client()
    s3 = {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "End": True}
    assert message(sfn, s3, {"StorageClass": "Papyrus"}) == (
        "Mock result schema validation error: Field 'StorageClass' is not an expected value"
    )
    http = {
        "Type": "Task",
        "Resource": "arn:aws:states:::http:invoke",
        "Parameters": {"ApiEndpoint": "https://example.com", "Method": "GET"},
        "End": True,
    }
    assert message(sfn, http, {"ResponseBody": 1}) == ""
    token = dict(PUT_EVENTS, Resource="arn:aws:states:::events:putEvents.waitForTaskToken")
    assert message(sfn, token, {"Entries": "x"}) == ""


def test_without_a_model_sfnsim_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aws_models, "_output_shape", lambda service, operation: None)
    sfn = sfnsim.client()
    text = message(sfn, PUT_EVENTS, {})
    assert "cannot check the mocked result of 'arn:aws:states:::events:putEvents'" in text
    assert text.endswith("Install botocore, or set mock.fieldValidationMode to NONE.")
    assert message(sfn, PUT_EVENTS, {}, "NONE") == ""


def test_a_failing_lookup_counts_as_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(service: str, operation: str) -> None:
        raise RuntimeError("no")

    monkeypatch.setattr(aws_models, "_output_shape", broken)
    assert "cannot check" in message(sfnsim.client(), PUT_EVENTS, {})


def test_ctrl_c_in_the_lookup_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(service: str, operation: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(aws_models, "_output_shape", interrupted)
    with pytest.raises(KeyboardInterrupt):
        message(sfnsim.client(), PUT_EVENTS, {})


def test_shapes_from_botocore() -> None:
    shape = aws_models.output_shape("states", "startExecution")
    assert shape is not None
    assert shape["shape"] == "StartExecutionOutput"
    root = shape["shapes"]["StartExecutionOutput"]
    assert root["required"] == ["executionArn", "startDate"]
    assert shape["shapes"][root["members"]["startDate"]["shape"]] == {"type": "timestamp"}
    # aws-sdk service names are the Java SDK's; recursive shapes appear once.
    events = aws_models.output_shape("aws-sdk:eventbridge", "putEvents")
    assert events is not None and events["shape"] == "PutEventsResponse"
    item = aws_models.output_shape("aws-sdk:dynamodb", "getItem")
    assert item is not None and "AttributeValue" in item["shapes"]
    # Optimised actions named otherwise than their API.
    emr = aws_models.output_shape("elasticmapreduce", "createCluster")
    assert emr is not None and emr["shape"] == "RunJobFlowOutput"
    # No output: an empty structure; unknown: None.
    assert aws_models.output_shape("aws-sdk:s3", "deleteBucket") == {
        "type": "structure",
        "members": {},
    }
    assert aws_models.output_shape("aws-sdk:nosuchservice", "getThing") is None
    assert aws_models.output_shape("lambda", "nosuchaction") is None
