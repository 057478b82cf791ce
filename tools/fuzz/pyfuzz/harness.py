"""Runs one fuzz case in a forked child with a time and a memory cap, and says how it ended.

A case fails when the child dies of a signal (crash), outlives its time cap (hang), lets an
exception out of sfnsim that is none of its documented error types (traceback), or sees an API
call answer InternalFailure. The child is forked from a process that has imported sfnsim but
never run it, so no engine thread is copied half-way through its work.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sfnsim

from .known import known_cause
from .values import CallerObjectError

# Set in the child by the API hook below: every InternalFailure the client answered, even one a
# task handler swallowed.
_internal_failures: list[str] = []


@dataclass
class Case:
    """One generated case. `body` runs in the child; `description` reproduces it in a report."""

    surface: str
    description: str
    body: Callable[[], None]
    # Exceptions the case may end with: its inputs were meant to be refused this way.
    allowed: tuple[type[BaseException], ...] = ()
    # Exception objects that may come out as they are (what a task handler raised on purpose).
    passthrough: list[BaseException] = field(default_factory=list)
    # Traits of the values the case uses that known causes of failure need (values.traits);
    # a body that draws values as it runs adds theirs.
    tags: set[str] = field(default_factory=set)


@dataclass
class Outcome:
    kind: str  # ok | known | crash | hang | traceback | internal_failure
    detail: str = ""


# What sfnsim documents as its errors. JSONataError, InvalidDefinition, ClientError and
# ParamValidationError are SfnSimError subclasses.
DOCUMENTED: tuple[type[BaseException], ...] = (sfnsim.SfnSimError, sfnsim.MockConfigError)
try:  # botocore's ClientError is what a routed boto3 client raises
    from botocore.exceptions import ClientError as _BotocoreClientError

    DOCUMENTED += (_BotocoreClientError,)
except ImportError:  # pragma: no cover
    pass


def _record_internal_failures() -> None:
    """Wraps the client's one call path so that an InternalFailure is noticed wherever it
    surfaces (raised to the case, or swallowed by a task handler that called the API)."""
    original = sfnsim.Client._call

    def call(self: sfnsim.Client, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return original(self, operation, params)
        except sfnsim.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "InternalFailure":
                _internal_failures.append(f"{operation}: {exc}")
            raise

    sfnsim.Client._call = call  # type: ignore[method-assign]


def _classify(case: Case) -> Outcome:
    try:
        case.body()
    except BaseException as exc:  # noqa: BLE001 - classifying is the point
        if _internal_failures:
            return Outcome("internal_failure", _internal_failures[0])
        if any(exc is p for p in case.passthrough):
            return Outcome("ok")
        if isinstance(exc, DOCUMENTED + (CallerObjectError,) + case.allowed):
            return Outcome("ok")
        if isinstance(exc, SystemExit) and exc.code in (0, 1, 2, None):
            return Outcome("ok")  # the CLI's argparse and exit codes
        cause = known_cause(exc, case.tags)
        if cause is not None:
            return Outcome("known", cause)
        text = traceback.format_exception(type(exc), exc, exc.__traceback__)
        return Outcome("traceback", "".join(text)[-6000:])
    if _internal_failures:
        return Outcome("internal_failure", _internal_failures[0])
    return Outcome("ok")


def _address_space() -> int:
    """Bytes of address space this process has mapped already (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(case: Case, write_fd: int, memory_cap: int) -> None:
    # The cap is on what the case adds: a child forked from a process that has mapped gigabytes
    # (a long pytest session) could otherwise not even grow its stack, and died with SIGSEGV.
    limit = _address_space() + memory_cap
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    # The Python streams too: under pytest they are capture files shared with the parent.
    sys.stdin = open(os.devnull)  # noqa: SIM115 - the child exits with os._exit
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    _record_internal_failures()
    try:
        outcome = _classify(case)
    except BaseException as exc:  # noqa: BLE001 - even the classification failed
        outcome = Outcome("traceback", repr(exc))
    data = json.dumps({"kind": outcome.kind, "detail": outcome.detail}).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(write_fd, view) :]


def run_case(case: Case, time_cap: float = 10.0, memory_cap: int = 2 << 30) -> Outcome:
    """Forks, runs `case` in the child, and waits at most `time_cap` seconds for it."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        try:
            _child(case, write_fd, memory_cap)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + time_cap
    hung = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                hung = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
    if hung:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return Outcome("hang", f"still running after {time_cap:g} s")
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return Outcome("crash", f"killed by signal {sig} ({signal.Signals(sig).name})")
    try:
        reply = json.loads(b"".join(chunks))
    except ValueError:
        return Outcome("crash", f"the child exited ({status}) without a report")
    return Outcome(str(reply["kind"]), str(reply["detail"]))
