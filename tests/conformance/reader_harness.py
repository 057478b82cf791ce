"""Replays recorded Distributed Map cases whose items come from S3 (ItemReader) or whose results
go there (ResultWriter).

The recordings set their buckets up with ``test_setup_calls`` (``put_object``). Here a small
in-memory bucket store stands behind ``sfnsim.Mocks`` resource entries, the way a user would
mock the reader's and writer's S3 requests: ``s3:getObject`` answers with the object's
``Body``, ``s3:listObjectsV2`` lists keys in pages, ``s3:putObject`` stores.
"""

from __future__ import annotations

import json
from typing import Any

import sfnsim

from .harness import Outcome, snapshot_form
from .service_harness import _start_time
from .simultaneous import aligned

READER_FEATURES = {"map:ItemReader", "map:ItemBatcher", "map:ResultWriter"}
GET_OBJECT = "arn:aws:states:::s3:getObject"
LIST_OBJECTS = "arn:aws:states:::s3:listObjectsV2"
PUT_OBJECT = "arn:aws:states:::s3:putObject"
PAGE_SIZE = 1000  # S3's own page size


def is_reader_case(case: dict[str, Any]) -> bool:
    return case["kind"] in ("execution", "sync_execution") and bool(
        READER_FEATURES & set(case.get("features") or [])
    )


class Buckets:
    """Objects by (bucket, key), answering the reader's and writer's requests."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], str] = {}

    def put(self, params: dict[str, Any]) -> dict[str, Any]:
        body = params.get("Body", "")
        if isinstance(body, bytes):
            body = body.decode()
        elif not isinstance(body, str):
            body = json.dumps(body)
        self.objects[(str(params["Bucket"]), str(params["Key"]))] = body
        return {"ETag": '"sfnsim"'}

    def get(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (str(params.get("Bucket")), str(params.get("Key")))
        if key not in self.objects:
            raise sfnsim.TaskFailed("S3.NoSuchKeyException", "The specified key does not exist.")
        body = self.objects[key]
        return {"Body": body, "ContentLength": len(body.encode()), "ContentType": "text/plain"}

    def list(self, params: dict[str, Any]) -> dict[str, Any]:
        bucket, prefix = str(params.get("Bucket")), str(params.get("Prefix") or "")
        keys = sorted(k for b, k in self.objects if b == bucket and k.startswith(prefix))
        start = int(params.get("ContinuationToken") or 0)
        page = keys[start : start + PAGE_SIZE]
        listing: dict[str, Any] = {
            "Contents": [
                {
                    "Key": k,
                    "LastModified": "2024-01-01T00:00:00Z",
                    "ETag": '"sfnsim"',
                    "Size": len(self.objects[(bucket, k)].encode()),
                    "StorageClass": "STANDARD",
                }
                for k in page
            ],
            "IsTruncated": start + PAGE_SIZE < len(keys),
            "KeyCount": len(page),
        }
        if listing["IsTruncated"]:
            listing["NextContinuationToken"] = str(start + PAGE_SIZE)
        return listing

    def mocks(self) -> sfnsim.Mocks:
        mocks = sfnsim.Mocks()
        mocks.resource(GET_OBJECT).handler(self.get)
        mocks.resource(LIST_OBJECTS).handler(self.list)
        mocks.resource(PUT_OBJECT).handler(self.put)
        return mocks


def buckets_of(case: dict[str, Any]) -> Buckets:
    buckets = Buckets()
    for call in case.get("test_setup_calls") or []:
        if call.get("service") == "s3" and call.get("op") == "put_object":
            buckets.put(call["params"])
    return buckets


def run_reader_case(case: dict[str, Any], compare: Any) -> Outcome:
    machine = case.get("state_machine_name") or "StateMachine"
    state_machine_type = case.get("state_machine_type") or (
        "EXPRESS" if case["kind"] == "sync_execution" else "STANDARD"
    )
    definition = case["definition"]
    text = definition if isinstance(definition, str) else json.dumps(definition)
    text = text.replace("arn:<partition>:", "arn:aws:")
    try:
        ex = sfnsim.run(
            text,
            input_json=case.get("input_raw") or json.dumps(case.get("input") or {}),
            name=case.get("execution_name") or None,
            state_machine_name=machine,
            state_machine_type=state_machine_type,
            account_id=compare.ACCOUNT_ID,
            region=compare.REGION,
            start_time=_start_time(case),
            seed=0,
            mocks=buckets_of(case).mocks(),
        )
    except sfnsim.InvalidDefinition as exc:
        return Outcome(False, [f"InvalidDefinition: {exc}"])
    except sfnsim.InvalidExecutionInput as exc:
        return Outcome(False, [f"InvalidExecutionInput: {exc}"])
    ok, reasons = compare.result_matches_case(
        case, ex.status, ex.output, ex.error, snapshot_form(ex.cause)
    )
    if case.get("expected_history") and state_machine_type == "STANDARD":
        raw = [dict(e, timestamp=e["timestamp"].timestamp()) for e in ex.history]
        hok, hreasons = compare.history_matches_case(aligned(case, raw), raw)
        ok, reasons = ok and hok, reasons + hreasons
    return Outcome(ok, reasons)
