"""``executor=``: Task handlers on a ``concurrent.futures.Executor`` (docs/executors.md).

The rule under test: the history does not depend on the executor, nor on the order in which
handlers finish (the engine settles tasks in flight in the order they started, before the
virtual clock moves). Handlers are defined at module level so that a process pool can pickle
them.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import pytest
import sfnsim
from sfnsim.chunks import run_chunk
from sfnsim.executors import ChunkedExecutor, ProcessPool, check_executor

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"
START = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class ItemError(Exception):
    pass


def process_item(event: Any) -> Any:
    """A Map iteration's Lambda: sleeps a random while (so workers finish out of order), fails
    for some items (retried, then caught) and doubles the others."""
    time.sleep(random.random() * 0.004)
    n = event["n"]
    if n % 10 == 3:
        raise ItemError(f"item {n} is bad")
    return {"n": n, "doubled": 2 * n}


def audit(event: Any, context: Any) -> Any:
    time.sleep(random.random() * 0.004)
    return {"audited": len(event["items"]), "request": context.aws_request_id}


def notify(params: Any) -> Any:
    time.sleep(random.random() * 0.002)
    return {"MessageId": f"m-{params['Message']}"}


def fails_with_task_failed(event: Any) -> Any:
    raise sfnsim.TaskFailed("Custom.Error", "exactly this cause")


def fails_with_value_error(event: Any) -> Any:
    raise ValueError(f"bad value {event}")


WORKFLOW: dict[str, Any] = {
    "StartAt": "Both",
    "States": {
        "Both": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "Items",
                    "States": {
                        "Items": {
                            "Type": "Map",
                            "ItemsPath": "$.items",
                            "MaxConcurrency": 0,
                            "ItemProcessor": {
                                "StartAt": "Process",
                                "States": {
                                    "Process": {
                                        "Type": "Task",
                                        "Resource": "arn:aws:states:::lambda:invoke",
                                        "Parameters": {
                                            "FunctionName": "process-item",
                                            "Payload.$": "$",
                                        },
                                        "OutputPath": "$.Payload",
                                        "Retry": [
                                            {
                                                "ErrorEquals": ["ItemError"],
                                                "MaxAttempts": 2,
                                                "IntervalSeconds": 1,
                                            }
                                        ],
                                        "Catch": [
                                            {"ErrorEquals": ["States.ALL"], "Next": "Skipped"}
                                        ],
                                        "End": True,
                                    },
                                    "Skipped": {"Type": "Pass", "Result": "skipped", "End": True},
                                },
                            },
                            "End": True,
                        }
                    },
                },
                {
                    "StartAt": "Flaky",
                    "States": {
                        "Flaky": {
                            "Type": "Task",
                            "Resource": LAMBDA + "audit",
                            "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 2}],
                            "Next": "Notify",
                        },
                        "Notify": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::sns:publish",
                            "Parameters": {
                                "TopicArn": "t",
                                "Message.$": "States.Format('{}', $.audited)",
                            },
                            "End": True,
                        },
                    },
                },
            ],
            "End": True,
        }
    },
}


def workflow_mocks() -> sfnsim.Mocks:
    mocks = sfnsim.Mocks()
    mocks.lambda_("process-item").handler(process_item)
    # The first invocation fails, whichever worker is quickest: sequences are consumed on the
    # engine's thread, in the order the tasks start.
    mocks.state("Flaky").sequence(sfnsim.raises("Throttled"), sfnsim.calls(audit))
    mocks.state("Notify").handler(notify)
    return mocks


def history_text(ex: sfnsim.Execution) -> str:
    return json.dumps(ex.history, default=str, sort_keys=False)


def run_workflow(executor: Executor | None, items: int = 50) -> sfnsim.Execution:
    return sfnsim.run(
        WORKFLOW,
        {"items": [{"n": i} for i in range(items)]},
        mocks=workflow_mocks(),
        executor=executor,
        name="same",
        start_time=START,
        seed=7,
    )


def test_history_is_the_same_in_process_on_threads_and_on_processes() -> None:
    expected = run_workflow(None)
    assert expected.status == "SUCCEEDED"
    assert expected.output[0][3] == "skipped" and expected.output[0][4] == {"n": 4, "doubled": 8}
    assert expected.output[1] == {"MessageId": "m-50"}
    types = [e["type"] for e in expected.history]
    assert types.count("LambdaFunctionFailed") == 1  # Flaky's first attempt
    assert types.count("TaskFailed") == 5 * 3  # 5 bad items, 3 attempts each
    text = history_text(expected)
    with ThreadPoolExecutor(8) as threads:
        for _ in range(3):  # random sleeps: a different finishing order each time
            assert history_text(run_workflow(threads)) == text
    with ProcessPoolExecutor(2) as processes:
        assert history_text(run_workflow(processes)) == text


def _failure(handler: Callable[[Any], Any], resource: str, executor: Executor | None) -> Any:
    task: dict[str, Any] = {"Type": "Task", "Resource": resource, "End": True}
    key = resource
    if resource.endswith(":lambda:invoke"):
        task["Parameters"] = {"FunctionName": "f", "Payload.$": "$"}
        key = "f"
    elif resource.endswith(":sns:publish"):
        task["Parameters"] = {"TopicArn": "t", "Message.$": "$.x"}
    ex = sfnsim.run(
        {"StartAt": "T", "States": {"T": task}},
        {"x": 1},
        tasks={key: handler},
        executor=executor,
        name="f",
        seed=1,
        start_time=START,
    )
    assert ex.status == "FAILED"
    failed = [e for e in ex.history if e["type"].endswith("Failed") and "State" not in e["type"]]
    return ex.error, ex.cause, json.dumps(failed[0], default=str)


@pytest.mark.parametrize(
    "handler", [fails_with_task_failed, fails_with_value_error], ids=["TaskFailed", "exception"]
)
@pytest.mark.parametrize(
    "resource", [LAMBDA + "f", "arn:aws:states:::lambda:invoke", "arn:aws:states:::sns:publish"]
)
def test_a_worker_error_is_the_same_asl_error_as_in_process(
    handler: Callable[[Any], Any], resource: str
) -> None:
    expected = _failure(handler, resource, None)
    error, cause, _ = expected
    if handler is fails_with_task_failed:
        assert (error, cause) == ("Custom.Error", "exactly this cause")
    else:
        assert error == "ValueError" and "bad value" in cause
    with ThreadPoolExecutor(2) as threads:
        assert _failure(handler, resource, threads) == expected
    with ProcessPoolExecutor(1) as processes:
        assert _failure(handler, resource, processes) == expected


def test_a_handler_a_process_pool_cannot_pickle_raises_executor_error() -> None:
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": LAMBDA + "f", "End": True}},
    }
    with ProcessPoolExecutor(1) as processes:
        with pytest.raises(sfnsim.ExecutorError) as raised:
            sfnsim.run(definition, tasks={"f": lambda event: event}, executor=processes)
    assert raised.value.handler.endswith("<lambda>")
    assert raised.value.state == "T"
    message = str(raised.value)
    assert "ProcessPoolExecutor" in message and "<lambda>" in message and "'T'" in message
    assert "module level" in message


def dies_once(event: Any) -> Any:
    """Kills its worker process the first time (leaving a marker), answers the second time."""
    marker = Path(event["marker"])
    if not marker.exists():
        marker.write_text("died")
        os._exit(1)
    return {"survived": event["n"]}


def always_dies(event: Any) -> Any:
    """Kills its worker process, and counts the attempts in ``event["count"]`` if given."""
    if "count" in event:
        with open(event["count"], "a") as count:
            count.write("x")
    os._exit(1)


KILLED = {
    "StartAt": "T",
    "States": {
        "T": {
            "Type": "Task",
            "Resource": LAMBDA + "f",
            # AWS Lambda's own failures are retried by the workflow; a dead worker is not the
            # task's failure and never reaches this Retry.
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
            "End": True,
        }
    },
}


def test_a_process_pool_worker_killed_mid_task_raises_executor_error(tmp_path: Path) -> None:
    """A process pool runs no task again: the death reaches the caller at once."""
    count = tmp_path / "count"
    with ProcessPoolExecutor(1) as processes:
        with pytest.raises(sfnsim.ExecutorError, match="BrokenProcessPool") as raised:
            sfnsim.run(KILLED, {"count": str(count)}, tasks={"f": always_dies}, executor=processes)
    assert count.read_text() == "x"  # once: neither the pool nor the Retry ran it again
    assert raised.value.state == "T" and raised.value.handler.endswith("always_dies")
    assert "died mid-task" in str(raised.value) and "runs no task again" in str(raised.value)


def works(event: Any) -> Any:
    return {"worked": event["n"]}


def counts_then_works(event: Any) -> Any:
    """``works``, writing the item's number to ``event["runs"]`` each time it runs."""
    with open(event["runs"], "a") as runs:
        runs.write(f"{event['n']} ")
    return works(event)


