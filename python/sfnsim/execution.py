"""The result of running a state machine: status, output, error, cause and history."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from . import _core


def _datetime(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, tz=timezone.utc)


def boto3_events(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """History events from the engine's wire shape to boto3's (timestamps as datetime)."""
    for event in raw:
        event["timestamp"] = _datetime(event["timestamp"])
    return raw


@dataclass
class Execution:
    """One finished (or paused) execution.

    ``status`` is ``SUCCEEDED``, ``FAILED``, ``TIMED_OUT``, ``ABORTED`` or ``RUNNING``;
    ``output`` the decoded JSON output; ``history`` the events exactly as boto3's
    ``get_execution_history()["events"]`` returns them.
    """

    execution_arn: str
    name: str
    state_machine_arn: str
    input: Any
    start_date: datetime
    _core: _core.Execution = field(repr=False)
    _history: list[dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def status(self) -> str:
        return self._core.status

    @property
    def output(self) -> Any:
        return self._core.output

    @property
    def output_json(self) -> str | None:
        """The output as JSON text, as DescribeExecution returns it."""
        return self._core.output_text

    @property
    def error(self) -> str | None:
        return self._core.error

    @property
    def cause(self) -> str | None:
        return self._core.cause

    @property
    def stop_date(self) -> datetime | None:
        ms = self._core.stop_time_ms
        return None if ms is None else _datetime(ms / 1000)

    @property
    def history(self) -> list[dict[str, Any]]:
        if self._history is None or len(self._history) != self._core.history_length:
            self._history = boto3_events(self._core.history())
        return self._history

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    def __repr__(self) -> str:
        detail = (
            f"output={json.dumps(self.output)[:80]}"
            if self.status == "SUCCEEDED"
            else f"error={self.error!r}, cause={(self.cause or '')[:80]!r}"
        )
        return f"<Execution {self.name} {self.status} {detail}>"
