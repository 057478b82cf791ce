"""sfnsim.run's refusals and limits as a table: what each input, definition and machine type
gives, word for word. The service holds these rules (cpp/service/standalone.h: the input limit,
the ARNs, the role, the Express limits); this table pins what run() says."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
LIMIT = 256 * 1024
TOO_LARGE = "Invalid execution input: the input is larger than the maximum of 262144 bytes"
TOO_DEEP = "Invalid execution input: nested deeper than the maximum allowed (1000 levels)"


def padded(n: int, ch: str = "x") -> dict[str, str]:
    """{"s": ch * n}: its compact JSON is 8 bytes plus the characters' own."""
    return {"s": ch * n}


def nested(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


class Unknown:
    pass


# The input is measured as its compact JSON in UTF-8: at 262,144 bytes it runs, one byte more
# is refused.
SIZES = [
    ("ascii at the limit", padded(LIMIT - 8), None),
    ("ascii one byte over", padded(LIMIT - 7), TOO_LARGE),
    ("two-byte characters at the limit", padded((LIMIT - 8) // 2, "é"), None),
    ("two-byte characters over", padded((LIMIT - 8) // 2 + 1, "é"), TOO_LARGE),
    ("short escapes at the limit", padded((LIMIT - 8) // 2, "\n"), None),
    ("short escapes over", padded((LIMIT - 8) // 2 + 1, "\n"), TOO_LARGE),
    ("control escapes at the limit", padded((LIMIT - 8) // 6, "\x01"), None),
    ("control escapes over", padded((LIMIT - 8) // 6 + 1, "\x01"), TOO_LARGE),
    # As the engine measures every payload: an unpaired surrogate as its escape, \uD800.
    ("lone surrogates at the limit", padded((LIMIT - 8) // 6, "\ud800"), None),
    ("lone surrogates over", padded((LIMIT - 8) // 6 + 1, "\ud800"), TOO_LARGE),
    ("numbers at the limit", [12345] * ((LIMIT - 1) // 6), None),
    ("numbers over", [12345] * ((LIMIT - 1) // 6 + 1), TOO_LARGE),
    ("floats at the limit", [0.5] * ((LIMIT - 1) // 4), None),
    ("floats over", [0.5] * ((LIMIT - 1) // 4 + 1), TOO_LARGE),
]

VALUES = [
    ("NaN", {"f": float("nan")}, "Out of range float values are not JSON compliant"),
    ("infinity", [float("inf")], "Out of range float values are not JSON compliant"),
    ("a set", {"s": {1}}, "Object of type set is not JSON serializable"),
    ("an object", Unknown(), "Object of type Unknown is not JSON serializable"),
    ("bytes", b"x", "Object of type bytes is not JSON serializable"),
    ("an int key", {1: "a"}, "JSON object keys must be strings, not int"),
    ("a tuple key", {(1,): 2}, "keys must be str, int, float, bool or None, not tuple"),
    (
        "an integer no double holds",
        10**400,
        "JSON numbers here are 64-bit floats: an integer of 1329 bits is out of their range",
    ),
]


@pytest.mark.parametrize(("value", "refusal"), [c[1:] for c in SIZES], ids=[c[0] for c in SIZES])
def test_the_input_size_limit(value: Any, refusal: str | None) -> None:
    if refusal is None:
        assert sfnsim.run(PASS, value).output == value
        assert sfnsim.run(PASS, input_json=json.dumps(value)).output == value
        return
    for kwargs in ({"input": value}, {"input_json": json.dumps(value)}):
        with pytest.raises(sfnsim.InvalidExecutionInput) as info:
            sfnsim.run(PASS, **kwargs)
        assert str(info.value) == refusal


@pytest.mark.parametrize(("value", "reason"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values_json_cannot_hold(value: Any, reason: str) -> None:
    with pytest.raises(sfnsim.InvalidExecutionInput) as info:
        sfnsim.run(PASS, value)
    assert str(info.value) == f"Invalid execution input: {reason}"


def test_which_refusal_an_input_with_two_problems_gets() -> None:
    # What the value cannot be converted for is said before the size, which is measured on
    # what it converted to.
    with pytest.raises(sfnsim.InvalidExecutionInput) as info:
        sfnsim.run(PASS, {"a": "x" * LIMIT, "b": {1}})
    assert str(info.value) == "Invalid execution input: Object of type set is not JSON serializable"
    with pytest.raises(sfnsim.InvalidExecutionInput) as info:
        sfnsim.run(PASS, {"a": "x" * LIMIT, 1: 2})
    assert str(info.value) == "Invalid execution input: JSON object keys must be strings, not int"


def test_values_json_holds() -> None:
    assert sfnsim.run(PASS, 2**70).output == float(2**70)
    assert sfnsim.run(PASS, (1, 2)).output == [1, 2]
    for value in (True, None, "x", 0, -0.0, [], {}):
        assert sfnsim.run(PASS, value).output == value


def test_too_deep_input() -> None:
    # Deep enough for Python's json to give up whatever recursion limit a library has set.
    for kwargs in ({"input": nested(100_000)}, {"input_json": "[" * 100_000 + "]" * 100_000}):
        with pytest.raises(sfnsim.InvalidExecutionInput) as info:
            sfnsim.run(PASS, **kwargs)
        assert str(info.value) == TOO_DEEP


JSON_TEXTS = [
    ("not json", "{not json", "Invalid State Machine Execution Input: 'Unexpected character ("),
    ("empty", "", "Invalid State Machine Execution Input: 'Invalid execution input.'"),
    ("blank", "  ", "Invalid State Machine Execution Input: 'Invalid execution input.'"),
    ("NaN", "NaN", "Invalid State Machine Execution Input: 'Unrecognized token 'NaN'"),
    ("trailing text", '{"a":1} x', "Invalid State Machine Execution Input: 'parse error at"),
    ("a number no double holds", "1e400", "Invalid execution input: Out of range float values"),
]


@pytest.mark.parametrize(
    ("text", "start"), [c[1:] for c in JSON_TEXTS], ids=[c[0] for c in JSON_TEXTS]
)
def test_input_json_refusals(text: str, start: str) -> None:
    with pytest.raises(sfnsim.InvalidExecutionInput) as info:
        sfnsim.run(PASS, input_json=text)
    assert str(info.value).startswith(start)


@pytest.mark.parametrize(
    ("text", "output"),
    [('{"a":1,"a":2}', {"a": 2}), ('{ "a" : 1 }', {"a": 1}), (str(2**70), float(2**70))],
)
def test_input_json_is_recorded_as_written(text: str, output: Any) -> None:
    ex = sfnsim.run(PASS, input_json=text)
    assert ex.output == output
    assert ex.history[0]["executionStartedEventDetails"]["input"] == text


def test_input_is_recorded_as_boto3_would_send_it() -> None:
    ex = sfnsim.run(PASS, {"a": [1, "é"]})
    assert ex.history[0]["executionStartedEventDetails"]["input"] == '{"a": [1, "\\u00e9"]}'


DEFINITIONS = [
    ("a set in a dict", {"StartAt": {1}}, "SCHEMA_VALIDATION_FAILED", None),
    ("a list", [1], "SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object"),
    ("a number", 5, "SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object"),
    ("NaN in a dict", {"StartAt": float("nan"), "States": {}}, "INVALID_JSON_DESCRIPTION", None),
    ("text", "x", "INVALID_JSON_DESCRIPTION", None),
]


@pytest.mark.parametrize(
    ("definition", "code", "message"),
    [c[1:] for c in DEFINITIONS],
    ids=[c[0] for c in DEFINITIONS],
)
def test_definitions_refused(definition: Any, code: str, message: str | None) -> None:
    with pytest.raises(sfnsim.InvalidDefinition) as info:
        sfnsim.run(definition)
    [diagnostic] = info.value.diagnostics
    assert diagnostic["code"] == code
    if message is not None:
        assert diagnostic["message"] == message
    assert str(info.value) == (
        f"Invalid State Machine Definition: '{code}: {diagnostic['message']}"
        + (f" at {diagnostic['location']}" if "location" in diagnostic else "")
        + "'"
    )


def test_a_dict_definition_json_cannot_hold() -> None:
    with pytest.raises(sfnsim.InvalidDefinition) as info:
        sfnsim.run({"StartAt": {1}})
    assert str(info.value) == (
        "Invalid State Machine Definition: "
        "'SCHEMA_VALIDATION_FAILED: Object of type set is not JSON serializable'"
    )
    assert info.value.diagnostics == [
        {
            "severity": "ERROR",
            "code": "SCHEMA_VALIDATION_FAILED",
            "message": "Object of type set is not JSON serializable",
        }
    ]


# What the execution is: its ARNs (the partition follows the region), its role (given, or the
# one the console would create), its type.
IDENTITIES = [
    ("us-east-1", "STANDARD", None, "aws", "execution"),
    ("cn-north-1", "STANDARD", None, "aws-cn", "execution"),
    ("us-gov-west-1", "EXPRESS", None, "aws-us-gov", "express"),
    ("eu-west-1", "express", "arn:aws:iam::1:role/mine", "aws", "express"),
]


@pytest.mark.parametrize(("region", "kind", "role", "partition", "segment"), IDENTITIES)
def test_the_execution_identity(
    region: str, kind: str, role: str | None, partition: str, segment: str
) -> None:
    ex = sfnsim.run(
        PASS, {}, state_machine_type=kind, region=region, account_id="111122223333",
        name="n", state_machine_name="M", role_arn=role,
    )  # fmt: skip
    prefix = f"arn:{partition}:states:{region}:111122223333"
    assert ex.state_machine_arn == f"{prefix}:stateMachine:M"
    if segment == "execution":
        assert ex.execution_arn == f"{prefix}:execution:M:n"
    else:
        assert ex.execution_arn.startswith(f"{prefix}:express:M:n:")
        assert len(ex.execution_arn) == len(f"{prefix}:express:M:n:") + 36
    started = ex.history[0]["executionStartedEventDetails"]
    default = f"arn:{partition}:iam::111122223333:role/StepFunctions-M-role"
    assert started["roleArn"] == (role or default)


def map_of(items: int) -> dict[str, Any]:
    return {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
                "End": True,
            }
        },
    }


def test_express_keeps_the_first_100000_events_and_has_no_event_limit() -> None:
    items = list(range(30_000))  # 4 events an iteration: 120,000 in all
    standard = sfnsim.run(map_of(len(items)), {"items": items})
    assert (standard.status, standard.error) == ("FAILED", "States.Runtime")
    assert standard._core.history_length == 25_000
    express = sfnsim.run(map_of(len(items)), {"items": items}, state_machine_type="EXPRESS")
    assert express.status == "SUCCEEDED"
    assert express._core.history_length == 100_000


def test_express_runs_five_simulated_minutes_at_most() -> None:
    wait = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 301, "End": True}}}
    assert sfnsim.run(wait, {}).status == "SUCCEEDED"
    express = sfnsim.run(wait, {}, state_machine_type="EXPRESS")
    assert (express.status, express.error) == ("TIMED_OUT", "States.Timeout")
    stop = express.history[-1]["timestamp"] - express.history[0]["timestamp"]
    assert stop.total_seconds() == 300
