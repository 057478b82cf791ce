"""sfnsim.mock_aws(): real boto3 clients answered in-process."""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Any

import pytest
import sfnsim

boto3 = pytest.importorskip("boto3")
botocore_exceptions = pytest.importorskip("botocore.exceptions")

ROLE = "arn:aws:iam::123456789012:role/r"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def test_issue_example(no_credentials: None) -> None:
    with sfnsim.mock_aws():
        real = boto3.client("stepfunctions", region_name="us-east-1")
        assert real.list_state_machines()["stateMachines"] == []
        arn = real.create_state_machine(name="m", definition=PASS, roleArn=ROLE)["stateMachineArn"]
        ex = real.start_execution(stateMachineArn=arn, input='{"a": 1}')["executionArn"]
        d = real.describe_execution(executionArn=ex)
        assert d["status"] == "SUCCEEDED" and d["output"] == '{"a":1}'
        assert isinstance(d["startDate"], datetime)
    assert "AWS_ACCESS_KEY_ID" not in os.environ and "AWS_DEFAULT_REGION" not in os.environ


def test_survives_an_existing_default_session(no_credentials: None) -> None:
    boto3.setup_default_session(region_name="us-east-1")
    before = boto3.DEFAULT_SESSION
    with sfnsim.mock_aws():
        assert boto3.client("stepfunctions").list_state_machines()["stateMachines"] == []
    assert boto3.DEFAULT_SESSION is before
    boto3.DEFAULT_SESSION = None


def test_errors_are_botocore_modeled_exceptions(no_credentials: None) -> None:
    with sfnsim.mock_aws():
        real = boto3.client("stepfunctions", region_name="us-east-1")
        arn = "arn:aws:states:us-east-1:123456789012:execution:m:nope"
        with pytest.raises(real.exceptions.ExecutionDoesNotExist) as info:
            real.describe_execution(executionArn=arn)
        assert info.value.response["Error"]["Message"] == f"Execution Does Not Exist: '{arn}'"
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        with pytest.raises(real.exceptions.ValidationException) as validation:
            real.list_state_machines(maxResults=1001)
        assert validation.value.response["ResponseMetadata"]["RetryAttempts"] == 0
        with pytest.raises(real.exceptions.ResourceNotFound) as missing:
            real.list_tags_for_resource(
                resourceArn="arn:aws:states:us-east-1:123456789012:stateMachine:x"
            )
        assert missing.value.response["resourceName"].endswith(":stateMachine:x")


def test_paginators_and_regions(no_credentials: None) -> None:
    with sfnsim.mock_aws(account_id="111111111111"):
        real = boto3.client("stepfunctions", region_name="eu-central-1")
        arn = real.create_state_machine(name="m", definition=PASS, roleArn=ROLE)["stateMachineArn"]
        assert arn == "arn:aws:states:eu-central-1:111111111111:stateMachine:m"
        for i in range(12):
            real.start_execution(stateMachineArn=arn, name=f"e{i}")
        pages = list(
            real.get_paginator("list_executions").paginate(
                stateMachineArn=arn, PaginationConfig={"PageSize": 5}
            )
        )
        assert [len(p["executions"]) for p in pages] == [5, 5, 2]


def test_engine_shared_with_sfnsim_client(no_credentials: None) -> None:
    engine = sfnsim.Engine()
    ours = sfnsim.client(engine=engine)
    arn = ours.create_state_machine(name="m", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    with sfnsim.mock_aws(engine=engine):
        real = boto3.client("stepfunctions", region_name="us-east-1")
        assert real.describe_state_machine(stateMachineArn=arn)["name"] == "m"


def test_tasks_run_for_routed_clients(no_credentials: None) -> None:
    definition = json.dumps(
        {
            "StartAt": "T",
            "States": {
                "T": {
                    "Type": "Task",
                    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:double",
                    "End": True,
                }
            },
        }
    )
    with sfnsim.mock_aws(tasks={"double": lambda x: x * 2}):
        real = boto3.client("stepfunctions", region_name="us-east-1")
        arn = real.create_state_machine(name="m", definition=definition, roleArn=ROLE)[
            "stateMachineArn"
        ]
        ex = real.start_execution(stateMachineArn=arn, input="21")["executionArn"]
        assert real.describe_execution(executionArn=ex)["output"] == "42"


def _start(sfn: Any, definition: dict[str, Any]) -> str:
    """Creates the state machine "m" of ``definition`` and starts it: the execution's ARN."""
    arn = sfn.create_state_machine(name="m", definition=json.dumps(definition), roleArn=ROLE)
    return str(sfn.start_execution(stateMachineArn=arn["stateMachineArn"])["executionArn"])


class ReachedTheNetwork(AssertionError):
    pass


def _refuse_to_send(request: object, **_: object) -> None:
    raise ReachedTheNetwork(f"a request was about to leave the process: {request}")


def _earlier_client(session: object = None) -> object:
    """A Step Functions client made before any block, with fake credentials (as real ones could
    be), that fails at once rather than hang or reach AWS if anything lets its request out."""
    from botocore.config import Config

    session = session or boto3.session.Session(
        aws_access_key_id="AKIAEXAMPLEEXAMPLE", aws_secret_access_key="secret"
    )
    client = session.client(  # type: ignore[attr-defined]
        "stepfunctions",
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 0}, connect_timeout=0.2, read_timeout=0.2),
    )
    client.meta.events.register_last("before-send", _refuse_to_send)
    return client


