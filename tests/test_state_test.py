"""sfnsim.StateTest without pytest's fixtures: how it reads definitions, builds requests, picks
its client, and how its assertions fail."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sfnsim
import sfnsim.state_test

ROLE = "arn:aws:iam::123456789012:role/sfnsim-test-state"
CHARGE = {
    "Type": "Task",
    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
    "Parameters": {"amount.$": "$.amount"},
    "ResultPath": "$.charge",
    "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 3, "MaxAttempts": 2}],
    "Catch": [{"ErrorEquals": ["Declined"], "ResultPath": "$.error", "Next": "Refund"}],
    "Next": "Ship",
}
MACHINE = {
    "StartAt": "Charge",
    "States": {
        "Charge": CHARGE,
        "Ship": {"Type": "Pass", "Result": "shipped", "ResultPath": "$.shipping", "End": True},
        "Refund": {"Type": "Fail", "Error": "Refunded"},
    },
}

# Charge's Parameters read $.amount, so every test of it gives one.
CHARGE_TEST = sfnsim.StateTest(MACHINE, "Charge").with_input({"amount": 1})


def test_the_module_example_runs() -> None:
    result = doctest.testmod(sfnsim.state_test, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("form", ["dict", "text", "path", "str-path"])
def test_a_definition_is_a_dict_json_text_or_a_file(tmp_path: Path, form: str) -> None:
    path = tmp_path / "machine.asl.json"
    path.write_text(json.dumps(MACHINE), encoding="utf-8")
    definition: Any = {
        "dict": MACHINE,
        "text": "\n  " + json.dumps(MACHINE),
        "path": path,
        "str-path": str(path),
    }[form]
    (
        sfnsim.StateTest(definition, "Charge")
        .with_input({"amount": 5})
        .with_mock_result({"ok": True})
        .execute()
        .assert_succeeded()
        .assert_next_state("Ship")
        .assert_output({"amount": 5, "charge": {"ok": True}})
    )


def test_a_single_state_needs_no_name() -> None:
    result = sfnsim.StateTest(CHARGE).with_input({"amount": 5}).with_mock_result(1).execute()
    result.assert_after_parameters({"amount": 5}).assert_next_state("Ship")
    assert "stateName" not in result.request


def test_a_whole_machine_needs_a_state_name() -> None:
    with pytest.raises(
        ValueError, match="name the state to test \\(one of Charge, Ship, Refund\\)"
    ):
        sfnsim.StateTest(MACHINE).execute()


def test_builders_leave_the_original_unchanged() -> None:
    base = sfnsim.StateTest(MACHINE, "Charge").with_input({"amount": 5}).with_retry_count(1)
    declined = base.with_mock_error("Declined").with_map_failure_count(0)
    assert "mock" not in base.request()
    assert base.request()["stateConfiguration"] == {"retrierRetryCount": 1}
    assert declined.request()["stateConfiguration"] == {
        "retrierRetryCount": 1,
        "mapIterationFailureCount": 0,
    }
    assert declined.request()["mock"] == {"errorOutput": {"error": "Declined"}}


def test_the_request_is_what_boto3_takes() -> None:
    test = (
        sfnsim.StateTest(MACHINE, "Charge")
        .with_input({"amount": 5})
        .with_context({"Execution": {"Id": "x"}})
        .with_variables({"limit": 10})
        .with_mock_result({"ok": True})
        .with_error_caused_by_state("Inner")
        .with_item_reader_data("a,b\n1,2\n")
        .with_inspection_level("TRACE")
    )
    assert test.request() == {
        "definition": json.dumps(MACHINE),
        "roleArn": ROLE,
        "stateName": "Charge",
        "input": '{"amount": 5}',
        "inspectionLevel": "TRACE",
        "context": '{"Execution": {"Id": "x"}}',
        "variables": '{"limit": 10}',
        "mock": {"result": '{"ok": true}'},
        "stateConfiguration": {"errorCausedByState": "Inner", "mapItemReaderData": "a,b\n1,2\n"},
    }
    assert test.with_item_reader_data([1, 2]).request()["stateConfiguration"][
        "mapItemReaderData"
    ] == ("[1, 2]")
    with pytest.raises(ValueError, match="one of INFO, DEBUG, TRACE"):
        test.with_inspection_level("debug")


def test_without_a_mock_the_clients_tasks_perform_the_task() -> None:
    test = sfnsim.StateTest(MACHINE, "Charge", tasks={"charge": lambda e: {"paid": e["amount"]}})
    test.with_input({"amount": 7}).execute().assert_output({"amount": 7, "charge": {"paid": 7}})
    with pytest.raises(TypeError, match="not both"):
        sfnsim.StateTest(MACHINE, "Charge", client=sfnsim.client(), tasks={})


def test_a_boto3_client_under_mock_aws() -> None:
    boto3 = pytest.importorskip("boto3")
    with sfnsim.mock_aws():
        real = boto3.client(
            "stepfunctions",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        (
            sfnsim.StateTest(MACHINE, "Charge", client=real)
            .with_input({"amount": 1})
            .with_mock_error("Throttled", "slow")
            .execute()
            .assert_retriable(backoff_seconds=3, retry_index=0)
        )


def test_api_errors_are_the_clients() -> None:
    client = sfnsim.client()
    with pytest.raises(client.exceptions.ValidationException):
        sfnsim.StateTest(MACHINE, "Nowhere", client=client).execute()


def failure(check: Any) -> str:
    with pytest.raises(AssertionError) as info:
        check()
    return str(info.value)


def test_each_assertion_says_what_was_expected_and_what_happened() -> None:
    caught = CHARGE_TEST.with_mock_error("Declined", "no funds").execute()
    retried = CHARGE_TEST.with_mock_error("Throttled", "slow").execute()
    ok = CHARGE_TEST.with_mock_result(2).execute()
    expected = {
        "expected 'Charge' to end SUCCEEDED, it ended CAUGHT_ERROR": caught.assert_succeeded,
        "expected 'Charge' to end FAILED, it ended CAUGHT_ERROR": caught.assert_failed,
        "expected a retry backoff of 4 s, got 3 s": lambda: retried.assert_retriable(4),
        "expected Retry[1] to take the error, Retry[0] did": lambda: retried.assert_retriable(
            retry_index=1
        ),
        "expected Catch[1] to take the error, Catch[0] did": lambda: caught.assert_caught_error(1),
        "expected next state 'Ship', got 'Refund'": lambda: caught.assert_next_state("Ship"),
        "expected no next state, got 'Ship'": lambda: ok.assert_next_state(None),
        "expected next state 'Ship', got none (it ended RETRIABLE)": lambda: (
            retried.assert_next_state("Ship")
        ),
        "expected error 'Other', got 'Declined'": lambda: caught.assert_error("Other"),
        "expected cause 'x', got 'no funds'": lambda: caught.assert_cause("x"),
        "expected output {}, there is none": lambda: retried.assert_output({}),
        "inspectionData.result differs:\n  expected: 3\n  actual:   2": lambda: ok.assert_result(3),
        "expected inspectionData.afterArguments, it is not there (it has input, afterInputPath, "
        "afterParameters, result, afterResultSelector, afterResultPath)": lambda: (
            ok.assert_after_arguments({})
        ),
    }
    for message, check in expected.items():
        text = failure(check)
        assert text.startswith(message), text
        # Every message ends with the whole answer, so the reader need not re-run anything.
        assert "TestState of 'Charge' (DEBUG) ended" in text


def test_a_differing_output_is_shown_as_a_diff() -> None:
    ok = CHARGE_TEST.with_mock_result(2).execute()
    text = failure(lambda: ok.assert_output({"amount": 1, "charge": 3}))
    assert text.startswith("the output of 'Charge' differs:\n")
    assert '-  "charge": 3\n' in text and '+  "charge": 2\n' in text


def test_info_level_says_why_there_is_no_inspection_data() -> None:
    result = (CHARGE_TEST.with_inspection_level("INFO").with_mock_result(1)).execute()
    text = failure(lambda: result.assert_result(1))
    assert "it is not there (it has nothing)" in text
    assert "inspectionData: none at INFO (use DEBUG or TRACE)" in text


def test_then_feeds_the_output_and_variables_to_the_next_state() -> None:
    machine = {
        "QueryLanguage": "JSONata",
        "StartAt": "Count",
        "States": {
            "Count": {"Type": "Pass", "Assign": {"seen": 1}, "Output": {"n": 2}, "Next": "Add"},
            "Add": {"Type": "Pass", "Output": "{% $states.input.n + $seen %}", "Next": "Other"},
            "Other": {"Type": "Succeed"},
        },
    }
    first = sfnsim.StateTest(machine, "Count").execute()
    then = first.then()
    assert then.state_name == "Add" and then.request()["variables"] == '{"seen": 1}'
    then.execute().assert_output(3).assert_variables({"seen": 1})
    assert first.then("Other").state_name == "Other"


def test_then_needs_somewhere_to_go_and_something_to_give() -> None:
    ended = sfnsim.StateTest(MACHINE, "Ship").execute()
    assert failure(ended.then).startswith("'Ship' has no next state to go on to")
    retried = CHARGE_TEST.with_mock_error("Throttled").execute()
    assert failure(lambda: retried.then("Ship")).startswith("'Charge' has no output to give 'Ship'")
    with pytest.raises(ValueError, match="whole state machine"):
        sfnsim.StateTest(CHARGE).with_input({"amount": 1}).with_mock_result(1).execute().then("S")


def test_repr() -> None:
    result = sfnsim.StateTest(MACHINE, "Ship").execute()
    assert re.fullmatch(r"<StateTestResult 'Ship' SUCCEEDED>", repr(result))
    assert repr(sfnsim.StateTest(CHARGE)) == "<sfnsim.StateTest (single state)>"
