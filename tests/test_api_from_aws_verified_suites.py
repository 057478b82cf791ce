"""API rules found by running moto's Step Functions tests that were checked on AWS
(docs/semantics/api-moto-findings.md): each rule tested as a table."""

from __future__ import annotations

import json

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


# Rule 1: a state machine ARN's partition is the one whose regions the region belongs to
# (botocore data/partitions.json regionRegex).
@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("us-east-1", "aws"),
        ("eu-west-3", "aws"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
        ("eu-isoe-west-1", "aws-iso-e"),
        ("us-isof-south-1", "aws-iso-f"),
        ("eusc-de-east-1", "aws-eusc"),
    ],
)
def test_arn_partition_follows_the_region(region: str, partition: str) -> None:
    sfn = sfnsim.client(region_name=region)
    arn = sfn.create_state_machine(name="m", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    assert arn == f"arn:{partition}:states:{region}:123456789012:stateMachine:m"
    execution = sfn.start_execution(stateMachineArn=arn, name="e")["executionArn"]
    assert execution.startswith(f"arn:{partition}:states:{region}:")
    assert sfn.describe_execution(executionArn=execution)["status"] == "SUCCEEDED"


# Rule 2: publishing (UpdateStateMachine publish=true, PublishStateMachineVersion) reuses the
# version of the current revision unless the request gives a description that version lacks.
# Each row: the publish calls after creating with publish=true and description "v1";
# (operation, description or None) -> the version number expected, then its description.
PUBLISH_CASES = [
    # unchanged revision, no description: the existing version (LocalStack recording)
    ([("update", None)], [(1, "v1")]),
    ([("publish", None)], [(1, "v1")]),
    # unchanged revision, the same description: the existing version
    ([("update", "v1")], [(1, "v1")]),
    # unchanged revision, another description: a new version (moto, aws_verified)
    ([("update", "v2")], [(2, "v2")]),
    ([("publish", "v2")], [(2, "v2")]),
    # ... and that one is then the version reused for the same description
    ([("update", "v2"), ("publish", "v2")], [(2, "v2"), (2, "v2")]),
]


@pytest.mark.parametrize(("calls", "expected"), PUBLISH_CASES)
def test_publish_reuses_a_version_only_for_its_description(
    calls: list[tuple[str, str | None]], expected: list[tuple[int, str]]
) -> None:
    sfn = sfnsim.client()
    created = sfn.create_state_machine(
        name="m", definition=PASS, roleArn=ROLE, publish=True, versionDescription="v1"
    )
    arn = created["stateMachineArn"]
    assert created["stateMachineVersionArn"] == f"{arn}:1"
    for (op, description), (number, described) in zip(calls, expected, strict=True):
        extra = {} if description is None else {"versionDescription": description}
        if op == "update":
            got = sfn.update_state_machine(
                stateMachineArn=arn, definition=PASS, publish=True, **extra
            )
        else:
            extra = {} if description is None else {"description": description}
            got = sfn.publish_state_machine_version(stateMachineArn=arn, **extra)
        version = got["stateMachineVersionArn"]
        assert version == f"{arn}:{number}", (op, description)
        assert sfn.describe_state_machine(stateMachineArn=version)["description"] == described
    # the state machine itself never carries a version's description
    assert "description" not in sfn.describe_state_machine(stateMachineArn=arn)
