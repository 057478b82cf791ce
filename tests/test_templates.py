"""``sfnsim.load_template``: state machines read from SAM and CloudFormation templates and CDK
assemblies, their definitions resolved as a deployment resolves them (docs/templates.md); the
CLI's ``--template`` and the pytest fixtures' ``template`` setting."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim.cli import main
from sfnsim.templates import MissingExtra, TemplateError, UnknownStateMachine

pytest.importorskip("yaml")  # the templates extra: YAML templates need PyYAML

DATA = Path(__file__).resolve().parent / "data" / "templates"
SAM = DATA / "sam-app" / "template.yaml"
CFN = DATA / "cloudformation" / "inventory.template.json"
CDK = DATA / "cdk.out"
ACCOUNT = "123456789012"
SUFFIX = "[A-Za-z0-9]{12}"


def write(folder: Path, template: dict[str, Any], name: str = "template.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(template), encoding="utf-8")
    return path


def pass_machine(result: Any, **props: Any) -> dict[str, Any]:
    """A state machine resource whose one Pass state's Result is ``result`` (intrinsics in
    it are evaluated, as in any Definition)."""
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}}
    return {
        "Type": "AWS::StepFunctions::StateMachine",
        "Properties": {"Definition": definition, **props},
    }


def result_of(path: Path, **kwargs: Any) -> Any:
    return sfnsim.load_template(path, **kwargs)["M"].definition["States"]["P"]["Result"]


# -- a SAM application ---------------------------------------------------------------------


def test_sam_definition_uri_with_substitutions() -> None:
    flow = sfnsim.load_template(SAM, parameters={"AlertsEmail": "ops@example.com"})["OrderFlow"]
    states = flow.definition["States"]
    assert flow.name == "order-flow-dev"  # Name: !Sub order-flow-${Stage}
    assert flow.type is None  # not stated: Step Functions' default applies
    assert re.fullmatch(
        rf"arn:aws:lambda:us-east-1:{ACCOUNT}:function:sam-app-ValidateOrderFunction-{SUFFIX}",
        states["Validate"]["Resource"],
    )
    # FunctionName: !Sub ${AWS::StackName}-charge-card; the stack is named after the project.
    assert states["Charge"]["Parameters"]["FunctionName"] == (
        f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:sam-app-charge-card"
    )
    # "MaxAttempts": ${ChargeRetries} unquoted in the file: a number once substituted.
    assert states["Charge"]["Retry"][0]["MaxAttempts"] == 3
    assert states["WaitForWarehouse"]["Seconds"] == 5  # !FindInMap [StageSettings, dev, ...]
    assert states["Store"]["Parameters"]["Item"]["priority"] == {"S": "low"}  # !If IsProd
    assert re.fullmatch(
        rf"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/sam-app-ShippingQueue-{SUFFIX}",
        states["Ship"]["Parameters"]["QueueUrl"],
    )
    # No Role: SAM creates <LogicalId>Role, named as CloudFormation names it.
    assert re.fullmatch(
        rf"arn:aws:iam::{ACCOUNT}:role/sam-app-OrderFlowRole-{SUFFIX}", flow.role_arn or ""
    )
    assert flow.arn == f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:order-flow-dev"


def test_sam_parameters_change_conditions_and_mappings() -> None:
    flow = sfnsim.load_template(SAM, parameters={"Stage": "prod", "ChargeRetries": 5})["OrderFlow"]
    states = flow.definition["States"]
    assert flow.name == "order-flow-prod"
    assert states["Charge"]["Retry"][0]["MaxAttempts"] == 5
    assert states["WaitForWarehouse"]["Seconds"] == 60
    assert states["Store"]["Parameters"]["Item"]["priority"] == {"S": "high"}


def test_sam_yaml_definition_file_and_explicit_role() -> None:
    refund = sfnsim.load_template(SAM, parameters={"AlertsEmail": "ops@example.com"})["RefundFlow"]
    alert = refund.definition["States"]["Alert"]["Parameters"]
    assert refund.type == "EXPRESS"
    assert alert["TopicArn"] == f"arn:aws:sns:us-east-1:{ACCOUNT}:sam-app-alerts"
    assert "ops@example.com" in alert["Message.$"]
    assert re.fullmatch(
        rf"arn:aws:iam::{ACCOUNT}:role/sam-app-RefundRole-{SUFFIX}", refund.role_arn or ""
    )


def test_sam_inline_definition_with_intrinsics() -> None:
    report = sfnsim.load_template(SAM)["NightlyReport"]
    states = report.definition["States"]
    assert report.type == "STANDARD"
    assert re.fullmatch(
        rf"sam-app-OrdersTable-{SUFFIX}", states["CountOrders"]["Parameters"]["TableName"]
    )
    assert re.fullmatch(rf"NightlyReport-{SUFFIX}", report.name)  # no Name: generated


def test_a_parameter_without_value_fails_only_its_machine() -> None:
    machines = sfnsim.load_template(SAM)
    assert list(machines) == ["OrderFlow", "RefundFlow", "NightlyReport"]
    assert set(machines.failures) == {"RefundFlow"}
    with pytest.raises(TemplateError, match="AlertsEmail") as caught:
        machines["RefundFlow"]
    assert caught.value.unresolved == [
        (
            "AlertsEmail (a parameter without a Default)",
            "Resources/RefundFlow/Properties/DefinitionSubstitutions/AlertsEmail",
        )
    ]
    assert machines["OrderFlow"].definition["StartAt"] == "Validate"


def test_environment_and_substitutions_override() -> None:
    flow = sfnsim.load_template(
        SAM,
        region="eu-west-1",
        account_id="111122223333",
        stack_name="shop",
        substitutions={
            "ValidateOrderFunctionArn": "arn:aws:lambda:eu-west-1:111122223333:function:validate",
            "ChargeCardFunction.Arn": "arn:aws:lambda:eu-west-1:111122223333:function:charge",
        },
    )["OrderFlow"]
    states = flow.definition["States"]
    assert states["Validate"]["Resource"].endswith(":function:validate")
    assert states["Charge"]["Parameters"]["FunctionName"].endswith(":function:charge")
    assert flow.arn == "arn:aws:states:eu-west-1:111122223333:stateMachine:order-flow-dev"
    assert re.fullmatch(
        rf"arn:aws:dynamodb:eu-west-1:111122223333:table/shop-OrdersTable-{SUFFIX}"[:0]
        + rf"shop-OrdersTable-{SUFFIX}",
        states["Store"]["Parameters"]["TableName"],
    )


def test_a_template_machine_runs() -> None:
    flow = sfnsim.load_template(SAM)["OrderFlow"]
    mocks = sfnsim.Mocks()
    mocks.state("Validate").returns({"orderId": "o-1", "amount": 5})
    mocks.state("Charge").returns({"Payload": {"charged": 5}})
    for state in ("Store", "Ship", "Announce"):
        mocks.state(state).returns({})
    ex = flow.run({"orderId": "o-1"}, mocks=mocks)
    assert ex.status == "SUCCEEDED", (ex.error, ex.cause)
    assert ex.output["payment"] == {"charge": {"charged": 5}}


# -- CloudFormation JSON ---------------------------------------------------------------------


def test_cloudformation_fn_sub_with_variables_and_literals() -> None:
    reserve = sfnsim.load_template(CFN)["ReserveStock"]
    states = reserve.definition["States"]
    assert reserve.name == "reserve-stock-staging"  # Fn::Join ["-", [reserve-stock, !Ref]]
    assert reserve.type == "STANDARD"
    # The role's Path is part of its ARN.
    assert (
        reserve.role_arn
        == f"arn:aws:iam::{ACCOUNT}:role/service-role/inventory-workflows-us-east-1"
    )
    assert states["CheckStock"]["Resource"] == "arn:aws:states:::lambda:invoke"  # ${AWS::Partition}
    assert re.fullmatch(
        rf"arn:aws:lambda:us-east-1:{ACCOUNT}:function:cloudformation-CheckStock-{SUFFIX}",
        states["CheckStock"]["Parameters"]["FunctionName"],  # ${CheckStock.Arn}
    )
    assert states["Reserve"]["Parameters"]["TableName"] == "inventory-staging"
    assert states["Confirm"]["Parameters"]["Entries"][0]["EventBusName"] == "inventory-staging"
    # ${!OutOfStockCause} is written out as ${OutOfStockCause}, which DefinitionSubstitutions fills.
    assert states["OutOfStock"]["Cause"] == "No stock left in us-east-1"


def test_cloudformation_fn_join() -> None:
    alerts = sfnsim.load_template(CFN, parameters={"Environment": "prod"})["LowStockAlerts"]
    states = alerts.definition["States"]
    assert alerts.type == "EXPRESS"
    assert re.fullmatch(rf"LowStockAlerts-{SUFFIX}", alerts.name)
    assert re.fullmatch(
        rf"arn:aws:sns:us-east-1:{ACCOUNT}:cloudformation-LowStockTopic-{SUFFIX}",
        states["Notify"]["Parameters"]["TopicArn"],
    )
    assert states["Audit"]["Parameters"]["QueueUrl"] == (
        f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/audit-prod"
    )
    assert states["Audit"]["TimeoutSeconds"] == 30  # a Number parameter joined into the JSON


def test_resolved_definitions_validate() -> None:
    for path, params in ((SAM, {"AlertsEmail": "a@example.com"}), (CFN, {}), (CDK, {})):
        for machine in sfnsim.load_template(path, parameters=params).values():
            express = machine.type == "EXPRESS"
            sfnsim.compile_definition(machine.definition_json, express=express)  # raises if not


# -- a CDK assembly ----------------------------------------------------------------------------


def test_cdk_assembly() -> None:
    machines = sfnsim.load_template(CDK)
    assert list(machines) == ["CheckoutC4D6E8F0", "Fulfilment9A8B7C6D"]
    checkout = machines["CheckoutC4D6E8F0"]
    assert checkout.name == "checkout"
    assert checkout.stack_name == "OrderStack"
    assert checkout.construct_path == "OrderStack/Checkout/Resource"
    states = checkout.definition["States"]
    # The manifest's environment gives the region; the account stays the default.
    assert re.fullmatch(
        rf"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:OrderStack-ChargeCardFunction6D3AC0B4-{SUFFIX}",
        states["ChargeCard"]["Parameters"]["FunctionName"],
    )
    assert states["ChargeCard"]["Resource"] == "arn:aws:states:::lambda:invoke"
    assert re.fullmatch(
        rf"arn:aws:iam::{ACCOUNT}:role/OrderStack-CheckoutRoleB4A1C5D2-{SUFFIX}",
        checkout.role_arn or "",
    )


def test_cdk_definition_from_a_file_asset() -> None:
    fulfilment = sfnsim.load_template(CDK, account_id="111122223333")["Fulfilment9A8B7C6D"]
    assert fulfilment.type == "EXPRESS"
    assert fulfilment.definition["Comment"].startswith("Written as a file")
    queue_url = fulfilment.definition["States"]["Enqueue"]["Parameters"]["QueueUrl"]
    assert re.fullmatch(
        rf"https://sqs.eu-west-1.amazonaws.com/111122223333/OrderStack-FulfilmentQueue4C0F5E0B-{SUFFIX}\.fifo",
        queue_url,
    )


@pytest.mark.parametrize(
    ("name", "logical_id"),
    [
        ("CheckoutC4D6E8F0", "CheckoutC4D6E8F0"),  # logical id
        ("checkout", "CheckoutC4D6E8F0"),  # StateMachineName
        ("Checkout", "CheckoutC4D6E8F0"),  # construct id
        ("OrderStack/Fulfilment", "Fulfilment9A8B7C6D"),  # construct path
        ("OrderStack/Fulfilment/Resource", "Fulfilment9A8B7C6D"),
    ],
)
def test_machines_are_found_by_id_name_or_construct(name: str, logical_id: str) -> None:
    assert sfnsim.load_template(CDK).find(name).logical_id == logical_id
    assert sfnsim.load_template(CDK / "manifest.json")[name].logical_id == logical_id


def test_cdk_stages_and_a_logical_id_in_two_stacks(tmp_path: Path) -> None:
    """A CDK stage is a nested assembly; the same logical id in two stacks is keyed by stack."""
    for stage in ("Beta", "Prod"):
        folder = tmp_path / f"assembly-{stage}"
        folder.mkdir()
        write(
            folder,
            {"Resources": {"M": pass_machine({"Fn::Sub": "${AWS::StackName}"})}},
            "S.template.json",
        )
        manifest = {
            "artifacts": {
                f"{stage}-S": {
                    "type": "aws:cloudformation:stack",
                    "properties": {"templateFile": "S.template.json"},
                    "environment": "aws://444455556666/ap-southeast-2",
                }
            }
        }
        write(folder, manifest, "manifest.json")
    root = {
        "artifacts": {
            f"assembly-{s}": {
                "type": "cdk:cloud-assembly",
                "properties": {"directoryName": f"assembly-{s}"},
            }
            for s in ("Beta", "Prod")
        }
    }
    write(tmp_path, root, "manifest.json")
    machines = sfnsim.load_template(tmp_path)
    assert list(machines) == ["Beta-S/M", "Prod-S/M"]
    beta = machines["Beta-S/M"]
    assert beta.definition["States"]["P"]["Result"] == "Beta-S"
    assert beta.arn.startswith("arn:aws:states:ap-southeast-2:444455556666:stateMachine:M-")


def test_cdk_nested_stack_gets_its_parameters_from_the_parent(tmp_path: Path) -> None:
    """A CDK NestedStack: an AWS::CloudFormation::Stack whose template is an asset file of the
    assembly, its parameters evaluated in the parent."""
    nested_file = (
        "ParentWorkflowsNestedStackWorkflowsNestedStackResource1A2B3C4D.nested.template.json"
    )
    nested = {
        "Parameters": {"referencetoParentOrdersTableRef": {"Type": "String"}},
        "Resources": {"M": pass_machine({"Ref": "referencetoParentOrdersTableRef"})},
    }
    write(tmp_path, nested, nested_file)
    parent = {
        "Resources": {
            "OrdersTable": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
            "WorkflowsNestedStack": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {
                    "TemplateURL": {
                        "Fn::Join": [
                            "",
                            [
                                "https://s3.",
                                {"Ref": "AWS::Region"},
                                ".",
                                {"Ref": "AWS::URLSuffix"},
                                "/cdk-assets/x.json",
                            ],
                        ]
                    },
                    "Parameters": {"referencetoParentOrdersTableRef": {"Ref": "OrdersTable"}},
                },
                "Metadata": {
                    "aws:cdk:path": "Parent/Workflows.NestedStack/Resource",
                    "aws:asset:path": nested_file,
                },
            },
        }
    }
    write(tmp_path, parent, "Parent.template.json")
    manifest = {
        "artifacts": {
            "Parent": {
                "type": "aws:cloudformation:stack",
                "properties": {"templateFile": "Parent.template.json"},
            }
        }
    }
    write(tmp_path, manifest, "manifest.json")
    machine = sfnsim.load_template(tmp_path)["M"]
    assert re.fullmatch(
        rf"Parent-OrdersTable-{SUFFIX}", machine.definition["States"]["P"]["Result"]
    )
    assert re.fullmatch(rf"Parent-WorkflowsNestedStack-{SUFFIX}", machine.stack_name)


# -- the rules, as tables -------------------------------------------------------------------

# (type, properties, expression, expected): each type's Ref and Fn::GetAtt return values, in the
# shapes CloudFormation's resource reference documents for them.
REFERENCES = [
    ("AWS::Lambda::Function", {"FunctionName": "fn"}, "Ref", "fn"),
    (
        "AWS::Lambda::Function",
        {"FunctionName": "fn"},
        "Arn",
        "arn:aws:lambda:us-east-1:123456789012:function:fn",
    ),
    (
        "AWS::Serverless::Function",
        {"FunctionName": "fn"},
        "Arn",
        "arn:aws:lambda:us-east-1:123456789012:function:fn",
    ),
    (
        "AWS::SQS::Queue",
        {"QueueName": "q"},
        "Ref",
        "https://sqs.us-east-1.amazonaws.com/123456789012/q",
    ),
    ("AWS::SQS::Queue", {"QueueName": "q"}, "Arn", "arn:aws:sqs:us-east-1:123456789012:q"),
    ("AWS::SQS::Queue", {"QueueName": "q"}, "QueueName", "q"),
    ("AWS::SQS::Queue", {"QueueName": "q.fifo", "FifoQueue": True}, "QueueName", "q.fifo"),
    ("AWS::SNS::Topic", {"TopicName": "t"}, "Ref", "arn:aws:sns:us-east-1:123456789012:t"),
    ("AWS::SNS::Topic", {"TopicName": "t"}, "TopicName", "t"),
    ("AWS::DynamoDB::Table", {"TableName": "tb"}, "Ref", "tb"),
    (
        "AWS::DynamoDB::Table",
        {"TableName": "tb"},
        "Arn",
        "arn:aws:dynamodb:us-east-1:123456789012:table/tb",
    ),
    ("AWS::Serverless::SimpleTable", {"TableName": "tb"}, "Ref", "tb"),
    ("AWS::S3::Bucket", {"BucketName": "bk"}, "Ref", "bk"),
    ("AWS::S3::Bucket", {"BucketName": "bk"}, "Arn", "arn:aws:s3:::bk"),
    (
        "AWS::StepFunctions::StateMachine",
        {"StateMachineName": "sm"},
        "Ref",
        "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
    ),
    ("AWS::StepFunctions::StateMachine", {"StateMachineName": "sm"}, "Name", "sm"),
    (
        "AWS::Serverless::StateMachine",
        {"Name": "sm"},
        "Arn",
        "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
    ),
    (
        "AWS::StepFunctions::Activity",
        {"Name": "act"},
        "Ref",
        "arn:aws:states:us-east-1:123456789012:activity:act",
    ),
    ("AWS::IAM::Role", {"RoleName": "r"}, "Ref", "r"),
    ("AWS::IAM::Role", {"RoleName": "r"}, "Arn", "arn:aws:iam::123456789012:role/r"),
    ("AWS::Events::EventBus", {"Name": "bus"}, "Ref", "bus"),
    (
        "AWS::Events::EventBus",
        {"Name": "bus"},
        "Arn",
        "arn:aws:events:us-east-1:123456789012:event-bus/bus",
    ),
    (
        "AWS::Logs::LogGroup",
        {"LogGroupName": "lg"},
        "Arn",
        "arn:aws:logs:us-east-1:123456789012:log-group:lg:*",
    ),
    (
        "AWS::Kinesis::Stream",
        {"Name": "ks"},
        "Arn",
        "arn:aws:kinesis:us-east-1:123456789012:stream/ks",
    ),
    (
        "AWS::ECS::Cluster",
        {"ClusterName": "c"},
        "Arn",
        "arn:aws:ecs:us-east-1:123456789012:cluster/c",
    ),
    (
        "AWS::Batch::JobQueue",
        {"JobQueueName": "jq"},
        "Ref",
        "arn:aws:batch:us-east-1:123456789012:job-queue/jq",
    ),
    ("AWS::Glue::Job", {"Name": "gj"}, "Ref", "gj"),
    (
        "AWS::Example::Widget",
        {},
        "Arn",
        re.compile(rf"arn:aws:example:us-east-1:123456789012:widget/stk-R-{SUFFIX}"),
    ),
    ("AWS::Lambda::Function", {}, "Ref", re.compile(rf"stk-R-{SUFFIX}")),
    ("AWS::S3::Bucket", {}, "Ref", re.compile(r"stk-r-[a-z0-9]{12}")),
    ("AWS::StepFunctions::StateMachine", {}, "Name", re.compile(rf"R-{SUFFIX}")),
]


@pytest.mark.parametrize(("kind", "props", "expression", "expected"), REFERENCES)
def test_references_by_resource_type(
    tmp_path: Path, kind: str, props: dict[str, Any], expression: str, expected: Any
) -> None:
    value = {"Ref": "R"} if expression == "Ref" else {"Fn::GetAtt": ["R", expression]}
    template = {"Resources": {"M": pass_machine(value), "R": {"Type": kind, "Properties": props}}}
    got = result_of(write(tmp_path, template), stack_name="stk")
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(got), got
    else:
        assert got == expected


@pytest.mark.parametrize(
    ("region", "name", "expected"),
    [
        ("us-east-1", "AWS::Region", "us-east-1"),
        ("us-east-1", "AWS::AccountId", ACCOUNT),
        ("us-east-1", "AWS::Partition", "aws"),
        ("cn-north-1", "AWS::Partition", "aws-cn"),
        ("us-gov-west-1", "AWS::Partition", "aws-us-gov"),
        ("us-east-1", "AWS::URLSuffix", "amazonaws.com"),
        ("cn-north-1", "AWS::URLSuffix", "amazonaws.com.cn"),
        ("us-east-1", "AWS::StackName", "stk"),
        ("us-east-1", "AWS::NotificationARNs", []),
    ],
)
def test_pseudo_parameters(tmp_path: Path, region: str, name: str, expected: Any) -> None:
    path = write(tmp_path, {"Resources": {"M": pass_machine({"Ref": name})}})
    assert result_of(path, region=region, stack_name="stk") == expected


# (expression, expected): the intrinsic functions, as CloudFormation evaluates them.
FUNCTIONS = [
    ({"Fn::Sub": "${AWS::Region}-${Env}"}, "us-east-1-test"),
    # ${!Literal} is written out as ${Literal}: a placeholder of the definition's own.
    ({"Fn::Sub": "${!Literal}"}, "from-substitutions"),
    ({"Fn::Sub": ["${A}/${Env}", {"A": "x"}]}, "x/test"),
    ({"Fn::Join": [":", ["a", {"Ref": "Env"}]]}, "a:test"),
    ({"Fn::Select": ["1", ["a", "b", "c"]]}, "b"),
    ({"Fn::Select": [0, {"Fn::Split": [",", "p,q"]}]}, "p"),
    ({"Fn::Split": ["|", "a|b"]}, ["a", "b"]),
    ({"Fn::If": ["IsTest", "yes", "no"]}, "yes"),
    ({"Fn::If": ["IsProd", "yes", "no"]}, "no"),
    ({"Fn::If": ["Both", "yes", "no"]}, "no"),
    ({"Fn::If": ["Either", "yes", "no"]}, "yes"),
    ({"Fn::If": ["NotProd", "yes", "no"]}, "yes"),
    (["a", {"Fn::If": ["IsProd", "b", {"Ref": "AWS::NoValue"}]}], ["a"]),
    ({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Memory"]}, 128),
    ({"Fn::FindInMap": ["Sizes", "other", "Memory", {"DefaultValue": 64}]}, 64),
    ({"Fn::Base64": "hi"}, "aGk="),
    ({"Fn::GetAZs": ""}, ["us-east-1a", "us-east-1b", "us-east-1c"]),
    ({"Fn::ToJsonString": {"a": [1, True]}}, '{"a":[1,true]}'),
    ({"Fn::Length": [1, 2, 3]}, 3),
    ({"Ref": "Subnets"}, ["s-1", "s-2"]),
    ({"Fn::ImportValue": "shared-bus"}, "imported"),
]
FUNCTIONS_TEMPLATE = {
    "Parameters": {
        "Env": {"Type": "String", "Default": "test"},
        "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>", "Default": "s-1, s-2"},
    },
    "Mappings": {"Sizes": {"test": {"Memory": 128}}},
    "Conditions": {
        "IsTest": {"Fn::Equals": [{"Ref": "Env"}, "test"]},
        "IsProd": {"Fn::Equals": ["prod", {"Ref": "Env"}]},
        "Both": {"Fn::And": [{"Condition": "IsTest"}, {"Condition": "IsProd"}]},
        "Either": {"Fn::Or": [{"Condition": "IsTest"}, {"Condition": "IsProd"}]},
        "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
    },
}


@pytest.mark.parametrize(("expression", "expected"), FUNCTIONS)
def test_intrinsic_functions(tmp_path: Path, expression: Any, expected: Any) -> None:
    template = {**FUNCTIONS_TEMPLATE, "Resources": {"M": pass_machine(expression)}}
    path = write(tmp_path, template)
    substitutions = {"shared-bus": "imported", "Literal": "from-substitutions"}
    assert result_of(path, substitutions=substitutions) == expected


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        # CloudFormation: a parameter is text wherever it is used, a Number one too.
        ("AWS::StepFunctions::StateMachine", {"Ref": "Timeout"}, "30"),
        ("AWS::StepFunctions::StateMachine", {"Fn::FindInMap": ["M", "a", "n"]}, 7),
        # SAM: each intrinsic's value reaches the definition through a substitution, as text.
        ("AWS::Serverless::StateMachine", {"Ref": "Timeout"}, "30"),
        ("AWS::Serverless::StateMachine", {"Fn::FindInMap": ["M", "a", "n"]}, "7"),
        ("AWS::Serverless::StateMachine", {"Fn::Length": [1, 2]}, "2"),
        ("AWS::Serverless::StateMachine", 5, 5),  # no intrinsic: the value as written
    ],
)
def test_types_of_values_in_an_inline_definition(
    tmp_path: Path, kind: str, value: Any, expected: Any
) -> None:
    template = {
        "Parameters": {"Timeout": {"Type": "Number", "Default": 30}},
        "Mappings": {"M": {"a": {"n": 7}}},
        "Resources": {"M": {**pass_machine(value), "Type": kind}},
    }
    assert result_of(write(tmp_path, template)) == expected


def test_yaml_short_tags(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(
        """
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {FunctionName: !Sub "fn-${Env}"}
  M:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: P
        States:
          P:
            Type: Pass
            Result:
              arn: !GetAtt Fn.Arn
              arn2: !GetAtt [Fn, Arn]
              name: !Ref Fn
              joined: !Join ['-', [!Ref Env, !Select [0, !GetAZs '']]]
              when: 2024-01-01T00:00:00Z
            End: true
