"""The rows of docs/semantics/distributed-map.md (ids D*, C*, B*, W*, M*), walked on the in-memory
S3 fake: every ItemReader source and format, CSV parsing, ItemBatcher, ResultWriter files and
WriterConfig, map run counters."""

from __future__ import annotations

import gzip
import io
import json
import time
from typing import Any

import pytest
import sfnsim
from dmap_support import distributed_map
from sfnsim.services import MemoryServices

READER_FAILED = "States.ItemReaderFailed"


def s3(objects: dict[str, Any]) -> MemoryServices:
    services = MemoryServices(["s3"])
    services.s3.create_bucket("data")
    for key, body in objects.items():
        services.s3.put_object("data", key, body)
    return services


def get_object(key: str, **config: Any) -> dict[str, Any]:
    return {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": config,
        "Parameters": {"Bucket": "data", "Key": key},
    }


def read(reader: dict[str, Any], objects: dict[str, Any], **fields: Any) -> Any:
    """The execution of a Distributed Map reading `objects` with `reader`."""
    services = s3(objects)
    ex = sfnsim.run(distributed_map(ItemReader=reader, **fields), {}, services=services)
    assert ex.status in ("SUCCEEDED", "FAILED")
    return ex


def items(reader: dict[str, Any], objects: dict[str, Any]) -> Any:
    ex = read(reader, objects)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    return ex.output


def failure(reader: dict[str, Any], objects: dict[str, Any]) -> tuple[str | None, str | None]:
    ex = read(reader, objects)
    assert ex.status == "FAILED"
    return ex.error, ex.cause


# -- D3, D4: listObjectsV2 ------------------------------------------------------------------


def test_d3_listing_with_a_prefix_gives_object_metadata() -> None:
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {"Bucket": "data", "Prefix": "in/"},
    }
    out = items(reader, {"in/b": "22", "in/a": "1", "other": "x"})
    assert [(i["Key"], i["Size"]) for i in out] == [("in/a", 1), ("in/b", 2)]
    assert all(list(i) == ["Etag", "Key", "LastModified", "Size", "StorageClass"] for i in out)


LOAD_AND_FLATTEN = [
    # (InputType and options, objects under in/, items)
    ({"InputType": "JSON"}, {"in/1": "[1,2]", "in/2": "[3]"}, [1, 2, 3]),
    (
        {"InputType": "JSONL"},
        {"in/1": '{"a":1}\n', "in/2": '{"a":2}\n{"a":3}'},
        [
            {"a": 1},
            {"a": 2},
            {"a": 3},
        ],
    ),
    (
        {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
        {"in/1": "h\nx\n", "in/2": "h\ny\nz\n"},
        [{"h": "x"}, {"h": "y"}, {"h": "z"}],
    ),
    ({"InputType": "JSON", "MaxItems": 2}, {"in/1": "[1]", "in/2": "[2,3]", "in/3": "[4]"}, [1, 2]),
]


@pytest.mark.parametrize(("config", "objects", "expected"), LOAD_AND_FLATTEN)
def test_d4_load_and_flatten_reads_every_listed_object(
    config: dict[str, Any], objects: dict[str, str], expected: list[Any]
) -> None:
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "ReaderConfig": {**config, "Transformation": "LOAD_AND_FLATTEN"},
        "Parameters": {"Bucket": "data", "Prefix": "in/"},
    }
    assert items(reader, {**objects, "elsewhere": "[9]"}) == expected


