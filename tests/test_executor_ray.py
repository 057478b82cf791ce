"""``executor=sfnsim.executors.ray()`` (docs/executors.md). Skips without the ``sfnsim[ray]``
extra. The rule is tests/test_executor.py's: the history does not depend on the executor, and
a handler's exception on a Ray worker is the same ASL error as in-process."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest
import sfnsim

ray = pytest.importorskip("ray")

from test_executor import (  # noqa: E402 - after the skip: the helpers need no Ray
    KILLED,
    LAMBDA,
    START,
    _failure,
    always_dies,
    dies_once,
    fails_with_task_failed,
    fails_with_value_error,
    history_text,
    run_workflow,
)

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def executor() -> Iterator[sfnsim.executors.RayExecutor]:
    # Ray's workers import the handlers by module (test_executor) and sfnsim itself: they
    # inherit the environment of the processes ray.init starts.
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(HERE), *sys.path])
    try:
        ex = sfnsim.executors.ray(
            num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False
        )
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved
    with ex:
        yield ex
    assert not ray.is_initialized()  # ray() started Ray, so its shutdown stopped it


def test_history_is_the_same_on_ray(executor: Any) -> None:
    assert history_text(run_workflow(executor)) == history_text(run_workflow(None))


@pytest.mark.parametrize(
    "handler", [fails_with_task_failed, fails_with_value_error], ids=["TaskFailed", "exception"]
)
@pytest.mark.parametrize("resource", [LAMBDA + "f", "arn:aws:states:::lambda:invoke"])
def test_a_ray_worker_error_is_the_same_asl_error_as_in_process(
    executor: Any, handler: Callable[[Any], Any], resource: str
) -> None:
    assert _failure(handler, resource, executor) == _failure(handler, resource, None)


def test_ray_running_already_takes_no_init_arguments(executor: Any) -> None:
    with pytest.raises(TypeError, match="running already"):
        sfnsim.executors.ray(num_cpus=1)


def test_a_ray_worker_killed_mid_task_runs_the_task_again_and_the_history_is_unchanged(
    executor: Any, tmp_path: Path
) -> None:
    marker = tmp_path / "died"
    args: dict[str, Any] = {"tasks": {"f": dies_once}, "name": "k", "seed": 1, "start_time": START}
    ex = sfnsim.run(KILLED, {"marker": str(marker), "n": 5}, executor=executor, **args)
    assert marker.read_text() == "died"  # the first worker died in the handler
    assert ex.status == "SUCCEEDED" and ex.output == {"survived": 5}
    # In-process, with the marker there: the handler answers at once, as the second run did.
    expected = sfnsim.run(KILLED, {"marker": str(marker), "n": 5}, **args)
    assert history_text(ex) == history_text(expected)


def test_a_ray_worker_killed_more_often_than_max_retries_raises_executor_error(
    executor: Any, tmp_path: Path
) -> None:
    """Ray runs a task whose worker died again up to ``max_retries`` times (1 here, to keep
    the test short: each death costs a worker start), then the future raises
    ``WorkerCrashedError``; the Task's Retry never sees it."""
    count = tmp_path / "count"
    once_more = sfnsim.executors.ray(options={"max_retries": 1})  # Ray runs already: not ours
    with pytest.raises(sfnsim.ExecutorError, match="WorkerCrashedError") as raised:
        sfnsim.run(KILLED, {"count": str(count)}, tasks={"f": always_dies}, executor=once_more)
    assert count.read_text() == "xx"  # the first run and Ray's one retry, no Retry attempt
    assert raised.value.state == "T" and raised.value.handler.endswith("always_dies")
    message = str(raised.value)
    assert "RayExecutor" in message and "died mid-task" in message and "max_retries" in message
    once_more.shutdown()
    assert ray.is_initialized()  # the fixture's Ray is still running
