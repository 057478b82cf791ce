"""``sfnsim.Engine`` (the registry and executions that clients share) and ``sfnsim.ManualClock``."""

from __future__ import annotations

import math
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


# AWS keeps a closed Standard execution's history for 90 days.
RETENTION = timedelta(days=90)


class Engine:
    """State machines, executions, activities and the clock they run on. Clients created with
    the same engine see the same resources; each ``sfnsim.client()`` otherwise gets its own.

    Closed Standard executions stay describable as on AWS: for ``retention`` (90 days) after
    they close, and until their state machine is deleted. ``keep_executions`` also bounds how
    many closed ones are kept, the first to close going first: a long session of many
    executions then holds a bounded amount of memory (docs/limits.md gives the figures).
    Express executions are never kept once they end.

    ``time_scale`` (the real clock only; Step Functions Local's ``WAIT_TIME_SCALE``): real
    seconds per simulated second. At 0.01 a Wait of 10 s, a retry backoff or a task timeout
    takes a hundredth of its time while the history shows the unscaled times; the engine's
    clock then runs 100 times as fast as the wall clock from the moment it is made, and every
    timestamp it gives (start dates, creation dates) is on that clock. ``clock="virtual"`` is
    the limit at 0: no time at all.

    Safe to use from many threads at once.
    """

    def __init__(
        self,
        clock: Clock = None,
        *,
        seed: int | None = None,
        keep_executions: int | None = None,
        retention: timedelta = RETENTION,
        time_scale: float = 1.0,
        _timer_thread: bool = True,
        _origin_ms: int | None = None,
    ) -> None:
        # _timer_thread and _origin_ms are the durable server's (server/durable.py): it wakes
        # timers itself to journal each wake-up, and restarts the clock where it was.
        self.clock: Clock = clock if clock is not None else "virtual"
        self.time_scale = float(time_scale)
        if not math.isfinite(self.time_scale) or self.time_scale <= 0:
            raise ValueError(
                f"time_scale must be a finite number above 0, not {time_scale!r} "
                "(clock='virtual' takes no time at all)"
            )
        if self.time_scale != 1.0 and clock != "real":
            raise ValueError("time_scale scales the real clock: pass clock='real' with it")
        seed_value = 0 if seed is None else int(seed) & ((1 << 64) - 1) or 1
        if keep_executions is not None and keep_executions < 1:
            raise ValueError("keep_executions must be at least 1 (None keeps them all)")
        if retention <= timedelta(0):
            raise ValueError("retention must be a positive timedelta")
        limits = (keep_executions or 0, round(retention.total_seconds() * 1000))
        if isinstance(clock, ManualClock):
            self._service = _core.Service("manual", clock._core, seed_value, *limits)
        elif clock in (None, "virtual", "real"):
            self._service = _core.Service(
                clock or "virtual",
                None,
                seed_value,
                *limits,
                time_scale=self.time_scale,
                timer_thread=_timer_thread,
                origin_ms=_origin_ms,
            )
        else:
            raise ValueError("clock must be 'virtual', 'real' or a sfnsim.ManualClock")

    def __repr__(self) -> str:
        kind = "manual" if isinstance(self.clock, ManualClock) else self.clock
        scale = f" time_scale={self.time_scale:g}" if self.time_scale != 1.0 else ""
        return f"<sfnsim.Engine clock={kind}{scale}>"


def engine_for(
    engine: Engine | None, clock: Clock, seed: int | None, keep_executions: int | None
) -> Engine:
    """The engine a client or ``mock_aws`` answers from: a new one with these settings, or the
    shared one given, whose own settings then rule (passing others is a mistake, said aloud)."""
    if engine is None:
        return Engine(clock=clock, seed=seed, keep_executions=keep_executions)
    for name, value in (("clock", clock), ("seed", seed), ("keep_executions", keep_executions)):
        if value is not None and not (name == "clock" and value is engine.clock):
            raise ValueError(f"pass {name} to sfnsim.Engine(...) when sharing an engine")
    return engine
