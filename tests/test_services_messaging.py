"""The in-memory SQS, SNS, EventBridge and S3 (``services="memory"``): results, errors and the
``.waitForTaskToken`` form, in both integration forms."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"
EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:M:e1"
MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:M"


def request(resource: str, params: dict[str, Any], *, token: str = "") -> dict[str, Any]:
    """The task request the engine hands the service layers, for ``resource``'s tail
    (``sqs:sendMessage``, ``aws-sdk:s3:getObject``, ...)."""
    sdk = resource.startswith("aws-sdk:")
    service, _, action = resource.rpartition(":")
    pattern = "waitForTaskToken" if action.endswith(".waitForTaskToken") else "request_response"
    return {
        "resource": f"arn:aws:states:::{resource}",
        "kind": "sdk" if sdk else "service",
        "service": service,
        "action": action,
        "pattern": pattern,
        "state_name": "S",
        "execution_arn": EXECUTION,
        "state_machine_arn": MACHINE,
        "parameters": params,
        "task_token": token,
        "attempt": 0,
        "now_ms": 1_700_000_000_000,
    }


@pytest.fixture
def services() -> sfnsim.MemoryServices:
    return sfnsim.MemoryServices()


def answer(services: sfnsim.MemoryServices, resource: str, params: dict[str, Any]) -> Any:
    reply = services.answer(request(resource, params))
    assert reply is not None
    return reply


# -- SQS ----------------------------------------------------------------------------------------


def test_send_message_optimised(services: sfnsim.MemoryServices) -> None:
    url = services.sqs.create_queue("jobs")
    reply = answer(services, "sqs:sendMessage", {"QueueUrl": url, "MessageBody": {"job": 1}})
    out = reply["result"]
    assert out["MD5OfMessageBody"] == hashlib.md5(b'{"job":1}').hexdigest()
    assert list(out) == ["MD5OfMessageBody", "MessageId", "SdkHttpMetadata", "SdkResponseMetadata"]
    # {"MD5OfMessageBody":<32>,"MessageId":<36>} is 106 bytes, as AWS records it.
    assert out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == "106"
    [message] = services.sqs.messages(url)
    assert message["Body"] == '{"job":1}' and message["MessageId"] == out["MessageId"]
    assert services.sqs.messages("jobs") == [message]  # by name too
    assert services.sqs.receive(url) == message and services.sqs.messages(url) == []


def test_send_message_sdk_form_and_attributes(services: sfnsim.MemoryServices) -> None:
    url = services.sqs.create_queue("jobs")
    attrs = {"kind": {"DataType": "String", "StringValue": "x"}}
    out = answer(
        services,
        "aws-sdk:sqs:sendMessage",
        {"QueueUrl": url, "MessageBody": "hello", "MessageAttributes": attrs},
    )["result"]
    assert set(out) == {"MD5OfMessageBody", "MD5OfMessageAttributes", "MessageId"}
    assert out["MD5OfMessageBody"] == hashlib.md5(b"hello").hexdigest()
    # SQS's documented digest of one String attribute kind=x.
    data = b"\x00\x00\x00\x04kind\x00\x00\x00\x06String\x01\x00\x00\x00\x01x"
    assert out["MD5OfMessageAttributes"] == hashlib.md5(data).hexdigest()


def test_fifo_queues_need_a_group_and_number_messages(services: sfnsim.MemoryServices) -> None:
    url = services.sqs.create_queue("jobs.fifo")
    failed = answer(services, "sqs:sendMessage", {"QueueUrl": url, "MessageBody": "a"})
    assert failed["error"] == "SQS.AmazonSQSException"
    assert "The request must contain the parameter MessageGroupId." in failed["cause"]
    first = answer(
        services, "sqs:sendMessage", {"QueueUrl": url, "MessageBody": "a", "MessageGroupId": "g"}
    )["result"]
    second = answer(
        services, "sqs:sendMessage", {"QueueUrl": url, "MessageBody": "b", "MessageGroupId": "g"}
    )["result"]
    assert int(second["SequenceNumber"]) > int(first["SequenceNumber"])


def test_sqs_errors(services: sfnsim.MemoryServices) -> None:
    missing = "https://sqs.us-east-1.amazonaws.com/123456789012/nope"
    reply = answer(services, "sqs:sendMessage", {"QueueUrl": missing, "MessageBody": "x"})
    assert reply["error"] == "SQS.QueueDoesNotExistException"
    assert reply["cause"].startswith(
        "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; "
        "Error Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: "
    )
    reply = answer(services, "aws-sdk:sqs:sendMessage", {"QueueUrl": missing, "MessageBody": "x"})
    assert reply["error"] == "Sqs.QueueDoesNotExistException"
    # A URL without a queue path: the HTTP client cannot reach the host (recorded).
    reply = answer(
        services, "sqs:sendMessage", {"QueueUrl": "http://no-such-host", "MessageBody": "x"}
    )
    assert reply["error"] == "SQS.SdkClientException"
    assert (
        reply["cause"] == "Unable to execute HTTP request: no-such-host: Name or service not known"
    )


# -- SNS ----------------------------------------------------------------------------------------


def test_publish_optimised_and_sdk(services: sfnsim.MemoryServices) -> None:
    topic = services.sns.create_topic("orders")
    out = answer(services, "sns:publish", {"TopicArn": topic, "Message": {"Message": "hi"}})[
        "result"
    ]
    assert list(out) == ["MessageId", "SdkHttpMetadata", "SdkResponseMetadata"]
    # SNS answers in XML: the recorded length of a publish response.
    assert out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == "294"
    assert out["SdkHttpMetadata"]["HttpHeaders"]["Content-Type"] == "text/xml"
    sdk = answer(services, "aws-sdk:sns:publish", {"TopicArn": topic, "Message": "plain"})
    assert set(sdk["result"]) == {"MessageId"}
    assert [m["Message"] for m in services.sns.published] == ['{"Message":"hi"}', "plain"]
    assert services.sns.messages(topic) == services.sns.published


def test_publish_to_a_fifo_topic(services: sfnsim.MemoryServices) -> None:
    topic = services.sns.create_topic("orders.fifo")
    reply = answer(services, "sns:publish", {"TopicArn": topic, "Message": "m"})
    assert reply["error"] == "SNS.InvalidParameterException"
    assert reply["cause"].startswith(
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics "
        "(Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Request ID: "
    )
    out = answer(
        services, "sns:publish", {"TopicArn": topic, "Message": "m", "MessageGroupId": "g"}
    )["result"]
    assert out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == "352"  # recorded
    assert list(out)[-1] == "SequenceNumber"


def test_publish_to_a_missing_topic(services: sfnsim.MemoryServices) -> None:
    arn = "arn:aws:sns:us-east-1:123456789012:nope"
    reply = answer(services, "sns:publish", {"TopicArn": arn, "Message": "m"})
    assert reply["error"] == "SNS.NotFoundException"
    assert "Topic does not exist (Service: AmazonSNS; Status Code: 404;" in reply["cause"]
    reply = answer(services, "aws-sdk:sns:publish", {"TopicArn": arn, "Message": "m"})
    assert reply["error"] == "Sns.NotFoundException"


# -- EventBridge --------------------------------------------------------------------------------


def test_put_events_optimised_adds_the_execution_to_resources(
    services: sfnsim.MemoryServices,
) -> None:
    entries = [
        {"Detail": {"n": 1}, "DetailType": "t", "Source": "s"},
        {"Detail": '{"n": 2}', "DetailType": "t", "Source": "s", "Resources": ["r"]},
    ]
    out = answer(services, "events:putEvents", {"Entries": entries})["result"]
    # No HTTP metadata on this one (recorded).
    assert list(out) == ["Entries", "FailedEntryCount"] and out["FailedEntryCount"] == 0
    assert [e["EventId"] for e in services.events.events] == [e["EventId"] for e in out["Entries"]]
    assert services.events.events[1]["Resources"] == ["r", EXECUTION, MACHINE]
    assert services.events.details() == [{"n": 1}, {"n": 2}]


def test_put_events_failed_entries(services: sfnsim.MemoryServices) -> None:
    entries = [{"Detail": {"n": 1}, "DetailType": "t", "Source": "s", "EventBusName": "nope"}]
    reply = answer(services, "events:putEvents", {"Entries": entries})
    assert reply["error"] == "EventBridge.FailedEntry"
    assert json.loads(reply["cause"])["FailedEntryCount"] == 1
    # The SDK form reports the failed entry in its result instead.
    out = answer(services, "aws-sdk:eventbridge:putEvents", {"Entries": entries})["result"]
    assert out["FailedEntryCount"] == 1 and "ErrorCode" in out["Entries"][0]
    empty = answer(services, "events:putEvents", {"Entries": []})
    assert empty["error"] == "EventBridge.AmazonEventBridgeException"
    assert "Error Code: ValidationException" in empty["cause"]
    services.events.create_event_bus("nope")
    assert answer(services, "events:putEvents", {"Entries": entries})["kind"] == "succeeded"
    assert services.events.events[0]["Resources"] == [EXECUTION, MACHINE]


# -- S3 -----------------------------------------------------------------------------------------


def test_put_get_list_objects(services: sfnsim.MemoryServices) -> None:
    services.s3.create_bucket("data")
    out = answer(services, "aws-sdk:s3:putObject", {"Bucket": "data", "Key": "a", "Body": "x"})
    # Step Functions sends Body as JSON text: a string keeps its quotes (recorded ETags).
    assert out["result"]["ETag"] == '"' + hashlib.md5(b'"x"').hexdigest() + '"'
    assert set(out["result"]) == {"ChecksumCRC32", "ChecksumType", "ETag", "ServerSideEncryption"}
    services.s3.put_object("data", "b/c.json", {"k": 1})
    got = answer(services, "aws-sdk:s3:getObject", {"Bucket": "data", "Key": "b/c.json"})
    assert got["result"]["Body"] == '{"k":1}' and got["result"]["ContentLength"] == 7
    listed = answer(services, "aws-sdk:s3:listObjectsV2", {"Bucket": "data", "Prefix": "b/"})
    assert [c["Key"] for c in listed["result"]["Contents"]] == ["b/c.json"]
    assert listed["result"]["KeyCount"] == 1
    page = answer(services, "aws-sdk:s3:listObjectsV2", {"Bucket": "data", "MaxKeys": 1})
    assert page["result"]["IsTruncated"] is True and page["result"]["KeyCount"] == 1
    assert services.s3.objects == {"data": {"a": '"x"', "b/c.json": '{"k":1}'}}
    assert services.s3.get_object("data", "a") == '"x"'


def test_s3_errors(services: sfnsim.MemoryServices) -> None:
    reply = answer(services, "aws-sdk:s3:getObject", {"Bucket": "nope", "Key": "k"})
    assert reply["error"] == "S3.NoSuchBucketException"
    assert reply["cause"].startswith(
        "The specified bucket does not exist (Service: S3, Status Code: 404, Request ID: "
    )
    assert ", Extended Request ID: " in reply["cause"]
    services.s3.create_bucket("b")
    reply = answer(services, "aws-sdk:s3:getObject", {"Bucket": "b", "Key": "k"})
    assert reply["error"] == "S3.NoSuchKeyException"
    assert reply["cause"].startswith("The specified key does not exist. (Service: S3, Status")


# -- the callback form, through a client ---------------------------------------------------------


def callback_definition(resource: str, params: dict[str, Any]) -> str:
    return json.dumps(
        {
            "StartAt": "Wait",
            "States": {
                "Wait": {
                    "Type": "Task",
                    "Resource": f"arn:aws:states:::{resource}.waitForTaskToken",
                    "Parameters": params,
                    "TimeoutSeconds": 600,
                    "End": True,
                }
            },
        }
    )


@pytest.mark.parametrize("service", ["sqs", "sns", "events"])
def test_wait_for_task_token_delivers_then_waits(service: str) -> None:
    sfn = sfnsim.client(services="memory")
    services = sfn.services
    assert services is not None
    body = {"token.$": "$$.Task.Token", "order.$": "$.order"}
    if service == "sqs":
        url = services.sqs.create_queue("approvals")
        resource, params = "sqs:sendMessage", {"QueueUrl": url, "MessageBody": body}
    elif service == "sns":
        topic = services.sns.create_topic("approvals")
        resource, params = "sns:publish", {"TopicArn": topic, "Message": body}
    else:
        entry = {"Detail": body, "DetailType": "approval", "Source": "shop"}
        resource, params = "events:putEvents", {"Entries": [entry]}
    arn = sfn.create_state_machine(
        name="m", definition=callback_definition(resource, params), roleArn=ROLE
    )["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn, input='{"order": "o-1"}')["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    if service == "sqs":
        delivered = json.loads(services.sqs.messages("approvals")[0]["Body"])
    elif service == "sns":
        delivered = json.loads(services.sns.published[0]["Message"])
    else:
        delivered = services.events.details()[0]
    assert delivered["order"] == "o-1"
    events = sfn.get_execution_history(executionArn=ex)["events"]
    submitted = [e for e in events if e["type"] == "TaskSubmitted"][0]
    output = json.loads(submitted["taskSubmittedEventDetails"]["output"])
    assert ("Entries" if service == "events" else "MessageId") in output
    sfn.send_task_success(taskToken=delivered["token"], output='{"approved": true}')
    done = sfn.describe_execution(executionArn=ex)
    assert done["status"] == "SUCCEEDED" and json.loads(done["output"]) == {"approved": True}


def test_wait_for_task_token_fails_at_once_when_the_send_fails() -> None:
    sfn = sfnsim.client(services=["sqs"])
    params = {
        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/missing",
        "MessageBody": {"token.$": "$$.Task.Token"},
    }
    arn = sfn.create_state_machine(
        name="m", definition=callback_definition("sqs:sendMessage", params), roleArn=ROLE
    )["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    d = sfn.describe_execution(executionArn=ex)
    assert (d["status"], d["error"]) == ("FAILED", "SQS.QueueDoesNotExistException")


def test_mocks_win_over_the_fakes() -> None:
    mocks = sfnsim.Mocks()
    mocks.state("Send").returns({"MessageId": "mocked"})
    definition = {
        "StartAt": "Send",
        "States": {
            "Send": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": "q", "MessageBody": "x"},
                "End": True,
            }
        },
    }
    ex = sfnsim.run(json.dumps(definition), mocks=mocks, services="memory")
    assert ex.output == {"MessageId": "mocked"}


def test_the_same_workflow_twice_gives_the_same_ids() -> None:
    definition = json.dumps(
        {
            "StartAt": "Send",
            "States": {
                "Send": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage",
                    "Parameters": {
                        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                        "MessageBody": "x",
                    },
                    "End": True,
                }
            },
        }
    )
    outputs = []
    for _ in range(2):
        services = sfnsim.MemoryServices()
        services.sqs.create_queue("q")
        outputs.append(sfnsim.run(definition, name="e", seed=1, services=services).output)
    assert outputs[0] == outputs[1]


def test_boto3_code_under_mock_aws_uses_the_fakes() -> None:
    boto3 = pytest.importorskip("boto3")
    definition = {
        "StartAt": "Save",
        "States": {
            "Save": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
                "Parameters": {"TableName": "jobs", "Item": {"id": {"S.$": "$.id"}}},
                "End": True,
            }
        },
    }
    with sfnsim.mock_aws(services=["dynamodb"]) as aws:
        aws.services.dynamodb.create_table("jobs", hash_key="id")
        sfn = boto3.client(
            "stepfunctions",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        arn = sfn.create_state_machine(name="m", definition=json.dumps(definition), roleArn=ROLE)[
            "stateMachineArn"
        ]
        ex = sfn.start_execution(stateMachineArn=arn, input='{"id": "j-1"}')["executionArn"]
        assert sfn.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
        assert aws.services.dynamodb.items("jobs") == [{"id": {"S": "j-1"}}]


def test_sns_fans_out_to_subscribed_queues(services: sfnsim.MemoryServices) -> None:
    topic = services.sns.create_topic("orders")
    wrapped = services.sqs.create_queue("audit")
    raw = services.sqs.create_queue("raw")
    services.sns.subscribe(topic, wrapped)
    services.sns.subscribe(topic, raw, raw=True)
    out = answer(
        services, "sns:publish", {"TopicArn": topic, "Message": {"order": 1}, "Subject": "new"}
    )["result"]
    [envelope] = services.sqs.messages(wrapped)
    notification = json.loads(envelope["Body"])
    assert notification["Type"] == "Notification"
    assert notification["MessageId"] == out["MessageId"]
    assert (notification["TopicArn"], notification["Subject"]) == (topic, "new")
    assert json.loads(notification["Message"]) == {"order": 1}
    assert envelope["Body"].startswith('{\n  "Type" : "Notification",\n')
    assert [m["Body"] for m in services.sqs.messages(raw)] == ['{"order":1}']
    with pytest.raises(KeyError):
        services.sns.subscribe("arn:aws:sns:us-east-1:123456789012:nope", raw)
