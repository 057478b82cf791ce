"""Assertions for tests of state machines, with failure messages that show what happened:
status, the failing state with its error and cause, the path taken, a diff against what was
expected, and the last events of the history.

Each helper takes an ``sfnsim.Execution``, a view from ``sfnsim.show()``, or an execution ARN /
``start_execution`` / ``describe_execution`` response together with the ``client`` that ran it
(in pytest, the ``sfn_client`` fixture is used when no client is given).

>>> import sfnsim
>>> from sfnsim.testing import assert_path, assert_succeeded
>>> ex = sfnsim.run({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
...                  "B": {"Type": "Pass", "End": True}}})
>>> assert_succeeded(ex)
>>> assert_path(ex, ["A", "B"])
"""

from __future__ import annotations

import contextvars
import difflib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .drawing.overlay import clip, format_ms
from .history_reader import NOT_RUN, StateView, Trace, details

EVENTS_SHOWN = 15
_default_client: contextvars.ContextVar[Any] = contextvars.ContextVar(
    "sfnsim_default_client", default=None
)


def use_client(client: Any) -> contextvars.Token[Any]:
    """Makes ``client`` the one helpers use for an ARN given without ``client=`` (the pytest
    plugin's ``sfn_client`` fixture does this for each test)."""
    return _default_client.set(client)


def reset_client(token: contextvars.Token[Any]) -> None:
    _default_client.reset(token)


class _Subject:
    """What a helper needs from an execution, whatever form it was given in."""

    def __init__(self, target: Any, client: Any) -> None:
        from .drawing import ExecutionView, fetch_execution

        view: ExecutionView
        if isinstance(target, ExecutionView):
            view = target
        elif callable(getattr(target, "view", None)) and hasattr(target, "trace"):
            self.trace: Trace = target.trace
            self.status = target.status
            self.error, self.cause = target.error, target.cause
            self.name = target.name
            self.output_text = target.output_json
            self.target = target
            return
        else:
            arn = target.get("executionArn") if isinstance(target, Mapping) else target
            if not isinstance(arn, str):
                raise TypeError(
                    f"expected an sfnsim.Execution or an execution ARN, got {type(target).__name__}"
                )
            client = client if client is not None else _default_client.get()
            if client is None:
                raise TypeError("an execution ARN needs client= (or the sfn_client fixture)")
            view = fetch_execution(client, arn)
        self.target = view
        self.trace = view.trace
        self.status = view.status
        self.error = view.summary.get("error") or view.trace.error
        self.cause = view.summary.get("cause") or view.trace.cause
        self.name = view.summary.get("name") or ""
        self.output_text = view.summary.get("output") or view.trace.output_text

    def state(self, name: str) -> StateView:
        summary = self.trace.states().get(name)
        if summary is None:
            return StateView(name, [], unread=name in self.trace.unread_states())
        return StateView(name, summary.visits)


def _did_not_run(state: str, view: StateView) -> str:
    if view.unread:
        # It ran, in child executions the history does not hold: saying "did not run" (or
        # passing assert_state_not_run) would be wrong.
        return (
            f"state {state!r} ran in a Distributed Map's child executions, which this "
            "execution's history does not hold (give the execution ARN with client= to read "
            "them)"
        )
    return f"state {state!r} did not run"


def describe(subject: _Subject, events: int = EVENTS_SHOWN) -> str:
    """Status, failure, path and the last events, as a failure message shows them."""
    trace = subject.trace
    lines = [f"execution {subject.name} ended {subject.status}".replace("  ", " ")]
    if subject.error or subject.cause:
        failing = trace.failing_visit()
        where = ""
        if failing is not None:
            where = f" in state {failing.name!r}" + (f" ({failing.where})" if failing.where else "")
        lines.append(f"  error: {subject.error}{where}")
        if subject.cause:
            lines.append(f"  cause: {clip(str(subject.cause), 500)}")
    lines.append("  path:  " + (" -> ".join(trace.path) or "(no state ran)"))
    lines.append(history_table(trace, events))
    return "\n".join(lines)


def history_table(trace: Trace, limit: int = EVENTS_SHOWN) -> str:
    all_events = list(trace.events)
    shown = all_events[-limit:]
    cut = f"last {len(shown)} of " if len(shown) < len(all_events) else ""
    head = f"history ({cut}{len(all_events)} events):"
    rows = [head]
    for event in shown:
        event_id = int(event.get("id", 0))
        visit = trace.visit_of.get(event_id)
        info = details(event)
        state = visit.name if visit is not None else str(info.get("name", ""))
        extra = []
        for key in ("error", "cause", "output", "input"):
            if info.get(key) is not None:
                extra.append(f"{key}={clip(str(info[key]), 80)}")
                if key in ("error", "output"):
                    break
        rows.append(
            f"  {event_id:>5}  {str(event.get('type', '')):<28} {state:<22} "
            f"{format_ms(trace.ms(event)) or '0':>8}  {' '.join(extra)}".rstrip()
        )
    return "\n".join(rows)


