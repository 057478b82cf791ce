"""Exceptions raised by sfnsim."""

from __future__ import annotations

from typing import Any


class SfnSimError(Exception):
    """Base class of every sfnsim exception."""


class InvalidDefinition(SfnSimError, ValueError):
    """The state machine definition is not valid Amazon States Language.

    ``diagnostics`` lists every problem found, each a dict with ``severity``, ``code``,
    ``message`` and (usually) ``location``, as ValidateStateMachineDefinition reports them.
    """

    def __init__(self, message: str, diagnostics: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: list[dict[str, Any]] = diagnostics or []


class InvalidExecutionInput(SfnSimError, ValueError):
    """The execution input is not valid JSON, or too large, or too deeply nested."""