def counts_then_dies(event: Any) -> Any:
    counts_then_works(event)
    os._exit(1)


def answers_no_pickle(event: Any) -> Any:
    """A result a process cannot send back (a lock pickles in no process)."""
    return threading.Lock()


def one_task_per_item(item_task: str, other_task: str = "works") -> dict[str, Any]:
    """A Map whose items with ``"odd": true`` run ``item_task``, the others ``other_task``."""
    return {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "Which",
                    "States": {
                        "Which": {
                            "Type": "Choice",
                            "Choices": [
                                {"Variable": "$.odd", "BooleanEquals": True, "Next": "Odd"}
                            ],
                            "Default": "Usual",
                        },
                        "Usual": {"Type": "Task", "Resource": LAMBDA + other_task, "End": True},
                        "Odd": {"Type": "Task", "Resource": LAMBDA + item_task, "End": True},
                    },
                },
                "End": True,
            }
        },
    }


def check_chunks(chunked: ChunkedExecutor, unchunked: ChunkedExecutor) -> None:
    """docs/executors.md "Handler calls in chunks", the same on every adapter that chunks: the
    calls started together go as a few tasks, the history is that of one task per call, and a
    task with a time limit goes alone."""
    assert chunked.chunker is not None and unchunked.chunker is None
    tasks: list[int] = []
    send = chunked.chunker._submit

    def counted(fn: Callable[..., Any], *args: Any) -> Any:
        tasks.append(len(args[0]) if fn is run_chunk else 1)
        return send(fn, *args)

    chunked.chunker._submit = counted
    text = history_text(run_workflow(unchunked))
    assert history_text(run_workflow(chunked)) == text
    # The Map's 50 items and the Notify branch start together; then the retries and Audit.
    assert sum(tasks) > 50 and len(tasks) < sum(tasks) // 2
    # A task with TimeoutSeconds (or HeartbeatSeconds) goes alone: on the real clock the time
    # until its result is seen is the task's.
    for limit in ({"TimeoutSeconds": 60}, {"HeartbeatSeconds": 30}, {"TimeoutSecondsPath": "$.t"}):
        tasks.clear()
        task = {"Type": "Task", "Resource": LAMBDA + "works", "End": True, **limit}
        timed = {
            "StartAt": "Each",
            "States": {
                "Each": {
                    "Type": "Map",
                    "ItemProcessor": {"StartAt": "T", "States": {"T": task}},
                    "End": True,
                }
            },
        }
        items = [{"n": n, "t": 60} for n in range(20)]
        ex = sfnsim.run(timed, items, tasks={"works": works}, executor=chunked)
        assert ex.status == "SUCCEEDED" and tasks == [1] * 20, limit


