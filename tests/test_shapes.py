"""Every response of every operation validates against botocore's service model.

The model is botocore's (a test dependency only); the walk checks types, required members,
enums and that no member outside the shape appears.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
import sfnsim
from callback_support import CALLBACK, waiting_token
from sfnsim._operations import METHODS

botocore_session = pytest.importorskip("botocore.session")

MODEL = botocore_session.get_session().get_service_model("stepfunctions")
ROLE = "arn:aws:iam::123456789012:role/r"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


def problems(shape: Any, value: Any, path: str = "$") -> list[str]:
    """Where `value` departs from the botocore `shape` (a parsed response, as boto3 returns it)."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__} is not a structure"]
        out = []
        for name in shape.required_members:
            if name not in value:
                out.append(f"{path}: required member {name} missing")
        for name, item in value.items():
            if name == "ResponseMetadata" and path == "$":
                continue
            if name not in shape.members:
                out.append(f"{path}: {name} is not a member of {shape.name}")
                continue
            out.extend(problems(shape.members[name], item, f"{path}.{name}"))
        return out
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__} is not a list"]
        out = []
        for i, item in enumerate(value):
            out.extend(problems(shape.member, item, f"{path}[{i}]"))
        return out
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: not a map"]
        return [p for k, v in value.items() for p in problems(shape.value, v, f"{path}.{k}")]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: {value!r} is not a string"]
        enum = shape.enum
        if enum and value not in enum:
            return [f"{path}: {value!r} not in {enum}"]
        return []
    if kind in ("integer", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: {value!r} is not an integer"]
    if kind in ("float", "double"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{path}: {value!r} is not a number"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: {value!r} is not a boolean"]
    if kind == "timestamp":
        ok = isinstance(value, datetime) and value.tzinfo is not None
        return [] if ok else [f"{path}: {value!r} is not a timezone-aware datetime"]
    return [f"{path}: unexpected shape type {kind}"]


def exercise(sfn: Any) -> dict[str, list[dict[str, Any]]]:
    """Calls every operation at least once, successfully; returns the responses by method."""
    seen: dict[str, list[dict[str, Any]]] = {}

    def call(method: str, **kwargs: Any) -> dict[str, Any]:
        response = getattr(sfn, method)(**kwargs)
        seen.setdefault(method, []).append(response)
        return response

    sm = call(
        "create_state_machine",
        name="m",
        definition=PASS,
        roleArn=ROLE,
        tags=[{"key": "k", "value": "v"}],
        publish=True,
        versionDescription="v1",
    )
    arn = sm["stateMachineArn"]
    call("describe_state_machine", stateMachineArn=arn)
    call("describe_state_machine", stateMachineArn=sm["stateMachineVersionArn"])
    call(
        "update_state_machine",
        stateMachineArn=arn,
        definition=PASS.replace('"P"', '"Q"'),
        publish=True,
    )
    call("list_state_machines")
    call("validate_state_machine_definition", definition=PASS)
    call("validate_state_machine_definition", definition="{}")
    v = call("publish_state_machine_version", stateMachineArn=arn, description="d")
    call("list_state_machine_versions", stateMachineArn=arn)
    alias = call(
        "create_state_machine_alias",
        name="live",
        routingConfiguration=[
            {"stateMachineVersionArn": v["stateMachineVersionArn"], "weight": 100}
        ],
    )
    call("describe_state_machine_alias", stateMachineAliasArn=alias["stateMachineAliasArn"])
    call(
        "update_state_machine_alias",
        stateMachineAliasArn=alias["stateMachineAliasArn"],
        description="new",
    )
    call("list_state_machine_aliases", stateMachineArn=arn)
    ex = call("start_execution", stateMachineArn=alias["stateMachineAliasArn"], input='{"a": 1}')
    call("describe_execution", executionArn=ex["executionArn"])
    call("describe_state_machine_for_execution", executionArn=ex["executionArn"])
    call("list_executions", stateMachineArn=arn)
    call("get_execution_history", executionArn=ex["executionArn"])
    call("list_map_runs", executionArn=ex["executionArn"])
    call("tag_resource", resourceArn=arn, tags=[{"key": "a", "value": "b"}])
    call("untag_resource", resourceArn=arn, tagKeys=["a"])
    call("list_tags_for_resource", resourceArn=arn)
    cb = call("create_state_machine", name="cb", definition=json.dumps(CALLBACK), roleArn=ROLE)
    running = call("start_execution", stateMachineArn=cb["stateMachineArn"])
    call("describe_execution", executionArn=running["executionArn"])
    call("get_execution_history", executionArn=running["executionArn"])
    token = waiting_token(sfn, running["executionArn"])
    call("send_task_heartbeat", taskToken=token)
    call("send_task_success", taskToken=token, output="{}")
    again = call("start_execution", stateMachineArn=cb["stateMachineArn"])
    events = call("get_execution_history", executionArn=again["executionArn"])["events"]
    token = json.loads(events[2]["taskScheduledEventDetails"]["parameters"])["MessageBody"]
    call("send_task_failure", taskToken=token, error="E", cause="C")
    third = call("start_execution", stateMachineArn=cb["stateMachineArn"])
    call("stop_execution", executionArn=third["executionArn"], error="E", cause="C")
    call("describe_execution", executionArn=third["executionArn"])
    express = call("create_state_machine", name="x", definition=PASS, roleArn=ROLE, type="EXPRESS")
    call("start_sync_execution", stateMachineArn=express["stateMachineArn"], input="{}")
    act = call("create_activity", name="work")
    call("describe_activity", activityArn=act["activityArn"])
    call("list_activities")
    call("get_activity_task", activityArn=act["activityArn"])
    call("delete_activity", activityArn=act["activityArn"])
    call("delete_state_machine_alias", stateMachineAliasArn=alias["stateMachineAliasArn"])
    call("delete_state_machine_version", stateMachineVersionArn=v["stateMachineVersionArn"])
    call("delete_state_machine", stateMachineArn=cb["stateMachineArn"])
    task = json.dumps(
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"},
            "End": True,
            "Retry": [{"ErrorEquals": ["E"]}],
            "Catch": [{"ErrorEquals": ["F"], "Next": "H"}],
        }
    )
    call(
        "test_state",
        definition=task,
        input="{}",
        inspectionLevel="DEBUG",
        mock={"result": '{"ok": 1}'},
    )
    call(
        "test_state",
        definition=task,
        inspectionLevel="TRACE",
        mock={"errorOutput": {"error": "E", "cause": "c"}},
    )
    call(
        "test_state",
        definition=task,
        inspectionLevel="DEBUG",
        mock={"errorOutput": {"error": "F", "cause": "c"}},
    )
    call("test_state", definition=json.dumps({"Type": "Fail", "Error": "X"}))
    return seen


