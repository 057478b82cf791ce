"""Deterministic executions for the rendering tests (fixed names, start time and seed; no
generated request ids)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sfnsim
from sfnsim.tasks import TaskFailed

from .definitions import ORDER

START = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)

PIPELINE = {
    "Comment": "Nightly ETL",
    "StartAt": "List files",
    "States": {
        "List files": {
            "Type": "Task",
            "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "Parameters": {"Bucket": "raw-data"},
            "ResultSelector": {"keys.$": "$.Contents[*].Key"},
            "Next": "Each file",
        },
        "Each file": {
            "Type": "Map",
            "ItemsPath": "$.keys",
            "MaxConcurrency": 2,
            "ItemProcessor": {
                "StartAt": "Transform",
                "States": {
                    "Transform": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::glue:startJobRun.sync",
                        "Parameters": {"JobName": "transform", "Arguments": {"--key.$": "$"}},
                        "Retry": [
                            {
                                "ErrorEquals": ["Glue.ConcurrentRunsExceededException"],
                                "IntervalSeconds": 30,
                                "MaxAttempts": 2,
                            }
                        ],
                        "End": True,
                    }
                },
            },
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Alert"}],
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
        "Alert": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {
                "TopicArn": "arn:aws:sns:us-east-1:123456789012:etl",
                "Message.$": "$.error",
            },
            "Next": "Failed",
        },
        "Failed": {"Type": "Fail", "Error": "EtlFailed"},
    },
}


def run(definition: Any, input: Any, name: str, **kwargs: Any) -> sfnsim.Execution:
    return sfnsim.run(definition, input, name=name, start_time=START, seed=1, **kwargs)


def order_ok() -> sfnsim.Execution:
    attempts = {"n": 0}

    def charge(event: Any) -> Any:
        attempts["n"] += 1
        if attempts["n"] < 3:
            raise TaskFailed("Throttled", "slow down")
        return event

    return run(
        ORDER,
        {"amount": 1500, "currency": "EUR", "items": []},
        "order-ok",
        tasks={
            "arn:aws:states:::lambda:invoke": charge,
            "arn:aws:states:::sns:publish": lambda p: {"MessageId": "m-1"},
        },
    )


def pipeline(fail_key: str | None = None, files: int = 4) -> sfnsim.Execution:
    keys = [f"2024/05/01/part-{i:04d}.csv" for i in range(files)]
    retried: set[str] = set()

    def transform(params: Any) -> Any:
        key = params["Arguments"]["--key"]
        if key == fail_key:
            raise TaskFailed("Glue.EntityNotFoundException", f"no table for {key}")
        if key.endswith("1.csv") and key not in retried:
            retried.add(key)
            raise TaskFailed("Glue.ConcurrentRunsExceededException", "too many runs")
        return {"JobRunState": "SUCCEEDED", "Key": key}

    return run(
        PIPELINE,
        {},
        "etl-" + ("fail" if fail_key else "ok"),
        tasks={
            "arn:aws:states:::aws-sdk:s3:listObjectsV2": lambda p: {
                "Contents": [{"Key": k} for k in keys]
            },
            "arn:aws:states:::glue:startJobRun.sync": transform,
            "arn:aws:states:::sns:publish": lambda p: {"MessageId": "alert-1"},
        },
    )


def big_map(n: int = 10000) -> sfnsim.Execution:
    definition = {
        "StartAt": "Fan out",
        "States": {
            "Fan out": {
                "Type": "Map",
                "MaxConcurrency": 40,
                "End": True,
                "ItemProcessor": {
                    "StartAt": "Work",
                    "States": {
                        "Work": {"Type": "Pass", "Next": "Pause"},
                        "Pause": {"Type": "Wait", "SecondsPath": "$.wait", "End": True},
                    },
                },
            }
        },
    }
    # Six events an iteration: 10,000 inline iterations outgrow a Standard execution's 25,000
    # events on AWS, so the big map runs as Express (five minutes at most, no event limit).
    return run(
        definition,
        [{"id": i, "wait": 1 if i % 7 == 0 else 0} for i in range(n)],
        f"map-{n}",
        state_machine_type="EXPRESS",
    )
