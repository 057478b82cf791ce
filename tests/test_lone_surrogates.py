"""Lone surrogates in JSON text (docs/semantics/execution.md E20, E21): every place AWS reads JSON
text with Jackson takes an escaped lone surrogate ("\\ud800") as one unit of a Java string, and
the payload text sfnsim gives back spells it "\\uD800", as Jackson's UTF-8 writer does."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim
from callback_support import start_waiting

ROLE = "arn:aws:iam::123456789012:role/r"
HIGH, LOW = "\ud800", "\udc00"


def pass_state(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True, **fields}}}


def jsonata(output: str) -> dict[str, Any]:
    return {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Output": output, "End": True}},
    }


# (where, definition, execution input text, the output value, its text as AWS writes it)
ROWS = [
    ("input", pass_state(), '{"a": "\\ud800"}', {"a": HIGH}, '{"a":"\\uD800"}'),
    (
        "input key",
        pass_state(),
        '{"\\udc00k": ["x\\ud800y"]}',
        {LOW + "k": ["x" + HIGH + "y"]},
        '{"\\uDC00k":["x\\uD800y"]}',
    ),
    ("low before high", pass_state(), '"\\udc00\\ud800"', LOW + HIGH, '"\\uDC00\\uD800"'),
    (
        "pair stays a pair",
        pass_state(),
        '"\\ud83d\\ude00\\ud83d"',
        "\U0001f600" + "\ud83d",
        '"\U0001f600\\uD83D"',
    ),
    ("Pass Result", pass_state(Result={"r": HIGH}), "{}", {"r": HIGH}, '{"r":"\\uD800"}'),
    (
        "Parameters",
        pass_state(Parameters={"k" + LOW: HIGH, "v.$": "$.v"}),
        '{"v": "\\udfff"}',
        {"k" + LOW: HIGH, "v": "\udfff"},
        '{"k\\uDC00":"\\uD800","v":"\\uDFFF"}',
    ),
    (
        "States.StringToJson",
        pass_state(Parameters={"v.$": "States.StringToJson($.s)"}),
        json.dumps({"s": '["\\ud800"]'}),
        {"v": [HIGH]},
        '{"v":["\\uD800"]}',
    ),
    # States.JsonToString writes a Java String (Jackson's writeValueAsString): the unit stays
    # itself inside it, and is escaped only when the output is written
    (
        "States.JsonToString",
        pass_state(Parameters={"v.$": "States.JsonToString($.a)"}),
        '{"a": ["\\ud800"]}',
        {"v": '["' + HIGH + '"]'},
        '{"v":"[\\"\\uD800\\"]"}',
    ),
    (
        "JSONata $parse",
        jsonata("{% $parse($states.input.s) %}"),
        json.dumps({"s": '"\\udc00"'}),
        LOW,
        '"\\uDC00"',
    ),
]


@pytest.mark.parametrize(
    ("definition", "text", "value", "written"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_read_as_one_unit_and_written_as_jackson_writes_it(
    definition: dict[str, Any], text: str, value: Any, written: str
) -> None:
    sfn = sfnsim.client()
    # json.dumps spells a lone surrogate as its escape, as boto3 sends it
    arn = sfn.create_state_machine(name="m", definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]
    ex = sfn.start_execution(stateMachineArn=arn, input=text)["executionArn"]
    described = sfn.describe_execution(executionArn=ex)
    assert described["status"] == "SUCCEEDED", described
    assert described["output"] == written
    assert json.loads(written) == value
    started = sfn.get_execution_history(executionArn=ex)["events"][0]
    assert json.loads(started["executionStartedEventDetails"]["input"]) == json.loads(text)
    assert sfnsim.run(definition, json.loads(text)).output == value


def test_task_output_and_test_state_input() -> None:
    sfn = sfnsim.client()
    ex, token = start_waiting(sfn)
    sfn.send_task_success(taskToken=token, output='{"s": "a\\ud800"}')
    assert sfn.describe_execution(executionArn=ex)["output"] == '{"s":"a\\uD800"}'

    tested = sfn.test_state(
        definition=json.dumps(
            {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.a)"}, "End": True}
        ),
        roleArn=ROLE,
        input='{"a": ["\\udc00", "x"]}',
    )
    assert tested["output"] == '{"n":2}'
    echoed = sfn.test_state(
        definition='{"Type": "Pass", "End": true}', roleArn=ROLE, input='"\\udc00"'
    )
    assert echoed["output"] == '"\\uDC00"'


def test_the_unit_is_a_character_of_its_own() -> None:
    # States.StringSplit cuts around it and keeps it whole.
    definition = pass_state(
        Parameters={"len.$": "States.ArrayLength(States.StringSplit($.s, 'x'))", "s.$": "$.s"}
    )
    ex = sfnsim.run(definition, {"s": "x" + HIGH + "x" + LOW + "x"})
    assert ex.output == {"len": 2, "s": "x" + HIGH + "x" + LOW + "x"}


def test_malformed_text_is_still_refused() -> None:
    sfn = sfnsim.client()
    arn = sfn.create_state_machine(name="p", definition=json.dumps(pass_state()), roleArn=ROLE)[
        "stateMachineArn"
    ]
    for text in ['"\\ud800', '"\\ud80"', '["\\ud800",]', "\\ud800"]:
        with pytest.raises(sfn.exceptions.InvalidExecutionInput):
            sfn.start_execution(stateMachineArn=arn, input=text)
