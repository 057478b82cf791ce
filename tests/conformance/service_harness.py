"""Replays recorded service-integration cases through the MockConfigFile loader.

Each case's ``recorded_task_results`` become one MockConfigFile test case: per Task state, its
recorded responses in invocation order (``Return`` / ``Throw``). A response recorded as a
timeout (``TaskTimedOut``) is replayed as a task that never answers, so it times out on the
virtual clock as it did on AWS.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

import sfnsim
from sfnsim.mocks import Response

from .harness import Outcome, snapshot_form
from .simultaneous import aligned

TEST_CASE = "Recorded"
TIMED_OUT = {"TaskTimedOut", "LambdaFunctionTimedOut", "ActivityTimedOut"}


def is_service_case(case: dict[str, Any]) -> bool:
    return (
        case["kind"] in ("execution", "sync_execution")
        and not case.get("pure")
        and bool(case.get("recorded_task_results"))
    )


def _throw(value: dict[str, Any], event_type: str | None) -> dict[str, Any]:
    throw = dict(value)
    cause = throw.get("Cause")
    if cause is not None and not isinstance(cause, str):
        # The recording parsed a JSON cause into an object; the file holds text. A legacy
        # Lambda's cause is the runtime's own json.dumps text; Step Functions' are compact.
        legacy = event_type == "LambdaFunctionFailed"
        throw["Cause"] = json.dumps(cause, separators=(", ", ": ") if legacy else (",", ":"))
    return {"Throw": throw}


def mock_config_of(case: dict[str, Any], machine: str) -> dict[str, Any]:
    """The MockConfigFile a Step Functions Local user would write for this recording."""
    responses = case["recorded_task_results"].get("responses") or {}
    mocked: dict[str, Any] = {}
    states: dict[str, str] = {}
    for state, recorded in responses.items():
        name = f"{state}Responses"
        entries: dict[str, Any] = {}
        for i, r in enumerate(recorded):
            entries[str(i)] = (
                _throw(r["Throw"], r.get("event_type"))
                if "Throw" in r
                else {"Return": r.get("Return")}
            )
        mocked[name] = entries
        states[state] = name
    return {
        "StateMachines": {machine: {"TestCases": {TEST_CASE: states}}},
        "MockedResponses": mocked,
    }


# LocalStack's `sfn_sqs_integration` snapshot transformer replaces SDK request ids by their key
# names; the case lists the transformer but not those words, so compare.py would take them as
# literal values.
UTILITY_WORDS = {"sfn_sqs_integration": ["x-amzn-RequestId", "RequestId"]}


def _key_named_values(value: Any) -> set[str]:
    """Values LocalStack's key-value transformers replaced by their key's own name (such as
    ``"x-amzn-RequestId": "x-amzn-RequestId"``, ``"Date": "date"``): placeholders, not data."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and v.lower() == str(k).lower():
                found.add(v)
            else:
                found |= _key_named_values(v)
    elif isinstance(value, list):
        for v in value:
            found |= _key_named_values(v)
    return found


def with_utility_words(case: dict[str, Any]) -> dict[str, Any]:
    extra = [
        {"type": "regex", "replacement": word}
        for word in sorted(_key_named_values(case.get("expected_history")))
    ]
    extra += [
        {"type": "regex", "replacement": word}
        for t in case.get("normalisation") or []
        if t.get("type") == "utility"
        for word in UTILITY_WORDS.get(str(t.get("name")), [])
    ]
    # A reference-replacing transformer whose replacement is already a token nests it:
    # "<task_token>" became "<<task_token>:1>", which compare.py's token pattern misses.
    extra += [
        {"type": "regex", "replacement": f"<{t['replacement']}:{n}>"}
        for t in case.get("normalisation") or []
        if t.get("replace_reference") and str(t.get("replacement", "")).startswith("<")
        for n in range(1, 10)
    ]
    if not extra:
        return case
    return dict(case, normalisation=[*(case.get("normalisation") or []), *extra])


# How recorded_task_results wrote a SendTaskFailure that gave neither error nor cause; the
# recorded TaskFailed event has neither, which a MockConfigFile Throw cannot express.
BARE_FAILURE = {"Error": "States.TaskFailed", "Cause": ""}


