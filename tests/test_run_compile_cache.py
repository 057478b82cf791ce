"""``sfnsim.run(..., engine=)``: the definition compiles through the engine's cache of compiled
definitions, and nothing a caller sees changes (outputs, histories, errors, messages). Also the
rule a dict definition follows today (it runs exactly as ``json.dumps`` of it), pinned on the
edge cases a direct dict conversion in the bindings would have to keep."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
import sfnsim

START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _pass(result: Any) -> dict[str, Any]:
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}}


FAILING = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}
UUID = {
    "StartAt": "U",
    "States": {"U": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": True}},
}
JSONATA = {
    "QueryLanguage": "JSONata",
    "StartAt": "J",
    "States": {"J": {"Type": "Pass", "Output": "{% $states.input.x + 1 %}", "End": True}},
}


def _outcome(call: Any) -> tuple[Any, ...]:
    """What a caller sees of one run: the execution, or the exception's type and fields."""
    try:
        ex = call()
    except (sfnsim.InvalidDefinition, sfnsim.InvalidExecutionInput) as exc:
        return (type(exc).__name__, str(exc), getattr(exc, "diagnostics", None))
    arn = ex.execution_arn
    if ":express:" in arn:  # its last part is a fresh UUID on every run
        arn = arn.rsplit(":", 1)[0]
    return (ex.status, ex.output, ex.error, ex.cause, arn, ex.history)


@pytest.mark.parametrize(
    ("definition", "kind"),
    [
        (_pass({"a": 1}), "STANDARD"),
        (_pass({"a": 1}), "EXPRESS"),
        (FAILING, "STANDARD"),
        (UUID, "STANDARD"),
        (JSONATA, "EXPRESS"),
        ({"StartAt": "Nowhere", "States": {}}, "STANDARD"),
        ("{", "STANDARD"),
        (
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "x.sync", "End": True}}},
            "EXPRESS",
        ),
    ],
)
def test_run_with_an_engine_is_run_without_one(definition: Any, kind: str) -> None:
    engine = sfnsim.Engine()
    text = definition if isinstance(definition, str) else json.dumps(definition)
    kwargs = {"seed": 7, "name": "n", "start_time": START, "state_machine_type": kind}
    alone = _outcome(lambda: sfnsim.run(text, {"x": 1}, **kwargs))
    # Twice through the engine: the first compiles, the second finds the compiled machine.
    for _ in range(2):
        assert _outcome(lambda: sfnsim.run(text, {"x": 1}, engine=engine, **kwargs)) == alone
    # The Express compile refuses what the Standard one accepts, and the reverse is never
    # answered from the other's entry.
    other = "EXPRESS" if kind == "STANDARD" else "STANDARD"
    other_alone = _outcome(
        lambda: sfnsim.run(text, {"x": 1}, **{**kwargs, "state_machine_type": other})
    )
    assert (
        _outcome(
            lambda: sfnsim.run(
                text, {"x": 1}, engine=engine, **{**kwargs, "state_machine_type": other}
            )
        )
        == other_alone
    )


def test_compile_definition_through_an_engine() -> None:
    engine = sfnsim.Engine()
    text = json.dumps(_pass(1))
    assert isinstance(
        sfnsim.compile_definition(text, engine=engine), type(sfnsim.compile_definition(text))
    )
    with pytest.raises(sfnsim.InvalidDefinition) as cached:
        sfnsim.compile_definition('{"StartAt": 1}', engine=engine)
    with pytest.raises(sfnsim.InvalidDefinition) as alone:
        sfnsim.compile_definition('{"StartAt": 1}')
    assert str(cached.value) == str(alone.value)
    assert cached.value.diagnostics == alone.value.diagnostics


class _Key:
    def __hash__(self) -> int:
        return 1


# A dict definition is json.dumps of it: the edge cases json.dumps decides.
DICT_CASES = {
    "nan": _pass(float("nan")),
    "infinity": _pass(float("-inf")),
    "int keys": _pass({1: "a", 2.5: "b", False: "c", None: "d"}),
    "tuple value": _pass((1, [2, (3,)])),
    "tuple key": _pass({(1, 2): "a"}),
    "object key": _pass({_Key(): "a"}),
    "large int": _pass(10**40),
    "negative large int": _pass(-(10**30) - 1),
    "lone surrogate": _pass("\ud800x"),
    "surrogate key": _pass({"\udfff": 1}),
    "non-BMP": _pass("\U0001f600"),
    "set": _pass({1, 2}),
    "bytes": _pass(b"ab"),
    "nested too deep": _pass(json.loads("[" * 900 + "]" * 900)),
}


@pytest.mark.parametrize("name", list(DICT_CASES))
def test_a_dict_definition_runs_as_its_json_dumps(name: str) -> None:
    definition = DICT_CASES[name]
    kwargs = {"seed": 3, "name": "n", "start_time": START}
    as_dict = _outcome(lambda: sfnsim.run(definition, **kwargs))
    try:
        text = json.dumps(definition)
    except (TypeError, ValueError) as exc:
        # json.dumps refuses it: the schema failure carries json.dumps's own message.
        assert as_dict[0] == "InvalidDefinition"
        assert as_dict[1] == f"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: {exc}'"
        return
    assert as_dict == _outcome(lambda: sfnsim.run(text, **kwargs))


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-3", "cn-north-1", "us-gov-west-1"])
@pytest.mark.parametrize("kind", ["STANDARD", "EXPRESS"])
def test_run_builds_the_arns_start_execution_builds(region: str, kind: str) -> None:
    """One rule for the ARNs: those of a run are the ones a client's StartExecution gives for
    the same region, account, state machine and execution names."""
    definition = json.dumps(_pass(1))
    sfn = sfnsim.client(region_name=region, account_id="111122223333")
    created = sfn.create_state_machine(
        name="M", definition=definition, roleArn="arn:aws:iam::111122223333:role/r", type=kind
    )["stateMachineArn"]
    started = sfn.start_execution(stateMachineArn=created, name="n")["executionArn"]
    ex = sfnsim.run(
        definition,
        region=region,
        account_id="111122223333",
        state_machine_name="M",
        name="n",
        state_machine_type=kind,
    )
    assert ex.state_machine_arn == created
    if kind == "STANDARD":
        assert ex.execution_arn == started
    else:  # the last part is a fresh UUID in both
        assert ex.execution_arn.rsplit(":", 1)[0] == started.rsplit(":", 1)[0]