# Operations the engine has nothing for yet: called for their error, checked to be modeled.
ERROR_ONLY = {
    "describe_map_run": {"mapRunArn": "arn:aws:states:us-east-1:123456789012:mapRun:m/x:1"},
    "update_map_run": {"mapRunArn": "arn:aws:states:us-east-1:123456789012:mapRun:m/x:1"},
    "redrive_execution": {"executionArn": "arn:aws:states:us-east-1:123456789012:execution:m:none"},
}


@pytest.fixture(scope="module")
def responses() -> dict[str, list[dict[str, Any]]]:
    return exercise(sfnsim.client())


@pytest.mark.parametrize("method", sorted(set(METHODS) - set(ERROR_ONLY)))
def test_response_matches_model(method: str, responses: dict[str, list[dict[str, Any]]]) -> None:
    assert method in responses, f"{method} was not exercised"
    shape = MODEL.operation_model(METHODS[method]).output_shape
    for response in responses[method]:
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
        if shape is None:
            assert set(response) == {"ResponseMetadata"}
            continue
        assert problems(shape, response) == [], json.dumps(response, default=str)[:500]


@pytest.mark.parametrize("method", sorted(ERROR_ONLY))
def test_error_only_operations_raise_modeled_errors(method: str) -> None:
    sfn = sfnsim.client()
    with pytest.raises(sfnsim.ClientError) as info:
        getattr(sfn, method)(**ERROR_ONLY[method])
    code = info.value.response["Error"]["Code"]
    modeled = {s.name for s in MODEL.operation_model(METHODS[method]).error_shapes}
    assert code in modeled


def test_every_operation_of_the_model_is_offered() -> None:
    missing = {op for op in MODEL.operation_names if op not in METHODS.values()}
    assert missing == set()


def test_the_client_offers_exactly_what_the_service_dispatches() -> None:
    from sfnsim import _core

    assert sorted(METHODS.values()) == _core.operation_names()


def test_timestamp_members_are_exactly_the_converted_names() -> None:
    # The binding converts members by name; the model must use these names for timestamps only.
    names: dict[str, set[str]] = {}

    def walk(shape: Any, seen: set[str]) -> None:
        if shape.name in seen:
            return
        seen.add(shape.name)
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                names.setdefault(name, set()).add(member.type_name)
                walk(member, seen)
        elif shape.type_name == "list":
            walk(shape.member, seen)
        elif shape.type_name == "map":
            walk(shape.value, seen)

    seen: set[str] = set()
    for op in MODEL.operation_names:
        out = MODEL.operation_model(op).output_shape
        if out is not None:
            walk(out, seen)
    timestamps = {n for n, kinds in names.items() if "timestamp" in kinds}
    assert timestamps == {
        "creationDate",
        "updateDate",
        "startDate",
        "stopDate",
        "redriveDate",
        "timestamp",
    }
    assert all(names[n] == {"timestamp"} for n in timestamps)