def _fail(message: str, subject: _Subject) -> None:
    __tracebackhide__ = True
    raise AssertionError(message + "\n\n" + describe(subject))


def assert_status(ex: Any, status: str, *, client: Any = None) -> None:
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    if subject.status != status:
        _fail(f"expected the execution to end {status}, it ended {subject.status}", subject)


def assert_succeeded(ex: Any, *, output: Any = ..., client: Any = None) -> None:
    """The execution succeeded (and, if given, produced ``output``)."""
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    if subject.status != "SUCCEEDED":
        _fail(f"expected the execution to succeed, it ended {subject.status}", subject)
    if output is not ...:
        actual = json.loads(subject.output_text) if subject.output_text else None
        if actual != output:
            _fail(
                "the execution's output differs from the expected one:\n"
                + json_diff(output, actual),
                subject,
            )


def assert_failed(
    ex: Any, *, error: str | None = None, cause: str | None = None, client: Any = None
) -> None:
    """The execution failed (with ``error`` and ``cause`` when given)."""
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    if subject.status != "FAILED":
        _fail(f"expected the execution to fail, it ended {subject.status}", subject)
    if error is not None and subject.error != error:
        _fail(f"expected error {error!r}, got {subject.error!r}", subject)
    if cause is not None and subject.cause != cause:
        _fail(f"expected cause {cause!r}, got {subject.cause!r}", subject)


def assert_path(ex: Any, expected: Sequence[str], *, client: Any = None) -> None:
    """The top-level states ran in exactly this order."""
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    actual = subject.trace.path
    if list(actual) != list(expected):
        _fail("the execution took a different path:\n" + path_diff(list(expected), actual), subject)


def assert_state_output(ex: Any, state: str, expected: Any, *, client: Any = None) -> None:
    """The last run of ``state`` produced ``expected``."""
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    view = subject.state(state)
    if not view.ran:
        _fail(_did_not_run(state, view), subject)
    visit = view.visits[-1]
    if visit.output_text is None:
        _fail(
            f"state {state!r} has no output: it ended {visit.status}"
            + (f" with {visit.error}" if visit.error else ""),
            subject,
        )
    if visit.output != expected:
        _fail(
            f"the output of state {state!r} differs:\n" + json_diff(expected, visit.output), subject
        )


def assert_state_input(ex: Any, state: str, expected: Any, *, client: Any = None) -> None:
    """The last run of ``state`` received ``expected``."""
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    view = subject.state(state)
    if not view.ran:
        _fail(_did_not_run(state, view), subject)
    if view.input != expected:
        _fail(f"the input of state {state!r} differs:\n" + json_diff(expected, view.input), subject)


def assert_state_ran(ex: Any, state: str, *, times: int | None = None, client: Any = None) -> None:
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    view = subject.state(state)
    if not view.ran:
        _fail(_did_not_run(state, view), subject)
    if times is not None and view.count != times:
        _fail(f"state {state!r} ran {view.count} times, expected {times}", subject)


def assert_state_not_run(ex: Any, state: str, *, client: Any = None) -> None:
    __tracebackhide__ = True
    subject = _Subject(ex, client)
    view = subject.state(state)
    if view.unread:
        _fail(_did_not_run(state, view), subject)
    if view.ran:
        _fail(
            f"state {state!r} ran {view.count} time(s) ({view.status}), expected it not to run",
            subject,
        )


def path_diff(expected: list[str], actual: list[str]) -> str:
    lines = [
        f"  expected: {' -> '.join(expected) or '(nothing)'}",
        f"  actual:   {' -> '.join(actual) or '(nothing)'}",
    ]
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e != a:
            lines.append(f"  first difference at step {i + 1}: expected {e!r}, got {a!r}")
            break
    else:
        if len(actual) < len(expected):
            missing = " -> ".join(expected[len(actual) :])
            lines.append(f"  stopped after step {len(actual)}; missing: {missing}")
        else:
            lines.append(
                f"  went on after step {len(expected)}: {' -> '.join(actual[len(expected) :])}"
            )
    lines.append("  diff (- expected, + actual):")
    for line in difflib.ndiff(expected, actual):
        if not line.startswith("?"):
            lines.append("    " + line)
    return "\n".join(lines)


def json_diff(expected: Any, actual: Any) -> str:
    a = json.dumps(expected, indent=2, sort_keys=True, default=str).splitlines()
    b = json.dumps(actual, indent=2, sort_keys=True, default=str).splitlines()
    diff = difflib.unified_diff(a, b, "expected", "actual", lineterm="", n=2)
    return "\n".join("  " + line for line in diff)


__all__ = [
    "assert_failed",
    "assert_path",
    "assert_state_input",
    "assert_state_not_run",
    "assert_state_output",
    "assert_state_ran",
    "assert_status",
    "assert_succeeded",
    "use_client",
    "NOT_RUN",
]
