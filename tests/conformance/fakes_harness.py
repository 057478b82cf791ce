"""Replays recorded service-integration cases through the in-memory fakes (``services=``)
instead of their recorded task results.

The case's ``resources`` (tables, queues, topics, buckets) are created in a fresh
:class:`sfnsim.MemoryServices`; the execution runs on a manual clock through the client. A
``.waitForTaskToken`` task is answered as the recording's helper did: the token is read from
the message the fake received, and the recorded callback (``send_task_success`` with the
recorded output, ``send_task_failure`` with the recorded error) is sent. A task recorded as
timed out gets no answer; the clock is moved on until it times out.
"""

from __future__ import annotations

import json
import re
from typing import Any

import sfnsim

from .harness import Outcome, snapshot_form
from .service_harness import _start_time as start_time
from .service_harness import with_utility_words
from .simultaneous import aligned

#: The Task resources the fakes answer.
SUPPORTED = re.compile(
    r"arn:aws:states:::(dynamodb:(getItem|putItem|updateItem|deleteItem)"
    r"|sqs:sendMessage(\.waitForTaskToken)?|sns:publish(\.waitForTaskToken)?"
    r"|events:putEvents(\.waitForTaskToken)?"
    r"|aws-sdk:(dynamodb|s3|sqs|sns|eventbridge):[A-Za-z0-9]+)$"
)
_RESOURCE = re.compile(r'"Resource"\s*:\s*"([^"]*)"')


def task_resources(case: dict[str, Any]) -> list[str]:
    definition = case["definition"]
    text = definition if isinstance(definition, str) else json.dumps(definition)
    return _RESOURCE.findall(text.replace("arn:<partition>:", "arn:aws:"))


def is_fakes_case(case: dict[str, Any]) -> bool:
    """Executions whose every Task calls a faked service (and at least one does)."""
    if case["kind"] not in ("execution", "sync_execution") or case.get("pure"):
        return False
    resources = [r for r in task_resources(case) if r.startswith("arn:aws:states:::")]
    return bool(resources) and all(SUPPORTED.match(r) for r in resources)


def key_named_words(value: Any, words: set[str] | None = None) -> set[str]:
    """Values a snapshot replaced by their key's name (``"x-amz-crc32": "x-amz-crc32"``,
    ``"RequestId": "RequestId"``): LocalStack's key-value transformers did that to request ids
    and checksums, whose real values cannot be reproduced."""
    words = set() if words is None else words
    if isinstance(value, dict):
        for k, v in value.items():
            if v == k and isinstance(v, str):
                words.add(k)
            key_named_words(v, words)
    elif isinstance(value, list):
        for v in value:
            key_named_words(v, words)
    return words


def with_key_named_words(case: dict[str, Any]) -> dict[str, Any]:
    words = key_named_words(case.get("expected")) | key_named_words(case.get("expected_history"))
    if not words:
        return case
    extra = [{"type": "regex", "replacement": w} for w in sorted(words)]
    return dict(case, normalisation=[*(case.get("normalisation") or []), *extra])


def services_for(case: dict[str, Any], account: str, region: str) -> sfnsim.MemoryServices:
    services = sfnsim.MemoryServices()
    for r in case.get("resources") or []:
        kind = r.get("type")
        if kind == "dynamodb_table":
            services.dynamodb.create_table(
                r["name"], hash_key=r.get("partition_key", "id"), range_key=r.get("sort_key")
            )
        elif kind == "sqs_queue":
            services.sqs.create_queue(r["name"], region=region, account=account)
        elif kind == "sns_topic":
            services.sns.create_topic(
                str(r.get("arn", r["name"])).rsplit(":", 1)[-1], region=region, account=account
            )
        elif kind == "s3_bucket":
            services.s3.create_bucket(r["name"])
    return services


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return _strings(parsed) if not isinstance(parsed, str) else [parsed]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _delivered(services: sfnsim.MemoryServices) -> list[str]:
    """Every text the fakes were sent, in order (message bodies, notifications, events)."""
    texts: list[str] = []
    for queue in services.sqs.queues.values():
        texts += [m["Body"] for m in queue.messages]
    texts += [m["Message"] for m in services.sns.published]
    texts += [e["Detail"] for e in services.events.events]
    return texts


