"""Run Task states with plain Python callables: ``sfnsim.run(..., tasks={...})``.

A key is a Task ``Resource`` ARN, or a Lambda function name / ARN (matched for legacy Lambda
resources and for ``arn:aws:states:::lambda:invoke``). The callable receives the task's input
(for Lambda, the event payload) and returns its result; raising an exception fails the task
with an ASL error named after the exception class, which Retry and Catch handle.

This is the shorthand form of ``sfnsim.Mocks`` (see ``sfnsim.mocks``), which it builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from .mocks import Invoker, TaskFailed, from_tasks

TaskHandler = Callable[[Any], Any]

__all__ = ["TaskFailed", "TaskHandler", "TaskTable"]


class TaskTable(Invoker):
    """The engine's task handler for a ``tasks`` mapping."""

    def __init__(
        self, tasks: Mapping[str, TaskHandler] | None, *, callbacks_wait: bool = False
    ) -> None:
        super().__init__([from_tasks(tasks or {})], callbacks_wait=callbacks_wait)
