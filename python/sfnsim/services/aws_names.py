"""How Step Functions names services, and the errors they raise, in the two integration kinds.

AWS SDK integrations (``arn:aws:states:::aws-sdk:<service>:<action>``) run on the AWS SDK for
Java 2.x: ``<service>`` is the v2 client's package name (``sfn``, ``eventbridge``,
``cloudwatchlogs``, ``acmpca``), errors are ``<V2Name>.<Exception>`` (``S3.NoSuchKeyException``,
``DynamoDb.DynamoDbException`` for an error the service model does not declare) and the cause
reads ``<message> (Service: S3, Status Code: 404, Request ID: ..., Extended Request ID: ...)``.

Optimised integrations (``arn:aws:states:::dynamodb:putItem``) run on the SDK for Java 1.x:
``DynamoDB.ResourceNotFoundException`` / ``DynamoDB.AmazonDynamoDBException`` and
``<message> (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ...; Request ID: ...;
Proxy: null)`` (AWS recordings in the conformance cases).
"""

from __future__ import annotations

import functools
import gzip
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

# Java v2 package names whose botocore name differs (v2 derives its name from the serviceId with
# the spaces dropped; botocore keeps the older endpoint prefixes). Anything else not found under
# its own name is looked up by serviceId (see boto_service_name).
_SDK_TO_BOTO = {
    "sfn": "stepfunctions",
    "states": "stepfunctions",
    "eventbridge": "events",
    "cloudwatchlogs": "logs",
    "cloudwatchevents": "events",
    "costexplorer": "ce",
    "acmpca": "acm-pca",
    "elasticloadbalancingv2": "elbv2",
    "elasticloadbalancing": "elb",
    "databasemigration": "dms",
    "cognitoidentityprovider": "cognito-idp",
    "cognitoidentity": "cognito-identity",
    "cognitosync": "cognito-sync",
    "applicationautoscaling": "application-autoscaling",
    "elasticsearch": "es",
    "sesv2": "sesv2",
    "ses": "ses",
    "marketplacemetering": "meteringmarketplace",
    "lexruntime": "lex-runtime",
    "lexmodelbuilding": "lex-models",
    "iotdataplane": "iot-data",
    "sagemakerruntime": "sagemaker-runtime",
    "bedrockruntime": "bedrock-runtime",
    "bedrockagentruntime": "bedrock-agent-runtime",
    "bedrockagent": "bedrock-agent",
}


# Optimised integrations whose resource names the service other than botocore does.
_OPTIMISED_TO_BOTO = {"states": "stepfunctions", "elasticmapreduce": "emr"}

# Optimised actions that are not the camelCase name of the API they call (AWS's "Create and
# manage Amazon EMR clusters" and "Invoke and customize Amazon Bedrock models" pages):
# (resource service, action) -> (botocore service, operation).
_OPTIMISED_APIS = {
    ("bedrock", "invokeModel"): ("bedrock-runtime", "InvokeModel"),
    ("elasticmapreduce", "createCluster"): ("emr", "RunJobFlow"),
    ("elasticmapreduce", "terminateCluster"): ("emr", "TerminateJobFlows"),
    ("elasticmapreduce", "addStep"): ("emr", "AddJobFlowSteps"),
    ("elasticmapreduce", "cancelStep"): ("emr", "CancelSteps"),
    ("elasticmapreduce", "setClusterTerminationProtection"): ("emr", "SetTerminationProtection"),
    ("elasticmapreduce", "modifyInstanceFleetByName"): ("emr", "ModifyInstanceFleet"),
    ("elasticmapreduce", "modifyInstanceGroupByName"): ("emr", "ModifyInstanceGroups"),
}


def optimised_service_name(service: str) -> str:
    """The botocore service of an optimised integration (``states`` -> ``stepfunctions``)."""
    return _OPTIMISED_TO_BOTO.get(service, service)


def optimised_api(service: str, action: str) -> tuple[str, str] | None:
    """(botocore service, operation) of an optimised action whose API is named otherwise;
    None for the others, whose operation is their action (see operation_name)."""
    return _OPTIMISED_APIS.get((service, action))


def operation_name(action: str, operations: Iterable[str]) -> str | None:
    """The botocore operation a camelCase action names, matched case-insensitively."""
    wanted = action.lower()
    return next((name for name in operations if name.lower() == wanted), None)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def boto_service_name(sdk_name: str, available: Collection[str], service_ids: Any) -> str | None:
    """The botocore service for an ``aws-sdk:<sdk_name>`` integration, or None.

    ``service_ids()`` returns {squashed serviceId: botocore name}; it loads every service model,
    so it is only called when neither the name itself nor the table above knows the service.
    """
    name = sdk_name.lower()
    mapped = _SDK_TO_BOTO.get(name, name)
    if mapped in available:
        return mapped
    ids: dict[str, str] = service_ids()
    found = ids.get(name) or ids.get(_squash(name))
    if found is None and name.endswith("service"):
        found = ids.get(name[: -len("service")])
    return found


