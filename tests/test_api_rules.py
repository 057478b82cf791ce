"""The API layer's rules (docs/semantics/api.md): one test per row of the table, with inputs
made up for the test, and every constraint of botocore's Step Functions model checked against
the service's front end (a test per constraint, generated from the model)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

botocore_loaders = pytest.importorskip("botocore.loaders")

from sfnsim import _core  # noqa: E402

DOC = Path(__file__).resolve().parent.parent / "docs" / "semantics" / "api.md"
REGION, ACCOUNT = "us-east-1", "111111111111"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/r"
LOG_GROUP = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g:*"
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"v": 1}, "End": True}}}
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}


class ApiError(Exception):
    def __init__(self, code: str, message: str, fields: dict[str, Any]) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.fields = code, message, fields


class Api:
    """The service's dispatch point, as the wire sees it (no client-side checks)."""

    def __init__(self) -> None:
        # A manual clock that never moves: a Wait holds its execution RUNNING.
        self.service = _core.Service("manual", _core.ManualClock(0), 7)
        self.context = _core.CallContext(REGION, ACCOUNT)

    def __call__(self, operation: str, **request: Any) -> dict[str, Any]:
        ok, value = self.service.dispatch(operation, request, self.context)
        if not ok:
            error, fields = value
            raise ApiError(error["Code"], error["Message"], fields)
        return value  # type: ignore[no-any-return]

    def fails(self, operation: str, **request: Any) -> ApiError:
        with pytest.raises(ApiError) as raised:
            self(operation, **request)
        return raised.value

    def machine(self, name: str = "m", definition: Any = PASS, **extra: Any) -> dict[str, Any]:
        return self(
            "CreateStateMachine",
            name=name,
            definition=definition if isinstance(definition, str) else json.dumps(definition),
            roleArn=ROLE,
            **extra,
        )


def arn(kind: str, *parts: str) -> str:
    return f"arn:aws:states:{REGION}:{ACCOUNT}:{kind}:" + ":".join(parts)


# -- the model's constraints ----------------------------------------------------------------

MODEL = botocore_loaders.create_loader().load_service_model("stepfunctions", "service-2")
SHAPES: dict[str, Any] = MODEL["shapes"]

# Each pattern of the model: what Java's String.matches accepts, a value that matches, and one
# that does not. A pattern the model gains fails test_every_model_pattern_is_known.
PATTERNS: dict[str, tuple[Callable[[str], bool], str, str]] = {
    r"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$": (
        lambda s: re.fullmatch(r"(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+", s) is not None,
        "alias-1",
        "123",
    ),
    "[!-~]+": (lambda s: re.fullmatch(r"[!-~]+", s) is not None, "token-1", "two words"),
    r"\p{ASCII}*": (lambda s: all(ord(c) < 128 for c in s), "Root=1-abc", "caf\u00e9"),
}

# AWS prints this enum in its own order (recorded: test_sfn_api.py::
# test_state_machine_status_filter); the others in the model's (row val-enum-order).
ENUM_ORDER = {
    "ExecutionStatus": ["SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING"]
}


def valid_value(shape_name: str) -> Any:
    shape = SHAPES[shape_name]
    kind = shape["type"]
    if "enum" in shape:
        return shape["enum"][0]
    if kind == "string":
        if "pattern" in shape:
            return PATTERNS[shape["pattern"]][1]
        return "a" * max(int(shape.get("min", 1)), 1)
    if kind in ("integer", "long", "float", "double"):
        return int(shape.get("min", 1))
    if kind == "boolean":
        return True
    if kind == "list":
        return [valid_value(shape["member"]["shape"])] * int(shape.get("min", 0))
    if kind == "structure":
        return {m: valid_value(shape["members"][m]["shape"]) for m in shape.get("required", [])}
    raise AssertionError(f"no valid value for {shape_name} ({kind})")


def java_text(value: Any, shape_name: str) -> str:
    shape = SHAPES[shape_name]
    if shape["type"] == "list":
        element = shape["member"]["shape"]
        return "[" + ", ".join(java_text(v, element) for v in value) + "]"
    if shape["type"] == "structure":
        inner = ", ".join(
            f"{m}={java_text(value[m], ref['shape']) if m in value else 'null'}"
            for m, ref in shape["members"].items()
        )
        return f"{shape_name}({inner})"
    return str(value)


