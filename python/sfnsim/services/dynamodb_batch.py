"""DynamoDB's batch and transaction operations (AWS SDK form): ``batchGetItem``,
``batchWriteItem``, ``transactGetItems`` and ``transactWriteItems``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import dynamodb_values as dv
from ._common import ServiceError

if TYPE_CHECKING:
    from .dynamodb import DynamoDB, Key, Write


def batch_get(db: DynamoDB, p: dict[str, Any]) -> dict[str, Any]:
    requests = _request_items(p)
    responses: dict[str, list[Any]] = {}
    count = 0
    for name, request in requests.items():
        if not isinstance(request, dict) or not isinstance(request.get("Keys"), list):
            raise dv.validation("The requested keys must be a list")
        count += len(request["Keys"])
        single = {k: v for k, v in request.items() if k != "Keys"}
        found = []
        seen: set[Key] = set()
        for key in request["Keys"]:
            table = db.table(name)
            k = table.key_of(dv.clean_item(key, "key"))
            if k in seen:
                raise dv.validation("Provided list of item keys contains duplicates")
            seen.add(k)
            got = db.get_one({**single, "TableName": name, "Key": key})
            if "Item" in got:
                found.append(got["Item"])
        responses[name] = found
    if count > 100:
        raise dv.validation(
            "Too many items requested for the BatchGetItem call (maximum 100 items)"
        )
    return {"Responses": responses, "UnprocessedKeys": {}}


def batch_write(db: DynamoDB, p: dict[str, Any]) -> dict[str, Any]:
    requests = _request_items(p)
    writes: list[Write] = []
    seen: set[tuple[str, Key]] = set()
    for name, entries in requests.items():
        if not isinstance(entries, list) or not entries:
            raise dv.validation("The write requests of a table must be a non-empty list")
        for raw in entries:
            entry = raw if isinstance(raw, dict) else {}
            if "PutRequest" in entry and isinstance(entry["PutRequest"], dict):
                write = db.plan_put({"TableName": name, "Item": entry["PutRequest"].get("Item")})
            elif "DeleteRequest" in entry and isinstance(entry["DeleteRequest"], dict):
                write = db.plan_delete(
                    {"TableName": name, "Key": entry["DeleteRequest"].get("Key")}
                )
            else:
                raise dv.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain "
                    "exactly one of the supported datatypes"
                )
            if (name, write.key) in seen:
                raise dv.validation("Provided list of item keys contains duplicates")
            seen.add((name, write.key))
            writes.append(write)
    if len(writes) > 25:
        raise dv.validation(
            "1 validation error detected: Value at 'requestItems' failed to satisfy "
            "constraint: Map value must satisfy constraint: [Member must have length less than "
            "or equal to 25, Member must have length greater than or equal to 1]"
        )
    for write in writes:
        write.apply()
    return {"UnprocessedItems": {}}


def transact_get(db: DynamoDB, p: dict[str, Any]) -> dict[str, Any]:
    items = p.get("TransactItems")
    if not isinstance(items, list) or not 1 <= len(items) <= 100:
        raise dv.validation("TransactItems must hold between 1 and 100 items")
    responses = []
    for entry in items:
        get = entry.get("Get") if isinstance(entry, dict) else None
        if not isinstance(get, dict):
            raise dv.validation("A TransactGetItem must hold a Get")
        found = db.get_one(get)
        responses.append({"Item": found["Item"]} if "Item" in found else {})
    return {"Responses": responses}


def transact_write(db: DynamoDB, p: dict[str, Any]) -> dict[str, Any]:
    """All the writes or none: every condition is checked first; any failing cancels the whole
    transaction with ``TransactionCanceledException`` and a reason per item."""
    items = p.get("TransactItems")
    if not isinstance(items, list) or not 1 <= len(items) <= 100:
        raise dv.validation(
            "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
            "Member must have length less than or equal to 100, Member must have length greater "
            "than or equal to 1"
        )
    # A transaction's writes return nothing (ReturnValues is not theirs to set).
    planners: dict[str, Callable[[dict[str, Any]], Write]] = {
        "Put": lambda r: db.plan_put(r, returns_allowed=False),
        "Update": lambda r: db.plan_update(r, returns_allowed=False),
        "Delete": lambda r: db.plan_delete(r, returns_allowed=False),
        "ConditionCheck": db.plan_check,
    }
    writes: list[Write] = []
    reasons: list[str] = []
    seen: set[tuple[str, Key]] = set()
    for raw in items:
        entry = raw if isinstance(raw, dict) else {}
        kinds = [k for k in planners if k in entry]
        if len(kinds) != 1 or not isinstance(entry[kinds[0]], dict):
            raise dv.validation(
                "TransactItems can only contain one of Check, Put, Update or Delete"
            )
        request = copy.copy(entry[kinds[0]])
        request.pop("ReturnValuesOnConditionCheckFailure", None)
        try:
            write = planners[kinds[0]](request)
        except ServiceError as exc:
            if exc.code != "ConditionalCheckFailedException":
                raise
            reasons.append("ConditionalCheckFailed")
            continue
        target = (write.table.name, write.key)
        if target in seen:
            raise dv.validation(
                "Transaction request cannot include multiple operations on one item"
            )
        seen.add(target)
        writes.append(write)
        reasons.append("None")
    if any(r != "None" for r in reasons):
        raise ServiceError(
            "TransactionCanceledException",
            "Transaction cancelled, please refer cancellation reasons for specific reasons ["
            + ", ".join(reasons)
            + "]",
        )
    for write in writes:
        write.apply()
    return {}


def _request_items(p: dict[str, Any]) -> dict[str, Any]:
    requests = p.get("RequestItems")
    if not isinstance(requests, dict) or not requests:
        raise dv.validation(
            "1 validation error detected: Value null at 'requestItems' failed to satisfy "
            "constraint: Member must not be null"
        )
    return requests