def v2_service_name(service_id: str) -> str:
    """The SDK for Java 2.x service name of a botocore serviceId: ``DynamoDB`` -> ``DynamoDb``,
    ``SFN`` -> ``Sfn``, ``CloudWatch Logs`` -> ``CloudWatchLogs``, ``ACM PCA`` -> ``AcmPca``,
    ``SESv2`` -> ``SesV2``, ``IoT`` -> ``Iot``, ``Database Migration Service`` ->
    ``DatabaseMigration``.

    The v2 code generator's word splitting (``splitOnWordBoundaries``), then each word lower
    case with its first letter capitalised.
    """
    text = re.sub(r"[^A-Za-z0-9]+", " ", service_id)
    text = re.sub(r"([^a-z]{2,})v([0-9]+)", r"\1 v\2 ", text)  # SESv2 -> SES v2
    text = re.sub(r"([^A-Z]{2,})V([0-9]+)", r"\1 V\2 ", text)  # GatewayV2 -> Gateway V2
    text = " ".join(re.split(r"(?<=[a-z])(?=[A-Z](?:[a-zA-Z]|[0-9]))", text))  # DynamoDB
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)  # ACMSuccess -> ACM Success
    text = re.sub(r"([0-9])([a-zA-Z])", r"\1 \2", text)  # s3ec2 -> s3 ec2
    name = "".join(w[:1].upper() + w[1:].lower() for w in text.split())
    # v2 drops the redundant parts: "Database Migration Service" -> DatabaseMigration
    for prefix in ("Amazon", "Aws"):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
    if name.endswith("Service") and len(name) > len("Service"):
        name = name[: -len("Service")]
    return name


@dataclass(frozen=True)
class V1Names:
    """An optimised integration's names: error prefix, ``Service:`` in causes, generic error."""

    prefix: str
    service: str
    generic: str
    metadata: bool  # whether its result carries SdkHttpMetadata/SdkResponseMetadata


# The SDK for Java 1.x names of the services with optimised request-response integrations.
_V1 = {
    "dynamodb": V1Names("DynamoDB", "AmazonDynamoDBv2", "AmazonDynamoDBException", True),
    "lambda": V1Names("Lambda", "AWSLambda", "AWSLambdaException", True),
    "sns": V1Names("SNS", "AmazonSNS", "AmazonSNSException", True),
    "sqs": V1Names("SQS", "AmazonSQS", "AmazonSQSException", True),
    "states": V1Names("StepFunctions", "AWSStepFunctions", "AWSStepFunctionsException", True),
    # putEvents results were recorded without the HTTP metadata.
    "events": V1Names("EventBridge", "AmazonEventBridge", "AmazonEventBridgeException", False),
}


def v1_names(service: str, service_id: str) -> V1Names:
    known = _V1.get(service)
    if known is not None:
        return known
    name = service_id.replace(" ", "")
    return V1Names(name, name, f"{name}Exception", False)


@functools.lru_cache(maxsize=1)
def service_ids_on_disk() -> dict[str, str]:
    """{squashed serviceId or v2 package name: botocore name} for every installed model (a
    constant of the installed botocore). Reads the start of each model only: loading them all
    takes seconds."""
    import botocore.session

    loader = botocore.session.get_session().get_component("data_loader")
    ids: dict[str, str] = {}
    for name in loader.list_available_services("service-2"):
        try:
            version = sorted(loader.list_api_versions(name, "service-2"))[-1]
            head = _model_head(loader.search_paths, name, version)
        except Exception:  # noqa: BLE001 - an unreadable model only hides that service
            continue
        found = re.search(r'"serviceId"\s*:\s*"([^"]+)"', head)
        if found:
            # both the squashed serviceId and the v2 package name (which drops "Service")
            ids.setdefault(re.sub(r"[^a-z0-9]", "", found.group(1).lower()), name)
            ids.setdefault(v2_service_name(found.group(1)).lower(), name)
    return ids


def _model_head(paths: list[str], name: str, version: str) -> str:
    for root in paths:
        base = os.path.join(root, name, version, "service-2.json")
        if os.path.exists(base + ".gz"):
            with gzip.open(base + ".gz", "rt", encoding="utf-8") as f:
                return str(f.read(4096))
        if os.path.exists(base):
            with open(base, encoding="utf-8") as f:
                return f.read(4096)
    return ""
