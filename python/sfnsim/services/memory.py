"""In-memory fakes of AWS services for Task states: ``sfnsim.client(services="memory")``."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from ._common import call_of
from .dynamodb import DynamoDB
from .events import EventBridge
from .s3 import S3
from .sns import SNS
from .sqs import SQS

Reply = dict[str, Any]

#: What ``services=[...]`` may name.
SERVICE_NAMES = ("dynamodb", "sqs", "sns", "events", "s3", "states")

#: The aws-sdk:sfn actions the engine performs itself, on the executions of its own service.
SDK_SFN_CALLS = ("startExecution", "sendTaskSuccess", "sendTaskFailure", "sendTaskHeartbeat")


class MemoryServices:
    """The enabled fakes, each stateful and inspectable (``services.dynamodb`` ...)."""

    def __init__(self, enabled: Iterable[str] = SERVICE_NAMES) -> None:
        names = list(enabled)
        unknown = [n for n in names if n not in SERVICE_NAMES]
        if unknown:
            raise ValueError(
                f"unknown service(s) {unknown}: services= takes 'memory' or names among "
                f"{list(SERVICE_NAMES)}"
            )
        self.enabled = frozenset(names)
        self.dynamodb = DynamoDB()
        self.sqs = SQS()
        self.sns = SNS()
        self.events = EventBridge()
        self.s3 = S3()
        self.sns.deliver = self.sqs.deliver  # SNS subscriptions reach these queues
        self._lock = threading.Lock()  # executions of one client may run on several threads

    def __repr__(self) -> str:
        return f"<MemoryServices {sorted(self.enabled)}>"

    def answer(self, request: Mapping[str, Any]) -> Reply | None:
        # Nested executions run in the engine itself (the C++ service), which the "delegate"
        # reply hands them to.
        service = str(request.get("service") or "")
        action = str(request.get("action") or "")
        if "states" in self.enabled and request.get("kind") in ("service", "sdk"):
            if service == "states" and action.startswith("startExecution"):
                return {"kind": "delegate"}
            # aws-sdk:sfn's calls reach the state machines and executions of the same service.
            if service == "aws-sdk:sfn" and action in SDK_SFN_CALLS:
                return {"kind": "delegate"}
        call = call_of(request)
        if call is None:
            return None
        # The SDK names EventBridge "eventbridge"; the optimised integration says "events".
        name = "events" if call.service == "eventbridge" else call.service
        if name not in self.enabled or name == "states":
            return None
        if call.service == "events" and call.sdk:
            return None  # aws-sdk:events is not a Step Functions service name
        fake = getattr(self, name)
        waits = call.pattern == "waitForTaskToken"
        if call.pattern not in ("request_response", "waitForTaskToken"):
            return None  # .sync: none of these services runs jobs
        with self._lock:
            try:
                reply: Reply | None = fake.handle(call)
            except Exception as exc:  # noqa: BLE001 - a fake's bug must not take the engine down
                return {
                    "kind": "failed",
                    "error": "sfnsim.ServiceFault",
                    "cause": f"the in-memory {name} failed on this request: {exc!r}",
                }
        if reply is None or not waits:
            return reply
        if reply["kind"] != "succeeded":
            return reply  # the message was never sent: the task fails at once
        # The message is out; the task now waits for send_task_success/failure, and the
        # submit call's response is TaskSubmitted's output.
        return {"kind": "pending", "submitted": reply["result"]}
