"""Exceptions raised by sfnsim."""

from __future__ import annotations

from typing import Any


class SfnSimError(Exception):
    """Base class of every sfnsim exception."""


class InvalidDefinition(SfnSimError, ValueError):
    """The state machine definition is not valid Amazon States Language.

    ``diagnostics`` lists every problem found, each a dict with ``severity``, ``code``,
    ``message`` and (usually) ``location``, as ValidateStateMachineDefinition reports them.
    """

    def __init__(self, message: str, diagnostics: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: list[dict[str, Any]] = diagnostics or []


class InvalidExecutionInput(SfnSimError, ValueError):
    """The execution input is not valid JSON, or too large, or too deeply nested."""


class UnusedMockError(SfnSimError, ValueError):
    """Under ``strict_mocks=True``: mock entries that no state of the state machine can use
    (``mocks.state("Chrage")`` for a state called ``Charge``). ``entries`` has a line for each;
    without ``strict_mocks`` they are a ``sfnsim.UnusedMockWarning``."""

    def __init__(self, message: str, entries: list[str]) -> None:
        super().__init__(message)
        self.entries = entries


class RunTimeout(SfnSimError, TimeoutError):
    """``sfnsim.run(..., timeout=...)`` spent its real time and the execution had not ended.

    ``execution`` is the execution as it stands (status ``RUNNING``, its history so far), to
    see where it went round; ``state`` names the state it was in, when known.
    """

    def __init__(self, message: str, execution: Any, state: str | None = None) -> None:
        super().__init__(message)
        self.execution = execution
        self.state = state


try:  # botocore is optional: with it, sfnsim's API errors are also botocore ClientErrors.
    from botocore.exceptions import ClientError as _BotocoreClientError
    from botocore.exceptions import ParamValidationError as _BotocoreParamValidationError
except ImportError:  # pragma: no cover - exercised in environments without botocore
    _BotocoreClientError = None
    _BotocoreParamValidationError = None


def _client_error_message(response: dict[str, Any], operation_name: str) -> str:
    error = response.get("Error", {})
    return (
        f"An error occurred ({error.get('Code', 'Unknown')}) when calling the {operation_name} "
        f"operation: {error.get('Message', 'Unknown')}"
    )


class ExecutorError(SfnSimError):
    """The ``executor=`` given to ``sfnsim.run`` or ``sfnsim.client`` could not run a task
    handler at all: a process pool cannot pickle it (a lambda, a nested function) or what it
    returns, the executor was shut down, a worker died. Raised to the caller rather than failing
    the task: it is a problem with the setup, which no Retry or Catch should hide.
    ``handler`` names the handler, ``state`` the Task state."""

    # Read by the engine's binding (cpp/bindings/task_handler.cpp): not the task's failure.
    _sfnsim_reaches_caller = True

    def __init__(self, message: str, handler: str, state: str) -> None:
        super().__init__(message)
        self.handler = handler
        self.state = state


class ClientError(SfnSimError):
    """An error the Step Functions API answered with, shaped like botocore's ClientError.

    ``response["Error"]`` holds ``Code`` and ``Message``; modeled extra members (``reason``,
    ``resourceName``) sit at the top level of ``response``, as botocore puts them. Every class
    on ``client.exceptions`` subclasses this and, when botocore is installed, also
    ``botocore.exceptions.ClientError``.
    """

    def __init__(self, error_response: dict[str, Any], operation_name: str) -> None:
        # Exception's own __init__: with botocore's ClientError among the bases, the next
        # __init__ in the MRO would be botocore's, which wants other arguments.
        Exception.__init__(self, _client_error_message(error_response, operation_name))
        self.response = error_response
        self.operation_name = operation_name

    def __reduce__(self) -> tuple[Any, ...]:
        return self.__class__, (self.response, self.operation_name)


def client_error_bases() -> tuple[type, ...]:
    """Bases for the classes on ``client.exceptions``."""
    if _BotocoreClientError is None:
        return (ClientError,)
    return (ClientError, _BotocoreClientError)


class _ParamValidationBase(SfnSimError, ValueError):
    def __init__(self, report: str) -> None:
        Exception.__init__(self, f"Parameter validation failed:\n{report}")
        self.report = report
        self.kwargs = {"report": report}


if _BotocoreParamValidationError is not None:

    class ParamValidationError(_ParamValidationBase, _BotocoreParamValidationError):  # type: ignore[misc]
        """Request parameters botocore would refuse before sending (unknown or missing)."""

        def __init__(self, report: str) -> None:
            _ParamValidationBase.__init__(self, report)

else:  # pragma: no cover

    class ParamValidationError(_ParamValidationBase):  # type: ignore[no-redef]
        """Request parameters botocore would refuse before sending (unknown or missing)."""
