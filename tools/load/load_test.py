"""A load test of one in-process Step Functions service: threads making random API calls at
once, then checks of what must hold whatever the interleaving. Run by ``tests/test_load.py``
briefly and by ``python tools/load/load_test.py --seconds 60`` at length.

What must hold afterwards:

- every call answered a result or a modeled error, never ``InternalFailure``, and never
  raised anything else;
- every execution that was started can be described, and its history ends each run with
  exactly one terminal event (a redriven execution has one per run);
- a task token was accepted at most once, and an execution whose token was accepted did not
  stay waiting on it.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sfnsim import ClientError, TaskFailed
from sfnsim import client as make_client

ROLE = "arn:aws:iam::123456789012:role/load"
TERMINAL = {"ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"}
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:work"

MACHINES: dict[str, dict[str, Any]] = {
    "chain": {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Result": {"n": 1}, "ResultPath": "$.a", "Next": "B"},
            "B": {"Type": "Wait", "Seconds": 5, "Next": "C"},
            "C": {"Type": "Pass", "End": True},
        },
    },
    "callback": {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                "HeartbeatSeconds": 600,
                "End": True,
            }
        },
    },
    "flaky": {
        "StartAt": "W",
        "States": {
            "W": {
                "Type": "Task",
                "Resource": LAMBDA,
                "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 2, "IntervalSeconds": 1}],
                "End": True,
            }
        },
    },
    "fanout": {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "MaxConcurrency": 3,
                "ItemProcessor": {
                    "StartAt": "I",
                    "States": {"I": {"Type": "Task", "Resource": LAMBDA, "End": True}},
                },
                "Next": "P",
            },
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}},
                    {"StartAt": "Y", "States": {"Y": {"Type": "Wait", "Seconds": 1, "End": True}}},
                ],
                "End": True,
            },
        },
    },
}


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: set[str] = field(default_factory=set)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> execution
    accepted: dict[str, int] = field(default_factory=dict)
    calls: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, code: str | None) -> None:
        with self.lock:
            self.calls += 1
            if code is not None:
                self.errors[code] = self.errors.get(code, 0) + 1
                if code == "InternalFailure":
                    self.problems.append("an InternalFailure answer")


def _work(event: Any) -> Any:
    if random.random() < 0.3:
        raise TaskFailed("Flaky", "sometimes")
    return {"done": True}


class Load:
    def __init__(self, seed: int) -> None:
        self.sfn = make_client(tasks={"work": _work}, seed=seed)
        self.tally = Tally()
        self.arns = {
            name: self.sfn.create_state_machine(
                name=name, definition=json.dumps(definition), roleArn=ROLE
            )["stateMachineArn"]
            for name, definition in MACHINES.items()
        }

    def call(self, operation: str, **kwargs: Any) -> Any:
        try:
            result = getattr(self.sfn, operation)(**kwargs)
        except ClientError as error:
            self.tally.count(error.response["Error"]["Code"])
            return None
        except Exception as error:  # noqa: BLE001 - any other exception is a finding
            with self.tally.lock:
                self.tally.problems.append(f"{operation} raised {type(error).__name__}: {error}")
            return None
        self.tally.count(None)
        return result

    def pick(self, rng: random.Random, values: Any) -> Any:
        with self.tally.lock:
            pool = list(values)
        return rng.choice(pool) if pool else None

    def step(self, rng: random.Random) -> None:
        action = rng.random()
        if action < 0.3:
            name = rng.choice(list(self.arns))
            payload = {"items": list(range(rng.randint(0, 5)))}
            started = self.call(
                "start_execution", stateMachineArn=self.arns[name], input=json.dumps(payload)
            )
            if started:
                with self.tally.lock:
                    self.tally.started.add(started["executionArn"])
                if name == "callback":
                    self.collect_token(started["executionArn"])
        elif action < 0.55:
            token = self.pick(rng, self.tally.tokens)
            if token is None:
                return
            if rng.random() < 0.8:
                answer = self.call("send_task_success", taskToken=token, output='{"ok": 1}')
            else:
                answer = self.call("send_task_failure", taskToken=token, error="Nope")
            if answer is not None:
                with self.tally.lock:
                    self.tally.accepted[token] = self.tally.accepted.get(token, 0) + 1
        elif action < 0.62:
            token = self.pick(rng, self.tally.tokens)
            if token is not None:
                self.call("send_task_heartbeat", taskToken=token)
        elif action < 0.7:
            execution = self.pick(rng, self.tally.started)
            if execution is not None:
                self.call("stop_execution", executionArn=execution, error="Load")
        elif action < 0.75:
            execution = self.pick(rng, self.tally.started)
            if execution is not None:
                self.call("redrive_execution", executionArn=execution)
        elif action < 0.85:
            execution = self.pick(rng, self.tally.started)
            if execution is not None:
                self.call("describe_execution", executionArn=execution)
                self.call("get_execution_history", executionArn=execution, maxResults=20)
        else:
            name = rng.choice(list(self.arns))
            page = self.call("list_executions", stateMachineArn=self.arns[name], maxResults=25)
            if page and page.get("nextToken"):
                self.call(
                    "list_executions",
                    stateMachineArn=self.arns[name],
                    maxResults=25,
                    nextToken=page["nextToken"],
                )

    def collect_token(self, execution: str) -> None:
        history = self.call("get_execution_history", executionArn=execution)
        for event in (history or {}).get("events", []):
            details = event.get("taskScheduledEventDetails")
            if details:
                token = json.loads(details["parameters"])["MessageBody"]["token"]
                with self.tally.lock:
                    self.tally.tokens[token] = execution

    def run(self, threads: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds

        def worker(index: int) -> None:
            rng = random.Random(index)
            while time.monotonic() < deadline:
                self.step(rng)

        pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()

    def check(self) -> list[str]:
        problems = list(self.tally.problems)
        for token, times in self.tally.accepted.items():
            if times > 1:
                problems.append(f"token accepted {times} times: {token[:16]}...")
        for execution in sorted(self.tally.started):
            described = self.sfn.describe_execution(executionArn=execution)
            events = _all_events(self.sfn, execution)
            runs = 1 + described.get("redriveCount", 0)
            ends = sum(1 for e in events if e["type"] in TERMINAL)
            expected = runs if described["status"] != "RUNNING" else runs - 1
            if ends != expected:
                problems.append(
                    f"{execution}: {ends} terminal events for {runs} run(s), "
                    f"status {described['status']}"
                )
            if events and events[-1]["type"] in TERMINAL and described["status"] == "RUNNING":
                problems.append(f"{execution}: RUNNING after {events[-1]['type']}")
        for token, execution in self.tally.tokens.items():
            if not self.tally.accepted.get(token):
                continue
            # An accepted answer lands: the task it closed records TaskSucceeded or TaskFailed
            # (a failure may since have been redriven, so the status alone does not tell).
            closed = {e["type"] for e in _all_events(self.sfn, execution)}
            if not closed & {"TaskSucceeded", "TaskFailed"}:
                problems.append(f"{execution}: its token was accepted but its task never closed")
        return problems

    def report(self) -> str:
        t = self.tally
        return (
            f"{t.calls:,} calls, {len(t.started):,} executions, {len(t.tokens):,} tokens "
            f"({sum(1 for n in t.accepted.values() if n):,} accepted); errors: "
            + ", ".join(f"{code} {n}" for code, n in sorted(t.errors.items()))
        )


def _all_events(sfn: Any, execution: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    token = None
    while True:
        extra = {"nextToken": token} if token else {}
        page = sfn.get_execution_history(executionArn=execution, maxResults=1000, **extra)
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


def run_load(threads: int = 8, seconds: float = 60.0, seed: int = 1) -> tuple[list[str], str]:
    """Runs the load and returns (problems found, a one-line report)."""
    load = Load(seed)
    load.run(threads, seconds)
    return load.check(), load.report()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    problems, report = run_load(args.threads, args.seconds, args.seed)
    print(report)
    for problem in problems:
        print("PROBLEM:", problem)
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