@pytest.mark.parametrize(
    ("objects", "expected"),
    [
        (
            {"in/1": '{"a": 1}', "in/2": '{"b": 2}'},
            [{"k": "a", "i": 0, "v": 1}, {"k": "b", "i": 1, "v": 2}],
        ),
        # An array among the objects: no item has a Key ([ours], execution.md E18).
        (
            {"in/1": '{"a": 1}', "in/2": "[2]"},
            [{"i": 0, "v": {"Key": "a", "Value": 1}}, {"i": 1, "v": 2}],
        ),
    ],
)
def test_d4_load_and_flatten_json_objects_give_key_value_items(
    objects: dict[str, str], expected: list[Any]
) -> None:
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "ReaderConfig": {"InputType": "JSON", "Transformation": "LOAD_AND_FLATTEN"},
        "Parameters": {"Bucket": "data", "Prefix": "in/"},
    }
    selector = {"k.$": "$$.Map.Item.Key", "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"}
    if "[2]" in objects.values():
        selector.pop("k.$")
    ex = read(reader, objects, ItemSelector=selector)
    assert (ex.status, ex.output) == ("SUCCEEDED", expected), ex.cause


def test_d4_load_and_flatten_needs_an_input_type() -> None:
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "ReaderConfig": {"Transformation": "LOAD_AND_FLATTEN"},
        "Parameters": {"Bucket": "data"},
    }
    assert failure(reader, {"a": "[1]"}) == (
        READER_FAILED,
        "The ItemReader's ReaderConfig needs an InputType to read an object.",
    )


def test_d5_unknown_transformation_is_rejected() -> None:
    reader = {
        "Resource": "arn:aws:states:::s3:listObjectsV2",
        "ReaderConfig": {"Transformation": "UNZIP"},
        "Parameters": {"Bucket": "data"},
    }
    with pytest.raises(sfnsim.InvalidDefinition):
        sfnsim.run(distributed_map(ItemReader=reader), {})


# -- D6, D7: JSON and ItemsPointer ------------------------------------------------------------

ITEMS_POINTER = [
    # (ItemsPointer, document, items or the failure cause)
    ("/data/items", {"data": {"items": [1, 2]}}, [1, 2]),
    ("", [3, 4], [3, 4]),
    ("/a~1b/0/c~0d", {"a/b": [{"c~d": ["x"]}]}, ["x"]),
    ("/rows/1", {"rows": [[0], [5, 6]]}, [5, 6]),
    (
        "/missing",
        {"data": []},
        "The ItemsPointer '/missing' does not point at a value in the object.",
    ),
    (
        "/rows/01",
        {"rows": [[0], [1]]},
        "The ItemsPointer '/rows/01' does not point at a value in the object.",
    ),
    (
        "no-slash",
        {"no-slash": []},
        "The ItemsPointer 'no-slash' does not point at a value in the object.",
    ),
    ("/data", {"data": {"k": 1, "j": [2]}}, [{"Key": "k", "Value": 1}, {"Key": "j", "Value": [2]}]),
    ("/data/k", {"data": {"k": 1}}, "Attempting to map over non-iterable node."),
]


@pytest.mark.parametrize(("pointer", "document", "expected"), ITEMS_POINTER)
def test_d7_items_pointer(pointer: str, document: Any, expected: Any) -> None:
    reader = get_object("f.json", InputType="JSON", ItemsPointer=pointer)
    objects = {"f.json": json.dumps(document)}
    if isinstance(expected, str):
        assert failure(reader, objects) == (READER_FAILED, expected)
    else:
        assert items(reader, objects) == expected


def test_d6_a_json_object_gives_its_members_as_key_value_items() -> None:
    """D6 with execution.md E18: one item per member, in the object's order, and
    $$.Map.Item.Key / Index / Value in the ItemSelector."""
    reader = get_object("f.json", InputType="JSON")
    objects = {"f.json": '{"b": {"n": 1}, "a": 2}'}
    assert items(reader, objects) == [{"Key": "b", "Value": {"n": 1}}, {"Key": "a", "Value": 2}]
    selector = {"k.$": "$$.Map.Item.Key", "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"}
    ex = read(reader, objects, ItemSelector=selector)
    assert ex.output == [{"k": "b", "i": 0, "v": {"n": 1}}, {"k": "a", "i": 1, "v": 2}]


