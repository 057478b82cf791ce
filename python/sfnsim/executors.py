"""Task handlers on a ``concurrent.futures.Executor``: ``sfnsim.run(..., executor=...)``.

A Task answered by a Python handler (``mocks=`` callables, ``tasks=``) is submitted to the
executor instead of being called on the engine's thread; the engine goes on stepping the other
branches and iterations and settles the task later (``TaskOutcome::Kind::InFlight``,
``cpp/engine/in_flight.cpp``). Which mock answers, the call's record and its place in a
``sequence`` are decided on the engine's thread when the task starts, so they do not depend on
which worker finishes first; only the handler's own call runs on the worker
(``mocks.call_handler``, which returns plain values a process can send back).

This module holds the executor's side of that: submitting a call and taking its result, with a
clear :class:`sfnsim.ExecutorError` naming the handler when the executor cannot run it; and the
adapters: for a ``concurrent.futures.ProcessPoolExecutor`` (:class:`ProcessPool`, calls in
chunks), Dask (a ``distributed.Client`` or a cluster such as ``LocalCluster``, taken as they
are; :class:`DaskExecutor`) and Ray (:func:`ray`). Dask and Ray are not imported unless used
(extras ``sfnsim[dask]``, ``sfnsim[ray]``).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import weakref
from collections.abc import Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Callable

from .chunks import Chunker
from .errors import ExecutorError

__all__ = [
    "ChunkedExecutor",
    "DaskExecutor",
    "Executor",
    "ProcessPool",
    "RayExecutor",
    "check_executor",
    "ray",
    "release",
    "settle_handler",
    "submit_handler",
]


def check_executor(executor: Any) -> Executor | None:
    """``executor`` as something task handlers can be submitted to (None: call them
    in-process). A Dask ``Client`` or cluster is wrapped in a :class:`DaskExecutor`, a
    ``ProcessPoolExecutor`` in a :class:`ProcessPool` (both send calls in chunks)."""
    if executor is None or isinstance(executor, (ChunkedExecutor, RayExecutor)):
        return executor
    if isinstance(executor, ProcessPoolExecutor):
        return ProcessPool(executor)
    dask = _dask_kind(executor)
    if dask is not None:
        return DaskExecutor(executor, owns_client=dask == "cluster")
    if not callable(getattr(executor, "submit", None)):
        raise TypeError(
            "executor= takes a concurrent.futures.Executor (something with submit(fn, *args) "
            "returning a Future), a Dask distributed.Client or cluster, or "
            f"sfnsim.executors.ray(), not {type(executor).__name__}"
        )
    return executor  # type: ignore[no-any-return]


def release(executor: Executor | None, given: Any) -> None:
    """Frees what :func:`check_executor` made for ``given`` (the Dask client a cluster got);
    the caller's own executor is left running."""
    if executor is not None and executor is not given and isinstance(executor, DaskExecutor):
        executor.shutdown()


def _dask_kind(executor: Any) -> str | None:
    """ "client" or "cluster" for Dask's objects, without importing Dask: an object of Dask's
    can only exist once ``distributed`` was imported."""
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return None
    if isinstance(executor, distributed.Client):
        return "client"
    if isinstance(executor, importlib.import_module("distributed.deploy.cluster").Cluster):
        return "cluster"
    return None


class ChunkedExecutor(Executor):
    """An adapter that sends the handler calls started together in chunks through its
    ``chunker`` (:mod:`sfnsim.chunks`; None: one task per call), the rules of
    docs/executors.md "Handler calls in chunks"."""

    chunker: Chunker | None


class ProcessPool(ChunkedExecutor):
    """Task handlers on a ``concurrent.futures.ProcessPoolExecutor``, whose calls started
    together go in chunks: ``executor=`` given a ``ProcessPoolExecutor`` (or a subclass) makes
    one. ``ProcessPool(pool, chunks=False)`` as ``executor=`` sends every call as a task of
    its own.

    A pool's cost per task is small but paid in the parent process, on the cores the workers
    use: its management thread collects every result and hands the next call over, a feeder
    thread pickles it, and the engine's thread wakes once per call. Some 0.5 ms of CPU a call
    on the development machine, a twentieth of a 10 ms handler; in chunks, one such round per
    chunk. The pool stays the caller's: :meth:`shutdown` leaves it running. A worker that dies
    mid-task breaks the pool as without chunks (docs/executors.md).
    """

    def __init__(self, pool: ProcessPoolExecutor, *, chunks: bool = True) -> None:
        self.pool = pool
        self.chunker = Chunker(pool.submit, self._workers) if chunks else None

    def _workers(self) -> int:
        """The pool's processes: ``max_workers``, which ``ProcessPoolExecutor`` keeps only as
        a private attribute (os.cpu_count() when it has none, as the pool's own default)."""
        return int(getattr(self.pool, "_max_workers", None) or os.cpu_count() or 1)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing: the pool is the caller's to shut down."""


