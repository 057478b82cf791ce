"""The rule table of docs/semantics/execution.md, row by row, with inputs made up for each rule
(not the recordings the rows cite). A row's id is the one in the table; change both together."""

from __future__ import annotations

import json
import re
from datetime import timezone
from typing import Any

import pytest
import sfnsim


def prefix(state: str = "S", entered: int = 2) -> str:
    return (
        f"An error occurred while executing the state '{state}' "
        f"(entered at the event id #{entered}). "
    )


def refers(field: str, value: str, path: str, what: str = "a valid integer") -> str:
    """The words of E1/E2: `The <field> field refers to value "<v>" which is not <what>: <path>`."""
    return f'The {field} field refers to value "{value}" which is not {what}: {path}'


def inline_map(**fields: Any) -> dict[str, Any]:
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    return dict({"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor}, **fields)


def distributed_map(**fields: Any) -> dict[str, Any]:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "End": True}},
    }
    return dict({"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor}, **fields)


def one_state(state: dict[str, Any], query_language: str | None = None) -> dict[str, Any]:
    if state["Type"] not in ("Fail", "Choice", "Succeed"):
        state = dict(state, End=True)
    definition: dict[str, Any] = {"StartAt": "S", "States": {"S": state}}
    if query_language:
        definition["QueryLanguage"] = query_language
    return definition


# E1 / E2 / E3: (row, state, input, expected); expected ("ok", output) or ("fail", cause tail).
PATH_NUMBER_ROWS = [
    ("E1", inline_map(MaxConcurrencyPath="$.m"), {"items": [4, 5], "m": "2"}, ("ok", [4, 5])),
    ("E1", inline_map(MaxConcurrencyPath="$.m"), {"items": [4], "m": "+1"}, ("ok", [4])),
    ("E1", inline_map(MaxConcurrencyPath="$.m"), {"items": [4], "m": 3.0}, ("ok", [4])),
    (
        "E1",
        inline_map(MaxConcurrencyPath="$.m"),
        {"items": [4], "m": "two"},
        (
            "fail",
            refers("MaxConcurrencyPath", "two", "$.m"),
        ),
    ),
    (
        "E1",
        inline_map(MaxConcurrencyPath="$.m"),
        {"items": [4], "m": " 2"},
        (
            "fail",
            refers("MaxConcurrencyPath", " 2", "$.m"),
        ),
    ),
    (
        "E1",
        inline_map(MaxConcurrencyPath="$.m"),
        {"items": [4], "m": {"n": 1}},
        (
            "fail",
            refers("MaxConcurrencyPath", '{"n":1}', "$.m"),
        ),
    ),
    ("E1", distributed_map(ToleratedFailureCountPath="$.c"), {"items": [7], "c": "0"}, ("ok", [7])),
    (
        "E1",
        distributed_map(ToleratedFailureCountPath="$.c"),
        {"items": [7], "c": "1.5"},
        (
            "fail",
            refers("ToleratedFailureCountPath", "1.5", "$.c"),
        ),
    ),
    (
        "E1",
        distributed_map(ToleratedFailureCountPath="$.c"),
        {"items": [7], "c": [2]},
        (
            "fail",
            refers("ToleratedFailureCountPath", "[2]", "$.c"),
        ),
    ),
    (
        "E2",
        distributed_map(ToleratedFailurePercentagePath="$.p"),
        {"items": [7], "p": "12.5"},
        ("ok", [7]),
    ),
    (
        "E2",
        distributed_map(ToleratedFailurePercentagePath="$.p"),
        {"items": [7], "p": " 3 "},
        ("ok", [7]),
    ),
    (
        "E2",
        distributed_map(ToleratedFailurePercentagePath="$.p"),
        {"items": [7], "p": "1e1"},
        ("ok", [7]),
    ),
    (
        "E2",
        distributed_map(ToleratedFailurePercentagePath="$.p"),
        {"items": [7], "p": "five"},
        (
            "fail",
            refers("ToleratedFailurePercentagePath", "five", "$.p", "a valid float"),
        ),
    ),
    (
        "E2",
        distributed_map(ToleratedFailurePercentagePath="$.p"),
        {"items": [7], "p": None},
        (
            "fail",
            refers("ToleratedFailurePercentagePath", "null", "$.p", "a valid float"),
        ),
    ),
    (
        "E3",
        distributed_map(ToleratedFailureCountPath="$.c"),
        {"items": [7], "c": "-3"},
        ("fail", "ToleratedFailureCount cannot be negative."),
    ),
    (
        "E3",
        distributed_map(ToleratedFailurePercentagePath="$.p"),
        {"items": [7], "p": "100.5"},
        ("fail", "ToleratedFailurePercentage must be between 0 and 100."),
    ),
    (
        "E3",
        inline_map(MaxConcurrencyPath="$.m"),
        {"items": [4], "m": -1},
        (
            "fail",
            refers("MaxConcurrencyPath", "-1", "$.m"),
        ),
    ),
]


@pytest.mark.parametrize(
    ("row", "state", "data", "expected"),
    PATH_NUMBER_ROWS,
    ids=[f"{r[0]}-{i}" for i, r in enumerate(PATH_NUMBER_ROWS)],
)
def test_path_numbers(row, state, data, expected):
    ex = sfnsim.run(one_state(state), data)
    if expected[0] == "ok":
        assert (ex.status, ex.output) == ("SUCCEEDED", expected[1]), (ex.error, ex.cause)
    else:
        assert (ex.status, ex.error, ex.cause) == (
            "FAILED",
            "States.Runtime",
            prefix() + expected[1],
        )


def test_e1_variable_holding_a_numeric_string():
    # A JSONPath Assign stores the literal "3" as a string; MaxConcurrencyPath reads it.
    definition = {
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"limit": "3"}, "Next": "S"},
            "S": dict(inline_map(MaxConcurrencyPath="$limit"), End=True),
        },
    }
    ex = sfnsim.run(definition, {"items": ["a", "b"]})
    assert (ex.status, ex.output) == ("SUCCEEDED", ["a", "b"])


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("TimeoutSecondsPath", "45", ("ok", 45)),
        ("HeartbeatSecondsPath", "20", ("ok", 20)),
        (
            "TimeoutSecondsPath",
            "soon",
            (
                "fail",
                refers("TimeoutSecondsPath", "soon", "$.t"),
            ),
        ),
        (
            "TimeoutSecondsPath",
            "0",
            (
                "fail",
                refers("TimeoutSecondsPath", "0", "$.t", "a positive integer"),
            ),
        ),
    ],
)
def test_e1_task_seconds_paths(field, value, expected):
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f"},
        field: "$.t",
    }
    if field == "HeartbeatSecondsPath":
        state["TimeoutSeconds"] = 100
    ex = sfnsim.run(one_state(state), {"t": value}, tasks={"f": lambda event: {"ok": True}})
    if expected[0] == "ok":
        assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
        scheduled = next(e for e in ex.history if e["type"] == "TaskScheduled")
        details = scheduled["taskScheduledEventDetails"]
        key = "timeoutInSeconds" if field == "TimeoutSecondsPath" else "heartbeatInSeconds"
        assert details[key] == expected[1]
    else:
        assert (ex.status, ex.error, ex.cause) == (
            "FAILED",
            "States.Runtime",
            prefix() + expected[1],
        )