def test_d6_json_that_is_no_collection_or_not_json() -> None:
    reader = get_object("f.json", InputType="JSON")
    assert failure(reader, {"f.json": '"text"'}) == (
        READER_FAILED,
        "Attempting to map over non-iterable node.",
    )
    error, cause = failure(reader, {"f.json": "[1,"})
    assert error == READER_FAILED
    assert (cause or "").startswith("The ItemReader could not parse the object as JSON: ")


# -- D8: JSON Lines -------------------------------------------------------------------------


def test_d8_json_lines() -> None:
    reader = get_object("f.jsonl", InputType="JSONL")
    assert items(reader, {"f.jsonl": '{"a":1}\r\n\n  \n[2]\n"x"'}) == [{"a": 1}, [2], "x"]
    error, cause = failure(reader, {"f.jsonl": "1\n{\n"})
    assert error == READER_FAILED and (cause or "").startswith(
        "The ItemReader could not parse line 2 as JSON"
    )


# -- D9: Parquet ----------------------------------------------------------------------------


def parquet_bytes(rows: dict[str, list[Any]]) -> bytes:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    sink = io.BytesIO()
    pq.write_table(pa.table(rows), sink)
    return sink.getvalue()


def test_d9_parquet_rows_are_items() -> None:
    data = parquet_bytes(
        {"id": [1, 2, 3], "name": ["a", "b", None], "ok": [True, False, True], "x": [0.5, 1.0, 2.5]}
    )
    reader = get_object("f.parquet", InputType="PARQUET")
    assert items(reader, {"f.parquet": data}) == [
        {"id": 1, "name": "a", "ok": True, "x": 0.5},
        {"id": 2, "name": "b", "ok": False, "x": 1.0},
        {"id": 3, "name": None, "ok": True, "x": 2.5},
    ]
    limited = get_object("f.parquet", InputType="PARQUET", MaxItems=1)
    assert items(limited, {"f.parquet": data}) == [{"id": 1, "name": "a", "ok": True, "x": 0.5}]


def test_d9_parquet_nested_values() -> None:
    data = parquet_bytes({"tags": [["a", "b"], []], "point": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]})
    reader = get_object("f.parquet", InputType="PARQUET")
    assert items(reader, {"f.parquet": data}) == [
        {"tags": ["a", "b"], "point": {"x": 1, "y": 2}},
        {"tags": [], "point": {"x": 3, "y": 4}},
    ]


def test_d9_parquet_without_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    reader = get_object("f.parquet", InputType="PARQUET")
    error, cause = failure(reader, {"f.parquet": b"PAR1\x00\x00PAR1"})
    assert error == "sfnsim.MissingExtra"
    assert "pip install 'sfnsim[parquet]'" in (cause or "")


def test_d9_not_a_parquet_file() -> None:
    pytest.importorskip("pyarrow")
    error, cause = failure(get_object("f", InputType="PARQUET"), {"f": "a,b\n1,2\n"})
    assert error == READER_FAILED and (cause or "").startswith("The object is not a Parquet file")


# -- D10: S3 inventory manifests ------------------------------------------------------------


def inventory(files: list[str], schema: str = "Bucket, Key, Size, LastModifiedDate") -> str:
    return json.dumps(
        {
            "sourceBucket": "source",
            "destinationBucket": "arn:aws:s3:::data",
            "version": "2016-11-30",
            "fileFormat": "CSV",
            "fileSchema": schema,
            "files": [{"key": k, "size": 1, "MD5checksum": "x"} for k in files],
        }
    )


