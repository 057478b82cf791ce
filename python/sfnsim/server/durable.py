"""The durable store of ``sfnsim serve`` (docs/server.md, "Durability"): a write-ahead journal
in SQLite of every acknowledged request that changes something, with everything its answer
was made of, replayed into a fresh service when the server starts again.

The engine is deterministic given what it takes from outside: clock readings, random ids and
seeds, and task results. Each journalled operation runs alone (one lock, in journal order)
with a tape attached to its thread (``_core.Tape``, cpp/service/tape.h) that records its clock
readings, random draws and the task handler's replies; the entry is committed before the answer
is sent. The journal itself is C++ (``_core.DurableRoad``, cpp/server/durable_road.h): the HTTP
front answers journalled requests with it on the connection's thread, without Python. On
start the entries are performed again in order with the tapes replayed: the same state
machines, executions, histories and task tokens come back, and the executions go on from where
they stood. The real clock's timer wake-ups are entries too: the
server wakes timers itself (not the service's own thread) so that each wake-up is journalled.

The rule of what is journalled lives here, in ``UNJOURNALLED``: every operation not named
there is journalled, so one added to the service later is kept until it is shown to change
nothing.
"""

from __future__ import annotations

import fcntl
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import _core
from ..endpoint import Endpoint
from ..engine import Engine
from .config import ConfigError
from .python_journal import PythonRoad

log = logging.getLogger("sfnsim.server")

# Operations that change nothing a later request can see: answered without the journal.
READ_ONLY = frozenset(
    {
        "DescribeActivity",
        "DescribeExecution",
        "DescribeMapRun",
        "DescribeStateMachine",
        "DescribeStateMachineAlias",
        "DescribeStateMachineForExecution",
        "GetExecutionHistory",
        "ListActivities",
        "ListExecutions",
        "ListMapRuns",
        "ListStateMachineAliases",
        "ListStateMachineVersions",
        "ListStateMachines",
        "ListTagsForResource",
        "ValidateStateMachineDefinition",
    }
)
# StartSyncExecution changes something (it runs an Express execution) but keeps nothing: AWS
# keeps no Express execution, the answer is the caller's only record, and the caller waits
# for the end (in real time on the real clock), which the journal's lock cannot wait for. A
# crash before it answers loses it as it loses any unanswered request.
UNJOURNALLED = READ_ONLY | {"StartSyncExecution"}

_OPERATIONS = frozenset(_core.operation_names())
# Whether this build has the C++ journal (SQLite's C library found when it was built); tests
# set it False to run the Python one.
NATIVE_JOURNAL = _core.native_journal()
FORMAT = 1  # of the database; a server refuses a store of another format
TIMER_ENTRY = ""  # the operation of an entry that is a timer wake-up
_MAX_SLEEP = 1.0  # seconds between looks at the timers when nothing is due sooner


@dataclass
class Entry:
    """One journalled operation, or a timer wake-up (``operation`` empty), as replayed."""

    operation: str
    region: str
    body: bytes
    clock: list[int] = field(default_factory=list)
    uuids: list[str] = field(default_factory=list)
    seeds: list[int] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)  # the task handler's, JSON texts, in order
    test_case: list[str] | None = None  # [machine name, execution name, case]: <arn>#<case>


def _entry(operation: str, region: str, body: bytes, tape: str) -> Entry:
    record = json.loads(tape)
    return Entry(
        operation,
        region,
        body,
        record.get("clock", []),
        record.get("uuids", []),
        record.get("seeds", []),
        # Kept in the tape as JSON; the task handler's seam reads each back from its text.
        [json.dumps(r, separators=(",", ":")) for r in record.get("replies", [])],
        record.get("test_case"),
    )


