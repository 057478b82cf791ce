"""``sfnsim.run(..., progress=True)``: a tqdm bar per Map and Distributed Map state.

The engine counts, per Map state, the items of every run of it started so far, and how many
iterations succeeded, failed and are in flight (``Execution::track_map_progress``,
``cpp/engine/map_progress.cpp``); the binding calls :meth:`MapBars.update` between slices of
the run, at least every 100 ms, and when the run returns. The bars only read those counters,
so the history is the same with and without them. ``tqdm.auto`` draws a live widget in
Jupyter and a text bar elsewhere (``pip install 'sfnsim[progress]'``).
"""

from __future__ import annotations

import importlib
from typing import Any, TextIO

__all__ = ["MapBars", "tqdm_class"]


def tqdm_class() -> Any:
    """``tqdm.auto.tqdm``, or :class:`sfnsim.MissingExtra` naming the extra."""
    try:
        return importlib.import_module("tqdm.auto").tqdm
    except ImportError:
        from .templates import MissingExtra

        raise MissingExtra("progress=True needs tqdm: pip install 'sfnsim[progress]'") from None


class MapBars:
    """One bar per Map state of ``core`` (a ``_core.Execution``): items ended (succeeded or
    failed) of the items so far, with the failures and the iterations in flight beside it."""

    def __init__(self, core: Any, *, file: TextIO | None = None, tqdm: Any = None) -> None:
        self._core = core
        self._tqdm = tqdm or tqdm_class()
        self._file = file
        self._bars: dict[str, Any] = {}
        self._shown: dict[str, tuple[int, int, int, int]] = {}

    def update(self) -> None:
        for name, distributed, total, succeeded, failed, running in self._core.map_progress():
            counts = (total, succeeded, failed, running)
            if self._shown.get(name) == counts:
                continue
            bar = self._bars.get(name)
            if bar is None:
                kind = "Distributed Map" if distributed else "Map"
                bar = self._tqdm(
                    total=total,
                    desc=f"{kind} {name}",
                    unit="item",
                    file=self._file,
                    leave=True,
                    dynamic_ncols=True,
                )
                self._bars[name] = bar
            bar.total = total  # another run of the state (a nested or retried Map) adds items
            bar.n = succeeded + failed
            bar.set_postfix(failed=failed, running=running, refresh=False)
            bar.refresh()
            self._shown[name] = counts

    def close(self) -> None:
        self.update()
        for bar in self._bars.values():
            bar.close()