def problems_of(value: Any, shape_name: str, where: str) -> list[str]:
    """The problems AWS's front end reports for `value` of a scalar or list shape."""
    shape = SHAPES[shape_name]
    kind = shape["type"]
    out = []

    def problem(rule: str) -> None:
        shown = java_text(value, shape_name) if kind == "list" else str(value)
        out.append(f"Value '{shown}' at '{where}' failed to satisfy constraint: {rule}")

    if kind in ("string", "list"):
        size = len(value.encode("utf-16-le")) // 2 if kind == "string" else len(value)
        if "min" in shape and size < shape["min"]:
            problem(f"Member must have length greater than or equal to {int(shape['min'])}")
        if "max" in shape and size > shape["max"]:
            problem(f"Member must have length less than or equal to {int(shape['max'])}")
    if kind in ("integer", "long", "float", "double"):
        if "min" in shape and value < shape["min"]:
            problem(f"Member must have value greater than or equal to {int(shape['min'])}")
        if "max" in shape and value > shape["max"]:
            problem(f"Member must have value less than or equal to {int(shape['max'])}")
    if "enum" in shape and value not in shape["enum"]:
        values = ENUM_ORDER.get(shape_name, shape["enum"])
        problem("Member must satisfy enum value set: [" + ", ".join(values) + "]")
    if "pattern" in shape and not PATTERNS[shape["pattern"]][0](value):
        problem(f"Member must satisfy regular expression pattern: {shape['pattern']}")
    return out


def violations(shape_name: str) -> Iterator[tuple[str, Any]]:
    """(what, value) for each constraint of a scalar or list shape."""
    shape = SHAPES[shape_name]
    kind = shape["type"]
    if kind == "string":
        if shape.get("min", 0) > 0:
            yield "min length", "a" * (int(shape["min"]) - 1)
        if "max" in shape:
            base = PATTERNS[shape["pattern"]][1][:1] if "pattern" in shape else "a"
            yield "max length", base * (int(shape["max"]) + 1)
        if "enum" in shape:
            yield "enum", "NOT_A_MEMBER"
        if "pattern" in shape:
            yield "pattern", PATTERNS[shape["pattern"]][2]
    elif kind in ("integer", "long", "float", "double"):
        if "min" in shape:
            yield "min value", int(shape["min"]) - 1
        if "max" in shape:
            yield "max value", int(shape["max"]) + 1
    elif kind == "list":
        element = valid_value(shape["member"]["shape"])
        if shape.get("min", 0) > 0:
            yield "min length", [element] * (int(shape["min"]) - 1)
        if "max" in shape:
            yield "max length", [element] * (int(shape["max"]) + 1)


@dataclass
class ConstraintCase:
    operation: str
    steps: tuple[Any, ...]  # keys and list indexes from the request to the member
    where: str  # the path as AWS names it
    shape: str
    what: str
    value: Any  # None: the member is left out (required)

    @property
    def id(self) -> str:
        return f"{self.operation}:{self.where}:{self.what}"


def constraint_cases() -> Iterator[ConstraintCase]:
    def walk(
        operation: str, shape_name: str, steps: tuple[Any, ...], where: str
    ) -> Iterator[ConstraintCase]:
        shape = SHAPES[shape_name]
        if shape["type"] == "structure":
            for member, ref in shape["members"].items():
                path = f"{where}.{member}" if where else member
                if member in shape.get("required", []):
                    yield ConstraintCase(
                        operation, (*steps, member), path, ref["shape"], "required", None
                    )
                yield from walk(operation, ref["shape"], (*steps, member), path)
            return
        for what, value in violations(shape_name):
            yield ConstraintCase(operation, steps, where, shape_name, what, value)
        if shape["type"] == "list":
            yield from walk(operation, shape["member"]["shape"], (*steps, 0), f"{where}.1.member")

    for name, operation in sorted(MODEL["operations"].items()):
        if "input" in operation:
            yield from walk(name, operation["input"]["shape"], (), "")


CASES = list(constraint_cases())


def request_for(case: ConstraintCase) -> dict[str, Any]:
    """The operation's smallest valid request, with the case's member set to its value."""
    request = valid_value(MODEL["operations"][case.operation]["input"]["shape"])
    container: Any = request
    shape = SHAPES[MODEL["operations"][case.operation]["input"]["shape"]]
    for step in case.steps[:-1]:
        if isinstance(step, int):
            element = shape["member"]["shape"]
            if not container:
                container.append(valid_value(element))
            container, shape = container[step], SHAPES[element]
        else:
            member = shape["members"][step]["shape"]
            if step not in container:
                container[step] = valid_value(member)
            container, shape = container[step], SHAPES[member]
    last = case.steps[-1]
    if case.value is None:
        container.pop(last, None)
    elif isinstance(last, int):
        if not container:
            container.append(valid_value(shape["member"]["shape"]))
        container[last] = case.value
    else:
        container[last] = case.value
    return request  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def api() -> Api:
    return Api()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_model_constraint(api: Api, case: ConstraintCase) -> None:
    error = api.fails(case.operation, **request_for(case))
    if case.value is None:
        problems = [
            f"Value null at '{case.where}' failed to satisfy constraint: Member must not be null"
        ]
    else:
        problems = problems_of(case.value, case.shape, case.where)
    assert problems, f"{case.id}: the generated value violates nothing"
    count = f"{len(problems)} validation error{'s' if len(problems) > 1 else ''} detected: "
    assert (error.code, error.message) == ("ValidationException", count + "; ".join(problems))


