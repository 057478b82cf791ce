"""``ex.history``: the events exactly as boto3 returns them (it is a ``list``), plus a table
view for analysis and the per-state reading of the history."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .history_reader import Trace, details

_DETAIL_COLUMNS = (
    "name",
    "input",
    "output",
    "error",
    "cause",
    "resource",
    "resourceType",
    "parameters",
    "index",
    "length",
)


class History(list):  # type: ignore[type-arg]
    """A list of history events (boto3's ``get_execution_history()["events"]`` shape)."""

    def __init__(
        self,
        events: Iterable[Mapping[str, Any]] = (),
        definition: Mapping[str, Any] | None = None,
        engine_visits: Callable[..., Any] | None = None,
    ) -> None:
        """``engine_visits``: for a history sfnsim's engine recorded, gives the visits and
        lanes it knows (``sfnsim.engine_visits``); other histories are read from their
        ``previousEventId`` links."""
        super().__init__(events)
        self._definition = definition
        self._engine_visits = engine_visits
        self._trace: Trace | None = None

    @property
    def trace(self) -> Trace:
        """The history read back into state visits, lanes and attempts
        (``sfnsim.history_reader``)."""
        if self._trace is None:
            self._trace = Trace(self, self._definition, engine_visits=self._engine_visits)
        return self._trace

    @property
    def types(self) -> list[str]:
        return [e["type"] for e in self]

    def records(self) -> list[dict[str, Any]]:
        """One flat dict per event: id, previous id, type, timestamp, elapsed milliseconds, the
        state it belongs to, where it ran (branch, iteration), and the common detail fields."""
        trace = self.trace
        out = []
        for event in self:
            info = details(event)
            event_id = int(event.get("id", 0))
            visit = trace.visit_of.get(event_id)
            lane = trace.lane_of.get(event_id)
            row: dict[str, Any] = {
                "id": event_id,
                "previous_event_id": event.get("previousEventId"),
                "type": event.get("type"),
                "timestamp": event.get("timestamp"),
                "elapsed_ms": trace.ms(event),
                "state": visit.name if visit is not None else info.get("name"),
                "where": lane.describe() if lane is not None else "",
            }
            for key in _DETAIL_COLUMNS:
                row[key] = info.get(key)
            out.append(row)
        return out

    def to_dataframe(self) -> Any:
        """The events as a ``pandas.DataFrame`` (pandas is optional: ``pip install pandas``)."""
        try:
            import pandas
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("History.to_dataframe() needs pandas: pip install pandas") from None
        return pandas.DataFrame.from_records(self.records())
