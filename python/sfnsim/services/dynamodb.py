"""An in-memory DynamoDB: tables created by the test, items in plain dicts.

>>> ddb = DynamoDB()
>>> ddb.create_table("orders", hash_key="id")
>>> ddb.put_item("orders", {"id": {"S": "o-1"}, "total": {"N": "30"}})
>>> ddb.items("orders")
[{'id': {'S': 'o-1'}, 'total': {'N': '30'}}]
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .. import _core
from . import dynamodb_batch
from . import dynamodb_expressions as dx
from . import dynamodb_values as dv
from ._common import (
    Call,
    Ids,
    Reply,
    ServiceError,
    compact,
    crc32,
    exception_name,
    failed,
    succeeded,
    v1_cause,
    v2_cause,
)

_TABLE_NAME = re.compile(r"[a-zA-Z0-9_.-]+")
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Index:
    """A secondary index (global or local: the fake keeps them alike), projecting every
    attribute. An item lacking the index's key attributes is not in it (a sparse index)."""

    name: str
    hash_key: str
    range_key: str | None = None

    def holds(self, row: dict[str, dv.Value]) -> bool:
        return self.hash_key in row and (self.range_key is None or self.range_key in row)


@dataclass
class Table:
    name: str
    hash_key: str
    range_key: str | None = None
    #: Items by key, in insertion order.
    rows: dict[Key, dict[str, dv.Value]] = field(default_factory=dict)
    #: The key attributes' types ("S", "N" or "B").
    key_types: dict[str, str] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)

    @property
    def key_names(self) -> list[str]:
        return [self.hash_key] + ([self.range_key] if self.range_key else [])

    def key_of(self, item: dict[str, dv.Value], what: str = "key") -> Key:
        names = self.key_names
        parts = []
        for name in names:
            value = item.get(name)
            if value is None:
                raise dv.validation(
                    f"One or more parameter values were invalid: Missing the key {name} in the item"
                    if what == "item"
                    else "The provided key element does not match the schema"
                )
            actual = dv.type_of(value)
            expected = self.key_types.get(name)
            if expected is None:
                expected = actual if actual in ("S", "N", "B") else "S"
                if what == "item":
                    # The first item fixes a key's type when the test did not say.
                    self.key_types[name] = expected
            if actual != expected:
                raise dv.validation(
                    "One or more parameter values were invalid: Type mismatch for key "
                    f"{name} expected: {expected} actual: {actual}"
                )
            parts.append(dv.key_part(value))
        if what == "key" and len(item) != len(names):
            raise dv.validation("The provided key element does not match the schema")
        return tuple(parts)


@dataclass
class Write:
    """A checked write, not yet applied: ``new`` is the item after it (None deletes)."""

    table: Table
    key: Key
    new: dict[str, dv.Value] | None
    result: dict[str, Any]
    changes: bool = True

    def apply(self) -> dict[str, Any]:
        if self.changes:
            if self.new is None:
                self.table.rows.pop(self.key, None)
            else:
                self.table.rows[self.key] = self.new
        return self.result


