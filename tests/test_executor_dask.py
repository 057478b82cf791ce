"""``executor=`` on Dask (docs/executors.md): a ``distributed.Client`` or a ``LocalCluster``
taken as they are. Skips without the ``sfnsim[dask]`` extra.

The rule is the one tests/test_executor.py checks on thread and process pools: the history does
not depend on the executor. Dask adds two things to specify: calls are never merged (Dask names
a pure task after its arguments), and a worker that dies mid-task is run again elsewhere, up to
``distributed.scheduler.allowed-failures`` times, then raises ``sfnsim.ExecutorError``.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest
import sfnsim
from sfnsim.executors import DaskExecutor

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

from test_executor import (  # noqa: E402 - after the skip: the helpers need no Dask
    KILLED,
    LAMBDA,
    START,
    _failure,
    always_dies,
    check_chunks,
    dies_once,
    fails_with_task_failed,
    fails_with_value_error,
    history_text,
    run_workflow,
    sleep_then_echo,
    works,
)


def _cluster(**config: Any) -> Any:
    with dask.config.set(config):
        return distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never 8787, which may be taken
            silence_logs=40,  # logging.ERROR: a killed worker is expected here
        )


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    cluster = _cluster()
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def client(cluster: Any) -> Iterator[Any]:
    client = distributed.Client(cluster, set_as_default=False)
    yield client
    client.close()


def test_history_is_the_same_on_a_dask_client_and_a_local_cluster(
    cluster: Any, client: Any
) -> None:
    text = history_text(run_workflow(None))
    assert history_text(run_workflow(client)) == text
    # A cluster gets a client of its own for the run, closed at its end.
    assert history_text(run_workflow(cluster)) == text
    assert len(cluster.scheduler.clients) == 2  # the fixture's client and the cluster's own


@pytest.mark.parametrize(
    "handler", [fails_with_task_failed, fails_with_value_error], ids=["TaskFailed", "exception"]
)
@pytest.mark.parametrize("resource", [LAMBDA + "f", "arn:aws:states:::lambda:invoke"])
def test_a_dask_worker_error_is_the_same_asl_error_as_in_process(
    client: Any, handler: Callable[[Any], Any], resource: str
) -> None:
    assert _failure(handler, resource, client) == _failure(handler, resource, None)


def fresh_token(event: Any) -> str:
    return uuid.uuid4().hex


def test_equal_calls_are_not_merged(client: Any) -> None:
    """Dask names a pure task after its function and arguments: four iterations with the same
    input would run once. sfnsim submits every call as impure."""
    definition = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": LAMBDA + "f", "End": True}},
                },
                "End": True,
            }
        },
    }
    ex = sfnsim.run(definition, [{"same": 1}] * 4, tasks={"f": fresh_token}, executor=client)
    assert ex.status == "SUCCEEDED" and len(set(ex.output)) == 4


def test_a_lambda_handler_runs_on_dask(client: Any) -> None:
    """Dask sends functions with cloudpickle: a lambda a process pool refuses is fine."""
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": LAMBDA + "f", "End": True}},
    }
    ex = sfnsim.run(definition, {"n": 2}, tasks={"f": lambda e: e["n"] * 3}, executor=client)
    assert ex.output == 6


def test_a_worker_killed_mid_task_runs_the_task_again_and_the_history_is_unchanged(
    client: Any, tmp_path: Path
) -> None:
    marker = tmp_path / "died"
    args: dict[str, Any] = {
        "tasks": {"f": dies_once},
        "name": "k",
        "seed": 1,
        "start_time": START,
    }
    ex = sfnsim.run(KILLED, {"marker": str(marker), "n": 5}, executor=client, **args)
    assert marker.read_text() == "died"  # the first worker died in the handler
    assert ex.status == "SUCCEEDED" and ex.output == {"survived": 5}
    # In-process, with the marker there: the handler answers at once, as the second run did.
    expected = sfnsim.run(KILLED, {"marker": str(marker), "n": 5}, **args)
    assert history_text(ex) == history_text(expected)


def test_calls_go_in_chunks_and_the_history_is_that_of_one_task_per_call(client: Any) -> None:
    """docs/executors.md "Handler calls in chunks", on Dask."""
    check_chunks(DaskExecutor(client), DaskExecutor(client, chunks=False))


DIES_IN_A_MAP = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemProcessor": {
                "StartAt": "Which",
                "States": {
                    "Which": {
                        "Type": "Choice",
                        "Choices": [{"Variable": "$.die", "BooleanEquals": True, "Next": "Dies"}],
                        "Default": "Works",
                    },
                    "Works": {"Type": "Task", "Resource": LAMBDA + "works", "End": True},
                    "Dies": {"Type": "Task", "Resource": LAMBDA + "dies", "End": True},
                },
            },
            "End": True,
        }
    },
}


def test_a_worker_killed_more_often_than_allowed_raises_executor_error() -> None:
    cluster = _cluster(**{"distributed.scheduler.allowed-failures": 0})
    try:
        with pytest.raises(sfnsim.ExecutorError, match="KilledWorker") as raised:
            sfnsim.run(KILLED, {}, tasks={"f": always_dies}, executor=cluster)
        assert raised.value.state == "T" and raised.value.handler.endswith("always_dies")
        assert "DaskExecutor" in str(raised.value) and "died mid-task" in str(raised.value)
        # In a chunk with calls that work: the chunk is sent again call by call, and the error
        # names the call that kills its worker, not the chunk's first. With no failure allowed,
        # Dask also fails a working call that was queued on the worker that died (as it would
        # without chunks), so a run may name one of those; the chunk's first call would be named
        # every time, the call that kills almost never is not.
        items = [{"n": n, "die": n == 5} for n in range(20)]
        named = []
        for _ in range(3):
            with pytest.raises(sfnsim.ExecutorError, match="KilledWorker") as raised:
                sfnsim.run(
                    DIES_IN_A_MAP,
                    items,
                    tasks={"works": works, "dies": always_dies},
                    executor=cluster,
                )
            named.append((raised.value.state, raised.value.handler.rsplit(".", 1)[-1]))
            if named[-1] == ("Dies", "always_dies"):
                break
        assert named[-1] == ("Dies", "always_dies"), named
    finally:
        cluster.close()


def test_on_the_real_clock_a_dask_run_overlaps_handlers(client: Any) -> None:
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
    sfn = sfnsim.client(clock="real", tasks={"w": sleep_then_echo}, executor=client)
    arn = sfn.create_state_machine(
        name="m", definition=json.dumps(definition), roleArn="arn:aws:iam::1:role/r"
    )["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn, input="[1, 2, 3, 4]")["executionArn"]
    began = time.perf_counter()
    while sfn.describe_execution(executionArn=ex)["status"] == "RUNNING":
        time.sleep(0.01)
    assert time.perf_counter() - began < 0.55  # one after another: 0.6 s
    assert sfn.describe_execution(executionArn=ex)["output"] == "[1,2,3,4]"
    events = sfn.get_execution_history(executionArn=ex)["events"]
    started = [e["timestamp"] for e in events if e["type"] == "LambdaFunctionStarted"]
    ended = [e["timestamp"] for e in events if e["type"] == "LambdaFunctionSucceeded"]
    assert len(ended) == 4 and all((b - a).total_seconds() >= 0.15 for a, b in zip(started, ended))


def test_a_closed_dask_client_raises_executor_error(cluster: Any) -> None:
    """The calls are sent when the engine first waits: the refusal reaches it then, as the
    same ExecutorError a refused submit gives."""
    closed = distributed.Client(cluster, set_as_default=False)
    executor = DaskExecutor(closed)
    closed.close()
    items = [{"n": n} for n in range(20)]
    map_of_works = {
        "StartAt": "Each",
        "States": {
            "Each": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "Works",
                    "States": {"Works": {"Type": "Task", "Resource": LAMBDA + "w", "End": True}},
                },
                "End": True,
            }
        },
    }
    with pytest.raises(sfnsim.ExecutorError, match="could not run the handler .*works") as raised:
        sfnsim.run(map_of_works, items, tasks={"w": works}, executor=executor)
    assert raised.value.state == "Works"
