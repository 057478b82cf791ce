"""A one-line progress display on a terminal (stderr), silent when output is piped."""

from __future__ import annotations

import sys
import threading
import time
from typing import Callable, TextIO

from .common import is_terminal

SPINNER = "|/-\\"


class Progress:
    """Redraws ``status()`` every ``interval`` seconds after ``delay`` seconds, until closed."""

    def __init__(
        self,
        status: Callable[[], str],
        *,
        stream: TextIO | None = None,
        delay: float = 0.5,
        interval: float = 0.1,
        enabled: bool | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.status = status
        self.delay = delay
        self.interval = interval
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False
        self._start = 0.0

    def __enter__(self) -> Progress:
        if self.enabled:
            self._start = time.monotonic()
            self._thread = threading.Thread(target=self._loop, name="sfnsim-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _loop(self) -> None:
        if self._stop.wait(self.delay):
            return
        tick = 0
        while not self._stop.is_set():
            elapsed = time.monotonic() - self._start
            try:
                text = self.status()
            except Exception:  # noqa: BLE001 - a progress line must never break the run
                text = "running"
            self.stream.write(f"\r\x1b[K{SPINNER[tick % 4]} {text} ({elapsed:.1f} s)")
            self.stream.flush()
            self._drawn = True
            tick += 1
            self._stop.wait(self.interval)