def _pending_tokens(history: list[dict[str, Any]]) -> dict[str, str]:
    """token -> state name, for the callback tasks submitted and not yet answered."""
    state = ""
    tokens: dict[str, str] = {}
    for e in history:
        if e["type"] == "TaskStateEntered":
            state = e["stateEnteredEventDetails"]["name"]
        elif e["type"] == "TaskScheduled":
            params = e["taskScheduledEventDetails"].get("parameters") or ""
            for s in _strings(params):
                # Task tokens: long, one word, no URL.
                if len(s) >= 64 and " " not in s and "://" not in s:
                    tokens[s] = state
    return tokens


def bare_failures(case: dict[str, Any]) -> bool:
    """Whether the recording's helper called SendTaskFailure with neither error nor cause (the
    recorded TaskFailed has none; the MockConfigFile form of it says States.TaskFailed)."""
    return any(
        e.get("type") == "TaskFailed"
        and "error" not in (e.get("taskFailedEventDetails") or {"error": None})
        for e in case.get("expected_history") or []
    )


def run_fakes_case(case: dict[str, Any], compare: Any) -> Outcome:
    case = with_key_named_words(with_utility_words(case))
    machine = case.get("state_machine_name") or "StateMachine"
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,80}", machine):
        machine = "StateMachine"  # a placeholder the recording could not resolve
    state_machine_type = case.get("state_machine_type") or (
        "EXPRESS" if case["kind"] == "sync_execution" else "STANDARD"
    )
    clock = sfnsim.ManualClock(start=start_time(case))
    services = services_for(case, compare.ACCOUNT_ID, compare.REGION)
    sfn = sfnsim.client(
        region_name=compare.REGION,
        account_id=compare.ACCOUNT_ID,
        clock=clock,
        services=services,
        seed=0,
    )
    definition = case["definition"]
    text = definition if isinstance(definition, str) else json.dumps(definition)
    text = text.replace("arn:<partition>:", "arn:aws:")
    responses = {
        state: list(recorded)
        for state, recorded in (
            (case.get("recorded_task_results") or {}).get("responses") or {}
        ).items()
    }
    try:
        arn = sfn.create_state_machine(
            name=machine,
            definition=text,
            roleArn=f"arn:aws:iam::{compare.ACCOUNT_ID}:role/sfnsim",
            type=state_machine_type,
        )["stateMachineArn"]
        kwargs: dict[str, Any] = {
            "stateMachineArn": arn,
            "input": case.get("input_raw") or json.dumps(case.get("input") or {}),
        }
        if case.get("execution_name"):
            kwargs["name"] = case["execution_name"]
        ex = sfn.start_execution(**kwargs)["executionArn"]
        answered: set[str] = set()
        for _ in range(50):
            d = sfn.describe_execution(executionArn=ex)
            if d["status"] != "RUNNING":
                break
            history = _history(sfn, ex)
            pending = _pending_tokens(history)
            delivered = {s for text_ in _delivered(services) for s in _strings(text_)}
            progressed = False
            for token, state in pending.items():
                if token in answered or token not in delivered:
                    continue
                answered.add(token)
                recorded = responses.get(state) or []
                if not recorded:
                    continue
                r = recorded.pop(0)
                if r.get("event_type") == "TaskTimedOut":
                    continue
                progressed = True
                if "Throw" in r and bare_failures(case):
                    sfn.send_task_failure(taskToken=token)
                elif "Throw" in r:
                    throw = r["Throw"]
                    cause = throw.get("Cause")
                    sfn.send_task_failure(
                        taskToken=token,
                        error=throw.get("Error", ""),
                        cause=cause if isinstance(cause, str) else json.dumps(cause),
                    )
                else:
                    sfn.send_task_success(taskToken=token, output=json.dumps(r.get("Return")))
            if not progressed:
                clock.advance(seconds=3600)
        d = sfn.describe_execution(executionArn=ex)
        history = _history(sfn, ex)
    except sfnsim.ClientError as exc:
        return Outcome(False, [f"client: {exc}"])
    status = d["status"]
    output = json.loads(d["output"]) if d.get("output") is not None else None
    ok, reasons = compare.result_matches_case(
        case, status, output, d.get("error"), snapshot_form(d.get("cause"))
    )
    if case.get("expected_history") and state_machine_type == "STANDARD":
        raw = [dict(e, timestamp=e["timestamp"].timestamp()) for e in history]
        hok, hreasons = compare.history_matches_case(aligned(case, raw), raw)
        ok, reasons = ok and hok, reasons + hreasons
    return Outcome(ok, reasons)


def _history(sfn: Any, execution_arn: str) -> list[dict[str, Any]]:
    pages = sfn.get_paginator("get_execution_history").paginate(executionArn=execution_arn)
    return [e for page in pages for e in page["events"]]
