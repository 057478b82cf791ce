"""AWS's own error names, for mocks that simulate what AWS does to a task.

A Python exception raised by a mock fails the task with its class name: a class of your own
called ``TooManyRequestsException`` gives the error ``TooManyRequestsException``, which a Retry
on ``Lambda.TooManyRequestsException`` (the name Step Functions records for a throttled
Lambda) does not match. These classes carry the names Step Functions records, with a cause
shaped as it records it::

    from sfnsim import aws_errors

    @mocks.lambda_("charge")
    def charge(event):
        raise aws_errors.Lambda.TooManyRequestsException()

    mocks.state("Charge").sequence(
        sfnsim.raises(aws_errors.Lambda.ServiceException), sfnsim.returns({"ok": True})
    )

Each is a :class:`sfnsim.TaskFailed`: raised, or given to ``raises()`` (class or instance),
it fails the task with ``error`` and ``cause`` exactly; ``cause=`` replaces the default.

Names and causes (docs/mocks.md#aws-error-names has the table with its sources): Lambda's
service errors are recorded as ``Lambda.<Error Code>`` with the cause the Java SDK words,
``<message> (Service: AWSLambda; Status Code: <status>; Error Code: <code>; Request ID:
<id>; Proxy: null)`` (recorded: Lambda.ResourceNotFoundException). ``States.*`` errors are
the runtime's own: ``States.Timeout`` from a mock fails the task with that name (Retry and
Catch treat it as a timeout); a timeout with AWS's ``TaskTimedOut`` event is a response whose
``duration=`` passes the state's ``TimeoutSeconds``.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from .mocks import TaskFailed

__all__ = ["AwsError", "Lambda", "States"]


class AwsError(TaskFailed):
    """A task failure under one of AWS's error names (``error_name``)."""

    error_name: ClassVar[str] = ""

    def __init__(self, cause: str | None = None) -> None:
        super().__init__(self.error_name, self.default_cause() if cause is None else cause)

    @classmethod
    def default_cause(cls) -> str | None:
        return None


def _sdk_cause(message: str, status: int, code: str) -> str:
    """The cause the Java SDK words for a Lambda service error (recorded shape)."""
    return (
        f"{message} (Service: AWSLambda; Status Code: {status}; Error Code: {code}; "
        f"Request ID: {uuid.uuid4()}; Proxy: null)"
    )


class _LambdaServiceError(AwsError):
    status: ClassVar[int] = 500
    message: ClassVar[str] = ""

    @classmethod
    def default_cause(cls) -> str:
        return _sdk_cause(cls.message, cls.status, cls.error_name.split(".", 1)[1])


class Lambda:
    """``Lambda.*``: what Step Functions records when invoking a function fails in Lambda
    itself (not in the function's code, whose errors are named after the exception)."""

    class TooManyRequestsException(_LambdaServiceError):
        """Lambda throttled the invocation (concurrency or rate limit)."""

        error_name = "Lambda.TooManyRequestsException"
        status = 429
        message = "Rate Exceeded."

    class ServiceException(_LambdaServiceError):
        """A transient error inside Lambda (HTTP 500)."""

        error_name = "Lambda.ServiceException"
        status = 500
        message = "An internal error occurred in the Lambda service."

    class AWSLambdaException(_LambdaServiceError):
        """A Lambda service error the SDK has no specific class for."""

        error_name = "Lambda.AWSLambdaException"
        status = 502
        message = "Bad Gateway"

    class SdkClientException(AwsError):
        """The call never got an answer (connection, read timeout): a client-side error, so
        its cause has no service part."""

        error_name = "Lambda.SdkClientException"

        @classmethod
        def default_cause(cls) -> str:
            return "Unable to execute HTTP request: Read timed out"

    class ClientExecutionTimeoutException(AwsError):
        """The SDK gave up waiting for the invocation."""

        error_name = "Lambda.ClientExecutionTimeoutException"

        @classmethod
        def default_cause(cls) -> str:
            return "Client execution did not complete before the specified timeout configuration."

    class Unknown(AwsError):
        """An invocation that failed without an error type (out of memory, the function's own
        timeout)."""

        error_name = "Lambda.Unknown"

        @classmethod
        def default_cause(cls) -> str:
            return "The cause could not be determined because Lambda did not return an error type."


class States:
    """``States.*``: the runtime's own errors, as a mock may want to produce them."""

    class Timeout(AwsError):
        """The task ran past ``TimeoutSeconds`` (for the ``TaskTimedOut`` event itself, give
        a response a ``duration=`` past the state's timeout instead)."""

        error_name = "States.Timeout"

    class HeartbeatTimeout(AwsError):
        """The task sent no heartbeat within ``HeartbeatSeconds``."""

        error_name = "States.HeartbeatTimeout"

    class TaskFailed(AwsError):
        """A task failure with no more specific name."""

        error_name = "States.TaskFailed"

    class Permissions(AwsError):
        """The execution's role may not perform the task."""

        error_name = "States.Permissions"
