"""What a reference to a Terraform resource or data source gives (``aws_lambda_function.f.arn``,
``aws_sqs_queue.q.url``, ``data.aws_region.current.name``): the AWS provider's attribute of that
name, in the shape the provider documents for it, made from the same table of names and ARNs by
resource type as CloudFormation's ``Ref``/``Fn::GetAtt`` (``resources.TYPES``): one home for
what an ARN of each type looks like.

The types and their attributes are the table ``TF_TYPES`` (listed in docs/templates.md).

A resource without its name argument gets one as the provider generates it (``terraform-``
and 26 characters; after ``name_prefix`` when that is given), derived from its address so that
it is the same on every load. Data sources read the same table by their name argument
(``data.aws_lambda_function.f.arn``), and ``aws_region``, ``aws_caller_identity``,
``aws_partition`` give the provider's region, account and partition.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .resources import TYPES, Env, suffix

NOT_AN_ATTRIBUTE: Any = object()
Attr = Callable[[str, Env], Any]


@dataclass(frozen=True)
class TfType:
    cfn_type: str | None  # the CloudFormation type whose names and ARNs it shares
    name_argument: str | None
    attributes: Mapping[str, Any]  # attribute -> "name", "ref", a CFN attribute, or a function


def _fn(function: Callable[[str, Env], Any]) -> Callable[[str, Env], Any]:
    return function


def _lambda_invoke_arn(n: str, e: Env) -> str:
    arn = TYPES["AWS::Lambda::Function"].attributes["Arn"](n, e, {})
    return (
        f"arn:{e.partition}:apigateway:{e.region}:lambda:path/2015-03-31/functions/"
        f"{arn}/invocations"
    )


def _queue_url(n: str, e: Env) -> str:
    return f"https://sqs.{e.region}.{e.url_suffix}/{e.account_id}/{n}"


def _log_group_arn(n: str, e: Env) -> str:
    return f"arn:{e.partition}:logs:{e.region}:{e.account_id}:log-group:{n}"


def _named(cfn: str, arn: Any = "Arn", **extra: Any) -> TfType:
    return TfType(cfn, "name", {"arn": arn, "id": "name", "name": "name", **extra})


def _api_id(n: str, e: Env) -> str:
    return suffix(e, n, 10).lower()


TF_TYPES: dict[str, TfType] = {
    "aws_lambda_function": TfType(
        "AWS::Lambda::Function",
        "function_name",
        {
            "arn": "Arn",
            "id": "name",
            "function_name": "name",
            "invoke_arn": _fn(_lambda_invoke_arn),
            "qualified_arn": _fn(
                lambda n, e: f"arn:{e.partition}:lambda:{e.region}:{e.account_id}:function:{n}:1"
            ),
            "qualified_invoke_arn": _fn(_lambda_invoke_arn),
            "version": _fn(lambda n, e: "1"),
        },
    ),
    "aws_sfn_state_machine": _named("AWS::StepFunctions::StateMachine", id="ref"),
    "aws_sfn_activity": TfType(
        "AWS::StepFunctions::Activity", "name", {"arn": "ref", "id": "ref", "name": "name"}
    ),
    "aws_sqs_queue": _named("AWS::SQS::Queue", id=_fn(_queue_url), url=_fn(_queue_url)),
    "aws_sns_topic": _named("AWS::SNS::Topic", arn="TopicArn", id="ref"),
    "aws_dynamodb_table": _named("AWS::DynamoDB::Table", stream_arn="StreamArn"),
    "aws_s3_bucket": TfType(
        "AWS::S3::Bucket",
        "bucket",
        {
            "arn": "Arn",
            "id": "name",
            "bucket": "name",
            "bucket_domain_name": "DomainName",
            "bucket_regional_domain_name": "RegionalDomainName",
        },
    ),
    "aws_iam_role": _named("AWS::IAM::Role", unique_id="RoleId"),
    "aws_iam_policy": _named("AWS::IAM::ManagedPolicy", arn="PolicyArn", id="ref"),
    "aws_cloudwatch_event_bus": _named("AWS::Events::EventBus"),
    "aws_cloudwatch_event_rule": _named("AWS::Events::Rule"),
    "aws_cloudwatch_log_group": _named("AWS::Logs::LogGroup", arn=_fn(_log_group_arn)),
    "aws_kinesis_stream": _named("AWS::Kinesis::Stream", id="Arn"),
    "aws_kinesis_firehose_delivery_stream": _named(
        "AWS::KinesisFirehose::DeliveryStream", id="Arn"
    ),
    "aws_ecs_cluster": _named("AWS::ECS::Cluster", id="Arn"),
    "aws_ecs_task_definition": TfType(
        "AWS::ECS::TaskDefinition",
        "family",
        {
            "arn": "ref",
            "id": "name",
            "family": "name",
            "revision": _fn(lambda n, e: 1),
            "arn_without_revision": _fn(
                lambda n, e: f"arn:{e.partition}:ecs:{e.region}:{e.account_id}:task-definition/{n}"
            ),
        },
    ),
    "aws_batch_job_queue": _named("AWS::Batch::JobQueue", arn="ref", id="ref"),
    "aws_batch_job_definition": _named(
        "AWS::Batch::JobDefinition", arn="ref", id="ref", revision=_fn(lambda n, e: 1)
    ),
    "aws_glue_job": _named("AWS::Glue::Job", arn=None),
    "aws_glue_crawler": _named("AWS::Glue::Crawler", arn=None),
    "aws_codebuild_project": _named("AWS::CodeBuild::Project"),
    "aws_athena_workgroup": _named("AWS::Athena::WorkGroup", arn=None),
    "aws_ssm_parameter": _named("AWS::SSM::Parameter", arn=None),
    "aws_scheduler_schedule": _named("AWS::Scheduler::Schedule"),
    "aws_secretsmanager_secret": _named("AWS::SecretsManager::Secret", arn="ref", id="ref"),
    "aws_api_gateway_rest_api": TfType(
        None,
        None,
        {
            "id": _fn(_api_id),
            "root_resource_id": _fn(lambda n, e: suffix(e, n + "/", 10).lower()),
            "execution_arn": _fn(
                lambda n, e: (
                    f"arn:{e.partition}:execute-api:{e.region}:{e.account_id}:{_api_id(n, e)}"
                )
            ),
        },
    ),
    "aws_apigatewayv2_api": TfType(
        None,
        "name",
        {
            "id": _fn(_api_id),
            "api_endpoint": _fn(
                lambda n, e: f"https://{_api_id(n, e)}.execute-api.{e.region}.{e.url_suffix}"
            ),
            "execution_arn": _fn(
                lambda n, e: (
                    f"arn:{e.partition}:execute-api:{e.region}:{e.account_id}:{_api_id(n, e)}"
                )
            ),
        },
    ),
    "aws_vpc": TfType(None, None, {"id": _fn(lambda n, e: "vpc-" + _hex(n, 17))}),
    "aws_subnet": TfType(None, None, {"id": _fn(lambda n, e: "subnet-" + _hex(n, 17))}),
    "aws_security_group": TfType(None, "name", {"id": _fn(lambda n, e: "sg-" + _hex(n, 17))}),
}


def _service_arn(service: str, thing: str) -> Attr:
    def make(n: str, e: Env) -> str:
        return f"arn:{e.partition}:{service}:{e.region}:{e.account_id}:{thing}/{n}"

    return make


# Types whose name the provider requires, so that the generated name never stands for them
# in the other table (the ECR and EKS names are those of a CloudFormation type sfnsim lacks).
for _tf, _service, _thing in (
    ("aws_ecr_repository", "ecr", "repository"),
    ("aws_eks_cluster", "eks", "cluster"),
    ("aws_lambda_layer_version", "lambda", "layer"),
):
    TF_TYPES[_tf] = TfType(
        None,
        "name" if _tf != "aws_lambda_layer_version" else "layer_name",
        {
            "arn": _service_arn(_service, _thing),
            "id": "name",
            "name": "name",
        },
    )


def _hex(seed: str, width: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:width]


def generated_name(address: str, prefix: str | None = None) -> str:
    """A name as the AWS provider generates one (``id.PrefixedUniqueId``): a prefix
    (``terraform-``, or ``name_prefix``), a timestamp's 18 digits and an 8-digit counter in
    hex; derived from the resource's address here, so that it is the same on every load."""
    digest = hashlib.sha256(address.encode()).hexdigest()
    digits = "".join(str(int(c, 16) % 10) for c in digest[:14])
    return f"{prefix if prefix is not None else 'terraform-'}2024{digits}{digest[14:22]}"


