"""``sfnsim.run(..., progress=True)`` and ``sfnsim run --progress``: a bar per Map state with
items ended, failed and in flight, read from the engine's counters (docs/executors.md). The
counters themselves are checked on the engine (cpp/tests/test_engine_map_progress.cpp); here:
what reaches the bars, that the history does not change, and the missing extra."""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim.cli import main

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"
START = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def map_of(name: str, max_concurrency: int, processor: dict[str, Any]) -> dict[str, Any]:
    return {
        "Type": "Map",
        "MaxConcurrency": max_concurrency,
        "ItemProcessor": processor,
        "End": True,
    }


WORK = {
    "StartAt": "Work",
    "States": {"Work": {"Type": "Task", "Resource": LAMBDA + "f", "End": True}},
}
# The item 7 fails its task, caught: the iteration ends in Skip, successfully.
CAUGHT = {
    "StartAt": "Work",
    "States": {
        "Work": {
            "Type": "Task",
            "Resource": LAMBDA + "f",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Skip"}],
            "End": True,
        },
        "Skip": {"Type": "Pass", "Result": "skipped", "End": True},
    },
}


def work(event: Any) -> Any:
    if event == 7:
        raise ValueError("seven")
    time.sleep(0.005)
    return event


class Recorder:
    """A stand-in for tqdm's class: every bar made, and what each showed at each refresh."""

    bars: list[Recorder] = []

    def __init__(self, total: int, desc: str, **_: Any) -> None:
        self.total, self.desc, self.n = total, desc, 0
        self.postfix: dict[str, Any] = {}
        self.shown: list[tuple[int, int, int, int]] = []  # n, total, failed, running
        self.closed = False
        Recorder.bars.append(self)

    def set_postfix(self, refresh: bool = True, **values: Any) -> None:
        self.postfix = values

    def refresh(self) -> None:
        self.shown.append((self.n, self.total, self.postfix["failed"], self.postfix["running"]))

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[Recorder]:
    Recorder.bars = []
    monkeypatch.setattr("sfnsim.progress.tqdm_class", lambda: Recorder)
    return Recorder


def test_the_bars_follow_the_engine_and_the_history_does_not_change(
    recorder: type[Recorder],
) -> None:
    definition = {"StartAt": "Each", "States": {"Each": map_of("Each", 4, CAUGHT)}}
    items = list(range(40))
    args: dict[str, Any] = {"tasks": {"f": work}, "name": "p", "seed": 1, "start_time": START}
    with ThreadPoolExecutor(4) as threads:
        shown = sfnsim.run(definition, items, executor=threads, progress=True, **args)
        plain = sfnsim.run(definition, items, executor=threads, **args)
    assert shown.status == "SUCCEEDED" and shown.output[7] == "skipped"
    assert json.dumps(shown.history, default=str) == json.dumps(plain.history, default=str)

    (bar,) = recorder.bars
    assert bar.desc == "Map Each" and bar.closed
    # 40 items of 5 ms on 4 threads take some 50 ms: the bar is redrawn at least at the end;
    # in between, every 100 ms at most.
    assert bar.shown[-1] == (40, 40, 0, 0)  # a caught failure is the iteration's success
    for n, total, _, running in bar.shown:
        assert total == 40 and 0 <= running <= 4 and n + running <= total
    assert [s[0] for s in bar.shown] == sorted(s[0] for s in bar.shown)


def slow(event: Any) -> Any:
    time.sleep(0.02)
    return event


def test_bars_are_redrawn_while_the_map_runs(recorder: type[Recorder]) -> None:
    definition = {"StartAt": "Each", "States": {"Each": map_of("Each", 2, WORK)}}
    with ThreadPoolExecutor(2) as threads:
        sfnsim.run(definition, list(range(30)), tasks={"f": slow}, executor=threads, progress=True)
    (bar,) = recorder.bars
    # 15 rounds of 20 ms: some 300 ms, so a redraw every 100 ms shows the middle of the run.
    assert any(0 < n < 30 for n, *_ in bar.shown)
    assert bar.shown[-1] == (30, 30, 0, 0)