def test_d10_inventory_manifest_reads_gzipped_and_plain_csv_files() -> None:
    rows1 = '"source","a.csv","10","2024-01-01T00:00:00.000Z"\n'
    rows2 = '"source","b/c.json","2","2024-01-02T00:00:00.000Z"\n"source","d","0","x"\n'
    objects = {
        "inv/manifest.json": inventory(["inv/data/1.csv.gz", "inv/data/2.csv"]),
        "inv/data/1.csv.gz": gzip.compress(rows1.encode()),
        "inv/data/2.csv": rows2,
    }
    out = items(get_object("inv/manifest.json", InputType="MANIFEST"), objects)
    assert [i["Key"] for i in out] == ["a.csv", "b/c.json", "d"]
    assert out[0] == {
        "Bucket": "source",
        "Key": "a.csv",
        "Size": "10",
        "LastModifiedDate": "2024-01-01T00:00:00.000Z",
    }
    limited = get_object("inv/manifest.json", InputType="MANIFEST", MaxItems=2)
    assert len(items(limited, objects)) == 2


def test_d10_inventory_key_order_is_a_java_hash_map_s() -> None:
    # The keys come out of a java.util.HashMap, as CSV items' keys do (C10).
    objects = {"m": inventory(["d.csv"]), "d.csv": "s,k,1,t\n"}
    (item,) = items(get_object("m", InputType="MANIFEST"), objects)
    assert list(item) == ["LastModifiedDate", "Bucket", "Size", "Key"]


def test_d10_not_an_inventory_manifest() -> None:
    reader = get_object("m", InputType="MANIFEST")
    error, cause = failure(reader, {"m": "[]"})
    assert error == READER_FAILED
    assert cause == "The object is not an S3 inventory manifest: it is not a JSON object"
    orc = json.dumps({**json.loads(inventory([])), "fileFormat": "ORC"})
    assert failure(reader, {"m": orc}) == (
        READER_FAILED,
        "The S3 inventory manifest's fileFormat 'ORC' is not supported; only CSV is.",
    )


def test_d13_athena_manifests_are_not_read_yet() -> None:
    reader = get_object("m.csv", InputType="CSV", ManifestType="ATHENA_DATA")
    assert failure(reader, {"m.csv": "s3://data/x.csv\n"}) == (
        "sfnsim.Unsupported",
        "sfnsim does not read ItemReader ManifestType ATHENA_DATA manifests yet.",
    )


# -- D11: MaxItems --------------------------------------------------------------------------

MAX_ITEMS = [
    # (ReaderConfig fields, state input, items or the failure cause)
    ({"MaxItems": 0}, {}, [1, 2, 3]),
    ({"MaxItems": 2}, {}, [1, 2]),
    ({"MaxItemsPath": "$.n"}, {"n": 100000001}, [1, 2, 3]),
    ({"MaxItemsPath": "$.n"}, {"n": 1}, [1]),
    ({"MaxItemsPath": "$.n"}, {"n": "2"}, [1, 2]),
    ({"MaxItemsPath": "$.n"}, {"n": -1}, "field MaxItems must be positive"),
    # No integer: States.Runtime before the map run starts (execution.md E1), not the reader's.
    (
        {"MaxItemsPath": "$.n"},
        {"n": "x"},
        (
            "States.Runtime",
            "An error occurred while executing the state 'Files' (entered at the event id #2). "
            'The MaxItemsPath field refers to value "x" which is not a valid integer: $.n',
        ),
    ),
    (
        {"MaxItemsPath": "$.n"},
        {"n": 2.5},
        (
            "States.Runtime",
            "An error occurred while executing the state 'Files' (entered at the event id #2). "
            'The MaxItemsPath field refers to value "2.5" which is not a valid integer: $.n',
        ),
    ),
]


@pytest.mark.parametrize(("fields", "state_input", "expected"), MAX_ITEMS)
def test_d11_max_items(fields: dict[str, Any], state_input: Any, expected: Any) -> None:
    services = s3({"f.json": "[1,2,3]"})
    reader = get_object("f.json", InputType="JSON", **fields)
    ex = sfnsim.run(distributed_map(ItemReader=reader), state_input, services=services)
    if isinstance(expected, str):
        assert (ex.status, ex.error, ex.cause) == ("FAILED", READER_FAILED, expected)
    elif isinstance(expected, tuple):
        assert (ex.status, ex.error, ex.cause) == ("FAILED", *expected)
        types = [e["type"] for e in ex.history]
        assert types[-2:] == ["MapStateStarted", "ExecutionFailed"], types
    else:
        assert ex.output == expected


