"""A Distributed Map's ItemReader and ResultWriter through the Python layers: mocks by resource
and by state name, and the in-memory S3 fake (``services=["s3"]``)."""

from __future__ import annotations

import json

import sfnsim
from dmap_support import distributed_map
from sfnsim.services import MemoryServices

GET_JSON = {
    "Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "JSON"},
    "Parameters": {"Bucket": "data", "Key.$": "$.key"},
}


def test_reader_reads_from_the_s3_fake() -> None:
    services = MemoryServices(["s3"])
    services.s3.put_object("data", "items.json", '[{"n": 1}, {"n": 2}]')
    ex = sfnsim.run(distributed_map(ItemReader=GET_JSON), {"key": "items.json"}, services=services)
    assert ex.status == "SUCCEEDED"
    assert ex.output == [{"n": 1}, {"n": 2}]


def test_missing_object_fails_the_reader_with_s3s_cause() -> None:
    services = MemoryServices(["s3"])
    services.s3.create_bucket("data")
    ex = sfnsim.run(distributed_map(ItemReader=GET_JSON), {"key": "nope"}, services=services)
    assert ex.status == "FAILED"
    assert ex.error == "States.ItemReaderFailed"
    assert "The specified key does not exist." in (ex.cause or "")
    assert [e["type"] for e in ex.history][-3:] == [
        "MapRunFailed",
        "MapStateFailed",
        "ExecutionFailed",
    ]


def test_list_objects_pages_through_the_fake() -> None:
    services = MemoryServices(["s3"])
    for name in ("c", "a", "e", "b", "d"):
        services.s3.put_object("data", f"in/{name}.txt", name)
    services.s3.put_object("data", "other.txt", "x")
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {"Bucket": "data", "Prefix": "in/", "MaxKeys": 2},
    }
    ex = sfnsim.run(
        distributed_map(ItemReader=reader, ItemSelector={"key.$": "$$.Map.Item.Value.Key"}),
        {},
        services=services,
    )
    assert ex.status == "SUCCEEDED"
    assert ex.output == [{"key": f"in/{n}.txt"} for n in "abcde"]


def test_listed_item_shape() -> None:
    services = MemoryServices(["s3"])
    services.s3.put_object("data", "a.txt", "abc")
    reader = {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "data"}}
    ex = sfnsim.run(distributed_map(ItemReader=reader), {}, services=services)
    assert ex.status == "SUCCEEDED"
    (item,) = ex.output
    assert list(item) == ["Etag", "Key", "LastModified", "Size", "StorageClass"]
    assert item["Key"] == "a.txt" and item["Size"] == 3 and isinstance(item["LastModified"], float)


def test_mocks_answer_by_resource_or_by_the_map_state_name() -> None:
    mocks = sfnsim.Mocks()
    mocks.resource("arn:aws:states:::s3:getObject").returns("a,b\n1,2\n")
    reader = {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
        "Parameters": {"Bucket": "data", "Key": "f.csv"},
    }
    ex = sfnsim.run(distributed_map(ItemReader=reader), {}, mocks=mocks)
    assert ex.output == [{"a": "1", "b": "2"}]
    (call,) = mocks.calls("arn:aws:states:::s3:getObject")
    assert call.state_name == "Files"
    assert call.parameters == {"Bucket": "data", "Key": "f.csv"}

    by_state = sfnsim.Mocks()
    by_state.state("Files").returns({"Body": "x|y\n3|4\n"})
    piped = dict(reader, ReaderConfig={"InputType": "CSV", "CSVDelimiter": "PIPE"})
    assert sfnsim.run(distributed_map(ItemReader=piped), {}, mocks=by_state).output == [
        {"x": "3", "y": "4"}
    ]


def test_unmocked_reader_is_a_simulator_error() -> None:
    ex = sfnsim.run(distributed_map(ItemReader=GET_JSON), {"key": "k"}, mocks=sfnsim.Mocks())
    assert ex.status == "FAILED"
    assert ex.error == "sfnsim.TaskNotMocked"


def test_result_writer_puts_results_and_manifest_in_the_fake() -> None:
    services = MemoryServices(["s3"])
    services.s3.create_bucket("out")
    writer = {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "out", "Prefix": "runs"},
    }
    ex = sfnsim.run(distributed_map(ResultWriter=writer), [1, 2], services=services)
    assert ex.status == "SUCCEEDED"
    details = ex.output["ResultWriterDetails"]
    assert details["Bucket"] == "out"
    objects = services.s3.objects["out"]
    manifest = json.loads(objects[details["Key"]])
    assert manifest["MapRunArn"] == ex.output["MapRunArn"]
    (succeeded,) = manifest["ResultFiles"]["SUCCEEDED"]
    results = json.loads(objects[succeeded["Key"]])
    assert [r["Output"] for r in results] == ["1", "2"]
    assert succeeded["Size"] == len(objects[succeeded["Key"]])


def test_through_the_client_with_the_s3_fake() -> None:
    services = MemoryServices(["s3"])
    services.s3.put_object("data", "items.json", "[1, 2, 3]")
    sfn = sfnsim.client(services=services)
    arn = sfn.create_state_machine(
        name="reader",
        definition=json.dumps(
            distributed_map(ItemReader=GET_JSON, ItemBatcher={"MaxItemsPerBatch": 2})
        ),
        roleArn="arn:aws:iam::123456789012:role/r",
    )["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"key": "items.json"}))
    done = sfn.describe_execution(executionArn=ex["executionArn"])
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"]) == [{"Items": [1, 2]}, {"Items": [3]}]
    (run,) = sfn.list_map_runs(executionArn=ex["executionArn"])["mapRuns"]
    children = sfn.list_executions(mapRunArn=run["mapRunArn"])["executions"]
    assert len(children) == 2