def test_model_constraints_cover_every_operation() -> None:
    assert {c.operation for c in CASES} == set(MODEL["operations"])


def test_every_model_pattern_is_known() -> None:
    patterns = {s["pattern"] for s in SHAPES.values() if "pattern" in s}
    assert patterns <= set(PATTERNS)
    for pattern, (matches, good, bad) in PATTERNS.items():
        assert matches(good) and not matches(bad), pattern


@pytest.mark.parametrize("operation", sorted(MODEL["operations"]))
def test_smallest_valid_request_passes_the_front_end(api: Api, operation: str) -> None:
    request = valid_value(MODEL["operations"][operation]["input"]["shape"])
    try:
        api(operation, **request)
    except ApiError as e:
        assert not re.search(r"validation errors? detected: Value ", e.message), e.message


# -- the rule table ---------------------------------------------------------------------------


def rule_ids() -> list[str]:
    return re.findall(r"^\| `([a-z0-9-]+)` \|", DOC.read_text(encoding="utf-8"), re.M)


RULES: dict[str, Callable[[Api], None]] = {}


def rule(rule_id: str) -> Callable[[Callable[[Api], None]], Callable[[Api], None]]:
    def register(check: Callable[[Api], None]) -> Callable[[Api], None]:
        RULES[rule_id] = check
        return check

    return register


@rule("val-model")
def _val_model(api: Api) -> None:
    e = api.fails("GetActivityTask", activityArn="x", workerName="w" * 81)
    assert e.message == (
        "1 validation error detected: Value '" + "w" * 81 + "' at 'workerName' failed to "
        "satisfy constraint: Member must have length less than or equal to 80"
    )
    e = api.fails("StartExecution", stateMachineArn="x", name="\U0001f600" * 41)
    assert "length less than or equal to 80" in e.message  # 82 UTF-16 units


@rule("val-several")
def _val_several(api: Api) -> None:
    e = api.fails("ListExecutions", statusFilter="done", maxResults=5000, stateMachineArn="")
    assert e.message == (
        "3 validation errors detected: "
        "Value '' at 'stateMachineArn' failed to satisfy constraint: Member must have length "
        "greater than or equal to 1; "
        "Value 'done' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum "
        "value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]; "
        "Value '5000' at 'maxResults' failed to satisfy constraint: Member must have value less "
        "than or equal to 1000"
    )


@rule("val-paths")
def _val_paths(api: Api) -> None:
    e = api.fails(
        "CreateStateMachine",
        name="n",
        definition="{}",
        roleArn=ROLE,
        tags=[{"key": "a"}, {"key": "k" * 129}],
        encryptionConfiguration={"kmsDataKeyReusePeriodSeconds": 30},
    )
    assert e.message == (
        "3 validation errors detected: "
        "Value '" + "k" * 129 + "' at 'tags.2.member.key' failed to satisfy constraint: "
        "Member must have length less than or equal to 128; "
        "Value '30' at 'encryptionConfiguration.kmsDataKeyReusePeriodSeconds' failed to "
        "satisfy constraint: Member must have value greater than or equal to 60; "
        "Value null at 'encryptionConfiguration.type' failed to satisfy constraint: Member "
        "must not be null"
    )


@rule("val-java-text")
def _val_java_text(api: Api) -> None:
    routes = [{"stateMachineVersionArn": f"v{i}", "weight": 1} for i in range(3)]
    routes[2] = {"weight": 98}
    e = api.fails("UpdateStateMachineAlias", stateMachineAliasArn="a", routingConfiguration=routes)
    assert e.message.startswith(
        "2 validation errors detected: Value '[RoutingConfigurationListItem("
        "stateMachineVersionArn=v0, weight=1), RoutingConfigurationListItem("
        "stateMachineVersionArn=v1, weight=1), RoutingConfigurationListItem("
        "stateMachineVersionArn=null, weight=98)]' at 'routingConfiguration' failed to satisfy "
        "constraint: Member must have length less than or equal to 2; "
    )
    assert e.message.endswith(
        "Value null at 'routingConfiguration.3.member.stateMachineVersionArn' failed to satisfy "
        "constraint: Member must not be null"
    )


@rule("val-enum-order")
def _val_enum_order(api: Api) -> None:
    e = api.fails("ListExecutions", stateMachineArn="x", statusFilter="running")
    assert e.message.endswith("[SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]")
    e = api.fails("DescribeExecution", executionArn="x", includedData="all")
    assert e.message.endswith("[ALL_DATA, METADATA_ONLY]")


@rule("val-first")
def _val_first(api: Api) -> None:
    assert api.fails("ListStateMachines", nextToken="t" * 1025).code == "ValidationException"
    e = api.fails("DescribeStateMachine", stateMachineArn="not-an-arn" * 30)
    assert e.code == "ValidationException"


