"""An in-memory EventBridge: every event put, kept in order (the default bus always exists)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from ._common import Call, Ids, Reply, compact, failed, succeeded, text_of, v1_cause, v2_cause


class EventBridge:
    """``putEvents`` from both integrations (and ``.waitForTaskToken``).

    The optimised integration appends the execution's and the state machine's ARNs to each
    entry's ``Resources`` and fails the task with ``EventBridge.FailedEntry`` when an entry
    fails (AWS's "Add EventBridge events with Step Functions").
    """

    def __init__(self) -> None:
        self.buses: set[str] = {"default"}
        #: Every event accepted, oldest first: ``Source``, ``DetailType``, ``Detail`` (text),
        #: ``EventBusName``, ``Resources``, ``Time`` and ``EventId``.
        self.events: list[dict[str, Any]] = []
        self._ids = Ids("events")

    def create_event_bus(self, name: str) -> None:
        self.buses.add(name)

    def handle(self, call: Call) -> Reply | None:
        if call.action != "putEvents":
            return None
        params = call.parameters if isinstance(call.parameters, dict) else {}
        entries = params.get("Entries")
        if not isinstance(entries, list) or not entries:
            message = (
                "1 validation error detected: Value null at 'entries' failed to satisfy "
                "constraint: Member must not be null"
            )
            request_id = self._ids.request_id(call)
            if call.sdk:
                return failed(
                    "EventBridge.EventBridgeException",
                    v2_cause(message, "EventBridge", 400, request_id),
                )
            return failed(
                "EventBridge.AmazonEventBridgeException",
                v1_cause(message, "AmazonEventBridge", 400, "ValidationException", request_id),
            )
        results: list[dict[str, Any]] = []
        failures = 0
        for entry in entries:
            result = self._put(call, entry if isinstance(entry, dict) else {})
            failures += "ErrorCode" in result
            results.append(result)
        body = {"Entries": results, "FailedEntryCount": failures}
        if failures and not call.sdk:
            return failed("EventBridge.FailedEntry", compact(body))
        return succeeded(body)

    def _put(self, call: Call, entry: dict[str, Any]) -> dict[str, Any]:
        missing = [k for k in ("Source", "DetailType", "Detail") if not entry.get(k)]
        if missing:
            return {
                "ErrorCode": "InvalidArgument",
                "ErrorMessage": f"Parameter {missing[0]} is not valid. Reason: {missing[0]} is a "
                "required argument.",
            }
        detail = text_of(entry["Detail"])
        try:
            parsed = json.loads(detail)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            return {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
        bus = str(entry.get("EventBusName") or "default")
        bus_name = bus.rsplit("/", 1)[-1] if bus.startswith("arn:") else bus
        if bus_name not in self.buses:
            return {
                "ErrorCode": "NotAuthorizedForSourceException",
                "ErrorMessage": f"Event bus {bus_name} does not exist.",
            }
        resources = list(entry.get("Resources") or [])
        if not call.sdk:
            resources += [call.execution_arn, call.state_machine_arn]
        event_id = self._ids.uuid(call)
        self.events.append(
            {
                "EventId": event_id,
                "Source": entry["Source"],
                "DetailType": entry["DetailType"],
                "Detail": detail,
                "EventBusName": bus_name,
                "Resources": resources,
                "Time": datetime.fromtimestamp(call.now_ms / 1000, timezone.utc).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                ),
            }
        )
        return {"EventId": event_id}

    def details(self) -> list[Any]:
        """Each event's ``Detail`` parsed, oldest first."""
        return [json.loads(e["Detail"]) for e in self.events]