def test_failed_items_of_a_distributed_map_and_a_map_in_a_map(recorder: type[Recorder]) -> None:
    distributed = map_of(
        "Each",
        0,
        {**WORK, "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
    )
    distributed["ToleratedFailureCount"] = 3
    # State names are unique in a whole state machine.
    inner_work = {"StartAt": "Work2", "States": {"Work2": WORK["States"]["Work"]}}
    inner = {"StartAt": "Inner", "States": {"Inner": map_of("Inner", 0, inner_work)}}
    definition = {
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Each", "States": {"Each": distributed}},
                    {"StartAt": "Outer", "States": {"Outer": map_of("Outer", 0, inner)}},
                ],
                "End": True,
            }
        },
    }
    items = {"flat": list(range(10)), "nested": [[1, 2], [3, 4, 5]]}
    definition["States"]["Both"]["Branches"][0]["States"]["Each"]["ItemsPath"] = "$.flat"
    definition["States"]["Both"]["Branches"][1]["States"]["Outer"]["ItemsPath"] = "$.nested"
    ex = sfnsim.run(definition, items, tasks={"f": work}, progress=True)
    assert ex.status == "SUCCEEDED"
    final = {bar.desc: bar.shown[-1] for bar in recorder.bars}
    assert final == {
        "Distributed Map Each": (10, 10, 1, 0),  # item 7 failed, tolerated
        "Map Outer": (2, 2, 0, 0),
        "Map Inner": (5, 5, 0, 0),  # both runs of the inner Map
    }


def test_a_real_tqdm_bar_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    definition = {"StartAt": "Each", "States": {"Each": map_of("Each", 0, WORK)}}
    ex = sfnsim.run(definition, list(range(12)), tasks={"f": lambda n: n}, progress=True)
    assert ex.output == list(range(12))
    err = capsys.readouterr().err
    assert "Map Each" in err and "12/12" in err and "failed=0" in err


def test_without_tqdm_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    with pytest.raises(sfnsim.MissingExtra, match=r"sfnsim\[progress\]"):
        sfnsim.run(definition, progress=True)


def test_cli_progress_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tqdm")
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": map_of(
                "Each", 0, {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
            )
        },
    }
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    argv = ["run", str(path), "--input", "[1, 2, 3]", "--progress", "-q"]
    assert main(argv) == 0
    assert "Map Each" not in capsys.readouterr().err  # piped: no bars
    monkeypatch.setattr("sfnsim.cli.run_cmd.is_terminal", lambda stream: True)
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "Map Each" in captured.err and "3/3" in captured.err
    assert json.loads(captured.out) == [1, 2, 3]
    # Through a client (the real clock, or --mocks): the bar is the execution's.
    assert main([*argv, "--clock", "real"]) == 0
    captured = capsys.readouterr()
    assert ": Map Each" in captured.err and "3/3" in captured.err


# --- progress=True on sfnsim.client and sfnsim.mock_aws -------------------------------------

ROLE = "arn:aws:iam::123456789012:role/r"


def machine(client: Any, definition: dict[str, Any], kind: str = "STANDARD") -> str:
    created = client.create_state_machine(
        name="m", roleArn=ROLE, definition=json.dumps(definition), type=kind
    )
    return str(created["stateMachineArn"])


def without_times(events: list[dict[str, Any]]) -> str:
    return json.dumps([{k: v for k, v in e.items() if k != "timestamp"} for e in events])


def test_a_client_draws_a_bar_per_map_of_each_execution(recorder: type[Recorder]) -> None:
    definition = {"StartAt": "Each", "States": {"Each": map_of("Each", 4, CAUGHT)}}
    histories = []
    for progress in (True, False):
        client = sfnsim.client(tasks={"f": work}, progress=progress, seed=1)
        arn = machine(client, definition)
        for name, items in (("first", list(range(10))), ("second", [7, 8])):
            started = client.start_execution(
                stateMachineArn=arn, name=name, input=json.dumps(items)
            )
            events = client.get_execution_history(executionArn=started["executionArn"])
            histories.append(without_times(events["events"]))
    assert histories[:2] == histories[2:]  # the bars change nothing
    assert [(bar.desc, bar.shown[-1], bar.closed) for bar in recorder.bars] == [
        ("first: Map Each", (10, 10, 0, 0), True),
        ("second: Map Each", (2, 2, 0, 0), True),
    ]


