"""docs/semantics/distributed-map.md X1: a Distributed Map child execution owns everything inside
it. Through the client: each child's GetExecutionHistory (found with ListExecutions(mapRunArn))
is the history of a standalone execution of the ItemProcessor with the child's input, its
branches read the child's $$.Execution, and the parent's history holds only the map run."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"


def branch(states: dict[str, Any], start: str) -> dict[str, Any]:
    return {"StartAt": start, "States": states}


def parallel(*branches: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"Type": "Parallel", "Branches": list(branches), **fields}


PASS_END = {"Type": "Pass", "End": True}
CONTEXT = {
    "Type": "Pass",
    "End": True,
    "Parameters": {
        "id.$": "$$.Execution.Id",
        "name.$": "$$.Execution.Name",
        "input.$": "$$.Execution.Input",
        "start.$": "$$.Execution.StartTime",
    },
}

# (what, ItemProcessor StartAt and States, the child's status)
PROCESSORS: list[tuple[str, dict[str, Any], str]] = [
    (
        "parallel",
        branch(
            {"P": parallel(branch({"A": PASS_END}, "A"), branch({"B": PASS_END}, "B"), End=True)},
            "P",
        ),
        "SUCCEEDED",
    ),
    (
        "inline map",
        branch(
            {
                "S": {"Type": "Pass", "Result": {"xs": [1, 2, 3]}, "Next": "I"},
                "I": {
                    "Type": "Map",
                    "ItemsPath": "$.xs",
                    "ItemSelector": {"i.$": "$$.Map.Item.Index", "id.$": "$$.Execution.Id"},
                    "ItemProcessor": branch({"E": PASS_END}, "E"),
                    "End": True,
                },
            },
            "S",
        ),
        "SUCCEEDED",
    ),
    (
        "context in a branch",
        branch({"P": parallel(branch({"C": CONTEXT}, "C"), End=True)}, "P"),
        "SUCCEEDED",
    ),
    (
        "failing branch caught",
        branch(
            {
                "P": parallel(
                    branch({"W": {"Type": "Wait", "Seconds": 5, "End": True}}, "W"),
                    branch({"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}, "F"),
                    Next="Never",
                    Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Recovered"}],
                ),
                "Never": {"Type": "Fail"},
                "Recovered": PASS_END,
            },
            "P",
        ),
        "SUCCEEDED",
    ),
    (
        "failing branch fails the child",
        branch(
            {
                "P": parallel(
                    branch({"W": {"Type": "Wait", "Seconds": 5, "End": True}}, "W"),
                    branch({"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}, "F"),
                    End=True,
                )
            },
            "P",
        ),
        "FAILED",
    ),
    (
        "wait in a branch",
        branch(
            {
                "P": parallel(
                    branch({"W": {"Type": "Wait", "Seconds": 30, "Next": "C"}, "C": CONTEXT}, "W"),
                    Next="After",
                ),
                "After": {"Type": "Wait", "Seconds": 2, "End": True},
            },
            "P",
        ),
        "SUCCEEDED",
    ),
]


def parent(processor: dict[str, Any]) -> dict[str, Any]:
    return {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ToleratedFailureCount": 5,
                "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value"},
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    **processor,
                },
                "End": True,
            }
        },
    }


def shape(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each event's type, id, link and time since the first event."""
    start = events[0]["timestamp"]
    return [
        (e["type"], e["id"], e["previousEventId"], (e["timestamp"] - start).total_seconds())
        for e in events
    ]


def start(client: Any, name: str, definition: dict[str, Any], data: Any) -> str:
    arn = client.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]
    return client.start_execution(stateMachineArn=arn, input=json.dumps(data))["executionArn"]


def history(client: Any, arn: str) -> list[dict[str, Any]]:
    return client.get_execution_history(executionArn=arn, maxResults=1000)["events"]


def children(client: Any, ex: str) -> list[dict[str, Any]]:
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    return client.list_executions(mapRunArn=run["mapRunArn"])["executions"]


@pytest.mark.parametrize(
    ("what", "processor", "status"), PROCESSORS, ids=[p[0] for p in PROCESSORS]
)
def test_a_child_owns_everything_inside_it(
    what: str, processor: dict[str, Any], status: str
) -> None:
    client = sfnsim.client()
    items = {"items": ["a", "b"]}
    ex = start(client, "parent", parent(processor), items)
    assert client.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    single = branch({"X": PASS_END if status == "SUCCEEDED" else {"Type": "Fail"}}, "X")
    reference = start(client, "reference", parent(single), items)
    assert [e["type"] for e in history(client, ex)] == [
        e["type"] for e in history(client, reference)
    ]
    found = children(client, ex)
    assert len(found) == 2
    for child in found:
        described = client.describe_execution(executionArn=child["executionArn"])
        assert described["status"] == status
        alone = start(client, f"alone-{child['name']}", processor, json.loads(described["input"]))
        assert shape(history(client, child["executionArn"])) == shape(history(client, alone))
        if what in ("context in a branch", "wait in a branch"):
            out = json.loads(described["output"])[0]
            assert out["id"] == child["executionArn"]
            assert out["name"] == child["name"]
            assert out["input"] == json.loads(described["input"])
        if what == "inline map":
            types = [e["type"] for e in history(client, child["executionArn"])]
            assert types.count("MapIterationStarted") == 3
            out = json.loads(described["output"])
            assert [o["i"] for o in out] == [0, 1, 2]
            assert {o["id"] for o in out} == {child["executionArn"]}
