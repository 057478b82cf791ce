"""In-memory fakes of AWS services for Task states: ``sfnsim.client(services="memory")``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Reply = dict[str, Any]

#: What ``services=[...]`` may name.
SERVICE_NAMES = ("dynamodb", "sqs", "sns", "events", "s3", "states")


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

    def answer(self, request: Mapping[str, Any]) -> Reply | None:
        # Nested executions run in the engine itself (the C++ service), which the "delegate"
        # reply hands them to.
        service = str(request.get("service") or "")
        if "states" in self.enabled and request.get("kind") == "service" and service == "states":
            if str(request.get("action") or "").startswith("startExecution"):
                return {"kind": "delegate"}
        return None
