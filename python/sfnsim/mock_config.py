"""AWS Step Functions Local's ``MockConfigFile``, as Step Functions Local reads it.

``load_mock_config(path_or_dict)`` checks the whole file up front and raises
``MockConfigError`` naming the offending key. ``config.mocks(state_machine_name, test_case)``
gives the ``Mocks`` of one test case: each listed Task state answers its mocked responses in
invocation order (one counter per state per execution, advanced by retries, Map iterations and
loops alike); an invocation with no response fails the execution with ``States.Runtime``, which
nothing retries or catches. ``Return`` is the raw integration result (a ``lambda:invoke`` mock
returns the whole ``{"StatusCode", "Payload", ...}`` response); a mocked ``.waitForTaskToken``
task answers at once.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from .errors import SfnSimError
from .mocks import Mocks, MockTarget, Response

_KEY = re.compile(r"^([0-9]+)(?:-([0-9]+))?$")


class MockConfigError(SfnSimError):
    """A MockConfigFile that Step Functions Local would not accept; the message says where."""


@dataclass(frozen=True)
class TestCase:
    state_machine: str
    name: str
    states: Mapping[str, str]  # Task state name -> mocked response name


class MockConfig:
    """A parsed, validated MockConfigFile."""

    def __init__(
        self,
        test_cases: dict[str, dict[str, TestCase]],
        responses: dict[str, list[Response]],
    ) -> None:
        self.test_cases = test_cases
        self.responses = responses

    def __repr__(self) -> str:
        machines = "; ".join(
            f"{machine} ({', '.join(cases) or 'no test cases'})"
            for machine, cases in self.test_cases.items()
        )
        return (
            f"<MockConfig: state machines {machines or 'none'}; "
            f"{len(self.responses)} mocked response(s): {', '.join(self.responses) or 'none'}>"
        )

    def test_case(self, state_machine_name: str, test_case: str) -> TestCase:
        machine = self.test_cases.get(state_machine_name)
        if machine is None:
            known = ", ".join(sorted(self.test_cases)) or "none"
            raise MockConfigError(
                f"StateMachines has no state machine named '{state_machine_name}' "
                f"(the file has: {known})"
            )
        case = machine.get(test_case)
        if case is None:
            known = ", ".join(sorted(machine)) or "none"
            raise MockConfigError(
                f"StateMachines.{state_machine_name}.TestCases has no test case '{test_case}' "
                f"(the file has: {known})"
            )
        return case

    def mocks(self, state_machine_name: str, test_case: str) -> Mocks:
        """The Mocks of one test case."""
        case = self.test_case(state_machine_name, test_case)
        mocks = Mocks()
        for state, response_name in case.states.items():
            target: MockTarget = mocks.state(state)
            target.label = f"MockedResponses.{response_name} (of {state})"
            target.sequence(*self.responses[response_name])
            target.exhausted_error = "States.Runtime"
            target.mocks_activities = False
        return mocks


def _parse_response(where: str, value: Any) -> Response:
    if not isinstance(value, dict):
        raise MockConfigError(f"{where}: expected an object with 'Return' or 'Throw'")
    keys = set(value)
    if keys == {"Return"}:
        return Response("return", value=value["Return"], raw=True)
    if keys == {"Throw"}:
        throw = value["Throw"]
        if not isinstance(throw, dict):
            raise MockConfigError(f"{where}.Throw: expected an object with 'Error' and 'Cause'")
        for field in ("Error", "Cause"):
            if field in throw and not isinstance(throw[field], str):
                raise MockConfigError(f"{where}.Throw.{field}: expected a string")
        extra = set(throw) - {"Error", "Cause"}
        if extra:
            raise MockConfigError(f"{where}.Throw: unknown field '{sorted(extra)[0]}'")
        if "Error" not in throw:
            raise MockConfigError(f"{where}.Throw: missing 'Error'")
        return Response("raise", error=throw["Error"], cause=throw.get("Cause"))
    if not keys:
        raise MockConfigError(f"{where}: expected 'Return' or 'Throw', got an empty object")
    if {"Return", "Throw"} <= keys:
        raise MockConfigError(f"{where}: has both 'Return' and 'Throw'; give exactly one")
    unknown = min(keys - {"Return", "Throw"})
    raise MockConfigError(f"{where}: unknown field '{unknown}' (expected 'Return' or 'Throw')")


def _parse_mocked_response(name: str, value: Any) -> list[Response]:
    where = f"MockedResponses.{name}"
    if not isinstance(value, dict):
        raise MockConfigError(f"{where}: expected an object of invocation keys")
    ranges: list[tuple[int, int, Response]] = []
    for key, response in value.items():
        m = _KEY.match(key)
        if not m:
            raise MockConfigError(
                f"{where}: invalid invocation key '{key}' (expected a number like \"0\" "
                f'or a range like "1-2")'
            )
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) is not None else first
        if last < first:
            raise MockConfigError(f"{where}: invalid range '{key}' (end before start)")
        ranges.append((first, last, _parse_response(f"{where}.{key}", response)))
    ranges.sort(key=lambda r: r[0])
    out: list[Response] = []
    for first, last, response in ranges:
        if first != len(out):
            raise MockConfigError(
                f"{where}: inconsistent invocation numbering: expected invocation {len(out)} "
                f"next, found {first} (keys must cover 0, 1, 2, ... without gaps or overlaps)"
            )
        out.extend([response] * (last - first + 1))
    return out


def parse_mock_config(data: Any) -> MockConfig:
    """Validates a decoded MockConfigFile."""
    if not isinstance(data, dict):
        raise MockConfigError("MockConfigFile: expected a JSON object at the top level")
    for field in ("StateMachines", "MockedResponses"):
        if field not in data:
            raise MockConfigError(f"MockConfigFile: missing top-level field '{field}'")
        if not isinstance(data[field], dict):
            raise MockConfigError(f"{field}: expected an object")
    extra = sorted(set(data) - {"StateMachines", "MockedResponses"})
    if extra:
        raise MockConfigError(f"MockConfigFile: unknown top-level field '{extra[0]}'")
    responses = {
        name: _parse_mocked_response(name, value) for name, value in data["MockedResponses"].items()
    }
    test_cases: dict[str, dict[str, TestCase]] = {}
    for machine, spec in data["StateMachines"].items():
        where = f"StateMachines.{machine}"
        if not isinstance(spec, dict) or "TestCases" not in spec:
            raise MockConfigError(f"{where}: expected an object with 'TestCases'")
        extra = sorted(set(spec) - {"TestCases"})
        if extra:
            raise MockConfigError(f"{where}: unknown field '{extra[0]}'")
        cases = spec["TestCases"]
        if not isinstance(cases, dict):
            raise MockConfigError(f"{where}.TestCases: expected an object of test cases")
        test_cases[machine] = {}
        for case_name, states in cases.items():
            case_where = f"{where}.TestCases.{case_name}"
            if not isinstance(states, dict):
                raise MockConfigError(f"{case_where}: expected an object of state -> response")
            for state, response_name in states.items():
                if not isinstance(response_name, str):
                    raise MockConfigError(
                        f"{case_where}.{state}: expected the name of a mocked response"
                    )
                if response_name not in responses:
                    raise MockConfigError(
                        f"{case_where}.{state}: no mocked response named '{response_name}' "
                        "in MockedResponses"
                    )
            test_cases[machine][case_name] = TestCase(machine, case_name, dict(states))
    return MockConfig(test_cases, responses)


PathLike = Union[str, "os.PathLike[str]"]


def load_mock_config(source: PathLike | Mapping[str, Any]) -> MockConfig:
    """Loads a MockConfigFile from a path (or ``SFN_MOCK_CONFIG``'s file) or a decoded dict."""
    if isinstance(source, Mapping):
        return parse_mock_config(dict(source))
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MockConfigError(f"MockConfigFile: cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise MockConfigError(f"MockConfigFile {path}: not valid JSON: {exc}") from None
    return parse_mock_config(data)