def test_a_process_pool_gets_calls_in_chunks_with_the_history_of_one_task_per_call() -> None:
    with ProcessPoolExecutor(2) as processes:
        adapted = check_executor(processes)
        assert isinstance(adapted, ProcessPool) and adapted.pool is processes
        assert check_executor(adapted) is adapted  # given as is, chunks=False kept
        check_chunks(adapted, ProcessPool(processes, chunks=False))
        adapted.shutdown()  # the pool is the caller's: it still runs
        assert processes.submit(works, {"n": 1}).result() == {"worked": 1}


@pytest.mark.parametrize("chunks", [True, False])
def test_a_result_a_process_cannot_send_fails_exactly_its_call_with_or_without_chunks(
    chunks: bool, tmp_path: Path
) -> None:
    """A chunk that fails as a whole is sent again call by call: the one call fails, as it
    does alone, and the others of its chunk ran twice."""
    runs = tmp_path / "runs"
    items = [{"n": n, "odd": n == 6, "runs": str(runs)} for n in range(20)]
    handlers = {"works": counts_then_works, "bad": answers_no_pickle}
    with ProcessPoolExecutor(1) as processes:
        executor = ProcessPool(processes, chunks=chunks)
        with pytest.raises(sfnsim.ExecutorError, match="module level") as raised:
            sfnsim.run(one_task_per_item("bad"), items, tasks=handlers, executor=executor)
    assert raised.value.state == "Odd" and raised.value.handler.endswith("answers_no_pickle")
    assert "ProcessPoolExecutor could not run" in str(raised.value)
    # One worker: 20 calls in chunks [0, 9], [10, 14], ... (chunk_sizes). The first fails as a
    # whole and its calls run again alone (6, which counts no run, too); leaving the pool
    # waited for the calls after 6.
    again = [0, 1, 2, 3, 4, 5, 7, 8, 9] if chunks else []
    ran = sorted(int(n) for n in runs.read_text().split())
    assert ran == sorted([*(n for n in range(20) if n != 6), *again])