def test_d2_jsonata_arguments_and_max_items() -> None:
    services = s3({"k/f.json": "[1,2,3]"})
    definition = distributed_map(
        ItemReader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.n %}"},
            "Arguments": {"Bucket": "data", "Key": "{% 'k/' & $states.input.name %}"},
        },
        QueryLanguage="JSONata",
    )
    ex = sfnsim.run(definition, {"name": "f.json", "n": 2}, services=services)
    assert (ex.status, ex.output) == ("SUCCEEDED", [1, 2])


# -- C1-C10: CSV ----------------------------------------------------------------------------

CSV = [
    # (ReaderConfig fields, text, items or the failure cause)
    ({}, "a,b\n1,2\n", [{"a": "1", "b": "2"}]),  # C1, C5
    ({"CSVHeaderLocation": "GIVEN", "CSVHeaders": ["x"]}, "1\n2\n", [{"x": "1"}, {"x": "2"}]),
    ({"CSVDelimiter": "PIPE"}, "a|b\n1|2\n", [{"a": "1", "b": "2"}]),  # C3
    ({"CSVDelimiter": "SEMICOLON"}, "a;b\n1;2\n", [{"a": "1", "b": "2"}]),
    ({"CSVDelimiter": "SPACE"}, "a b\n1 2\n", [{"a": "1", "b": "2"}]),
    ({"CSVDelimiter": "TAB"}, "a\tb\n1\t2\n", [{"a": "1", "b": "2"}]),
    (
        {"CSVDelimiter": "COMMA"},
        "a,b\r\n1,2\r\n\r\n3,4",
        [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}],
    ),
    ({}, 'a,b\n"x,y","say ""hi"""\n', [{"a": "x,y", "b": 'say "hi"'}]),  # C6
    ({}, 'a,b\n"line\nbreak",2\n', [{"a": "line\nbreak", "b": "2"}]),
    (
        {},
        "p,s\nC:\\\\Program Files\\\\App.exe,6\n",
        [{"p": "C:\\Program Files\\App.exe", "s": "6"}],
    ),
    ({}, "a,b\nx\\,y,z\n", [{"a": "x,y", "b": "z"}]),  # C7: an escaped delimiter
    ({}, 'a\nq\\"\\"t\n', [{"a": 'q""t'}]),  # C7: escaped quotes
    ({}, "a\n\\n\\t\n", [{"a": "nt"}]),  # C7: dropped before other characters
    ({"CSVDelimiter": "PIPE"}, "a|b\nx\\|y|z\n", [{"a": "x|y", "b": "z"}]),
    ({}, "a,b,c\n1\n", [{"a": "1", "b": "", "c": ""}]),  # C8
    ({}, "a\n1,2,3\n", [{"a": "1"}]),  # C9
    ({}, "a,a\n1,2\n", "CSV headers cannot contain duplicates."),
    ({}, "0,True,{}\nx,y,z\n", [{"0": "x", "{}": "z", "True": "y"}]),  # C10
]


@pytest.mark.parametrize(("fields", "text", "expected"), CSV)
def test_csv_rules(fields: dict[str, Any], text: str, expected: Any) -> None:
    reader = get_object("f.csv", InputType="CSV", **fields)
    if isinstance(expected, str):
        assert failure(reader, {"f.csv": text}) == (READER_FAILED, expected)
    else:
        out = items(reader, {"f.csv": text})
        assert out == expected
        assert [list(i) for i in out] == [list(i) for i in expected]


