"""The rule of simultaneous.py on made-up histories: a run of same-type events at one instant in
distinct branches is compared as a set; anything else keeps its recorded order."""

from __future__ import annotations

import pytest

from .simultaneous import in_recorded_order_of


def ev(i: int, prev: int, kind: str, t: float = 0.0, **extra: object) -> dict[str, object]:
    return {"id": i, "previousEventId": prev, "type": kind, "timestamp": t, **extra}


def branches(order: list[int], t_fire: float = 5.0, same_instant: bool = True) -> list[dict]:
    """Three branches started by events 2, 3, 4; their timers fire as events 5-7 in `order`,
    then the first to fire is followed by an event pointing at it."""
    h = [ev(1, 0, "Start")] + [ev(2 + b, 1, "Started", 1.0, b=b) for b in range(3)]
    for n, b in enumerate(order):
        h.append(ev(5 + n, 2 + b, "TimedOut", t_fire if same_instant else t_fire + n, b=b))
    h.append(ev(8, 5, "Failed"))
    return h


@pytest.mark.parametrize("recorded", [[0, 1, 2], [0, 2, 1], [1, 0, 2], [2, 1, 0]])
def test_simultaneous_run_is_a_set(recorded: list[int]) -> None:
    actual = branches([0, 1, 2])
    expected = branches(recorded)
    # the event after the run points at the first recorded one; in sfnsim's order it is the
    # event that followed the same branch
    first = 5 + [0, 1, 2].index(recorded[0])
    expected[-1]["previousEventId"] = 5
    out = in_recorded_order_of(expected, actual)
    assert [e["b"] for e in out[4:7]] == [0, 1, 2]
    assert [e["id"] for e in out] == list(range(1, 9))
    assert [e["previousEventId"] for e in out[4:7]] == [2, 3, 4]
    assert out[-1]["previousEventId"] == first


def test_events_at_different_instants_keep_their_order() -> None:
    actual = branches([0, 1, 2], same_instant=False)
    expected = branches([0, 2, 1], same_instant=False)
    assert in_recorded_order_of(expected, actual) is expected


def test_same_branch_events_keep_their_order() -> None:
    actual = [ev(1, 0, "A"), ev(2, 1, "B"), ev(3, 1, "B")]
    expected = [ev(1, 0, "A"), ev(2, 1, "B", x=2), ev(3, 1, "B", x=1)]
    assert in_recorded_order_of(expected, actual) is expected


def test_a_run_with_other_predecessors_is_left_for_the_comparison() -> None:
    actual = branches([0, 1, 2])
    expected = branches([0, 2, 1])
    expected[5]["previousEventId"] = 9  # no sfnsim event of the run follows event 9
    assert in_recorded_order_of(expected, actual) is expected