# E4: Wait TimestampPath: any fraction length, a zone designator required.
@pytest.mark.parametrize(
    ("stamp", "accepted"),
    [
        ("2020-02-29T10:00:00Z", True),
        ("2020-02-29T10:00:00.5Z", True),
        ("2020-02-29T10:00:00.123456789Z", True),
        ("2020-02-29T12:00:00.25+02:00", True),
        ("2020-02-29T10:00:00", False),
        ("2020-02-29T10:00:00.5", False),
        ("2020-02-29 10:00:00Z", False),
    ],
)
def test_e4_timestamp_path(stamp, accepted):
    ex = sfnsim.run(one_state({"Type": "Wait", "TimestampPath": "$.at"}), {"at": stamp})
    if accepted:
        assert (ex.status, ex.output) == ("SUCCEEDED", {"at": stamp}), ex.cause
    else:
        assert (ex.status, ex.error, ex.cause) == (
            "FAILED",
            "States.Runtime",
            prefix() + "The TimestampPath parameter does not reference a valid ISO-8601 extended "
            f"offset date-time format string: $.at == {stamp}",
        )


# E5 / E6: JSONata fields that give undefined.
UNDEFINED_ROWS = [
    ({"Type": "Pass", "Output": "{% $missing %}"}, "$missing", "Output"),
    (
        {"Type": "Pass", "Output": {"k": "{% $states.input.none %}"}},
        "$states.input.none",
        "Output/k",
    ),
    ({"Type": "Pass", "Output": {"k": {"j": "{% $missing %}"}}}, "$missing", "Output/k/j"),
    ({"Type": "Pass", "Assign": {"v": "{% $missing %}"}}, "$missing", "Assign/v"),
    (
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": "{% $missing %}",
        },
        "$missing",
        "Arguments",
    ),
    (
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f", "Payload": "{% $missing %}"},
        },
        "$missing",
        "Arguments/Payload",
    ),
]