""",
        encoding="utf-8",
    )
    result = result_of(tmp_path / "template.yaml")
    assert result == {
        "arn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:fn-dev",
        "arn2": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:fn-dev",
        "name": "fn-dev",
        "joined": "dev-us-east-1a",
        "when": "2024-01-01T00:00:00Z",  # a timestamp stays text, as ASL needs it
    }


def test_a_resource_whose_condition_is_false_is_not_there(tmp_path: Path) -> None:
    template = {
        "Conditions": {"Never": {"Fn::Equals": ["a", "b"]}},
        "Resources": {"M": pass_machine(1), "Off": {**pass_machine(2), "Condition": "Never"}},
    }
    assert list(sfnsim.load_template(write(tmp_path, template))) == ["M"]


def test_substitutions_are_replaced_repeatedly(tmp_path: Path) -> None:
    """A value may hold another placeholder (StringUtils.replaceEachRepeatedly)."""
    template = {
        "Resources": {"M": pass_machine("${A}", DefinitionSubstitutions={"A": "<${B}>", "B": 1})}
    }
    assert result_of(write(tmp_path, template)) == "<1>"


# -- errors ---------------------------------------------------------------------------------


def test_unresolved_placeholder_is_named_with_its_place(tmp_path: Path) -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Result": {"t": "${TableName}"}, "End": True}},
    }
    template = {
        "Resources": {
            "M": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionString": json.dumps(definition)},
            }
        }
    }
    with pytest.raises(TemplateError, match=r"\$\{TableName\} at /States/P/Result/t") as caught:
        sfnsim.load_template(write(tmp_path, template))["M"]
    assert caught.value.unresolved == [("TableName", "/States/P/Result/t")]
    fixed = sfnsim.load_template(write(tmp_path, template), substitutions={"TableName": "orders"})
    assert fixed["M"].definition["States"]["P"]["Result"] == {"t": "orders"}


def test_unresolved_unquoted_placeholder_in_a_file_is_named_by_line(tmp_path: Path) -> None:
    (tmp_path / "flow.asl.json").write_text(
        '{"StartAt": "W", "States": {\n  "W": {"Type": "Wait", "Seconds": ${Delay}, "End": true}}}',
        encoding="utf-8",
    )
    template = {
        "Resources": {
            "M": {
                "Type": "AWS::Serverless::StateMachine",
                "Properties": {"DefinitionUri": "flow.asl.json"},
            }
        }
    }
    with pytest.raises(TemplateError) as caught:
        sfnsim.load_template(write(tmp_path, template))["M"]
    assert caught.value.unresolved == [("Delay", "line 2, column 36")]


@pytest.mark.parametrize(
    ("key", "uri"),
    [
        ("DefinitionUri", "s3://my-bucket/flows/order.asl.json"),
        ("DefinitionUri", {"Bucket": "my-bucket", "Key": "flows/order.asl.json"}),
        ("DefinitionS3Location", {"Bucket": "my-bucket", "Key": "flows/order.asl.json"}),
    ],
)
def test_a_definition_in_s3_is_an_error_that_says_so(tmp_path: Path, key: str, uri: Any) -> None:
    kind = (
        "AWS::Serverless::StateMachine"
        if key == "DefinitionUri"
        else "AWS::StepFunctions::StateMachine"
    )
    template = {"Resources": {"M": {"Type": kind, "Properties": {key: uri}}}}
    with pytest.raises(TemplateError, match=r"in S3 \(s3://my-bucket/flows/order.asl.json\)"):
        sfnsim.load_template(write(tmp_path, template))["M"]


def test_unknown_machine_lists_the_known_ones() -> None:
    machines = sfnsim.load_template(CFN)
    with pytest.raises(
        UnknownStateMachine, match=r"no state machine 'Nope' .*ReserveStock, LowStockAlerts"
    ):
        machines["Nope"]
    with pytest.raises(KeyError):  # a Mapping's lookup error, too
        machines["Nope"]
    assert machines.get("Nope") is None


@pytest.mark.parametrize(
    ("value", "unresolved"),
    [
        ({"Ref": "Nothing"}, ("Nothing", "Resources/M/Properties/Definition/States/P/Result")),
        (
            {"Fn::GetAtt": ["Nothing", "Arn"]},
            ("Nothing.Arn", "Resources/M/Properties/Definition/States/P/Result/Fn::GetAtt"),
        ),
        (
            {"Fn::Sub": "${Nothing}"},
            ("Nothing", "Resources/M/Properties/Definition/States/P/Result/Fn::Sub"),
        ),
        (
            {"Fn::GetAtt": ["Q", "Whatever"]},
            (
                "Q.Whatever (no value known for AWS::SQS::Queue)",
                "Resources/M/Properties/Definition/States/P/Result/Fn::GetAtt",
            ),
        ),
        (
            {"Fn::ImportValue": "other-stack-bus"},
            (
                "other-stack-bus (an export of another stack: Fn::ImportValue)",
                "Resources/M/Properties/Definition/States/P/Result/Fn::ImportValue",
            ),
        ),
        (
            {"Fn::Cidr": ["10.0.0.0/16", 2, 8]},
            (
                "Fn::Cidr (sfnsim does not evaluate it)",
                "Resources/M/Properties/Definition/States/P/Result/Fn::Cidr",
            ),
        ),
    ],
)
def test_references_without_a_value_are_named(
    tmp_path: Path, value: Any, unresolved: tuple[str, str]
) -> None:
    template = {"Resources": {"M": pass_machine(value), "Q": {"Type": "AWS::SQS::Queue"}}}
    with pytest.raises(TemplateError) as caught:
        sfnsim.load_template(write(tmp_path, template))["M"]
    assert caught.value.unresolved == [unresolved]


def test_dynamic_references_come_from_substitutions(tmp_path: Path) -> None:
    reference = "{{resolve:ssm:/orders/table-name}}"
    template = {
        "Resources": {"M": pass_machine("${Table}", DefinitionSubstitutions={"Table": reference})}
    }
    path = write(tmp_path, template)
    with pytest.raises(TemplateError) as caught:
        sfnsim.load_template(path)["M"]
    assert caught.value.unresolved == [
        (
            f"{reference} (a dynamic reference)",
            "Resources/M/Properties/DefinitionSubstitutions/Table",
        )
    ]
    assert result_of(path, substitutions={reference: "orders"}) == "orders"


def test_not_a_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="not a CloudFormation template"):
        sfnsim.load_template(write(tmp_path, {"StartAt": "P", "States": {}}))
    with pytest.raises(TemplateError, match="no CDK cloud assembly"):
        sfnsim.load_template(tmp_path)


def test_yaml_without_pyyaml_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml raises ImportError
    with pytest.raises(MissingExtra, match=r"pip install 'sfnsim\[templates\]'"):
        sfnsim.load_template(SAM)
    assert sfnsim.load_template(CFN)["ReserveStock"]  # JSON needs no YAML


# -- the CLI --------------------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_run_with_a_mock_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = {
        "StateMachines": {
            "reserve-stock-staging": {
                "TestCases": {"Happy": {"CheckStock": "InStock", "Reserve": "Ok", "Confirm": "Ok"}}
            }
        },
        "MockedResponses": {
            "InStock": {"0": {"Return": {"Payload": {"available": True, "sku": "a"}}}},
            "Ok": {"0": {"Return": {}}},
        },
    }
    mocks = write(tmp_path, config, "MockConfigFile.json")
    code, out, err = cli(
        capsys, "run", "--template", str(CFN), "--machine", "ReserveStock",
        "--mocks", str(mocks), "--test-case", "Happy", "--events", "none",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("SUCCEEDED")
    assert "CheckStock \u2192 InStock? \u2192 Reserve \u2192 Confirm" in out


def test_cli_validate_every_machine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(
        capsys, "validate", "--template", str(SAM), "--parameter", "AlertsEmail=a@b.example"
    )
    assert code == 0, err
    assert out.splitlines() == [
        f"{SAM} ({m}): OK" for m in ("OrderFlow", "RefundFlow", "NightlyReport")
    ]


def test_cli_render_and_test_state(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, "render", "--template", str(CDK), "--machine", "Checkout", "--format", "mermaid"
    )
    assert code == 0 and "ChargeCard" in out
    code, out, err = cli(
        capsys, "test-state", "--template", str(SAM), "--machine", "OrderFlow", "--state", "Store",
        "--input", '{"orderId": "o-1"}', "--mock-result", "{}", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    request_item = json.loads(json.loads(out)["inspectionData"]["afterParameters"])["Item"]
    assert request_item == {"orderId": {"S": "o-1"}, "priority": {"S": "low"}}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--template", str(SAM)], "has 3 state machines: name one with --machine"),
        (
            ["run", "--template", str(SAM), "--machine", "RefundFlow"],
            "AlertsEmail (a parameter without a Default)",
        ),
        (["run", "--template", str(SAM), "--machine", "Nope"], "no state machine 'Nope'"),
        (
            ["run", "x.asl.json", "--template", str(SAM)],
            "give a definition FILE or --template, not both",
        ),
        (["run", "--machine", "OrderFlow"], "--machine goes with --template"),
        (
            ["validate", "--template", str(SAM), "--parameter", "Stage"],
            "--parameter takes NAME=VALUE",
        ),
        (["render"], "give a definition FILE, or --template"),
    ],
)
def test_cli_template_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = cli(capsys, *argv)
    assert code == 2
    assert message in err


# -- the pytest fixtures ----------------------------------------------------------------------


def test_pytest_fixtures_take_a_template(pytester: pytest.Pytester) -> None:
    from test_pytest_plugin import run

    pytester.makepyfile(
        test_flow=f"""
import pytest
import sfnsim

@pytest.mark.sfn(
    template={str(SAM)!r}, machine="OrderFlow", template_parameters={{"Stage": "prod"}}
)
def test_run(sfn_run):
    mocks = sfnsim.Mocks()
    mocks.state("Validate").returns({{"orderId": "o-1"}})
    for state in ("Store", "Ship", "Announce"):
        mocks.state(state).returns({{}})
    mocks.state("Charge").returns({{"Payload": 1}})
    ex = sfn_run(input={{"orderId": "o-1"}}, mocks=mocks)
    assert ex.status == "SUCCEEDED"
    assert ex.state_machine_arn.endswith(":stateMachine:order-flow-prod")

@pytest.mark.sfn(template={str(CFN)!r})
def test_state(sfn_state_test, sfn_template):
    assert list(sfn_template) == ["ReserveStock", "LowStockAlerts"]
    test = sfn_state_test(machine="ReserveStock", state_name="InStock?")
    result = test.with_input({{"available": False}}).execute()
    assert result.next_state == "OutOfStock"
""",
    )
    result = run(pytester)
    result.assert_outcomes(passed=2)
