"""What one TestState call answered, with assertions that say what was expected and what the
state did instead. Every assertion returns the result, so that they chain; each failure is an
``AssertionError`` whose message carries the whole answer (status, error, next state, output,
inspection data), because pytest's assertion rewriting does not reach into a library."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .drawing.overlay import clip
from .testing import json_diff

if TYPE_CHECKING:
    from .state_test import StateTest

SHOWN_CHARACTERS = 160
_ABSENT: Any = object()


def _parsed(value: Any) -> Any:
    """A data member's value: TestState gives JSON text, typed members (``errorDetails``,
    ``maxConcurrency`` ...) are values already."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _shown(value: Any) -> str:
    if value is _ABSENT:
        return "(none)"
    return clip(json.dumps(value, ensure_ascii=False, default=str), SHOWN_CHARACTERS)


def _difference(what: str, expected: Any, actual: Any) -> str:
    lines = [f"{what} differs:", f"  expected: {_shown(expected)}", f"  actual:   {_shown(actual)}"]
    if isinstance(expected, (dict, list)) and isinstance(actual, (dict, list)):
        lines.append(json_diff(expected, actual))
    return "\n".join(lines)


class StateTestResult:
    """The TestState answer for ``state_name``: ``status``, ``output``, ``error``, ``cause``,
    ``next_state`` and ``inspection`` (``inspectionData`` with its JSON text parsed), or None
    where TestState gave no such member; ``response`` and ``request`` as sent and received."""

    def __init__(
        self,
        test: StateTest,
        state_name: str,
        request: dict[str, Any],
        response: dict[str, Any],
    ) -> None:
        self.test = test
        self.state_name = state_name
        self.request = request
        self.response = response
        self.status: str = response.get("status", "")
        self.has_output = "output" in response
        self.output: Any = _parsed(response["output"]) if self.has_output else None
        self.error: str | None = response.get("error")
        self.cause: str | None = response.get("cause")
        self.next_state: str | None = response.get("nextState")
        data = response.get("inspectionData") or {}
        self.inspection: dict[str, Any] = {key: _parsed(value) for key, value in data.items()}

    @property
    def error_details(self) -> dict[str, Any] | None:
        """``inspectionData.errorDetails``: the retry backoff and index, or the catch index."""
        details = self.inspection.get("errorDetails")
        return details if isinstance(details, dict) else None

    # --- reading it ----------------------------------------------------------------------------

    def describe(self) -> str:
        """The whole answer, as an assertion's message shows it."""
        level = self.request.get("inspectionLevel", "INFO")
        lines = [f"TestState of {self.state_name!r} ({level}) ended {self.status}"]
        if self.error is not None or self.cause is not None:
            lines.append(f"  error:      {self.error}")
            lines.append(f"  cause:      {clip(str(self.cause), SHOWN_CHARACTERS)}")
        # What the request made the state do: the first thing to check when a status surprises.
        for key, label in (("mock", "mock:"), ("stateConfiguration", "config:")):
            if key in self.request:
                lines.append(f"  {label:<11} {_shown(self.request[key])}")
        lines.append(f"  next state: {self.next_state or '(none)'}")
        lines.append(f"  output:     {_shown(self.output if self.has_output else _ABSENT)}")
        if self.inspection:
            lines.append("  inspectionData:")
            width = max(len(key) for key in self.inspection)
            for key, value in self.inspection.items():
                lines.append(f"    {key + ':':<{width + 1}} {_shown(value)}")
        elif level == "INFO":
            lines.append("  inspectionData: none at INFO (use DEBUG or TRACE)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        nxt = f" -> {self.next_state}" if self.next_state else ""
        return f"<StateTestResult {self.state_name!r} {self.status}{nxt}>"

    def _fail(self, message: str) -> None:
        __tracebackhide__ = True
        raise AssertionError(message + "\n\n" + self.describe())

    # --- assertions -----------------------------------------------------------------------------

    def assert_status(self, expected: str) -> StateTestResult:
        __tracebackhide__ = True
        if self.status != expected:
            self._fail(f"expected {self.state_name!r} to end {expected}, it ended {self.status}")
        return self

    def assert_succeeded(self) -> StateTestResult:
        __tracebackhide__ = True
        return self.assert_status("SUCCEEDED")

    def assert_failed(self, error: str | None = None, cause: str | None = None) -> StateTestResult:
        """FAILED (with ``error`` and ``cause`` when given): no Retrier or Catcher took it."""
        __tracebackhide__ = True
        self.assert_status("FAILED")
        if error is not None:
            self.assert_error(error)
        if cause is not None:
            self.assert_cause(cause)
        return self

    def assert_retriable(
        self, backoff_seconds: int | None = None, retry_index: int | None = None
    ) -> StateTestResult:
        """RETRIABLE: a Retrier takes the error, waiting ``backoff_seconds`` first."""
        __tracebackhide__ = True
        self.assert_status("RETRIABLE")
        details = self.error_details or {}
        if backoff_seconds is not None:
            actual = details.get("retryBackoffIntervalSeconds")
            if actual != backoff_seconds:
                self._fail(f"expected a retry backoff of {backoff_seconds} s, got {actual} s")
        if retry_index is not None and details.get("retryIndex") != retry_index:
            self._fail(
                f"expected Retry[{retry_index}] to take the error, "
                f"Retry[{details.get('retryIndex')}] did"
            )
        return self

    def assert_caught_error(self, catch_index: int | None = None) -> StateTestResult:
        """CAUGHT_ERROR: a Catcher takes the error (Catch[``catch_index``] when given)."""
        __tracebackhide__ = True
        self.assert_status("CAUGHT_ERROR")
        actual = (self.error_details or {}).get("catchIndex")
        if catch_index is not None and actual != catch_index:
            self._fail(f"expected Catch[{catch_index}] to take the error, Catch[{actual}] did")
        return self

    def assert_next_state(self, expected: str | None) -> StateTestResult:
        """The state moves on to ``expected``; None: it has no next state (it ends, fails, or
        will be retried)."""
        __tracebackhide__ = True
        if self.next_state != expected:
            if expected is None:
                self._fail(f"expected no next state, got {self.next_state!r}")
            got = repr(self.next_state) if self.next_state else f"none (it ended {self.status})"
            self._fail(f"expected next state {expected!r}, got {got}")
        return self

    def assert_output(self, expected: Any) -> StateTestResult:
        __tracebackhide__ = True
        if not self.has_output:
            self._fail(f"expected output {_shown(expected)}, there is none")
        if self.output != expected:
            self._fail(_difference(f"the output of {self.state_name!r}", expected, self.output))
        return self

    def assert_error(self, expected: str) -> StateTestResult:
        __tracebackhide__ = True
        if self.error != expected:
            self._fail(f"expected error {expected!r}, got {self.error!r}")
        return self

    def assert_cause(self, expected: str) -> StateTestResult:
        __tracebackhide__ = True
        if self.cause != expected:
            self._fail(f"expected cause {expected!r}, got {self.cause!r}")
        return self

    def assert_inspection(self, key: str, expected: Any) -> StateTestResult:
        """``inspectionData[key]`` (its JSON text parsed) equals ``expected``."""
        __tracebackhide__ = True
        if key not in self.inspection:
            have = ", ".join(self.inspection) or "nothing"
            self._fail(f"expected inspectionData.{key}, it is not there (it has {have})")
        actual = self.inspection[key]
        if actual != expected:
            self._fail(_difference(f"inspectionData.{key}", expected, actual))
        return self

    def assert_after_input_path(self, expected: Any) -> StateTestResult:
        __tracebackhide__ = True
        return self.assert_inspection("afterInputPath", expected)

    def assert_after_parameters(self, expected: Any) -> StateTestResult:
        __tracebackhide__ = True
        return self.assert_inspection("afterParameters", expected)

    def assert_after_arguments(self, expected: Any) -> StateTestResult:
        __tracebackhide__ = True
        return self.assert_inspection("afterArguments", expected)

    def assert_result(self, expected: Any) -> StateTestResult:
        __tracebackhide__ = True
        return self.assert_inspection("result", expected)

    def assert_after_result_selector(self, expected: Any) -> StateTestResult:
        __tracebackhide__ = True
        return self.assert_inspection("afterResultSelector", expected)

    def assert_after_result_path(self, expected: Any) -> StateTestResult:
        __tracebackhide__ = True
        return self.assert_inspection("afterResultPath", expected)

    def assert_variables(self, expected: Mapping[str, Any]) -> StateTestResult:
        """The workflow variables after the state: those given and those it assigns."""
        __tracebackhide__ = True
        return self.assert_inspection("variables", dict(expected))

    # --- a path of states ----------------------------------------------------------------------

    def then(self, state_name: str | None = None) -> StateTest:
        """A StateTest of the next state (``state_name``, or the ``nextState`` TestState gave)
        whose input is this state's output and whose variables are those after this state (the
        inspection data holds them, so not at INFO). Mocks and state configuration are not
        carried over: they belong to one state."""
        __tracebackhide__ = True
        if not self.test.is_machine:
            raise ValueError("then() needs a whole state machine's definition, not one state's")
        name = state_name if state_name is not None else self.next_state
        if name is None:
            self._fail(f"{self.state_name!r} has no next state to go on to: name one in then()")
        if not self.has_output:
            self._fail(f"{self.state_name!r} has no output to give {name!r}")
        follow = self.test._with(_input=self.output, _mock=None, _configuration={})
        follow.state_name = name
        if "variables" in self.inspection:
            follow = follow.with_variables(self.inspection["variables"])
        return follow


__all__ = ["StateTestResult"]
