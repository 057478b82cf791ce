"""Drawings of state machines and executions: SVG, self-contained HTML, Mermaid, DOT, and
Jupyter's rich display. Everything is computed here (layout included): no network, no browser
script, no system binary.

>>> import sfnsim
>>> svg = sfnsim.render({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}).to_svg()
>>> svg.startswith("<svg")
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, Union

from ..history_reader import Trace
from . import page
from .export import to_dot, to_mermaid
from .graph import Graph, build_graph, load_definition
from .layout import Layout, layout
from .overlay import Overlay, build_overlay, format_ms
from .svg import GraphSvg
from .timeline import timeline_svg

Definition = Union[str, bytes, Mapping[str, Any]]
PathLike = Union[str, Path]


def _digest(*parts: str) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return "sfn-" + h.hexdigest()[:10]


def _write(path: PathLike | None, text: str) -> str:
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


class ChildExecutions(NamedTuple):
    """The child executions of one Distributed Map run: the histories read, and how many
    there are in all."""

    histories: list[list[Mapping[str, Any]]]
    total: int


class DefinitionView:
    """The drawing of a definition. In Jupyter it displays itself."""

    def __init__(self, definition: Definition) -> None:
        self.definition: dict[str, Any] = load_definition(definition)
        self._text = json.dumps(self.definition, sort_keys=True)

    @cached_property
    def graph(self) -> Graph:
        return build_graph(self.definition)

    @cached_property
    def layout(self) -> Layout:
        return layout(self.graph)

    @property
    def prefix(self) -> str:
        return _digest(self._text)

    def _overlay(self) -> Overlay | None:
        return None

    def title(self) -> str:
        comment = self.definition.get("Comment")
        count = len(self.graph.states())
        return f"State machine: {count} states" + (
            f" \u2014 {comment}" if isinstance(comment, str) and comment else ""
        )

    def to_svg(self, path: PathLike | None = None, *, background: str | None = "white") -> str:
        """The graph as a standalone SVG document (written to ``path`` if given)."""
        svg = GraphSvg(self.prefix, self._overlay()).document(
            self.layout,
            title=self.title(),
            background=background,
            legend=self._overlay() is not None,
        )
        return _write(path, svg)

    def to_mermaid(self) -> str:
        return to_mermaid(self.graph, self._overlay())

    def to_dot(self) -> str:
        return to_dot(self.graph, self._overlay())

    def _fragment(self, standalone: bool) -> str:
        svg = GraphSvg(self.prefix, None).document(self.layout, title=self.title())
        return page.definition_page(self.prefix, svg, self.title(), standalone=standalone)

    def to_html(self, path: PathLike | None = None) -> str:
        """One self-contained HTML file (written to ``path`` if given)."""
        return _write(path, page.document(self.title(), self._fragment(standalone=True)))

    def _repr_html_(self) -> str:
        return self._fragment(standalone=False)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """HTML (the full view), SVG (the graph alone, for front ends that do not show HTML)
        and plain text; only the types the front end asks for are drawn."""
        makers = {
            "text/html": self._repr_html_,
            "image/svg+xml": self.to_svg,
            "text/plain": self.__repr__,
        }
        return {
            kind: make()
            for kind, make in makers.items()
            if (not include or kind in include) and not (exclude and kind in exclude)
        }

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def __repr__(self) -> str:
        return f"<{self.title()}>"


class ExecutionView(DefinitionView):
    """The drawing of one execution: the graph coloured by outcome, the timeline, the states'
    inputs and outputs, the event table."""

    def __init__(
        self,
        definition: Definition,
        events: Sequence[Mapping[str, Any]],
        summary: Mapping[str, Any] | None = None,
        map_runs: Mapping[str, ChildExecutions] | None = None,
        *,
        trace: Trace | None = None,
    ) -> None:
        """``map_runs``: the child executions of the Distributed Maps, by map run ARN (as
        ``fetch_execution`` reads them); without them those Maps' states are drawn as having
        run in child executions that were not read. ``trace``: these events already read
        (an execution's ``history.trace``), used when there are no map runs to add to it."""
        super().__init__(definition)
        self.events = list(events)
        self.summary: dict[str, Any] = dict(summary or {})
        self.map_runs: dict[str, ChildExecutions] = dict(map_runs or {})
        self._given_trace = trace if not self.map_runs else None

    @cached_property
    def trace(self) -> Trace:
        if self._given_trace is not None:
            return self._given_trace
        trace = Trace(self.events, self.definition)
        for arn, children in self.map_runs.items():
            trace.attach_map_run(arn, children.histories, children.total)
        return trace

    @cached_property
    def overlay(self) -> Overlay:
        return build_overlay(self.trace)

    def _overlay(self) -> Overlay:
        return self.overlay

    @property
    def prefix(self) -> str:
        last = self.events[-1] if self.events else {}
        return _digest(
            self._text,
            str(self.summary.get("executionArn") or self.summary.get("name") or ""),
            str(len(self.events)),
            str(last.get("type", "")),
        )

    @property
    def status(self) -> str:
        return str(self.summary.get("status") or self.trace.status)

    def title(self) -> str:
        name = self.summary.get("name") or "execution"
        return f"Execution {name}: {self.status}"

    def timeline_svg(self) -> str:
        return timeline_svg(self.trace, self.prefix)

    def _fragment(self, standalone: bool) -> str:
        graph = GraphSvg(self.prefix, self.overlay, links=True).document(
            self.layout, title=self.title()
        )
        return page.execution_page(
            self.prefix,
            graph_svg=graph,
            timeline=self.timeline_svg(),
            trace=self.trace,
            graph=self.graph,
            overlay=self.overlay,
            events=self.events,
            summary=self.summary,
            standalone=standalone,
        )

    def __repr__(self) -> str:
        return text_summary(self.trace, self.summary)


def text_summary(trace: Trace, summary: Mapping[str, Any]) -> str:
    """The plain-text form: status, failure, path."""
    status = summary.get("status") or trace.status
    name = summary.get("name") or ""
    lines = [
        f"Execution {name} {status}".replace("  ", " ")
        + (f" in {format_ms(trace.duration_ms)}" if trace.duration_ms is not None else "")
    ]
    error = summary.get("error") or trace.error
    if error:
        failing = trace.failing_visit()
        where = (
            f" in {failing.name}" + (f" ({failing.where})" if failing and failing.where else "")
            if failing
            else ""
        )
        cause = summary.get("cause") or trace.cause or ""
        lines.append(f"  {error}{where}: {cause[:300]}")
    path = trace.path
    shown = " \u2192 ".join(path[:30]) + (
        f" \u2192 \u2026 ({len(path) - 30} more)" if len(path) > 30 else ""
    )
    lines.append(f"  path: {shown}")
    return "\n".join(lines)


def render(definition: Any) -> DefinitionView:
    """The drawing of a definition (a dict or JSON text), or of an ``sfnsim.Execution``."""
    view = getattr(definition, "view", None)
    if callable(view):
        return view()  # type: ignore[no-any-return]
    return DefinitionView(definition)


def show(target: Any, client: Any = None) -> DefinitionView:
    """A drawing of anything that has one: an ``sfnsim.Execution``, a definition, a
    ``describe_state_machine`` response, or, with a Step Functions ``client`` (sfnsim's or
    boto3's, even one talking to AWS), an execution ARN, a ``describe_execution`` response or a
    state machine ARN. Jupyter displays the result."""
    if callable(getattr(target, "view", None)):
        return target.view()  # type: ignore[no-any-return]
    if isinstance(target, Mapping) and "definition" in target and "States" not in target:
        return DefinitionView(target["definition"])
    if isinstance(target, str) and target.startswith("arn:") and ":stateMachine:" in target:
        if client is None:
            raise TypeError("sfnsim.show(state machine ARN) needs client=")
        return DefinitionView(client.describe_state_machine(stateMachineArn=target)["definition"])
    arn = None
    if isinstance(target, Mapping) and "executionArn" in target and "States" not in target:
        arn = target["executionArn"]
    elif (
        isinstance(target, str)
        and target.startswith("arn:")
        and ":execution:" in target
        or (isinstance(target, str) and ":express:" in target)
    ):
        arn = target
    if arn is None:
        return DefinitionView(target)
    if client is None:
        raise TypeError("sfnsim.show(execution ARN or describe_execution response) needs client=")
    return fetch_execution(client, arn)


# GetExecutionHistory per child execution: on AWS, a call each (throttled at a few dozen a
# second), so a large run is read in part: its failures first.
MAX_CHILD_EXECUTIONS = 1000
_FAILURES_FIRST = {"FAILED": 0, "TIMED_OUT": 0, "ABORTED": 1}


def _pages(call: Any, key: str, **kwargs: Any) -> list[Any]:
    """Every page of a paginated call (nextToken), as boto3's clients and sfnsim's take it."""
    out: list[Any] = []
    token = None
    while True:
        page_ = call(**kwargs, **({"nextToken": token} if token else {}))
        out.extend(page_[key])
        token = page_.get("nextToken")
        if not token:
            return out


def _history(client: Any, execution_arn: str) -> list[Mapping[str, Any]]:
    return _pages(
        client.get_execution_history, "events", executionArn=execution_arn, maxResults=1000
    )


def _map_runs(
    client: Any, events: Sequence[Mapping[str, Any]], limit: int
) -> dict[str, ChildExecutions]:
    """The child executions of every Distributed Map run the history started (``MapRunStarted``):
    ListExecutions by map run, then each one's history, failures first, ``limit`` in all."""
    out: dict[str, ChildExecutions] = {}
    budget = limit
    for event in events:
        if event.get("type") != "MapRunStarted":
            continue
        arn = (event.get("mapRunStartedEventDetails") or {}).get("mapRunArn")
        if not arn:
            continue
        listed = _pages(client.list_executions, "executions", mapRunArn=arn, maxResults=1000)
        listed.sort(key=lambda e: (_FAILURES_FIRST.get(e.get("status"), 2), e.get("startDate")))
        chosen = listed[: max(budget, 0)]
        budget -= len(chosen)
        histories = [_history(client, e["executionArn"]) for e in chosen]
        out[arn] = ChildExecutions(histories, len(listed))
    return out


def fetch_execution(
    client: Any, execution_arn: str, *, child_executions: int = MAX_CHILD_EXECUTIONS
) -> ExecutionView:
    """An ExecutionView from the Step Functions API: DescribeExecution, the definition the
    execution ran, its whole history (every page) and, for a Distributed Map, the histories
    of its child executions (failures first, ``child_executions`` at most)."""
    description = client.describe_execution(executionArn=execution_arn)
    machine = client.describe_state_machine_for_execution(executionArn=execution_arn)
    events = _history(client, execution_arn)
    summary = {k: v for k, v in description.items() if k != "ResponseMetadata"}
    return ExecutionView(
        machine["definition"], events, summary, _map_runs(client, events, child_executions)
    )


__all__ = [
    "ChildExecutions",
    "DefinitionView",
    "ExecutionView",
    "render",
    "show",
    "fetch_execution",
]
