"""An in-memory SQS: queues created by the test, the messages tasks send kept in order.

>>> sqs = SQS()
>>> url = sqs.create_queue("approvals")
>>> url
'https://sqs.us-east-1.amazonaws.com/123456789012/approvals'
"""

from __future__ import annotations

import base64
import copy
import hashlib
import struct
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from .. import _core
from ._common import (
    Call,
    Ids,
    Reply,
    ServiceError,
    compact,
    failed,
    md5,
    succeeded,
    text_of,
    v1_cause,
    v2_cause,
)

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"


@dataclass
class Queue:
    name: str
    url: str
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fifo(self) -> bool:
        return self.name.endswith(".fifo")


class SQS:
    """Queues by name; ``sendMessage`` from both integrations (and ``.waitForTaskToken``)."""

    def __init__(self) -> None:
        self.queues: dict[str, Queue] = {}
        self._ids = Ids("sqs")
        self._sequence = 10_000_000_000_000_000_000

    def create_queue(
        self, name: str, *, region: str = DEFAULT_REGION, account: str = DEFAULT_ACCOUNT
    ) -> str:
        """Creates the queue (``.fifo`` names make FIFO queues) and returns its URL."""
        url = f"https://sqs.{region}.amazonaws.com/{account}/{name}"
        self.queues.setdefault(name, Queue(name, url))
        return url

    def deliver(self, queue: str, body: str, message_id: str) -> None:
        """Puts a message on ``queue`` as another service would (an SNS subscription)."""
        self._queue(queue).messages.append(
            {"MessageId": message_id, "Body": body, "MD5OfBody": md5(body)}
        )

    def messages(self, queue: str) -> list[dict[str, Any]]:
        """The messages sent to ``queue`` (a URL or a name), oldest first; each has ``Body``
        (text), ``MessageId``, ``MD5OfBody`` and the attributes it was sent with."""
        return copy.deepcopy(self._queue(queue).messages)

    def receive(self, queue: str) -> dict[str, Any] | None:
        """Takes the oldest message off ``queue`` (None when it is empty)."""
        q = self._queue(queue)
        return q.messages.pop(0) if q.messages else None

    def _queue(self, queue: str) -> Queue:
        found = self._find(queue)
        if found is None:
            raise KeyError(f"no queue {queue!r}: create it with create_queue()")
        return found

    def _find(self, queue: str) -> Queue | None:
        name = queue.rstrip("/").rsplit("/", 1)[-1]
        return self.queues.get(name)

    # -- the task side ------------------------------------------------------------------------

    def handle(self, call: Call) -> Reply | None:
        if call.action != "sendMessage":
            return None
        params = call.parameters if isinstance(call.parameters, dict) else {}
        try:
            body = self._send(call, params)
        except ServiceError as exc:
            return self._failure(call, exc)
        except _Unreachable as exc:
            prefix = "Sqs" if call.sdk else "SQS"
            return failed(
                f"{prefix}.SdkClientException",
                f"Unable to execute HTTP request: {exc.host}: Name or service not known",
            )
        if call.sdk:
            return succeeded(body)
        out = dict(body)
        out.update(
            _core.json_protocol_metadata(compact(body), self._ids.request_id(call), call.now_ms)
        )
        if "SequenceNumber" in out:
            out["SequenceNumber"] = out.pop("SequenceNumber")
        return succeeded(out)

    def _send(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        url = p.get("QueueUrl")
        if not isinstance(url, str) or not url:
            raise ServiceError(
                "MissingParameter", "The request must contain the parameter QueueUrl."
            )
        parsed = urlparse(url)
        if parsed.path.strip("/") == "":
            raise _Unreachable(parsed.hostname or url)
        queue = self._find(url)
        if queue is None:
            raise ServiceError(
                "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."
            )
        if "MessageBody" not in p or p["MessageBody"] is None:
            raise ServiceError(
                "MissingParameter", "The request must contain the parameter MessageBody."
            )
        text = text_of(p["MessageBody"])
        if text == "":
            raise ServiceError(
                "MissingParameter", "The request must contain the parameter MessageBody."
            )
        attributes = p.get("MessageAttributes") or {}
        message: dict[str, Any] = {
            "MessageId": self._ids.uuid(call),
            "Body": text,
            "MD5OfBody": md5(text),
        }
        response: dict[str, Any] = {"MD5OfMessageBody": message["MD5OfBody"]}
        if attributes:
            message["MessageAttributes"] = attributes
            digest = attributes_md5(attributes)
            message["MD5OfMessageAttributes"] = digest
            response["MD5OfMessageAttributes"] = digest
        response["MessageId"] = message["MessageId"]
        if queue.fifo:
            if "MessageGroupId" not in p:
                raise ServiceError(
                    "MissingParameter", "The request must contain the parameter MessageGroupId."
                )
            self._sequence += 1
            message["MessageGroupId"] = p["MessageGroupId"]
            if "MessageDeduplicationId" in p:
                message["MessageDeduplicationId"] = p["MessageDeduplicationId"]
            message["SequenceNumber"] = str(self._sequence)
            response["SequenceNumber"] = message["SequenceNumber"]
        elif "MessageGroupId" in p:
            message["MessageGroupId"] = p["MessageGroupId"]
        if "DelaySeconds" in p:
            message["DelaySeconds"] = p["DelaySeconds"]
        queue.messages.append(message)
        return response

    def _failure(self, call: Call, exc: ServiceError) -> Reply:
        request_id = self._ids.request_id(call)
        names = {
            "AWS.SimpleQueueService.NonExistentQueue": "QueueDoesNotExistException",
            "QueueDoesNotExist": "QueueDoesNotExistException",
        }
        name = names.get(exc.code, "SqsException" if call.sdk else "AmazonSQSException")
        if call.sdk:
            return failed(f"Sqs.{name}", v2_cause(exc.message, "Sqs", exc.status, request_id))
        return failed(
            f"SQS.{name}", v1_cause(exc.message, "AmazonSQS", exc.status, exc.code, request_id)
        )


class _Unreachable(Exception):
    def __init__(self, host: str) -> None:
        super().__init__(host)
        self.host = host


def attributes_md5(attributes: dict[str, Any]) -> str:
    """SQS's MD5OfMessageAttributes: names sorted; each name, type and value length-prefixed."""
    out = bytearray()

    def field_(data: bytes) -> None:
        out.extend(struct.pack(">I", len(data)))
        out.extend(data)

    if not isinstance(attributes, dict):
        raise ServiceError("InvalidParameterValue", "MessageAttributes must be a map.")
    for name in sorted(attributes):
        attr = attributes[name] if isinstance(attributes[name], dict) else {}
        data_type = str(attr.get("DataType") or "")
        if not data_type:
            raise ServiceError(
                "InvalidParameterValue",
                f"The message attribute '{name}' must contain non-empty message attribute type.",
            )
        field_(name.encode())
        field_(data_type.encode())
        if "BinaryValue" in attr:
            out.append(2)
            try:
                field_(base64.b64decode(str(attr["BinaryValue"]), validate=True))
            except ValueError:
                raise ServiceError(
                    "InvalidParameterValue",
                    f"The message attribute '{name}' contains an invalid binary value.",
                ) from None
        else:
            out.append(1)
            field_(str(attr.get("StringValue", "")).encode())
    return hashlib.md5(bytes(out)).hexdigest()
