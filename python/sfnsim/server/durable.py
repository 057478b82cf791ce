"""The durable store of ``sfnsim serve`` (docs/server.md, "Durability"): a write-ahead journal
in SQLite of every acknowledged request that changes something, with everything its answer
was made of, replayed into a fresh service when the server starts again.

The engine is deterministic given what it takes from outside: clock readings, random ids and
seeds, and task results. Each journalled operation runs alone (one lock, in journal order)
with a tape attached to its thread (``_core.Tape``, cpp/service/tape.h) that records its clock
readings and random draws, while the task handler records its replies; the entry is committed
before the answer is sent. On start the entries are performed again in order with the tapes
replayed: the same state machines, executions, histories and task tokens come back, and the
executions go on from where they stood. The real clock's timer wake-ups are entries too: the
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
FORMAT = 1  # of the database; a server refuses a store of another format
TIMER_ENTRY = ""  # the operation of an entry that is a timer wake-up
_MAX_SLEEP = 1.0  # seconds between looks at the timers when nothing is due sooner


@dataclass
class Entry:
    """One journalled operation, or a timer wake-up (``operation`` empty)."""

    operation: str
    region: str
    body: bytes
    clock: list[int] = field(default_factory=list)
    uuids: list[str] = field(default_factory=list)
    seeds: list[int] = field(default_factory=list)
    replies: list[Any] = field(default_factory=list)  # the task handler's, in call order
    test_case: list[str] | None = None  # [machine name, execution name, case]: <arn>#<case>

    def tape(self) -> str:
        record: dict[str, Any] = {"clock": self.clock}
        if self.uuids:
            record["uuids"] = self.uuids
        if self.seeds:
            record["seeds"] = self.seeds
        if self.replies:
            record["replies"] = self.replies
        if self.test_case:
            record["test_case"] = self.test_case
        return json.dumps(record, separators=(",", ":"), default=str)


class Journal:
    """The SQLite file: settings (``meta``) and the entries in order (``journal``). WAL mode
    with ``synchronous=NORMAL``: a committed entry survives the process (SIGKILL, a crash),
    which is what the server promises, not a power cut of the machine.

    Group commit: ``append`` queues an entry (in journal order); ``commit_through(n)`` returns
    once entry ``n`` is committed, committing itself, in one transaction, every entry queued
    by then unless another thread's commit already took it. Requests answered at the same
    time share a commit; a lone request pays for its own, with no thread in between."""

    _INSERT = "INSERT INTO journal (operation, region, body, tape) VALUES (?, ?, ?, ?)"

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
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        # Exclusive: the lock file says this process is the only user, and SQLite then keeps
        # the WAL index in memory rather than in a shared file (a tenth off each commit).
        self._db.execute("PRAGMA locking_mode=EXCLUSIVE")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, operation TEXT NOT NULL,"
            " region TEXT NOT NULL, body BLOB NOT NULL, tape TEXT NOT NULL)"
        )
        found = self.meta("format")
        if found is None:
            self.set_meta("format", str(FORMAT))
        elif found != str(FORMAT):
            raise ConfigError(f"{self.path} holds a store of format {found}, not {FORMAT}")
        self._queue_lock = threading.Lock()  # guards the queue and the counts
        self._commit_lock = threading.Lock()  # one commit at a time, in order
        self._queued: list[Entry] = []
        self._handed = 0  # entries queued so far
        self._committed = 0  # of which committed

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def append(self, entry: Entry) -> int:
        """Queues ``entry``; its number, for ``commit_through``."""
        with self._queue_lock:
            self._queued.append(entry)
            self._handed += 1
            return self._handed

    def commit_through(self, number: int) -> None:
        with self._commit_lock:
            if self._committed >= number:
                return  # another thread's commit took it
            with self._queue_lock:
                batch, self._queued = self._queued, []
            rows = [(e.operation, e.region, e.body, e.tape()) for e in batch]
            self._db.execute("BEGIN")
            try:
                self._db.executemany(self._INSERT, rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                with self._queue_lock:
                    self._queued[:0] = batch  # not lost: the next commit tries them again
                raise
            self._committed += len(batch)

    def last_reading(self) -> int:
        """The latest clock reading journalled (0 for none)."""
        row = self._db.execute("SELECT tape FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return max(json.loads(row[0]).get("clock") or [0]) if row else 0

    def entries(self) -> Iterator[Entry]:
        cursor = self._db.execute("SELECT operation, region, body, tape FROM journal ORDER BY seq")
        for operation, region, body, tape in cursor:
            record = json.loads(tape)
            yield Entry(
                operation,
                region,
                bytes(body),
                record.get("clock", []),
                record.get("uuids", []),
                record.get("seeds", []),
                record.get("replies", []),
                record.get("test_case"),
            )

    def close(self) -> None:
        """Commits what is queued, then closes the file."""
        self.commit_through(self._handed)
        self._db.close()
        self._owner.close()


class _Replies:
    """The task handler as a durable server calls it. Recording: each reply is kept for the
    entry being made. Replaying: the handler is still called, so that mocks count their
    invocations and the in-memory fakes are filled again as they were (a pass-through service
    is not called again: ``gate`` answers for it), and the recorded reply is given back."""

    def __init__(self, handler: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.handler = handler
        self._local = threading.local()

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        mode = getattr(self._local, "mode", None)
        if mode is None:
            return self.handler(request)
        replies: list[Any] = self._local.replies
        reply = self.handler(request)
        if mode == "record":
            replies.append(reply)
            return reply
        at = self._local.at
        if at < len(replies):
            self._local.at = at + 1
            recorded: dict[str, Any] = replies[at]
            return recorded
        self._local.diverged = True
        return reply

    @contextmanager
    def recording(self, replies: list[Any]) -> Iterator[None]:
        self._local.mode, self._local.replies = "record", replies
        try:
            yield
        finally:
            self._local.mode = None

    @contextmanager
    def replaying(self, replies: list[Any]) -> Iterator[Callable[[], bool]]:
        self._local.mode, self._local.replies, self._local.at = "replay", replies, 0
        self._local.diverged = False
        try:
            yield lambda: self._local.diverged or self._local.at < len(replies)
        finally:
            self._local.mode = None

    def gate(self, answer: Callable[..., Any]) -> Callable[..., Any]:
        """``answer`` (a pass-through service's), not called while replaying: the recorded
        reply stands for what the service answered then."""

        def gated(*args: Any, **kwargs: Any) -> Any:
            if getattr(self._local, "mode", None) == "replay":
                return None
            return answer(*args, **kwargs)

        return gated


def _changed_nothing(operation: str, status: int, payload: bytes) -> bool:
    """An answer that shows the operation changed nothing, though it may change things: a
    GetActivityTask that handed out no task (workers poll in a loop; an empty queue is
    answered at once without touching an execution)."""
    return operation == "GetActivityTask" and status == 200 and payload.strip() == b"{}"


def _plain(reply: Any) -> Any:
    """A reply as JSON stores it (the engine reads the same values back)."""
    return json.loads(json.dumps(reply, default=str))


class DurableEndpoint(Endpoint):
    """An Endpoint whose every change is journalled before it is answered, restored from the
    journal when made, with the real clock's timers woken by a thread of its own."""

    def __init__(
        self,
        engine: Engine,
        account_id: str,
        handler: Callable[[dict[str, Any]], dict[str, Any]],
        journal: Journal,
        replies: _Replies,
        time_scale: float,
    ) -> None:
        super().__init__(engine, account_id, handler)
        self.invoker = replies
        self.journal = journal
        self._replies = replies
        self._scale = time_scale
        self._serial = threading.Lock()  # journalled operations, one at a time, journal order
        self._wake = threading.Event()
        self._stopping = False
        self._driver: threading.Thread | None = None
        self.replayed = 0
        self.diverged = 0

    # -- answering ------------------------------------------------------------------------

    def direct_operations(self) -> frozenset[str] | None:
        return UNJOURNALLED  # answered as the plain endpoint answers them: no journal

    def answer(self, operation: str, body: bytes, region: str) -> tuple[int, dict[str, str], bytes]:
        if operation in UNJOURNALLED or operation not in _OPERATIONS:
            return super().answer(operation, body, region)  # an unknown one changes nothing
        entry = Entry(operation, region, body or b"{}")
        with self._serial:
            if operation == "StartExecution" and b"#" in entry.body:
                entry.body, entry.test_case = self._test_case(entry.body)
            tape = _core.Tape()
            with self._replies.recording(entry.replies):
                status, payload = self.engine._service.dispatch_text(
                    operation, entry.body, self._context(region), tape
                )
            number = 0
            if not _changed_nothing(operation, status, payload):
                number = self._journal(entry, tape)
        if self._driver is not None:
            self._wake.set()  # the operation may have started a timer
        # Answered once committed: the entries of other requests meanwhile share the commit.
        self.journal.commit_through(number)
        return status, self._headers(payload), payload

    def _journal(self, entry: Entry, tape: Any) -> int:
        entry.clock, entry.uuids, entry.seeds = tape.clock, tape.uuids, tape.seeds
        entry.replies = [_plain(r) for r in entry.replies]
        return self.journal.append(entry)

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
        for entry in self.journal.entries():
            tape = _core.Tape(True, entry.clock, entry.uuids, entry.seeds)
            with self._replies.replaying(entry.replies) as replies_diverged:
                if entry.operation == TIMER_ENTRY:
                    service.run_due(tape)
                else:
                    if entry.test_case:
                        self.handler.select_test_case(*entry.test_case)  # type: ignore[attr-defined]
                    service.dispatch_text(
                        entry.operation, entry.body, self._context(entry.region), tape
                    )
                if tape.diverged or replies_diverged():
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
        self._wake.set()
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
            self._wake.wait(max(delay, 0.0005))
            self._wake.clear()

    def _wake_timers(self) -> bool:
        """Runs the executions whose timers are due, journalled as one entry; False when there
        was nothing to run after all."""
        service = self.engine._service
        with self._serial:
            if self._stopping:
                return True
            entry = Entry(TIMER_ENTRY, "", b"")
            tape = _core.Tape()
            with self._replies.recording(entry.replies):
                service.run_due(tape)
            # run_due reads the clock once to pick what is due; more readings mean it ran
            # something. Nothing ran: nothing to journal (a replay would do nothing either).
            if len(tape.clock) <= 1 and not entry.replies:
                return False
            number = self._journal(entry, tape)
        self.journal.commit_through(number)  # or by a request's commit meanwhile
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
    replies = _Replies(handler)
    if passthrough is not None:
        passthrough.answer = replies.gate(passthrough.answer)
    origin = _clock_origin(journal, clock, time_scale)
    engine = Engine(clock=clock, time_scale=time_scale, _timer_thread=False, _origin_ms=origin)
    endpoint = DurableEndpoint(engine, account_id, handler, journal, replies, time_scale)
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
