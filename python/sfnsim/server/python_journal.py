"""The durable server's journal in Python, for a build of sfnsim without SQLite's C library
(cmake/dependencies.cmake): what ``_core.DurableRoad`` (cpp/server/durable_road.h,
journal.h) does, through Python's sqlite3 module, on the same file in the same format. The
front then sends journalled requests to ``DurableEndpoint.answer`` under the GIL, as every
durable server did before the journal moved to C++: slower, the same answers and store."""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import Any

_INSERT = "INSERT INTO journal (operation, region, body, tape) VALUES (?, ?, ?, ?)"


def tape_text(tape: Any, test_case: list[str] | None = None) -> str:
    """The journal's tape column, as ``tape_text`` in cpp/server/durable_road.cpp writes it."""
    parts = [f'"clock":{json.dumps(list(tape.clock))}']
    if tape.uuids:
        parts.append(f'"uuids":{json.dumps(list(tape.uuids))}')
    if tape.seeds:
        parts.append(f'"seeds":{json.dumps(list(tape.seeds))}')
    if tape.replies:
        parts.append(f'"replies":[{",".join(tape.replies)}]')  # already JSON texts
    if test_case:
        parts.append(f'"test_case":{json.dumps(test_case)}')
    return "{" + ",".join(parts) + "}"


class PythonRoad:
    """``_core.DurableRoad``'s interface: the file, the journal's lock, group commit and the
    timer thread's wake-up."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA locking_mode=EXCLUSIVE")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, operation TEXT NOT NULL,"
            " region TEXT NOT NULL, body BLOB NOT NULL, tape TEXT NOT NULL)"
        )
        self._serial = threading.Lock()
        self._db_lock = threading.Lock()  # the connection; held through a commit
        self._queue_lock = threading.Lock()
        self._queued: list[tuple[str, str, bytes, str]] = []
        self._handed = 0
        self._committed = 0
        self._woken = threading.Event()
        self._closed = False

    def meta(self, key: str) -> str | None:
        with self._db_lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._db_lock:
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def acquire(self) -> None:
        self._serial.acquire()

    def release(self) -> None:
        self._serial.release()

    def append(
        self,
        operation: str,
        region: str,
        body: bytes,
        tape: Any,
        test_case: list[str] | None = None,
    ) -> int:
        row = (operation, region, bytes(body), tape_text(tape, test_case))
        with self._queue_lock:
            self._queued.append(row)
            self._handed += 1
            return self._handed

    def commit_through(self, number: int) -> None:
        with self._db_lock:
            if self._committed >= number:
                return  # another thread's commit took it
            with self._queue_lock:
                batch, self._queued = self._queued, []
            self._db.execute("BEGIN")
            try:
                self._db.executemany(_INSERT, batch)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                with self._queue_lock:
                    self._queued[:0] = batch  # not lost: the next commit tries them again
                raise
            self._committed += len(batch)

    def read(self, after: int, limit: int) -> list[tuple[int, str, str, bytes, str]]:
        with self._db_lock:
            rows = self._db.execute(
                "SELECT seq, operation, region, body, tape FROM journal WHERE seq > ?"
                " ORDER BY seq LIMIT ?",
                (after, limit),
            ).fetchall()
        return [(s, o, r, bytes(b), t) for s, o, r, b, t in rows]

    def last_tape(self) -> str | None:
        with self._db_lock:
            row = self._db.execute("SELECT tape FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else str(row[0])

    def wake(self) -> None:
        self._woken.set()

    def wait_wake(self, seconds: float) -> bool:
        woken = self._woken.wait(seconds)
        self._woken.clear()
        return woken

    def close(self) -> None:
        if self._closed:
            return
        self.commit_through(self._handed)
        self._closed = True
        self._db.close()
