"""Recordings made before AWS changed a behaviour, brought to today's form (issue 12, item 4).

The recordings span 2023 to 2026, and AWS changed a few things in between. sfnsim follows
today's AWS. Each change below names what changed, the evidence for it and the date after
which every recording shows the new form. The harness rewrites the expected values of a case
recorded before that date into today's form before comparing. Such a case then counts like
any other, and the rewrite is reported. Nothing in the engine special-cases a date.

ARTEFACTS are faults of the recording process (a snapshot transformer's, not AWS's), repaired
in every recording that shows the fault's trace.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Case = dict[str, Any]


@dataclass(frozen=True)
class Change:
    name: str
    evidence: str
    until: datetime  # recordings before this date show the old form
    rewrite: Callable[[Case], bool]  # brings one case to today's form; False: nothing to do


def _events(case: Case) -> list[dict[str, Any]]:
    history = case.get("expected_history")
    return history if isinstance(history, list) else []


def _details(event: dict[str, Any]) -> dict[str, Any]:
    return next((v for k, v in event.items() if k.endswith("EventDetails")), {})


def _map_state_exited_points_at_map_run_started(case: Case) -> bool:
    events = _events(case)
    by_id = {e["id"]: e for e in events if isinstance(e.get("id"), int)}
    changed = False
    for event in events:
        if event.get("type") != "MapStateExited":
            continue
        previous = event.get("previousEventId")
        pointed = by_id.get(previous) if isinstance(previous, int) else None
        if not pointed or pointed.get("type") != "MapRunSucceeded":
            continue
        started = [
            e["id"]
            for e in events
            if e.get("type") == "MapRunStarted"
            and isinstance(e.get("id"), int)
            and e["id"] < pointed["id"]
        ]
        if started:
            event["previousEventId"] = max(started)
            changed = True
    return changed


def _first_state_input_is_compact(case: Case) -> bool:
    for event in _events(case):
        if not event.get("type", "").endswith("StateEntered"):
            continue
        details = _details(event)
        text = details.get("input")
        if not isinstance(text, str):
            return False
        try:
            compact = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
        except ValueError:
            return False
        if compact == text:
            return False
        details["input"] = compact
        return True
    return False


def _walk(value: Any) -> Any:
    """Every dict inside a recorded value, the value itself first."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


_CONTEXT_EXECUTION_KEYS = {"Id", "Input", "Name", "RoleArn", "StartTime"}
_LISTED_EXECUTION_KEYS = {"executionArn", "stateMachineArn", "name", "status", "startDate"}


def _redrive_fields_present(case: Case) -> bool:
    """The context object's Execution carries RedriveCount, and ListExecutions items carry
    redriveCount, both 0 for an execution never redriven."""
    changed = False
    recorded = [
        case.get("expected"),
        case.get("expected_history"),
        case.get("recorded_task_results"),
    ]
    for node in _walk(recorded):
        if _CONTEXT_EXECUTION_KEYS <= node.keys() and "RedriveCount" not in node:
            node["RedriveCount"] = 0
            changed = True
    for call in case.get("calls") or []:
        if not isinstance(call, dict) or call.get("op") != "list_executions":
            continue
        for node in _walk(call.get("expected")):
            if _LISTED_EXECUTION_KEYS <= node.keys() and "redriveCount" not in node:
                node["redriveCount"] = 0
                changed = True
    return changed


def _describe_shows_encryption(case: Case) -> bool:
    changed = False
    for call in case.get("calls") or []:
        if call.get("op") not in ("describe_state_machine", "describe_state_machine_for_execution"):
            continue
        for expected in call.get("expected") or []:
            recorded = expected.get("recorded")
            if isinstance(recorded, dict) and "definition" in recorded:
                recorded.setdefault("encryptionConfiguration", {"type": "AWS_OWNED_KEY"})
                changed = True
    return changed


_OBJECT_REFUSALS = (
    # JSONPath ItemsPath / a JSONata Map's input, and JSONata Items (docs/semantics/execution.md E7)
    re.compile(r"Map state input must be an array but was: (?P<value>\{.*\})$", re.S),
    re.compile(r"Expected 'array', but was 'object' for value: (?P<value>\{.*\})$", re.S),
)


def _refused_object(case: Case) -> dict[str, Any] | None:
    """The JSON object a recorded Map refused to iterate over, if that is how the case failed."""
    expected = case.get("expected") or {}
    if expected.get("status") != "FAILED":
        return None
    cause = str(expected.get("cause") or "")
    texts: list[str] = []
    for pattern in _OBJECT_REFUSALS:
        found = pattern.search(cause)
        if found:
            texts.append(found["value"])
    if expected.get("error") == "States.ItemReaderFailed" and cause == (
        "Attempting to map over non-iterable node."
    ):
        texts += [
            str(call.get("params", {}).get("Body"))
            for call in case.get("test_setup_calls") or []
            if call.get("op") == "put_object"
        ]
    for text in texts:
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _passes_items_through(definition: Any) -> bool:
    """A machine whose last state is a Map that returns its iterations' inputs unchanged: its
    processor is one Pass that ends, and nothing shapes the items or the result."""
    if isinstance(definition, str):
        definition = json.loads(definition)
    shaping = {"ItemSelector", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "Output"}
    for state in (definition.get("States") or {}).values():
        if state.get("Type") != "Map" or not state.get("End") or shaping & state.keys():
            continue
        processor = state.get("ItemProcessor") or state.get("Iterator") or {}
        inner = list((processor.get("States") or {}).values())
        if len(inner) == 1 and inner[0].get("Type") == "Pass" and inner[0].get("End"):
            return not (
                {"Result", "Parameters", "Output", "ResultPath", "OutputPath"} & inner[0].keys()
            )
    return False


