"""TestState against executions, on every pure recorded workflow: each top-level state an
execution runs, given to TestState with the input it got (and, for a Task, the result it got as
the mock), must give the output and the next state the execution's events show, or the same
error. The two share the engine's steps; this checks what TestState adds around them (the
one-off run, mocks, where it stops) on definitions nobody wrote for it.

States whose behaviour TestState defines differently on purpose are left out: those reading
the context object ($$ or $states.context: TestState's context names the state "StateName"),
Map and Parallel (TestState needs their result as a mock), and a Retry or Catch a failure
would take (TestState reports it instead of following it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sfnsim

from .harness import CASES, Outcome, compare_module, is_engine_case
from .service_harness import is_service_case, run_service_execution

ROLE = "arn:aws:iam::123456789012:role/r"
SKIPPED_TYPES = {"Map", "Parallel"}


def _cases() -> list[dict[str, Any]]:
    if not CASES.exists():
        return []
    out = []
    for line in CASES.read_text().splitlines():
        case = json.loads(line)
        runnable = is_engine_case(case) or is_service_case(case)
        if runnable and isinstance(case.get("definition"), (str, dict)):
            out.append(case)
    return out


def _execution(case: dict[str, Any]) -> sfnsim.Execution | None:
    """The case run as its conformance test runs it: pure ones as they are, service ones with
    their recorded task results as mocks."""
    try:
        if is_service_case(case):
            ex = run_service_execution(case, compare_module())
            return None if isinstance(ex, Outcome) else ex
        return sfnsim.run(_definition(case), case.get("input", {}), seed=1)
    except sfnsim.SfnSimError:
        return None


def _definition(case: dict[str, Any]) -> dict[str, Any] | None:
    raw = case["definition"]
    # A few recorded definitions kept the normalised partition; AWS ran them with "aws".
    text = raw if isinstance(raw, str) else json.dumps(raw)
    try:
        value = json.loads(text.replace("arn:<partition>:", "arn:aws:"))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _details(event: dict[str, Any]) -> dict[str, Any]:
    return next((v for k, v in event.items() if k.endswith("EventDetails")), {})


def _parsed(text: Any) -> Any:
    return json.loads(text) if isinstance(text, str) else text


class Visit:
    """One top-level state as the execution ran it."""

    def __init__(self, name: str, state_input: Any) -> None:
        self.name = name
        self.input = state_input
        self.result: Any = None
        self.output: Any = None
        self.next: str | None = None
        self.variables: dict[str, Any] = {}


def _visits(events: list[dict[str, Any]]) -> Iterator[Visit]:
    """Top-level visits (previousEventId chains of the root thread only), each with the
    variables assigned before it."""
    by_id = {e["id"]: e for e in events}
    variables: dict[str, Any] = {}
    open_visit: Visit | None = None
    for event in events:
        kind = event["type"]
        details = _details(event)
        if kind.endswith("StateEntered"):
            parent = by_id.get(event.get("previousEventId", 0))
            if parent is not None and parent["type"] in (
                "MapIterationStarted",
                "ParallelStateStarted",
            ):
                continue
            if open_visit is not None and open_visit.output is not None:
                open_visit.next = details.get("name")
                yield open_visit
            open_visit = Visit(details["name"], _parsed(details.get("input")))
            open_visit.variables = dict(variables)
        elif open_visit is not None and kind in ("TaskSucceeded", "LambdaFunctionSucceeded"):
            open_visit.result = _parsed(details.get("output"))
        elif (
            open_visit is not None
            and kind.endswith("StateExited")
            and details.get("name") == open_visit.name
        ):
            open_visit.output = _parsed(details.get("output"))
            for name, value in (details.get("assignedVariables") or {}).items():
                variables[name] = _parsed(value)
        elif (
            kind == "ExecutionSucceeded"
            and open_visit is not None
            and open_visit.output is not None
        ):
            yield open_visit
            open_visit = None


def _comparable(definition: dict[str, Any], visit: Visit) -> bool:
    state = definition["States"].get(visit.name)
    if not isinstance(state, dict) or state.get("Type") in SKIPPED_TYPES:
        return False
    text = json.dumps(state)
    if "$$" in text or "$states.context" in text or "States.UUID" in text:
        return False
    if "Random" in text or "$random" in text or "$now" in text or "$millis" in text:
        return False
    if state.get("Type") == "Task" and visit.result is None:
        return False
    return True


def _pairs() -> list[tuple[str, dict[str, Any], Visit]]:
    pairs = []
    for case in _cases():
        definition = _definition(case)
        if definition is None or not isinstance(definition.get("States"), dict):
            continue
        ex = _execution(case)
        if ex is None:
            continue
        for index, visit in enumerate(_visits(list(ex.history))):
            if _comparable(definition, visit):
                case_id = f"{case.get('id') or case.get('name')}#{visit.name}#{index}"
                pairs.append((case_id, definition, visit))
    return pairs


PAIRS = _pairs()


@pytest.mark.skipif(not PAIRS, reason="needs ../shared/conformance")
@pytest.mark.parametrize(("case_id", "definition", "visit"), PAIRS, ids=[p[0] for p in PAIRS])
def test_test_state_agrees_with_the_execution(
    case_id: str, definition: dict[str, Any], visit: Visit
) -> None:
    sfn = sfnsim.client()
    request: dict[str, Any] = {
        "definition": json.dumps(definition),
        "stateName": visit.name,
        "roleArn": ROLE,
        "input": json.dumps(visit.input),
    }
    if visit.variables:
        request["variables"] = json.dumps(visit.variables)
    if visit.result is not None:
        request["mock"] = {"result": json.dumps(visit.result), "fieldValidationMode": "NONE"}
    answer = sfn.test_state(**request)
    assert answer["status"] == "SUCCEEDED", (case_id, answer)
    assert json.loads(answer["output"]) == visit.output, case_id
    assert answer.get("nextState") == visit.next, case_id


def test_the_differential_covers_many_states() -> None:
    if not PAIRS:
        pytest.skip("needs ../shared/conformance")
    assert len(PAIRS) >= 100
