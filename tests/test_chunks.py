"""Handler calls in chunks (``sfnsim.chunks``, docs/executors.md "Handler calls in chunks"), on
a thread pool: the rule needs no Dask. ``check_chunks`` in tests/test_executor.py checks it
through ``sfnsim.run`` on a process pool, and tests/test_executor_dask.py on Dask.
"""

from __future__ import annotations

import gc
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

import pytest
from sfnsim.chunks import MAX_CHUNK, Chunker, chunk_sizes, run_chunk


@pytest.mark.parametrize(
    "calls, workers, sizes",
    [
        (1, 2, [1]),  # one call: a chunk of one
        (4, 2, [1, 1, 1, 1]),  # half of 4 among 2 workers: one each
        (8, 2, [2, 2, 1, 1, 1, 1]),  # 8 / (2 x 2) = 2 each, then 4 left: 1 each
        (9, 2, [3, 3, 1, 1, 1]),  # rounded up: ceil(9 / 4) = 3
        (100, 2, [25, 25, 13, 13, 6, 6, 3, 3, 2, 2, 1, 1]),  # shrinking to one at the end
        (2_000, 2, [MAX_CHUNK] * 28 + [52, 52, 26, 26, 13, 13, 7, 7, 3, 3, 2, 2, 1, 1]),  # capped
        (2_000, 100, [10] * 100 + [5] * 100 + [3] * 100 + [1] * 200),  # many workers: smaller
        (10, 0, [5, 3, 1, 1]),  # no worker yet (a cluster scaling up): counted as one
    ],
)
def test_chunks_are_half_the_calls_left_among_the_workers_shrinking_to_one(
    calls: int, workers: int, sizes: list[int]
) -> None:
    assert chunk_sizes(calls, workers) == sizes
    assert sum(sizes) == calls and max(sizes) <= MAX_CHUNK


class Recorder:
    """An executor's ``submit`` on a thread pool, recording what each task was sent."""

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self.pool = pool
        self.lock = threading.Lock()
        self.tasks: list[int] = []  # calls per task sent
        self.refuse: Callable[[Any], bool] = lambda fn: False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        if self.refuse(fn):
            raise RuntimeError("refused")
        with self.lock:
            self.tasks.append(len(args[0]) if fn is run_chunk else 1)
        return self.pool.submit(fn, *args)


def double(n: int, ran: list[int]) -> int:
    ran.append(n)
    if n == 13:
        raise ValueError("13 escapes the call: its chunk fails")
    return 2 * n


def test_calls_wait_for_the_first_result_then_go_in_chunks_with_their_own_results() -> None:
    with ThreadPoolExecutor(2) as pool:
        executor = Recorder(pool)
        chunker = Chunker(executor.submit, lambda: 2)
        ran: list[int] = []
        futures = [chunker.submit(double, n, ran) for n in range(20, 40)]
        assert executor.tasks == [] and ran == []  # queued until one is waited for
        assert futures[5].result() == 50
        assert executor.tasks == [5, 5, 3, 3, 1, 1, 1, 1]  # chunk_sizes(20, 2), in order
        assert [f.result() for f in futures] == [2 * n for n in range(20, 40)]
        assert sorted(ran) == list(range(20, 40))  # each ran once


def test_a_call_queued_alone_goes_by_itself_and_the_others_in_chunks() -> None:
    with ThreadPoolExecutor(2) as pool:
        executor = Recorder(pool)
        chunker = Chunker(executor.submit, lambda: 1)
        ran: list[int] = []
        futures = [chunker.submit(double, n, ran, alone=n == 22) for n in range(20, 30)]
        assert [f.result() for f in futures] == [2 * n for n in range(20, 30)]
        # 22 goes alone (sent as it comes); the 9 others in chunk_sizes(9, 1) == [5, 2, 1, 1].
        assert executor.tasks == [1, 5, 2, 1, 1]


def test_a_chunk_that_fails_as_a_whole_is_sent_again_call_by_call() -> None:
    with ThreadPoolExecutor(2) as pool:
        executor = Recorder(pool)
        chunker = Chunker(executor.submit, lambda: 1)
        ran: list[int] = []
        futures = [chunker.submit(double, n, ran) for n in range(11, 17)]
        # Chunks [11, 12, 13], [14, 15], [16]; the first fails and each of its calls is sent
        # alone: only 13 fails, with its own exception.
        with pytest.raises(ValueError, match="13 escapes"):
            futures[2].result()
        assert [f.result() for f in futures[:2]] == [22, 24]
        assert [f.result() for f in futures[3:]] == [28, 30, 32]
        assert sorted(executor.tasks) == [1, 1, 1, 1, 2, 3]
        assert sorted(ran) == [11, 11, 12, 12, 13, 13, 14, 15, 16]  # ran again: be idempotent


def test_a_refused_chunk_is_sent_call_by_call_and_a_refused_call_fails_its_future() -> None:
    with ThreadPoolExecutor(2) as pool:
        executor = Recorder(pool)
        executor.refuse = lambda fn: fn is run_chunk  # e.g. one call cannot be pickled
        chunker = Chunker(executor.submit, lambda: 1)
        ran: list[int] = []
        futures = [chunker.submit(double, n, ran) for n in range(4)]
        assert [f.result() for f in futures] == [0, 2, 4, 6]
        assert executor.tasks == [1, 1, 1, 1]
        executor.refuse = lambda fn: True  # shut down
        refused = chunker.submit(double, 5, ran)
        with pytest.raises(RuntimeError, match="refused"):
            refused.result()


def test_a_call_whose_future_is_dropped_unread_still_runs() -> None:
    """As an aborted iteration's handler does without chunks: it was handed over."""
    with ThreadPoolExecutor(2) as pool:
        executor = Recorder(pool)
        chunker = Chunker(executor.submit, lambda: 2)
        ran: list[int] = []
        futures = [chunker.submit(double, n, ran) for n in range(3)]
        del futures
        gc.collect()
    assert sorted(ran) == [0, 1, 2]