def _map_iterates_object_members(case: Case) -> bool:
    """Today's form of a Map that refused a JSON object: it succeeds with one {Key, Value} item
    per member. Only status and output are compared: the recording holds no history of
    iterations that did not run."""
    value = _refused_object(case)
    if value is None or not _passes_items_through(case.get("definition")):
        return False
    case["expected"] = {
        "status": "SUCCEEDED",
        "output": [{"Key": k, "Value": v} for k, v in value.items()],
    }
    case["expected_history"] = None
    return True


CHANGES = [
    Change(
        "A Map iterates over a JSON object's members",
        "AWS's ItemsPath page (2025): ItemsPath 'must evaluate to a JSON array or object', and an "
        "object gives 'an iteration for each key-value pair in the object, passing the pair to the "
        "iteration as input'; the Map input/output page lists 'JSON arrays and objects from "
        "previous states'; ItemsPointer, which selects objects too, was new in October 2025 "
        "(aws/aws-cdk#35791). Observed on AWS in 2026: a JSON object read by an ItemReader gives "
        "{Key, Value} items (floci-io/floci#1588). The recordings that refuse an object date from "
        "September 2023 and November 2024 (docs/semantics/execution.md E18).",
        datetime(2025, 9, 1),
        _map_iterates_object_members,
    ),
    Change(
        "MapStateExited points at MapRunStarted",
        "A Distributed Map's MapStateExited pointed at MapRunSucceeded until November 2024; "
        "every Distributed Map recording since points it at MapRunStarted.",
        datetime(2024, 11, 1),
        _map_state_exited_points_at_map_run_started,
    ),
    Change(
        "The first state's input is re-serialised",
        "Until mid-2024 the first state's StateEntered input echoed the execution's raw input "
        "text; recordings since July 2024 show it re-serialised compactly.",
        datetime(2024, 7, 1),
        _first_state_input_is_compact,
    ),
    Change(
        "Executions carry their redrive count",
        "Redrive launched on 15 November 2023 (AWS docs, 'Redriving executions': executions "
        "started before that date cannot be redriven); since then the context object's "
        "Execution has RedriveCount and ListExecutions items have redriveCount (botocore's "
        "ExecutionListItem.redriveCount), 0 until an execution is redriven.",
        datetime(2023, 11, 15),
        _redrive_fields_present,
    ),
    Change(
        "Describing a state machine shows its encryption configuration",
        "AWS added customer managed keys in September 2024; since then DescribeStateMachine and "
        "DescribeStateMachineForExecution carry encryptionConfiguration, {type: AWS_OWNED_KEY} "
        "when none was given (every recording from November 2024 on, e.g. "
        "test_sfn_api_variable_references.py; the last without it is from June 2024).",
        datetime(2024, 9, 1),
        _describe_shows_encryption,
    ),
]


def _parallel_close_restored(case: Case) -> bool:
    """Puts back the event that closes a Parallel state, which the snapshot dropped: the
    recorded ids leave exactly one gap right before ParallelStateExited. A ParallelStateSucceeded
    shares Exited's previousEventId; Exited follows a ParallelStateFailed (a caught failure).
    Only in histories whose branch events were re-sorted, the ones the transformer touched;
    those are compared by event type, so the restored event carries no previousEventId."""
    if "re-sorted" not in str(case.get("history_normalisation") or ""):
        return False
    events = _events(case)
    changed = False
    for event in list(events):
        exited_id = event.get("id")
        if event.get("type") != "ParallelStateExited" or not isinstance(exited_id, int):
            continue
        position = events.index(event)
        opened = max(
            (i for i in range(position) if events[i].get("type") == "ParallelStateStarted"),
            default=None,
        )
        if opened is None or any(
            events[i].get("type", "").startswith("ParallelState")
            for i in range(opened + 1, position)
        ):
            continue
        if exited_id - 1 != position + 1:  # ids count from 1: exactly one event is missing
            continue
        failed = event.get("previousEventId") == exited_id - 1
        closing = "ParallelStateFailed" if failed else "ParallelStateSucceeded"
        events.insert(position, {"id": exited_id - 1, "type": closing})
        changed = True
    return changed


# Faults of the recording process rather than of AWS: repaired in every recording.
ARTEFACTS = [
    Change(
        "The event closing a Parallel state restored",
        "LocalStack's snapshot transformer for Parallel histories drops the event before "
        "ParallelStateExited (../shared/reference/api-and-history.md, Parallel caveat): the "
        "recorded ids leave its gap, and AWS's HistoryEventType lists ParallelStateSucceeded "
        "and ParallelStateFailed.",
        datetime.max,
        _parallel_close_restored,
    ),
]


def recorded(case: Case) -> datetime | None:
    text = case.get("recorded_date")
    try:
        return datetime.strptime(str(text), "%d-%m-%Y, %H:%M:%S")
    except ValueError:
        return None


def in_todays_form(case: Case) -> tuple[Case, list[str]]:
    """The case with its expected values in today's form, and the changes that rewrote it."""
    when = recorded(case)
    applicable = list(ARTEFACTS)
    if when is not None:
        applicable += [c for c in CHANGES if when < c.until]
    if not applicable:
        return case, []
    current = copy.deepcopy(case)
    applied = [c.name for c in applicable if c.rewrite(current)]
    return (current, applied) if applied else (case, [])
