"""The replay's repair of recordings whose calls share one mutated parameter object
(api_harness.restore_mutated_logging), checked on made-up scenarios."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("boto3")

from .api_harness import Call, restore_mutated_logging  # noqa: E402

ARN = "arn:aws:states:us-east-1:111111111111:stateMachine:"
GROUP = "arn:aws:logs:us-east-1:111111111111:log-group:g:*"
ONE = {
    "level": "ERROR",
    "includeExecutionData": True,
    "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": GROUP}}],
}
TWO = {"level": "ALL", "includeExecutionData": False, "destinations": ONE["destinations"] * 2}
SHOWN_ONE = {
    "level": "ERROR",
    "includeExecutionData": True,
    "destinations": [
        {
            "cloudWatchLogsLogGroup": {
                "logGroupArn": "arn:<partition>:logs:<region>:111111111111:log-group:g:*"
            }
        }
    ],
}
AS_SENT = {
    **SHOWN_ONE,
    "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": {"$stub": "logs log group"}}}],
}


def create(name: str, logging: dict[str, Any], raised: bool = False) -> Call:
    return Call(
        0, "create_state_machine", {"name": name, "loggingConfiguration": logging}, raised=raised
    )


def update(name: str, logging: dict[str, Any], raised: bool = False) -> Call:
    params = {"stateMachineArn": ARN + name, "loggingConfiguration": logging}
    return Call(0, "update_state_machine", params, raised=raised)


def describe(name: str, shown: dict[str, Any] | None) -> Call:
    recorded = {"name": name} if shown is None else {"name": name, "loggingConfiguration": shown}
    return Call(
        0,
        "describe_state_machine",
        {"stateMachineArn": ARN + name},
        expected=[{"marker": "api", "recorded": recorded}],
    )


# (calls, index of the call looked at, the loggingConfiguration it is replayed with)
CASES = {
    "create carrying a later mutation takes what the next describe shows": (
        [create("m", TWO), describe("m", SHOWN_ONE)],
        0,
        AS_SENT,
    ),
    "update carrying a later mutation takes what the next describe shows": (
        [update("m", TWO), describe("m", SHOWN_ONE)],
        0,
        AS_SENT,
    ),
    "a refused update in between changes nothing": (
        [create("m", TWO), update("m", TWO, raised=True), describe("m", SHOWN_ONE)],
        0,
        AS_SENT,
    ),
    "an accepted change in between: the describe is not about this call": (
        [create("m", TWO), update("m", ONE), describe("m", SHOWN_ONE)],
        0,
        TWO,
    ),
    "a describe of another machine is not about this call": (
        [create("m", TWO), describe("other", SHOWN_ONE)],
        0,
        TWO,
    ),
    "a describe without logging leaves the call as recorded": (
        [create("m", TWO), describe("m", None)],
        0,
        TWO,
    ),
    "a refused call keeps its parameters": (
        [create("m", TWO, raised=True), describe("m", SHOWN_ONE)],
        0,
        TWO,
    ),
    "a name that only ends like another is another machine": (
        [create("m", TWO), describe("xm", SHOWN_ONE)],
        0,
        TWO,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_restore_mutated_logging(name: str) -> None:
    calls, index, expected = CASES[name]
    restore_mutated_logging(calls)
    assert calls[index].params["loggingConfiguration"] == expected
