"""Which closed executions a client keeps (issue 13, items 11 and 12): AWS's model (Standard
executions describable for 90 days, none of a deleted state machine's), an optional bound on
their number, and ListExecutions pages that stay right while executions come and go."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim
from callback_support import CALLBACK

ROLE = "arn:aws:iam::123456789012:role/r"
PASS = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def create(sfn: Any, definition: Any = PASS, name: str = "m") -> str:
    return sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]


def start(sfn: Any, arn: str, n: int) -> list[str]:
    return [sfn.start_execution(stateMachineArn=arn)["executionArn"] for _ in range(n)]


def exists(sfn: Any, execution: str) -> bool:
    try:
        sfn.describe_execution(executionArn=execution)
        return True
    except sfn.exceptions.ExecutionDoesNotExist:
        return False


def listed(sfn: Any, arn: str, **kwargs: Any) -> list[str]:
    out: list[str] = []
    token = None
    while True:
        extra = {"nextToken": token} if token else {}
        page = sfn.list_executions(stateMachineArn=arn, **kwargs, **extra)
        out += [e["executionArn"] for e in page["executions"]]
        token = page.get("nextToken")
        if not token:
            return out


def test_keep_executions_bounds_the_closed_ones_kept_first_closed_first_gone() -> None:
    sfn = sfnsim.client(keep_executions=3)
    arn = create(sfn)
    executions = start(sfn, arn, 5)
    assert [exists(sfn, e) for e in executions] == [False, False, True, True, True]
    assert listed(sfn, arn) == executions[:1:-1]
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.get_execution_history(executionArn=executions[0])


def test_running_executions_are_never_dropped() -> None:
    sfn = sfnsim.client(keep_executions=1)
    waiting = start(sfn, create(sfn, CALLBACK, "cb"), 3)
    done = start(sfn, create(sfn), 3)
    assert all(exists(sfn, e) for e in waiting)
    assert [exists(sfn, e) for e in done] == [False, False, True]


def test_a_deleted_state_machine_takes_its_executions_with_it() -> None:
    sfn = sfnsim.client()
    arn = create(sfn)
    closed = start(sfn, arn, 2)
    callback_arn = create(sfn, CALLBACK, "cb")
    running = start(sfn, callback_arn, 1)[0]
    sfn.delete_state_machine(stateMachineArn=arn)
    sfn.delete_state_machine(stateMachineArn=callback_arn)
    assert not any(exists(sfn, e) for e in closed)
    # Still running: describable until it ends (AWS deletes it at its next transition).
    assert exists(sfn, running)
    sfn.stop_execution(executionArn=running)
    assert not exists(sfn, running)
    # A new state machine of the same name starts with no executions.
    again = create(sfn)
    assert again == arn and listed(sfn, again) == []


def test_closed_executions_are_kept_for_the_retention_period() -> None:
    clock = sfnsim.ManualClock()
    sfn = sfnsim.client(clock=clock)
    arn = create(sfn)
    old = start(sfn, arn, 1)[0]
    clock.advance(days=89)
    start(sfn, arn, 1)
    assert exists(sfn, old)
    clock.advance(days=2)
    start(sfn, arn, 1)  # an execution closing is when the oldest are let go
    assert not exists(sfn, old)


def test_list_executions_pages_cover_every_execution_once_newest_first() -> None:
    sfn = sfnsim.client(keep_executions=1500)
    arn = create(sfn)
    executions = start(sfn, arn, 2000)
    everything = listed(sfn, arn, maxResults=7)
    assert everything == executions[::-1][:1500]
    first = sfn.list_executions(stateMachineArn=arn, maxResults=100)
    assert [e["executionArn"] for e in first["executions"]] == executions[::-1][:100]
    # A page boundary stays put while executions are added and dropped.
    start(sfn, arn, 50)
    second = sfn.list_executions(stateMachineArn=arn, maxResults=100, nextToken=first["nextToken"])
    assert [e["executionArn"] for e in second["executions"]] == executions[::-1][100:200]
    assert listed(sfn, arn, statusFilter="FAILED") == []
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.list_executions(stateMachineArn=arn, nextToken="bm90IGEgdG9rZW4=")


def test_keep_executions_is_checked() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        sfnsim.client(keep_executions=0)
    with pytest.raises(ValueError, match="sharing an engine"):
        sfnsim.client(engine=sfnsim.Engine(), keep_executions=5)