@rule("arn-prefix")
def _arn_prefix(api: Api) -> None:
    for operation, member in [
        ("DescribeStateMachine", "stateMachineArn"),
        ("DescribeExecution", "executionArn"),
        ("ListExecutions", "stateMachineArn"),
        ("DescribeActivity", "activityArn"),
    ]:
        e = api.fails(operation, **{member: "my-thing"})
        assert (e.code, e.message) == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: my-thing'")


@rule("arn-type")
def _arn_type(api: Api) -> None:
    express = arn("express", "m", "e", "0b7d7c1e-0000-4000-8000-000000000000")
    for operation in ["DescribeExecution", "StopExecution", "GetExecutionHistory"]:
        e = api.fails(operation, executionArn=express)
        assert e.message == "Invalid Arn: 'Resource type not valid in this context: express'"
    e = api.fails("DescribeStateMachine", stateMachineArn=arn("activity", "a"))
    assert e.message == "Invalid Arn: 'Resource type not valid in this context: activity'"


@rule("arn-missing-machine")
def _arn_missing_machine(api: Api) -> None:
    missing = arn("stateMachine", "nobody")
    for operation in ["DescribeStateMachine", "StartExecution", "ListExecutions"]:
        e = api.fails(operation, stateMachineArn=missing)
        assert (e.code, e.message) == (
            "StateMachineDoesNotExist",
            f"State Machine Does Not Exist: '{missing}'",
        )
    machine = api.machine("amm", publish=True)
    e = api.fails(
        "UpdateStateMachine",
        stateMachineArn=machine["stateMachineVersionArn"],
        definition=json.dumps(WAIT),
    )
    assert e.code == "StateMachineDoesNotExist"
    assert machine["stateMachineVersionArn"] in e.message


@rule("arn-map-state")
def _arn_map_state(api: Api) -> None:
    api.machine("dm")
    for label in ("lbl", "other-label", "x.y"):
        labeled = arn("stateMachine", f"dm/{label}")
        for operation, request in (
            ("DescribeStateMachine", {"stateMachineArn": labeled}),
            ("UpdateStateMachine", {"stateMachineArn": labeled, "roleArn": ROLE}),
            ("DeleteStateMachine", {"stateMachineArn": labeled}),
            ("StartExecution", {"stateMachineArn": labeled}),
        ):
            e = api.fails(operation, **request)
            assert e.code == "ValidationException", (operation, e)
            assert e.fields.get("reason") == "API_DOES_NOT_SUPPORT_LABELED_ARNS"
    # the machine itself is untouched; one that does not exist is looked up as before
    assert api("DescribeStateMachine", stateMachineArn=arn("stateMachine", "dm"))["name"] == "dm"
    e = api.fails("DescribeStateMachine", stateMachineArn=arn("stateMachine", "nope"))
    assert e.code == "StateMachineDoesNotExist"


@rule("arn-missing-execution")
def _arn_missing_execution(api: Api) -> None:
    api.machine("ame")
    missing = arn("execution", "ame", "never-ran")
    for operation in ["DescribeExecution", "GetExecutionHistory", "StopExecution"]:
        e = api.fails(operation, executionArn=missing)
        assert (e.code, e.message) == (
            "ExecutionDoesNotExist",
            f"Execution Does Not Exist: '{missing}'",
        )


@rule("arn-tag-version")
def _arn_tag_version(api: Api) -> None:
    version = api.machine("atv", publish=True)["stateMachineVersionArn"]
    e = api.fails("TagResource", resourceArn=version, tags=[{"key": "k", "value": "v"}])
    assert (e.code, e.message) == ("ResourceNotFound", f"Resource not found: '{version}'")
    assert e.fields["resourceName"] == version


@rule("arn-missing-alias")
def _arn_missing_alias(api: Api) -> None:
    machine = api.machine("ama", publish=True)
    alias = machine["stateMachineArn"] + ":gone"
    for operation, extra in [
        ("UpdateStateMachineAlias", {"description": "d"}),
        ("DescribeStateMachineAlias", {}),
    ]:
        e = api.fails(operation, stateMachineAliasArn=alias, **extra)
        assert (e.code, e.message) == (
            "ResourceNotFound",
            "Request references a resource that does not exist.",
        )


@rule("delete-idempotent")
def _delete_idempotent(api: Api) -> None:
    machine = api.machine("di", publish=True)
    sm, version = machine["stateMachineArn"], machine["stateMachineVersionArn"]
    assert api("DeleteStateMachineAlias", stateMachineAliasArn=sm + ":none") == {}
    api("DeleteStateMachineVersion", stateMachineVersionArn=version)
    assert api("DeleteStateMachineVersion", stateMachineVersionArn=version) == {}
    assert api("DeleteStateMachine", stateMachineArn=arn("stateMachine", "never")) == {}
    activity = api("CreateActivity", name="di-act")["activityArn"]
    api("DeleteActivity", activityArn=activity)
    assert api("DeleteActivity", activityArn=activity) == {}


