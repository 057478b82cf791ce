"""docs/semantics/distributed-map.md S1-S6: a Distributed Map reading a CSV or JSON Lines object
streams its items, yet every answer is the one reading them all up front gives; and what a run
keeps per child execution is bounded (measured, not timed)."""

from __future__ import annotations

import gc
import json
from datetime import datetime, timezone
from typing import Any

import pytest
import sfnsim
from dmap_support import distributed_map
from sfnsim.services import MemoryServices

# Items whose "fail" member fails their child (a Choice to a Fail state).
ITEMS: list[dict[str, Any]] = [
    {"id": "1", "fail": "no"},
    {"id": "2", "fail": "yes"},
    {"id": "3", "fail": "no"},
    {"id": "4", "fail": "no"},
    {"id": "5", "fail": "yes"},
    {"id": "6", "fail": "no"},
]

START = datetime(2026, 1, 1, tzinfo=timezone.utc)

PROCESSOR = {
    "Check": {
        "Type": "Choice",
        "Choices": [{"Variable": "$.fail", "StringEquals": "yes", "Next": "Broken"}],
        "Default": "Fine",
    },
    "Broken": {"Type": "Fail", "Error": "Item.Broken", "Cause": "a broken item"},
    "Fine": {"Type": "Pass", "Parameters": {"seen.$": "$.id"}, "End": True},
}
PROCESSOR_START = "Check"

SOURCES = {
    # The same items as a JSON document (read whole, S2) and as the streamed formats (S1).
    "JSON": json.dumps(ITEMS),
    "JSONL": "".join(json.dumps(item) + "\n" for item in ITEMS),
    "CSV": "id,fail\n" + "".join(f"{item['id']},{item['fail']}\n" for item in ITEMS),
}


def definition(fmt: str, **fields: Any) -> dict[str, Any]:
    machine = distributed_map(
        PROCESSOR,
        ItemReader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": fmt, **fields.pop("reader", {})},
            "Parameters": {"Bucket": "data", "Key": "items"},
        },
        **fields,
    )
    machine["States"]["Files"]["ItemProcessor"]["StartAt"] = PROCESSOR_START
    return machine


def outcome(fmt: str, **fields: Any) -> tuple[Any, ...]:
    """What an execution shows: status, error, output, and every file the ResultWriter wrote
    (without the child executions' random names and the map run's id)."""
    services = MemoryServices(["s3"])
    services.s3.put_object("data", "items", SOURCES[fmt])
    ex = sfnsim.run(definition(fmt, **fields), {}, services=services, seed=7, start_time=START)
    files = {}
    for key, body in services.s3.objects["data"].items():
        if key == "items":
            continue
        lines = body.splitlines() if key.endswith(".jsonl") else [body]
        value = [json.loads(line) for line in lines]
        value = value[0] if len(value) == 1 and not key.endswith(".jsonl") else value
        if isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict):
                    for name in ("ExecutionArn", "Name", "StateMachineArn"):
                        entry.pop(name, None)
                    # A CSV item's keys come in a java.util.HashMap's order (C10).
                    for name in ("Input", "Output"):
                        if name in entry:
                            entry[name] = json.loads(entry[name])
        elif isinstance(value, dict):
            value = sorted(value.get("ResultFiles", {}))
        files[key.split("/")[-1]] = value
    output = ex.output
    if isinstance(output, dict) and "MapRunArn" in output:
        output = sorted(output)
    return ex.status, ex.error, output, files


CASES = {
    "all succeed, MaxItems": {"reader": {"MaxItems": 1}},
    "tolerated failures": {"ToleratedFailureCount": 2},
    "threshold exceeded": {"ToleratedFailureCount": 1, "MaxConcurrency": 1},
    "selector": {
        "ToleratedFailureCount": 2,
        "ItemSelector": {"index.$": "$$.Map.Item.Index", "id.$": "$$.Map.Item.Value.id"},
    },
    "result writer, failed run": {
        "ToleratedFailureCount": 1,
        "MaxConcurrency": 2,
        "ResultWriter": {
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "data", "Prefix": "out"},
        },
    },
    "result writer, compact": {
        "ToleratedFailureCount": 2,
        "ResultWriter": {
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "data", "Prefix": "out"},
            "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"},
        },
    },
}


@pytest.mark.parametrize("fmt", ["JSONL", "CSV"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_streamed_items_give_the_answers_of_a_whole_read(fmt: str, case: str) -> None:
    # S1: streaming changes when items are parsed, never what any answer says. The JSON document
    # holds the same items and is read whole (S2); a CSV item's values are strings, as here.
    fields = CASES[case]
    streamed = outcome(fmt, **json.loads(json.dumps(fields)))
    whole = outcome("JSON", **json.loads(json.dumps(fields)))
    assert streamed == whole
    assert streamed[0] in ("SUCCEEDED", "FAILED")


def test_a_bad_line_fails_the_reader_before_any_child_starts() -> None:
    # S1, D8: the stream reads every line when it opens.
    services = MemoryServices(["s3"])
    services.s3.put_object("data", "items", '{"id": "1"}\n{"id": \n')
    client = sfnsim.client(services=services)
    arn = client.create_state_machine(
        name="m", definition=json.dumps(definition("JSONL")), roleArn="arn:aws:iam::1:role/r"
    )["stateMachineArn"]
    ex = client.start_execution(stateMachineArn=arn)["executionArn"]
    described = client.describe_execution(executionArn=ex)
    assert (described["status"], described["error"]) == ("FAILED", "States.ItemReaderFailed")
    assert "line 2" in described["cause"]
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    assert client.list_executions(mapRunArn=run["mapRunArn"])["executions"] == []


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


# S4: what a run keeps per child execution of one Pass state, the registry's entry included.
# Measured on x86-64 (benchmarks/README.md): about 4.7 KB before items were streamed and ended
# threads freed, about 1.2-1.3 KB since. The bound is half the old cost: room for allocators,
# not for the old design.
BYTES_PER_CHILD = 2500


def test_memory_per_finished_child_is_bounded() -> None:
    n = 20_000
    services = MemoryServices(["s3"])
    services.s3.put_object("data", "items", "".join(f'{{"id":{i}}}\n' for i in range(n)))
    machine = definition("JSONL", MaxConcurrency=100, ResultPath=None)
    machine["States"]["Files"]["ItemProcessor"]["States"] = {"P": {"Type": "Pass", "End": True}}
    machine["States"]["Files"]["ItemProcessor"]["StartAt"] = "P"
    client = sfnsim.client(services=services)
    arn = client.create_state_machine(
        name="m", definition=json.dumps(machine), roleArn="arn:aws:iam::1:role/r"
    )["stateMachineArn"]
    gc.collect()
    before = resident_bytes()
    ex = client.start_execution(stateMachineArn=arn)["executionArn"]
    grown = resident_bytes() - before
    assert client.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    # Every child is still there (S4), with its history.
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    page = client.list_executions(mapRunArn=run["mapRunArn"], maxResults=1)["executions"]
    history = client.get_execution_history(executionArn=page[0]["executionArn"])["events"]
    assert [e["type"] for e in history] == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    assert json.loads(history[0]["executionStartedEventDetails"]["input"]) == {"id": n - 1}
    assert grown < n * BYTES_PER_CHILD, f"{grown / n:.0f} bytes per child execution"
