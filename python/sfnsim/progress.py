"""``progress=True``: a tqdm bar per Map and Distributed Map state.

The engine counts, per Map state, the items of every run of it started so far, and how many
iterations succeeded, failed and are in flight (``Execution::track_map_progress``,
``cpp/engine/map_progress.cpp``). The bars only read those counters, so the history is the
same with and without them. ``tqdm.auto`` draws a live widget in Jupyter and a text bar
elsewhere (``pip install 'sfnsim[progress]'``).

- ``sfnsim.run``: :class:`MapBars`, one bar per Map state of the execution; the binding calls
  :meth:`MapBars.update` between slices of the run, at least every 100 ms, and at its end. In
  a Jupyter kernel the same reports update the execution's drawing (:mod:`sfnsim.live_view`):
  :class:`RunProgress` holds both.
- ``sfnsim.client`` and ``sfnsim.mock_aws``: :class:`ClientBars`, one bar per Map state of
  every execution the client starts, labelled with the execution's name. The service's runner
  publishes each watched execution's counters on a board (``cpp/service/progress_board.h``)
  at least every 100 ms while it steps and whenever it pauses or ends; a thread of ours reads
  the board every 100 ms while a call that can run an execution is in progress or a watched
  execution is still running (the real clock), and the call's end reads it once more.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, TextIO

from . import _core

__all__ = ["RUNS_EXECUTIONS", "ClientBars", "MapBars", "RunProgress", "tqdm_class", "watching"]

# The operations that start an execution or may run one on the caller's thread (the virtual
# clock runs it until it waits; a callback or a redrive resumes it): the bars are watched
# while one of them is in progress.
RUNS_EXECUTIONS = frozenset(
    {
        "StartExecution",
        "StartSyncExecution",
        "RedriveExecution",
        "SendTaskSuccess",
        "SendTaskFailure",
        "SendTaskHeartbeat",
        "StopExecution",
    }
)


def tqdm_class() -> Any:
    """``tqdm.auto.tqdm``, or :class:`sfnsim.MissingExtra` naming the extra."""
    try:
        return importlib.import_module("tqdm.auto").tqdm
    except ImportError:
        from .templates import MissingExtra

        raise MissingExtra("progress=True needs tqdm: pip install 'sfnsim[progress]'") from None


class _Bars:
    """Bars by key, each redrawn only when its counts changed."""

    def __init__(self, tqdm: Any, file: TextIO | None) -> None:
        self._tqdm = tqdm
        self._file = file
        self._bars: dict[Any, Any] = {}
        self._shown: dict[Any, tuple[int, int, int, int]] = {}

    def show(self, key: Any, label: str, progress: tuple[Any, ...]) -> None:
        """``progress``: a Map state's counters as ``map_progress()`` gives them."""
        name, distributed, total, succeeded, failed, running = progress
        counts = (total, succeeded, failed, running)
        if self._shown.get(key) == counts:
            return
        bar = self._bars.get(key)
        if bar is None:
            kind = "Distributed Map" if distributed else "Map"
            bar = self._tqdm(
                total=total,
                desc=f"{label}{kind} {name}",
                unit="item",
                file=self._file,
                leave=True,
                dynamic_ncols=True,
            )
            self._bars[key] = bar
        bar.total = total  # another run of the state (a nested or retried Map) adds items
        bar.n = succeeded + failed
        bar.set_postfix(failed=failed, running=running, refresh=False)
        bar.refresh()
        self._shown[key] = counts

    def close(self, keys: list[Any] | None = None) -> None:
        for key in list(self._bars) if keys is None else keys:
            bar = self._bars.pop(key, None)
            self._shown.pop(key, None)
            if bar is not None:
                bar.close()

    def keys(self) -> list[Any]:
        return list(self._bars)


class MapBars:
    """One bar per Map state of ``core`` (a ``_core.Execution``): items ended (succeeded or
    failed) of the items so far, with the failures and the iterations in flight beside it."""

    def __init__(self, core: Any, *, file: TextIO | None = None, tqdm: Any = None) -> None:
        self._core = core
        self._bars = _Bars(tqdm or tqdm_class(), file)

    def update(self) -> None:
        for progress in self._core.map_progress():
            self._bars.show(progress[0], "", progress)

    def close(self) -> None:
        self.update()
        self._bars.close()


class RunProgress:
    """``progress=True`` on ``sfnsim.run``: the bars of :class:`MapBars` and, in a Jupyter
    kernel, the live view of ``execution`` (:mod:`sfnsim.live_view`), moved by the same
    reports."""

    def __init__(self, core: Any, execution: Any) -> None:
        from .live_view import LiveView, notebook_display

        self._bars = MapBars(core)
        display = notebook_display()
        self._live = LiveView(execution, display) if display is not None else None

    def update(self) -> None:
        self._bars.update()
        if self._live is not None:
            self._live.update()

    def close(self) -> None:
        self._bars.close()
        if self._live is not None:
            self._live.close()


class ClientBars:
    """``progress=True`` on ``sfnsim.client`` or ``sfnsim.mock_aws``: one bar per Map state of
    each execution the client starts (and their nested children), ``"<name>: Map <state>"``,
    closed (left on screen) when the execution ends. ``board`` goes into the client's call
    contexts; wrap every call in :meth:`watching`."""

    def __init__(
        self, *, file: TextIO | None = None, tqdm: Any = None, interval: float = 0.1
    ) -> None:
        self.board = _core.ProgressBoard()
        self._bars = _Bars(tqdm or tqdm_class(), file)
        self._interval = interval
        self._lock = threading.Lock()  # _calls and _thread
        self._drawing = threading.Lock()  # the bars: the thread and the callers draw
        self._calls = 0
        self._thread: threading.Thread | None = None

    @contextmanager
    def watching(self, operation: str) -> Iterator[None]:
        """Around a call of ``operation``: if it may run an execution, the bars move while it
        runs (a thread reads the board) and show where it ended."""
        if operation not in RUNS_EXECUTIONS:
            yield
            return
        with self._lock:
            self._calls += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="sfnsim-progress", daemon=True
                )
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._calls -= 1
            self.update()

    def _watch(self) -> None:
        stop = threading.Event()  # never set: a wait that wakes only by timing out
        while True:
            stop.wait(self._interval)
            running = self.update()
            with self._lock:
                # Executions start only during a call, and each call's own end is drawn by
                # the caller: with no call in progress and none running, nothing can move.
                if self._calls == 0 and not running:
                    self._thread = None
                    return

    def update(self) -> bool:
        """Draws what the board says; True while a watched execution is still running."""
        any_running = False
        with self._drawing:
            for arn, name, running, maps in self.board.take_snapshot():
                any_running = any_running or running
                for progress in maps:
                    self._bars.show((arn, progress[0]), f"{name}: ", progress)
                if not running:
                    self._bars.close([key for key in self._bars.keys() if key[0] == arn])
        return any_running


def watching(bars: ClientBars | None, operation: str) -> AbstractContextManager[None]:
    """``bars.watching(operation)``, or nothing when the client shows no progress."""
    return nullcontext() if bars is None else bars.watching(operation)
