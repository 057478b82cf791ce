"""An in-memory SNS: topics created by the test, every published message kept in order."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from .. import _core
from ._common import (
    Call,
    Ids,
    Reply,
    ServiceError,
    exception_name,
    failed,
    succeeded,
    text_of,
    v1_cause,
    v2_cause,
)

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"

# SNS answers in XML; its length is the optimised result's Content-Length (294 recorded).
_XML = (
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">\n'
    "  <PublishResult>\n"
    "    <MessageId>{message_id}</MessageId>\n"
    "{sequence}"
    "  </PublishResult>\n"
    "  <ResponseMetadata>\n"
    "    <RequestId>{request_id}</RequestId>\n"
    "  </ResponseMetadata>\n"
    "</PublishResponse>\n"
)


class SNS:
    """Topics by ARN; ``publish`` from both integrations (and ``.waitForTaskToken``)."""

    def __init__(self) -> None:
        self.topics: set[str] = set()
        #: Every message published, oldest first: ``TopicArn``, ``Message`` (text),
        #: ``MessageId`` and the optional fields it was published with.
        self.published: list[dict[str, Any]] = []
        self._ids = Ids("sns")
        self._sequence = 10_000_000_000_000_000_000
        #: SQS subscriptions: (topic ARN, queue URL, raw message delivery).
        self.subscriptions: list[tuple[str, str, bool]] = []
        #: How a notification reaches a queue (``SQS.deliver``, set by MemoryServices).
        self.deliver: Callable[[str, str, str], None] | None = None

    def create_topic(
        self, name: str, *, region: str = DEFAULT_REGION, account: str = DEFAULT_ACCOUNT
    ) -> str:
        """Creates the topic (``.fifo`` names make FIFO topics) and returns its ARN."""
        arn = f"arn:aws:sns:{region}:{account}:{name}"
        self.topics.add(arn)
        return arn

    def subscribe(self, topic_arn: str, queue_url: str, *, raw: bool = False) -> None:
        """Delivers what is published to ``topic_arn`` to the in-memory SQS queue
        ``queue_url``: in SNS's JSON notification envelope, or the message alone with
        ``raw=True`` (raw message delivery). Filter policies are not modelled."""
        if topic_arn not in self.topics:
            raise KeyError(f"no topic {topic_arn!r}: create it with create_topic()")
        self.subscriptions.append((topic_arn, queue_url, raw))

    def messages(self, topic_arn: str) -> list[dict[str, Any]]:
        """The messages published to ``topic_arn``, oldest first."""
        return [dict(m) for m in self.published if m.get("TopicArn") == topic_arn]

    def handle(self, call: Call) -> Reply | None:
        if call.action != "publish":
            return None
        params = call.parameters if isinstance(call.parameters, dict) else {}
        try:
            body = self._publish(call, params)
        except ServiceError as exc:
            request_id = self._ids.request_id(call)
            name = exception_name(exc.code)
            if call.sdk:
                return failed(f"Sns.{name}", v2_cause(exc.message, "Sns", exc.status, request_id))
            return failed(
                f"SNS.{name}", v1_cause(exc.message, "AmazonSNS", exc.status, exc.code, request_id)
            )
        if call.sdk:
            return succeeded(body)
        request_id = self._ids.request_id(call)
        sequence = (
            f"    <SequenceNumber>{body['SequenceNumber']}</SequenceNumber>\n"
            if "SequenceNumber" in body
            else ""
        )
        xml = _XML.format(message_id=body["MessageId"], sequence=sequence, request_id=request_id)
        out: dict[str, Any] = {"MessageId": body["MessageId"]}
        out.update(
            _core.json_protocol_metadata(xml, request_id, call.now_ms, content_type="text/xml")
        )
        if "SequenceNumber" in body:
            out["SequenceNumber"] = body["SequenceNumber"]
        return succeeded(out)

    def _publish(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        target = p.get("TopicArn") or p.get("TargetArn")
        if "Message" not in p or p["Message"] is None:
            raise ServiceError("InvalidParameter", "Invalid parameter: Empty message", 400)
        if target is None and "PhoneNumber" not in p:
            raise ServiceError(
                "InvalidParameter",
                "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
            )
        if target is not None and str(target) not in self.topics:
            raise ServiceError("NotFound", "Topic does not exist", 404)
        message: dict[str, Any] = {}
        if target is not None:
            message["TopicArn"] = str(target)
        else:
            message["PhoneNumber"] = p["PhoneNumber"]
        message["Message"] = text_of(p["Message"])
        for k in ("Subject", "MessageAttributes", "MessageStructure", "MessageDeduplicationId"):
            if k in p:
                message[k] = p[k]
        response: dict[str, Any] = {"MessageId": self._ids.uuid(call)}
        if target is not None and str(target).endswith(".fifo"):
            if "MessageGroupId" not in p:
                raise ServiceError(
                    "InvalidParameter",
                    "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
                )
            self._sequence += 1
            response["SequenceNumber"] = str(self._sequence)
        if "MessageGroupId" in p:
            message["MessageGroupId"] = p["MessageGroupId"]
        message.update(response)
        self.published.append(message)
        for topic, queue, raw in self.subscriptions:
            if topic == message.get("TopicArn") and self.deliver is not None:
                body = message["Message"] if raw else notification(message, call)
                try:
                    self.deliver(queue, body, self._ids.uuid(call))
                except KeyError:
                    pass  # a failed delivery does not fail the publish, as on SNS
        return response


def notification(message: dict[str, Any], call: Call) -> str:
    """The JSON envelope SNS delivers to an SQS subscriber (its own spacing: ``"Key" : value``
    lines). The signature is a placeholder: nothing here can sign as SNS."""
    topic = str(message["TopicArn"])
    fields: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": message["MessageId"],
        "TopicArn": topic,
    }
    if "Subject" in message:
        fields["Subject"] = message["Subject"]
    stamp = datetime.fromtimestamp(call.now_ms / 1000, timezone.utc)
    fields.update(
        {
            "Message": message["Message"],
            "Timestamp": stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{call.now_ms % 1000:03d}Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLE",
            "SigningCertURL": f"https://sns.{call.region}.amazonaws.com/"
            "SimpleNotificationService-0000000000000000000000.pem",
            "UnsubscribeURL": f"https://sns.{call.region}.amazonaws.com/"
            f"?Action=Unsubscribe&SubscriptionArn={topic}:00000000-0000-0000-0000-000000000000",
        }
    )
    attributes = message.get("MessageAttributes")
    if isinstance(attributes, dict) and attributes:
        fields["MessageAttributes"] = {
            name: {
                "Type": str(a.get("DataType", "String")),
                "Value": a.get("StringValue", a.get("BinaryValue")),
            }
            for name, a in attributes.items()
            if isinstance(a, dict)
        }
    lines = [f"  {json.dumps(k)} : {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    return "{\n" + ",\n".join(lines) + "\n}"