def test_a_100000_row_csv() -> None:
    rows = 100_000
    text = "id,name,note\n" + "".join(f'{i},name {i},"a, ""quoted"" {i}"\n' for i in range(rows))
    reader = get_object("big.csv", InputType="CSV")
    # Each batch's child execution reports its size and its first and last items (the whole
    # output would pass the 256 KiB payload limit).
    summary = {
        "Each": {
            "Type": "Pass",
            "Parameters": {
                "n.$": "States.ArrayLength($.Items)",
                "first.$": "$.Items[0]",
                "last.$": "$.Items[-1:]",
            },
            "End": True,
        }
    }
    started = time.perf_counter()
    ex = read(
        reader,
        {"big.csv": text},
        processor=summary,
        ItemBatcher={"MaxItemsPerBatch": 25_000},
        ItemSelector={"id.$": "$$.Map.Item.Value.id", "note.$": "$$.Map.Item.Value.note"},
    )
    elapsed = time.perf_counter() - started
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert [b["n"] for b in ex.output] == [25_000] * 4
    assert ex.output[0]["first"] == {"id": "0", "note": 'a, "quoted" 0'}
    assert ex.output[-1]["last"] == [{"id": str(rows - 1), "note": f'a, "quoted" {rows - 1}'}]
    assert elapsed < 20, elapsed


# -- B1-B3: ItemBatcher ---------------------------------------------------------------------

BATCHER = [
    # (ItemBatcher, items, batches' item counts or the failure cause)
    ({"MaxItemsPerBatch": 2}, [1, 2, 3], [2, 1]),
    # {"Items":["aaaa","bbbb"]} is 25 bytes.
    ({"MaxInputBytesPerBatch": 25}, ["aaaa", "bbbb", "cccc"], [2, 1]),
    ({"MaxInputBytesPerBatch": 24}, ["aaaa", "bbbb", "cccc"], [1, 1, 1]),
    ({"MaxInputBytesPerBatch": 5}, ["a very long item"], [1]),
    ({"MaxItemsPerBatch": 0}, [1], "field MaxItemsPerBatch must be positive"),
]


@pytest.mark.parametrize(("batcher", "values", "expected"), BATCHER)
def test_b_item_batcher(batcher: dict[str, Any], values: list[Any], expected: Any) -> None:
    services = s3({"f.json": json.dumps(values)})
    definition = distributed_map(
        ItemReader=get_object("f.json", InputType="JSON"), ItemBatcher=batcher
    )
    ex = sfnsim.run(definition, {}, services=services)
    if isinstance(expected, str):
        assert (ex.status, ex.error) == ("FAILED", "States.Runtime")
        assert (ex.cause or "").endswith(expected)
    else:
        assert [len(b["Items"]) for b in ex.output] == expected


def test_b3_batch_input() -> None:
    services = s3({"f.json": "[1,2]"})
    definition = distributed_map(
        ItemReader=get_object("f.json", InputType="JSON"),
        ItemBatcher={"MaxItemsPerBatch": 5, "BatchInput": {"run.$": "$.run"}},
    )
    ex = sfnsim.run(definition, {"run": 7}, services=services)
    assert ex.output == [{"BatchInput": {"run": 7}, "Items": [1, 2]}]


JSONATA_BATCHER = [
    # (MaxItems, MaxItemsPerBatch, items, batches' item lists): B1/B4 with D11, MaxItems first
    (0, 2, ["a", "b", "c"], [["a", "b"], ["c"]]),
    (3, 2, ["a", "b", "c", "d", "e"], [["a", "b"], ["c"]]),
    (2, 5, ["a", "b", "c"], [["a", "b"]]),
]


