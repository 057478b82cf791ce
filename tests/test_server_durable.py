"""The durable store of ``sfnsim serve`` (docs/server.md, "Durability"): a server stopped, or
killed with SIGKILL, and started again on the same directory has everything it acknowledged,
and its running executions go on where they were."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from sfnsim import _core
from sfnsim.server import ServerConfig, durable, running
from sfnsim.server.durable import READ_ONLY, UNJOURNALLED

ROOT = Path(__file__).resolve().parent.parent
ROLE = "arn:aws:iam::123456789012:role/r"
SCALE = 0.001  # a 500 s Wait takes half a second
WAIT = {
    "StartAt": "W",
    "States": {
        "W": {"Type": "Wait", "Seconds": 500, "Next": "P"},
        "P": {"Type": "Pass", "Result": {"waited": True}, "End": True},
    },
}
CALLBACK = {
    "StartAt": "T",
    "States": {
        "T": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "f", "Payload": {"token.$": "$$.Task.Token"}},
            "End": True,
        }
    },
}


@contextmanager
def served(data: Path) -> Iterator[Any]:
    config = ServerConfig(port=0, clock="real", time_scale=SCALE, data_dir=data)
    with running(config) as server:
        yield boto3.client(
            "stepfunctions",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="any",
            aws_secret_access_key="any",
            config=Config(retries={"max_attempts": 1}),
        )


def snapshot(sfn: Any) -> dict[str, Any]:
    """Everything a client can read, except what runs on (executions' status and histories
    are compared where they stand still)."""
    machines = sfn.list_state_machines()["stateMachines"]
    out: dict[str, Any] = {"machines": machines, "activities": sfn.list_activities()["activities"]}
    for m in machines:
        arn = m["stateMachineArn"]
        out[arn] = {
            "described": sfn.describe_state_machine(stateMachineArn=arn),
            "versions": sfn.list_state_machine_versions(stateMachineArn=arn)[
                "stateMachineVersions"
            ],
            "aliases": sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"],
            "tags": sfn.list_tags_for_resource(resourceArn=arn)["tags"],
            "executions": [
                {k: e[k] for k in ("executionArn", "name", "startDate")}
                for e in sfn.list_executions(stateMachineArn=arn)["executions"]
            ],
        }
    for a in out["activities"]:
        out[a["activityArn"]] = sfn.list_tags_for_resource(resourceArn=a["activityArn"])["tags"]
    for value in out.values():
        if isinstance(value, dict):
            value.pop("ResponseMetadata", None)
            value.get("described", {}).pop("ResponseMetadata", None)
    return out


def events(sfn: Any, arn: str) -> list[dict[str, Any]]:
    return sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]


def token_in(history: list[dict[str, Any]]) -> str:
    for e in history:
        if e["type"] == "TaskScheduled":
            params = json.loads(e["taskScheduledEventDetails"]["parameters"])
            return str(params["Payload"]["token"])
    raise AssertionError("no TaskScheduled event")


def await_end(sfn: Any, arn: str, seconds: float = 10.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        described = sfn.describe_execution(executionArn=arn)
        if described["status"] != "RUNNING" or time.monotonic() > deadline:
            return described
        time.sleep(0.02)


def test_a_restarted_server_has_everything_and_runs_on(tmp_path: Path) -> None:
    with served(tmp_path) as sfn:
        waits = sfn.create_state_machine(
            name="waits",
            definition=json.dumps(WAIT),
            roleArn=ROLE,
            tags=[{"key": "a", "value": "1"}],
        )["stateMachineArn"]
        callback = sfn.create_state_machine(
            name="callback", definition=json.dumps(CALLBACK), roleArn=ROLE, publish=True
        )
        sfn.create_state_machine_alias(
            name="live",
            routingConfiguration=[
                {"stateMachineVersionArn": callback["stateMachineVersionArn"], "weight": 100}
            ],
        )
        sfn.tag_resource(resourceArn=waits, tags=[{"key": "b", "value": "2"}])
        activity = sfn.create_activity(name="work", tags=[{"key": "c", "value": "3"}])
        waiting = sfn.start_execution(stateMachineArn=waits, input="{}")["executionArn"]
        asking = sfn.start_execution(stateMachineArn=callback["stateMachineArn"])["executionArn"]
        token = token_in(events(sfn, asking))
        before = snapshot(sfn)
        history_before = events(sfn, asking)
    with served(tmp_path) as sfn:
        assert snapshot(sfn) == before
        assert events(sfn, asking) == history_before
        # The task token handed out before the restart is still the task's.
        sfn.send_task_success(taskToken=token, output='{"ok": 1}')
        assert json.loads(await_end(sfn, asking)["output"]) == {"ok": 1}
        # The Wait begun before the restart ends when it would have: 500 s after it began.
        assert await_end(sfn, waiting)["status"] == "SUCCEEDED"
        history = events(sfn, waiting)
        entered = next(e for e in history if e["type"] == "WaitStateEntered")["timestamp"]
        exited = next(e for e in history if e["type"] == "WaitStateExited")["timestamp"]
        assert (exited - entered).total_seconds() == 500
        assert [e["id"] for e in history] == list(range(1, len(history) + 1))
        assert sfn.describe_activity(activityArn=activity["activityArn"])["name"] == "work"
    with served(tmp_path) as sfn:  # a second restart: what ran after the first is kept too
        assert sfn.describe_execution(executionArn=waiting)["status"] == "SUCCEEDED"
        assert events(sfn, waiting) == history


def test_every_operation_is_journalled_unless_it_changes_nothing() -> None:
    """The rule (server/durable.py): an operation is journalled unless named as changing
    nothing; the names are the service's, so a misspelt one cannot slip through."""
    operations = set(_core.operation_names())
    assert UNJOURNALLED <= operations
    assert all(name.startswith(("Describe", "Get", "List", "Validate")) for name in READ_ONLY)
    changing = {"StartExecution", "SendTaskSuccess", "GetActivityTask", "TestState", "TagResource"}
    assert not changing & UNJOURNALLED