class DynamoDB:
    """Tables by name; ``getItem``, ``putItem``, ``updateItem``, ``deleteItem``, ``query`` and
    ``scan`` as both integrations call them."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}
        self._ids = Ids("dynamodb")

    # -- the test's API -----------------------------------------------------------------------

    def create_table(
        self,
        name: str,
        hash_key: str,
        range_key: str | None = None,
        *,
        key_types: dict[str, str] | None = None,
        indexes: Mapping[str, str | tuple[str, str | None]] | None = None,
    ) -> None:
        """A table keyed by ``hash_key`` (and ``range_key``). ``key_types`` gives their types
        (``{"id": "S", "at": "N"}``); a key without one takes the type of the first item's.
        ``indexes`` names secondary indexes by their hash key, or ``(hash key, range key)``:
        ``{"byStatus": ("status", "createdAt"), "byCustomer": "customerId"}``; ``query`` and
        ``scan`` read them with ``IndexName``."""
        types = dict(key_types or {})
        for key, kind in types.items():
            if key not in (hash_key, range_key) or kind not in ("S", "N", "B"):
                raise ValueError(f"key_types: {key!r}: {kind!r} is no key attribute type")
        table = Table(name, hash_key, range_key, key_types=types)
        for index_name, keys in (indexes or {}).items():
            pair = (keys, None) if isinstance(keys, str) else keys
            if not (
                isinstance(pair, (tuple, list))
                and len(pair) == 2
                and isinstance(pair[0], str)
                and (pair[1] is None or isinstance(pair[1], str))
            ):
                raise ValueError(
                    f"indexes: {index_name!r}: give a hash key name or (hash key, range key)"
                )
            table.indexes[index_name] = Index(index_name, pair[0], pair[1])
        self.tables[name] = table

    def put_item(self, table: str, item: dict[str, Any]) -> None:
        """Stores ``item`` (typed attribute values) as ``putItem`` would, without conditions."""
        t = self.table(table)
        clean = dv.clean_item(item)
        t.rows[t.key_of(clean, "item")] = clean

    def get_item(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        t = self.table(table)
        found = t.rows.get(t.key_of(dv.clean_item(key, "key")))
        return copy.deepcopy(found) if found is not None else None

    def items(self, table: str) -> list[dict[str, Any]]:
        """The table's items (copies), in insertion order."""
        return copy.deepcopy(list(self.table(table).rows.values()))

    # -- the task side ------------------------------------------------------------------------

    def handle(self, call: Call) -> Reply | None:
        operations: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "getItem": self._get,
            "putItem": self._put,
            "updateItem": self._update,
            "deleteItem": self._delete,
            "query": self._query,
            "scan": self._scan,
            "batchGetItem": partial(dynamodb_batch.batch_get, self),
            "batchWriteItem": partial(dynamodb_batch.batch_write, self),
            "transactGetItems": partial(dynamodb_batch.transact_get, self),
            "transactWriteItems": partial(dynamodb_batch.transact_write, self),
        }
        op = operations.get(call.action)
        optimised = ("getItem", "putItem", "updateItem", "deleteItem")
        if op is None or (not call.sdk and call.action not in optimised):
            return None  # not this fake's: the next layer, or the not-mocked failure
        params = call.parameters if isinstance(call.parameters, dict) else {}
        try:
            body = op(params)
        except ServiceError as exc:
            return self._failure(call, exc)
        if call.sdk:
            return succeeded(body)
        return succeeded(self._optimised(call, body))

    def _failure(self, call: Call, exc: ServiceError) -> Reply:
        request_id = self._ids.dynamodb_request_id(call)
        if call.sdk:
            name = "DynamoDbException" if exc.code == "ValidationException" else exc.code
            return failed(
                f"DynamoDb.{exception_name(name)}",
                v2_cause(exc.message, "DynamoDb", exc.status, request_id),
            )
        name = "AmazonDynamoDBException" if exc.code == "ValidationException" else exc.code
        return failed(
            f"DynamoDB.{name}",
            v1_cause(exc.message, "AmazonDynamoDBv2", exc.status, exc.code, request_id),
        )

    def _optimised(self, call: Call, body: dict[str, Any]) -> dict[str, Any]:
        """The optimised result: the response with its keys sorted, then the HTTP metadata
        (the core's cpp/service/response_envelopes.h)."""
        out = {k: _sorted_item(v) if k in ("Item", "Attributes") else v for k, v in body.items()}
        wire = compact(out)
        request_id = self._ids.dynamodb_request_id(call)
        checksum = crc32(wire.encode())
        out.update(_core.dynamodb_metadata(call.action, wire, checksum, request_id, call.now_ms))
        return out

    # -- operations ---------------------------------------------------------------------------

    def table(self, name: Any) -> Table:
        """The table called ``name``; a ServiceError as DynamoDB answers when there is none."""
        if name is None:
            raise dv.validation(
                "1 validation error detected: Value null at 'tableName' failed to satisfy "
                "constraint: Member must not be null"
            )
        text = str(name)
        if not _TABLE_NAME.fullmatch(text) or not 3 <= len(text) <= 255:
            raise dv.validation(
                f"1 validation error detected: Value '{text}' at 'tableName' failed to satisfy "
                "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
                if not _TABLE_NAME.fullmatch(text)
                else f"1 validation error detected: Value '{text}' at 'tableName' failed to "
                "satisfy constraint: Member must have length greater than or equal to 3"
            )
        table = self.tables.get(text)
        if table is None:
            raise ServiceError("ResourceNotFoundException", "Requested resource not found")
        return table

    def get_one(self, p: dict[str, Any]) -> dict[str, Any]:
        """``getItem``'s response for the request ``p``."""
        return self._get(p)

    def _get(self, p: dict[str, Any]) -> dict[str, Any]:
        key = dv.clean_item(p.get("Key"), "key")
        table = self.table(p.get("TableName"))
        ph = dx.Placeholders(p.get("ExpressionAttributeNames"), None)
        projection = (
            dx.parse_projection(p["ProjectionExpression"], ph)
            if "ProjectionExpression" in p
            else None
        )
        ph.check_all_used()
        found = table.rows.get(table.key_of(key))
        if found is None:
            return {}
        item = dx.project(found, projection) if projection is not None else found
        return {"Item": copy.deepcopy(item)}

    def _put(self, p: dict[str, Any]) -> dict[str, Any]:
        return self.plan_put(p).apply()

    def _delete(self, p: dict[str, Any]) -> dict[str, Any]:
        return self.plan_delete(p).apply()

    def _update(self, p: dict[str, Any]) -> dict[str, Any]:
        return self.plan_update(p).apply()

    # A write is checked whole (validation, then its condition) before anything changes, so
    # that a transaction can check all of its writes first.

    def plan_put(self, p: dict[str, Any], returns_allowed: bool = True) -> Write:
        item = dv.clean_item(p.get("Item"), "item")
        table = self.table(p.get("TableName"))
        returns = _return_values(p, ("NONE", "ALL_OLD")) if returns_allowed else "NONE"
        key = table.key_of(item, "item")
        old = table.rows.get(key)
        self._check(p, old)
        result = {"Attributes": copy.deepcopy(old)} if returns == "ALL_OLD" and old else {}
        return Write(table, key, item, result)

    def plan_delete(self, p: dict[str, Any], returns_allowed: bool = True) -> Write:
        key = dv.clean_item(p.get("Key"), "key")
        table = self.table(p.get("TableName"))
        returns = _return_values(p, ("NONE", "ALL_OLD")) if returns_allowed else "NONE"
        k = table.key_of(key)
        old = table.rows.get(k)
        self._check(p, old)
        result = {"Attributes": copy.deepcopy(old)} if returns == "ALL_OLD" and old else {}
        return Write(table, k, None, result)

    def plan_check(self, p: dict[str, Any]) -> Write:
        key = dv.clean_item(p.get("Key"), "key")
        table = self.table(p.get("TableName"))
        if "ConditionExpression" not in p:
            raise dv.validation(
                "1 validation error detected: Value null at 'conditionExpression' failed to "
                "satisfy constraint: Member must not be null"
            )
        k = table.key_of(key)
        old = table.rows.get(k)
        self._check(p, old)
        return Write(table, k, old, {}, changes=False)

    def plan_update(self, p: dict[str, Any], returns_allowed: bool = True) -> Write:
        key = dv.clean_item(p.get("Key"), "key")
        table = self.table(p.get("TableName"))
        allowed = ("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
        returns = _return_values(p, allowed) if returns_allowed else "NONE"
        k = table.key_of(key)
        old = table.rows.get(k)
        ph = dx.Placeholders(p.get("ExpressionAttributeNames"), p.get("ExpressionAttributeValues"))
        actions = dx.parse_update(p["UpdateExpression"], ph) if "UpdateExpression" in p else []
        condition = (
            dx.parse_condition(p["ConditionExpression"], "ConditionExpression", ph)
            if "ConditionExpression" in p
            else None
        )
        ph.check_all_used()
        for _, target, _ in actions:
            if target[1][0] in key:
                raise dv.validation(
                    "One or more parameter values were invalid: Cannot update attribute "
                    f"{target[1][0]}. This attribute is part of the key"
                )
        if condition is not None and not dx.evaluate(old or {}, condition):
            raise _conditional_check_failed()
        new = copy.deepcopy(old) if old is not None else copy.deepcopy(key)
        touched = dx.apply_update(new, actions, exists=old is not None)
        result: dict[str, Any] = {}
        if returns == "ALL_OLD" and old:
            result = {"Attributes": copy.deepcopy(old)}
        elif returns == "ALL_NEW":
            result = {"Attributes": copy.deepcopy(new)}
        elif returns in ("UPDATED_OLD", "UPDATED_NEW"):
            source = (old or {}) if returns == "UPDATED_OLD" else new
            attrs = {n: copy.deepcopy(source[n]) for n in sorted(touched) if n in source}
            result = {"Attributes": attrs} if attrs else {}
        return Write(table, k, new, result)

    def _check(self, p: dict[str, Any], old: dict[str, dv.Value] | None) -> None:
        ph = dx.Placeholders(p.get("ExpressionAttributeNames"), p.get("ExpressionAttributeValues"))
        condition = (
            dx.parse_condition(p["ConditionExpression"], "ConditionExpression", ph)
            if "ConditionExpression" in p
            else None
        )
        ph.check_all_used()
        if condition is not None and not dx.evaluate(old or {}, condition):
            raise _conditional_check_failed()

    def _query(self, p: dict[str, Any]) -> dict[str, Any]:
        table = self.table(p.get("TableName"))
        index = _index(table, p)
        keys: Table | Index = index or table
        ph = dx.Placeholders(p.get("ExpressionAttributeNames"), p.get("ExpressionAttributeValues"))
        if "KeyConditionExpression" not in p:
            raise dv.validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified "
                "in the request."
            )
        key_condition = dx.parse_condition(
            p["KeyConditionExpression"], "KeyConditionExpression", ph
        )
        _check_key_condition(key_condition, keys)
        rows = [
            r
            for r in table.rows.values()
            if (index is None or index.holds(r)) and dx.evaluate(r, key_condition)
        ]
        if keys.range_key:
            rk = keys.range_key
            rows.sort(key=lambda r: dv.sort_key(r[rk]))
        if p.get("ScanIndexForward") is False:
            rows.reverse()
        return self._page(p, table, rows, ph, index)

    def _scan(self, p: dict[str, Any]) -> dict[str, Any]:
        table = self.table(p.get("TableName"))
        index = _index(table, p)
        ph = dx.Placeholders(p.get("ExpressionAttributeNames"), p.get("ExpressionAttributeValues"))
        rows = [r for r in table.rows.values() if index is None or index.holds(r)]
        return self._page(p, table, rows, ph, index)

    def _page(
        self,
        p: dict[str, Any],
        table: Table,
        rows: list[dict[str, dv.Value]],
        ph: Any,
        index: Index | None = None,
    ) -> dict[str, Any]:
        filt = (
            dx.parse_condition(p["FilterExpression"], "FilterExpression", ph)
            if "FilterExpression" in p
            else None
        )
        projection = (
            dx.parse_projection(p["ProjectionExpression"], ph)
            if "ProjectionExpression" in p
            else None
        )
        ph.check_all_used()
        # A page of an index is keyed by the table's key and the index's (as LastEvaluatedKey).
        names = _key_names(table, index)
        start = p.get("ExclusiveStartKey")
        if start is not None:
            if index is None:
                start_key = table.key_of(dv.clean_item(start, "key"))
            else:
                start_key = _start_key(dv.clean_item(start, "key"), names)
            keys = [tuple(dv.key_part(r[n]) for n in names) for r in rows]
            rows = rows[keys.index(start_key) + 1 :] if start_key in keys else rows
        limit = p.get("Limit")
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            raise dv.validation(
                f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
                "constraint: Member must have value greater than or equal to 1"
            )
        scanned = rows[:limit] if limit is not None else rows
        matched = [r for r in scanned if filt is None or dx.evaluate(r, filt)]
        items = [dx.project(r, projection) if projection else r for r in matched]
        out: dict[str, Any] = {"Count": len(items)}
        if p.get("Select") != "COUNT":
            out["Items"] = copy.deepcopy(items)
        if limit is not None and len(rows) > limit:
            last = scanned[-1]
            out["LastEvaluatedKey"] = {n: copy.deepcopy(last[n]) for n in names}
        out["ScannedCount"] = len(scanned)
        return out