@pytest.mark.parametrize(("max_items", "per_batch", "values", "expected"), JSONATA_BATCHER)
def test_b_jsonata_item_batcher_after_max_items(
    max_items: int, per_batch: int, values: list[Any], expected: list[list[Any]]
) -> None:
    """B1-B3 in JSONata: the batcher's fields are expressions over the state's input,
    BatchInput may read the context object, and ReaderConfig.MaxItems cuts the items before
    they are batched."""
    services = s3({"f.json": json.dumps(values)})
    definition = distributed_map(
        ItemReader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON", "MaxItems": max_items},
            "Arguments": {"Bucket": "data", "Key": "{% $states.input.key %}"},
        },
        ItemBatcher={
            "MaxItemsPerBatch": "{% $states.input.per %}",
            "MaxInputBytesPerBatch": "{% $states.input.bytes %}",
            "BatchInput": {"state": "{% $states.context.State.Name %}"},
        },
    )
    definition["QueryLanguage"] = "JSONata"
    state_input = {"key": "f.json", "per": per_batch, "bytes": 1000}
    ex = sfnsim.run(definition, state_input, services=services)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert ex.output == [{"BatchInput": {"state": "Files"}, "Items": b} for b in expected]


# -- W1-W8: ResultWriter --------------------------------------------------------------------

FAILING_ON_NEGATIVES = {
    "Each": {
        "Type": "Choice",
        "Choices": [{"Variable": "$", "NumericLessThan": 0, "Next": "Fail"}],
        "Default": "Done",
    },
    "Fail": {"Type": "Fail", "Error": "Negative", "Cause": "below zero"},
    "Done": {"Type": "Pass", "End": True},
}


def write(
    values: list[Any], config: dict[str, Any] | None, **fields: Any
) -> tuple[Any, dict[str, str]]:
    services = s3({})
    services.s3.create_bucket("out")
    writer: dict[str, Any] = {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "out", "Prefix": "runs"},
    }
    if config is not None:
        writer["WriterConfig"] = config
    definition = distributed_map(ResultWriter=writer, **fields)
    ex = sfnsim.run(definition, values, services=services)
    return ex, services.s3.objects.get("out", {})


