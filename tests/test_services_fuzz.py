"""Bad input never crashes the in-memory services: thousands of generated and mutated requests
(random parameters, random expressions built from DynamoDB's tokens, deep documents) always get
a reply dict (or None), never an exception, and quickly."""

from __future__ import annotations

import random
import time
from typing import Any

import sfnsim

ACTIONS = [
    ("dynamodb", "getItem"),
    ("dynamodb", "putItem"),
    ("dynamodb", "updateItem"),
    ("dynamodb", "deleteItem"),
    ("aws-sdk:dynamodb", "query"),
    ("aws-sdk:dynamodb", "scan"),
    ("aws-sdk:dynamodb", "putItem"),
    ("aws-sdk:dynamodb", "batchWriteItem"),
    ("aws-sdk:dynamodb", "batchGetItem"),
    ("aws-sdk:dynamodb", "transactWriteItems"),
    ("sqs", "sendMessage"),
    ("aws-sdk:sqs", "sendMessage"),
    ("sns", "publish"),
    ("events", "putEvents"),
    ("aws-sdk:eventbridge", "putEvents"),
    ("aws-sdk:s3", "getObject"),
    ("aws-sdk:s3", "putObject"),
    ("aws-sdk:s3", "listObjectsV2"),
]
TOKENS = [
    "a", "b", "id", "#n", ":v", ":w", "=", "<>", "<", ">=", "(", ")", ",", ".", "[0]", "[",
    "]", "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "+", "-",
    "attribute_exists", "attribute_not_exists", "begins_with", "contains", "size",
    "if_not_exists", "list_append", "attribute_type", "1", "", "  ",
]  # fmt: skip
VALUES = [
    {"S": "x"}, {"N": "1"}, {"N": "1e3"}, {"N": "nan"}, {"B": "eA=="}, {"B": "!!"},
    {"BOOL": True}, {"NULL": True}, {"NULL": False}, {"SS": ["a"]}, {"SS": []},
    {"NS": ["1", "1.0"]}, {"L": [{"S": "x"}]}, {"M": {"k": {"N": "2"}}}, {"X": 1}, {}, None, 3,
    "s", [],
]  # fmt: skip


def random_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 4 and roll < 0.15:
        return {"M": {rng.choice(["a", "b", "id"]): random_value(rng, depth + 1)}}
    if depth < 4 and roll < 0.25:
        return {"L": [random_value(rng, depth + 1) for _ in range(rng.randint(0, 2))]}
    return rng.choice(VALUES)


def random_expression(rng: random.Random) -> Any:
    if rng.random() < 0.05:
        return rng.choice([None, 1, [], {}])
    return " ".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 12)))


def random_params(rng: random.Random) -> Any:
    if rng.random() < 0.03:
        return rng.choice([None, [], "x", 1])
    params: dict[str, Any] = {}
    keys = [
        "TableName", "Item", "Key", "UpdateExpression", "ConditionExpression",
        "KeyConditionExpression", "FilterExpression", "ProjectionExpression",
        "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnValues", "Limit",
        "ExclusiveStartKey", "ScanIndexForward", "QueueUrl", "MessageBody", "MessageGroupId",
        "MessageAttributes", "TopicArn", "Message", "Entries", "Bucket", "Key", "Body", "MaxKeys",
        "Prefix", "RequestItems", "TransactItems",
    ]  # fmt: skip
    for key in rng.sample(keys, rng.randint(0, 8)):
        params[key] = random_param(rng, key)
    return params


