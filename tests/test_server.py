"""``sfnsim serve``: the Step Functions API over HTTP, spoken to by clients nobody here wrote
(botocore over a real socket, the AWS CLI), configured as Step Functions Local is."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sfnsim.server import ConfigError, ServerConfig, config_from, read_env_file, running

boto3 = pytest.importorskip("boto3")
from botocore.config import Config  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SFN_LOCAL = ROOT / "tests" / "data" / "sfn-local"
ROLE = "arn:aws:iam::123456789012:role/r"
WAIT_THEN_PASS = {
    "StartAt": "Wait",
    "States": {
        "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
        "Done": {"Type": "Pass", "Result": {"ok": True}, "End": True},
    },
}


@pytest.fixture
def server() -> Iterator[Any]:
    with running(ServerConfig(port=0, clock="virtual")) as serving:
        yield serving


def client_of(url: str, region: str = "us-east-1") -> Any:
    return boto3.client(
        "stepfunctions",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id="any",
        aws_secret_access_key="any",
        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
    )


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    host = url.split("://", 1)[1]
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("POST", "/", body=body, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, json.loads(payload) if payload else {}


def test_a_workflow_through_boto3_over_http(server: Any) -> None:
    sfn = client_of(server.url)
    arn = sfn.create_state_machine(
        name="orders", definition=json.dumps(WAIT_THEN_PASS), roleArn=ROLE
    )["stateMachineArn"]
    assert arn == "arn:aws:states:us-east-1:123456789012:stateMachine:orders"
    execution = sfn.start_execution(stateMachineArn=arn, name="e1", input='{"n": 1}')
    described = sfn.describe_execution(executionArn=execution["executionArn"])
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"ok": True}
    # The virtual clock: the hour-long Wait took no time, the history shows it.
    events = sfn.get_paginator("get_execution_history").paginate(
        executionArn=execution["executionArn"], PaginationConfig={"PageSize": 2}
    )
    history = [e for page in events for e in page["events"]]
    assert [e["type"] for e in history][-1] == "ExecutionSucceeded"
    waited = history[2]["timestamp"] - history[1]["timestamp"]  # WaitStateEntered to Exited
    assert waited.total_seconds() == 3600


def test_errors_have_aws_shapes(server: Any) -> None:
    sfn = client_of(server.url)
    missing = "arn:aws:states:us-east-1:123456789012:execution:nope:nope"
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.describe_execution(executionArn=missing)
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.create_state_machine(name="bad", definition="{}", roleArn=ROLE)
    json_10 = {"Content-Type": "application/x-amz-json-1.0"}
    status, body = post(
        server.url, b"{", {**json_10, "X-Amz-Target": "AWSStepFunctions.ListActivities"}
    )
    assert (status, body["__type"]) == (400, "SerializationException")
    status, body = post(server.url, b"{}", {**json_10, "X-Amz-Target": "AWSStepFunctions.Nope"})
    assert (status, body["__type"]) == (400, "UnknownOperationException")
    status, body = post(server.url, b"{}", {**json_10, "X-Amz-Target": "DynamoDB_20120810.Scan"})
    assert (status, body["__type"]) == (400, "UnknownOperationException")


def test_oversized_bodies_are_refused_before_they_are_read() -> None:
    with running(ServerConfig(port=0, clock="virtual", max_body_bytes=1000)) as serving:
        headers = {"X-Amz-Target": "AWSStepFunctions.ListActivities"}
        status, body = post(serving.url, b"{" + b" " * 2000 + b"}", headers)
        assert (status, body["__type"]) == (413, "SerializationException")
        assert post(serving.url, b"{}", headers)[0] == 200  # the server goes on


def test_chunked_bodies_are_read(server: Any) -> None:
    host = server.url.split("://", 1)[1]
    connection = http.client.HTTPConnection(host, timeout=10)
    chunks = iter([b'{"maxResults":', b" 5}"])
    headers = {"X-Amz-Target": "AWSStepFunctions.ListStateMachines"}
    connection.request("POST", "/", body=chunks, headers=headers, encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 200
    assert json.loads(response.read()) == {"stateMachines": []}


def test_health_and_the_region_a_request_was_signed_for(server: Any) -> None:
    host = server.url.split("://", 1)[1]
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", "/health")
    assert connection.getresponse().status == 200
    sfn = client_of(server.url, region="eu-west-1")
    arn = sfn.create_state_machine(name="m", definition=json.dumps(WAIT_THEN_PASS), roleArn=ROLE)[
        "stateMachineArn"
    ]
    assert arn.startswith("arn:aws:states:eu-west-1:123456789012:")


def test_sync_express_and_callbacks(server: Any) -> None:
    sfn = client_of(server.url)
    express = sfn.create_state_machine(
        name="sync",
        type="EXPRESS",
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
        roleArn=ROLE,
    )["stateMachineArn"]
    assert sfn.start_sync_execution(stateMachineArn=express, input='{"a": 1}')["output"] == (
        '{"a":1}'
    )
    # A callback across the wire: an activity worker polls and answers over HTTP.
    activity = sfn.create_activity(name="approve")["activityArn"]
    worker = {
        "StartAt": "Approve",
        "States": {"Approve": {"Type": "Task", "Resource": activity, "End": True}},
    }
    arn = sfn.create_state_machine(name="cb", definition=json.dumps(worker), roleArn=ROLE)[
        "stateMachineArn"
    ]
    execution = sfn.start_execution(stateMachineArn=arn, input='{"order": 7}')["executionArn"]
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    task = sfn.get_activity_task(activityArn=activity, workerName="w1")
    assert json.loads(task["input"]) == {"order": 7}
    sfn.send_task_success(taskToken=task["taskToken"], output='{"approved": true}')
    described = sfn.describe_execution(executionArn=execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"approved": True}


def test_mock_config_test_cases_as_step_functions_local_selects_them() -> None:
    config = config_from({"SFN_MOCK_CONFIG": str(SFN_LOCAL / "MockConfigFile.json")}, port=0)
    with running(config) as serving:
        sfn = client_of(serving.url)
        definition = (SFN_LOCAL / "LambdaSQSIntegration.asl.json").read_text()
        arn = sfn.create_state_machine(
            name="LambdaSQSIntegration", definition=definition, roleArn=ROLE
        )["stateMachineArn"]
        execution = sfn.start_execution(stateMachineArn=arn + "#HappyPath", name="happy")
        assert execution["executionArn"].endswith(":LambdaSQSIntegration:happy")
        waited = 0
        while sfn.describe_execution(executionArn=execution["executionArn"])["status"] == (
            "RUNNING"
        ):
            waited += 1
            assert waited < 500, "the mocked execution did not finish"
            time.sleep(0.01)
        described = sfn.describe_execution(executionArn=execution["executionArn"])
        assert described["status"] == "SUCCEEDED", described


def test_wait_time_scale_runs_waits_scaled_and_shows_them_unscaled() -> None:
    # Step Functions Local's WAIT_TIME_SCALE: 0.01 runs a 10 s Wait in about 0.1 s of real time
    # (a real clock, not the virtual one) and the history still shows 10 s.
    config = config_from({"WAIT_TIME_SCALE": "0.01"}, port=0)
    assert (config.clock, config.time_scale) == ("real", 0.01)
    definition = {
        "StartAt": "Wait",
        "States": {
            "Wait": {"Type": "Wait", "Seconds": 10, "Next": "Done"},
            "Done": {"Type": "Pass", "End": True},
        },
    }
    with running(config) as serving:
        sfn = client_of(serving.url)
        arn = sfn.create_state_machine(name="w", definition=json.dumps(definition), roleArn=ROLE)[
            "stateMachineArn"
        ]
        started = time.monotonic()
        execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
        while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING":
            assert time.monotonic() - started < 5, "a 10 s Wait at scale 0.01 took over 5 s"
            time.sleep(0.005)
        real = time.monotonic() - started
        history = sfn.get_execution_history(executionArn=execution)["events"]
    assert 0.095 <= real < 2.0
    times = {e["type"]: e["timestamp"] for e in history}
    assert (times["WaitStateExited"] - times["WaitStateEntered"]).total_seconds() == 10


# -- configuration ---------------------------------------------------------------------------


def test_step_functions_local_variables_and_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "aws-stepfunctions-local-credentials.txt"
    env_file.write_text(
        "# Step Functions Local's file\n"
        "AWS_DEFAULT_REGION=eu-central-1\n"
        "AWS_ACCOUNT_ID=111122223333\n\n"
        "LAMBDA_ENDPOINT=http://127.0.0.1:3001\n"
        "STEP_FUNCTIONS_ENDPOINT=http://127.0.0.1:8083\n"
    )
    assert read_env_file(env_file)["AWS_ACCOUNT_ID"] == "111122223333"
    config = config_from({"AWS_DEFAULT_REGION": "us-west-2", "AWS_ACCOUNT_ID": "1"}, env_file)
    assert (config.region, config.account_id) == ("eu-central-1", "111122223333")
    assert config.endpoints == {
        "lambda": "http://127.0.0.1:3001",
        "stepfunctions": "http://127.0.0.1:8083",
    }
    assert (config.port, config.clock, config.host) == (8083, "real", "127.0.0.1")
    assert config_from({}, env_file, region="ap-south-1").region == "ap-south-1"


@pytest.mark.parametrize(
    ("environment", "overrides", "message"),
    [
        ({"AWS_ACCOUNT_ID": "abc"}, {}, "AWS_ACCOUNT_ID must be 12 digits"),
        ({}, {"clock": "fast"}, "clock must be 'real' or 'virtual'"),
        ({}, {"port": 70000}, "port must be between 0 and 65535"),
        ({"WAIT_TIME_SCALE": "fast"}, {}, "WAIT_TIME_SCALE must be a number"),
        ({"WAIT_TIME_SCALE": "-1"}, {}, "WAIT_TIME_SCALE must be a finite number of at least 0"),
        ({}, {"time_scale": float("inf")}, "--time-scale must be a finite number"),
        ({}, {"time_scale": 0, "clock": "real"}, "use --clock virtual"),
    ],
)
def test_settings_the_server_cannot_run_with(
    environment: dict[str, str], overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from(environment, **overrides)


@pytest.mark.parametrize(
    ("environment", "overrides", "clock", "scale"),
    [
        ({}, {}, "real", 1.0),
        ({"WAIT_TIME_SCALE": "0.5"}, {}, "real", 0.5),  # "0.5 means cut the wait time to half"
        ({"WAIT_TIME_SCALE": "2"}, {}, "real", 2.0),  # "2 means double the wait time"
        ({"WAIT_TIME_SCALE": "0"}, {}, "virtual", 0.0),  # "0 means no wait time"
        ({"WAIT_TIME_SCALE": "0.5"}, {"time_scale": 0.25}, "real", 0.25),  # the option wins
        ({"WAIT_TIME_SCALE": "0.5"}, {"clock": "virtual"}, "virtual", 0.5),
    ],
)
def test_wait_time_scale_as_step_functions_local_reads_it(
    environment: dict[str, str], overrides: dict[str, Any], clock: str, scale: float
) -> None:
    config = config_from(environment, **overrides)
    assert (config.clock, config.time_scale) == (clock, scale)


def test_engine_time_scale_is_for_the_real_clock() -> None:
    import sfnsim

    assert "time_scale=0.01" in repr(sfnsim.Engine(clock="real", time_scale=0.01))
    with pytest.raises(ValueError, match="pass clock='real'"):
        sfnsim.Engine(time_scale=0.5)
    for bad in (0, -1, float("nan")):
        with pytest.raises(ValueError, match="time_scale must be a finite number above 0"):
            sfnsim.Engine(clock="real", time_scale=bad)


def test_env_file_mistakes_name_the_line(tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    env_file.write_text("AWS_DEFAULT_REGION=eu-west-1\nnot a setting\n")
    with pytest.raises(ConfigError, match=r"env:2: expected KEY=VALUE"):
        read_env_file(env_file)
    with pytest.raises(ConfigError, match="cannot read the env file"):
        read_env_file(tmp_path / "missing")


# -- the command, and a client written in another project: the AWS CLI ------------------------


@pytest.fixture
def served_by_the_command() -> Iterator[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sfnsim", "serve", "--port", "0", "--clock", "virtual", "--memory"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "sfnsim serving Step Functions on http://" in line, line + process.stderr.read()
        yield line.split(" on ", 1)[1].split()[0]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0  # drained and stopped


def test_the_aws_cli_against_the_command(served_by_the_command: str, tmp_path: Path) -> None:
    aws = shutil.which("aws")
    if aws is None:
        pytest.skip("the AWS CLI is not installed (pip install awscli)")
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "any",
        "AWS_SECRET_ACCESS_KEY": "any",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
    }
    definition = tmp_path / "workflow.asl.json"
    definition.write_text(json.dumps(WAIT_THEN_PASS))

    def cli(*args: str) -> Any:
        done = subprocess.run(
            [aws, "stepfunctions", "--endpoint-url", served_by_the_command, *args],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        return done.returncode, done.stdout, done.stderr

    code, out, err = cli(
        "create-state-machine", "--name", "m", "--definition", f"file://{definition}",
        "--role-arn", ROLE,
    )  # fmt: skip
    assert code == 0, err
    arn = json.loads(out)["stateMachineArn"]
    code, out, err = cli("start-execution", "--state-machine-arn", arn, "--name", "e1")
    assert code == 0, err
    code, out, err = cli("describe-execution", "--execution-arn", json.loads(out)["executionArn"])
    assert code == 0 and json.loads(out)["status"] == "SUCCEEDED", err
    code, out, err = cli("describe-state-machine", "--state-machine-arn", arn + "x")
    assert code != 0 and "StateMachineDoesNotExist" in err


def test_serve_help_explains_the_configuration() -> None:
    from sfnsim.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    text = subparsers.choices["serve"].format_help()  # type: ignore[attr-defined]
    words = ("--env-file", "SFN_MOCK_CONFIG", "LAMBDA_ENDPOINT", "inject_host_prefix")
    for word in (*words, "WAIT_TIME_SCALE", "--time-scale", "--data", "--memory"):
        assert word in text
