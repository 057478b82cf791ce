"""Handler calls sent to an executor in chunks (docs/executors.md, "Handler calls in
chunks").

The engine hands a handler's call over when its task starts, and asks for the result only once
nothing else is ready (``cpp/engine/in_flight.cpp``: the tasks in flight are settled in the
order they started, before simulated time moves). So every call started between two such waits
is known when the first result is asked for. :class:`Chunker` queues the calls as they come
and sends the queue at that moment, cut into chunks of consecutive calls, one executor task per
chunk (:func:`run_chunk`): an executor whose own cost per task is paid on the cores the
handlers run on pays it once per chunk instead of once per call. Dask: milliseconds of CPU in
its scheduler and the worker's event loop. A process pool: some 0.5 ms in the parent process,
whose threads collect each result, hand the next call over and wake the engine. Both adapters
(``sfnsim.executors.DaskExecutor`` and ``ProcessPool``) use this one implementation.

Every call keeps its own outcome. A chunk that fails as a whole (it or a result cannot be
serialized, its workers died more often than the executor allows, it was cancelled) is sent
again call by call, each as a task of its own, so that exactly the calls that fail without
chunks fail, with the executor's own exception.
"""

from __future__ import annotations

import threading
import weakref
from concurrent.futures import Future
from typing import Any, Callable

#: At most this many calls in a chunk: bounds what a failed chunk runs again and how long after
#: its own end a call's result is seen (on the real clock, its task's end).
MAX_CHUNK = 64

Call = tuple[Callable[..., Any], tuple[Any, ...], "weakref.ref[QueuedFuture]", bool]


def chunk_sizes(calls: int, workers: int) -> list[int]:
    """How ``calls`` sent at once to ``workers`` slots are cut, in order: in rounds of one
    chunk per worker, each chunk half the calls left divided among the workers (at most
    :data:`MAX_CHUNK`), so the chunks shrink to one call at the end ("factoring", Hummel,
    Schonberg and Flynn 1992). With one size throughout (64 calls of 10 ms), a worker waited
    up to a whole chunk for another's last one: 0.3 to 0.4 s of a 10 s Map on 2 workers."""
    workers = max(1, workers)
    sizes: list[int] = []
    while calls > 0:
        size = max(1, min(MAX_CHUNK, -(-calls // (2 * workers))))
        for _ in range(workers):
            take = min(size, calls)
            if take == 0:
                break
            sizes.append(take)
            calls -= take
    return sizes


def run_chunk(calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[Any]:
    """The executor's task for a chunk: each call in turn, their results in order. The calls
    are ``mocks.call_handler``, which turns a handler's exception into plain values; whatever
    still escapes fails the chunk, and :class:`Chunker` sends its calls again one by one."""
    return [fn(*args) for fn, args in calls]


class QueuedFuture(Future):  # type: ignore[type-arg]
    """A call's future: waiting for it (``result``, ``exception``) sends the queue first.

    A task the engine drops unsettled (its iteration aborted, the execution ended) drops its
    future: the queue is sent then, so its call still runs, as it would have without chunks."""

    def __init__(self, chunker: Chunker) -> None:
        super().__init__()
        self._chunker = chunker

    def result(self, timeout: float | None = None) -> Any:
        self._chunker.flush()
        return super().result(timeout)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        self._chunker.flush()
        return super().exception(timeout)

    def __del__(self) -> None:
        try:
            self._chunker.flush()
        except Exception:  # noqa: BLE001, S110 - interpreter exit; a closed executor
            pass


class Chunker:
    """Queues calls for ``submit`` (an executor's) and sends them in chunks when one is waited
    for. ``workers()``: how many calls the executor runs at once now."""

    def __init__(self, submit: Callable[..., Future[Any]], workers: Callable[[], int]) -> None:
        self._submit = submit
        self._workers = workers
        # Reentrant: a queued future collected while the queue is taken sends the queue.
        self._lock = threading.RLock()
        self._queued: list[Call] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, alone: bool = False) -> Future[Any]:
        """Queues ``fn(*args)``. ``alone``: it goes as a task of its own, never in a chunk."""
        future = QueuedFuture(self)
        with self._lock:
            self._queued.append((fn, args, weakref.ref(future), alone))
        return future

    def flush(self) -> None:
        """Sends every queued call: in chunks of consecutive calls, those queued ``alone`` by
        themselves."""
        with self._lock:
            calls, self._queued = self._queued, []
        if not calls:
            return
        together = sum(1 for call in calls if not call[3])
        workers = self._count_workers() if together > 1 else 1
        sizes = iter(chunk_sizes(together, workers))
        size = next(sizes, 0)
        chunk: list[Call] = []
        for call in calls:
            if call[3]:
                self._send([call])  # as it comes, between the others' chunks
                continue
            chunk.append(call)
            if len(chunk) == size:
                self._send(chunk)
                chunk = []
                size = next(sizes, 0)

    def _count_workers(self) -> int:
        try:
            return self._workers()
        except Exception:  # noqa: BLE001 - a closed client: each send then fails on its own
            return 1

    def _send(self, calls: list[Call]) -> None:
        if len(calls) == 1:
            fn, args, ref, _ = calls[0]
            try:
                single = self._submit(fn, *args)
            except Exception as exc:  # noqa: BLE001 - shut down, or pickling at submit time
                _set(ref, exception=exc)
                return
            single.add_done_callback(lambda done: _copy(done, ref))
            return
        try:
            chunk = self._submit(run_chunk, [(fn, args) for fn, args, _, _ in calls])
        except Exception:  # noqa: BLE001 - one call cannot be pickled: each on its own
            self._send_singly(calls)
            return
        chunk.add_done_callback(lambda done: self._chunk_done(done, calls))

    def _send_singly(self, calls: list[Call]) -> None:
        for call in calls:
            self._send([call])

    def _chunk_done(self, chunk: Future[Any], calls: list[Call]) -> None:
        if chunk.cancelled() or chunk.exception() is not None:
            # Sent again from a thread of its own: this callback may run on the executor's
            # event loop (Dask), which a submit must not block.
            threading.Thread(target=self._send_singly, args=(calls,), daemon=True).start()
            return
        for (_, _, ref, _), result in zip(calls, chunk.result()):
            _set(ref, result=result)


def _set(
    ref: weakref.ref[QueuedFuture], *, result: Any = None, exception: BaseException | None = None
) -> None:
    future = ref()
    if future is None or future.done():
        return  # its task was dropped: the outcome is not wanted
    if exception is not None:
        future.set_exception(exception)
    else:
        future.set_result(result)


def _copy(done: Future[Any], ref: weakref.ref[QueuedFuture]) -> None:
    """A call's own task's outcome (its exception, cancelled included) onto its future."""
    if done.cancelled():
        from concurrent.futures import CancelledError

        _set(ref, exception=CancelledError())
    elif done.exception() is not None:
        _set(ref, exception=done.exception())
    else:
        _set(ref, result=done.result())