class DaskExecutor(ChunkedExecutor):
    """Task handlers as Dask tasks: ``executor=`` given a ``distributed.Client`` (or a cluster,
    for which this makes a client of its own and closes it at :meth:`shutdown`).

    Every call is submitted with ``pure=False``: Dask would otherwise name a task after its
    function and arguments and run two iterations with the same input (or a retry of a failed
    call) once. A worker that dies mid-task is Dask's to handle: the scheduler runs the task
    again on another worker, up to ``distributed.scheduler.allowed-failures`` times (default
    3); past that the future raises ``KilledWorker``, which reaches the caller as
    :class:`sfnsim.ExecutorError` (docs/executors.md).

    Handler calls go in chunks (:mod:`sfnsim.chunks`): Dask's own cost per task, some
    milliseconds of CPU between its scheduler and the worker, would otherwise outweigh short
    handlers. ``chunks=False`` sends every call as a task of its own.
    """

    def __init__(
        self, client_or_cluster: Any, *, owns_client: bool = False, chunks: bool = True
    ) -> None:
        distributed = importlib.import_module("distributed")
        client = client_or_cluster
        if owns_client:
            client = distributed.Client(client_or_cluster, set_as_default=False)
            # Closed at shutdown(), or when this executor is collected (a client's executor).
            self._finalizer: Any = weakref.finalize(self, client.close)
        else:
            self._finalizer = None
        self.client = client
        self._executor = client.get_executor(pure=False)
        self.chunker = Chunker(self.submit, self._threads) if chunks else None

    def _threads(self) -> int:
        """Calls the cluster runs at once now: its workers' threads."""
        return sum(self.client.nthreads().values())

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return self._executor.submit(fn, *args, **kwargs)  # type: ignore[no-any-return]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._finalizer is not None:
            self._finalizer()


class RayExecutor(Executor):
    """Task handlers as Ray tasks (made by :func:`ray`): ``submit`` runs ``fn`` as a remote
    function and hands back the ``concurrent.futures.Future`` of its ``ObjectRef``."""

    def __init__(self, ray_module: Any, options: Mapping[str, Any], owns_ray: bool) -> None:
        self._ray = ray_module
        self._options = dict(options)
        self._owns_ray = owns_ray
        self._remotes: dict[Callable[..., Any], Any] = {}
        self._lock = threading.Lock()
        self._shut_down = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if self._shut_down:
            raise RuntimeError("cannot schedule new futures after shutdown")
        with self._lock:
            remote = self._remotes.get(fn)
            if remote is None:
                remote = self._ray.remote(fn)
                if self._options:
                    remote = remote.options(**self._options)
                self._remotes[fn] = remote
        return remote.remote(*args, **kwargs).future()  # type: ignore[no-any-return]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stops Ray if :func:`ray` started it."""
        if not self._shut_down and self._owns_ray:
            self._ray.shutdown()
        self._shut_down = True


def ray(*, options: Mapping[str, Any] | None = None, **init: Any) -> RayExecutor:
    """An executor running task handlers as Ray tasks (``pip install 'sfnsim[ray]'``).

    Starts Ray with ``ray.init(**init)`` unless it is running already (then ``init`` must be
    empty), and stops it at ``shutdown()`` (``with sfnsim.executors.ray() as ex: ...``) if it
    started it. ``options`` go to each remote function (``num_cpus``, ``max_retries``, ...).
    Ray runs a task whose worker died again, ``max_retries`` times (default 3); past that the
    error reaches the caller as :class:`sfnsim.ExecutorError`.
    """
    try:
        ray_module = importlib.import_module("ray")
    except ImportError:
        from .templates import MissingExtra

        raise MissingExtra("sfnsim.executors.ray() needs Ray: pip install 'sfnsim[ray]'") from None
    owns = not ray_module.is_initialized()
    if owns:
        ray_module.init(**init)
    elif init:
        raise TypeError("Ray is running already: sfnsim.executors.ray() takes no init arguments")
    return RayExecutor(ray_module, options or {}, owns)


