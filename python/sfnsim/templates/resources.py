"""What ``Ref`` and ``Fn::GetAtt`` of a resource give, by resource type: plausible names, ARNs
and URLs, in the shapes CloudFormation's resource reference documents for each type's return
values ("Ref returns the queue URL", "Fn::GetAtt Arn returns ...").

A resource without an explicit name gets one as CloudFormation generates it: the stack name,
the logical id and a suffix (``orders-ChargeFunction-Q1w2E3r4T5y6``); a state machine only the
logical id and the suffix. sfnsim derives the suffix from the stack and logical id, so that a
name is the same on every load.

The types and their return values are the table ``TYPES`` (docs/templates.md lists them).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Env:
    """Where the stack is deployed: the values of the pseudo parameters."""

    region: str
    account_id: str
    stack_name: str

    @property
    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    @property
    def url_suffix(self) -> str:
        return "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"

    @property
    def stack_id(self) -> str:
        stack_uuid = uuid.uuid5(uuid.NAMESPACE_URL, f"{self.account_id}/{self.stack_name}")
        return (
            f"arn:{self.partition}:cloudformation:{self.region}:{self.account_id}:"
            f"stack/{self.stack_name}/{stack_uuid}"
        )

    def pseudo(self, name: str) -> Any:
        """A pseudo parameter's value, or None for a name that is none."""
        return {
            "AWS::Region": self.region,
            "AWS::AccountId": self.account_id,
            "AWS::Partition": self.partition,
            "AWS::StackName": self.stack_name,
            "AWS::StackId": self.stack_id,
            "AWS::URLSuffix": self.url_suffix,
            "AWS::NotificationARNs": [],
        }.get(name)


def suffix(env: Env, logical_id: str, length: int = 12) -> str:
    """The random-looking part of a generated name, the same on every load."""
    digest = hashlib.sha256(f"{env.stack_name}/{logical_id}".encode()).digest()
    return "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:length])