@pytest.mark.parametrize(("state", "expr", "location"), UNDEFINED_ROWS)
def test_e5_e6_undefined_result(state, expr, location):
    # A first state passes its input on, so the failing state is entered second (event #4).
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "First",
        "States": {"First": {"Type": "Pass", "Next": "S"}, "S": dict(state, End=True)},
    }
    ex = sfnsim.run(definition, {"a": 1})
    cause = (
        prefix(entered=4) + f"The JSONata expression '{expr}' specified for the field "
        f"'{location}' returned nothing (undefined)."
    )
    assert (ex.status, ex.error, ex.cause) == ("FAILED", "States.QueryEvaluationError", cause)
    types = [e["type"] for e in ex.history]
    assert types[-2:] == ["EvaluationFailed", "ExecutionFailed"]
    failed = ex.history[-2]
    assert failed["evaluationFailedEventDetails"] == {
        "error": "States.QueryEvaluationError",
        "cause": cause,
        "location": location,
        "state": "S",
    }
    entered = ex.history[3]
    assert entered["type"].endswith("StateEntered")
    assert failed["previousEventId"] == entered["previousEventId"] == 3


# E7: Map Items in JSONata.
@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ("{% [] %}", ("ok", [])),
        ("{% ['x'] %}", ("ok", ["x"])),
        ("{% [false, 'y', 2.5, null] %}", ("ok", [False, "y", 2.5, None])),
        (
            "{% $states.input.n %}",
            (
                "fail",
                "The JSONata expression '$states.input.n' specified for the field 'Items' returned "
                "an unexpected result type. Expected 'array', but was 'number' for value: 5",
            ),
        ),
        (
            "{% $states.input.s %}",
            (
                "fail",
                "The JSONata expression '$states.input.s' specified for the field 'Items' returned "
                "an unexpected result type. Expected 'array', but was 'string' for value: \"t\"",
            ),
        ),
        (
            "{% function($v){$v} %}",
            (
                "fail",
                "The JSONata expression 'function($v){$v}' specified for the field 'Items' "
                "returned an unsupported result type.",
            ),
        ),
    ],
)
def test_e7_jsonata_items(items, expected):
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    state = {"Type": "Map", "Items": items, "ItemProcessor": processor}
    ex = sfnsim.run(one_state(state, "JSONata"), {"n": 5, "s": "t"})
    if expected[0] == "ok":
        assert (ex.status, ex.output) == ("SUCCEEDED", expected[1]), ex.cause
        started = next(e for e in ex.history if e["type"] == "MapStateStarted")
        assert started["mapStateStartedEventDetails"]["length"] == len(expected[1])
    else:
        assert (ex.status, ex.error, ex.cause) == (
            "FAILED",
            "States.QueryEvaluationError",
            prefix() + expected[1],
        )
        assert [e["type"] for e in ex.history][-3:] == [
            "EvaluationFailed",
            "MapStateFailed",
            "ExecutionFailed",
        ]


def test_e7_jsonata_map_input_not_array():
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    definition = one_state({"Type": "Map", "ItemProcessor": processor}, "JSONata")
    for value in (7, "v", True, None):
        ex = sfnsim.run(definition, value)
        assert (ex.status, ex.error, ex.cause) == (
            "FAILED",
            "States.QueryEvaluationError",
            prefix() + "Map state input must be an array but was: " + json.dumps(value),
        )