def test_killed_servers_lose_no_acknowledged_execution(tmp_path: Path) -> None:
    """SIGKILL at random points, from a small run of tools/durable_crash.py (the script runs
    the long one: 1,000 executions, five kills)."""
    command = [sys.executable, str(ROOT / "tools" / "durable_crash.py")]
    command += ["--executions", "80", "--kills", "2", "--clients", "4", "--seed", "11"]
    command += ["--data", str(tmp_path)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["acknowledged"] > 40 and report["starts"] == 3, report


def test_a_mock_config_test_case_goes_on_through_a_restart(tmp_path: Path) -> None:
    """Step Functions Local's ``<arn>#RetryPath``: the Lambda fails three times (one error,
    then another twice), retried with backoff, then answers. Stopped after the first failure,
    the execution goes on after the restart with the mocked responses where they were."""
    sfn_local = ROOT / "tests" / "data" / "sfn-local"
    config = ServerConfig(
        port=0,
        clock="real",
        time_scale=0.05,  # the backoffs of 2, 4 and 8 s take 0.1, 0.2 and 0.4 s
        mock_config=sfn_local / "MockConfigFile.json",
        data_dir=tmp_path,
    )

    def client(url: str) -> Any:
        return boto3.client(
            "stepfunctions",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="any",
            aws_secret_access_key="any",
        )

    with running(config) as server:
        sfn = client(server.url)
        arn = sfn.create_state_machine(
            name="LambdaSQSIntegration",
            definition=(sfn_local / "LambdaSQSIntegration.asl.json").read_text(),
            roleArn=ROLE,
        )["stateMachineArn"]
        execution = sfn.start_execution(stateMachineArn=arn + "#RetryPath")["executionArn"]
        assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    with running(config) as server:
        sfn = client(server.url)
        assert await_end(sfn, execution)["status"] == "SUCCEEDED"
        history = events(sfn, execution)
    failures = [e["taskFailedEventDetails"]["error"] for e in history if e["type"] == "TaskFailed"]
    assert failures == [
        "Lambda.ResourceNotReadyException",
        "Lambda.TimeoutException",
        "Lambda.TimeoutException",
    ]


PUT_EVENTS = {
    "StartAt": "Put",
    "States": {
        "Put": {
            "Type": "Task",
            "Resource": "arn:aws:states:::events:putEvents",
            "Parameters": {
                "Entries": [{"Source": "s", "DetailType": "d", "Detail": {"n.$": "$.n"}}]
            },
            "End": True,
        }
    },
}


@pytest.mark.parametrize("writer", ["native", "python"])
def test_the_journal_keeps_task_replies_in_one_format(
    writer: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journalled request keeps the task handler's replies on its tape, in one format
    whichever journal wrote it: the C++ one (the front answers without Python) or the Python
    one of a build without SQLite (``python_journal.py``). Read here with Python's own sqlite3
    module, then replayed by the other journal: the executions, their tasks' answers and
    histories are the same after the restart, and no entry took another path."""
    native = writer == "native"
    if not durable.NATIVE_JOURNAL:
        pytest.skip("this build has no C++ journal (no SQLite library when it was built)")
    monkeypatch.setattr(durable, "NATIVE_JOURNAL", native)
    with served(tmp_path) as sfn:
        arn = sfn.create_state_machine(name="put", definition=json.dumps(PUT_EVENTS), roleArn=ROLE)[
            "stateMachineArn"
        ]
        started = [
            sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": n}))["executionArn"]
            for n in range(3)
        ]
        histories = [events(sfn, e) for e in started]
    assert all(h[-1]["type"] == "ExecutionSucceeded" for h in histories)
    with closing(sqlite3.connect(tmp_path / "sfnsim.db")) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == ("1",)
        rows = db.execute(
            "SELECT operation, region, body, tape FROM journal ORDER BY seq"
        ).fetchall()
    starts = [r for r in rows if r[0] == "StartExecution"]
    assert len(starts) == 3 and all(r[1] == "us-east-1" for r in starts)
    assert [json.loads(json.loads(bytes(r[2]))["input"])["n"] for r in starts] == [0, 1, 2]
    for _, _, _, tape in starts:
        record = json.loads(tape)
        assert record["clock"] and record["uuids"] and record["seeds"]
        [reply] = record["replies"]
        assert reply["kind"] == "succeeded" and "EventId" in reply["result"]["Entries"][0]
    monkeypatch.setattr(durable, "NATIVE_JOURNAL", not native)
    with served(tmp_path) as sfn:
        assert [events(sfn, e) for e in started] == histories
    config = ServerConfig(port=0, clock="real", time_scale=SCALE, data_dir=tmp_path)
    with running(config) as server:
        assert server.endpoint.replayed == len(rows) and server.endpoint.diverged == 0
