"""An in-memory SNS: topics created by the test, every published message kept in order."""

from __future__ import annotations

from typing import Any

from ._common import (
    Call,
    Ids,
    Reply,
    ServiceError,
    exception_name,
    failed,
    json_sdk_metadata,
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

    def create_topic(
        self, name: str, *, region: str = DEFAULT_REGION, account: str = DEFAULT_ACCOUNT
    ) -> str:
        """Creates the topic (``.fifo`` names make FIFO topics) and returns its ARN."""
        arn = f"arn:aws:sns:{region}:{account}:{name}"
        self.topics.add(arn)
        return arn

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
        out.update(json_sdk_metadata(xml, request_id, call.now_ms, content_type="text/xml"))
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
        return response
