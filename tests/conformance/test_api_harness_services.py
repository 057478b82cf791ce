"""The replay gives a scenario that needs S3 the in-memory S3, with the objects its test put
there (api_harness.faked_services, set_up_services), checked on a made-up scenario."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("boto3")

from .api_harness import Replay, calls_of, faked_services  # noqa: E402
from .harness import compare_module  # noqa: E402

ROLE = "arn:aws:iam::111111111111:role/r"
READER = {
    "StartAt": "M",
    "States": {
        "M": {
            "Type": "Map",
            "ItemReader": {
                "Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                "Parameters": {"Bucket": "b", "Key": "k.csv"},
            },
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P",
                "States": {"P": {"Type": "Pass", "End": True}},
            },
            "End": True,
        }
    },
}


def scenario(setup: list[dict[str, Any]], needs: list[str]) -> dict[str, Any]:
    return {
        "id": "made-up#api_scenario",
        "kind": "api_scenario",
        "needs": needs,
        "test_setup_calls": setup,
        "calls": [
            {
                "n": 0,
                "op": "create_state_machine",
                "params": {"name": "sm", "definition": json.dumps(READER), "roleArn": ROLE},
            },
            {
                "n": 1,
                "op": "start_execution",
                "params": {
                    "stateMachineArn": {
                        "$marker": {
                            "kind": "field",
                            "parent": {"kind": "api", "call": 0},
                            "key": "stateMachineArn",
                        }
                    }
                },
            },
        ],
    }


PUT = {"service": "s3", "op": "put_object", "params": {"Bucket": "b", "Key": "k.csv"}}


@pytest.mark.parametrize(
    ("setup", "status", "items"),
    [
        ([{**PUT, "params": {**PUT["params"], "Body": "a,b\n1,2\n3,4\n"}}], "SUCCEEDED", 2),
        ([], "FAILED", 0),  # no object: the reader fails (States.ItemReaderFailed)
    ],
)
def test_a_scenario_that_needs_s3_reads_the_objects_its_test_put(
    setup: list[dict[str, Any]], status: str, items: int
) -> None:
    case = scenario(setup, ["s3"])
    replay = Replay(compare_module(), case=case)
    for call in calls_of(case):
        replay.run(call)
    started = replay.results[1].response
    assert started is not None
    client = replay.client
    assert client.describe_execution(executionArn=started["executionArn"])["status"] == status
    (run,) = client.list_map_runs(executionArn=started["executionArn"])["mapRuns"]
    counts = client.describe_map_run(mapRunArn=run["mapRunArn"])["itemCounts"]
    assert counts["total"] == items


def test_only_s3_is_faked() -> None:
    assert faked_services(scenario([], ["sqs"])) is None
    assert faked_services(scenario([], ["s3", "lambda"])) == ["s3"]
    assert faked_services(None) is None