def handler_name(fn: Callable[..., Any]) -> str:
    """``module.qualname`` of a handler, as a traceback would name it."""
    module = getattr(fn, "__module__", None)
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    return f"{module}.{name}" if module else str(name)


# What each executor raises once a worker process died mid-task (killed, out of memory,
# os._exit) more often than it runs a task again, and that rule (docs/executors.md, "a worker
# dies mid-task"). Matched by class name: the classes are Dask's and Ray's, not imported here.
WORKER_DEATHS: dict[str, str] = {
    # concurrent.futures.process: every pending future of the pool fails and the pool is
    # unusable; the task is never run again. The call named is the first not done in start
    # order, not necessarily the one whose process died.
    "BrokenProcessPool": "a process of the pool died, running this call or another (every call "
    "not done fails, in a chunk also those of the dead process's chunk that had run); a "
    "process pool runs no task again and is broken from then on",
    # distributed: the scheduler reruns it on another worker up to allowed-failures times.
    "KilledWorker": "the workers running it died more often than "
    "distributed.scheduler.allowed-failures (default 3) allows",
    # Ray: the task is rerun up to the remote function's max_retries (default 3,
    # RAY_TASK_MAX_RETRIES; -1: without end).
    "WorkerCrashedError": "the Ray workers running it died more often than the remote "
    "function's max_retries (default 3; sfnsim.executors.ray(options={'max_retries': n})) allows",
    # Ray's memory monitor killed the worker (its own retry count, task_oom_retries).
    "OutOfMemoryError": "Ray killed its worker for using too much memory",
}


def _error(
    exc: BaseException, handler: Callable[..., Any], request: Mapping[str, Any], executor: Any
) -> ExecutorError:
    name = handler_name(handler)
    state = str(request.get("state_name", ""))
    if isinstance(executor, ProcessPool):
        executor = executor.pool  # the user's pool, by the name they know it
    hint = ""
    death = WORKER_DEATHS.get(type(exc).__name__)
    if death is not None:
        hint = (
            f" The worker process died mid-task: {death}. A death is not the task's failure, "
            "so no Retry or Catch sees it; a handler that may run again must be idempotent."
        )
    elif "pickle" in f"{type(exc).__name__} {exc}".lower():
        hint = (
            " This executor pickles the handler, its input and its result: define the handler "
            "at module level (not a lambda, a nested function or a bound method of an "
            "unpicklable object) and return picklable values."
        )
    return ExecutorError(
        f"{type(executor).__name__} could not run the handler {name} of Task state {state!r}: "
        f"{type(exc).__name__}: {str(exc).rstrip('.')}.{hint}",
        handler=name,
        state=state,
    )


def submit_handler(
    executor: Executor,
    call: Callable[..., Any],
    handler: Callable[..., Any],
    args: tuple[Any, ...],
    request: Mapping[str, Any],
) -> Future[Any]:
    """``executor.submit(call, handler, *args)``; ExecutorError when the executor refuses.
    On an executor that chunks calls (:class:`ChunkedExecutor`: Dask, a process pool), the
    call is queued and sent with the others when the engine first waits for one
    (:mod:`sfnsim.chunks`); a refusal then reaches :func:`settle_handler`, as the same
    ExecutorError."""
    chunker = executor.chunker if isinstance(executor, ChunkedExecutor) else None
    if chunker is not None:
        # TimeoutSeconds or HeartbeatSeconds count, on the real clock, the time until its result
        # is seen: such a call is never held back by the rest of a chunk.
        alone = (
            request.get("timeout_seconds") is not None
            or request.get("heartbeat_seconds") is not None
        )
        return chunker.submit(call, handler, *args, alone=alone)
    try:
        return executor.submit(call, handler, *args)
    except Exception as exc:  # noqa: BLE001 - shut down, or pickling at submit time
        raise _error(exc, handler, request, executor) from exc


def settle_handler(
    future: Future[Any], handler: Callable[..., Any], request: Mapping[str, Any], executor: Any
) -> Any:
    """The handler call's result, waiting for it. ``call`` catches the handler's own
    exceptions, so whatever ``future.result()`` raises is the executor's: ExecutorError."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - pickling, a dead worker, a cancelled future
        raise _error(exc, handler, request, executor) from exc
