"""Run Task states with plain Python callables: ``sfnsim.run(..., tasks={...})``.

A key is a Task ``Resource`` ARN, or a Lambda function name / ARN (matched for legacy Lambda
resources and for ``arn:aws:states:::lambda:invoke``). The callable receives the task's input
(for Lambda, the event payload) and returns its result; raising an exception fails the task
with an ASL error named after the exception class, which Retry and Catch handle.
"""

from __future__ import annotations

import json
import traceback
import uuid
from collections.abc import Mapping
from typing import Any, Callable

TaskHandler = Callable[[Any], Any]

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"


class TaskFailed(Exception):
    """Raise from a task handler to fail the task with an exact ``error`` and ``cause``."""

    def __init__(self, error: str, cause: str | None = None) -> None:
        super().__init__(error if cause is None else f"{error}: {cause}")
        self.error = error
        self.cause = cause


def _function_name(ref: str) -> str:
    """The bare function name of a name, a partial ARN or a full Lambda ARN."""
    if ref.startswith("arn:"):
        parts = ref.split(":")
        if len(parts) >= 7 and parts[5] == "function":
            return parts[6]
        return ref
    if ":function:" in ref:
        return ref.split(":function:")[1].split(":")[0]
    return ref.split(":")[0]


def _lambda_cause(exc: BaseException) -> str:
    """The cause Lambda reports for an unhandled exception."""
    return json.dumps(
        {
            "errorMessage": str(exc),
            "errorType": type(exc).__name__,
            "requestId": str(uuid.uuid4()),
            "stackTrace": traceback.format_tb(exc.__traceback__),
        }
    )


def _lambda_invoke_response(payload: Any) -> dict[str, Any]:
    """The response shape of the optimised ``lambda:invoke`` integration."""
    return {
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {"X-Amz-Executed-Version": ["$LATEST"]},
            "HttpHeaders": {"X-Amz-Executed-Version": "$LATEST"},
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": str(uuid.uuid4())},
        "StatusCode": 200,
    }


class TaskTable:
    """Resolves a Task request to a handler in a ``tasks`` mapping and runs it."""

    def __init__(
        self, tasks: Mapping[str, TaskHandler] | None, *, callbacks_wait: bool = False
    ) -> None:
        # callbacks_wait: a Task with no handler that can be completed later (a
        # .waitForTaskToken integration, an activity) waits for send_task_success / a worker,
        # as on AWS, instead of failing.
        self._callbacks_wait = callbacks_wait
        self._by_key: dict[str, TaskHandler] = dict(tasks or {})
        self._by_function: dict[str, TaskHandler] = {
            _function_name(k): v
            for k, v in self._by_key.items()
            if not k.startswith("arn:aws:states")
        }

    def _find(self, request: dict[str, Any]) -> tuple[TaskHandler | None, bool, Any]:
        """(handler, is_lambda, payload) for a request."""
        resource: str = request["resource"]
        params = request["parameters"]
        if request["kind"] == "lambda_function":
            handler = self._by_key.get(resource) or self._by_function.get(
                request["function_name"] or _function_name(resource)
            )
            return handler, True, params
        if resource.startswith(LAMBDA_INVOKE) and isinstance(params, dict):
            name = str(params.get("FunctionName", ""))
            handler = self._by_key.get(resource) or self._by_key.get(name)
            handler = handler or self._by_function.get(_function_name(name))
            if handler is not None and resource not in self._by_key:
                return handler, True, params.get("Payload")
            return handler, False, params
        return self._by_key.get(resource), False, params

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        handler, is_lambda, payload = self._find(request)
        if (
            handler is None
            and self._callbacks_wait
            and (request["pattern"] == "waitForTaskToken" or request["kind"] == "activity")
        ):
            return {"kind": "pending"}
        if handler is None:
            return {
                "kind": "failed",
                "error": "sfnsim.TaskNotMocked",
                "cause": (
                    f"No handler for Task state '{request['state_name']}' (resource "
                    f"'{request['resource']}'). Pass tasks={{'{request['resource']}': fn}} "
                    "to sfnsim.run()."
                ),
            }
        try:
            result = handler(payload)
        except TaskFailed as exc:
            return {"kind": "failed", "error": exc.error, "cause": exc.cause}
        except Exception as exc:  # noqa: BLE001 - any handler error is the task's failure
            cause = _lambda_cause(exc) if is_lambda else str(exc)
            return {"kind": "failed", "error": type(exc).__name__, "cause": cause}
        wrap = is_lambda and request["resource"].startswith(LAMBDA_INVOKE)
        return {"kind": "succeeded", "result": _lambda_invoke_response(result) if wrap else result}
