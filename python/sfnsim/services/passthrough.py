"""Task states sent to a real boto3 session: ``sfnsim.client(passthrough=boto3.Session())``.

The last layer behind the user's mocks and the in-memory fakes. It makes the call the task
describes with the session's clients and answers with what Step Functions would record:

- AWS SDK integrations (``aws-sdk:<service>:<action>``): the operation found in botocore's
  model, the result without ``ResponseMetadata``, dates as ISO-8601 text, errors named
  ``<Service>.<Error>Exception`` with the Java 2.x SDK's cause text;
- optimised integrations (``dynamodb:putItem``, ``sqs:sendMessage``, ``sns:publish``,
  ``events:putEvents``, ``states:startExecution``, ``lambda:invoke``): the Java 1.x shapes, with
  the HTTP metadata Step Functions adds and its error names;
- Lambda function ARNs: the function's own result or error;
- ``.waitForTaskToken``: the call made, the task waits for ``send_task_success``.

Nothing escapes: a botocore error (no credentials, no endpoint, an invalid parameter) fails
the task with a message saying what went wrong. Jobs (``.sync``) are not polled.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

from .. import _core
from ._common import compact, exception_name, v1_cause, v2_cause
from .aws_names import (
    V1Names,
    boto_service_name,
    operation_name,
    optimised_service_name,
    service_ids_on_disk,
    v1_names,
    v2_service_name,
)
from .aws_shapes import from_boto, to_boto
from .item_formats import ReaderFormatError, reader_text

Reply = dict[str, Any]

#: The error of a task the pass-through cannot make (a ``.sync`` job, an unknown action). Like
#: every ``sfnsim.*`` error it reports a limit of the simulation: no Retry or Catch sees it.
UNSUPPORTED = "sfnsim.PassthroughUnsupported"

# Optimised integrations that are not one SDK call.
_NOT_SDK_CALLS = {("apigateway", "invoke"), ("eks", "call")}


def _failed(error: str, cause: str) -> Reply:
    return {"kind": "failed", "error": error, "cause": cause}


def _queue_endpoint(params: Mapping[str, Any]) -> str | None:
    """Where the optimised SQS integration sends a request: the host of its ``QueueUrl`` (the
    Java 1.x SQS client does; AWS recorded a made-up queue URL failing with
    ``SQS.SdkClientException`` "Unable to execute HTTP request: <host>: Name or service not
    known"). None when the URL names no host."""
    url = params.get("QueueUrl")
    if not isinstance(url, str):
        return None
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _role_of(request: Mapping[str, Any]) -> str | None:
    """The role of the Task's ``Credentials`` field, if it has one."""
    credentials = request.get("credentials")
    if isinstance(credentials, Mapping) and isinstance(credentials.get("RoleArn"), str):
        return str(credentials["RoleArn"])
    return None


def _region_of_arn(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[3] if len(parts) > 4 and parts[0] == "arn" and parts[3] else None


class _Call:
    """One task's call: the client, the operation and how its results and errors are named."""

    def __init__(self, client: Any, operation: str, *, optimised: bool, service: str) -> None:
        self.client = client
        self.model = client.meta.service_model.operation_model(operation)
        self.optimised = optimised
        self.service = service  # the resource's service: "dynamodb", "aws-sdk:s3"
        service_id = str(client.meta.service_model.service_id)
        self.v2 = v2_service_name(service_id)
        self.v1: V1Names = v1_names(service, service_id)

    def error_name(self, class_name: str | None) -> str:
        if self.optimised:
            suffix = exception_name(class_name) if class_name else self.v1.generic
            return f"{self.v1.prefix}.{suffix}"
        return f"{self.v2}.{exception_name(class_name or self.v2)}"

    def client_error(self, exc: Any) -> Reply:
        response = getattr(exc, "response", None) or {}
        error = response.get("Error") or {}
        meta = response.get("ResponseMetadata") or {}
        code = str(error.get("Code") or "")
        modeled = type(exc).__name__ if type(exc).__name__ != "ClientError" else None
        message = str(error.get("Message") or "")
        status = int(meta.get("HTTPStatusCode") or 0)
        request_id = str(meta.get("RequestId") or "null")
        if self.optimised:
            cause = v1_cause(message, self.v1.service, status, code, request_id)
        else:
            host_id = str(meta.get("HostId") or "")
            cause = v2_cause(message, self.v2, status, request_id, host_id)
        return _failed(self.error_name(modeled), cause)

    def other_error(self, exc: BaseException) -> Reply:
        from botocore.exceptions import BotoCoreError, ParamValidationError

        if isinstance(exc, ParamValidationError):
            # Only with a client that validates (a user's own): AWS validates at the service,
            # whose validation errors are undeclared: the generic exception, as recorded.
            return _failed(self.error_name(None), str(exc))
        if isinstance(exc, BotoCoreError):
            # The Java SDKs' error for a call that got no answer (no credentials, no endpoint).
            prefix = self.v1.prefix if self.optimised else self.v2
            text = str(exc) or type(exc).__name__
            return _failed(
                f"{prefix}.SdkClientException", f"Unable to execute HTTP request: {text}"
            )
        # Not botocore's: an in-process endpoint (moto) that broke on the request.
        return _failed(
            "sfnsim.PassthroughError",
            f"The call {self.model.name} raised {type(exc).__name__}: {exc} (a mocked endpoint"
            " failing on the request; AWS answers such a request with a validation error).",
        )


class Passthrough:
    """Sends ``aws-sdk:*`` and optimised integrations to ``session``'s clients.

    ``region_name``: where the calls go; by default the session's region, else the region of
    the execution (as on AWS, where tasks call the state machine's region). ``endpoints``:
    botocore service name -> endpoint URL (Step Functions Local's ``LAMBDA_ENDPOINT`` and
    kin); given, the layer answers only the tasks of those services, sent to those URLs.
    """

    def __init__(
        self,
        session: Any,
        *,
        region_name: str | None = None,
        endpoints: Mapping[str, str] | None = None,
    ) -> None:
        self.session = session
        self.region_name = region_name
        self.endpoints = dict(endpoints) if endpoints is not None else None
        self._clients: dict[tuple[str, str, str, str], Any] = {}
        self._roles: dict[str, tuple[dict[str, str], float]] = {}  # credentials, expiry
        self._operations: dict[tuple[str, str], str | None] = {}
        self._calls: dict[tuple[int, str, bool, str], _Call] = {}
        self._service_ids: dict[str, str] | None = None
        self._services: frozenset[str] | None = None
        self._lock = threading.Lock()
        self._headers = threading.local()

    # -- the layer ----------------------------------------------------------------------------

    def answer(self, request: Mapping[str, Any]) -> Reply | None:
        kind = request.get("kind")
        if kind not in ("sdk", "service", "lambda_function"):
            return None  # activities wait for a worker; HTTP tasks are not AWS calls
        if self.endpoints is not None and _botocore_name(request) not in self.endpoints:
            return None
        try:
            if kind == "lambda_function":
                return self._lambda_function(request)
            return self._integration(request)
        except Exception as exc:  # noqa: BLE001 - a task failure, never an engine crash
            return _failed(
                "sfnsim.PassthroughError",
                f"The pass-through could not make the call of task '{request.get('state_name')}'"
                f" ({request.get('resource')}): {type(exc).__name__}: {exc}",
            )

    # -- the integrations ---------------------------------------------------------------------

    def _integration(self, request: Mapping[str, Any]) -> Reply:
        service = str(request.get("service") or "")
        action = str(request.get("action") or "").split(".", 1)[0]
        pattern = request.get("pattern")
        resource = request.get("resource")
        if pattern in ("sync", "sync:2"):
            return _failed(
                UNSUPPORTED,
                f"The pass-through does not run jobs: '{resource}' waits for a job to complete"
                " (.sync), which it cannot poll. Mock that task instead.",
            )
        optimised = request.get("kind") == "service"
        if optimised:
            if (service, action) in _NOT_SDK_CALLS:
                return _failed(
                    UNSUPPORTED,
                    f"The pass-through makes AWS SDK calls; '{resource}' is not one. Mock it.",
                )
            boto_name: str | None = optimised_service_name(service)
            if boto_name not in self._available():
                boto_name = None
        else:
            boto_name = boto_service_name(
                service.split(":", 1)[-1], self._available(), self._ids_of_services
            )
        if boto_name is None:
            return _failed(UNSUPPORTED, f"No AWS service is known for '{resource}'.")
        region = self._region(request, None)
        params = request.get("parameters")
        params = params if isinstance(params, Mapping) else {}
        endpoint = _queue_endpoint(params) if optimised and service == "sqs" else None
        if self.endpoints is not None:
            endpoint = self.endpoints.get(boto_name, endpoint)
        client = self._client(boto_name, region, _role_of(request), endpoint)
        operation = self._operation(client, boto_name, action)
        if operation is None:
            return _failed(
                UNSUPPORTED,
                f"The service '{boto_name}' has no action '{action}' (resource '{resource}').",
            )
        call = self._call(client, operation, optimised=optimised, service=service)
        if optimised and service == "lambda" and action == "invoke":
            return self._lambda_invoke(call, params, request)
        args = to_boto(params, call.model.input_shape)
        if optimised and service == "events" and action == "putEvents":
            _add_event_resources(args, request)
        response, headers, failure = self._send(call, args)
        if failure is not None:
            return failure
        reader_format = str(request.get("reader_format") or "")
        if reader_format and hasattr(response.get("Body"), "read"):
            # An ItemReader's object, as the engine reads it (item_formats.py).
            try:
                body = reader_text(response["Body"].read(), reader_format)
            except ReaderFormatError as exc:
                return _failed(exc.error, exc.cause)
            response = {**response, "Body": body}
        result = from_boto(response, call.model.output_shape, optimised=optimised)
        if optimised and call.v1.metadata:
            result = _with_metadata(result, response, headers)
        if optimised and service == "events" and int(result.get("FailedEntryCount") or 0) > 0:
            return _failed("EventBridge.FailedEntry", compact(result))
        if pattern == "waitForTaskToken":
            return {"kind": "pending", "submitted": result}
        return {"kind": "succeeded", "result": result}

    def _lambda_invoke(self, call: _Call, params: Mapping[str, Any], request: Any) -> Reply:
        """``lambda:invoke``: the function's result wrapped in the invoke response."""
        payload = params.get("Payload")
        if isinstance(payload, str):
            # JSON text goes as written and the function gets the value it encodes (as a mock
            # does); other text would not be a valid event, so it goes as a JSON string.
            try:
                json.loads(payload)
            except ValueError:
                params = {**params, "Payload": compact(payload)}
        args = to_boto(params, call.model.input_shape)
        response, headers, failure = self._send(call, args)
        if failure is not None:
            return failure
        text = _payload_text(response.get("Payload"))
        if response.get("FunctionError"):
            return _function_error(text, str(response["FunctionError"]), reserialise=True)
        result = from_boto(
            {k: v for k, v in response.items() if k not in ("Payload", "FunctionError")},
            call.model.output_shape,
            optimised=True,
        )
        result["Payload"] = _decoded(text)
        result = _with_metadata(result, response, headers)
        if request.get("pattern") == "waitForTaskToken":
            return {"kind": "pending", "submitted": result}
        return {"kind": "succeeded", "result": result}

    def _lambda_function(self, request: Mapping[str, Any]) -> Reply:
        """A Task naming the function's ARN: the function's result itself, its error as is."""
        arn = str(request.get("resource") or "")
        region = self._region(request, _region_of_arn(arn))
        endpoint = self.endpoints.get("lambda") if self.endpoints is not None else None
        client = self._client("lambda", region, _role_of(request), endpoint)
        call = self._call(client, "Invoke", optimised=True, service="lambda")
        payload = compact(request.get("parameters")).encode()
        response, _, failure = self._send(call, {"FunctionName": arn, "Payload": payload})
        if failure is not None:
            return failure
        text = _payload_text(response.get("Payload"))
        if response.get("FunctionError"):
            return _function_error(text, str(response["FunctionError"]), reserialise=False)
        return {"kind": "succeeded", "result": _decoded(text)}

    # -- boto3 --------------------------------------------------------------------------------

    def _send(
        self, call: _Call, args: Mapping[str, Any]
    ) -> tuple[Any, Mapping[str, str], Reply | None]:
        """The operation's response and HTTP headers, or the failed reply of its error."""
        from botocore import xform_name
        from botocore.exceptions import ClientError

        self._headers.value = {}
        try:
            response = getattr(call.client, xform_name(call.model.name))(**args)
        except ClientError as exc:
            return None, {}, call.client_error(exc)
        except Exception as exc:  # noqa: BLE001 - every botocore failure fails the task
            return None, {}, call.other_error(exc)
        return response, getattr(self._headers, "value", {}) or {}, None

    def _keep_headers(self, http_response: Any = None, **_: Any) -> None:
        headers = getattr(http_response, "headers", None)
        self._headers.value = dict(headers.items()) if headers is not None else {}

    def _client(
        self,
        service: str,
        region: str | None,
        role: str | None = None,
        endpoint: str | None = None,
    ) -> Any:
        """The session's client for ``service``; with the task's ``Credentials`` role, one
        signed with that role's temporary credentials (assumed through the session's STS);
        with ``endpoint``, one sending there."""
        key = (service, region or "", role or "", endpoint or "")
        client = self._clients.get(key)
        if client is not None and (role is None or self._role_fresh(role)):
            return client
        options: dict[str, Any] = self._assume(role, region) if role else {}
        if endpoint is not None:
            options["endpoint_url"] = endpoint
        with self._lock:  # boto3 sessions are not thread-safe
            # No client-side validation: the Java SDK has none, the service words its own
            # errors (recorded: "1 validation error detected: Value null at 'item' ...").
            config = _no_validation()
            client = self.session.client(service, region_name=region, config=config, **options)
            client.meta.events.register("after-call", self._keep_headers)
            self._clients[key] = client
        return client

    def _role_fresh(self, role: str) -> bool:
        expires = self._roles.get(role, (None, 0.0))[1]
        return time.time() < expires - 300

    def _assume(self, role: str, region: str | None) -> dict[str, str]:
        if self._role_fresh(role):
            return self._roles[role][0]
        sts = self._client("sts", region)
        found = sts.assume_role(RoleArn=role, RoleSessionName="sfnsim-passthrough")["Credentials"]
        credentials = {
            "aws_access_key_id": found["AccessKeyId"],
            "aws_secret_access_key": found["SecretAccessKey"],
            "aws_session_token": found["SessionToken"],
        }
        expiration = found.get("Expiration")
        expires = expiration.timestamp() if hasattr(expiration, "timestamp") else time.time() + 900
        self._roles[role] = (credentials, expires)
        return credentials

    def _call(self, client: Any, operation: str, *, optimised: bool, service: str) -> _Call:
        """The call's model and names, worked out once per client and operation."""
        key = (id(client), operation, optimised, service)
        call = self._calls.get(key)
        if call is None or call.client is not client:
            call = _Call(client, operation, optimised=optimised, service=service)
            self._calls[key] = call
        return call

    def _operation(self, client: Any, service: str, action: str) -> str | None:
        """The botocore operation for a camelCase action, matched case-insensitively."""
        key = (service, action)
        if key not in self._operations:
            names = client.meta.service_model.operation_names
            self._operations[key] = operation_name(action, names)
        return self._operations[key]

    def _available(self) -> frozenset[str]:
        if self._services is None:
            self._services = frozenset(self.session.get_available_services())
        return self._services

    def _ids_of_services(self) -> dict[str, str]:
        """{serviceId, lower case without spaces: botocore name} of the session's services."""
        if self._service_ids is None:
            on_disk = service_ids_on_disk()
            self._service_ids = {k: v for k, v in on_disk.items() if v in self._available()}
        return self._service_ids

    def _region(self, request: Mapping[str, Any], preferred: str | None) -> str | None:
        return (
            preferred
            or self.region_name
            or getattr(self.session, "region_name", None)
            or _region_of_arn(str(request.get("execution_arn") or ""))
        )


def _botocore_name(request: Mapping[str, Any]) -> str:
    """The botocore name of the service a task calls, as ``endpoints`` keys it."""
    if request.get("kind") == "lambda_function":
        return "lambda"
    service = str(request.get("service") or "")
    if request.get("kind") == "service":
        return optimised_service_name(service)
    return service.split(":", 1)[-1]


def _no_validation() -> Any:
    from botocore.config import Config

    return Config(parameter_validation=False)


def _add_event_resources(args: dict[str, Any], request: Mapping[str, Any]) -> None:
    """``events:putEvents`` adds the state machine and execution ARNs to each entry's
    ``Resources`` (Step Functions documents it for the optimised integration)."""
    entries = args.get("Entries")
    if not isinstance(entries, list):
        return
    added = [str(request.get("state_machine_arn") or ""), str(request.get("execution_arn") or "")]
    for entry in entries:
        if isinstance(entry, dict):
            resources = entry.get("Resources")
            entry["Resources"] = [*(resources if isinstance(resources, list) else []), *added]


def _payload_text(payload: Any) -> str:
    if hasattr(payload, "read"):
        payload = payload.read()
    if isinstance(payload, (bytes, bytearray)):
        return bytes(payload).decode("utf-8", "replace")
    return "" if payload is None else str(payload)


def _decoded(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _function_error(text: str, function_error: str, *, reserialise: bool) -> Reply:
    """A function's error: ``errorType`` names it, its payload is the cause (``lambda:invoke``
    records the payload re-serialised compactly, a function ARN records it as the runtime
    wrote it)."""
    decoded = _decoded(text)
    error = function_error
    if isinstance(decoded, dict) and isinstance(decoded.get("errorType"), str):
        error = decoded["errorType"]
    cause = compact(decoded) if reserialise and isinstance(decoded, (dict, list)) else text
    return _failed(error, cause)


def _with_metadata(result: Any, response: Any, headers: Mapping[str, str]) -> Any:
    """An optimised integration's result: the Java 1.x response, its properties sorted, with
    the HTTP metadata of the call."""
    if not isinstance(result, dict):
        return result
    meta = response.get("ResponseMetadata") if isinstance(response, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    if not headers:
        headers = meta.get("HTTPHeaders") or {}
    request_id = str(meta.get("RequestId") or "")
    out = dict(result)
    pairs = [(str(k), str(v)) for k, v in headers.items()]
    out.update(_core.sdk_metadata(pairs, request_id, int(meta.get("HTTPStatusCode") or 200)))
    return {k: out[k] for k in sorted(out)}
