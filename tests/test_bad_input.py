"""Input that once escaped as a traceback from inside sfnsim (issue 13, item 9): each now either
works as it does on AWS or fails with one of sfnsim's own errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim
from callback_support import start_waiting

ROLE = "arn:aws:iam::123456789012:role/r"
PASS = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"


def test_text_after_the_definition_is_ignored_as_aws_ignores_it() -> None:
    # Jackson's readTree stops after the root value; sfnsim accepted such a definition and then
    # failed to read it back for the history (JSONDecodeError).
    text = json.dumps(PASS) + " trailing words"
    ex = sfnsim.run(text, {"a": 1})
    assert ex.status == "SUCCEEDED"
    assert ex.history.types[0] == "ExecutionStarted"
    assert ex.path == ["A"]
    assert "A" in ex.to_mermaid()
    sfn = sfnsim.client()
    arn = sfn.create_state_machine(name="m", definition=text, roleArn=ROLE)["stateMachineArn"]
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == text


LONE = "\ud800"


def test_unpaired_surrogates_in_input_come_back_unchanged() -> None:
    ex = sfnsim.run(PASS, {"a": LONE, LONE + "k": ["x" + LONE]})
    assert ex.output == {"a": LONE, LONE + "k": ["x" + LONE]}
    assert ex.history[0]["type"] == "ExecutionStarted"


def test_unpaired_surrogates_from_a_task_handler() -> None:
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": LAMBDA, "End": True}},
    }

    def answer(event: Any) -> Any:
        return {"s": LONE}

    ex = sfnsim.run(definition, {}, tasks={"f": answer})
    assert (ex.status, ex.output) == ("SUCCEEDED", {"s": LONE})

    def fail(event: Any) -> Any:
        raise sfnsim.TaskFailed("E" + LONE, "cause " + LONE)

    failed = sfnsim.run(definition, {}, tasks={"f": fail})
    assert (failed.error, failed.cause) == ("E" + LONE, "cause " + LONE)


def test_unpaired_surrogates_built_by_jsonata() -> None:
    out = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Output": "{% '\\ud800' %}", "End": True}},
    }
    ex = sfnsim.run(out, {})
    assert ex.output == LONE
    assert ex.history[-1]["type"] == "ExecutionSucceeded"
    fail = {
        "QueryLanguage": "JSONata",
        "StartAt": "F",
        "States": {"F": {"Type": "Fail", "Error": "{% '\\ud800' %}", "Cause": "{% 'x\\udfff' %}"}},
    }
    failed = sfnsim.run(fail, {})
    assert (failed.status, failed.error, failed.cause) == ("FAILED", LONE, "x\udfff")
    sfn = sfnsim.client()
    arn = sfn.create_state_machine(name="j", definition=json.dumps(fail), roleArn=ROLE)[
        "stateMachineArn"
    ]
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    described = sfn.describe_execution(executionArn=execution)
    assert described["status"] == "FAILED" and isinstance(described["error"], str)


def test_jsonata_bindings_must_be_a_mapping() -> None:
    expression = sfnsim.jsonata.compile("$x + 1")
    assert expression.evaluate(None, {"x": 1}) == 2
    with pytest.raises(TypeError, match="bindings must be a mapping"):
        expression.evaluate(1, [("x", 1)])  # type: ignore[arg-type]


# Found by the fuzz suite (tools/fuzz/run_python_fuzz.py) after the items above were fixed.


def test_unpaired_surrogates_in_text_arguments() -> None:
    # pybind11 refused such a str with "incompatible function arguments" (TypeError) before the
    # definition's or expression's own rules could judge it.
    expression = sfnsim.jsonata.compile("'" + LONE + "' & $x")
    assert expression.source == "'" + LONE + "' & $x"
    assert expression.evaluate(None, {"x": "y"}) == LONE + "y"
    with pytest.raises(sfnsim.jsonata.JSONataError, match="S0101"):
        sfnsim.jsonata.compile("'" + LONE)
    # The definition reader takes escaped lone surrogates (execution.md E20) but not raw ones: a
    # raw one is refused as invalid text, in the definition's own terms.
    raw = json.dumps(PASS).replace('"A"', '"A' + LONE + '"')
    with pytest.raises(sfnsim.InvalidDefinition, match="Invalid UTF-8"):
        sfnsim.run(raw, {})
    named = sfnsim.run(PASS, {}, name="n" + LONE, state_machine_name="m" + LONE)
    assert named.status == "SUCCEEDED"


@pytest.mark.parametrize("big", [10**400, -(10**400)])
def test_integers_past_a_double_are_refused_in_the_users_terms(big: int) -> None:
    # "Unable to cast Python instance of type <class 'int'>" (RuntimeError) before.
    with pytest.raises(sfnsim.InvalidExecutionInput, match="out of their range"):
        sfnsim.run(PASS, {"n": big})
    with pytest.raises(ValueError, match="out of their range"):
        sfnsim.jsonata.compile("$").evaluate({"n": big})
    sfn = sfnsim.client()
    with pytest.raises(sfnsim.ParamValidationError, match="out of their range"):
        sfn.tag_resource(resourceArn="arn", tags=[{"key": "k", "value": big}])
    # 2**64 and beyond fit a double, as JSON text holding them parses
    assert sfnsim.run(PASS, {"n": 2**64}).output == {"n": float(2**64)}


def test_parameters_that_cannot_be_shown_are_still_reported() -> None:
    # str() of such values raised RecursionError / ValueError inside the parameter check
    sfn = sfnsim.client()
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(sfnsim.ParamValidationError, match="nested too deeply to show"):
        sfn.describe_execution(executionArn=deep)
    with pytest.raises(sfnsim.ParamValidationError, match="too large to show"):
        sfn.describe_execution(executionArn=10**5000)


def test_deep_input_names_the_limit() -> None:
    deep: list[Any] = []
    for _ in range(5_000):
        deep = [deep]
    with pytest.raises(sfnsim.InvalidExecutionInput, match="1000 levels"):
        sfnsim.run(PASS, deep)


def test_unreadable_input_text_gets_jacksons_words_not_the_parsers() -> None:
    sfn = sfnsim.client()
    arn = sfn.create_state_machine(name="p", definition=json.dumps(PASS), roleArn=ROLE)[
        "stateMachineArn"
    ]
    for text in ['{"a": }', '{"n": 1e400}', "[1, 2", '"\\ud800']:
        with pytest.raises(sfn.exceptions.InvalidExecutionInput) as raised:
            sfn.start_execution(stateMachineArn=arn, input=text)
        message = raised.value.response["Error"]["Message"]
        assert message.startswith("Invalid State Machine Execution Input: '")
        assert "json.exception" not in message
    with pytest.raises(sfn.exceptions.InvalidExecutionInput, match="Unexpected character"):
        sfn.start_execution(stateMachineArn=arn, input='{"a": }')


def test_unreadable_task_output_gets_jacksons_words() -> None:
    sfn = sfnsim.client()
    ex, token = start_waiting(sfn)
    with pytest.raises(sfn.exceptions.InvalidOutput) as raised:
        sfn.send_task_success(taskToken=token, output="{oops")
    message = raised.value.response["Error"]["Message"]
    assert message.startswith("Invalid Output: 'Unexpected character")
    sfn.send_task_success(taskToken=token, output="{}")  # the token still answers
    assert sfn.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