def test_start_sync_execution_and_a_nested_child_have_their_bars(
    recorder: type[Recorder],
) -> None:
    child = {"StartAt": "Inner", "States": {"Inner": map_of("Inner", 0, WORK)}}
    client = sfnsim.client(tasks={"f": work}, services=["states"], progress=True)
    child_arn = client.create_state_machine(
        name="child", roleArn=ROLE, definition=json.dumps(child)
    )["stateMachineArn"]
    parent = {
        "StartAt": "Each",
        "States": {
            "Each": {
                **map_of("Each", 0, WORK),
                "End": False,
                "Next": "Child",
                "ResultPath": None,
            },
            "Child": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": child_arn, "Input.$": "$", "Name": "kid"},
                "End": True,
            },
        },
    }
    express = machine(
        client, {"StartAt": "Each", "States": {"Each": map_of("Each", 0, WORK)}}, "EXPRESS"
    )
    parent_arn = client.create_state_machine(
        name="parent", roleArn=ROLE, definition=json.dumps(parent)
    )["stateMachineArn"]
    done = client.start_sync_execution(stateMachineArn=express, name="sync", input="[1, 2, 3]")
    assert done["status"] == "SUCCEEDED"
    top = client.start_execution(stateMachineArn=parent_arn, name="top", input="[4, 5]")
    assert client.describe_execution(executionArn=top["executionArn"])["status"] == "SUCCEEDED"
    final = {bar.desc: (bar.shown[-1], bar.closed) for bar in recorder.bars}
    assert final == {
        "sync: Map Each": ((3, 3, 0, 0), True),
        "top: Map Each": ((2, 2, 0, 0), True),
        "kid: Map Inner": ((2, 2, 0, 0), True),  # a watched parent's child is watched
    }


def test_mock_aws_draws_the_bars_of_the_executions_boto3_starts(
    recorder: type[Recorder],
) -> None:
    boto3 = pytest.importorskip("boto3")
    definition = {"StartAt": "Each", "States": {"Each": map_of("Each", 0, WORK)}}
    with sfnsim.mock_aws(tasks={"f": work}, progress=True):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        arn = machine(sfn, definition)
        sfn.start_execution(stateMachineArn=arn, name="boto", input="[1, 2, 3, 4]")
    ((desc, last, closed),) = [(b.desc, b.shown[-1], b.closed) for b in recorder.bars]
    assert (desc, last, closed) == ("boto: Map Each", (4, 4, 0, 0), True)


# An iteration waits a second, 50 ms of real time at time_scale 0.05: a Map of 6 items one at
# a time runs some 300 ms after StartExecution has returned, on the engine's thread of timers.
WAITS = {
    "StartAt": "Each",
    "States": {
        "Each": map_of(
            "Each",
            1,
            {
                "StartAt": "Nap",
                "States": {"Nap": {"Type": "Wait", "Seconds": 1, "End": True}},
            },
        )
    },
}


def wait_for_end(client: Any, arns: list[str]) -> None:
    for arn in arns:
        while client.describe_execution(executionArn=arn)["status"] == "RUNNING":
            time.sleep(0.02)


def test_on_the_real_clock_the_bars_move_while_the_executions_run(
    recorder: type[Recorder],
) -> None:
    engine = sfnsim.Engine(clock="real", time_scale=0.05)
    client = sfnsim.client(engine=engine, progress=True)
    arn = machine(client, WAITS)
    arns = [
        client.start_execution(stateMachineArn=arn, name=name, input=json.dumps(list(range(6))))[
            "executionArn"
        ]
        for name in ("one", "two", "three")
    ]
    wait_for_end(client, arns)
    deadline = time.monotonic() + 5
    while not all(bar.closed for bar in recorder.bars) and time.monotonic() < deadline:
        time.sleep(0.02)  # the last redraw comes from the bars' thread, within 100 ms
    # Many executions at once: a bar each, labelled with the execution's name.
    assert sorted(bar.desc for bar in recorder.bars) == [
        "one: Map Each",
        "three: Map Each",
        "two: Map Each",
    ]
    for bar in recorder.bars:
        assert bar.closed and bar.shown[-1] == (6, 6, 0, 0)
        assert any(0 < n < 6 for n, *_ in bar.shown), bar.shown  # drawn while it ran
        assert [s[0] for s in bar.shown] == sorted(s[0] for s in bar.shown)


def test_a_client_without_tqdm_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(sfnsim.MissingExtra, match=r"sfnsim\[progress\]"):
        sfnsim.client(progress=True)
    with pytest.raises(sfnsim.MissingExtra, match=r"sfnsim\[progress\]"):
        sfnsim.mock_aws(progress=True)
