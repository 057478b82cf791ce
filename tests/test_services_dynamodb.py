"""The in-memory DynamoDB (``services="memory"``): each operation, expression and error, in both
integration forms (optimised ``dynamodb:*`` and ``aws-sdk:dynamodb:*``)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import sfnsim

EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:M:e1"


def request(action: str, params: dict[str, Any], *, sdk: bool = False) -> dict[str, Any]:
    """The task request the engine hands the service layers."""
    service = "aws-sdk:dynamodb" if sdk else "dynamodb"
    return {
        "resource": f"arn:aws:states:::{service}:{action}",
        "kind": "sdk" if sdk else "service",
        "service": service,
        "action": action,
        "pattern": "request_response",
        "state_name": "S",
        "execution_arn": EXECUTION,
        "state_machine_arn": "arn:aws:states:us-east-1:123456789012:stateMachine:M",
        "parameters": params,
        "task_token": "",
        "attempt": 0,
        "now_ms": 1_700_000_000_000,
    }


@pytest.fixture
def services() -> sfnsim.MemoryServices:
    s = sfnsim.MemoryServices()
    s.dynamodb.create_table("orders", hash_key="id")
    s.dynamodb.create_table("events", hash_key="pk", range_key="sk")
    return s


def call(
    services: sfnsim.MemoryServices, action: str, params: dict[str, Any], *, sdk: bool = True
) -> Any:
    reply = services.answer(request(action, params, sdk=sdk))
    assert reply is not None
    if reply["kind"] == "failed":
        return ("failed", reply["error"], reply["cause"])
    assert reply["kind"] == "succeeded", reply
    return reply["result"]


def put(services: sfnsim.MemoryServices, item: dict[str, Any], table: str = "orders") -> None:
    assert call(services, "putItem", {"TableName": table, "Item": item}) == {}


# -- putItem / getItem / deleteItem ------------------------------------------------------------


def test_put_then_get_in_the_sdk_form(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "o1"}, "total": {"N": "30.50"}, "tags": {"SS": ["a", "b"]}})
    got = call(services, "getItem", {"TableName": "orders", "Key": {"id": {"S": "o1"}}})
    # Numbers come back normalised, as DynamoDB stores them.
    assert got == {"Item": {"id": {"S": "o1"}, "total": {"N": "30.5"}, "tags": {"SS": ["a", "b"]}}}
    assert services.dynamodb.items("orders") == [got["Item"]]


def test_get_of_a_missing_item_has_no_item_key(services: sfnsim.MemoryServices) -> None:
    assert call(services, "getItem", {"TableName": "orders", "Key": {"id": {"S": "x"}}}) == {}


def test_optimised_results_carry_the_http_metadata(services: sfnsim.MemoryServices) -> None:
    item = {"id": {"S": "id1"}, "data": {"S": "HelloWorld"}}
    out = call(services, "putItem", {"TableName": "orders", "Item": item}, sdk=False)
    meta = out["SdkHttpMetadata"]
    assert list(out) == ["SdkHttpMetadata", "SdkResponseMetadata"]
    assert meta["HttpHeaders"]["Content-Length"] == "2"  # the body is {}
    assert meta["HttpStatusCode"] == 200
    assert list(meta["AllHttpHeaders"])[:3] == ["Server", "Connection", "x-amzn-RequestId"]
    assert out["SdkResponseMetadata"]["RequestId"] == meta["HttpHeaders"]["x-amzn-RequestId"]
    got = call(services, "getItem", {"TableName": "orders", "Key": {"id": {"S": "id1"}}}, sdk=False)
    assert got["Item"] == {"data": {"S": "HelloWorld"}, "id": {"S": "id1"}}
    # The length AWS recorded for this very item; getItem's id header is lower-case.
    assert got["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == "53"
    assert "x-amzn-requestid" in got["SdkHttpMetadata"]["HttpHeaders"]
    assert got["SdkHttpMetadata"]["HttpHeaders"]["x-amz-crc32"].isdigit()


def test_put_returns_all_old(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "o1"}, "v": {"N": "1"}})
    out = call(
        services,
        "putItem",
        {
            "TableName": "orders",
            "Item": {"id": {"S": "o1"}, "v": {"N": "2"}},
            "ReturnValues": "ALL_OLD",
        },
    )
    assert out == {"Attributes": {"id": {"S": "o1"}, "v": {"N": "1"}}}


def test_delete_item_and_its_return_values(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "o1"}, "v": {"N": "1"}})
    out = call(
        services,
        "deleteItem",
        {"TableName": "orders", "Key": {"id": {"S": "o1"}}, "ReturnValues": "ALL_OLD"},
    )
    assert out == {"Attributes": {"id": {"S": "o1"}, "v": {"N": "1"}}}
    assert services.dynamodb.items("orders") == []
    # Deleting what is not there succeeds.
    assert call(services, "deleteItem", {"TableName": "orders", "Key": {"id": {"S": "o1"}}}) == {}


def test_put_with_attribute_not_exists_fails_the_second_time(
    services: sfnsim.MemoryServices,
) -> None:
    params = {
        "TableName": "orders",
        "Item": {"id": {"S": "o1"}},
        "ConditionExpression": "attribute_not_exists(id)",
    }
    assert call(services, "putItem", params) == {}
    _, error, cause = call(services, "putItem", params)
    assert error == "DynamoDb.ConditionalCheckFailedException"
    assert cause.startswith("The conditional request failed (Service: DynamoDb, Status Code: 400,")
    _, error, cause = call(services, "putItem", params, sdk=False)
    assert error == "DynamoDB.ConditionalCheckFailedException"
    assert cause.startswith(
        "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; "
        "Error Code: ConditionalCheckFailedException; Request ID: "
    )
    assert cause.endswith("; Proxy: null)")


def test_delete_with_a_failing_condition_keeps_the_item(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "o1"}, "state": {"S": "open"}})
    out = call(
        services,
        "deleteItem",
        {
            "TableName": "orders",
            "Key": {"id": {"S": "o1"}},
            "ConditionExpression": "#s = :closed",
            "ExpressionAttributeNames": {"#s": "state"},
            "ExpressionAttributeValues": {":closed": {"S": "closed"}},
        },
    )
    assert out[1] == "DynamoDb.ConditionalCheckFailedException"
    assert len(services.dynamodb.items("orders")) == 1


# -- errors -------------------------------------------------------------------------------------


def test_missing_table_is_resource_not_found_in_both_forms(
    services: sfnsim.MemoryServices,
) -> None:
    params = {"TableName": "nope", "Item": {"id": {"S": "x"}}}
    _, error, cause = call(services, "putItem", params)
    assert error == "DynamoDb.ResourceNotFoundException"
    assert cause.startswith("Requested resource not found (Service: DynamoDb, Status Code: 400, ")
    _, error, cause = call(services, "putItem", params, sdk=False)
    assert error == "DynamoDB.ResourceNotFoundException"
    assert cause.startswith(
        "Requested resource not found (Service: AmazonDynamoDBv2; Status Code: 400; "
        "Error Code: ResourceNotFoundException; Request ID: "
    )


def test_validation_errors_are_named_per_form(services: sfnsim.MemoryServices) -> None:
    # The recorded texts: a null Item, an invalid table name.
    _, error, cause = call(services, "putItem", {"TableName": "nope", "Item": None})
    assert error == "DynamoDb.DynamoDbException"
    assert cause.startswith(
        "1 validation error detected: Value null at 'item' failed to satisfy constraint: "
        "Member must not be null (Service: DynamoDb, Status Code: 400, Request ID: "
    )
    _, error, cause = call(
        services, "putItem", {"TableName": "/bad", "Item": {"id": {"S": "x"}}}, sdk=False
    )
    assert error == "DynamoDB.AmazonDynamoDBException"
    assert cause.startswith(
        "1 validation error detected: Value '/bad' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ (Service: "
        "AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException;"
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"Item": {"extra": {"S": "x"}}}, "Missing the key id in the item"),
        ({"Item": {"id": {"S": "x"}, "bad": {"Q": "1"}}}, "Supplied AttributeValue is empty"),
        ({"Item": {"id": {"N": "abc"}}}, "cannot be converted to a numeric value"),
        ({"Item": {"id": {"S": "x"}, "s": {"SS": ["a", "a"]}}}, "contains duplicates"),
        (
            {"Item": {"id": {"S": "x"}}, "ConditionExpression": "a = :v"},
            "An expression attribute value used in expression is not defined; attribute value: :v",
        ),
        (
            {
                "Item": {"id": {"S": "x"}},
                "ConditionExpression": "attribute_exists(id)",
                "ExpressionAttributeValues": {":unused": {"S": "x"}},
            },
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
        ),
        (
            {"Item": {"id": {"S": "x"}}, "ConditionExpression": "a = = b"},
            'Invalid ConditionExpression: Syntax error; token: "="',
        ),
        ({"Item": {"id": {"S": "x"}}, "ReturnValues": "ALL_NEW"}, "ReturnValues can only be"),
    ],
)
def test_bad_requests_are_validation_exceptions(
    services: sfnsim.MemoryServices, params: dict[str, Any], message: str
) -> None:
    _, error, cause = call(services, "putItem", {"TableName": "orders", **params})
    assert error == "DynamoDb.DynamoDbException"
    assert message in cause


def test_a_key_that_does_not_match_the_schema(services: sfnsim.MemoryServices) -> None:
    _, error, cause = call(
        services, "getItem", {"TableName": "orders", "Key": {"id": {"S": "x"}, "b": {"S": "y"}}}
    )
    assert error == "DynamoDb.DynamoDbException"
    assert "The provided key element does not match the schema" in cause


# -- updateItem ---------------------------------------------------------------------------------


def update(services: sfnsim.MemoryServices, expression: str, **extra: Any) -> Any:
    return call(
        services,
        "updateItem",
        {
            "TableName": "orders",
            "Key": {"id": {"S": "o1"}},
            "UpdateExpression": expression,
            "ReturnValues": "ALL_NEW",
            **extra,
        },
    )


def test_update_creates_the_item_with_set(services: sfnsim.MemoryServices) -> None:
    out = update(services, "SET n = :one", ExpressionAttributeValues={":one": {"N": "1"}})
    assert out == {"Attributes": {"id": {"S": "o1"}, "n": {"N": "1"}}}


def test_update_arithmetic_and_if_not_exists(services: sfnsim.MemoryServices) -> None:
    values = {":one": {"N": "1"}, ":zero": {"N": "0"}}
    for _ in range(3):
        out = update(
            services,
            "SET hits = if_not_exists(hits, :zero) + :one",
            ExpressionAttributeValues=values,
        )
    assert out["Attributes"]["hits"] == {"N": "3"}
    out = update(services, "SET hits = hits - :one", ExpressionAttributeValues={":one": {"N": "1"}})
    assert out["Attributes"]["hits"] == {"N": "2"}


def test_update_list_append_remove_and_nested_paths(services: sfnsim.MemoryServices) -> None:
    put(
        services,
        {
            "id": {"S": "o1"},
            "journal": {"L": [{"S": "a"}]},
            "meta": {"M": {"color": {"S": "red"}, "dims": {"N": "2"}}},
            "gone": {"S": "x"},
            "extra": {"L": [{"S": "a"}, {"S": "b"}]},
        },
    )
    out = update(
        services,
        "SET journal = list_append(journal, :more), meta.color = :blue, #o[0] = :z "
        "REMOVE gone, meta.dims",
        ExpressionAttributeValues={
            ":more": {"L": [{"S": "b"}]},
            ":blue": {"S": "blue"},
            ":z": {"S": "z"},
        },
        ExpressionAttributeNames={"#o": "extra"},
    )
    assert out == {
        "Attributes": {
            "id": {"S": "o1"},
            "journal": {"L": [{"S": "a"}, {"S": "b"}]},
            "meta": {"M": {"color": {"S": "blue"}}},
            "extra": {"L": [{"S": "z"}, {"S": "b"}]},
        }
    }


def test_update_add_and_delete_on_numbers_and_sets(services: sfnsim.MemoryServices) -> None:
    out = update(
        services,
        "ADD visits :two, tags :ab",
        ExpressionAttributeValues={":two": {"N": "2"}, ":ab": {"SS": ["a", "b"]}},
    )
    assert out["Attributes"]["visits"] == {"N": "2"}
    assert sorted(out["Attributes"]["tags"]["SS"]) == ["a", "b"]
    out = update(
        services,
        "ADD visits :two DELETE tags :a",
        ExpressionAttributeValues={":two": {"N": "2"}, ":a": {"SS": ["a"]}},
    )
    assert out["Attributes"]["visits"] == {"N": "4"}
    assert out["Attributes"]["tags"] == {"SS": ["b"]}


@pytest.mark.parametrize(
    ("returns", "expected"),
    [
        ("NONE", {}),
        ("ALL_OLD", {"Attributes": {"id": {"S": "o1"}, "a": {"N": "1"}, "b": {"N": "1"}}}),
        ("UPDATED_OLD", {"Attributes": {"a": {"N": "1"}}}),
        ("ALL_NEW", {"Attributes": {"id": {"S": "o1"}, "a": {"N": "2"}, "b": {"N": "1"}}}),
        ("UPDATED_NEW", {"Attributes": {"a": {"N": "2"}}}),
    ],
)
def test_update_return_values(
    services: sfnsim.MemoryServices, returns: str, expected: dict[str, Any]
) -> None:
    put(services, {"id": {"S": "o1"}, "a": {"N": "1"}, "b": {"N": "1"}})
    out = update(
        services,
        "SET a = :two",
        ExpressionAttributeValues={":two": {"N": "2"}},
        ReturnValues=returns,
    )
    assert out == expected


def test_update_with_a_condition_on_a_counter(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "o1"}, "stock": {"N": "1"}})
    params = {
        "ConditionExpression": "stock > :zero AND attribute_exists(id)",
        "ExpressionAttributeValues": {":one": {"N": "1"}, ":zero": {"N": "0"}},
    }
    assert update(services, "SET stock = stock - :one", **params)["Attributes"]["stock"] == {
        "N": "0"
    }
    _, error, _ = update(services, "SET stock = stock - :one", **params)
    assert error == "DynamoDb.ConditionalCheckFailedException"
    assert services.dynamodb.get_item("orders", {"id": {"S": "o1"}}) == {
        "id": {"S": "o1"},
        "stock": {"N": "0"},
    }


def test_update_errors(services: sfnsim.MemoryServices) -> None:
    _, _, cause = update(services, "SET id = :v", ExpressionAttributeValues={":v": {"S": "x"}})
    assert "Cannot update attribute id. This attribute is part of the key" in cause
    _, _, cause = update(
        services, "SET a = absent + :v", ExpressionAttributeValues={":v": {"N": "1"}}
    )
    assert "refers to an attribute that does not exist in the item" in cause
    put(services, {"id": {"S": "o1"}, "s": {"S": "x"}})
    _, _, cause = update(services, "SET s = s + :v", ExpressionAttributeValues={":v": {"N": "1"}})
    assert "Incorrect operand type for operator or function; operator or function: +" in cause


# -- conditions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "holds"),
    [
        ("n = :five", True),
        ("n <> :five", False),
        ("n < :ten AND n >= :five", True),
        ("n > :ten OR s = :abc", True),
        ("NOT (n <= :five)", False),
        ("n BETWEEN :five AND :ten", True),
        ("s IN (:x, :abc)", True),
        ("begins_with(s, :ab)", True),
        ("contains(s, :bc)", True),
        ("contains(tags, :x)", True),
        ("contains(nums, :five)", True),
        ("attribute_type(n, :N)", True),
        ("size(s) = :three", True),
        ("size(tags) < :three", True),
        ("m.deep = :abc", True),
        ("l[1] = :ten", True),
        ("attribute_exists(m.deep) AND attribute_not_exists(m.spare)", True),
        ("s > :ab", True),  # strings order by bytes
        ("n > :abc", False),  # different types never compare
        ("absent <> :five", True),  # a missing attribute differs from any value
        ("absent = :five", False),
    ],
)
def test_condition_expressions(
    services: sfnsim.MemoryServices, condition: str, holds: bool
) -> None:
    put(
        services,
        {
            "id": {"S": "o1"},
            "n": {"N": "5"},
            "s": {"S": "abc"},
            "tags": {"SS": ["x", "y"]},
            "nums": {"NS": ["5", "6"]},
            "m": {"M": {"deep": {"S": "abc"}}},
            "l": {"L": [{"S": "a"}, {"N": "10"}]},
        },
    )
    values = {
        ":five": {"N": "5"},
        ":ten": {"N": "10"},
        ":three": {"N": "3"},
        ":abc": {"S": "abc"},
        ":ab": {"S": "ab"},
        ":bc": {"S": "bc"},
        ":x": {"S": "x"},
        ":N": {"S": "N"},
    }
    used = {k: v for k, v in values.items() if k in re.findall(r":\w+", condition)}
    params = {"TableName": "orders", "Key": {"id": {"S": "o1"}}, "ConditionExpression": condition}
    if used:
        params["ExpressionAttributeValues"] = used
    out = call(services, "updateItem", params)
    assert (out == {}) is holds, out


# -- query, scan and projections ----------------------------------------------------------------


def seed_events(services: sfnsim.MemoryServices) -> None:
    for pk, sk in [("u1", "2024-03"), ("u1", "2024-01"), ("u1", "2023-12"), ("u2", "2024-02")]:
        put(
            services,
            {"pk": {"S": pk}, "sk": {"S": sk}, "kind": {"S": "login"}, "n": {"N": "1"}},
            "events",
        )


def query(services: sfnsim.MemoryServices, condition: str, **extra: Any) -> Any:
    return call(
        services,
        "query",
        {
            "TableName": "events",
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": extra.pop("values"),
            **extra,
        },
    )


def test_query_on_hash_and_range_keys(services: sfnsim.MemoryServices) -> None:
    seed_events(services)
    out = query(services, "pk = :u", values={":u": {"S": "u1"}})
    assert [i["sk"]["S"] for i in out["Items"]] == ["2023-12", "2024-01", "2024-03"]
    assert (out["Count"], out["ScannedCount"]) == (3, 3)
    out = query(
        services,
        "pk = :u AND begins_with(sk, :y)",
        values={":u": {"S": "u1"}, ":y": {"S": "2024"}},
        ScanIndexForward=False,
    )
    assert [i["sk"]["S"] for i in out["Items"]] == ["2024-03", "2024-01"]
    out = query(
        services,
        "pk = :u AND sk BETWEEN :a AND :b",
        values={":u": {"S": "u1"}, ":a": {"S": "2023-12"}, ":b": {"S": "2024-01"}},
    )
    assert out["Count"] == 2
    out = query(services, "pk = :u AND sk > :a", values={":u": {"S": "u1"}, ":a": {"S": "2024-01"}})
    assert [i["sk"]["S"] for i in out["Items"]] == ["2024-03"]


def test_query_limit_pages_with_last_evaluated_key(services: sfnsim.MemoryServices) -> None:
    seed_events(services)
    first = query(services, "pk = :u", values={":u": {"S": "u1"}}, Limit=2)
    assert first["Count"] == 2
    assert first["LastEvaluatedKey"] == {"pk": {"S": "u1"}, "sk": {"S": "2024-01"}}
    rest = query(
        services,
        "pk = :u",
        values={":u": {"S": "u1"}},
        Limit=2,
        ExclusiveStartKey=first["LastEvaluatedKey"],
    )
    assert [i["sk"]["S"] for i in rest["Items"]] == ["2024-03"]
    assert "LastEvaluatedKey" not in rest


def test_query_projection_and_filter(services: sfnsim.MemoryServices) -> None:
    seed_events(services)
    out = query(
        services,
        "#p = :u",
        values={":u": {"S": "u1"}, ":d": {"S": "2024-02"}},
        ExpressionAttributeNames={"#p": "pk"},
        FilterExpression="sk > :d",
        ProjectionExpression="sk, kind",
    )
    assert out["Items"] == [{"sk": {"S": "2024-03"}, "kind": {"S": "login"}}]
    assert (out["Count"], out["ScannedCount"]) == (1, 3)


def test_query_select_count(services: sfnsim.MemoryServices) -> None:
    seed_events(services)
    out = query(services, "pk = :u", values={":u": {"S": "u1"}}, Select="COUNT")
    assert out == {"Count": 3, "ScannedCount": 3}


def test_query_needs_an_equality_on_the_hash_key(services: sfnsim.MemoryServices) -> None:
    _, error, cause = query(services, "sk = :a", values={":a": {"S": "x"}})
    assert error == "DynamoDb.DynamoDbException"
    assert "Query condition missed key schema element: pk" in cause


@pytest.fixture
def orders_by_status() -> sfnsim.MemoryServices:
    s = sfnsim.MemoryServices()
    s.dynamodb.create_table(
        "orders",
        hash_key="id",
        indexes={"byStatus": ("status", "placedAt"), "byCustomer": "customer"},
    )
    rows = [
        ("o1", "open", "2024-03", "c1"),
        ("o2", "shipped", "2024-01", "c1"),
        ("o3", "open", "2024-01", "c2"),
        ("o4", "open", "2024-02", None),  # no customer: not in byCustomer (a sparse index)
    ]
    for order, status, placed, customer in rows:
        item = {"id": {"S": order}, "status": {"S": status}, "placedAt": {"S": placed}}
        if customer:
            item["customer"] = {"S": customer}
        put(s, item)
    put(s, {"id": {"S": "o5"}, "placedAt": {"S": "2024-04"}})  # no status: not in byStatus
    return s


def by_status(services: sfnsim.MemoryServices, **extra: Any) -> Any:
    return call(
        services,
        "query",
        {
            "TableName": "orders",
            "IndexName": "byStatus",
            "KeyConditionExpression": "#s = :s",
            "ExpressionAttributeNames": {"#s": "status"},
            "ExpressionAttributeValues": {":s": {"S": "open"}},
            **extra,
        },
    )


def test_query_a_secondary_index_in_its_range_key_order(
    orders_by_status: sfnsim.MemoryServices,
) -> None:
    out = by_status(orders_by_status)
    assert [i["id"]["S"] for i in out["Items"]] == ["o3", "o4", "o1"]  # by placedAt
    assert out["Items"][0] == {
        "id": {"S": "o3"},
        "status": {"S": "open"},
        "placedAt": {"S": "2024-01"},
        "customer": {"S": "c2"},
    }  # every attribute projected
    back = by_status(orders_by_status, ScanIndexForward=False)
    assert [i["id"]["S"] for i in back["Items"]] == ["o1", "o4", "o3"]
    customers = call(
        orders_by_status,
        "query",
        {
            "TableName": "orders",
            "IndexName": "byCustomer",
            "KeyConditionExpression": "customer = :c",
            "ExpressionAttributeValues": {":c": {"S": "c1"}},
        },
    )
    assert sorted(i["id"]["S"] for i in customers["Items"]) == ["o1", "o2"]
    scanned = call(orders_by_status, "scan", {"TableName": "orders", "IndexName": "byCustomer"})
    assert (scanned["Count"], scanned["ScannedCount"]) == (3, 3)  # o4 and o5 are not in it


def test_index_pages_are_keyed_by_the_table_and_index_keys(
    orders_by_status: sfnsim.MemoryServices,
) -> None:
    first = by_status(orders_by_status, Limit=2)
    assert [i["id"]["S"] for i in first["Items"]] == ["o3", "o4"]
    assert first["LastEvaluatedKey"] == {
        "id": {"S": "o4"},
        "status": {"S": "open"},
        "placedAt": {"S": "2024-02"},
    }
    rest = by_status(orders_by_status, Limit=2, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert [i["id"]["S"] for i in rest["Items"]] == ["o1"] and "LastEvaluatedKey" not in rest
    _, error, cause = by_status(orders_by_status, ExclusiveStartKey={"id": {"S": "o4"}})
    assert error == "DynamoDb.DynamoDbException" and "starting key is invalid" in cause


def test_index_queries_check_the_index_key_and_name(
    orders_by_status: sfnsim.MemoryServices,
) -> None:
    _, error, cause = call(
        orders_by_status,
        "query",
        {
            "TableName": "orders",
            "IndexName": "byStatus",
            "KeyConditionExpression": "placedAt = :p",
            "ExpressionAttributeValues": {":p": {"S": "2024-01"}},
        },
    )
    assert "Query condition missed key schema element: status" in cause
    _, error, cause = by_status(orders_by_status, IndexName="byRegion")
    assert error == "DynamoDb.DynamoDbException"
    assert "The table does not have the specified index: byRegion" in cause
    with pytest.raises(ValueError, match="indexes"):
        sfnsim.MemoryServices().dynamodb.create_table("t", hash_key="id", indexes={"i": 3})  # type: ignore[dict-item]


def test_get_item_projection(services: sfnsim.MemoryServices) -> None:
    put(
        services,
        {"id": {"S": "o1"}, "a": {"M": {"b": {"S": "x"}, "c": {"S": "y"}}}, "d": {"N": "1"}},
    )
    out = call(
        services,
        "getItem",
        {"TableName": "orders", "Key": {"id": {"S": "o1"}}, "ProjectionExpression": "a.b, d"},
    )
    assert out == {"Item": {"a": {"M": {"b": {"S": "x"}}}, "d": {"N": "1"}}}


def test_scan_in_the_sdk_form(services: sfnsim.MemoryServices) -> None:
    seed_events(services)
    out = call(services, "scan", {"TableName": "events"})
    assert (out["Count"], out["ScannedCount"]) == (4, 4)


def test_query_is_not_an_optimised_action(services: sfnsim.MemoryServices) -> None:
    # Step Functions has no optimised dynamodb:query: the layer leaves such a task alone.
    assert services.answer(request("query", {"TableName": "events"})) is None


# -- through a workflow -------------------------------------------------------------------------


def test_a_workflow_catches_the_conditional_check_and_retries_are_aws_like() -> None:
    definition = {
        "StartAt": "Claim",
        "States": {
            "Claim": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:putItem",
                "Parameters": {
                    "TableName": "locks",
                    "Item": {"name": {"S.$": "$.lock"}},
                    "ConditionExpression": "attribute_not_exists(#n)",
                    "ExpressionAttributeNames": {"#n": "name"},
                },
                "Retry": [
                    {
                        "ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"],
                        "MaxAttempts": 2,
                        "IntervalSeconds": 1,
                    }
                ],
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Busy"}],
                "End": True,
            },
            "Busy": {"Type": "Pass", "Result": "busy", "End": True},
        },
    }
    services = sfnsim.MemoryServices(["dynamodb"])
    services.dynamodb.create_table("locks", hash_key="name")
    first = sfnsim.run(json.dumps(definition), {"lock": "L"}, services=services)
    assert first.status == "SUCCEEDED"
    second = sfnsim.run(json.dumps(definition), {"lock": "L"}, services=services)
    assert second.output == "busy"
    failures = [e for e in second.history if e["type"] == "TaskFailed"]
    assert len(failures) == 3  # the first attempt and two retries
    assert services.dynamodb.items("locks") == [{"name": {"S": "L"}}]


def test_only_the_enabled_services_answer() -> None:
    services = sfnsim.MemoryServices(["sqs"])
    assert services.answer(request("putItem", {"TableName": "t", "Item": {}})) is None
    with pytest.raises(ValueError, match="unknown service"):
        sfnsim.MemoryServices(["dynamo"])


def test_key_types_are_fixed(services: sfnsim.MemoryServices) -> None:
    put(services, {"pk": {"S": "u"}, "sk": {"N": "1"}}, "events")
    _, error, cause = call(
        services, "putItem", {"TableName": "events", "Item": {"pk": {"S": "u"}, "sk": {"S": "1"}}}
    )
    assert "Type mismatch for key sk expected: N actual: S" in cause
    services.dynamodb.create_table("typed", hash_key="id", key_types={"id": "N"})
    _, error, cause = call(services, "putItem", {"TableName": "typed", "Item": {"id": {"S": "x"}}})
    assert "Type mismatch for key id expected: N actual: S" in cause
    with pytest.raises(ValueError, match="no key attribute type"):
        services.dynamodb.create_table("bad", hash_key="id", key_types={"id": "BOOL"})


@pytest.mark.parametrize(
    "expression", ["SET _a = :v", "SET 1a = :v", "SET a-b = :v", "SET :v = :v"]
)
def test_names_are_alphanumeric_tokens_starting_with_a_letter(
    services: sfnsim.MemoryServices, expression: str
) -> None:
    _, error, cause = update(services, expression, ExpressionAttributeValues={":v": {"N": "1"}})
    assert cause.startswith("Invalid UpdateExpression: Syntax error; token: ")


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("SET a = :v, a = :w", "overlap"),
        ("SET a = :v REMOVE a", "overlap"),
        ("SET a.b = :v, a = :w", "overlap"),
        ("SET a[1] = :v, a = :w", "overlap"),
        ("SET a[1][1] = :v, a[1] = :w", "overlap"),
        ("SET a.b = :v, a[1] = :w", "conflict"),
        ("SET a.b.c = :v, a.b[2] = :w", "conflict"),
    ],
)
def test_update_paths_may_not_overlap_or_conflict(
    services: sfnsim.MemoryServices, expression: str, problem: str
) -> None:
    values = {":v": {"N": "1"}, ":w": {"N": "2"}}
    used = {k: v for k, v in values.items() if k in expression}
    _, _, cause = update(services, expression, ExpressionAttributeValues=used)
    assert cause.startswith(f"Invalid UpdateExpression: Two document paths {problem} with each")


def test_non_overlapping_nested_updates(services: sfnsim.MemoryServices) -> None:
    put(
        services,
        {
            "id": {"S": "o1"},
            "a": {"M": {"x": {"N": "3"}, "c": {"M": {"y": {"N": "3"}}}}},
            "b": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}},
        },
    )
    out = update(
        services,
        "SET a.b = :ten, a.c.d = :dog, b.x = :n REMOVE a.x, b.y",
        ExpressionAttributeValues={":ten": {"N": "10"}, ":dog": {"S": "dog"}, ":n": {"N": "17"}},
    )
    assert out["Attributes"] == {
        "id": {"S": "o1"},
        "a": {"M": {"c": {"M": {"y": {"N": "3"}, "d": {"S": "dog"}}}, "b": {"N": "10"}}},
        "b": {"M": {"x": {"N": "17"}}},
    }


def test_add_and_list_append_errors(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "o1"}, "b": {"S": "hi"}, "l": {"L": []}})
    _, _, cause = update(services, "ADD a :v", ExpressionAttributeValues={":v": {"S": "x"}})
    assert "operator: ADD, operand type: STRING" in cause
    _, _, cause = update(services, "ADD b :v", ExpressionAttributeValues={":v": {"N": "1"}})
    assert "An operand in the update expression has an incorrect data type" in cause
    _, _, cause = update(
        services,
        "SET l = list_append(list_append(l, :v), :v)",
        ExpressionAttributeValues={":v": {"L": []}},
    )
    assert "The function is not allowed to be used this way in an expression" in cause
    _, _, cause = update(services, "SET a = f(b)")
    assert "Invalid function name; function: f" in cause


def test_list_indexes_refer_to_the_list_before_the_update(
    services: sfnsim.MemoryServices,
) -> None:
    numbers = [{"N": str(n)} for n in (2, 3, 4, 5, 6, 7)]
    put(services, {"id": {"S": "o1"}, "a": {"L": numbers}})
    out = update(
        services, "REMOVE a[1] SET a[3] = :v", ExpressionAttributeValues={":v": {"N": "17"}}
    )
    assert [v["N"] for v in out["Attributes"]["a"]["L"]] == ["2", "4", "17", "6", "7"]
    values = {f":v{i}": {"S": f"a{i}"} for i in range(1, 5)}
    out = update(
        services,
        "SET a[84] = :v1, a[37] = :v2, a[17] = :v3, a[50] = :v4",
        ExpressionAttributeValues=values,
    )
    tail = [v.get("S") for v in out["Attributes"]["a"]["L"][-4:]]
    assert tail == ["a3", "a2", "a4", "a1"]  # appended in index order
    assert "Attributes" in update(services, "REMOVE a[99]")  # past the end: ignored


def test_bad_document_paths(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "o1"}, "a": {"S": "hello"}, "b": {"L": []}})
    for expression in ("SET a.c = :v", "SET b.c = :v", "SET c.c = :v", "SET a[0] = :v"):
        _, _, cause = update(services, expression, ExpressionAttributeValues={":v": {"N": "1"}})
        assert "The document path provided in the update expression is invalid for update" in cause
    for expression in ("REMOVE a.c", "REMOVE c.c", "REMOVE a[0]"):
        _, _, cause = update(services, expression)
        assert "The document path provided in the update expression is invalid for update" in cause
    # On an item that is not there, DynamoDB ignores such a removal.
    out = call(
        services,
        "updateItem",
        {"TableName": "orders", "Key": {"id": {"S": "new"}}, "UpdateExpression": "REMOVE x.y"},
    )
    assert out == {}
    # DELETE from an attribute that is not there does nothing.
    out = update(services, "DELETE c.d :s", ExpressionAttributeValues={":s": {"SS": ["x"]}})
    assert out["Attributes"] == {"id": {"S": "o1"}, "a": {"S": "hello"}, "b": {"L": []}}


def test_set_reads_the_item_before_writing(services: sfnsim.MemoryServices) -> None:
    _, _, cause = update(
        services, "SET x = :v, y = x", ExpressionAttributeValues={":v": {"N": "1"}}
    )
    assert "refers to an attribute that does not exist in the item" in cause


def test_reserved_words_need_placeholders(services: sfnsim.MemoryServices) -> None:
    _, error, cause = update(
        services, "SET status = :s", ExpressionAttributeValues={":s": {"S": "x"}}
    )
    assert error == "DynamoDb.DynamoDbException"
    assert cause.startswith(
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"
    )
    out = update(
        services,
        "SET #s = :s",
        ExpressionAttributeValues={":s": {"S": "x"}},
        ExpressionAttributeNames={"#s": "status"},
    )
    assert out["Attributes"]["status"] == {"S": "x"}


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("n < :list", "operator or function: <, operand type: L"),
        (":list >= n", "operator or function: >=, operand type: L"),
        ("n BETWEEN :five AND :list", "operator or function: BETWEEN, operand type: L"),
        ("begins_with(n, :five)", "operator or function: begins_with, operand type: N"),
        ("n BETWEEN :ten AND :five", "The BETWEEN operator requires upper bound to be greater"),
    ],
)
def test_conditions_with_constants_of_the_wrong_type(
    services: sfnsim.MemoryServices, condition: str, message: str
) -> None:
    values = {":list": {"L": []}, ":five": {"N": "5"}, ":ten": {"N": "10"}}
    used = {k: v for k, v in values.items() if k in re.findall(r":\w+", condition)}
    _, error, cause = call(
        services,
        "putItem",
        {
            "TableName": "orders",
            "Item": {"id": {"S": "o1"}},
            "ConditionExpression": condition,
            "ExpressionAttributeValues": used,
        },
    )
    assert error == "DynamoDb.DynamoDbException"
    assert cause.startswith("Invalid ConditionExpression: ") and message in cause


def test_an_attribute_of_the_wrong_type_only_makes_the_comparison_false(
    services: sfnsim.MemoryServices,
) -> None:
    put(services, {"id": {"S": "o1"}, "x": {"L": []}})
    _, error, _ = update(
        services,
        "SET y = :one",
        ConditionExpression="x < :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
    )
    assert error == "DynamoDb.ConditionalCheckFailedException"


# -- batches and transactions (AWS SDK form) ---------------------------------------------------


def test_batch_write_then_batch_get(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "gone"}})
    out = call(
        services,
        "batchWriteItem",
        {
            "RequestItems": {
                "orders": [
                    {"PutRequest": {"Item": {"id": {"S": "a"}, "n": {"N": "1"}}}},
                    {"PutRequest": {"Item": {"id": {"S": "b"}}}},
                    {"DeleteRequest": {"Key": {"id": {"S": "gone"}}}},
                ]
            }
        },
    )
    assert out == {"UnprocessedItems": {}}
    got = call(
        services,
        "batchGetItem",
        {
            "RequestItems": {
                "orders": {
                    "Keys": [{"id": {"S": "a"}}, {"id": {"S": "gone"}}],
                    "ProjectionExpression": "n",
                }
            }
        },
    )
    assert got == {"Responses": {"orders": [{"n": {"N": "1"}}]}, "UnprocessedKeys": {}}
    assert [i["id"]["S"] for i in services.dynamodb.items("orders")] == ["a", "b"]


def test_batch_write_rejects_duplicates_and_writes_nothing(services: sfnsim.MemoryServices) -> None:
    item = {"PutRequest": {"Item": {"id": {"S": "a"}}}}
    _, error, cause = call(services, "batchWriteItem", {"RequestItems": {"orders": [item, item]}})
    assert error == "DynamoDb.DynamoDbException"
    assert "Provided list of item keys contains duplicates" in cause
    assert services.dynamodb.items("orders") == []


def test_transact_write_is_all_or_nothing(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "acct"}, "balance": {"N": "10"}})
    debit = {
        "Update": {
            "TableName": "orders",
            "Key": {"id": {"S": "acct"}},
            "UpdateExpression": "SET balance = balance - :amt",
            "ConditionExpression": "balance >= :amt",
            "ExpressionAttributeValues": {":amt": {"N": "30"}},
        }
    }
    record = {"Put": {"TableName": "orders", "Item": {"id": {"S": "payment-1"}}}}
    _, error, cause = call(services, "transactWriteItems", {"TransactItems": [record, debit]})
    assert error == "DynamoDb.TransactionCanceledException"
    assert cause.startswith(
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[None, ConditionalCheckFailed] (Service: DynamoDb, Status Code: 400, Request ID: "
    )
    assert [i["id"]["S"] for i in services.dynamodb.items("orders")] == ["acct"]
    debit["Update"]["ExpressionAttributeValues"] = {":amt": {"N": "4"}}
    check = {
        "ConditionCheck": {
            "TableName": "orders",
            "Key": {"id": {"S": "acct"}},
            "ConditionExpression": "attribute_exists(id)",
        }
    }
    assert call(services, "transactWriteItems", {"TransactItems": [record, debit]}) == {}
    assert services.dynamodb.get_item("orders", {"id": {"S": "acct"}})["balance"] == {"N": "6"}
    _, _, cause = call(services, "transactWriteItems", {"TransactItems": [check, debit]})
    assert "Transaction request cannot include multiple operations on one item" in cause


def test_transact_get(services: sfnsim.MemoryServices) -> None:
    put(services, {"id": {"S": "a"}})
    out = call(
        services,
        "transactGetItems",
        {
            "TransactItems": [
                {"Get": {"TableName": "orders", "Key": {"id": {"S": "a"}}}},
                {"Get": {"TableName": "orders", "Key": {"id": {"S": "b"}}}},
            ]
        },
    )
    assert out == {"Responses": [{"Item": {"id": {"S": "a"}}}, {}]}


def test_batches_are_not_optimised_actions(services: sfnsim.MemoryServices) -> None:
    assert services.answer(request("batchWriteItem", {"RequestItems": {}})) is None
