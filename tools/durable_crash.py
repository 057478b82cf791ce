"""Crash test of ``sfnsim serve``'s durable store (docs/server.md, "Durability").

Client threads start executions (some wait on a task token, most wait in a Wait state on the
real clock scaled by WAIT_TIME_SCALE); a worker answers the task tokens it finds in the
histories; meanwhile the server is killed with SIGKILL at random points and started again on
the same directory. Afterwards every acknowledged execution must exist, end with the right
output, and have the history a run without crashes gives (compared event by event, without
the timestamps, ARNs and tokens that differ between any two runs).

    python tools/durable_crash.py [--executions 1000] [--kills 5] [--clients 8] [--seed N]

Prints a one-line JSON report; exits 1 (naming the problems) when something does not hold.
``tests/test_server_durable.py`` runs a small version of it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROLE = "arn:aws:iam::123456789012:role/r"
SCALE = 0.001  # WAIT_TIME_SCALE: a 600 s Wait takes 0.6 s
# Three workflows: a Wait then a computation; a Wait then a task answered through its token;
# no Wait at all.
MACHINES = {
    "waits": {
        "StartAt": "W",
        "States": {
            "W": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "P"},
            "P": {
                "Type": "Pass",
                "Parameters": {"n.$": "$.n", "sum.$": "States.MathAdd($.n, $.wait)"},
                "End": True,
            },
        },
    },
    "callback": {
        "StartAt": "W",
        "States": {
            "W": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "T"},
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {
                    "FunctionName": "worker",
                    "Payload": {"token.$": "$$.Task.Token", "n.$": "$.n"},
                },
                "ResultSelector": {"n.$": "$.n", "worked": True},
                "End": True,
            },
        },
    },
    "instant": {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericGreaterThan": 100, "Next": "Big"}],
                "Default": "Small",
            },
            "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": True},
            "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": True},
        },
    },
}


def expected_output(kind: str, given: dict[str, Any]) -> Any:
    n = given["n"]
    if kind == "waits":
        return {"n": n, "sum": n + given["wait"]}
    if kind == "callback":
        return {"n": n, "worked": True}
    return {**given, "size": "big" if n > 100 else "small"}


class Down(Exception):
    """The server did not answer (it is being killed or started)."""


class Server:
    """``sfnsim serve`` in a subprocess on a fixed port and data directory."""

    def __init__(self, data: Path, port: int) -> None:
        self.data = data
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "WAIT_TIME_SCALE": str(SCALE)}
        command = [sys.executable, "-m", "sfnsim", "serve", "--port", str(self.port)]
        command += ["--data", str(self.data), "--quiet"]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # printed once listening
        if b"serving" not in line:
            raise SystemExit(f"the server did not start: {line!r}")
        self.starts += 1

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


class Client:
    """One keep-alive connection; ``call`` raises Down when the server is not there."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def call(self, operation: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        body = json.dumps(params).encode()
        headers = {
            "X-Amz-Target": f"AWSStepFunctions.{operation}",
            "Content-Type": "application/x-amz-json-1.0",
        }
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            self.conn.request("POST", "/", body, headers)
            response = self.conn.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        except (OSError, http.client.HTTPException) as exc:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            raise Down(str(exc)) from None

    def until_up(self, operation: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Retries a call that may be made twice until the server answers."""
        deadline = time.monotonic() + 120
        while True:
            try:
                return self.call(operation, params)
            except Down:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


_TOKEN = re.compile(r'"token":"([^"]+)"')
_DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalized(events: list[dict[str, Any]]) -> list[Any]:
    """A history without what differs between any two runs: timestamps, ARNs (they name the
    run's execution), task tokens, Lambda request ids."""
    text = json.dumps([{k: v for k, v in e.items() if k != "timestamp"} for e in events])
    text = re.sub(r"arn:aws:states:[^\"]*:execution:[^\"\\]*", "<execution>", text)
    text = _TOKEN.sub('"token":"<token>"', text)
    text = _UUID.sub("<uuid>", text)
    text = _DATE.sub("<date>", text)  # HTTP Date headers in a callback task's TaskSubmitted
    text = re.sub(r'\\"token\\":\\"[^"\\]+\\"', r'\\"token\\":\\"<token>\\"', text)
    return json.loads(text)


def history(client: Client, arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    params: dict[str, Any] = {"executionArn": arn, "maxResults": 1000}
    while True:
        status, page = client.until_up("GetExecutionHistory", params)
        if status != 200:
            raise RuntimeError(f"GetExecutionHistory {arn}: {page}")
        events += page["events"]
        if not page.get("nextToken"):
            return events
        params["nextToken"] = page["nextToken"]


def token_of(events: list[dict[str, Any]]) -> str | None:
    for event in events:
        details = event.get("taskScheduledEventDetails")
        if details:
            found = _TOKEN.search(details["parameters"])
            return found.group(1) if found else None
    return None


def run(executions: int, kills: int, clients: int, seed: int, data: Path) -> dict[str, Any]:
    rng = random.Random(seed)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = Server(data, port)
    server.start()
    setup = Client(port)
    machines = {}
    for kind, definition in MACHINES.items():
        status, out = setup.until_up(
            "CreateStateMachine",
            {"name": f"crash-{kind}", "definition": json.dumps(definition), "roleArn": ROLE},
        )
        assert status == 200, out
        machines[kind] = out["stateMachineArn"]
    plan = []
    for i in range(executions):
        kind = rng.choice(["waits", "waits", "callback", "instant"])
        given = {"n": rng.randrange(200), "wait": rng.randrange(100, 1500)}
        plan.append((f"e{i}", kind, given))

    acknowledged: dict[str, tuple[str, dict[str, Any], str]] = {}  # name -> kind, input, arn
    lock = threading.Lock()
    done_starting = threading.Event()
    answered: set[str] = set()

    def starter(part: list[tuple[str, str, dict[str, Any]]]) -> None:
        client = Client(port)
        for planned, kind, given in part:
            for attempt in range(1000):
                # A start the server did not answer may or may not exist: the next attempt
                # is another execution (another name), and only answered ones are checked.
                name = f"{planned}-{attempt}"
                params = {"stateMachineArn": machines[kind], "name": name}
                params["input"] = json.dumps(given)
                try:
                    status, out = client.call("StartExecution", params)
                except Down:
                    time.sleep(0.05)
                    continue
                if status == 200:
                    with lock:
                        acknowledged[name] = (kind, given, out["executionArn"])
                break
            time.sleep(rng.uniform(0, 2 * pace))  # the starts spread over the kills

    def worker() -> None:
        client = Client(port)
        while True:
            with lock:
                waiting = [(n, arn) for n, (k, _, arn) in acknowledged.items() if k == "callback"]
            waiting = [(n, arn) for n, arn in waiting if n not in answered]
            if not waiting and done_starting.is_set():
                return
            for name, arn in waiting:
                try:
                    status, page = client.call("GetExecutionHistory", {"executionArn": arn})
                    token = token_of(page.get("events", []))
                    if token is None:
                        continue
                    output = {"n": acknowledged[name][1]["n"]}
                    status, out = client.call(
                        "SendTaskSuccess", {"taskToken": token, "output": json.dumps(output)}
                    )
                except Down:
                    time.sleep(0.05)
                    break
                # 200, or TaskTimedOut when a success answered before a crash was acknowledged
                # to nobody: the task is answered either way.
                if status == 200 or out.get("__type") == "TaskTimedOut":
                    answered.add(name)
            time.sleep(0.02)

    span = max(2.0, executions * 0.004)  # seconds over which starts and kills spread
    pace = span * clients / executions
    parts = [plan[i::clients] for i in range(clients)]
    threads = [threading.Thread(target=starter, args=(p,)) for p in parts]
    work = threading.Thread(target=worker)
    started = time.monotonic()
    for t in threads:
        t.start()
    work.start()
    # Kills at random points while executions start and run.
    at_kills = []
    for _ in range(kills):
        # Each kill a random while after the last start: the server works in between.
        time.sleep(rng.uniform(0.1, 2 * span / kills))
        with lock:
            at_kills.append(len(acknowledged))
        server.kill()
        time.sleep(rng.uniform(0.0, 0.3))
        server.start()
    for t in threads:
        t.join()
    done_starting.set()
    work.join()

    check = Client(port)
    problems: list[str] = []
    reference = reference_histories()
    deadline = time.monotonic() + 30  # for all of them to end: the Waits are 1.5 s at most
    for name, (kind, given, arn) in sorted(acknowledged.items()):
        while True:
            status, described = check.until_up("DescribeExecution", {"executionArn": arn})
            if status != 200 or described.get("status") != "RUNNING":
                break
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if status != 200:
            problems.append(f"{name}: acknowledged, then {described}")
            continue
        if described["status"] != "SUCCEEDED":
            problems.append(f"{name}: {described['status']}")
            continue
        if json.loads(described["output"]) != expected_output(kind, given):
            problems.append(f"{name}: output {described['output']}")
        events = history(check, arn)
        if normalized(events) != reference(kind, given):
            problems.append(f"{name}: history differs from a run without crashes")
            if os.environ.get("SFNSIM_CRASH_VERBOSE"):
                print(json.dumps([normalized(events), reference(kind, given)]), file=sys.stderr)
    listed: set[str] = set()
    for arn in machines.values():
        params: dict[str, Any] = {"stateMachineArn": arn, "maxResults": 1000}
        while True:
            status, page = check.until_up("ListExecutions", params)
            listed |= {e["executionArn"] for e in page.get("executions", [])}
            if not page.get("nextToken"):
                break
            params["nextToken"] = page["nextToken"]
    problems += [f"{n}: not listed" for n, (_, _, arn) in acknowledged.items() if arn not in listed]
    server.stop()
    return {
        "executions": executions,
        "acknowledged": len(acknowledged),
        "kills": kills,
        "acknowledged_at_kills": at_kills,
        "starts": server.starts,
        "seconds": round(time.monotonic() - started, 1),
        "problems": problems,
    }


def reference_histories() -> Any:
    """The history each workflow gives for an input in a run without crashes (in-process, on
    the virtual clock, callbacks answered at once), normalized."""
    import sfnsim

    client = sfnsim.client(engine=sfnsim.Engine(clock="virtual"))
    arns = {
        kind: client.create_state_machine(
            name=f"crash-{kind}", definition=json.dumps(d), roleArn=ROLE
        )["stateMachineArn"]
        for kind, d in MACHINES.items()
    }
    cache: dict[str, Any] = {}

    def of(kind: str, given: dict[str, Any]) -> Any:
        key = json.dumps([kind, given], sort_keys=True)
        if key not in cache:
            arn = client.start_execution(stateMachineArn=arns[kind], input=json.dumps(given))[
                "executionArn"
            ]
            events = client.get_execution_history(executionArn=arn, maxResults=1000)["events"]
            token = token_of(_wire(events))
            if token is not None:
                client.send_task_success(taskToken=token, output=json.dumps({"n": given["n"]}))
                events = client.get_execution_history(executionArn=arn, maxResults=1000)["events"]
            cache[key] = normalized(_wire(events))
        return cache[key]

    return of


def _wire(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """boto3-shaped events (datetimes) as the wire gives them (the timestamps are dropped)."""
    return json.loads(json.dumps(events, default=str))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--executions", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--data", type=Path, default=None, help="default: a temporary directory")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    with tempfile.TemporaryDirectory(prefix="sfnsim-crash-") as tmp:
        report = run(args.executions, args.kills, args.clients, seed, args.data or Path(tmp))
    report["seed"] = seed
    print(json.dumps(report))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
