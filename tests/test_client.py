"""sfnsim.client(): the boto3-shaped client answered in-process."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone

import callback_support
import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
WAIT = json.dumps(
    {
        "StartAt": "W",
        "States": {
            "W": {"Type": "Wait", "Seconds": 60, "Next": "P"},
            "P": {"Type": "Pass", "End": True},
        },
    }
)
CALLBACK = json.dumps(callback_support.CALLBACK)
LAMBDA = json.dumps(
    {
        "StartAt": "Add",
        "States": {
            "Add": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:add",
                "End": True,
            }
        },
    }
)


def make(sfn: sfnsim.Client, name: str = "m", definition: str = PASS, **kw: object) -> str:
    return sfn.create_state_machine(name=name, definition=definition, roleArn=ROLE, **kw)[
        "stateMachineArn"
    ]


def test_issue_example() -> None:
    sfn = sfnsim.client()
    arn = make(sfn, "orders")
    ex = sfn.start_execution(stateMachineArn=arn, input='{"id": 1}')["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    events = sfn.get_execution_history(executionArn=ex)["events"]
    assert [e["type"] for e in events] == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    assert issubclass(sfn.exceptions.ExecutionDoesNotExist, sfnsim.ClientError)


def test_responses_look_like_boto3() -> None:
    sfn = sfnsim.client(region_name="eu-west-1", account_id="111111111111")
    created = sfn.create_state_machine(name="m", definition=PASS, roleArn=ROLE)
    assert created["stateMachineArn"] == "arn:aws:states:eu-west-1:111111111111:stateMachine:m"
    assert isinstance(created["creationDate"], datetime)
    assert created["creationDate"].tzinfo is not None
    meta = created["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 200 and meta["RetryAttempts"] == 0
    assert meta["HTTPHeaders"]["x-amzn-requestid"] == meta["RequestId"]
    events = sfn.get_execution_history(
        executionArn=sfn.start_execution(stateMachineArn=created["stateMachineArn"])["executionArn"]
    )["events"]
    assert all(isinstance(e["timestamp"], datetime) for e in events)


def test_errors_are_modeled_exceptions() -> None:
    sfn = sfnsim.client()
    arn = "arn:aws:states:us-east-1:123456789012:execution:m:nope"
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist) as info:
        sfn.describe_execution(executionArn=arn)
    error = info.value
    assert isinstance(error, sfnsim.ClientError)
    assert error.response["Error"] == {
        "Code": "ExecutionDoesNotExist",
        "Message": f"Execution Does Not Exist: '{arn}'",
    }
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.operation_name == "DescribeExecution"
    assert str(error) == (
        f"An error occurred (ExecutionDoesNotExist) when calling the "
        f"DescribeExecution operation: Execution Does Not Exist: '{arn}'"
    )
    assert sfn.exceptions.from_code("ExecutionDoesNotExist") is sfn.exceptions.ExecutionDoesNotExist
    botocore = pytest.importorskip("botocore.exceptions")
    assert isinstance(error, botocore.ClientError)
    with pytest.raises(botocore.ClientError):
        sfn.describe_state_machine(stateMachineArn="not-an-arn")


def test_modeled_extra_members_sit_at_the_top_level() -> None:
    sfn = sfnsim.client()
    with pytest.raises(sfn.exceptions.ResourceNotFound) as info:
        sfn.list_tags_for_resource(
            resourceArn="arn:aws:states:us-east-1:123456789012:stateMachine:x"
        )
    assert (
        info.value.response["resourceName"]
        == "arn:aws:states:us-east-1:123456789012:stateMachine:x"
    )


def test_parameters_are_checked_like_botocore() -> None:
    sfn = sfnsim.client()
    with pytest.raises(sfnsim.ParamValidationError) as info:
        sfn.describe_execution(executionArnn="x")
    assert 'Unknown parameter in input: "executionArnn"' in str(info.value)
    assert 'Missing required parameter in input: "executionArn"' in str(info.value)
    with pytest.raises(TypeError):
        sfn.list_state_machines(100)  # type: ignore[misc]
    botocore = pytest.importorskip("botocore.exceptions")
    with pytest.raises(botocore.ParamValidationError):
        sfn.start_execution()


def test_paginators() -> None:
    sfn = sfnsim.client()
    arn = make(sfn)
    for i in range(25):
        sfn.start_execution(stateMachineArn=arn, name=f"e{i:02d}")
    assert sfn.can_paginate("list_executions") and not sfn.can_paginate("describe_execution")
    pages = list(
        sfn.get_paginator("list_executions").paginate(
            stateMachineArn=arn, PaginationConfig={"PageSize": 10}
        )
    )
    assert [len(p["executions"]) for p in pages] == [10, 10, 5]
    full = sfn.get_paginator("list_executions").paginate(stateMachineArn=arn).build_full_result()
    assert len(full["executions"]) == 25
    limited = (
        sfn.get_paginator("list_executions")
        .paginate(stateMachineArn=arn, PaginationConfig={"MaxItems": 10, "PageSize": 10})
        .build_full_result()
    )
    assert len(limited["executions"]) == 10 and "NextToken" in limited
    history = sfn.get_paginator("get_execution_history").paginate(
        executionArn=f"{arn.replace('stateMachine', 'execution')}:e00",
        PaginationConfig={"PageSize": 1},
    )
    assert sum(len(p["events"]) for p in history) == 4
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.list_executions(stateMachineArn=arn, nextToken="bogus")


def test_tasks_table_and_callbacks() -> None:
    sfn = sfnsim.client(tasks={"add": lambda event: event["a"] + event["b"]})
    arn = make(sfn, "add", LAMBDA)
    ex = sfn.start_execution(stateMachineArn=arn, input='{"a": 2, "b": 3}')["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["output"] == "5"

    cb = make(sfn, "cb", CALLBACK)
    ex = sfn.start_execution(stateMachineArn=cb)["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    token = callback_support.waiting_token(sfn, ex)
    sfn.send_task_success(taskToken=token, output='{"ok": true}')
    done = sfn.describe_execution(executionArn=ex)
    assert done["status"] == "SUCCEEDED" and json.loads(done["output"]) == {"ok": True}
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_success(taskToken=token, output="{}")


def test_handler_errors_fail_the_task_with_the_exception_name() -> None:
    def boom(event: object) -> object:
        raise KeyError("missing")

    sfn = sfnsim.client(tasks={"add": boom})
    ex = sfn.start_execution(stateMachineArn=make(sfn, "add", LAMBDA))["executionArn"]
    d = sfn.describe_execution(executionArn=ex)
    assert d["status"] == "FAILED" and d["error"] == "KeyError"


def test_manual_clock_holds_waits() -> None:
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    clock = sfnsim.ManualClock(start=start)
    sfn = sfnsim.client(clock=clock)
    ex = sfn.start_execution(stateMachineArn=make(sfn, "w", WAIT))["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    assert sfn.describe_execution(executionArn=ex)["startDate"] == start
    clock.advance(seconds=59)
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    clock.advance(seconds=1)
    d = sfn.describe_execution(executionArn=ex)
    assert d["status"] == "SUCCEEDED"
    assert (d["stopDate"] - d["startDate"]).total_seconds() == 60


def test_virtual_clock_runs_waits_at_once_with_simulated_timestamps() -> None:
    sfn = sfnsim.client()
    ex = sfn.start_execution(stateMachineArn=make(sfn, "w", WAIT))["executionArn"]
    d = sfn.describe_execution(executionArn=ex)
    assert d["status"] == "SUCCEEDED"
    assert (d["stopDate"] - d["startDate"]).total_seconds() == 60


def test_clients_share_only_through_an_engine() -> None:
    a, b = sfnsim.client(), sfnsim.client()
    make(a)
    assert b.list_state_machines()["stateMachines"] == []
    engine = sfnsim.Engine()
    c, d = sfnsim.client(engine=engine), sfnsim.client(engine=engine)
    make(c)
    assert len(d.list_state_machines()["stateMachines"]) == 1


def test_express_sync_execution() -> None:
    sfn = sfnsim.client()
    arn = make(sfn, "x", type="EXPRESS")
    r = sfn.start_sync_execution(stateMachineArn=arn, input='{"v": 1}')
    assert r["status"] == "SUCCEEDED" and r["output"] == '{"v":1}'
    assert isinstance(r["stopDate"], datetime)
    with pytest.raises(sfn.exceptions.InvalidArn):
        sfn.describe_execution(executionArn=r["executionArn"])


def test_mocks_parameter_takes_a_registry_or_a_mock_config() -> None:
    with pytest.raises(TypeError):
        sfnsim.client(mocks={})  # type: ignore[arg-type]
    mocks = sfnsim.Mocks()
    mocks.lambda_("add").returns(9)
    sfn = sfnsim.client(mocks=mocks)
    ex = sfn.start_execution(stateMachineArn=make(sfn, "add", LAMBDA))["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["output"] == "9"


def test_many_threads_one_client() -> None:
    sfn = sfnsim.client(tasks={"add": lambda e: e["a"] + e["b"]})
    arn = make(sfn, "add", LAMBDA)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(50):
                ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"a": t, "b": i}))
                d = sfn.describe_execution(executionArn=ex["executionArn"])
                assert d["output"] == str(t + i)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert (
        len(
            sfn.get_paginator("list_executions")
            .paginate(stateMachineArn=arn)
            .build_full_result()["executions"]
        )
        == 300
    )


def test_real_clock_really_waits() -> None:
    import time

    sfn = sfnsim.client(clock="real")
    short_wait = WAIT.replace('"Seconds": 60', '"Seconds": 1')
    ex = sfn.start_execution(stateMachineArn=make(sfn, "w", short_wait))["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    deadline = time.monotonic() + 10
    while sfn.describe_execution(executionArn=ex)["status"] == "RUNNING":
        assert time.monotonic() < deadline, "the real clock never woke the execution"
        time.sleep(0.05)
    d = sfn.describe_execution(executionArn=ex)
    assert d["status"] == "SUCCEEDED"
    assert (d["stopDate"] - d["startDate"]).total_seconds() >= 1


def test_parameter_messages_match_botocore() -> None:
    from botocore.exceptions import ParamValidationError as BotoParamValidationError
    from botocore.session import get_session

    real = get_session().create_client(
        "stepfunctions", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    ours = sfnsim.client()
    calls = [
        ("list_executions", {"maxResults": -1, "nextToken": ""}),
        ("list_executions", {"maxResults": "10"}),
        ("start_execution", {"stateMachineArn": 5, "bogus": 1}),
        ("tag_resource", {"resourceArn": "a", "tags": None}),
        ("describe_execution", {}),
        ("create_state_machine_alias", {"name": "a", "routingConfiguration": []}),
    ]
    for method, kwargs in calls:
        with pytest.raises(BotoParamValidationError) as theirs:
            getattr(real, method)(**kwargs)
        with pytest.raises(sfnsim.ParamValidationError) as mine:
            getattr(ours, method)(**kwargs)
        # Same problems, same words (botocore's client may list them in another order).
        assert sorted(str(mine.value).splitlines()) == sorted(str(theirs.value).splitlines())


def test_text_that_is_not_utf8_is_replaced_not_raised() -> None:
    sfn = sfnsim.client()
    definition = json.dumps(
        {
            "StartAt": "D",
            "States": {
                "D": {
                    "Type": "Pass",
                    "Parameters": {"x.$": "States.Base64Decode('/w==')"},
                    "Next": "F",
                },
                "F": {"Type": "Fail", "Error": "E", "CausePath": "$.x"},
            },
        }
    )
    ex = sfn.start_execution(stateMachineArn=make(sfn, "bytes", definition))["executionArn"]
    d = sfn.describe_execution(executionArn=ex)
    assert d["status"] == "FAILED" and "\ufffd" in d["cause"]
