"""Calls that race a running execution (issue 13, items 5 to 8): a stop while a task handler
runs, one task token answered by many threads, Ctrl-C inside a handler, a handler that
answers its own token, and a slow handler on the real clock."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from typing import Any

import boto3
import pytest
import sfnsim
from callback_support import CALLBACK, waiting_token

ROLE = "arn:aws:iam::123456789012:role/r"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:work"
TASK_THEN_PASS = {
    "StartAt": "T",
    "States": {
        "T": {"Type": "Task", "Resource": LAMBDA, "Next": "P"},
        "P": {"Type": "Pass", "End": True},
    },
}


def create(client: Any, definition: Any, name: str = "m") -> str:
    return client.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]


def types(client: Any, arn: str) -> list[str]:
    return [e["type"] for e in client.get_execution_history(executionArn=arn)["events"]]


def test_a_stop_sent_by_the_running_handler_aborts_the_execution() -> None:
    box: dict[str, Any] = {}

    def work(event: Any) -> Any:
        box["stop"] = box["client"].stop_execution(
            executionArn=box["arn"], error="Halted", cause="by the handler"
        )
        return {"done": True}

    sfn = sfnsim.client(tasks={"work": work})
    box["client"] = sfn
    arn = create(sfn, TASK_THEN_PASS)
    box["arn"] = arn.replace(":stateMachine:", ":execution:") + ":run-1"
    sfn.start_execution(stateMachineArn=arn, name="run-1")
    described = sfn.describe_execution(executionArn=box["arn"])
    assert (described["status"], described["error"], described["cause"]) == (
        "ABORTED",
        "Halted",
        "by the handler",
    )
    assert described["stopDate"] == box["stop"]["stopDate"]
    assert types(sfn, box["arn"]) == [
        "ExecutionStarted",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "ExecutionAborted",
    ]


def test_a_stop_from_another_thread_while_the_handler_runs() -> None:
    entered, release = threading.Event(), threading.Event()

    def work(event: Any) -> Any:
        entered.set()
        release.wait(10)
        return {}

    sfn = sfnsim.client(tasks={"work": work})
    arn = create(sfn, TASK_THEN_PASS)
    started: dict[str, Any] = {}
    runner = threading.Thread(
        target=lambda: started.update(sfn.start_execution(stateMachineArn=arn, name="x"))
    )
    runner.start()
    assert entered.wait(10)
    execution = arn.replace(":stateMachine:", ":execution:") + ":x"
    sfn.stop_execution(executionArn=execution)
    release.set()
    runner.join(10)
    assert sfn.describe_execution(executionArn=execution)["status"] == "ABORTED"
    assert types(sfn, execution)[-1] == "ExecutionAborted"
    assert "TaskSucceeded" not in types(sfn, execution)


def test_a_task_token_is_accepted_exactly_once_under_racing_threads() -> None:
    sfn = sfnsim.client()
    arn = create(sfn, CALLBACK)
    for _ in range(60):
        execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        token = waiting_token(sfn, execution)
        accepted: list[int] = []
        refused: list[str] = []
        barrier = threading.Barrier(8)

        def answer(
            i: int,
            token: str = token,
            barrier: threading.Barrier = barrier,
            accepted: list[int] = accepted,
            refused: list[str] = refused,
        ) -> None:
            barrier.wait()
            try:
                sfn.send_task_success(taskToken=token, output=json.dumps({"by": i}))
                accepted.append(i)
            except sfn.exceptions.TaskTimedOut as exc:
                refused.append(str(exc))

        threads = [threading.Thread(target=answer, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(accepted) == 1 and len(refused) == 7
        assert "Provided task does not exist anymore" in refused[0]
        output = json.loads(sfn.describe_execution(executionArn=execution)["output"])
        assert output == {"by": accepted[0]}


@pytest.mark.parametrize("raised", [KeyboardInterrupt, SystemExit])
def test_ctrl_c_in_a_handler_reaches_the_caller_of_run(raised: type[BaseException]) -> None:
    calls: list[int] = []

    def work(event: Any) -> Any:
        calls.append(1)
        raise raised()

    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": LAMBDA,
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                "End": True,
            },
            "Caught": {"Type": "Pass", "End": True},
        },
    }
    with pytest.raises(raised):
        sfnsim.run(definition, {}, tasks={"work": work})
    assert calls == [1]  # neither retried nor caught
    sfn = sfnsim.client(tasks={"work": work})
    with pytest.raises(raised):
        sfn.start_execution(stateMachineArn=create(sfn, definition))
    assert calls == [1, 1]


def test_a_handler_may_answer_its_own_task_token_as_a_lambda_does() -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "worker", "Payload": {"token.$": "$$.Task.Token"}},
                "End": True,
            }
        },
    }
    mocks = sfnsim.Mocks()
    with sfnsim.mock_aws(mocks=mocks):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")

        @mocks.lambda_("worker")
        def worker(event: Any, context: Any) -> Any:
            sfn.send_task_success(taskToken=event["token"], output='{"from": "callback"}')
            return {"from": "return value, which AWS ignores"}

        arn = create(sfn, definition)
        execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        described = sfn.describe_execution(executionArn=execution)
        assert described["status"] == "SUCCEEDED"
        assert json.loads(described["output"]) == {"from": "callback"}
        assert types(sfn, execution)[2:6] == [
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
        ]


def test_on_the_real_clock_a_slow_handler_times_out() -> None:
    def slow(event: Any) -> Any:
        time.sleep(1.3)
        return {}

    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 1, "End": True}},
    }
    sfn = sfnsim.client(clock="real", tasks={"work": slow})
    execution = sfn.start_execution(stateMachineArn=create(sfn, definition))["executionArn"]
    deadline = time.monotonic() + 10
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    described = sfn.describe_execution(executionArn=execution)
    assert (described["status"], described["error"]) == ("FAILED", "States.Timeout")
    assert "LambdaFunctionTimedOut" in types(sfn, execution)


ENDLESS = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "C"}],
            "Default": "A",
        },
        "C": {"Type": "Succeed"},
    },
}


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals")
def test_ctrl_c_stops_a_loop_that_never_calls_python() -> None:
    def interrupt_soon() -> threading.Timer:
        timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
        timer.start()
        return timer

    sfn = sfnsim.client()
    arn = sfn.create_state_machine(
        name="loop", definition=json.dumps(ENDLESS), roleArn=ROLE, type="EXPRESS"
    )["stateMachineArn"]
    # A shell that starts a job in the background without job control has it ignore SIGINT, and
    # Python then keeps ignoring it: the loop would never be told to stop. Ctrl-C's handler is
    # what this test is about, so it is installed for the test's duration.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        for call in (
            lambda: sfn.start_sync_execution(stateMachineArn=arn),
            lambda: sfnsim.run(ENDLESS, {}, state_machine_type="EXPRESS"),
        ):
            started = time.monotonic()
            timer = interrupt_soon()
            with pytest.raises(KeyboardInterrupt):
                call()
            timer.join()
            assert time.monotonic() - started < 10
    finally:
        signal.signal(signal.SIGINT, previous)
