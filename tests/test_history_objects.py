"""``ex.history`` is built as Python objects in C++ (bindings/history_objects.cpp) from the same
field rule (engine/history_render.h) that gives GetExecutionHistory its JSON: the two roads must
give the same events, timestamps included, for every kind of event."""

from __future__ import annotations

import gc
import json
import time
from typing import Any

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"
ITEMS = {"items": [1, "x\u00e9", {"a": [None, 1.5e7]}]}

# Shapes that between them record every family of event the engine writes without a service:
# Parallel, Map iterations, Wait across a day, Assign's assignedVariables, Fail and Choice
# failures, EvaluationFailed, Succeed.
DEFINITIONS: dict[str, dict[str, Any]] = {
    "parallel_map_wait_assign": {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "A",
                        "States": {"A": {"Type": "Pass", "Assign": {"v": 1}, "End": True}},
                    },
                    {
                        "StartAt": "M",
                        "States": {
                            "M": {
                                "Type": "Map",
                                "ItemsPath": "$.items",
                                "ItemProcessor": {
                                    "StartAt": "W",
                                    "States": {
                                        "W": {"Type": "Wait", "Seconds": 90000, "End": True}
                                    },
                                },
                                "End": True,
                            }
                        },
                    },
                ],
                "Next": "S",
            },
            "S": {"Type": "Succeed"},
        },
    },
    "fail_in_branch": {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}
                ],
                "End": True,
            }
        },
    },
    "choice_matches_nothing": {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "D"}],
            },
            "D": {"Type": "Succeed"},
        },
    },
    "jsonata_evaluation_failed": {
        "QueryLanguage": "JSONata",
        "StartAt": "J",
        "States": {"J": {"Type": "Pass", "Output": "{% $undefinedfn() %}", "End": True}},
    },
}


def _comparable(events: list[dict[str, Any]]) -> str:
    """The events as text, key order kept; times as offsets from the first event (the client
    runs on the wall clock) and the role left out (run() names its own)."""
    first = events[0]["timestamp"]
    out = []
    for original in events:
        event = dict(original, timestamp=(original["timestamp"] - first).total_seconds())
        started = event.get("executionStartedEventDetails")
        if started is not None:
            event["executionStartedEventDetails"] = {
                k: v for k, v in started.items() if k != "roleArn"
            }
        out.append(event)
    return json.dumps(out)


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_history_objects_match_the_api_json(name: str) -> None:
    definition = DEFINITIONS[name]
    client = sfnsim.client()
    machine = client.create_state_machine(
        name="m", definition=json.dumps(definition), roleArn=ROLE
    )["stateMachineArn"]
    arn = client.start_execution(stateMachineArn=machine, input=json.dumps(ITEMS))["executionArn"]
    deadline = time.monotonic() + 10
    while client.describe_execution(executionArn=arn)["status"] == "RUNNING":
        assert time.monotonic() < deadline, "the execution did not finish"
        time.sleep(0.01)
    api = client.get_execution_history(executionArn=arn, maxResults=1000)["events"]
    direct = list(sfnsim.run(definition, ITEMS).history)
    assert _comparable(direct) == _comparable(api)
    assert all(e["timestamp"].tzinfo is not None for e in direct)


def test_events_stay_out_of_the_cyclic_collector_until_they_could_hold_a_cycle() -> None:
    """The events' dicts hold only texts, numbers and each other: the binding leaves them out of
    Python's cyclic collector (a 40,000-event history made each collection walk 80,000 dicts),
    and CPython tracks a dict again once something that can hold references is stored in it."""
    states = {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": True}}
    history = sfnsim.run({"StartAt": "A", "States": states}, {"a": [1]}).history
    assert [gc.is_tracked(event) for event in history] == [False] * len(history)
    entered = history[1]["stateEnteredEventDetails"]
    assert not gc.is_tracked(entered)
    entered["kept"] = []
    assert gc.is_tracked(entered)
    # The output of A is B's input: one value, one text; each event keeps dicts of its own.
    exited, next_entered = (
        history[2]["stateExitedEventDetails"],
        history[3]["stateEnteredEventDetails"],
    )
    assert exited["output"] == next_entered["input"] == '{"a":[1]}'
    assert exited["outputDetails"] is not next_entered["inputDetails"]
