"""Input that once escaped as a traceback from inside sfnsim (issue 13, item 9): each now either
works as it does on AWS or fails with one of sfnsim's own errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim

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