class Journal:
    """The store's file: ``_core.DurableRoad`` (cpp/server/durable_road.h, journal.h) keeps
    the SQLite file (settings in ``meta``, the entries in order in ``journal``; WAL mode with
    ``synchronous=NORMAL``: a committed entry survives the process, not a power cut), the lock
    that puts journalled operations in one order, and the group commit: ``road.append`` queues
    an entry, ``road.commit_through(n)`` returns once entry ``n`` is committed, in one
    transaction with every entry queued by then unless another thread's commit already took
    it. The HTTP front answers journalled requests with the same object without Python's GIL;
    this class adds the store's directory, its owner lock and its format."""

    _PAGE = 2000  # entries read at a time on replay

    def __init__(self, directory: Path) -> None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            # One server per store: two would interleave their journals. The OS drops the lock
            # with the process, killed or not.
            self._owner = open(directory / "sfnsim.lock", "a+b")  # noqa: SIM115 - held open
        except OSError as exc:
            raise ConfigError(f"cannot use {directory} for the store: {exc.strerror}") from None
        try:
            fcntl.flock(self._owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._owner.close()
            raise ConfigError(f"another sfnsim server keeps its store in {directory}") from None
        self.path = directory / "sfnsim.db"
        try:
            self.road: _core.DurableRoad | PythonRoad = _open_road(self.path)
            found = self.meta("format")
        except (RuntimeError, sqlite3.Error) as exc:
            self._owner.close()
            raise ConfigError(f"cannot use {self.path}: {exc}") from None
        if found is None:
            self.set_meta("format", str(FORMAT))
        elif found != str(FORMAT):
            self._owner.close()
            raise ConfigError(f"{self.path} holds a store of format {found}, not {FORMAT}")

    def meta(self, key: str) -> str | None:
        return self.road.meta(key)

    def set_meta(self, key: str, value: str) -> None:
        self.road.set_meta(key, value)

    def last_reading(self) -> int:
        """The latest clock reading journalled (0 for none)."""
        tape = self.road.last_tape()
        return max(json.loads(tape).get("clock") or [0]) if tape else 0

    def entries(self) -> Iterator[Entry]:
        after = 0
        while True:
            page = self.road.read(after, self._PAGE)
            for seq, operation, region, body, tape in page:
                yield _entry(operation, region, body, tape)
                after = seq
            if len(page) < self._PAGE:
                return

    def close(self) -> None:
        """Commits what is queued, then closes the file."""
        self.road.close()
        self._owner.close()


def _open_road(path: Path) -> _core.DurableRoad | PythonRoad:
    """The C++ journal (``_core.DurableRoad``), or the Python one when this build of sfnsim has
    no SQLite library (``python_journal.py``, the same file format)."""
    if NATIVE_JOURNAL:
        return _core.DurableRoad(str(path))
    return PythonRoad(str(path))


class _Replaying:
    """Whether this thread is replaying the journal: the task handler is called again then (so
    that mocks count their invocations and the in-memory fakes fill as they did) but the reply
    it recorded stands (bindings/task_handler.cpp reads it off the tape), and a pass-through
    service is not called again (``gate``)."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def replaying(self) -> Iterator[None]:
        self._local.on = True
        try:
            yield
        finally:
            self._local.on = False

    def gate(self, answer: Callable[..., Any]) -> Callable[..., Any]:
        """``answer`` (a pass-through service's), not called while replaying: the recorded
        reply stands for what the service answered then."""

        def gated(*args: Any, **kwargs: Any) -> Any:
            if getattr(self._local, "on", False):
                return None
            return answer(*args, **kwargs)

        return gated


def _changed_nothing(operation: str, status: int, payload: bytes) -> bool:
    """An answer that shows the operation changed nothing, though it may change things: a
    GetActivityTask that handed out no task (workers poll in a loop; an empty queue is
    answered at once without touching an execution). The front's rule is the same
    (``changed_nothing``, cpp/server/durable_road.h)."""
    return operation == "GetActivityTask" and status == 200 and payload.strip() == b"{}"


class _Serial:
    """The journal's lock as a context manager (the GIL released while it waits: a thread
    holding it may need the GIL for a task handler)."""

    def __init__(self, road: Any) -> None:
        self._road = road

    def __enter__(self) -> None:
        self._road.acquire()

    def __exit__(self, *exc: Any) -> None:
        self._road.release()


class DurableEndpoint(Endpoint):
    """An Endpoint whose every change is journalled before it is answered, restored from the
    journal when made, with the real clock's timers woken by a thread of its own. Over HTTP the
    front answers the journalled operations itself (``road``, ``journalled_operations``);
    ``answer`` does the same for a MockConfigFile test case and for callers in Python."""

    def __init__(
        self,
        engine: Engine,
        account_id: str,
        handler: Callable[[dict[str, Any]], dict[str, Any]],
        journal: Journal,
        replaying: _Replaying,
        time_scale: float,
    ) -> None:
        super().__init__(engine, account_id, handler)
        self.journal = journal
        self.road = journal.road
        self._replaying = replaying
        self._scale = time_scale
        self._serial = _Serial(self.road)  # journalled operations, one at a time, journal order
        self._stopping = False
        self._driver: threading.Thread | None = None
        self.replayed = 0
        self.diverged = 0

    # -- answering ------------------------------------------------------------------------

    def direct_operations(self) -> frozenset[str] | None:
        return UNJOURNALLED  # answered as the plain endpoint answers them: no journal

    @staticmethod
    def journalled_operations() -> list[str]:
        return sorted(_OPERATIONS - UNJOURNALLED)

    def answer(self, operation: str, body: bytes, region: str) -> tuple[int, dict[str, str], bytes]:
        if operation in UNJOURNALLED or operation not in _OPERATIONS:
            return super().answer(operation, body, region)  # an unknown one changes nothing
        body = body or b"{}"
        test_case = None
        number = 0
        with self._serial:
            if operation == "StartExecution" and b"#" in body:
                body, test_case = self._test_case(body)
            tape = _core.Tape()
            status, payload = self.engine._service.dispatch_text(
                operation, body, self._context(region), tape
            )
            if not _changed_nothing(operation, status, payload):
                number = self.road.append(operation, region, body, tape, test_case)
        self.road.wake()  # the operation may have started a timer
        # Answered once committed: the entries of other requests meanwhile share the commit.
        self.road.commit_through(number)
        return status, self._headers(payload), payload

    def _test_case(self, body: bytes) -> tuple[bytes, list[str] | None]:
        """Step Functions Local's ``<arn>#<TestCase>``, selected as the in-memory server does:
        the body the service is given (the name drawn for an unnamed execution fixed in it)
        and the selection to redo on replay."""
        selected_body = self._select_test_case(body)
        if selected_body is body:
            return body, None
        given, selected = json.loads(body), json.loads(selected_body)
        machine = str(selected["stateMachineArn"]).split(":")[-1]
        case = str(given["stateMachineArn"]).partition("#")[2]
        return selected_body, [machine, str(selected["name"]), case]

    # -- restoring ------------------------------------------------------------------------

    def replay(self) -> None:
        """Performs every journalled entry again, in order, with its tape."""
        service = self.engine._service
        with self._replaying.replaying():
            for entry in self.journal.entries():
                tape = _core.Tape(True, entry.clock, entry.uuids, entry.seeds, entry.replies)
                if entry.operation == TIMER_ENTRY:
                    service.run_due(tape)
                else:
                    if entry.test_case:
                        self.handler.select_test_case(*entry.test_case)  # type: ignore[attr-defined]
                    service.dispatch_text(
                        entry.operation, entry.body, self._context(entry.region), tape
                    )
                if tape.diverged:
                    self.diverged += 1
                self.replayed += 1
        if self.diverged:
            log.warning(
                "%d of %d journalled operations took another path when replayed: the store "
                "was made by another version of sfnsim or with another configuration",
                self.diverged,
                self.replayed,
            )

    # -- the real clock's timers ----------------------------------------------------------

    def start_timers(self) -> None:
        self._driver = threading.Thread(target=self._drive, name="sfnsim-timers", daemon=True)
        self._driver.start()

    def close(self) -> None:
        self._stopping = True
        self.road.wake()
        if self._driver is not None:
            self._driver.join()
        with self._serial:
            self.journal.close()

    def _drive(self) -> None:
        service = self.engine._service
        while not self._stopping:
            due = service.next_due_ms()
            now = service.now_ms
            if due is not None and due <= now:
                if not self._wake_timers():
                    time.sleep(0.001)  # due but nothing ran (a runner holds it): look again
                continue
            delay = _MAX_SLEEP if due is None else min(_MAX_SLEEP, (due - now) * self._scale / 1000)
            self.road.wait_wake(max(delay, 0.0005))

    def _wake_timers(self) -> bool:
        """Runs the executions whose timers are due, journalled as one entry; False when there
        was nothing to run after all."""
        service = self.engine._service
        with self._serial:
            if self._stopping:
                return True
            tape = _core.Tape()
            service.run_due(tape)
            # run_due reads the clock once to pick what is due; more readings mean it ran
            # something. Nothing ran: nothing to journal (a replay would do nothing either).
            if len(tape.clock) <= 1 and not tape.replies:
                return False
            number = self.road.append(TIMER_ENTRY, "", b"", tape)
        self.road.commit_through(number)  # or by a request's commit meanwhile
        return True


def open_durable(
    directory: Path,
    clock: str,
    time_scale: float,
    account_id: str,
    handler: Callable[[dict[str, Any]], dict[str, Any]],
    passthrough: Any,
) -> DurableEndpoint:
    """The endpoint of a server keeping its state in ``directory``, restored from it."""
    journal = Journal(directory)
    replaying = _Replaying()
    if passthrough is not None:
        passthrough.answer = replaying.gate(passthrough.answer)
    origin = _clock_origin(journal, clock, time_scale)
    engine = Engine(clock=clock, time_scale=time_scale, _timer_thread=False, _origin_ms=origin)
    endpoint = DurableEndpoint(engine, account_id, handler, journal, replaying, time_scale)
    endpoint.replay()
    if clock == "real":
        endpoint.start_timers()
    return endpoint


def _clock_origin(journal: Journal, clock: str, scale: float) -> int | None:
    """Where a scaled real clock starts: on the same line as the last server's (the simulated
    time it would show now had it kept running), so that a Wait begun before a restart ends
    when it would have. Unscaled, the clock is the wall clock and continues by itself."""
    wall = int(time.time() * 1000)
    anchor = journal.meta("clock_anchor")
    now = wall
    if anchor is not None:
        sim, at, old_scale = json.loads(anchor)
        now = sim + round((wall - at) / old_scale)
    now = max(now, journal.last_reading())  # time never goes back, whatever the wall clock did
    journal.set_meta("clock_anchor", json.dumps([now, wall, scale if clock == "real" else 1.0]))
    return now if clock == "real" and scale != 1.0 else None