@rule("shape-describe-defaults")
def _shape_describe_defaults(api: Api) -> None:
    sm = api.machine("sdd")["stateMachineArn"]
    d = api("DescribeStateMachine", stateMachineArn=sm)
    assert d["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert d["tracingConfiguration"] == {"enabled": False}
    assert "revisionId" not in d
    api("UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(WAIT))
    assert "revisionId" in api("DescribeStateMachine", stateMachineArn=sm)


@rule("shape-encryption-default")
def _shape_encryption_default(api: Api) -> None:
    own = {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": "alias/k"}
    plain = api.machine("sed")["stateMachineArn"]
    keyed = api.machine("sed2", encryptionConfiguration=own)["stateMachineArn"]
    for sm, shown in [(plain, {"type": "AWS_OWNED_KEY"}), (keyed, own)]:
        assert api("DescribeStateMachine", stateMachineArn=sm)["encryptionConfiguration"] == shown
        execution = api("StartExecution", stateMachineArn=sm)["executionArn"]
        d = api("DescribeStateMachineForExecution", executionArn=execution)
        assert d["encryptionConfiguration"] == shown


@rule("shape-update-revision")
def _shape_update_revision(api: Api) -> None:
    sm = api.machine("sur")["stateMachineArn"]
    first = api("UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(PASS))
    assert "revisionId" not in first  # nothing changed: still the creation revision
    changed = api("UpdateStateMachine", stateMachineArn=sm, roleArn=ROLE + "2")
    same = api("UpdateStateMachine", stateMachineArn=sm, roleArn=ROLE + "2")
    assert same["revisionId"] == changed["revisionId"]
    again = api("UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(WAIT))
    assert again["revisionId"] != changed["revisionId"]
    assert api("DescribeStateMachine", stateMachineArn=sm)["revisionId"] == again["revisionId"]


@rule("shape-for-execution")
def _shape_for_execution(api: Api) -> None:
    machine = api.machine("sfe", publish=True)
    sm = machine["stateMachineArn"]
    update = api(
        "UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(WAIT), publish=True
    )
    for target, revision in [
        (machine["stateMachineVersionArn"], None),
        (update["stateMachineVersionArn"], update["revisionId"]),
    ]:
        execution = api("StartExecution", stateMachineArn=target)["executionArn"]
        d = api("DescribeStateMachineForExecution", executionArn=execution)
        assert d["stateMachineArn"] == sm
        assert d.get("revisionId") == revision
        assert {"status", "type", "creationDate"}.isdisjoint(d)
        assert "updateDate" in d


@rule("shape-redrive")
def _shape_redrive(api: Api) -> None:
    sm = api.machine("sr")["stateMachineArn"]
    execution = api("StartExecution", stateMachineArn=sm)["executionArn"]
    d = api("DescribeExecution", executionArn=execution)
    assert d["status"] == "SUCCEEDED"
    assert (d["redriveCount"], d["redriveStatus"], d["redriveStatusReason"]) == (
        0,
        "NOT_REDRIVABLE",
        "Execution is SUCCEEDED and cannot be redriven",
    )
    listed = api("ListExecutions", stateMachineArn=sm)["executions"]
    assert listed[0]["redriveCount"] == 0


@rule("shape-qualified-execution")
def _shape_qualified_execution(api: Api) -> None:
    machine = api.machine("sqe", publish=True)
    sm, version = machine["stateMachineArn"], machine["stateMachineVersionArn"]
    alias = api(
        "CreateStateMachineAlias",
        name="live",
        routingConfiguration=[{"stateMachineVersionArn": version, "weight": 100}],
    )["stateMachineAliasArn"]
    through_alias = api("StartExecution", stateMachineArn=alias)["executionArn"]
    through_version = api("StartExecution", stateMachineArn=version)["executionArn"]
    d = api("DescribeExecution", executionArn=through_alias)
    assert (d["stateMachineArn"], d["stateMachineVersionArn"], d["stateMachineAliasArn"]) == (
        sm,
        version,
        alias,
    )
    assert "stateMachineAliasArn" not in api("DescribeExecution", executionArn=through_version)
    listed = api("ListExecutions", stateMachineArn=sm)["executions"]
    assert [e["executionArn"] for e in listed] == [through_version, through_alias]
    assert listed[1]["stateMachineAliasArn"] == alias


@rule("shape-version-describe")
def _shape_version_describe(api: Api) -> None:
    machine = api.machine("svd", publish=True, versionDescription="first")
    d = api("DescribeStateMachine", stateMachineArn=machine["stateMachineVersionArn"])
    assert (d["stateMachineArn"], d["description"]) == (machine["stateMachineVersionArn"], "first")
    assert "description" not in api(
        "DescribeStateMachine", stateMachineArn=machine["stateMachineArn"]
    )


@rule("version-publish-idempotent")
def _version_publish_idempotent(api: Api) -> None:
    machine = api.machine("vpi", publish=True)
    sm = machine["stateMachineArn"]
    published = api("PublishStateMachineVersion", stateMachineArn=sm)
    assert published["stateMachineVersionArn"] == machine["stateMachineVersionArn"]
    update = api(
        "UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(PASS), publish=True
    )
    assert update["stateMachineVersionArn"] == machine["stateMachineVersionArn"]
    versions = api("ListStateMachineVersions", stateMachineArn=sm)["stateMachineVersions"]
    assert len(versions) == 1


@rule("version-numbers")
def _version_numbers(api: Api) -> None:
    sm = api.machine("vn", publish=True)["stateMachineArn"]
    v2 = api("UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(WAIT), publish=True)
    api("DeleteStateMachineVersion", stateMachineVersionArn=v2["stateMachineVersionArn"])
    api("UpdateStateMachine", stateMachineArn=sm, roleArn=ROLE + "x")
    v3 = api("PublishStateMachineVersion", stateMachineArn=sm)["stateMachineVersionArn"]
    assert v3 == sm + ":3"


@rule("version-description-needs-publish")
def _version_description_needs_publish(api: Api) -> None:
    e = api.fails(
        "CreateStateMachine",
        name="vdn",
        definition=json.dumps(PASS),
        roleArn=ROLE,
        versionDescription="d",
    )
    assert (e.code, e.message) == (
        "ValidationException",
        "Version description can only be set when publish is true",
    )
    sm = api.machine("vdn2")["stateMachineArn"]
    e = api.fails("UpdateStateMachine", stateMachineArn=sm, roleArn=ROLE, versionDescription="d")
    assert e.message == "Version description can only be set when publish is true"


@rule("version-stale-revision")
def _version_stale_revision(api: Api) -> None:
    sm = api.machine("vsr")["stateMachineArn"]
    old = api("UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(WAIT))["revisionId"]
    new = api("UpdateStateMachine", stateMachineArn=sm, roleArn=ROLE + "2")["revisionId"]
    e = api.fails("PublishStateMachineVersion", stateMachineArn=sm, revisionId=old)
    assert (e.code, e.message) == (
        "ConflictException",
        f"Failed to publish the State Machine version for revision {old}. "
        f"The current State Machine revision is {new}.",
    )


@rule("version-in-use")
def _version_in_use(api: Api) -> None:
    machine = api.machine("viu", publish=True)
    sm, v1 = machine["stateMachineArn"], machine["stateMachineVersionArn"]
    alias = api(
        "CreateStateMachineAlias",
        name="blue",
        routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}],
    )["stateMachineAliasArn"]
    e = api.fails("DeleteStateMachineVersion", stateMachineVersionArn=v1)
    assert (e.code, e.message) == (
        "ConflictException",
        "Version to be deleted must not be referenced by an alias. Current list of aliases "
        "referencing this version: [blue]",
    )
    v2 = api("UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(WAIT), publish=True)
    api(
        "UpdateStateMachineAlias",
        stateMachineAliasArn=alias,
        routingConfiguration=[
            {"stateMachineVersionArn": v2["stateMachineVersionArn"], "weight": 100}
        ],
    )
    assert api("DeleteStateMachineVersion", stateMachineVersionArn=v1) == {}


@rule("alias-routing")
def _alias_routing(api: Api) -> None:
    machine = api.machine("ar", publish=True)
    sm, v1 = machine["stateMachineArn"], machine["stateMachineVersionArn"]
    v2 = api("UpdateStateMachine", stateMachineArn=sm, definition=json.dumps(WAIT), publish=True)[
        "stateMachineVersionArn"
    ]
    cases = [
        (
            [(sm, 100)],
            f"Routing configuration must contain state machine version ARNs. Received: [{sm}]",
        ),
        (
            [(v1, 60), (v1, 40)],
            "Routing configuration must contain distinct state machine version ARNs. "
            f"Received: [{v1}, {v1}]",
        ),
        (
            [(v1, 60), (v2, 41)],
            "Sum of routing configuration weights must equal 100. Received: [60, 41]",
        ),
    ]
    for routes, message in cases:
        e = api.fails(
            "CreateStateMachineAlias",
            name="x",
            routingConfiguration=[{"stateMachineVersionArn": a, "weight": w} for a, w in routes],
        )
        assert (e.code, e.message) == ("ValidationException", message)


@rule("alias-idempotent")
def _alias_idempotent(api: Api) -> None:
    version = api.machine("ai", publish=True)["stateMachineVersionArn"]
    request = {
        "name": "green",
        "description": "d",
        "routingConfiguration": [{"stateMachineVersionArn": version, "weight": 100}],
    }
    first = api("CreateStateMachineAlias", **request)
    assert api("CreateStateMachineAlias", **request) == first
    e = api.fails("CreateStateMachineAlias", **dict(request, description="other"))
    assert (e.code, e.message) == (
        "ConflictException",
        "Failed to create alias because an alias with the same name and a different routing "
        "configuration already exists.",
    )


@rule("logs-one-destination")
def _logs_one_destination(api: Api) -> None:
    message = "Invalid Logging Configuration: Must specify exactly one Log Destination."
    destination = {"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}
    for logging in [
        {"level": "ERROR"},
        {"level": "FATAL", "destinations": []},
        {"level": "ALL", "destinations": [destination, destination]},
    ]:
        e = api.fails(
            "CreateStateMachine",
            name="lod",
            definition=json.dumps(PASS),
            roleArn=ROLE,
            loggingConfiguration=logging,
        )
        assert (e.code, e.message) == ("InvalidLoggingConfiguration", message)
    sm = api.machine("lod2", loggingConfiguration={"level": "ALL", "destinations": [destination]})
    e = api.fails(
        "UpdateStateMachine",
        stateMachineArn=sm["stateMachineArn"],
        loggingConfiguration={"level": "ERROR"},
    )
    assert e.message == message


@rule("logs-off-as-given")
def _logs_off_as_given(api: Api) -> None:
    for logging, shown in [
        ({}, {"level": "OFF", "includeExecutionData": False}),
        ({"destinations": []}, {"level": "OFF", "includeExecutionData": False, "destinations": []}),
    ]:
        sm = api.machine(f"loag{len(shown)}", loggingConfiguration=logging)["stateMachineArn"]
        assert api("DescribeStateMachine", stateMachineArn=sm)["loggingConfiguration"] == shown


@rule("input-empty")
def _input_empty(api: Api) -> None:
    sm = api.machine("ie")["stateMachineArn"]
    for text in ["", "  \n"]:
        e = api.fails("StartExecution", stateMachineArn=sm, input=text)
        assert (e.code, e.message) == (
            "InvalidExecutionInput",
            "Invalid State Machine Execution Input: 'Invalid execution input.'",
        )


@rule("input-jackson")
def _input_jackson(api: Api) -> None:
    sm = api.machine("ij")["stateMachineArn"]
    e = api.fails("StartExecution", stateMachineArn=sm, input="nope")
    assert e.message == (
        "Invalid State Machine Execution Input: 'Unrecognized token 'nope': was expecting "
        "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')'"
    )
    e = api.fails("StartExecution", stateMachineArn=sm, input='{"a": 1')
    assert e.message.startswith("Invalid State Machine Execution Input: 'Unexpected end-of-input")
    assert "\n at [Source" not in e.message


@rule("input-scalars")
def _input_scalars(api: Api) -> None:
    sm = api.machine("is")["stateMachineArn"]
    for text in ["7", '"text"', "null", "[]"]:
        execution = api("StartExecution", stateMachineArn=sm, input=text)["executionArn"]
        assert api("DescribeExecution", executionArn=execution)["input"] == text


@rule("express-api")
def _express_api(api: Api) -> None:
    message = "This operation is not supported by this type of state machine"
    standard = api.machine("ea-std")["stateMachineArn"]
    e = api.fails("StartSyncExecution", stateMachineArn=standard)
    assert (e.code, e.message) == ("StateMachineTypeNotSupported", message)
    express = api.machine("ea-exp", type="EXPRESS")["stateMachineArn"]
    e = api.fails("ListExecutions", stateMachineArn=express)
    assert (e.code, e.message) == ("StateMachineTypeNotSupported", message)


@rule("create-idempotent")
def _create_idempotent(api: Api) -> None:
    text = json.dumps(PASS)
    first = api.machine("ci", text)
    assert api.machine("ci", text) == first
    for other in [json.dumps(PASS, indent=2), json.dumps(WAIT)]:
        e = api.fails("CreateStateMachine", name="ci", definition=other, roleArn=ROLE)
        assert (e.code, e.message) == (
            "StateMachineAlreadyExists",
            f"State Machine Already Exists: '{first['stateMachineArn']}'",
        )


@rule("start-idempotent")
def _start_idempotent(api: Api) -> None:
    sm = api.machine("si", WAIT)["stateMachineArn"]
    first = api("StartExecution", stateMachineArn=sm, name="run", input='{"a": 1}')
    assert api("StartExecution", stateMachineArn=sm, name="run", input='{"a": 1}') == first
    e = api.fails("StartExecution", stateMachineArn=sm, name="run", input='{"a": 2}')
    assert (e.code, e.message) == (
        "ExecutionAlreadyExists",
        f"Execution Already Exists: '{first['executionArn']}'",
    )
    api("StopExecution", executionArn=first["executionArn"])
    e = api.fails("StartExecution", stateMachineArn=sm, name="run", input='{"a": 1}')
    assert e.code == "ExecutionAlreadyExists"


@rule("activity-idempotent")
def _activity_idempotent(api: Api) -> None:
    first = api("CreateActivity", name="ai-act")
    assert api("CreateActivity", name="ai-act") == first
    api("DeleteActivity", activityArn=first["activityArn"])
    for operation in ["DescribeActivity", "GetActivityTask"]:
        e = api.fails(operation, activityArn=first["activityArn"])
        assert (e.code, e.message) == (
            "ActivityDoesNotExist",
            f"Activity Does Not Exist: '{first['activityArn']}'",
        )


@rule("page-token")
def _page_token(api: Api) -> None:
    sm = api.machine("pt", publish=True)["stateMachineArn"]
    for operation, request in [
        ("ListStateMachines", {}),
        ("ListStateMachineAliases", {"stateMachineArn": sm}),
        ("ListStateMachineVersions", {"stateMachineArn": sm}),
    ]:
        e = api.fails(operation, nextToken="made-up", **request)
        assert (e.code, e.message) == ("InvalidToken", "Invalid Token: 'Invalid token'")


@rule("page-order")
def _page_order(api: Api) -> None:
    fresh = Api()
    names = [f"po_{i}" for i in range(12)]
    for name in reversed(names):
        fresh.machine(name)
    first = fresh("ListStateMachines", maxResults=5)
    second = fresh("ListStateMachines", maxResults=10, nextToken=first["nextToken"])
    listed = [m["name"] for m in first["stateMachines"] + second["stateMachines"]]
    assert listed == sorted(names)
    assert "nextToken" not in second
    # 0 is the default page, which holds all twelve
    assert [m["name"] for m in fresh("ListStateMachines", maxResults=0)["stateMachines"]] == sorted(
        names
    )
    # executions: newest first, paged the same way
    sm = fresh.machine("po_runs")["stateMachineArn"]
    runs = [f"run-{i}" for i in range(7)]
    for run in runs:
        fresh("StartExecution", stateMachineArn=sm, name=run)
    page = fresh("ListExecutions", stateMachineArn=sm, maxResults=4)
    rest = fresh("ListExecutions", stateMachineArn=sm, maxResults=4, nextToken=page["nextToken"])
    listed = [e["name"] for e in page["executions"] + rest["executions"]]
    assert listed == runs[::-1]
    assert "nextToken" not in rest
    assert len(fresh("ListExecutions", stateMachineArn=sm, maxResults=0)["executions"]) == 7


@rule("tags-merge")
def _tags_merge(api: Api) -> None:
    machine = api.machine("tm")["stateMachineArn"]
    activity = api("CreateActivity", name="ta")["activityArn"]
    for resource in (machine, activity):
        api("TagResource", resourceArn=resource, tags=[])
        api(
            "TagResource",
            resourceArn=resource,
            tags=[{"key": "a", "value": "1"}, {"key": "a", "value": "1"}],
        )
        api(
            "TagResource",
            resourceArn=resource,
            tags=[{"key": "b", "value": ""}, {"key": "a", "value": "2"}],
        )
        api("UntagResource", resourceArn=resource, tagKeys=["zzz"])
        tags = api("ListTagsForResource", resourceArn=resource)["tags"]
        assert sorted((t["key"], t["value"]) for t in tags) == [("a", "2"), ("b", "")]
        api("UntagResource", resourceArn=resource, tagKeys=["a", "b"])
        assert api("ListTagsForResource", resourceArn=resource)["tags"] == []
    # tags given at creation are the resource's tags, for activities as for state machines
    created = api("CreateActivity", name="tc", tags=[{"key": "k", "value": "v"}])["activityArn"]
    assert api("ListTagsForResource", resourceArn=created)["tags"] == [{"key": "k", "value": "v"}]


def test_every_rule_row_has_a_test() -> None:
    ids = rule_ids()
    assert len(ids) == len(set(ids)), "a rule id appears twice in docs/semantics/api.md"
    assert set(ids) == set(RULES), sorted(set(ids) ^ set(RULES))


@pytest.mark.parametrize("rule_id", rule_ids())
def test_rule(api: Api, rule_id: str) -> None:
    RULES[rule_id](api)


@rule("desc-timed-out")
def _desc_timed_out(api: Api) -> None:
    clock = _core.ManualClock(0)
    fresh = Api()
    fresh.service = _core.Service("manual", clock, 7)
    ends = {
        "TIMED_OUT": {
            "StartAt": "W",
            "TimeoutSeconds": 1,
            "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}},
        },
        "FAILED": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}},
    }
    for status, definition in ends.items():
        sm = fresh.machine(f"dt_{status}", definition)["stateMachineArn"]
        ex = fresh("StartExecution", stateMachineArn=sm)["executionArn"]
        clock.advance(2000)
        d = fresh("DescribeExecution", executionArn=ex)
        assert d["status"] == status
        if status == "TIMED_OUT":
            assert "error" not in d and "cause" not in d
        else:
            assert (d["error"], d["cause"]) == ("E", "C")
