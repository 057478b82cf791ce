"""``sfnsim.run(..., progress=True)`` in Jupyter: the execution's drawing, updated while it runs.

In a Jupyter kernel (JupyterLab, Notebook, VS Code: an IPython shell with a kernel) the run
shows the execution's HTML view (``Execution._repr_mimebundle_``: banner, graph, timeline) in
the cell through an IPython display handle and updates it from the same progress reports that
move the bars (between slices of the run, at least every 100 ms):

- the run ends before ``first_after`` (0.5 s) of real time: never shown (nothing to watch,
  and the cell's ``ex`` draws it);
- the first report after that: shown, with the status ``RUNNING`` and the history so far;
- a later report: updated once ``interval`` (0.5 s) has passed since the last drawing ended,
  and 4 times the last drawing's own time has too: at most twice a second, and drawing a long
  history never takes more than a fifth of the run;
- the run's end (``close``): updated once more, whatever the time, so the last view shown is
  the execution's end.

Outside a kernel (a terminal, IPython in a terminal, a script) there is no live view: the bars
alone. IPython is never imported here: a kernel has imported it already.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable

__all__ = ["LiveView", "notebook_display"]

Display = Callable[..., Any]  # IPython.display.display: (obj, display_id=True) -> DisplayHandle


def notebook_display() -> Display | None:
    """IPython's ``display`` when running in a Jupyter kernel, else None."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    shell = ipython.get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return None  # a terminal shell would print every update's text form
    from IPython.display import display

    return display


class LiveView:
    """Shows ``execution`` (an :class:`sfnsim.Execution` whose engine is running) through
    ``display`` and updates it, throttled as the module says."""

    def __init__(
        self,
        execution: Any,
        display: Display,
        *,
        first_after: float = 0.5,
        interval: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._execution = execution
        self._display = display
        self._first_after = first_after
        self._interval = interval
        self._clock = clock
        self._started = clock()
        self._handle: Any = None
        self._next = self._started + first_after

    def update(self) -> None:
        if self._clock() >= self._next:
            self._draw()

    def close(self) -> None:
        if self._handle is not None:
            self._draw()

    def _draw(self) -> None:
        began = self._clock()
        if self._handle is None:
            self._handle = self._display(self._execution, display_id=True)
        else:
            self._handle.update(self._execution)
        ended = self._clock()
        self._next = ended + max(self._interval, 4 * (ended - began))