def attribute(tf_type: str, name: str, attr: str, env: Env) -> Any:
    """The attribute ``attr`` of a resource of ``tf_type`` named ``name``; NOT_AN_ATTRIBUTE
    when sfnsim does not know it."""
    kind = TF_TYPES.get(tf_type)
    if kind is None:
        return _generic(tf_type, name, attr, env)
    spec = kind.attributes.get(attr, NOT_AN_ATTRIBUTE)
    if spec is NOT_AN_ATTRIBUTE or spec is None:
        return NOT_AN_ATTRIBUTE
    if spec == "name":
        return name
    if callable(spec):
        return spec(name, env)
    cfn = TYPES[kind.cfn_type] if kind.cfn_type else None
    if cfn is None:
        return NOT_AN_ATTRIBUTE
    if spec == "ref":
        return cfn.ref(name, env, {})
    return cfn.attributes[spec](name, env, {})


def random_value(tf_type: str, address: str, attr: str, config: Mapping[str, Any]) -> Any:
    """The hashicorp/random provider's results: random at apply, so any value of the right
    shape is as plausible; derived from the address so that it is the same on every load.
    NOT_AN_ATTRIBUTE for another type or attribute."""
    digest = hashlib.sha256(address.encode()).hexdigest()
    words = ("brave", "calm", "eager", "fond", "keen", "proud", "swift", "wise")
    animals = ("otter", "heron", "lynx", "panda", "koala", "finch", "wren", "yak")
    if tf_type == "random_pet" and attr == "id":
        length = int(config.get("length", 2) or 2)
        parts = [words[int(digest[i], 16) % 8] for i in range(length - 1)]
        parts.append(animals[int(digest[-1], 16) % 8])
        separator = str(config.get("separator", "-"))
        prefix = config.get("prefix")
        return separator.join(([str(prefix)] if prefix else []) + parts)
    if tf_type in ("random_string", "random_password") and attr in ("result", "id"):
        length = int(config.get("length", 16) or 16)
        text = (digest * 4)[:length]
        return text if config.get("upper") is False else text
    if tf_type == "random_id" and attr in ("hex", "id", "b64_url", "b64_std", "dec"):
        width = int(config.get("byte_length", 4) or 4)
        raw = bytes.fromhex(digest[: 2 * width])
        if attr == "hex":
            return raw.hex()
        if attr == "dec":
            return str(int.from_bytes(raw, "big"))
        import base64

        encoded = base64.urlsafe_b64encode(raw) if attr != "b64_std" else base64.b64encode(raw)
        return encoded.decode().rstrip("=")
    if tf_type == "random_uuid" and attr in ("result", "id"):
        return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    if tf_type == "random_integer" and attr in ("result", "id"):
        low, high = int(config.get("min", 0) or 0), int(config.get("max", 100) or 100)
        return low + int(digest[:8], 16) % max(1, high - low + 1)
    return NOT_AN_ATTRIBUTE


