"""``sfnsim.run(..., progress=True)`` in Jupyter: the execution's drawing shown through a
display handle and updated while it runs, throttled (python/sfnsim/live_view.py's rules,
docs/visualisation.md). No notebook is needed: a fake ``display`` records what it was given."""

from __future__ import annotations

import json
import sys
import time
import types
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

import pytest
import sfnsim
from sfnsim.live_view import LiveView, notebook_display

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"
START = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeDisplay:
    """IPython's ``display(obj, display_id=True)`` and its handle's ``update(obj)``: records
    when each drawing happened and what it showed then; a drawing takes ``cost`` seconds."""

    def __init__(self, clock: Clock | None = None, cost: float = 0.0) -> None:
        self.clock, self.cost = clock, cost
        self.drawn: list[tuple[str, Any]] = []  # ("display" | "update", what was shown)

    def __call__(self, obj: Any, display_id: bool = False) -> FakeDisplay:
        assert display_id is True and not self.drawn  # shown once, then updated
        self._draw("display", obj)
        return self

    def update(self, obj: Any) -> None:
        self._draw("update", obj)

    def _draw(self, how: str, obj: Any) -> None:
        if self.clock is not None:
            self.drawn.append((how, self.clock.now))
            self.clock.now += self.cost
        else:  # what Jupyter does with it: asks for the rich display now
            bundle = obj._repr_mimebundle_()
            self.drawn.append((how, (obj.status, len(obj.history), bundle["text/html"])))


@pytest.mark.parametrize(
    ("reports", "cost", "expected"),
    [
        # Nothing before first_after (0.5 s); then at most every interval (0.5 s) after a
        # drawing ends; the end draws once more whatever the time.
        ([0.1, 0.3, 0.5, 0.7, 0.99, 1.0, 1.2, 1.4], 0.0, [("display", 0.5), ("update", 1.0)]),
        # A drawing that takes 0.25 s: the next one no sooner than 4 x 0.25 s after it ends.
        ([0.5, 1.0, 1.5, 1.74, 1.76], 0.25, [("display", 0.5), ("update", 1.76)]),
    ],
)
def test_the_view_is_throttled_and_ends_with_a_final_update(
    reports: list[float], cost: float, expected: list[tuple[str, float]]
) -> None:
    clock = Clock()
    display = FakeDisplay(clock, cost)
    view = LiveView(object(), display, clock=clock)
    for at in reports:
        clock.now = max(clock.now, at)
        view.update()
    assert display.drawn == expected
    view.close()
    assert display.drawn[-1][0] == "update" and len(display.drawn) == len(expected) + 1


def test_a_run_shorter_than_first_after_is_never_shown() -> None:
    clock = Clock()
    display = FakeDisplay(clock)
    view = LiveView(object(), display, clock=clock)
    clock.now = 0.4
    view.update()
    view.close()
    assert display.drawn == []


def slow(event: Any) -> Any:
    time.sleep(0.03)
    return event


def test_a_run_in_jupyter_shows_the_running_execution_then_its_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("tqdm")
    display = FakeDisplay()
    monkeypatch.setattr("sfnsim.live_view.notebook_display", lambda: display)
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "MaxConcurrency": 2,
                "ItemProcessor": {
                    "StartAt": "Work",
                    "States": {"Work": {"Type": "Task", "Resource": LAMBDA + "f", "End": True}},
                },
                "End": True,
            }
        },
    }
    args: dict[str, Any] = {"tasks": {"f": slow}, "name": "live", "seed": 1, "start_time": START}
    items = list(range(50))  # 25 rounds of 30 ms: some 0.8 s
    with ThreadPoolExecutor(2) as threads:
        started = time.monotonic()
        ex = sfnsim.run(definition, items, executor=threads, progress=True, **args)
        spent = time.monotonic() - started
        plain = sfnsim.run(definition, items, executor=threads, **args)
    assert json.dumps(ex.history, default=str) == json.dumps(plain.history, default=str)
    assert ex.status == "SUCCEEDED" and ex.output == items
    hows = [how for how, _ in display.drawn]
    assert hows[0] == "display" and set(hows[1:]) == {"update"}
    first_status, first_events, _ = display.drawn[0][1]
    assert first_status == "RUNNING" and 0 < first_events < len(ex.history)
    assert display.drawn[-1][1] == ("SUCCEEDED", len(ex.history), ex._repr_html_())
    assert len(display.drawn) <= 2 + spent / 0.5  # twice a second at most, and the end


def test_the_live_view_only_in_a_jupyter_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert notebook_display() is None
    ipython = types.ModuleType("IPython")
    ipython_display = types.ModuleType("IPython.display")
    ipython_display.display = FakeDisplay()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", ipython_display)
    ipython.get_ipython = lambda: None  # type: ignore[attr-defined]
    assert notebook_display() is None  # plain Python with IPython importable
    ipython.get_ipython = types.SimpleNamespace  # type: ignore[attr-defined]
    assert notebook_display() is None  # IPython in a terminal: no kernel
    kernel = types.SimpleNamespace(kernel=object())
    ipython.get_ipython = lambda: kernel  # type: ignore[attr-defined]
    assert notebook_display() is ipython_display.display  # type: ignore[attr-defined]
