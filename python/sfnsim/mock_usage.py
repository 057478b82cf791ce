"""Mock entries that no state of a definition can use: ``mocks.state("Chrage")`` for a state
called ``Charge``. Such an entry is a mistake in the test itself, which would otherwise show only
later, as a ``sfnsim.TaskNotMocked`` of the state it was meant for (or not at all, when a
``tasks=`` handler or a fake answers that state instead).

When an entry counts as used (read from the definition, no execution needed); each state
is looked at at any depth (Parallel branches, Map processors):

- ``mocks.state(name)``: a state called ``name``;
- ``mocks.lambda_(fn)``: a Task whose ``Resource`` is a Lambda function ARN of ``fn``, or a
  ``lambda:invoke`` Task whose ``FunctionName`` names ``fn`` (name, ``name:alias``, partial or
  full ARN). Never reported when some ``lambda:invoke`` computes its ``FunctionName``
  (``FunctionName.$``, JSONata): which functions it calls is not known before it runs;
- ``mocks.resource(arn)``: a Task, ``ItemReader`` or ``ResultWriter`` whose ``Resource`` is
  ``arn`` exactly;
- a MockConfigFile test case's state: a state of that name (Step Functions Local keys them by
  state name).

An entry only read (``mocks.state("X").calls``), with no response, is not an entry to report.
Unused entries are a :class:`UnusedMockWarning`; with ``strict_mocks=True`` (``sfnsim.run``,
``sfnsim.client``, ``sfnsim.mock_aws``; ``--strict-mocks`` on the CLI) an
:class:`sfnsim.UnusedMockError`.
"""

from __future__ import annotations

import difflib
import json
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .definition_states import is_mapping, walk_states
from .errors import UnusedMockError
from .mocks import LAMBDA_INVOKE, Mocks, function_name


class UnusedMockWarning(UserWarning):
    """A mock entry that no state of the definition can use (a typo in a state's name?)."""


@dataclass
class _Uses:
    """What a definition's states can ask mocks for."""

    states: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    resources: set[str] = field(default_factory=set)
    functions_known: bool = True  # False once some lambda:invoke computes its FunctionName


def _invoked_function(state: Mapping[str, Any]) -> str | None:
    """The static FunctionName of a lambda:invoke Task; None if it is computed."""
    for block in ("Parameters", "Arguments"):
        params = state.get(block)
        if isinstance(params, Mapping) and isinstance(params.get("FunctionName"), str):
            name = params["FunctionName"]
            return None if "{%" in name else function_name(name)
    return None


def _uses(definition: Any) -> _Uses:
    uses = _Uses()
    for site in walk_states(definition):
        uses.states.add(site.name)
        state = site.state
        resource = state.get("Resource")
        if isinstance(resource, str):
            uses.resources.add(resource)
            if resource.startswith(LAMBDA_INVOKE):
                fn = _invoked_function(state)
                if fn is None:
                    uses.functions_known = False
                else:
                    uses.functions.add(fn)
            elif ":function:" in resource:  # a Lambda function ARN as the Resource
                uses.functions.add(function_name(resource))
        for part in ("ItemReader", "ResultWriter"):
            spec = state.get(part)
            if spec is not None and is_mapping(spec) and isinstance(spec.get("Resource"), str):
                uses.resources.add(spec["Resource"])
    return uses


def _close(key: str, known: set[str], cutoff: float = 0.6) -> str:
    near = difflib.get_close_matches(key, sorted(known), n=3, cutoff=cutoff)
    return f" (a typo for {', '.join(repr(n) for n in near)}?)" if near else ""


def unused_entries(
    mocks: Mocks, definition: Any, state_entry: str = "mocks.state({!r})"
) -> Iterator[str]:
    """A line for each entry of ``mocks`` no state of ``definition`` (its JSON value or text)
    can use, in registration order. ``state_entry`` names a state's entry as the user wrote
    it (a MockConfigFile's is a key of its test case)."""
    if isinstance(definition, (str, bytes)):
        definition = json.loads(definition)
    uses = _uses(definition)
    for kind, key in mocks.entries():
        if kind == "state" and key not in uses.states:
            entry = state_entry.format(key)
            yield f"{entry}: no state is called {key!r}{_close(key, uses.states)}"
        elif kind == "lambda_" and uses.functions_known and key not in uses.functions:
            yield (
                f"mocks.lambda_({key!r}): no Task invokes the function {key!r}"
                f"{_close(key, uses.functions)}"
            )
        elif kind == "resource" and key not in uses.resources:
            yield (
                f"mocks.resource({key!r}): no Task has this Resource{_close(key, uses.resources)}"
            )


def check_mocks_used(
    mocks: Mocks | None,
    definition: Any,
    *,
    strict: bool,
    where: str = "",
    state_entry: str = "mocks.state({!r})",
    stacklevel: int = 2,
) -> None:
    """Warns about (``strict``: raises :class:`UnusedMockError` for) the entries of ``mocks``
    that no state of ``definition`` can use. ``where`` says which mocks (a test case)."""
    if mocks is None:
        return
    lines = list(unused_entries(mocks, definition, state_entry))
    if not lines:
        return
    subject = f"The mocks{where}" if where else "The mocks"
    message = (
        f"{subject} have {len(lines)} entr{'y' if len(lines) == 1 else 'ies'} that no state of "
        "the state machine can use:\n  " + "\n  ".join(lines)
    )
    if strict:
        raise UnusedMockError(message, lines)
    warnings.warn(
        message + "\n(strict_mocks=True makes this an error)",
        UnusedMockWarning,
        stacklevel=stacklevel + 1,
    )
