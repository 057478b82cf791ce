"""Who hears of sfnsim's work: the pytest plugin's workflow coverage (``pytest --sfn-cov``).

Nothing listens unless a watcher is added, and then each hook costs one truth test of an empty
tuple: the places that call ``notify_*`` are the end of ``sfnsim.run``, the making of a client
or a ``mock_aws`` router (their engine, to read its executions later), and a TestState answer.
The watchers are process-wide because executions are: one pytest session watches all of them.
"""

from __future__ import annotations

from typing import Any, Protocol


class Watcher(Protocol):
    def execution_finished(self, execution: Any) -> None:
        """A ``sfnsim.run`` execution, ended (or paused)."""

    def engine_used(self, engine: Any, region: str, account_id: str) -> None:
        """An engine a client or router answers from, and for which region and account: its
        executions are read later."""

    def state_tested(self, request: dict[str, Any], response: dict[str, Any]) -> None:
        """A TestState call and its answer."""


# One slot holding a tuple replaced whole (never mutated): a reader mid-iteration keeps its own.
_WATCHERS: list[tuple[Watcher, ...]] = [()]


def watchers() -> tuple[Watcher, ...]:
    return _WATCHERS[0]


def add_watcher(watcher: Watcher) -> None:
    _WATCHERS[0] = (*_WATCHERS[0], watcher)


def remove_watcher(watcher: Watcher) -> None:
    _WATCHERS[0] = tuple(w for w in _WATCHERS[0] if w is not watcher)
