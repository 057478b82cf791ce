"""Task handlers on a ``concurrent.futures.Executor``: ``sfnsim.run(..., executor=...)``.

A Task answered by a Python handler (``mocks=`` callables, ``tasks=``) is submitted to the
executor instead of being called on the engine's thread; the engine goes on stepping the other
branches and iterations and settles the task later (``TaskOutcome::Kind::InFlight``,
``cpp/engine/in_flight.cpp``). Which mock answers, the call's record and its place in a
``sequence`` are decided on the engine's thread when the task starts, so they do not depend on
which worker finishes first; only the handler's own call runs on the worker
(``mocks.call_handler``, which returns plain values a process can send back).

This module holds the executor's side of that: submitting a call and taking its result, with a
clear :class:`sfnsim.ExecutorError` naming the handler when the executor cannot run it.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor, Future
from typing import Any, Callable

from .errors import ExecutorError

__all__ = ["Executor", "check_executor", "settle_handler", "submit_handler"]


def check_executor(executor: Any) -> Executor | None:
    """``executor`` if it can take task handlers (None: call them in-process)."""
    if executor is None:
        return None
    if not callable(getattr(executor, "submit", None)):
        raise TypeError(
            "executor= takes a concurrent.futures.Executor (something with submit(fn, *args) "
            f"returning a Future), not {type(executor).__name__}"
        )
    return executor  # type: ignore[no-any-return]


def handler_name(fn: Callable[..., Any]) -> str:
    """``module.qualname`` of a handler, as a traceback would name it."""
    module = getattr(fn, "__module__", None)
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)
    return f"{module}.{name}" if module else str(name)


def _error(
    exc: BaseException, handler: Callable[..., Any], request: Mapping[str, Any], executor: Any
) -> ExecutorError:
    name = handler_name(handler)
    state = str(request.get("state_name", ""))
    hint = ""
    if "pickle" in f"{type(exc).__name__} {exc}".lower():
        hint = (
            " This executor pickles the handler, its input and its result: define the handler "
            "at module level (not a lambda, a nested function or a bound method of an "
            "unpicklable object) and return picklable values."
        )
    return ExecutorError(
        f"{type(executor).__name__} could not run the handler {name} of Task state {state!r}: "
        f"{type(exc).__name__}: {exc}.{hint}",
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
    """``executor.submit(call, handler, *args)``; ExecutorError when the executor refuses."""
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
