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
    assert main([*argv, "--clock", "real"]) == 2
    assert "--progress works on the virtual clock" in capsys.readouterr().err