# E18: a Map whose items are a JSON object iterates over its members as {Key, Value} pairs.
MEMBERS = {"z": {"n": 1}, "a": [2], "m": None}
PAIRS = [{"Key": "z", "Value": {"n": 1}}, {"Key": "a", "Value": [2]}, {"Key": "m", "Value": None}]
SELECTOR_JSONPATH = {
    "k.$": "$$.Map.Item.Key",
    "i.$": "$$.Map.Item.Index",
    "v.$": "$$.Map.Item.Value",
}
SELECTOR_JSONATA = {
    "k": "{% $states.context.Map.Item.Key %}",
    "i": "{% $states.context.Map.Item.Index %}",
    "v": "{% $states.context.Map.Item.Value %}",
}
SELECTED = [
    {"k": "z", "i": 0, "v": {"n": 1}},
    {"k": "a", "i": 1, "v": [2]},
    {"k": "m", "i": 2, "v": None},
]


def jsonata_map(**fields: Any) -> dict[str, Any]:
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    return dict({"Type": "Map", "ItemProcessor": processor}, **fields)


E18_ROWS = [
    # (label, state, query language, input, output)
    ("ItemsPath", inline_map(), None, {"items": MEMBERS}, PAIRS),
    ("ItemsPath $", inline_map(ItemsPath="$"), None, MEMBERS, PAIRS),
    (
        "default ItemsPath",
        {k: v for k, v in inline_map().items() if k != "ItemsPath"},
        None,
        MEMBERS,
        PAIRS,
    ),
    ("distributed", distributed_map(), None, {"items": MEMBERS}, PAIRS),
    ("empty object", inline_map(), None, {"items": {}}, []),
    (
        "ItemSelector",
        inline_map(ItemSelector=SELECTOR_JSONPATH),
        None,
        {"items": MEMBERS},
        SELECTED,
    ),
    (
        "distributed ItemSelector",
        distributed_map(ItemSelector=SELECTOR_JSONPATH),
        None,
        {"items": MEMBERS},
        SELECTED,
    ),
    ("JSONata Items", jsonata_map(Items="{% $states.input.o %}"), "JSONata", {"o": MEMBERS}, PAIRS),
    ("JSONata input", jsonata_map(), "JSONata", MEMBERS, PAIRS),
    (
        "JSONata Items object literal",
        jsonata_map(Items={"z": "{% {'n': 1} %}", "a": [2], "m": None}),
        "JSONata",
        {},
        PAIRS,
    ),
    (
        "JSONata ItemSelector",
        jsonata_map(Items="{% $states.input %}", ItemSelector=SELECTOR_JSONATA),
        "JSONata",
        MEMBERS,
        SELECTED,
    ),
]


@pytest.mark.parametrize(("label", "state", "language", "data", "output"), E18_ROWS)
def test_e18_object_members_are_the_items(label, state, language, data, output):
    ex = sfnsim.run(one_state(state, language), data)
    assert (ex.status, ex.output) == ("SUCCEEDED", output), ex.cause
    started = next(e for e in ex.history if e["type"] == "MapStateStarted")
    assert started["mapStateStartedEventDetails"]["length"] == len(output)


def test_e18_array_items_have_no_key():
    state = inline_map(ItemSelector={"all.$": "$$.Map.Item"})
    ex = sfnsim.run(one_state(state), {"items": ["x"]})
    assert ex.output == [{"all": {"Index": 0, "Value": "x"}}]
    ex = sfnsim.run(one_state(state), {"items": {"k": "x"}})
    assert ex.output == [{"all": {"Index": 0, "Key": "k", "Value": "x"}}]


def test_e18_items_path_selecting_no_collection_still_fails():
    for value in (5, "s", True, None):
        ex = sfnsim.run(one_state(inline_map()), {"items": value})
        assert (ex.status, ex.error, ex.cause) == (
            "FAILED",
            "States.Runtime",
            prefix() + "Map state input must be an array but was: " + json.dumps(value),
        )


def test_e8_jsonata_literals_stay_literal():
    literals = {
        "blanks": " {% $states.input %}",
        "path_like": "$states.input.a",
        "root": "$",
        "intrinsic": "States.StringToJson('{}')",
        "key.$": "$.a",
        "nested": [{"x": "{%x%} "}, "$$"],
    }
    output = dict(literals, real="{% $states.input.a %}")
    ex = sfnsim.run(one_state({"Type": "Pass", "Output": output}, "JSONata"), {"a": 9})
    assert (ex.status, ex.output) == ("SUCCEEDED", dict(literals, real=9))


