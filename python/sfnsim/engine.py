"""``sfnsim.Engine`` (the registry and executions that clients share) and ``sfnsim.ManualClock``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Union

from . import _core


class ManualClock:
    """A clock that moves only when told to. Executions paused in a Wait state, a retry
    backoff or a task timeout stay RUNNING until :meth:`advance` passes their time.

    >>> clock = ManualClock(start=datetime(2024, 1, 1, tzinfo=timezone.utc))
    >>> clock.advance(seconds=90)
    >>> clock.now
    datetime.datetime(2024, 1, 1, 0, 1, 30, tzinfo=datetime.timezone.utc)
    """

    def __init__(self, start: datetime | float | None = None) -> None:
        if start is None:
            start = datetime.now(timezone.utc)
        if isinstance(start, datetime):
            if start.tzinfo is None:
                raise ValueError("ManualClock(start=...) needs a timezone-aware datetime")
            start_ms = round(start.timestamp() * 1000)
        else:
            start_ms = round(float(start) * 1000)
        self._core = _core.ManualClock(start_ms)

    @property
    def now(self) -> datetime:
        return datetime.fromtimestamp(self._core.now_ms / 1000, tz=timezone.utc)

    def advance(
        self,
        seconds: float = 0,
        *,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
        delta: timedelta | None = None,
    ) -> None:
        """Moves time forward and runs everything that became due, on every engine using this
        clock, before returning."""
        total = timedelta(seconds=seconds, minutes=minutes, hours=hours, days=days)
        if delta is not None:
            total += delta
        if total < timedelta(0):
            raise ValueError("time only moves forward")
        self._core.advance(round(total.total_seconds() * 1000))

    def __repr__(self) -> str:
        return f"<ManualClock {self.now.isoformat()}>"


Clock = Union[str, ManualClock, None]


class Engine:
    """State machines, executions, activities and the clock they run on. Clients created with
    the same engine see the same resources; each ``sfnsim.client()`` otherwise gets its own.

    Safe to use from many threads at once.
    """

    def __init__(self, clock: Clock = None, *, seed: int | None = None) -> None:
        self.clock: Clock = clock if clock is not None else "virtual"
        seed_value = 0 if seed is None else int(seed) & ((1 << 64) - 1) or 1
        if isinstance(clock, ManualClock):
            self._service = _core.Service("manual", clock._core, seed_value)
        elif clock in (None, "virtual", "real"):
            self._service = _core.Service(clock or "virtual", None, seed_value)
        else:
            raise ValueError("clock must be 'virtual', 'real' or a sfnsim.ManualClock")

    def __repr__(self) -> str:
        kind = "manual" if isinstance(self.clock, ManualClock) else self.clock
        return f"<sfnsim.Engine clock={kind}>"