def _bare_failures(case: dict[str, Any]) -> bool:
    return any(
        e.get("type") == "TaskFailed"
        and not {"error", "cause"} & set(e.get("taskFailedEventDetails") or {})
        for e in case.get("expected_history") or []
    )


def _worker_name(case: dict[str, Any]) -> str | None:
    for event in case.get("expected_history") or []:
        details = event.get("activityStartedEventDetails")
        if isinstance(details, dict) and "workerName" in details:
            return str(details["workerName"])
    return None


def _start_time(case: dict[str, Any]) -> datetime:
    """The case's clock, or the day it was recorded: not the wall clock, so that a replay is
    reproducible. Synthesised responses carry the start date in their body, whose length AWS
    records (Content-Length); a start with three millisecond digits, as nine real starts in
    ten have, gives the typical length."""
    if case.get("harness_now"):
        return datetime.fromisoformat(str(case["harness_now"]).replace("Z", "+00:00"))
    recorded = datetime.strptime(str(case.get("recorded_date")), "%d-%m-%Y, %H:%M:%S")
    return recorded.replace(tzinfo=timezone.utc, microsecond=123_000)


def run_service_execution(case: dict[str, Any], compare: Any) -> sfnsim.Execution | Outcome:
    """The case's execution, run with its recorded task results as mocks; an Outcome when it
    cannot start."""
    case = with_utility_words(case)
    machine = case.get("state_machine_name") or "StateMachine"
    state_machine_type = case.get("state_machine_type") or (
        "EXPRESS" if case["kind"] == "sync_execution" else "STANDARD"
    )
    try:
        config = sfnsim.load_mock_config(mock_config_of(case, machine))
    except sfnsim.MockConfigError as exc:
        return Outcome(False, [f"MockConfigError: {exc}"])
    mocks = config.mocks(machine, TEST_CASE)
    responses = case["recorded_task_results"].get("responses") or {}
    bare = _bare_failures(case)
    for state, recorded in responses.items():
        target = mocks.state(state)
        target.responses = [
            Response("return", duration=math.inf)
            if r.get("event_type") in TIMED_OUT
            else Response("raise")
            if bare and r.get("Throw") == BARE_FAILURE
            else resp
            for r, resp in zip(recorded, target.responses)
        ]
        if any(str(r.get("event_type", "")).startswith("Activity") for r in recorded):
            # The recordings ran a real activity worker, which a MockConfigFile cannot stand
            # in for; a Python mock can, under the worker name the test's worker polled with.
            target.mocks_activities = True
            worker = _worker_name(case)
            target.responses = [replace(r, worker=worker) for r in target.responses]
    start = _start_time(case)
    definition = case["definition"]
    text = definition if isinstance(definition, str) else json.dumps(definition)
    # A few recorded definitions kept the normalised partition; AWS ran them with "aws".
    text = text.replace("arn:<partition>:", "arn:aws:")
    try:
        ex = sfnsim.run(
            text,
            input_json=case.get("input_raw") or json.dumps(case.get("input") or {}),
            name=case.get("execution_name") or None,
            state_machine_name=machine,
            state_machine_type=state_machine_type,
            account_id=compare.ACCOUNT_ID,
            region=compare.REGION,
            start_time=start,
            seed=0,
            mocks=mocks,
        )
    except sfnsim.InvalidDefinition as exc:
        return Outcome(False, [f"InvalidDefinition: {exc}"])
    except sfnsim.InvalidExecutionInput as exc:
        return Outcome(False, [f"InvalidExecutionInput: {exc}"])
    return ex


def run_service_case(case: dict[str, Any], compare: Any) -> Outcome:
    ex = run_service_execution(case, compare)
    if isinstance(ex, Outcome):
        return ex
    case = with_utility_words(case)
    state_machine_type = case.get("state_machine_type") or (
        "EXPRESS" if case["kind"] == "sync_execution" else "STANDARD"
    )
    ok, reasons = compare.result_matches_case(
        case, ex.status, ex.output, ex.error, snapshot_form(ex.cause)
    )
    if case.get("expected_history") and state_machine_type == "STANDARD":
        raw = [dict(e, timestamp=e["timestamp"].timestamp()) for e in ex.history]
        hok, hreasons = compare.history_matches_case(aligned(case, raw), raw)
        ok, reasons = ok and hok, reasons + hreasons
    return Outcome(ok, reasons)
