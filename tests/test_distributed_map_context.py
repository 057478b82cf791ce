"""docs/semantics/distributed-map.md X2-X4 and P1-P3 through the client: what a Distributed Map
child execution's states read of the context object, what the execution operations report for
a child, and what a map run and its children show when the parent ends while they run."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"
PREFIX = "arn:aws:states:us-east-1:123456789012"

CONTEXT_STATES = {
    "JSONPath": {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": True},
    "JSONata": {
        "Type": "Pass",
        "QueryLanguage": "JSONata",
        "Output": {"ctx": "{% $states.context %}"},
        "End": True,
    },
}


def parent(processor_state: dict[str, Any], execution_type: str, **fields: Any) -> dict[str, Any]:
    return {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
                    "StartAt": "C",
                    "States": {"C": processor_state},
                },
                "End": True,
                **fields,
            }
        },
    }


def start(client: Any, name: str, definition: dict[str, Any], data: Any) -> str:
    arn = client.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]
    return client.start_execution(stateMachineArn=arn, input=json.dumps(data))["executionArn"]


def children(client: Any, ex: str) -> tuple[str, list[dict[str, Any]]]:
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    return run["mapRunArn"], client.list_executions(mapRunArn=run["mapRunArn"])["executions"]


@pytest.mark.parametrize("language", ["JSONPath", "JSONata"])
@pytest.mark.parametrize("execution_type", ["STANDARD", "EXPRESS"])
def test_x2_x4_a_child_reads_and_reports_its_own_execution(
    language: str, execution_type: str
) -> None:
    client = sfnsim.client()
    definition = parent(CONTEXT_STATES[language], execution_type, Label="Lbl")
    ex = start(client, "outer", definition, {"items": ["a", "b"]})
    assert client.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    run_arn, found = children(client, ex)
    assert len(found) == 2
    for child in found:
        arn = child["executionArn"]
        # X4: <machine>/<label> in the child's execution ARN, its state machine and the run's.
        assert arn == f"{PREFIX}:execution:outer/Lbl:{child['name']}"
        assert child["stateMachineArn"] == f"{PREFIX}:stateMachine:outer/Lbl"
        assert run_arn.startswith(f"{PREFIX}:mapRun:outer/Lbl:")
        described = client.describe_execution(executionArn=arn)
        assert described["mapRunArn"] == run_arn
        assert described["stateMachineArn"] == child["stateMachineArn"]
        ctx = json.loads(described["output"])["ctx"]
        # X2: the child's own execution, its map run's state machine; X3: no Map member.
        assert ctx["Execution"]["Id"] == arn
        assert ctx["Execution"]["Name"] == child["name"]
        assert ctx["Execution"]["Input"] == json.loads(described["input"])
        assert ctx["Execution"]["RoleArn"] == ROLE
        assert ctx["Execution"]["RedriveCount"] == 0
        assert ctx["StateMachine"] == {
            "Id": f"{PREFIX}:stateMachine:outer/Lbl",
            "Name": "outer/Lbl",
        }
        assert ctx["State"]["Name"] == "C"
        assert "Map" not in ctx
        history = client.get_execution_history(executionArn=arn)["events"]
        assert [e["type"] for e in history] == [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded",
        ]
        # X4: DescribeStateMachineForExecution answers with the map run's state machine.
        machine = client.describe_state_machine_for_execution(executionArn=arn)
        assert machine["stateMachineArn"] == f"{PREFIX}:stateMachine:outer/Lbl"
        assert machine["name"] == "outer/Lbl"
        assert machine["mapRunArn"] == run_arn
        assert machine["label"] == "Lbl"
        assert json.loads(machine["definition"]) == definition
        assert machine["roleArn"] == ROLE
    # The parent's own answer has no map run fields.
    top = client.describe_state_machine_for_execution(executionArn=ex)
    assert "mapRunArn" not in top and "label" not in top


def test_x4_an_unlabelled_maps_children_name_its_generated_label() -> None:
    client = sfnsim.client()
    ex = start(client, "plain", parent(CONTEXT_STATES["JSONPath"], "STANDARD"), {"items": [1]})
    run_arn, (child,) = children(client, ex)
    assert child["itemCount"] == 1
    label = run_arn.split(":mapRun:plain/", 1)[1].split(":", 1)[0]
    machine = client.describe_state_machine_for_execution(executionArn=child["executionArn"])
    assert machine["label"] == label
    assert child["executionArn"].startswith(f"{PREFIX}:execution:plain/{label}:")


def test_x4_a_batch_childs_item_count_is_its_batchs() -> None:
    client = sfnsim.client()
    definition = parent(CONTEXT_STATES["JSONPath"], "STANDARD")
    del definition["States"]["M"]["ItemSelector"]
    definition["States"]["M"]["ItemBatcher"] = {"MaxItemsPerBatch": 2}
    ex = start(client, "batched", definition, {"items": [1, 2, 3, 4, 5]})
    _, found = children(client, ex)
    assert sorted(c["itemCount"] for c in found) == [1, 2, 2]
    # Listed by their state machine, executions carry no itemCount.
    machine = ex.rsplit(":", 1)[0].replace(":execution:", ":stateMachine:")
    (listed,) = client.list_executions(stateMachineArn=machine)["executions"]
    assert "itemCount" not in listed


WAITING = {"Type": "Wait", "Seconds": 30, "End": True}


def counts_of(client: Any, run_arn: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    described = client.describe_map_run(mapRunArn=run_arn)
    return described["status"], described["executionCounts"], described["itemCounts"]


@pytest.mark.parametrize("how", ["P1 stopped", "P2 timed out"])
def test_p1_p2_a_parent_that_ends_aborts_its_running_map_run(how: str) -> None:
    clock = sfnsim.ManualClock()
    client = sfnsim.client(clock=clock)
    fields: dict[str, Any] = {"MaxConcurrency": 2}
    definition = parent(WAITING, "STANDARD", **fields)
    if how == "P2 timed out":
        definition["TimeoutSeconds"] = 10
    ex = start(client, "outer", definition, {"items": [1, 2, 3]})
    clock.advance(5)
    run_arn, found = children(client, ex)
    assert [c["status"] for c in found] == ["RUNNING", "RUNNING"]
    if how == "P1 stopped":
        client.stop_execution(executionArn=ex, error="E", cause="c")
        expected_status, expected_last = "ABORTED", "ExecutionAborted"
    else:
        clock.advance(10)
        expected_status, expected_last = "TIMED_OUT", "ExecutionTimedOut"
    assert client.describe_execution(executionArn=ex)["status"] == expected_status
    types = [e["type"] for e in client.get_execution_history(executionArn=ex)["events"]]
    assert types[-2:] == ["MapRunStarted", expected_last]
    status, executions, items = counts_of(client, run_arn)
    assert status == "ABORTED"
    assert executions["aborted"] == items["aborted"] == 2
    assert executions["running"] == items["running"] == 0
    assert executions["succeeded"] == executions["failed"] == 0
    (listed,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    assert "stopDate" in listed
    _, found = children(client, ex)
    assert [c["status"] for c in found] == ["ABORTED", "ABORTED"]
    for child in found:
        assert "stopDate" in child
        events = client.get_execution_history(executionArn=child["executionArn"])["events"]
        assert [e["type"] for e in events] == [
            "ExecutionStarted",
            "WaitStateEntered",
            "ExecutionAborted",
        ]
        assert events[-1]["previousEventId"] == 0
    assert client.list_executions(mapRunArn=run_arn, statusFilter="ABORTED")["executions"]


def test_p3_a_map_aborted_with_its_branch_aborts_its_run() -> None:
    branch_map = parent(WAITING, "STANDARD", MaxConcurrency=2)["States"]["M"]
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    {"StartAt": "M", "States": {"M": branch_map}},
                    {
                        "StartAt": "S",
                        "States": {
                            "S": {"Type": "Wait", "Seconds": 5, "Next": "F"},
                            "F": {"Type": "Fail", "Error": "E", "Cause": "c"},
                        },
                    },
                ],
            }
        },
    }
    client = sfnsim.client()
    ex = start(client, "outer", definition, {"items": [1, 2, 3]})
    assert client.describe_execution(executionArn=ex)["status"] == "FAILED"
    events = client.get_execution_history(executionArn=ex)["events"]
    types = [e["type"] for e in events]
    at = types.index("MapRunAborted")
    assert types[at + 1] == "MapStateAborted"
    assert events[at]["previousEventId"] == events[at + 1]["previousEventId"]
    run_arn, found = children(client, ex)
    status, executions, _ = counts_of(client, run_arn)
    assert status == "ABORTED"
    assert executions["aborted"] == 2
    assert [c["status"] for c in found] == ["ABORTED", "ABORTED"]
