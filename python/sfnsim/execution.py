"""The result of running a state machine: status, output, error, cause and history."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from . import _core
from .definition_json import definition_value
from .history import History
from .history_reader import StateView, Trace, collector_paused, state_names

if TYPE_CHECKING:
    from pathlib import Path

    from .drawing import ExecutionView


def _datetime(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, tz=timezone.utc)


@dataclass
class Execution:
    """One finished (or paused) execution.

    ``status`` is ``SUCCEEDED``, ``FAILED``, ``TIMED_OUT``, ``ABORTED`` or ``RUNNING``;
    ``output`` the decoded JSON output; ``history`` the events exactly as boto3's
    ``get_execution_history()["events"]`` returns them.

    In Jupyter an Execution draws itself (graph, timeline, states, events); ``to_html()``,
    ``to_svg()``, ``to_mermaid()`` and ``to_dot()`` give the same drawings as text or files.
    ``state(name)`` and ``path`` read the history back per state.
    """

    execution_arn: str
    name: str
    state_machine_arn: str
    input: Any
    start_date: datetime
    _core: _core.Execution = field(repr=False)
    _history: History | None = field(default=None, repr=False)
    definition: str | None = field(default=None, repr=False)
    _definition_value: Any = field(default=None, repr=False)
    _view: ExecutionView | None = field(default=None, repr=False)

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
    def history(self) -> History:
        if self._history is None or len(self._history) != self._core.history_length:
            with collector_paused():
                events = self._core.history()
            self._history = History(events, self.definition_dict, self._core.visit_table)
        return self._history

    @property
    def definition_dict(self) -> dict[str, Any] | None:
        """The definition this execution ran, as a dict."""
        if self._definition_value is None and self.definition is not None:
            self._definition_value = definition_value(self.definition)
        return self._definition_value  # type: ignore[no-any-return]

    @property
    def trace(self) -> Trace:
        """The history read back into state runs (``sfnsim.history_reader.Trace``)."""
        return self.history.trace

    @property
    def path(self) -> list[str]:
        """The top-level states in the order they ran."""
        return self.trace.path

    def state(self, name: str) -> StateView:
        """One state's runs: ``ex.state("Charge").output``, ``.input``, ``.attempts``."""
        summary = self.trace.states().get(name)
        if summary is None and name not in state_names(self.definition_dict):
            known = ", ".join(state_names(self.definition_dict)) or "none"
            raise KeyError(f"no state named {name!r} in this state machine (states: {known})")
        if summary is None:
            return StateView(name, [], unread=name in self.trace.unread_states())
        return StateView(name, summary.visits)

    # -- drawings -------------------------------------------------------------------------------
    def view(self) -> ExecutionView:
        """The drawing of this execution (what Jupyter displays); made once per history length,
        so Jupyter asking for HTML, SVG and text lays the graph out once."""
        from .drawing import ExecutionView

        history = self.history
        if self._view is not None and len(self._view.events) == len(history):
            return self._view
        self._view = ExecutionView(
            self.definition_dict or {"States": {}},
            history,
            {
                "name": self.name,
                "executionArn": self.execution_arn,
                "status": self.status,
                "error": self.error,
                "cause": self.cause,
                "virtual": True,
            },
            trace=history.trace,
        )
        return self._view

    def to_html(self, path: str | Path | None = None) -> str:
        """One self-contained HTML page (written to ``path`` if given); no network needed."""
        return self.view().to_html(path)

    def to_svg(self, path: str | Path | None = None) -> str:
        """The state machine graph coloured by this execution, as SVG."""
        return self.view().to_svg(path)

    def to_mermaid(self) -> str:
        return self.view().to_mermaid()

    def to_dot(self) -> str:
        return self.view().to_dot()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter's rich display: the HTML view (graph with the path taken, timeline, states,
        events), the coloured graph as SVG for front ends without HTML, and the repr."""
        bundle = self.view()._repr_mimebundle_(include, exclude)
        bundle["text/plain"] = repr(self)
        return bundle

    def _repr_html_(self) -> str:
        return self.view()._repr_html_()

    def _repr_svg_(self) -> str:
        return self.view().to_svg()

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    def __str__(self) -> str:
        """Status, failure and path, as ``print(ex)`` shows them."""
        return repr(self.view())

    def __repr__(self) -> str:
        detail = (
            f"output={json.dumps(self.output)[:80]}"
            if self.status == "SUCCEEDED"
            else f"error={self.error!r}, cause={(self.cause or '')[:80]!r}"
        )
        return f"<Execution {self.name} {self.status} {detail}>"