def generated_name(env: Env, logical_id: str, limit: int, *, with_stack: bool = True) -> str:
    """A name as CloudFormation makes one: ``stack-LogicalId-SUFFIX``, the first two parts cut
    so that the whole fits the type's length limit."""
    tail = "-" + suffix(env, logical_id)
    parts = [env.stack_name, logical_id] if with_stack else [logical_id]
    room = limit - len(tail) - (len(parts) - 1)
    if sum(len(p) for p in parts) > room:
        share = max(1, room // len(parts))
        parts = [p[:share] for p in parts]
    return "-".join(parts) + tail


@dataclass(frozen=True)
class ResourceType:
    """How one resource type is named and what its references return.

    ``name_property`` holds the explicit name; ``limit`` bounds a generated one. ``ref`` and
    each attribute are functions of (name, env, properties) -> value.
    """

    name_property: str | None
    limit: int
    ref: Callable[[str, Env, Mapping[str, Any]], Any]
    attributes: Mapping[str, Callable[[str, Env, Mapping[str, Any]], Any]]
    with_stack: bool = True  # generated names start with the stack name
    lower: bool = False  # generated names are lower case (S3 buckets)
    id_prefix: str | None = None  # Ref gives an id such as vpc-0a1b... instead of a name


Fn = Callable[[str, Env, Mapping[str, Any]], Any]


def _name(n: str, e: Env, p: Mapping[str, Any]) -> str:
    return n


def _arn(service: str, resource: str, *, regional: bool = True, account: bool = True) -> Fn:
    def make(n: str, e: Env, p: Mapping[str, Any]) -> str:
        region = e.region if regional else ""
        acct = e.account_id if account else ""
        return f"arn:{e.partition}:{service}:{region}:{acct}:{resource.format(name=n)}"

    return make


def _queue_url(n: str, e: Env, p: Mapping[str, Any]) -> str:
    return f"https://sqs.{e.region}.{e.url_suffix}/{e.account_id}/{n}"


def _role_arn(n: str, e: Env, p: Mapping[str, Any]) -> str:
    path = p.get("Path") if isinstance(p.get("Path"), str) else "/"
    return f"arn:{e.partition}:iam::{e.account_id}:role{path}{n}"


def _api_endpoint(n: str, e: Env, p: Mapping[str, Any]) -> str:
    return f"https://{n}.execute-api.{e.region}.{e.url_suffix}"


def _event_rule_arn(n: str, e: Env, p: Mapping[str, Any]) -> str:
    bus = p.get("EventBusName")
    middle = f"{bus}/" if isinstance(bus, str) and bus != "default" else ""
    return f"arn:{e.partition}:events:{e.region}:{e.account_id}:rule/{middle}{n}"


_LAMBDA = ResourceType("FunctionName", 64, _name, {"Arn": _arn("lambda", "function:{name}")})
_STATE_MACHINE = ResourceType(
    "StateMachineName",
    80,
    _arn("states", "stateMachine:{name}"),
    {"Arn": _arn("states", "stateMachine:{name}"), "Name": _name},
    with_stack=False,
)
_TABLE = ResourceType(
    "TableName",
    255,
    _name,
    {
        "Arn": _arn("dynamodb", "table/{name}"),
        "StreamArn": _arn("dynamodb", "table/{name}/stream/2024-01-01T00:00:00.000"),
    },
)

TYPES: dict[str, ResourceType] = {
    "AWS::Lambda::Function": _LAMBDA,
    "AWS::Serverless::Function": _LAMBDA,
    "AWS::StepFunctions::StateMachine": _STATE_MACHINE,
    "AWS::Serverless::StateMachine": ResourceType(
        "Name", 80, _STATE_MACHINE.ref, _STATE_MACHINE.attributes, with_stack=False
    ),
    "AWS::StepFunctions::Activity": ResourceType(
        "Name",
        80,
        _arn("states", "activity:{name}"),
        {"Name": _name},
        with_stack=False,
    ),
    "AWS::SQS::Queue": ResourceType(
        "QueueName",
        80,
        _queue_url,
        {"Arn": _arn("sqs", "{name}"), "QueueName": _name, "QueueUrl": _queue_url},
    ),
    "AWS::SNS::Topic": ResourceType(
        "TopicName",
        256,
        _arn("sns", "{name}"),
        {"TopicArn": _arn("sns", "{name}"), "TopicName": _name},
    ),
    "AWS::DynamoDB::Table": _TABLE,
    "AWS::DynamoDB::GlobalTable": _TABLE,
    "AWS::Serverless::SimpleTable": _TABLE,
    "AWS::S3::Bucket": ResourceType(
        "BucketName",
        63,
        _name,
        {
            "Arn": _arn("s3", "{name}", regional=False, account=False),
            "DomainName": lambda n, e, p: f"{n}.s3.{e.url_suffix}",
            "RegionalDomainName": lambda n, e, p: f"{n}.s3.{e.region}.{e.url_suffix}",
            "DualStackDomainName": lambda n, e, p: f"{n}.s3.dualstack.{e.region}.{e.url_suffix}",
            "WebsiteURL": lambda n, e, p: f"http://{n}.s3-website-{e.region}.{e.url_suffix}",
        },
        lower=True,
    ),
    "AWS::IAM::Role": ResourceType(
        "RoleName",
        64,
        _name,
        {"Arn": _role_arn, "RoleId": lambda n, e, p: "AROA" + suffix(e, n, 17).upper()},
    ),
    "AWS::IAM::ManagedPolicy": ResourceType(
        "ManagedPolicyName",
        128,
        _arn("iam", "policy/{name}", regional=False),
        {"PolicyArn": _arn("iam", "policy/{name}", regional=False)},
    ),
    "AWS::Events::EventBus": ResourceType(
        "Name", 256, _name, {"Arn": _arn("events", "event-bus/{name}"), "Name": _name}
    ),
    "AWS::Events::Rule": ResourceType("Name", 64, _name, {"Arn": _event_rule_arn}),
    "AWS::Logs::LogGroup": ResourceType(
        "LogGroupName", 512, _name, {"Arn": _arn("logs", "log-group:{name}:*")}
    ),
    "AWS::Kinesis::Stream": ResourceType(
        "Name", 128, _name, {"Arn": _arn("kinesis", "stream/{name}")}
    ),
    "AWS::KinesisFirehose::DeliveryStream": ResourceType(
        "DeliveryStreamName", 64, _name, {"Arn": _arn("firehose", "deliverystream/{name}")}
    ),
    "AWS::ECS::Cluster": ResourceType(
        "ClusterName", 255, _name, {"Arn": _arn("ecs", "cluster/{name}")}
    ),
    "AWS::ECS::TaskDefinition": ResourceType(
        "Family",
        255,
        _arn("ecs", "task-definition/{name}:1"),
        {"TaskDefinitionArn": _arn("ecs", "task-definition/{name}:1")},
    ),
    "AWS::Batch::JobQueue": ResourceType(
        "JobQueueName",
        128,
        _arn("batch", "job-queue/{name}"),
        {"JobQueueArn": _arn("batch", "job-queue/{name}")},
    ),
    "AWS::Batch::JobDefinition": ResourceType(
        "JobDefinitionName", 128, _arn("batch", "job-definition/{name}:1"), {}
    ),
    "AWS::Glue::Job": ResourceType("Name", 255, _name, {}),
    "AWS::Glue::Crawler": ResourceType("Name", 255, _name, {}),
    "AWS::CodeBuild::Project": ResourceType(
        "Name", 150, _name, {"Arn": _arn("codebuild", "project/{name}")}
    ),
    "AWS::SecretsManager::Secret": ResourceType(
        "Name", 512, _arn("secretsmanager", "secret:{name}-AbCdEf"), {}
    ),
    "AWS::SSM::Parameter": ResourceType("Name", 1011, _name, {}),
    "AWS::Athena::WorkGroup": ResourceType("Name", 128, _name, {}),
    "AWS::Scheduler::Schedule": ResourceType(
        "Name", 64, _name, {"Arn": _arn("scheduler", "schedule/default/{name}")}
    ),
    "AWS::ApiGateway::RestApi": ResourceType(
        None, 10, _name, {"RootResourceId": lambda n, e, p: suffix(e, n, 10).lower()}, lower=True
    ),
    "AWS::Serverless::Api": ResourceType(None, 10, _name, {}, lower=True),
    "AWS::ApiGatewayV2::Api": ResourceType(
        None, 10, _name, {"ApiEndpoint": _api_endpoint, "ApiId": _name}, lower=True
    ),
    "AWS::Serverless::HttpApi": ResourceType(
        None, 10, _name, {"ApiEndpoint": _api_endpoint}, lower=True
    ),
    "AWS::EC2::VPC": ResourceType(None, 17, _name, {"VpcId": _name}, id_prefix="vpc"),
    "AWS::EC2::Subnet": ResourceType(None, 17, _name, {"SubnetId": _name}, id_prefix="subnet"),
    "AWS::EC2::SecurityGroup": ResourceType(None, 17, _name, {"GroupId": _name}, id_prefix="sg"),
}


def physical_name(kind: ResourceType | None, logical_id: str, env: Env) -> str:
    """The name (or id) of a resource the template does not name."""
    if kind is not None and kind.id_prefix:
        digits = hashlib.sha256(f"{env.stack_name}/{logical_id}".encode()).hexdigest()
        return f"{kind.id_prefix}-{digits[:17]}"
    if kind is not None and kind.name_property is None:  # an API's id: ten characters
        return suffix(env, logical_id, kind.limit).lower()
    limit = kind.limit if kind is not None else 128
    name = generated_name(
        env, logical_id, limit, with_stack=kind.with_stack if kind is not None else True
    )
    return name.lower() if kind is not None and kind.lower else name


def generic_arn(resource_type: str, name: str, env: Env) -> str:
    """The ARN of a resource of a type the table does not know: ``AWS::Service::Thing``
    gives ``arn:aws:service:region:account:thing/name``."""
    parts = resource_type.split("::")
    service = parts[1].lower() if len(parts) > 2 else "unknown"
    thing = parts[2].lower() if len(parts) > 2 else "resource"
    return f"arn:{env.partition}:{service}:{env.region}:{env.account_id}:{thing}/{name}"
