"""passthrough=: Task states sent to a boto3 session, here under moto's mock_aws (all local).

What is checked against AWS recordings (the conformance cases): error names and cause texts of
aws-sdk (``DynamoDb.ResourceNotFoundException``, ``S3.NoSuchKeyException``) and optimised
(``DynamoDB.ResourceNotFoundException ... (Service: AmazonDynamoDBv2; ...)``) integrations, the
implicit JSON serialisation of ``s3:putObject`` bodies and the optimised result shapes.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import zipfile
from typing import Any

import pytest
import sfnsim
from sfnsim.services import Passthrough
from sfnsim.services.aws_names import boto_service_name, service_ids_on_disk, v2_service_name
from sfnsim.services.aws_shapes import from_boto, iso_instant, to_boto

boto3 = pytest.importorskip("boto3")
moto = pytest.importorskip("moto")
moto_mock_aws = moto.mock_aws

REGION = "us-east-1"
ROLE = "arn:aws:iam::123456789012:role/r"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A boto3 session whose every call moto answers in-process."""
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with moto_mock_aws(config={"lambda": {"use_docker": False}}):
        yield boto3.Session(region_name=REGION)


def task(resource: str, parameters: Any, **more: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task", "Resource": resource, "Parameters": parameters}
    state.update(more)
    return state


def chain(*states: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    """A definition running ``states`` in order, each result kept under its name."""
    out: dict[str, Any] = {"StartAt": states[0][0], "States": {}}
    for i, (name, given) in enumerate(states):
        state = {"ResultPath": f"$.{name}", **given}
        if i + 1 < len(states):
            state["Next"] = states[i + 1][0]
        else:
            state["End"] = True
        out["States"][name] = state
    return out


def make_table(session: Any, name: str = "orders") -> None:
    session.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


SDK = "arn:aws:states:::aws-sdk:"
OPT = "arn:aws:states:::"
METADATA_KEYS = {"SdkHttpMetadata", "SdkResponseMetadata"}


# -- DynamoDB -------------------------------------------------------------------------------------


def test_dynamodb_put_then_get_through_sdk_and_optimised_forms(aws: Any) -> None:
    make_table(aws)
    item = {"id": {"S": "o-1"}, "total": {"N": "30"}}
    definition = chain(
        ("sdkPut", task(SDK + "dynamodb:putItem", {"TableName": "orders", "Item": item})),
        (
            "optPut",
            task(
                OPT + "dynamodb:putItem",
                {"TableName": "orders", "Item": {"id": {"S": "o-2"}, "total": {"N": "5"}}},
            ),
        ),
        (
            "sdkGet",
            task(SDK + "dynamodb:getItem", {"TableName": "orders", "Key": {"id": item["id"]}}),
        ),
        (
            "optGet",
            task(OPT + "dynamodb:getItem", {"TableName": "orders", "Key": {"id": {"S": "o-2"}}}),
        ),
    )
    ex = sfnsim.run(definition, {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    out = ex.output
    # aws-sdk: the SDK response without ResponseMetadata (recorded: putItem -> {}).
    assert out["sdkPut"] == {}
    assert out["sdkGet"] == {"Item": item}
    # optimised: the Java 1.x response with the HTTP metadata, properties sorted.
    assert set(out["optPut"]) == METADATA_KEYS
    assert list(out["optGet"]) == ["Item", "SdkHttpMetadata", "SdkResponseMetadata"]
    assert out["optGet"]["Item"] == {"id": {"S": "o-2"}, "total": {"N": "5"}}
    http = out["optGet"]["SdkHttpMetadata"]
    assert http["HttpStatusCode"] == 200
    assert all(isinstance(v, list) for v in http["AllHttpHeaders"].values())
    assert all(isinstance(v, str) for v in http["HttpHeaders"].values())
    assert out["optGet"]["SdkResponseMetadata"]["RequestId"]
    # and the items really are in (moto's) DynamoDB
    stored = aws.client("dynamodb").scan(TableName="orders")["Items"]
    assert sorted(i["id"]["S"] for i in stored) == ["o-1", "o-2"]


def test_sdk_error_is_caught_by_its_name(aws: Any) -> None:
    make_table(aws)
    definition = {
        "StartAt": "Put",
        "States": {
            "Put": task(
                SDK + "dynamodb:putItem",
                {
                    "TableName": "orders",
                    "Item": {"id": {"S": "o-1"}},
                    "ConditionExpression": "attribute_exists(id)",
                },
                Catch=[
                    {
                        "ErrorEquals": ["DynamoDb.ConditionalCheckFailedException"],
                        "ResultPath": "$.error",
                        "Next": "Missing",
                    }
                ],
                End=True,
            ),
            "Missing": {"Type": "Pass", "End": True},
        },
    }
    ex = sfnsim.run(definition, {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    error = ex.output["error"]
    assert error["Error"] == "DynamoDb.ConditionalCheckFailedException"
    assert re.fullmatch(
        r".+ \(Service: DynamoDb, Status Code: 400, Request ID: \S+\)", error["Cause"]
    ), error["Cause"]


def test_missing_table_named_as_aws_recorded_both_forms(aws: Any) -> None:
    params = {"TableName": "nope", "Item": {"id": {"S": "id1"}}}
    sdk = sfnsim.run(chain(("p", task(SDK + "dynamodb:putItem", params))), passthrough=aws)
    assert sdk.error == "DynamoDb.ResourceNotFoundException"
    assert re.fullmatch(
        r"Requested resource not found \(Service: DynamoDb, Status Code: 400, Request ID: \S+\)",
        sdk.cause or "",
    ), sdk.cause
    opt = sfnsim.run(chain(("p", task(OPT + "dynamodb:putItem", params))), passthrough=aws)
    assert opt.error == "DynamoDB.ResourceNotFoundException"
    assert re.fullmatch(
        r"Requested resource not found \(Service: AmazonDynamoDBv2; Status Code: 400; "
        r"Error Code: ResourceNotFoundException; Request ID: \S+; Proxy: null\)",
        opt.cause or "",
    ), opt.cause


VALIDATION = (
    "1 validation error detected: Value null at 'item' failed to satisfy constraint: "
    "Member must not be null"
)


def dynamodb_refusing(sent: list[dict[str, Any]]) -> Any:
    """A DynamoDB client answering as AWS did to a null Item (a ValidationException, which
    the service model does not declare)."""
    from botocore.exceptions import ClientError

    class DynamoDB:
        meta = boto3.Session(region_name=REGION).client("dynamodb").meta

        def put_item(self, **kwargs: Any) -> Any:
            sent.append(kwargs)
            error = {"Code": "ValidationException", "Message": VALIDATION}
            meta = {"RequestId": "r-1", "HTTPStatusCode": 400}
            raise ClientError({"Error": error, "ResponseMetadata": meta}, "PutItem")

    return DynamoDB()


def test_null_parameters_are_left_to_the_service_as_aws_recorded() -> None:
    sent: list[dict[str, Any]] = []
    session = FakeSession({"dynamodb": dynamodb_refusing(sent)})
    params = {"TableName": "orders", "Item": None}
    ex = sfnsim.run(chain(("p", task(SDK + "dynamodb:putItem", params))), passthrough=session)
    assert sent == [{"TableName": "orders"}]  # no null member
    [made] = session.made  # and no client-side validation of the rest
    assert made["config"].parameter_validation is False
    assert ex.error == "DynamoDb.DynamoDbException"
    assert ex.cause == f"{VALIDATION} (Service: DynamoDb, Status Code: 400, Request ID: r-1)"
    ex = sfnsim.run(chain(("p", task(OPT + "dynamodb:putItem", params))), passthrough=session)
    assert ex.error == "DynamoDB.AmazonDynamoDBException"
    assert ex.cause == (
        f"{VALIDATION} (Service: AmazonDynamoDBv2; Status Code: 400; "
        "Error Code: ValidationException; Request ID: r-1; Proxy: null)"
    )


def test_an_endpoint_breaking_on_a_request_fails_the_task(aws: Any) -> None:
    # moto assumes botocore validated the request: a missing Item breaks it (KeyError).
    params = {"TableName": "orders", "Item": None}
    make_table(aws)
    ex = sfnsim.run(chain(("p", task(SDK + "dynamodb:putItem", params))), passthrough=aws)
    assert ex.status == "FAILED"
    assert ex.error in ("sfnsim.PassthroughError", "DynamoDb.DynamoDbException")


# -- SQS, SNS, EventBridge ------------------------------------------------------------------------


def test_sqs_send_then_read_back(aws: Any) -> None:
    sqs = aws.client("sqs")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    definition = chain(
        ("opt", task(OPT + "sqs:sendMessage", {"QueueUrl": url, "MessageBody": {"job": 1}})),
        ("sdk", task(SDK + "sqs:sendMessage", {"QueueUrl": url, "MessageBody": "plain"})),
    )
    ex = sfnsim.run(definition, {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    opt, sdk = ex.output["opt"], ex.output["sdk"]
    assert set(opt) == {"MD5OfMessageBody", "MessageId", *METADATA_KEYS}
    assert set(sdk) == {"MD5OfMessageBody", "MessageId"}
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    # A JSON MessageBody is sent as its compact text.
    assert sorted(m["Body"] for m in got) == sorted(['{"job":1}', "plain"])
    by_body = {m["Body"]: m for m in got}
    assert by_body['{"job":1}']["MessageId"] == opt["MessageId"]


def test_sns_publish_and_eventbridge_put_events(aws: Any) -> None:
    topic = aws.client("sns").create_topic(Name="news")["TopicArn"]
    definition = chain(
        ("sns", task(OPT + "sns:publish", {"TopicArn": topic, "Message": {"hello": "world"}})),
        (
            "events",
            task(
                OPT + "events:putEvents",
                {"Entries": [{"Source": "app", "DetailType": "t", "Detail": {"a": 1}}]},
            ),
        ),
    )
    ex = sfnsim.run(definition, {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert set(ex.output["sns"]) == {"MessageId", *METADATA_KEYS}
    # Recorded without the HTTP metadata.
    events = ex.output["events"]
    assert events["FailedEntryCount"] == 0 and len(events["Entries"]) == 1
    assert set(events) == {"Entries", "FailedEntryCount"}


def test_put_events_adds_the_machine_and_execution_arns() -> None:
    sent: list[dict[str, Any]] = []

    class Events:
        meta = boto3.Session(region_name=REGION).client("events").meta

        def put_events(self, **kwargs: Any) -> Any:
            sent.append(kwargs)
            return {"Entries": [{"EventId": "e-1"}], "FailedEntryCount": 0}

    ex = sfnsim.run(
        chain(("e", task(OPT + "events:putEvents", {"Entries": [{"Detail": {"a": 1}}]}))),
        passthrough=Passthrough(FakeSession({"events": Events()})),
        state_machine_name="m",
        name="run-1",
    )
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    [entry] = sent[0]["Entries"]
    assert entry["Detail"] == '{"a":1}'
    assert entry["Resources"] == [
        "arn:aws:states:us-east-1:123456789012:stateMachine:m",
        "arn:aws:states:us-east-1:123456789012:execution:m:run-1",
    ]


def test_failed_put_events_entries_fail_the_task() -> None:
    class Events:
        meta = boto3.Session(region_name=REGION).client("events").meta

        def put_events(self, **kwargs: Any) -> Any:
            return {"Entries": [{"ErrorCode": "E", "ErrorMessage": "m"}], "FailedEntryCount": 1}

    ex = sfnsim.run(
        chain(("e", task(OPT + "events:putEvents", {"Entries": [{"Detail": "{}"}]}))),
        passthrough=Passthrough(FakeSession({"events": Events()})),
    )
    assert ex.error == "EventBridge.FailedEntry"
    assert json.loads(ex.cause or "")["FailedEntryCount"] == 1


# -- S3 -------------------------------------------------------------------------------------------


def test_s3_put_and_get_objects(aws: Any) -> None:
    aws.client("s3").create_bucket(Bucket="data")
    definition = chain(
        (
            "putText",
            task(SDK + "s3:putObject", {"Bucket": "data", "Key": "a.txt", "Body": "text data"}),
        ),
        (
            "putJson",
            task(
                SDK + "s3:putObject", {"Bucket": "data", "Key": "b.json", "Body": {"Dict": "Value"}}
            ),
        ),
        ("get", task(SDK + "s3:getObject", {"Bucket": "data", "Key": "b.json"})),
    )
    ex = sfnsim.run(definition, {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    # Recorded: the body is the value's JSON text, for a string too ('"text data"').
    assert ex.output["putText"]["ETag"] == '"2b5df3712557f503a9977a8ea893b2c9"'
    assert ex.output["putJson"]["ETag"] == '"49e31cee5aec8faf3345893addb14346"'
    got = ex.output["get"]
    assert got["Body"] == '{"Dict":"Value"}'
    assert got["ContentLength"] == 16
    # dates as ISO-8601 UTC text
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z", got["LastModified"])
    body = aws.client("s3").get_object(Bucket="data", Key="a.txt")["Body"].read()
    assert body == b'"text data"'


def test_distributed_map_reads_parquet_and_gzipped_inventories_through_s3(aws: Any) -> None:
    """The reader's binary formats are decoded on the way (docs/semantics/distributed-map.md D9,
    D10), through pass-through as through the S3 fake."""
    import gzip

    s3 = aws.client("s3")
    s3.create_bucket(Bucket="data")
    manifest = {
        "destinationBucket": "arn:aws:s3:::data",
        "fileFormat": "CSV",
        "fileSchema": "Bucket, Key",
        "files": [{"key": "inv/1.csv.gz"}],
    }
    s3.put_object(Bucket="data", Key="inv/manifest.json", Body=json.dumps(manifest).encode())
    s3.put_object(Bucket="data", Key="inv/1.csv.gz", Body=gzip.compress(b"src,a\nsrc,b\n"))

    def reader(key: str, input_type: str) -> dict[str, Any]:
        return {
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "ItemReader": {
                        "Resource": "arn:aws:states:::s3:getObject",
                        "ReaderConfig": {"InputType": input_type},
                        "Parameters": {"Bucket": "data", "Key": key},
                    },
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "P",
                        "States": {"P": {"Type": "Pass", "End": True}},
                    },
                    "End": True,
                }
            },
        }

    ex = sfnsim.run(reader("inv/manifest.json", "MANIFEST"), {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert [i["Key"] for i in ex.output] == ["a", "b"]

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    sink = io.BytesIO()
    pq.write_table(pa.table({"n": [1, 2]}), sink)
    s3.put_object(Bucket="data", Key="rows.parquet", Body=sink.getvalue())
    ex = sfnsim.run(reader("rows.parquet", "PARQUET"), {}, passthrough=aws)
    assert (ex.status, ex.output) == ("SUCCEEDED", [{"n": 1}, {"n": 2}])


def test_s3_no_such_key_as_aws_recorded(aws: Any) -> None:
    aws.client("s3").create_bucket(Bucket="data")
    params = {"Bucket": "data", "Key": "no_such_key.json"}
    ex = sfnsim.run(chain(("g", task(SDK + "s3:getObject", params))), passthrough=aws)
    assert ex.error == "S3.NoSuchKeyException"
    assert re.fullmatch(
        r"The specified key does not exist\. \(Service: S3, Status Code: 404, "
        r"Request ID: \S+(, Extended Request ID: \S+)?\)",
        ex.cause or "",
    ), ex.cause


# -- Lambda ---------------------------------------------------------------------------------------


def make_function(session: Any, name: str = "echo") -> str:
    role = session.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("h.py", "def h(event, context):\n    return event\n")
    made = session.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role=role["Role"]["Arn"],
        Handler="h.h",
        Code={"ZipFile": code.getvalue()},
    )
    arn: str = made["FunctionArn"]
    return arn


def test_lambda_invoke_and_function_arn(aws: Any) -> None:
    # moto's docker-less Lambda echoes the event back.
    arn = make_function(aws)
    definition = chain(
        ("invoke", task(OPT + "lambda:invoke", {"FunctionName": "echo", "Payload": {"n": 1}})),
        ("arn", task(arn, {"n": 2})),
    )
    definition["States"]["invoke"]["Next"] = "jsonText"
    definition["States"]["jsonText"] = task(
        OPT + "lambda:invoke",
        {"FunctionName": "echo", "Payload": '{"m": 3}'},
        ResultPath="$.jsonText",
        Next="arn",
    )
    ex = sfnsim.run(definition, {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert ex.output["jsonText"]["Payload"] == {"m": 3}
    invoke = ex.output["invoke"]
    assert invoke["Payload"] == {"n": 1} and invoke["StatusCode"] == 200
    assert list(invoke) == sorted(invoke) and METADATA_KEYS <= set(invoke)
    assert ex.output["arn"] == {"n": 2}
    types = [e["type"] for e in ex.history]
    assert "LambdaFunctionSucceeded" in types


def test_missing_function() -> None:
    real = boto3.Session(region_name=REGION).client("lambda")

    class Lambda:
        meta = real.meta

        def invoke(self, **kwargs: Any) -> Any:
            raise real.exceptions.ResourceNotFoundException(
                {
                    "Error": {"Code": "ResourceNotFoundException", "Message": "Function not found"},
                    "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 404},
                },
                "Invoke",
            )

    params = {"FunctionName": "nope", "Payload": {}}
    session = FakeSession({"lambda": Lambda()})
    ex = sfnsim.run(chain(("i", task(OPT + "lambda:invoke", params))), passthrough=session)
    assert ex.error == "Lambda.ResourceNotFoundException"
    assert ex.cause == (
        "Function not found (Service: AWSLambda; Status Code: 404; "
        "Error Code: ResourceNotFoundException; Request ID: r-1; Proxy: null)"
    )


class FakeSession:
    """A session handing out given clients (botocore's Stubber cannot stream a Payload)."""

    def __init__(self, clients: dict[str, Any]) -> None:
        self.clients = clients
        self.region_name = REGION
        self.made: list[dict[str, Any]] = []  # the arguments of each client made

    def client(self, service: str, **kwargs: Any) -> Any:
        self.made.append(kwargs)
        return self.clients[service]

    def get_available_services(self) -> list[str]:
        return list(self.clients)


def lambda_client(payload: bytes, function_error: str | None = None) -> Any:
    from botocore.response import StreamingBody

    class Lambda:
        meta = boto3.Session(region_name=REGION).client("lambda").meta

        def invoke(self, **kwargs: Any) -> Any:
            out: dict[str, Any] = {
                "StatusCode": 200,
                "ExecutedVersion": "$LATEST",
                "Payload": StreamingBody(io.BytesIO(payload), len(payload)),
                "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 200},
            }
            if function_error:
                out["FunctionError"] = function_error
            return out

    return Lambda()


ERROR_PAYLOAD = (
    b'{"errorMessage": "over limit", "errorType": "PaymentDeclined", '
    b'"requestId": "r-1", "stackTrace": []}'
)


def test_function_errors_as_aws_reports_them() -> None:
    session = FakeSession({"lambda": lambda_client(ERROR_PAYLOAD, "Unhandled")})
    definition = chain(("i", task(OPT + "lambda:invoke", {"FunctionName": "f", "Payload": {}})))
    ex = sfnsim.run(definition, passthrough=Passthrough(session))
    # lambda:invoke: errorType names the error, the payload re-serialised compactly is the cause
    assert ex.error == "PaymentDeclined"
    assert ex.cause == json.dumps(json.loads(ERROR_PAYLOAD), separators=(",", ":"))
    arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
    ex = sfnsim.run(chain(("f", task(arn, {}))), passthrough=Passthrough(session))
    # a function ARN: the payload as the runtime wrote it
    assert ex.error == "PaymentDeclined" and ex.cause == ERROR_PAYLOAD.decode()


def test_invoke_sends_text_payloads_as_json() -> None:
    client = lambda_client(b"null")
    sent: list[Any] = []
    invoke = client.invoke

    def spy(**kwargs: Any) -> Any:
        sent.append(kwargs["Payload"])
        return invoke(**kwargs)

    client.invoke = spy
    session = FakeSession({"lambda": client})
    for payload in ["hello", '{"m": 3}', {"m": 3}]:
        params = {"FunctionName": "f", "Payload": payload}
        ex = sfnsim.run(chain(("i", task(OPT + "lambda:invoke", params))), passthrough=session)
        assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert sent == [b'"hello"', b'{"m": 3}', b'{"m":3}']


def test_invoke_wraps_the_payload() -> None:
    session = FakeSession({"lambda": lambda_client(b'"done"')})
    definition = chain(("i", task(OPT + "lambda:invoke", {"FunctionName": "f", "Payload": {}})))
    ex = sfnsim.run(definition, {}, passthrough=Passthrough(session))
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    out = ex.output["i"]
    assert out["Payload"] == "done" and out["ExecutedVersion"] == "$LATEST"
    assert out["SdkResponseMetadata"] == {"RequestId": "r-1"}


# -- Step Functions itself, callbacks, jobs -------------------------------------------------------


def test_sdk_sfn_maps_to_stepfunctions_with_capitalised_keys_and_iso_dates(aws: Any) -> None:
    definition = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    aws.client("stepfunctions").create_state_machine(
        name="inner", definition=definition, roleArn=ROLE
    )
    ex = sfnsim.run(chain(("l", task(SDK + "sfn:listStateMachines", {}))), {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    [machine] = ex.output["l"]["StateMachines"]
    assert machine["Name"] == "inner"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6})?Z", machine["CreationDate"]
    )


def test_wait_for_task_token_sends_then_waits(aws: Any) -> None:
    sqs = aws.client("sqs")
    url = sqs.create_queue(QueueName="approvals")["QueueUrl"]
    sfn = sfnsim.client(passthrough=aws)
    definition = chain(
        (
            "ask",
            task(
                OPT + "sqs:sendMessage.waitForTaskToken",
                {"QueueUrl": url, "MessageBody": {"token.$": "$$.Task.Token"}},
            ),
        )
    )
    arn = sfn.create_state_machine(name="m", definition=json.dumps(definition), roleArn=ROLE)
    ex = sfn.start_execution(stateMachineArn=arn["stateMachineArn"], input="{}")["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    events = sfn.get_execution_history(executionArn=ex)["events"]
    submitted = [e for e in events if e["type"] == "TaskSubmitted"]
    assert "MessageId" in json.loads(submitted[0]["taskSubmittedEventDetails"]["output"])
    # the worker: reads the real (moto) queue and answers with the token
    [message] = sqs.receive_message(QueueUrl=url)["Messages"]
    token = json.loads(message["Body"])["token"]
    sfn.send_task_success(taskToken=token, output='{"approved": true}')
    done = sfn.describe_execution(executionArn=ex)
    assert done["status"] == "SUCCEEDED", done
    assert json.loads(done["output"])["ask"] == {"approved": True}


def test_sync_jobs_fail_clearly(aws: Any) -> None:
    params = {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:x"}
    ex = sfnsim.run(chain(("s", task(OPT + "states:startExecution.sync", params))), passthrough=aws)
    assert ex.status == "FAILED" and ex.error == "sfnsim.PassthroughUnsupported"
    assert ".sync" in (ex.cause or "")


def test_unknown_service_and_action_fail_clearly(aws: Any) -> None:
    ex = sfnsim.run(chain(("s", task(SDK + "dynamodb:frobnicate", {}))), passthrough=aws)
    assert ex.error == "sfnsim.PassthroughUnsupported" and "frobnicate" in (ex.cause or "")
    ex = sfnsim.run(chain(("s", task(SDK + "nosuchservice:listThings", {}))), passthrough=aws)
    assert ex.error == "sfnsim.PassthroughUnsupported" and "nosuchservice" in (ex.cause or "")


def test_mocks_come_first(aws: Any) -> None:
    mocks = sfnsim.Mocks()
    mocks.state("p").returns({"mocked": True})
    ex = sfnsim.run(
        chain(("p", task(SDK + "dynamodb:putItem", {"TableName": "nope"}))),
        {},
        mocks=mocks,
        passthrough=aws,
    )
    assert ex.output["p"] == {"mocked": True}


def test_everything_local_with_both_mock_aws(aws: Any) -> None:
    make_table(aws)
    definition = chain(
        ("put", task(SDK + "dynamodb:putItem", {"TableName": "orders", "Item": {"id": {"S": "x"}}}))
    )
    with sfnsim.mock_aws(passthrough=aws):
        sfn = boto3.client("stepfunctions", region_name=REGION)
        arn = sfn.create_state_machine(name="m", definition=json.dumps(definition), roleArn=ROLE)
        ex = sfn.start_execution(stateMachineArn=arn["stateMachineArn"], input="{}")
        assert sfn.describe_execution(executionArn=ex["executionArn"])["status"] == "SUCCEEDED"
    assert aws.client("dynamodb").get_item(TableName="orders", Key={"id": {"S": "x"}})["Item"]


def test_sdk_sfn_inside_sfnsim_mock_aws_reaches_the_simulator(aws: Any) -> None:
    layer = Passthrough(None)
    inner = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    with sfnsim.mock_aws(passthrough=layer):
        layer.session = boto3.Session(region_name=REGION)  # made inside: routed to sfnsim
        sfn = boto3.client("stepfunctions", region_name=REGION)
        child = sfn.create_state_machine(name="inner", definition=inner, roleArn=ROLE)
        params = {"StateMachineArn": child["stateMachineArn"], "Input": {"k": 1}}
        definition = chain(
            ("start", task(SDK + "sfn:startExecution", params)),
            (
                "look",
                task(SDK + "sfn:describeExecution", {"ExecutionArn.$": "$.start.ExecutionArn"}),
            ),
        )
        outer = sfn.create_state_machine(
            name="outer", definition=json.dumps(definition), roleArn=ROLE
        )
        ex = sfn.start_execution(stateMachineArn=outer["stateMachineArn"], input="{}")
        done = sfn.describe_execution(executionArn=ex["executionArn"])
    assert done["status"] == "SUCCEEDED", done
    look = json.loads(done["output"])["look"]
    assert look["Status"] == "SUCCEEDED" and look["Input"] == '{"k":1}'
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z", look["StartDate"])


def test_task_credentials_assume_the_role(aws: Any) -> None:
    role = "arn:aws:iam::123456789012:role/TaskRole"
    definition = chain(
        ("who", task(SDK + "sts:getCallerIdentity", {}, Credentials={"RoleArn": role})),
        ("me", task(SDK + "sts:getCallerIdentity", {})),
    )
    ex = sfnsim.run(definition, {}, passthrough=aws)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert ex.output["who"]["Arn"] == (
        "arn:aws:sts::123456789012:assumed-role/TaskRole/sfnsim-passthrough"
    )
    assert "assumed-role" not in ex.output["me"]["Arn"]


# -- no exception escapes -------------------------------------------------------------------------


def test_no_credentials_fail_the_task(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    session = boto3.Session(region_name=REGION)
    definition = chain(("p", task(SDK + "dynamodb:putItem", {"TableName": "t", "Item": {}})))
    ex = sfnsim.run(definition, passthrough=session)
    assert ex.status == "FAILED"
    assert ex.error == "DynamoDb.SdkClientException"
    assert "credentials" in (ex.cause or "").lower()


def test_a_broken_session_fails_the_task() -> None:
    class Broken:
        region_name = REGION

        def client(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("no clients today")

        def get_available_services(self) -> list[str]:
            return ["dynamodb"]

    definition = chain(("p", task(SDK + "dynamodb:putItem", {"TableName": "t"})))
    ex = sfnsim.run(definition, passthrough=Broken())
    assert ex.error == "sfnsim.PassthroughError" and "no clients today" in (ex.cause or "")


def test_activities_and_http_tasks_are_not_its_business() -> None:
    layer = Passthrough(FakeSession({}))
    assert layer.answer({"kind": "activity"}) is None
    assert layer.answer({"kind": "http"}) is None


# -- names and shapes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service_id", "name"),
    [
        ("DynamoDB", "DynamoDb"),
        ("S3", "S3"),
        ("SFN", "Sfn"),
        ("SQS", "Sqs"),
        ("CloudWatch Logs", "CloudWatchLogs"),
        ("ACM PCA", "AcmPca"),
        ("EventBridge", "EventBridge"),
        ("Secrets Manager", "SecretsManager"),
        ("EC2", "Ec2"),
        ("Lambda", "Lambda"),
        ("SESv2", "SesV2"),
        ("IoT", "Iot"),
        ("ApiGatewayV2", "ApiGatewayV2"),
        ("Elastic Load Balancing v2", "ElasticLoadBalancingV2"),
        ("WAFV2", "Wafv2"),
        ("Database Migration Service", "DatabaseMigration"),
    ],
)
def test_v2_service_names(service_id: str, name: str) -> None:
    assert v2_service_name(service_id) == name


@pytest.mark.parametrize(
    ("sdk", "boto"),
    [
        ("sfn", "stepfunctions"),
        ("eventbridge", "events"),
        ("cloudwatchlogs", "logs"),
        ("acmpca", "acm-pca"),
        ("dynamodb", "dynamodb"),
        ("secretsmanager", "secretsmanager"),
        ("apigateway", "apigateway"),
        ("cognitoidentityprovider", "cognito-idp"),
    ],
)
def test_sdk_service_names(sdk: str, boto: str) -> None:
    available = boto3.Session().get_available_services()
    assert boto_service_name(sdk, available, lambda: {}) == boto


def test_names_missing_from_the_table_are_found_by_service_id() -> None:
    ids = service_ids_on_disk()
    assert ids["databasemigration"] == "dms"
    assert ids["cloudwatchlogs"] == "logs"
    assert ids["sfn"] == "stepfunctions"
    assert ids["elasticloadbalancingv2"] == "elbv2"


def test_service_ids_are_the_last_resort() -> None:
    available = ["route53resolver"]
    assert boto_service_name("Route53Resolver", available, lambda: {}) == "route53resolver"
    assert boto_service_name("kinesisfirehose", [], lambda: {"firehose": "firehose"}) is None
    assert boto_service_name("firehose", [], lambda: {"firehose": "firehose"}) == "firehose"


def test_iso_instant_is_javas() -> None:
    utc = datetime.timezone.utc
    assert iso_instant(datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc)) == "2024-01-02T03:04:05Z"
    assert (
        iso_instant(datetime.datetime(2024, 1, 2, 3, 4, 5, 120000, tzinfo=utc))
        == "2024-01-02T03:04:05.120Z"
    )
    plus_one = datetime.timezone(datetime.timedelta(hours=1))
    assert iso_instant(datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=plus_one)) == (
        "2024-01-02T02:04:05Z"
    )


def test_parameters_to_boto_arguments() -> None:
    model = boto3.Session(region_name=REGION).client("stepfunctions").meta.service_model
    shape = model.operation_model("StartExecution").input_shape
    args = to_boto({"StateMachineArn": "a", "Input": {"key": "value"}}, shape)
    # camelCase members matched, an object Input sent as its JSON text (recorded)
    assert args == {"stateMachineArn": "a", "input": '{"key":"value"}'}
    kms = boto3.Session(region_name=REGION).client("kms").meta.service_model
    decrypt = kms.operation_model("Decrypt").input_shape
    assert to_boto({"CiphertextBlob": "AAEC"}, decrypt) == {"CiphertextBlob": b"\x00\x01\x02"}


def random_json(rng: Any, depth: int = 0) -> Any:
    pick = rng.randrange(8 if depth < 4 else 5)
    if pick == 0:
        return None
    if pick == 1:
        return rng.choice([True, False])
    if pick == 2:
        return rng.randrange(-(10**12), 10**12)
    if pick == 3:
        return rng.random() * 1e6
    if pick == 4:
        return rng.choice(["", "AAEC", "text", "{}", "ü", "2024-01-01T00:00:00Z"])
    if pick == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["TableName", "Item", "Key", "Body", "Input", "Entries", "Detail", "x", "Payload"]
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randrange(5))}


def test_random_parameters_and_results_never_raise() -> None:
    import random

    rng = random.Random(7)
    session = boto3.Session(region_name=REGION)
    shapes = []
    for service, operation in [
        ("dynamodb", "PutItem"),
        ("s3", "PutObject"),
        ("stepfunctions", "StartExecution"),
        ("events", "PutEvents"),
        ("lambda", "Invoke"),
        ("kms", "Decrypt"),
    ]:
        model = session.client(service).meta.service_model.operation_model(operation)
        shapes.append((model.input_shape, model.output_shape))
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    for _ in range(1000):
        value = random_json(rng)
        for input_shape, output_shape in shapes:
            to_boto(value, input_shape)
            for optimised in (True, False):
                from_boto(value, output_shape, optimised=optimised)
                from_boto({"Body": b"\xff", "When": when, "v": [value]}, None, optimised=optimised)
    deep: Any = {}
    for _ in range(5000):
        deep = {"Item": deep}
    from_boto(deep, None, optimised=False)


# -- recorded on AWS, replayed against moto -------------------------------------------------------


def recorded_sdk_cases() -> list[dict[str, Any]]:
    from conformance.harness import CASES, compare_module

    if not CASES.exists():
        return []
    return [
        c
        for c in compare_module().load_cases(str(CASES))
        if c["kind"] == "execution" and "aws-sdk:" in json.dumps(c.get("definition"))
    ]


RECORDED = recorded_sdk_cases()
# moto cannot replay these: the recorded machine is in another account (aws-sdk:sfn, covered
# through sfnsim.mock_aws above), or moto breaks on the request AWS refused (a null Item,
# covered with a stub above).
NOT_REPLAYABLE = ("sfn_start_execution_implicit_json", "dynamodb_invalid_param")
REQUEST_IDS = re.compile(r"(Extended )?Request ID: [^,;)]+")


def masked(cause: Any) -> Any:
    return REQUEST_IDS.sub("Request ID: <id>", cause) if isinstance(cause, str) else cause


@pytest.mark.parametrize("case", RECORDED, ids=[c["id"].split("::")[-1] for c in RECORDED])
def test_recorded_aws_sdk_case(case: dict[str, Any], aws: Any) -> None:
    from conformance.harness import compare_module, snapshot_form

    if any(k in case["id"] for k in NOT_REPLAYABLE):
        pytest.skip("not replayable against moto")
    compare = compare_module()
    for resource in case.get("resources") or []:
        if resource["type"] == "s3_bucket":
            aws.client("s3").create_bucket(Bucket=resource["name"])
        elif resource["type"] == "dynamodb_table":
            key = resource["partition_key"]
            aws.client("dynamodb").create_table(
                TableName=resource["name"],
                KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
    ex = sfnsim.run(
        json.dumps(case["definition"]),
        input_json=case.get("input_raw") or json.dumps(case.get("input") or {}),
        name=case.get("execution_name") or None,
        state_machine_name=case.get("state_machine_name") or "StateMachine",
        account_id=compare.ACCOUNT_ID,
        region=compare.REGION,
        seed=0,
        passthrough=aws,
    )
    expected = case["expected"]
    assert ex.status == expected["status"], (ex.error, ex.cause)
    if expected.get("error"):
        assert ex.error == expected["error"]
        assert masked(ex.cause) == masked(expected["cause"])
    failures = [e for e in ex.history if e["type"] == "TaskFailed"]
    recorded_failures = [e for e in case["expected_history"] if e["type"] == "TaskFailed"]
    assert [e["taskFailedEventDetails"]["error"] for e in failures] == [
        e["taskFailedEventDetails"]["error"] for e in recorded_failures
    ]
    for got, want in zip(failures, recorded_failures):
        cause, recorded_cause = (
            got["taskFailedEventDetails"]["cause"],
            want["taskFailedEventDetails"]["cause"],
        )
        if "Extended Request ID" not in cause:  # moto's S3 sends no x-amz-id-2 on some errors
            recorded_cause = recorded_cause.replace(
                ", Extended Request ID: <extended_request_id>", ""
            )
        assert masked(cause) == masked(recorded_cause)
    succeeded = [e for e in ex.history if e["type"] == "TaskSucceeded"]
    recorded_succeeded = [e for e in case["expected_history"] if e["type"] == "TaskSucceeded"]
    assert len(succeeded) == len(recorded_succeeded)
    for got, want in zip(succeeded, recorded_succeeded):
        output = json.loads(got["taskSucceededEventDetails"]["output"])
        recorded_output = want["taskSucceededEventDetails"]["output"]
        if want["taskSucceededEventDetails"]["resourceType"] == "dynamodb":
            # the HTTP metadata holds moto's headers
            assert list(output) == list(recorded_output)
        elif want["taskSucceededEventDetails"]["resource"] == "putObject":
            # moto reports neither ChecksumType nor ServerSideEncryption
            for key in ("ETag", "ChecksumCRC32"):
                assert output[key] == recorded_output[key]
        else:
            assert output == recorded_output
    if not failures:
        ok, reasons = compare.result_matches_case(
            case, ex.status, ex.output, ex.error, snapshot_form(ex.cause)
        )
        relaxed = any(k in case["id"] for k in ("s3_put_object", "DYNAMODB_PUT_QUERY"))
        assert ok or relaxed, reasons


def test_optimised_sqs_sends_to_the_queue_urls_host(
    aws: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # no retries of a host that is not there
    # Recorded: a made-up queue URL fails as a request that got no answer, not as a missing
    # queue (the Java 1.x SQS client sends to the URL's host).
    params = {"QueueUrl": "http://no-such-queue-00000002", "MessageBody": "test_message_body"}
    ex = sfnsim.run(chain(("q", task(OPT + "sqs:sendMessage", params))), passthrough=aws)
    assert ex.error == "SQS.SdkClientException"
    assert (ex.cause or "").startswith("Unable to execute HTTP request: ")
