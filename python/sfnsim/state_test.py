"""``StateTest``: a fluent way to call TestState on one state and check what it did.

It builds the request AWS's TestState takes (docs/test-state.md), sends it to a client, and
returns a :class:`~sfnsim.state_test_result.StateTestResult` whose assertions explain
themselves. It needs no pytest; the plugin's ``sfn_state_test`` fixture makes one with the
test's client.

>>> import sfnsim
>>> machine = {"StartAt": "Charge", "States": {"Charge": {
...     "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
...     "Arguments": {"FunctionName": "charge", "Payload": "{% $states.input %}"},
...     "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"],
...                "IntervalSeconds": 2, "BackoffRate": 2, "MaxAttempts": 3}],
...     "QueryLanguage": "JSONata", "End": True}}}
>>> result = (sfnsim.StateTest(machine, "Charge").with_input({"amount": 5})
...           .with_mock_error("Lambda.TooManyRequestsException", "Rate exceeded")
...           .with_retry_count(1).execute())
>>> result.status, result.inspection["errorDetails"]
('RETRIABLE', {'retryBackoffIntervalSeconds': 4, 'retryIndex': 0})
>>> _ = result.assert_retriable(backoff_seconds=4).assert_next_state(None)
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

from .definition_json import definition_value
from .state_test_result import StateTestResult

Definition = Union[str, "os.PathLike[str]", Mapping[str, Any]]
INSPECTION_LEVELS = ("INFO", "DEBUG", "TRACE")
# TestState asks for a role whenever a Task is performed; sfnsim never assumes it.
DEFAULT_ROLE_ARN = "arn:aws:iam::123456789012:role/sfnsim-test-state"


def definition_text(definition: Definition, base: Path | None = None) -> str:
    """The JSON text of a definition given as a mapping, JSON text, or a path to a file
    (relative to ``base`` when given). Text that starts with ``{`` is JSON, anything else a
    path: no state machine file name starts with a brace, and guessing from whether a file
    exists would turn a typo in a path into a confusing "not JSON" error."""
    if isinstance(definition, Mapping):
        return json.dumps(definition)
    if isinstance(definition, str) and definition.lstrip().startswith("{"):
        return definition
    path = Path(definition)
    if base is not None and not path.is_absolute():
        path = base / path
    return path.read_text(encoding="utf-8")


def _states_of(value: Any) -> dict[str, Any] | None:
    states = value.get("States") if isinstance(value, dict) else None
    return states if isinstance(states, dict) else None


class StateTest:
    """One TestState request, built step by step. Every ``with_*`` returns a new StateTest, so a
    common set-up can be shared by several tests:

    ``StateTest(definition, state_name=None, *, client=None, tasks=None, mocks=None,
    services=None, role_arn=...)``: ``definition`` is a mapping, JSON text or a path to a
    ``.asl.json`` file, holding a whole state machine (then ``state_name`` picks the state,
    nested ones included) or a single state. Without ``client``, a fresh ``sfnsim.client()`` is
    made on the first ``execute()`` with ``tasks``, ``mocks`` and ``services``; any client with
    boto3's ``test_state`` works, a boto3 client under ``sfnsim.mock_aws()`` too.
    """

    def __init__(
        self,
        definition: Definition,
        state_name: str | None = None,
        *,
        client: Any = None,
        tasks: Any = None,
        mocks: Any = None,
        services: Any = None,
        role_arn: str = DEFAULT_ROLE_ARN,
    ) -> None:
        if client is not None and (tasks, mocks, services) != (None, None, None):
            raise TypeError("give client= or tasks=/mocks=/services= for a new client, not both")
        self.definition = definition_text(definition)
        self.state_name = state_name
        self.role_arn = role_arn
        # Shared by every StateTest derived from this one, so that a path of then() calls runs
        # on one client (and one set of in-memory services).
        self._client: list[Any] = [client]
        self._client_options = {"tasks": tasks, "mocks": mocks, "services": services}
        self._input: Any = {}
        self._context: Any = None
        self._variables: Mapping[str, Any] | None = None
        self._mock: dict[str, Any] | None = None
        self._configuration: dict[str, Any] = {}
        self._inspection_level = "DEBUG"

    # --- building ----------------------------------------------------------------------------

    def _with(self, **changes: Any) -> StateTest:
        derived = copy.copy(self)
        derived._configuration = dict(self._configuration)
        for name, value in changes.items():
            setattr(derived, name, value)
        return derived

    def _configured(self, key: str, value: Any) -> StateTest:
        return self._with(_configuration={**self._configuration, key: value})

    def with_input(self, value: Any) -> StateTest:
        """The state's input, a JSON value (a ``str`` is a JSON string)."""
        return self._with(_input=value)

    def with_context(self, context: Mapping[str, Any]) -> StateTest:
        """The context object, used exactly as given (TestState fills nothing in)."""
        return self._with(_context=context)

    def with_variables(self, variables: Mapping[str, Any]) -> StateTest:
        """Workflow variables visible to the state, as earlier states' ``Assign`` left them."""
        return self._with(_variables=variables)

    def with_mock_result(self, result: Any) -> StateTest:
        """The state's raw result instead of calling its service: a Task's service response, a
        Map's whole result, or a Parallel's list with one element per branch."""
        return self._with(_mock={"result": json.dumps(result)})

    def with_mock_error(self, error: str, cause: str | None = None) -> StateTest:
        """Fails the invocation with ``error`` (and ``cause``): Retry and Catch then apply."""
        output = {"error": error} if cause is None else {"error": error, "cause": cause}
        return self._with(_mock={"errorOutput": output})

    def with_retry_count(self, count: int) -> StateTest:
        """How many retries the matching Retrier has already made (``retrierRetryCount``)."""
        return self._configured("retrierRetryCount", count)

    def with_error_caused_by_state(self, state_name: str) -> StateTest:
        """The state inside a Map or Parallel that a mocked error comes from."""
        return self._configured("errorCausedByState", state_name)

    def with_map_failure_count(self, count: int) -> StateTest:
        """How many of a Map's iterations failed (``mapIterationFailureCount``)."""
        return self._configured("mapIterationFailureCount", count)

    def with_item_reader_data(self, data: Any) -> StateTest:
        """What a Distributed Map's ItemReader reads: text as its source holds it (JSON, JSON
        Lines, CSV), or a JSON value, sent as JSON text."""
        return self._configured(
            "mapItemReaderData", data if isinstance(data, str) else json.dumps(data)
        )

    def with_inspection_level(self, level: str) -> StateTest:
        """INFO (no inspection data), DEBUG (the default) or TRACE."""
        if level not in INSPECTION_LEVELS:
            raise ValueError(f"inspection level {level!r}: one of {', '.join(INSPECTION_LEVELS)}")
        return self._with(_inspection_level=level)

    # --- running -----------------------------------------------------------------------------

    @property
    def is_machine(self) -> bool:
        """Whether the definition is a whole state machine (not a single state)."""
        return _states_of(definition_value(self.definition)) is not None

    def request(self, state_name: str | None = None) -> dict[str, Any]:
        """The TestState request ``execute()`` sends, as boto3's keyword arguments."""
        name = state_name if state_name is not None else self.state_name
        states = _states_of(definition_value(self.definition))
        if states is not None and name is None:
            raise ValueError(
                "the definition is a whole state machine: name the state to test "
                f"(one of {', '.join(states)})"
            )
        request: dict[str, Any] = {
            "definition": self.definition,
            "roleArn": self.role_arn,
            "input": json.dumps(self._input),
            "inspectionLevel": self._inspection_level,
        }
        if name is not None:
            request["stateName"] = name
        if self._variables is not None:
            request["variables"] = json.dumps(self._variables)
        if self._context is not None:
            request["context"] = json.dumps(self._context)
        if self._mock is not None:
            request["mock"] = dict(self._mock)
        if self._configuration:
            request["stateConfiguration"] = dict(self._configuration)
        return request

    @property
    def client(self) -> Any:
        """The client requests go to (made on first use when none was given)."""
        if self._client[0] is None:
            from .client import client

            self._client[0] = client(**self._client_options)
        return self._client[0]

    def execute(self, state_name: str | None = None) -> StateTestResult:
        """Calls TestState and returns what it answered. API errors (an invalid definition, an
        unknown state) raise the client's exceptions, as a direct call would."""
        request = self.request(state_name)
        response = dict(self.client.test_state(**request))
        response.pop("ResponseMetadata", None)
        name = request.get("stateName") or "(the state)"
        return StateTestResult(self, name, request, response)

    def __repr__(self) -> str:
        return f"<sfnsim.StateTest {self.state_name or '(single state)'}>"


__all__ = ["DEFAULT_ROLE_ARN", "StateTest", "definition_text"]