def _generic(tf_type: str, name: str, attr: str, env: Env) -> Any:
    """``aws_service_thing``: ``arn:aws:service:region:account:thing/name``."""
    if not tf_type.startswith("aws_"):
        return NOT_AN_ATTRIBUTE
    if attr in ("id", "name"):
        return name
    if attr != "arn":
        return NOT_AN_ATTRIBUTE
    service, _, thing = tf_type[len("aws_") :].partition("_")
    return (
        f"arn:{env.partition}:{service}:{env.region}:{env.account_id}:{thing or 'resource'}/{name}"
    )


def name_argument(tf_type: str) -> str | None:
    kind = TF_TYPES.get(tf_type)
    return kind.name_argument if kind is not None else "name"


def data_source(tf_type: str, attr: str, env: Env) -> Any:
    """The attributes of the data sources that describe where the configuration deploys."""
    values: dict[str, dict[str, Any]] = {
        "aws_region": {
            "name": env.region,
            "id": env.region,
            "region": env.region,
            "endpoint": f"ec2.{env.region}.{env.url_suffix}",
            "description": env.region,
        },
        "aws_caller_identity": {
            "account_id": env.account_id,
            "id": env.account_id,
            "arn": f"arn:{env.partition}:iam::{env.account_id}:root",
            "user_id": env.account_id,
        },
        "aws_partition": {
            "partition": env.partition,
            "id": env.partition,
            "dns_suffix": env.url_suffix,
            "reverse_dns_prefix": "com.amazonaws"
            if env.partition != "aws-cn"
            else "cn.com.amazonaws",
        },
    }
    return values.get(tf_type, {}).get(attr, NOT_AN_ATTRIBUTE)


ENVIRONMENT_DATA = ("aws_region", "aws_caller_identity", "aws_partition")
