"""What the in-memory fakes share: the request's identity, ids, replies and AWS's error texts.

The two integration forms fail differently on AWS (recordings in the conformance cases):

- optimised (``arn:aws:states:::dynamodb:putItem``) runs the AWS SDK for Java v1: the error is
  ``<Prefix>.<ExceptionClass>`` (``DynamoDB.ResourceNotFoundException``) and the cause ends in
  ``(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: <Code>; Request ID: <id>; Proxy:
  null)``;
- AWS SDK (``arn:aws:states:::aws-sdk:dynamodb:putItem``) runs the SDK for Java v2: the error is
  ``<SdkService>.<Code>Exception`` (``DynamoDb.ResourceNotFoundException``) and the cause ends in
  ``(Service: DynamoDb, Status Code: 400, Request ID: <id>)``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Reply = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One task request as a fake sees it."""

    service: str  # "dynamodb", "sqs", ... (without "aws-sdk:")
    action: str  # "putItem" (without ".waitForTaskToken")
    sdk: bool  # the aws-sdk:* form
    pattern: str  # "request_response" | "waitForTaskToken" | ...
    parameters: Any
    region: str
    account: str
    key: str  # identifies the invocation, for derived ids
    now_ms: int
    execution_arn: str
    state_machine_arn: str
    # A Distributed Map ItemReader's getObject: how the engine will read the object
    # (item_formats.py); "" for every other call.
    reader_format: str = ""


def call_of(request: Mapping[str, Any]) -> Call | None:
    """The request as a :class:`Call`, or None for a request that is no service call."""
    if request.get("kind") not in ("service", "sdk"):
        return None
    service = str(request.get("service") or "")
    sdk = service.startswith("aws-sdk:")
    if sdk:
        service = service[len("aws-sdk:") :]
    action = str(request.get("action") or "").split(".")[0]
    arn = str(request.get("execution_arn") or "")
    parts = arn.split(":")
    region, account = (parts[3], parts[4]) if len(parts) > 4 else ("us-east-1", "123456789012")
    key = "|".join(
        str(request.get(k) or "") for k in ("execution_arn", "state_name", "attempt", "task_token")
    )
    return Call(
        service=service,
        action=action,
        sdk=sdk,
        pattern=str(request.get("pattern") or "request_response"),
        parameters=request.get("parameters"),
        region=region,
        account=account,
        key=key,
        now_ms=int(request.get("now_ms") or 0),
        execution_arn=arn,
        state_machine_arn=str(request.get("state_machine_arn") or ""),
        reader_format=str(request.get("reader_format") or ""),
    )


class Ids:
    """Ids derived from the invocation and a counter, not random: a seeded run of the same
    workflow against fresh fakes gives the same ids twice."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.counter = 0

    def uuid(self, call: Call) -> str:
        self.counter += 1
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.namespace}|{call.key}|{self.counter}"))

    def request_id(self, call: Call) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_OID, f"{self.namespace}|{call.key}|{self.counter}"))

    def dynamodb_request_id(self, call: Call) -> str:
        """DynamoDB's request ids: 52 upper-case letters and digits."""
        digest = hashlib.sha256(f"{call.key}|{self.counter}".encode()).hexdigest().upper()
        return (digest + digest)[:52]


def succeeded(result: Any) -> Reply:
    return {"kind": "succeeded", "result": result}


def failed(error: str, cause: str) -> Reply:
    return {"kind": "failed", "error": error, "cause": cause}


class ServiceError(Exception):
    """A service's error response: ``code`` as the service names it, ``message`` its text."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def md5(text: str | bytes) -> str:
    return hashlib.md5(text.encode() if isinstance(text, str) else text).hexdigest()


def crc32(data: bytes) -> int:
    return zlib.crc32(data) & 0xFFFFFFFF


def v1_cause(message: str, service: str, status: int, code: str, request_id: str) -> str:
    """The text of an AWS SDK for Java v1 service exception (optimised integrations)."""
    return (
        f"{message} (Service: {service}; Status Code: {status}; Error Code: {code}; "
        f"Request ID: {request_id}; Proxy: null)"
    )


def v2_cause(message: str, service: str, status: int, request_id: str, extended: str = "") -> str:
    """The text of an AWS SDK for Java v2 service exception (aws-sdk integrations)."""
    tail = f", Extended Request ID: {extended}" if extended else ""
    return f"{message} (Service: {service}, Status Code: {status}, Request ID: {request_id}{tail})"


def exception_name(code: str) -> str:
    """Step Functions' aws-sdk error names end in ``Exception`` whatever the service calls it
    (``NoSuchKey`` is ``S3.NoSuchKeyException``)."""
    return code if code.endswith("Exception") else code + "Exception"


def text_of(value: Any) -> str:
    """A message body or object as the service receives it: strings as they are, JSON text
    (compact) for anything else."""
    if isinstance(value, str):
        return value
    return compact(value)
