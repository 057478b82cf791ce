"""What ``load_template`` returns: the state machines of a template, and its errors."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SfnSimError

if TYPE_CHECKING:
    from ..execution import Execution


class TemplateError(SfnSimError, ValueError):
    """A template sfnsim cannot turn into state machine definitions.

    ``unresolved`` lists the placeholders and references left without a value, each as
    ``(name, location)``: ``location`` is where in the template (``Resources/OrderFlow/
    Properties/DefinitionSubstitutions/TableArn``) or in the definition (``/States/Charge/
    Resource``) it stands. It is empty for other problems (a definition kept in S3, a file
    that is not a template)."""

    def __init__(self, message: str, unresolved: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.unresolved: list[tuple[str, str]] = unresolved or []


class UnknownStateMachine(TemplateError, KeyError):
    """No state machine of the template answers to the name asked for."""

    def __str__(self) -> str:  # KeyError's own would show the message quoted
        return str(self.args[0])


class MissingExtra(SfnSimError, ImportError):
    """An optional dependency is needed: the message names the extra that installs it."""


@dataclass(frozen=True)
class TemplateStateMachine:
    """One state machine of a template, its definition resolved.

    ``name`` is the ``StateMachineName`` (``Name`` in SAM) when the template gives one,
    otherwise a name as CloudFormation generates it (logical id and a suffix); ``type`` is
    ``"STANDARD"`` or ``"EXPRESS"`` when the template states it (None otherwise: Step
    Functions' default is STANDARD); ``role_arn`` the execution role when it resolves.
    """

    logical_id: str
    name: str
    definition: dict[str, Any] = field(repr=False)
    type: str | None = None
    role_arn: str | None = None
    arn: str = field(default="", repr=False)
    stack_name: str = ""
    template: Path | None = field(default=None, repr=False)  # the file the machine comes from
    construct_path: str | None = None  # CDK's aws:cdk:path metadata, for a CDK assembly
    # The DefinitionSubstitutions applied, with the caller's substitutions.
    substitutions: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def definition_json(self) -> str:
        """The definition as JSON text (what ``create_state_machine`` takes)."""
        return json.dumps(self.definition, indent=2, ensure_ascii=False)

    def run(self, input: Any = None, **kwargs: Any) -> Execution:
        """``sfnsim.run()`` of this machine, with its name, type and role unless given."""
        from ..run import run

        kwargs.setdefault("state_machine_name", self.name)
        kwargs.setdefault("state_machine_type", self.type or "STANDARD")
        if self.role_arn is not None:
            kwargs.setdefault("role_arn", self.role_arn)
        if input is None:
            return run(self.definition, **kwargs)
        return run(self.definition, input, **kwargs)

    def create_request(self) -> dict[str, Any]:
        """Keyword arguments of ``client.create_state_machine`` that create this machine."""
        request: dict[str, Any] = {"name": self.name, "definition": self.definition_json}
        request["roleArn"] = self.role_arn or _default_role(self.arn)
        if self.type is not None:
            request["type"] = self.type
        return request


def _default_role(arn: str) -> str:
    parts = arn.split(":")
    account = parts[4] if len(parts) > 4 and parts[4] else "123456789012"
    partition = parts[1] if len(parts) > 1 and parts[1] else "aws"
    return f"arn:{partition}:iam::{account}:role/sfnsim-template"


class StateMachines(Mapping[str, TemplateStateMachine]):
    """The state machines of a template (or a CDK assembly), by logical id, in template order.

    ``find(name)`` also accepts a state machine's name and, for CDK, its construct id or path
    (``OrderFlow``, ``OrderStack/OrderFlow``).
    """

    def __init__(
        self,
        entries: Mapping[str, TemplateStateMachine | TemplateError],
        source: Path,
    ) -> None:
        self._machines = {k: v for k, v in entries.items() if isinstance(v, TemplateStateMachine)}
        self._failures = {k: v for k, v in entries.items() if isinstance(v, TemplateError)}
        self._order = list(entries)
        self.source = source

    def __getitem__(self, key: str) -> TemplateStateMachine:
        return self.find(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __repr__(self) -> str:
        return f"StateMachines({self.source}: {', '.join(self._order) or 'none'})"

    @property
    def failures(self) -> Mapping[str, TemplateError]:
        """The machines whose definitions did not resolve, with the error each raises."""
        return dict(self._failures)

    def find(self, name: str) -> TemplateStateMachine:
        """The machine whose logical id, name or CDK construct path is ``name``; an
        ``UnknownStateMachine`` error lists them when none (or several) is."""
        if name in self._machines:
            return self._machines[name]
        if name in self._failures:
            raise self._failures[name]
        for key, error in self._failures.items():  # a Terraform address by its last part
            if _short_address(key, name):
                raise error
        for matches in (_by_name, _by_construct, _by_address):
            found = [m for m in self._machines.values() if matches(m, name)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                which = ", ".join(m.logical_id for m in found)
                raise UnknownStateMachine(f"{name!r} names several state machines: {which}")
        known = ", ".join(self._order) or "none"
        raise UnknownStateMachine(f"no state machine {name!r} in {self.source} (it has: {known})")


def _by_name(machine: TemplateStateMachine, name: str) -> bool:
    return machine.name == name


def _by_address(machine: TemplateStateMachine, name: str) -> bool:
    return _short_address(machine.logical_id, name)


def _short_address(key: str, name: str) -> bool:
    """A Terraform address (``aws_sfn_state_machine.orders``, ``module.orders``,
    ``aws_sfn_state_machine.orders[0]``) answers to its last part too, with or without its
    instance key; CloudFormation's logical ids hold no dot."""
    if "." not in key.split("[", 1)[0]:
        return False
    last = key.split("[", 1)[0].rsplit(".", 1)[1]
    instance = key[len(key.split("[", 1)[0]) :]
    return name in (last, last + instance)


def _by_construct(machine: TemplateStateMachine, name: str) -> bool:
    """``Stack/Flow/Resource`` answers to ``Flow``, ``Stack/Flow`` and the whole path."""
    path = machine.construct_path
    if not path:
        return False
    parts = path.split("/")
    if parts[-1] == "Resource":
        parts = parts[:-1]
    return name in (path, "/".join(parts), "/".join(parts[1:]))
