"""docs/semantics/distributed-map.md S1-S6: a Distributed Map reading a CSV, JSON Lines or JSON
object streams its items (with or without an ItemBatcher), yet every answer is the one reading
them all up front gives; and what a run keeps per child execution is bounded (measured, not
timed)."""

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
    # The same items as streamed formats (S1, S2a) and as a JSON document read whole: a name
    # repeated on the way to its ItemsPointer has the reader parse it whole (S2a), as every
    # reader did before items were streamed.
    "WHOLE": '{"items": [], "items": ' + json.dumps(ITEMS) + "}",
    "JSON": json.dumps(ITEMS),
    "JSONL": "".join(json.dumps(item) + "\n" for item in ITEMS),
    "CSV": "id,fail\n" + "".join(f"{item['id']},{item['fail']}\n" for item in ITEMS),
}


def definition(fmt: str, **fields: Any) -> dict[str, Any]:
    if fmt == "INPUT":
        # The items in the state input: the array road, ItemBatcher included.
        machine = distributed_map(PROCESSOR, ItemsPath="$.items", **fields)
        machine["States"]["Files"]["ItemProcessor"]["StartAt"] = PROCESSOR_START
        return machine
    config = {"InputType": "JSON" if fmt == "WHOLE" else fmt, **fields.pop("reader", {})}
    if fmt == "WHOLE":
        config["ItemsPointer"] = "/items"
    machine = distributed_map(
        PROCESSOR,
        ItemReader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": config,
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
    services.s3.put_object("data", "items", SOURCES.get(fmt, ""))
    run_input = {"items": ITEMS} if fmt == "INPUT" else {}
    machine = definition(fmt, **fields)
    ex = sfnsim.run(machine, run_input, services=services, seed=7, start_time=START)
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
    # S2e: batches cut from the stream as children start.
    "batcher": {"ToleratedFailureCount": 2, "ItemBatcher": {"MaxItemsPerBatch": 4}},
    "batcher, selector, bytes, writer": {
        "ToleratedFailureCount": 3,
        "ItemSelector": {"index.$": "$$.Map.Item.Index", "id.$": "$$.Map.Item.Value.id"},
        "ItemBatcher": {"MaxInputBytesPerBatch": 70, "BatchInput": {"run": "r"}},
        "ResultWriter": {
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "data", "Prefix": "out"},
        },
    },
    "batcher, MaxItems, threshold": {
        "reader": {"MaxItems": 5},
        "ToleratedFailureCount": 0,
        "MaxConcurrency": 1,
        "ItemBatcher": {"MaxItemsPerBatch": 2},
    },
}


@pytest.mark.parametrize("fmt", ["JSONL", "CSV", "JSON", "INPUT"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_streamed_items_give_the_answers_of_a_whole_read(fmt: str, case: str) -> None:
    # S1, S2a, S2e: streaming changes when items are parsed, never what any answer says. The
    # JSON document read whole holds the same items; a CSV item's values are strings, as here.
    # Items in the state input (the array road) have no ReaderConfig to cut them.
    fields = CASES[case]
    if fmt == "INPUT" and "reader" in fields:
        pytest.skip("items in the state input have no MaxItems")
    streamed = outcome(fmt, **json.loads(json.dumps(fields)))
    whole = outcome("WHOLE", **json.loads(json.dumps(fields)))
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


# S2a, S2e: a 100,000-item JSON document batched 100 to a child, with an ItemSelector. Before
# the reader streamed, the run held the parsed document, the selected items and the batches (the
# children's inputs) at once: its resident set grew by about 960 bytes an item on x86-64, in a
# fresh process. Streamed, it holds the document's text, 8 bytes an item of offsets and sizes,
# the selected items as compact lines, and the batches as their children start: about 380 bytes
# an item (benchmarks/README.md). The bound lies between, with room for allocators.
BYTES_PER_BATCHED_ITEM = 600


def test_a_batched_json_document_is_not_held_parsed() -> None:
    n = 100_000
    items = [{"id": i, "name": f"item-{i}"} for i in range(n)]
    services = MemoryServices(["s3"])
    services.s3.put_object("data", "items", json.dumps(items))
    del items
    machine = definition(
        "JSON",
        MaxConcurrency=100,
        ResultPath=None,
        ItemSelector={"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
        ItemBatcher={"MaxItemsPerBatch": 100},
    )
    machine["States"]["Files"]["ItemProcessor"]["States"] = {"P": {"Type": "Pass", "End": True}}
    machine["States"]["Files"]["ItemProcessor"]["StartAt"] = "P"
    gc.collect()
    before = resident_bytes()
    ex = sfnsim.run(machine, {}, services=services)
    grown = resident_bytes() - before
    assert ex.status == "SUCCEEDED"
    assert grown < n * BYTES_PER_BATCHED_ITEM, f"{grown / n:.0f} bytes per item"