def random_param(rng: random.Random, key: str) -> Any:
    if key == "TableName":
        return rng.choice(["t", "tt1", "pairs", "/bad", None, 5])
    if key in ("Item", "Key", "ExclusiveStartKey"):
        item = {rng.choice(["id", "sk", "a", "b"]): random_value(rng) for _ in range(3)}
        if rng.random() < 0.7:
            item["id"] = {"S": rng.choice(["x", "y"])}
        return item
    if key.endswith("Expression"):
        return random_expression(rng)
    if key == "ExpressionAttributeNames":
        return rng.choice([{"#n": "a"}, {}, None, {"#n": 1}, {"#x": "b"}])
    if key == "ExpressionAttributeValues":
        return {":v": random_value(rng), ":w": random_value(rng)} if rng.random() < 0.8 else {}
    if key == "ReturnValues":
        return rng.choice(["NONE", "ALL_OLD", "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW", "BAD", 1])
    if key in ("Limit", "MaxKeys"):
        return rng.choice([0, 1, 2, -1, "3", True, None])
    if key in ("QueueUrl",):
        return rng.choice(["https://sqs.us-east-1.amazonaws.com/123456789012/q", "http://h", 1])
    if key == "TopicArn":
        return rng.choice(["arn:aws:sns:us-east-1:123456789012:t", "arn:x", None])
    if key == "Entries":
        return [
            {k: random_value(rng) for k in rng.sample(["Detail", "DetailType", "Source"], 2)}
            for _ in range(rng.randint(0, 3))
        ] + [{"Detail": "{}", "DetailType": "d", "Source": "s"}]
    if key == "RequestItems":
        entry = rng.choice(
            [
                {"PutRequest": {"Item": random_param(rng, "Item")}},
                {"DeleteRequest": {"Key": random_param(rng, "Key")}},
                {"Keys": [random_param(rng, "Key")]},
                {},
            ]
        )
        table = rng.choice(["t", "pairs", "nope"])
        return {table: entry if "Keys" in entry else [entry] * rng.randint(0, 2)}
    if key == "TransactItems":
        kind = rng.choice(["Put", "Update", "Delete", "ConditionCheck", "Get"])
        body = {k: random_param(rng, k) for k in ("TableName", "Item", "Key")}
        body.update({k: random_expression(rng) for k in ("ConditionExpression",)})
        return [{kind: body} for _ in range(rng.randint(0, 3))]
    if key == "MessageAttributes":
        return rng.choice([{"a": {"DataType": "String", "StringValue": "v"}}, {"a": 1}, []])
    return random_value(rng)


def mutate(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict) and value and rng.random() < 0.5:
        out = dict(value)
        key = rng.choice(list(out))
        out[key] = mutate(out[key], rng) if rng.random() < 0.7 else random_value(rng)
        return out
    if isinstance(value, list) and value:
        return [mutate(v, rng) for v in value]
    return random_value(rng) if rng.random() < 0.3 else value


def request(service: str, action: str, params: Any) -> dict[str, Any]:
    return {
        "resource": f"arn:aws:states:::{service}:{action}",
        "kind": "sdk" if service.startswith("aws-sdk:") else "service",
        "service": service,
        "action": action,
        "pattern": "request_response",
        "state_name": "S",
        "execution_arn": "arn:aws:states:us-east-1:123456789012:execution:M:e",
        "state_machine_arn": "arn:aws:states:us-east-1:123456789012:stateMachine:M",
        "parameters": params,
        "task_token": "",
        "attempt": 0,
        "now_ms": 0,
    }


def test_random_requests_never_raise() -> None:
    rng = random.Random(4)
    services = sfnsim.MemoryServices()
    services.dynamodb.create_table("t", hash_key="id")
    services.dynamodb.create_table("pairs", hash_key="id", range_key="sk")
    services.sqs.create_queue("q")
    services.sqs.create_queue("f.fifo")
    services.sns.create_topic("t")
    services.s3.create_bucket("b")
    seen_ok = seen_failed = 0
    started = time.monotonic()
    previous: list[Any] = []
    for i in range(6000):
        service, action = rng.choice(ACTIONS)
        if previous and i % 3 == 0:
            params = mutate(rng.choice(previous), rng)
        else:
            params = random_params(rng)
        reply = services.answer(request(service, action, params))
        assert reply is not None
        assert reply["kind"] in ("succeeded", "failed"), reply
        if reply["kind"] == "failed":
            assert isinstance(reply["error"], str) and isinstance(reply["cause"], str)
            assert not reply["error"].startswith("sfnsim."), reply
            seen_failed += 1
        else:
            seen_ok += 1
            previous.append(params)
    assert seen_ok > 200 and seen_failed > 200
    assert time.monotonic() - started < 10


def test_deep_documents_and_expressions_are_bounded() -> None:
    services = sfnsim.MemoryServices(["dynamodb"])
    services.dynamodb.create_table("t", hash_key="id")
    deep: Any = {"S": "x"}
    for _ in range(5000):
        deep = {"L": [deep]}
    reply = services.answer(
        request("dynamodb", "putItem", {"TableName": "t", "Item": {"id": {"S": "a"}, "d": deep}})
    )
    assert reply is not None and reply["kind"] == "failed"
    assert "Nesting Levels have exceeded supported limits" in reply["cause"]
    condition = "(" * 5000 + "attribute_exists(id)" + ")" * 5000
    reply = services.answer(
        request(
            "dynamodb",
            "putItem",
            {"TableName": "t", "Item": {"id": {"S": "a"}}, "ConditionExpression": condition},
        )
    )
    assert reply is not None and reply["kind"] == "failed"
    negations = "NOT " * 5000 + "attribute_exists(id)"
    reply = services.answer(
        request(
            "dynamodb",
            "putItem",
            {"TableName": "t", "Item": {"id": {"S": "a"}}, "ConditionExpression": negations},
        )
    )
    assert reply is not None and reply["kind"] == "failed"