def test_a_process_pool_worker_killed_in_a_chunk_fails_the_calls_not_done(tmp_path: Path) -> None:
    """The pool is broken: every call not done fails, with chunks those of the dead worker's
    chunk that had run too, so the error names the first call of that chunk, here the first
    item (without chunks, on one worker, the call that killed it)."""
    runs = tmp_path / "runs"
    items = [{"n": n, "odd": n == 7, "runs": str(runs)} for n in range(20)]
    handlers = {"works": counts_then_works, "dies": counts_then_dies}
    for chunks, state, handler in [(True, "Usual", "counts_then_works"), (False, "Odd", "dies")]:
        runs.write_text("")
        with ProcessPoolExecutor(1) as processes:
            executor = ProcessPool(processes, chunks=chunks)
            with pytest.raises(sfnsim.ExecutorError, match="BrokenProcessPool") as raised:
                sfnsim.run(one_task_per_item("dies"), items, tasks=handlers, executor=executor)
        assert raised.value.state == state and raised.value.handler.endswith(handler)
        assert "died mid-task" in str(raised.value) and "chunk" in str(raised.value)
        # Nothing ran again: 0 to 7 once each (with chunks, [0, 9] died at 7).
        assert sorted(int(n) for n in runs.read_text().split()) == list(range(8))


def test_a_shut_down_executor_raises_executor_error() -> None:
    threads = ThreadPoolExecutor(1)
    threads.shutdown()
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": LAMBDA + "f", "End": True}},
    }
    with pytest.raises(sfnsim.ExecutorError, match="could not run the handler .*process_item"):
        sfnsim.run(definition, {"n": 1}, tasks={"f": process_item}, executor=threads)


def test_executor_must_be_an_executor() -> None:
    with pytest.raises(TypeError, match="concurrent.futures.Executor"):
        sfnsim.run(WORKFLOW, executor="threads")  # type: ignore[arg-type]


