"""What the submit call of a callback (``.waitForTaskToken``) or job (``.sync``) task returned.

AWS records it as ``TaskSubmitted``'s output before the task's result. A mock answers with the
result only, so the submit response is made up here in the shape the service returns (the
shapes recorded on AWS for SQS ``sendMessage`` and Step Functions ``startExecution``; other
services get the SDK metadata every response carries). The envelopes are the core's
(cpp/service/response_envelopes.h); this module picks the body and the ids.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from . import _core
from .services._common import md5, text_of

WAITING_PATTERNS = ("waitForTaskToken", "sync", "sync:2")


def _child_execution_arn(params: Mapping[str, Any]) -> str:
    machine = str(params.get("StateMachineArn") or "")
    name = str(params.get("Name") or uuid.uuid4())
    parts = machine.split(":")
    if len(parts) >= 7 and parts[5] == "stateMachine":
        return ":".join([*parts[:5], "execution", parts[6], name])
    return f"{machine}:{name}"


def _ids(request: Mapping[str, Any]) -> tuple[str, str]:
    """A message id and a request id, derived from the task (its token comes from the
    execution's seeded generator), so that a seeded run gives the same history twice."""
    key = "|".join(
        str(request.get(k) or "") for k in ("execution_arn", "state_name", "attempt", "task_token")
    )
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key)), str(uuid.uuid5(uuid.NAMESPACE_OID, key))


def submit_response(request: Mapping[str, Any]) -> dict[str, Any] | None:
    """TaskSubmitted's output for a waiting task answered by a mock, or None for other tasks."""
    if request.get("pattern") not in WAITING_PATTERNS or request.get("kind") != "service":
        return None
    params = request.get("parameters")
    params = params if isinstance(params, Mapping) else {}
    now_ms = int(request.get("now_ms") or 0)
    service, action = request.get("service"), str(request.get("action") or "")
    message_id, request_id = _ids(request)
    if service == "states" and action.startswith("startExecution"):
        arn = _child_execution_arn(params)
        return _core.start_execution_response(arn, now_ms, request_id, now_ms)
    out: dict[str, Any] = {}
    wire = "{}"  # the service's JSON-protocol body, for Content-Length
    if service == "sqs" and action.startswith("sendMessage"):
        out = {
            "MD5OfMessageBody": md5(text_of(params.get("MessageBody", ""))),
            "MessageId": message_id,
        }
        wire = json.dumps(out, separators=(",", ":"))
    out.update(_core.json_protocol_metadata(wire, request_id, now_ms))
    return out