def _index(table: Table, p: dict[str, Any]) -> Index | None:
    """The secondary index a query or scan names with ``IndexName``, if any."""
    if "IndexName" not in p:
        return None
    index = table.indexes.get(p["IndexName"]) if isinstance(p["IndexName"], str) else None
    if index is None:
        raise dv.validation("The table does not have the specified index: " + str(p["IndexName"]))
    return index


def _key_names(table: Table, index: Index | None) -> list[str]:
    """The attributes keying a page: the table's key, then the index's."""
    names = table.key_names
    if index is not None:
        names += [n for n in (index.hash_key, index.range_key) if n and n not in names]
    return names


def _start_key(start: dict[str, dv.Value], names: list[str]) -> Key:
    if set(start) != set(names):
        raise dv.validation(
            "The provided starting key is invalid: "
            "The provided key element does not match the schema"
        )
    return tuple(dv.key_part(start[n]) for n in names)


def _check_key_condition(node: dx.Node, table: Table | Index) -> None:
    """A key condition is ``hash = :v`` and optionally one condition on the range key."""
    parts = [node[1], node[2]] if node[0] == "and" else [node]
    hash_ok = False
    for part in parts:
        kind = part[0]
        if kind == "cmp" and part[2][0] == "path" and len(part[2][1]) == 1:
            name = part[2][1][0]
            if name == table.hash_key and part[1] == "=":
                hash_ok = True
                continue
            if name == table.range_key and part[1] != "<>":
                continue
        if kind == "between" and part[1][0] == "path" and part[1][1] == [table.range_key]:
            continue
        if kind == "fn" and part[1] == "begins_with" and part[2][0][1] == [table.range_key]:
            continue
        raise dv.validation("Query key condition not supported")
    if not hash_ok:
        raise dv.validation("Query condition missed key schema element: " + table.hash_key)


def _return_values(p: dict[str, Any], allowed: tuple[str, ...]) -> str:
    value = p.get("ReturnValues", "NONE")
    if value not in allowed:
        raise dv.validation("ReturnValues can only be " + " or ".join(allowed) + "")
    return str(value)


def _conditional_check_failed() -> ServiceError:
    return ServiceError("ConditionalCheckFailedException", "The conditional request failed")


def _sorted_item(item: Any) -> Any:
    if isinstance(item, dict):
        return dict(sorted(item.items()))
    return item