def manifest_and_files(ex: Any, objects: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    (manifest_key,) = [k for k in objects if k.endswith("/manifest.json")]
    manifest = json.loads(objects[manifest_key])
    files = {
        status: objects[f["Key"]]
        for status, listed in manifest["ResultFiles"].items()
        for f in listed
    }
    for listed in manifest["ResultFiles"].values():
        for f in listed:
            assert f["Size"] == len(objects[f["Key"]].encode())
    return manifest, files


WRITER_CONFIGS = [
    # (WriterConfig, the SUCCEEDED file's entries (parsed), file name suffix)
    (None, "NONE", ".json"),
    ({"Transformation": "NONE", "OutputType": "JSON"}, "NONE", ".json"),
    ({"Transformation": "COMPACT"}, [[1, 2], 3], ".json"),
    ({"Transformation": "FLATTEN"}, [1, 2, 3], ".json"),
    ({"Transformation": "COMPACT", "OutputType": "JSONL"}, [[1, 2], 3], ".jsonl"),
    ({"Transformation": "FLATTEN", "OutputType": "JSONL"}, [1, 2, 3], ".jsonl"),
]


@pytest.mark.parametrize(("config", "expected", "suffix"), WRITER_CONFIGS)
def test_w_writer_config(config: Any, expected: Any, suffix: str) -> None:
    ex, objects = write([[1, 2], 3], config)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    manifest, files = manifest_and_files(ex, objects)
    assert ex.output["ResultWriterDetails"]["Key"].endswith("/manifest.json")
    assert (
        manifest["DestinationBucket"] == "out" and manifest["MapRunArn"] == ex.output["MapRunArn"]
    )
    (succeeded_key,) = [f["Key"] for f in manifest["ResultFiles"]["SUCCEEDED"]]
    assert succeeded_key.endswith("/SUCCEEDED_0" + suffix)
    text = files["SUCCEEDED"]
    entries = (
        [json.loads(line) for line in text.splitlines()] if suffix == ".jsonl" else json.loads(text)
    )
    if expected == "NONE":
        assert [json.loads(e["Output"]) for e in entries] == [[1, 2], 3]
        assert all(e["Status"] == "SUCCEEDED" and "ExecutionArn" in e for e in entries)
    else:
        assert entries == expected
    assert manifest["ResultFiles"]["FAILED"] == [] and manifest["ResultFiles"]["PENDING"] == []


def test_w2_tolerated_failures_are_written_to_failed_files() -> None:
    ex, objects = write(
        [1, -1, 2],
        {"Transformation": "COMPACT"},
        ToleratedFailureCount=1,
        processor=FAILING_ON_NEGATIVES,
    )
    assert ex.status == "SUCCEEDED"
    _, files = manifest_and_files(ex, objects)
    assert json.loads(files["SUCCEEDED"]) == [1, 2]
    (failed,) = json.loads(files["FAILED"])
    assert (failed["Status"], failed["Error"], failed["Cause"]) == (
        "FAILED",
        "Negative",
        "below zero",
    )
    assert failed["Input"] == "-1"


def test_w3_a_failed_run_still_writes_its_results() -> None:
    ex, objects = write([-1, 1], None, processor=FAILING_ON_NEGATIVES, MaxConcurrency=1)
    assert (ex.status, ex.error) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    manifest, files = manifest_and_files(ex, objects)
    (failed,) = json.loads(files["FAILED"])
    assert failed["Error"] == "Negative"
    # The second item never started.
    assert [json.loads(p["Input"]) for p in json.loads(files["PENDING"])] == [1]


WITHOUT_RESOURCE = [
    ({"Transformation": "COMPACT", "OutputType": "JSON"}, [[1, 2], 3]),
    ({"Transformation": "FLATTEN", "OutputType": "JSON"}, [1, 2, 3]),
]


@pytest.mark.parametrize(("config", "expected"), WITHOUT_RESOURCE)
def test_w8_writer_config_alone_formats_the_maps_result(config: Any, expected: Any) -> None:
    definition = distributed_map(ResultWriter={"WriterConfig": config})
    ex = sfnsim.run(definition, [[1, 2], 3])
    assert (ex.status, ex.output) == ("SUCCEEDED", expected)


def test_w7_unknown_writer_config_values_are_rejected() -> None:
    for config in ({"OutputType": "CSV"}, {"Transformation": "SQUASH"}):
        definition = distributed_map(
            ResultWriter={
                "Resource": "arn:aws:states:::s3:putObject",
                "Parameters": {"Bucket": "b"},
                "WriterConfig": config,
            }
        )
        with pytest.raises(sfnsim.InvalidDefinition):
            sfnsim.run(definition, [])


# -- M1, M2: map runs -----------------------------------------------------------------------


def test_m2_describe_map_run_counts_items_and_child_executions() -> None:
    services = s3({"f.json": "[1,2,3,4,5]"})
    sfn = sfnsim.client(services=services)
    definition = distributed_map(
        ItemReader=get_object("f.json", InputType="JSON"), ItemBatcher={"MaxItemsPerBatch": 2}
    )
    arn = sfn.create_state_machine(
        name="m", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/r"
    )["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    (run,) = sfn.list_map_runs(executionArn=execution)["mapRuns"]
    assert ":stateMachine:m/" in run["stateMachineArn"]
    described = sfn.describe_map_run(mapRunArn=run["mapRunArn"])
    assert described["status"] == "SUCCEEDED"
    zero = {"pending": 0, "running": 0, "failed": 0, "timedOut": 0, "aborted": 0}
    assert described["itemCounts"] == {**zero, "succeeded": 5, "total": 5, "resultsWritten": 5}
    assert described["executionCounts"] == {
        **zero,
        "succeeded": 3,
        "total": 3,
        "resultsWritten": 3,
    }