def test_e9_dollar_literal_without_dot_dollar_key():
    definition = {
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"name": "n"}, "Next": "S"},
            "S": {"Type": "Pass", "Parameters": {"lit": "$name", "ref.$": "$name"}, "End": True},
        },
    }
    ex = sfnsim.run(definition, {})
    assert (ex.status, ex.output) == ("SUCCEEDED", {"lit": "$name", "ref": "n"})


@pytest.mark.parametrize(
    ("field", "path", "expected"),
    [
        ("ItemsPath", "$list", ["q", "r"]),
        ("ItemsPath", "$$.Execution.Input.items", [1, 2]),
    ],
)
def test_e10_variables_and_context_in_reference_paths(field, path, expected):
    definition = {
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"list": ["q", "r"]}, "Next": "S"},
            "S": dict(inline_map(**{field: path}), End=True),
        },
    }
    ex = sfnsim.run(definition, {"items": [1, 2]})
    assert (ex.status, ex.output) == ("SUCCEEDED", expected), ex.cause


@pytest.mark.parametrize("path", ["$$", "$$.Execution.Input"])
def test_e10_context_object_in_output_path(path):
    ex = sfnsim.run(one_state({"Type": "Pass", "OutputPath": path}), {"z": 1}, name="exe")
    assert ex.status == "SUCCEEDED"
    if path == "$$":
        assert ex.output["Execution"]["Input"] == {"z": 1}
        assert ex.output["State"]["Name"] == "S"
    else:
        assert ex.output == {"z": 1}


def test_e11_assign_in_wait_state():
    state = {"Type": "Wait", "Seconds": 0, "Assign": {"w": {"deep": [1]}, "s": "t"}}
    ex = sfnsim.run(one_state(state), {"in": 1})
    exited = next(e for e in ex.history if e["type"] == "WaitStateExited")
    details = exited["stateExitedEventDetails"]
    assert {k: json.loads(v) for k, v in details["assignedVariables"].items()} == {
        "w": {"deep": [1]},
        "s": "t",
    }
    assert details["assignedVariablesDetails"] == {"truncated": False}
    assert ex.output == {"in": 1}


# E12: the members of $$.Execution, in order, by how the execution was started.
STANDARD_KEYS = ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"]
EXPRESS_KEYS = ["Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount"]
SYNC_KEYS = ["Id", "Input", "Name", "RoleArn", "StartTime"]
CONTEXT = one_state({"Type": "Pass", "Parameters": {"e.$": "$$.Execution"}})


@pytest.mark.parametrize(
    ("machine_type", "keys"), [("STANDARD", STANDARD_KEYS), ("EXPRESS", EXPRESS_KEYS)]
)
def test_e12_context_execution_members_run(machine_type, keys):
    ex = sfnsim.run(CONTEXT, {"q": 1}, state_machine_type=machine_type)
    assert list(ex.output["e"]) == keys
    assert ex.output["e"]["Input"] == {"q": 1}


def test_e12_context_execution_members_start_sync_execution():
    sfn = sfnsim.client(clock=sfnsim.ManualClock())
    arn = sfn.create_state_machine(
        name="ctx",
        definition=json.dumps(CONTEXT),
        roleArn="arn:aws:iam::123456789012:role/r",
        type="EXPRESS",
    )["stateMachineArn"]
    sync = sfn.start_sync_execution(stateMachineArn=arn, input='{"q": 2}')
    assert list(json.loads(sync["output"])["e"]) == SYNC_KEYS


def choice_on(rule: dict[str, Any], query_language: str | None = None) -> dict[str, Any]:
    """A Choice whose one rule leads to a Pass giving "yes"; its Default gives "no"."""
    result = "Output" if query_language == "JSONata" else "Result"
    definition: dict[str, Any] = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [dict(rule, Next="Y")], "Default": "N"},
            "Y": {"Type": "Pass", result: "yes", "End": True},
            "N": {"Type": "Pass", result: "no", "End": True},
        },
    }
    if query_language:
        definition["QueryLanguage"] = query_language
    return definition