def test_clients_made_before_the_block_are_routed(no_credentials: None) -> None:
    module_level = _earlier_client()
    default_session = boto3.client("stepfunctions", region_name="us-east-1")
    default_session.meta.events.register_last("before-send", _refuse_to_send)
    with pytest.raises(ReachedTheNetwork):  # the guard works: outside a block, it would send
        module_level.list_state_machines()  # type: ignore[attr-defined]
    with sfnsim.mock_aws() as mock:
        arn = module_level.create_state_machine(  # type: ignore[attr-defined]
            name="m", definition=PASS, roleArn=ROLE
        )["stateMachineArn"]
        assert default_session.describe_state_machine(stateMachineArn=arn)["name"] == "m"
        # Paginators and modeled errors take the same road.
        pages = module_level.get_paginator("list_state_machines").paginate()  # type: ignore[attr-defined]
        assert [m["name"] for page in pages for m in page["stateMachines"]] == ["m"]
        with pytest.raises(module_level.exceptions.StateMachineDoesNotExist):  # type: ignore[attr-defined]
            module_level.describe_state_machine(stateMachineArn=arn + "x")  # type: ignore[attr-defined]
    assert [
        m["name"] for m in sfnsim.client(engine=mock.engine).list_state_machines()["stateMachines"]
    ] == ["m"]
    # After the block the client is its old self again.
    with pytest.raises(ReachedTheNetwork):
        module_level.list_state_machines()  # type: ignore[attr-defined]
    from botocore.client import BaseClient

    assert BaseClient._make_api_call.__qualname__ == "BaseClient._make_api_call"


def test_repeated_blocks_route_an_earlier_client(no_credentials: None) -> None:
    earlier = _earlier_client()
    for _ in range(2):
        with sfnsim.mock_aws() as mock:
            earlier.create_state_machine(name="m", definition=PASS, roleArn=ROLE)  # type: ignore[attr-defined]
        assert len(sfnsim.client(engine=mock.engine).list_state_machines()["stateMachines"]) == 1


def test_a_passthrough_made_earlier_calls_the_simulator_for_step_functions(
    no_credentials: None,
) -> None:
    """Inside the block Step Functions is the simulator for everyone: an ``aws-sdk:sfn:*`` task
    sent through a pass-through session made before the block lists the simulator's machines
    instead of reaching AWS."""
    session = boto3.session.Session(
        aws_access_key_id="AKIAEXAMPLEEXAMPLE", aws_secret_access_key="secret"
    )
    session.events.register_last("before-send", _refuse_to_send)
    task = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:sfn:listStateMachines",
                "End": True,
            }
        },
    }
    with sfnsim.mock_aws(passthrough=session):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        described = sfn.describe_execution(executionArn=_start(sfn, task))
    assert described["status"] == "SUCCEEDED", described
    assert [m["Name"] for m in json.loads(described["output"])["StateMachines"]] == ["m"]


def test_patch_client_for_clients_made_earlier(no_credentials: None) -> None:
    from botocore import UNSIGNED
    from botocore.config import Config

    real = boto3.session.Session().client(
        "stepfunctions", region_name="us-east-1", config=Config(signature_version=UNSIGNED)
    )
    mock = sfnsim.patch_client(real)
    real.create_state_machine(name="m", definition=PASS, roleArn=ROLE)
    assert len(sfnsim.client(engine=mock.engine).list_state_machines()["stateMachines"]) == 1


def test_other_services_are_left_alone(no_credentials: None) -> None:
    with sfnsim.mock_aws():
        s3 = boto3.client(
            "s3",
            region_name="us-east-1",
            endpoint_url="http://127.0.0.1:9",
            config=boto3.session.Config(retries={"max_attempts": 0}, connect_timeout=0.2),
        )
        with pytest.raises(botocore_exceptions.EndpointConnectionError):
            s3.list_buckets()


@pytest.mark.parametrize("sfnsim_inside", [True, False])
def test_coexists_with_moto(no_credentials: None, sfnsim_inside: bool) -> None:
    moto = pytest.importorskip("moto")
    engine = sfnsim.Engine()
    outer = moto.mock_aws() if sfnsim_inside else sfnsim.mock_aws(engine=engine)
    inner = sfnsim.mock_aws(engine=engine) if sfnsim_inside else moto.mock_aws()
    with outer, inner:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bucket")  # moto answers S3
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["bucket"]
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        sfn.create_state_machine(name="m", definition=PASS, roleArn=ROLE)  # sfnsim answers SFN
    assert [
        m["name"] for m in sfnsim.client(engine=engine).list_state_machines()["stateMachines"]
    ] == ["m"]


def test_moto_never_sees_a_routed_request() -> None:
    """Inside moto's mock_aws, moto's catch-all handler must not act on Step Functions calls:
    when it executes machines, a task would otherwise run twice (found running moto's own
    Step Functions tests against sfnsim, docs/semantics/api-moto-findings.md)."""
    moto = pytest.importorskip("moto")
    from moto.stepfunctions.models import stepfunctions_backends

    with moto.mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        session = boto3.Session(region_name="us-east-1")
        sqs = session.client("sqs")
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        send = {
            "StartAt": "S",
            "States": {
                "S": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::sqs:sendMessage",
                    "Parameters": {"QueueUrl": url, "MessageBody": "hi"},
                    "End": True,
                }
            },
        }
        with sfnsim.mock_aws(passthrough=session):
            sfn = boto3.client("stepfunctions", region_name="us-east-1")
            ex = _start(sfn, send)
            arn = ex.rsplit(":", 1)[0].replace(":execution:", ":stateMachine:")
            assert sfn.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
            with pytest.raises(botocore_exceptions.ClientError) as err:
                sfn.describe_state_machine(stateMachineArn=arn + "-missing")
            assert err.value.response["Error"]["Code"] == "StateMachineDoesNotExist"
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        assert [m["Body"] for m in messages] == ["hi"]
        assert all(
            not b.state_machines for a in stepfunctions_backends.values() for b in a.values()
        )