class Gauge:
    """How many handlers run at once, at most."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def handler(self, event: Any) -> Any:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(0.01)
        with self.lock:
            self.now -= 1
        return event


# (MaxConcurrency, the most handlers that may run at once, the fewest they surely reach: each
# sleeps 10 ms, while submitting them all takes microseconds).
@pytest.mark.parametrize("max_concurrency, ceiling, floor", [(0, 16, 4), (3, 3, 2), (1, 1, 1)])
def test_map_iterations_run_concurrently_up_to_max_concurrency(
    max_concurrency: int, ceiling: int, floor: int
) -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "MaxConcurrency": max_concurrency,
                "ItemProcessor": {
                    "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": LAMBDA + "g", "End": True}},
                },
                "End": True,
            }
        },
    }
    gauge = Gauge()
    with ThreadPoolExecutor(16) as threads:
        ex = sfnsim.run(definition, list(range(32)), tasks={"g": gauge.handler}, executor=threads)
    assert ex.status == "SUCCEEDED" and ex.output == list(range(32))
    assert floor <= gauge.most <= ceiling  # ThreadPoolExecutor(16) bounds MaxConcurrency 0


def without_times(events: list[dict[str, Any]]) -> str:
    """A client's history without what follows its virtual clock, which starts at the real
    time of the call: timestamps, and the Date header and trace id time of a Lambda invoke's
    response (two runs may start in different seconds)."""
    text = json.dumps([{k: v for k, v in e.items() if k != "timestamp"} for e in events])
    text = re.sub(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT", "<date>", text)
    return re.sub(r"Root=1-[0-9a-f]{8}-", "Root=1-<time>-", text)


def test_client_runs_handlers_on_the_executor_with_the_same_history() -> None:
    def history(executor: Executor | None) -> str:
        sfn = sfnsim.client(mocks=workflow_mocks(), executor=executor, seed=3)
        arn = sfn.create_state_machine(
            name="m", definition=json.dumps(WORKFLOW), roleArn="arn:aws:iam::1:role/r"
        )["stateMachineArn"]
        started = sfn.start_execution(
            stateMachineArn=arn,
            name="e",
            input=json.dumps({"items": [{"n": i} for i in range(20)]}),
        )
        events = sfn.get_execution_history(executionArn=started["executionArn"], maxResults=1000)[
            "events"
        ]
        assert events[-1]["type"] == "ExecutionSucceeded"
        return without_times(events)

    expected = history(None)
    with ThreadPoolExecutor(8) as threads:
        assert history(threads) == expected


def test_mock_aws_runs_handlers_on_the_executor_with_the_same_history(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    boto3 = pytest.importorskip("boto3")
    for key, value in {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")

    def history(executor: Executor | None, gauge: Gauge) -> str:
        mocks = workflow_mocks()
        mocks.lambda_("process-item").handler(gauge.handler)
        with sfnsim.mock_aws(mocks=mocks, executor=executor, seed=3):
            sfn = boto3.client("stepfunctions")
            arn = sfn.create_state_machine(
                name="m", definition=json.dumps(WORKFLOW), roleArn="arn:aws:iam::1:role/r"
            )["stateMachineArn"]
            started = sfn.start_execution(
                stateMachineArn=arn,
                name="e",
                input=json.dumps({"items": [{"n": i} for i in range(20)]}),
            )
            events = sfn.get_execution_history(
                executionArn=started["executionArn"], maxResults=1000
            )["events"]
        assert events[-1]["type"] == "ExecutionSucceeded"
        return without_times(events)

    serial, threaded = Gauge(), Gauge()
    expected = history(None, serial)
    with ThreadPoolExecutor(8) as threads:
        assert history(threads, threaded) == expected
    assert serial.most == 1 and threaded.most > 1  # the Map's iterations overlapped


def sleep_then_echo(event: Any) -> Any:
    time.sleep(0.15)
    return event


def test_on_the_real_clock_handlers_overlap_and_timestamps_are_real() -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": LAMBDA + "w", "End": True}},
                },
                "End": True,
            }
        },
    }
    with ThreadPoolExecutor(8) as threads:
        sfn = sfnsim.client(clock="real", tasks={"w": sleep_then_echo}, executor=threads)
        arn = sfn.create_state_machine(
            name="m", definition=json.dumps(definition), roleArn="arn:aws:iam::1:role/r"
        )["stateMachineArn"]
        began = time.perf_counter()
        ex = sfn.start_execution(stateMachineArn=arn, input="[1, 2, 3, 4, 5, 6, 7, 8]")[
            "executionArn"
        ]
        while sfn.describe_execution(executionArn=ex)["status"] == "RUNNING":
            time.sleep(0.01)
        wall = time.perf_counter() - began
    assert sfn.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    assert wall < 0.8  # one after another: 1.2 s
    events = sfn.get_execution_history(executionArn=ex)["events"]
    started = [e["timestamp"] for e in events if e["type"] == "LambdaFunctionStarted"]
    ended = [e["timestamp"] for e in events if e["type"] == "LambdaFunctionSucceeded"]
    assert all((b - a).total_seconds() >= 0.15 for a, b in zip(started, ended))


class CallsBack:
    """Handlers that call the client back from a worker thread while the engine waits on them."""

    def __init__(self) -> None:
        self.sfn: Any = None

    def answers_own_token(self, event: Any, context: Any) -> Any:
        output = json.dumps({"via": "callback"})
        self.sfn.send_task_success(taskToken=context["Task"]["Token"], output=output)
        return {"ignored": True}  # AWS ignores what a .waitForTaskToken handler returns

    def describes_own_execution(self, params: Any, context: Any) -> Any:
        described = self.sfn.describe_execution(executionArn=context["Execution"]["Id"])
        return {"seen": described["status"]}


@pytest.mark.parametrize(
    "resource, handler, output",
    [
        (
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            CallsBack.answers_own_token,
            {"via": "callback"},
        ),
        ("arn:aws:states:::sns:publish", CallsBack.describes_own_execution, {"seen": "RUNNING"}),
    ],
    ids=["own token", "describe"],
)
def test_a_handler_on_a_worker_may_call_the_client_back(
    resource: str, handler: Callable[..., Any], output: Any
) -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": resource,
                "Parameters": {
                    "QueueUrl": "q",
                    "MessageBody": "x",
                    "TopicArn": "t",
                    "Message": "x",
                },
                "End": True,
            }
        },
    }
    back = CallsBack()
    mocks = sfnsim.Mocks()
    mocks.state("T").handler(handler.__get__(back))
    with ThreadPoolExecutor(2) as threads:
        back.sfn = sfn = sfnsim.client(mocks=mocks, executor=threads)
        arn = sfn.create_state_machine(
            name="m", definition=json.dumps(definition), roleArn="arn:aws:iam::1:role/r"
        )["stateMachineArn"]
        ex = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        described = sfn.describe_execution(executionArn=ex)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == output


def test_distributed_map_child_executions_are_the_same_on_the_executor() -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 5,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "T",
                    "States": {
                        "T": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {"FunctionName": "process-item", "Payload.$": "$"},
                            "OutputPath": "$.Payload",
                            "Retry": [{"ErrorEquals": ["ItemError"], "MaxAttempts": 1}],
                            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S"}],
                            "End": True,
                        },
                        "S": {"Type": "Pass", "End": True},
                    },
                },
                "End": True,
            }
        },
    }

    def histories(executor: Executor | None) -> list[str]:
        mocks = sfnsim.Mocks()
        mocks.lambda_("process-item").handler(process_item)
        sfn = sfnsim.client(mocks=mocks, executor=executor, seed=1)
        arn = sfn.create_state_machine(
            name="m", definition=json.dumps(definition), roleArn="arn:aws:iam::1:role/r"
        )["stateMachineArn"]
        items = json.dumps([{"n": i} for i in range(20)])
        ex = sfn.start_execution(stateMachineArn=arn, name="e", input=items)["executionArn"]
        run = sfn.list_map_runs(executionArn=ex)["mapRuns"][0]["mapRunArn"]
        children = sfn.list_executions(mapRunArn=run, maxResults=1000)["executions"]
        arns = [ex] + sorted(c["executionArn"] for c in children)
        assert len(arns) == 21
        return [
            without_times(sfn.get_execution_history(executionArn=a, maxResults=1000)["events"])
            for a in arns
        ]

    expected = histories(None)
    assert '"ExecutionSucceeded"' in expected[0]
    with ThreadPoolExecutor(8) as threads:
        assert histories(threads) == expected


def test_the_client_call_that_runs_the_execution_raises_executor_error() -> None:
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": LAMBDA + "f", "End": True}},
    }
    with ProcessPoolExecutor(1) as processes:
        sfn = sfnsim.client(tasks={"f": lambda event: event}, executor=processes)
        arn = sfn.create_state_machine(
            name="m", definition=json.dumps(definition), roleArn="arn:aws:iam::1:role/r"
        )["stateMachineArn"]
        with pytest.raises(sfnsim.ExecutorError, match="<lambda> of Task state 'T'"):
            sfn.start_execution(stateMachineArn=arn, input="{}")
    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    assert [e["status"] for e in listed] == ["RUNNING"]  # left as Ctrl-C leaves it


def test_dask_and_ray_are_imported_only_when_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sfnsim; "
        "print(sorted(m for m in ('distributed', 'dask', 'ray', 'tqdm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ray_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(sfnsim.MissingExtra, match=r"sfnsim\[ray\]"):
        sfnsim.executors.ray()