# E13: (operator, operand, variable, expected branch); operand is a literal or "$.o" for *Path
E13_ROWS = [
    ("NumericLessThan", 7, "3", "no"),
    ("NumericGreaterThanEquals", -2, None, "no"),
    ("NumericEquals", 1, True, "no"),
    ("NumericEquals", 0, [0], "no"),
    ("StringEquals", "7", 7, "no"),
    ("StringLessThanEquals", "b", {"s": "a"}, "no"),
    ("TimestampLessThan", "2030-01-01T00:00:00Z", "2020-05-06 07:08:09", "no"),
    ("TimestampEquals", "2030-01-01T00:00:00Z", 1893456000, "no"),
    ("TimestampGreaterThan", "2000-01-01T00:00:00Z", "", "no"),
    ("NumericEquals", 5, 5.0, "yes"),
    ("NumericEqualsPath", "$.o", -0.0, "yes"),
    ("NumericLessThan", 2.5, 2, "yes"),
    ("StringEquals", "x ", "x", "no"),
    ("StringEquals", "\r\n", "\n", "no"),
    ("StringLessThan", "pq ", "pq", "yes"),
    ("StringGreaterThanPath", "$.o", "pr", "yes"),
    ("TimestampEquals", "2021-03-04T05:06:07Z", "2021-03-04T06:06:07+01:00", "yes"),
    ("TimestampLessThanEqualsPath", "$.o", "2021-03-04T05:06:07Z", "yes"),
]


@pytest.mark.parametrize(("op", "operand", "variable", "branch"), E13_ROWS)
def test_e13_choice_comparisons(op, operand, variable, branch):
    path_operand = {
        "NumericEqualsPath": 0,
        "StringGreaterThanPath": "pq",
        "TimestampLessThanEqualsPath": "2021-03-04T05:06:08Z",
    }
    data = {"v": variable, "o": path_operand.get(op)}
    ex = sfnsim.run(choice_on({"Variable": "$.v", op: operand}), data)
    assert (ex.status, ex.output) == ("SUCCEEDED", branch), (ex.error, ex.cause)


@pytest.mark.parametrize(("condition", "branch"), [(True, "yes"), (False, "no")])
def test_e14_jsonata_condition_boolean_literal(condition, branch):
    ex = sfnsim.run(choice_on({"Condition": condition}, "JSONata"), {})
    assert (ex.status, ex.output) == ("SUCCEEDED", branch), (ex.error, ex.cause)


def test_e15_jsonata_items_array_members_evaluated():
    items = ["{% $states.input.a %}", "a", {"k": "{% 1 + 1 %}"}, "{% $uppercase('b') %}", None]
    fields = {"MaxConcurrency": "{% $m := 2 %}", "ToleratedFailureCount": "{% $t := 0 %}"}
    state = dict(inline_map(Items=items, **fields))
    del state["ItemsPath"]
    ex = sfnsim.run(one_state(state, "JSONata"), {"a": [7]})
    assert (ex.status, ex.output) == ("SUCCEEDED", [[7], "a", {"k": 2}, "B", None]), (
        ex.error,
        ex.cause,
    )


def test_e16_pass_result_dot_dollar_keys_are_literal():
    result = {"p.$": "$.nowhere", "c.$": "$$.Execution.Id", "i.$": "States.UUID()"}
    ex = sfnsim.run(one_state({"Type": "Pass", "Result": result}), {"x": 1})
    assert (ex.status, ex.output) == ("SUCCEEDED", result)


def test_e17_context_start_time_format():
    sfn = sfnsim.client(clock=sfnsim.ManualClock())
    definition = one_state({"Type": "Pass", "Parameters": {"t.$": "$$.Execution.StartTime"}})
    arn = sfn.create_state_machine(
        name="st", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/r"
    )["stateMachineArn"]
    run = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    described = sfn.describe_execution(executionArn=run)
    stamp = json.loads(described["output"])["t"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp)
    start = described["startDate"].astimezone(timezone.utc)
    assert stamp == start.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@pytest.mark.parametrize(
    ("state", "data", "types"),
    [
        (
            inline_map(MaxConcurrencyPath="$.m"),
            {"items": [1, 2], "m": [3]},
            ["ExecutionStarted", "MapStateEntered", "ExecutionFailed"],
        ),
        (
            distributed_map(ToleratedFailureCountPath="$.t"),
            {"items": [1], "t": "lots"},
            ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"],
        ),
    ],
)
def test_e1_where_the_state_fails(state, data, types):
    ex = sfnsim.run(one_state(state), data)
    assert (ex.status, ex.error) == ("FAILED", "States.Runtime")
    assert [e["type"] for e in ex.history] == types
