"""The rule table of docs/semantics/jsonpath.md, row by row: each row runs a one-state workflow and
checks what the table says AWS does (status, output, or error and cause). A row's id is the one in
the table; change both together."""

from __future__ import annotations

import pytest
import sfnsim

PREFIX = "An error occurred while executing the state 'S' (entered at the event id #2). "

# (row id, state, input, expected): expected is ("ok", output) or ("fail", error, cause without
# the state prefix).
ROWS = [
    # R1: a definite path yields the value, null included.
    ("R1", {"Type": "Pass", "Parameters": {"v.$": "$.a"}}, {"a": None}, ("ok", {"v": None})),
    # R2: an indefinite path yields an array, also of one element.
    ("R2", {"Type": "Pass", "Parameters": {"v.$": "$.a[0:1]"}}, {"a": [1, 2]}, ("ok", {"v": [1]})),
    # R3: indefinite paths that select nothing, where their definite prefix exists: [].
    (
        "R3",
        {"Type": "Pass", "Parameters": {"v.$": "$.a[?(@.x == 1)]"}},
        {"a": [{"x": 2}]},
        ("ok", {"v": []}),
    ),
    ("R3", {"Type": "Pass", "Parameters": {"v.$": "$..nope"}}, {"a": 1}, ("ok", {"v": []})),
    ("R3", {"Type": "Pass", "Parameters": {"v.$": "$.a[*]"}}, {"a": []}, ("ok", {"v": []})),
    ("R3", {"Type": "Pass", "Parameters": {"v.$": "$[*].type"}}, {}, ("ok", {"v": []})),
    ("R3", {"Type": "Pass", "InputPath": "$.a[?(@.x == 1)]"}, {"a": [{"x": 2}]}, ("ok", [])),
    # R4: in a payload template, an indefinite path whose definite prefix is missing: [].
    ("R4", {"Type": "Pass", "Parameters": {"v.$": "$.items[*]"}}, {}, ("ok", {"v": []})),
    (
        "R4",
        {"Type": "Pass", "Parameters": {"v.$": "$.items[?(@.a)].b"}},
        {"x": 1},
        ("ok", {"v": []}),
    ),
    # R5: ... but a failure at the indefinite token itself still fails (slice on an object).
    (
        "R5",
        {"Type": "Pass", "Parameters": {"v.$": "$[1:]"}},
        {},
        (
            "fail",
            "States.Runtime",
            "The JSONPath '$[1:]' specified for the field 'v.$' could not be found in the "
            "input '{}'",
        ),
    ),
    # R6: a definite path that selects nothing in a payload template.
    (
        "R6",
        {"Type": "Pass", "Parameters": {"v.$": "$.nope"}},
        {"a": 1},
        (
            "fail",
            "States.Runtime",
            "The JSONPath '$.nope' specified for the field 'v.$' could not be found in the input "
            "'{\"a\":1}'",
        ),
    ),
    (
        "R6",
        {"Type": "Pass", "Parameters": {"v.$": "$$.Execution.Nope"}},
        {"a": 1},
        (
            "fail",
            "States.Runtime",
            "The JSONPath '$$.Execution.Nope' specified for the field 'v.$' could not be found "
            "in the input '{\"a\":1}'",
        ),
    ),
    # R7: InputPath / OutputPath that select nothing: Jayway's message.
    (
        "R7",
        {"Type": "Pass", "InputPath": "$.nope"},
        {"a": 1},
        ("fail", "States.Runtime", "Invalid path '$.nope' : No results for path: $['nope']"),
    ),
    (
        "R7",
        {"Type": "Pass", "OutputPath": "$.no.such"},
        {"a": 1},
        ("fail", "States.Runtime", "Invalid path '$.no.such' : Missing property in path $['no']"),
    ),
    (
        "R7",
        {"Type": "Pass", "InputPath": "$.items[*]"},
        {},
        (
            "fail",
            "States.Runtime",
            "Invalid path '$.items[*]' : Missing property in path $['items']",
        ),
    ),
    # R8: Fail's ErrorPath / CausePath that select nothing: the payload wording, naming the field.
    (
        "R8",
        {"Type": "Fail", "ErrorPath": "$.e"},
        {"a": 1},
        (
            "fail",
            "States.Runtime",
            "The JSONPath '$.e' specified for the field 'ErrorPath' could not be found in the "
            "input '{\"a\":1}'",
        ),
    ),
    (
        "R8",
        {"Type": "Fail", "Error": "E", "CausePath": "$.c"},
        {"a": 1},
        (
            "fail",
            "States.Runtime",
            "The JSONPath '$.c' specified for the field 'CausePath' could not be found in the "
            "input '{\"a\":1}'",
        ),
    ),
    # R9: ResultPath that cannot be applied.
    (
        "R9",
        {"Type": "Pass", "Result": 1, "ResultPath": "$.a.b"},
        {"a": "s"},
        ("fail", "States.Runtime", 'Unable to apply ReferencePath $.a.b to input {"a":"s"}'),
    ),
    # R10: quoted member names: escapes as Jayway unescapes them; dot names may be non-ASCII.
    ("R10", {"Type": "Pass", "Parameters": {"v.$": "$['a\\'b']"}}, {"a'b": 1}, ("ok", {"v": 1})),
    ("R10", {"Type": "Pass", "Parameters": {"v.$": '$["q\\"t"]'}}, {'q"t': 1}, ("ok", {"v": 1})),
    (
        "R10",
        {"Type": "Pass", "Parameters": {"v.$": "$['caf\\u00e9']"}},
        {"caf\u00e9": 1},
        ("ok", {"v": 1}),
    ),
    ("R10", {"Type": "Pass", "Parameters": {"v.$": "$['a\\nb']"}}, {"a\nb": 1}, ("ok", {"v": 1})),
    (
        "R10",
        {"Type": "Pass", "Parameters": {"v.$": "$.caf\u00e9"}},
        {"caf\u00e9": 1},
        ("ok", {"v": 1}),
    ),
    ("R10", {"Type": "Pass", "Parameters": {"v.$": "$['a\\\\b']"}}, {"a\\b": 1}, ("ok", {"v": 1})),
    # R11: path functions are member names (AWS runs none).
    (
        "R11",
        {"Type": "Pass", "Parameters": {"v.$": "$.a.length()"}},
        {"a": [1, 2]},
        (
            "fail",
            "States.Runtime",
            "The JSONPath '$.a.length()' specified for the field 'v.$' could not be found in "
            "the input '{\"a\":[1,2]}'",
        ),
    ),
    # R12: wrong types in *Path fields (recorded texts).
    (
        "R12",
        {"Type": "Wait", "SecondsPath": "$.s"},
        {"s": 1.5},
        (
            "fail",
            "States.Runtime",
            "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5",
        ),
    ),
    (
        "R12",
        {"Type": "Wait", "SecondsPath": "$.s"},
        {"x": 1},
        (
            "fail",
            "States.Runtime",
            "The SecondsPath parameter does not reference an input value: $.s",
        ),
    ),
    (
        "R12",
        {"Type": "Wait", "TimestampPath": "$.t"},
        {"t": "2016-12-05 21:29:29Z"},
        (
            "fail",
            "States.Runtime",
            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
            "date-time format string: $.t == 2016-12-05 21:29:29Z",
        ),
    ),
]


def run_row(state: dict, data):
    if state["Type"] not in ("Fail", "Choice"):
        state = dict(state, End=True)
    return sfnsim.run({"StartAt": "S", "States": {"S": state}}, data)


@pytest.mark.parametrize(
    ("row", "state", "data", "expected"), ROWS, ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)]
)
def test_rule_table_row(row, state, data, expected):
    ex = run_row(state, data)
    if expected[0] == "ok":
        assert (ex.status, ex.output) == ("SUCCEEDED", expected[1]), (ex.error, ex.cause)
    else:
        assert (ex.status, ex.error, ex.cause) == ("FAILED", expected[1], PREFIX + expected[2])
