"""``sfnsim.run()``: run one execution of a definition to its end, on a virtual clock."""

from __future__ import annotations

import json
from collections.abc import Mapping
from concurrent.futures import Executor
from datetime import datetime, timezone
from typing import Any, Callable, Union

from . import _core, observe
from .client import make_handler
from .definition_json import definition_value
from .engine import Engine
from .errors import InvalidDefinition, InvalidExecutionInput, RunTimeout
from .execution import Execution
from .executors import check_executor, release
from .missing_end import missing_end_hint
from .mock_cases import split_mocks, test_case_labels
from .mock_config import MockConfig
from .mock_usage import check_mocks_used
from .mocks import Mocks
from .progress import RunProgress
from .sentinels import Sentinel
from .services import ServicesLike
from .tasks import TaskHandler

Definition = Union[str, Mapping[str, Any]]

#: ``run``'s default input: none given, which runs with ``{}`` as the console does.
NO_INPUT: Any = Sentinel("NO_INPUT")


def _definition_text(definition: Definition) -> str:
    if isinstance(definition, str):
        return definition
    if isinstance(definition, Mapping):
        # json.dumps's own text, written by the extension for plain values (a quarter of the
        # encoder's time on a 1,000-state definition); anything else goes to json.dumps.
        text = _core.plain_json_text(definition)
        if text is not None:
            return text
        try:
            return json.dumps(definition)
        except (TypeError, ValueError, RecursionError) as exc:
            raise InvalidDefinition(
                f"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: {exc}'",
                [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": str(exc)}],
            ) from None
    raise InvalidDefinition(
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid "
        "JSON object'",
        [
            {
                "severity": "ERROR",
                "code": "SCHEMA_VALIDATION_FAILED",
                "message": "Definition must be a valid JSON object",
            }
        ],
    )


def compile_definition(
    definition: Definition, *, express: bool = False, engine: Engine | None = None
) -> _core.StateMachine:
    """Parses and validates a definition once; raises InvalidDefinition with every problem.
    With ``engine``, through that engine's bounded cache of compiled definitions (the one its
    clients' CreateStateMachine and TestState use): the same text compiles once."""
    text = _definition_text(definition)
    if engine is None:
        machine, message, diagnostics = _core.compile(text, express)
    else:
        machine, message, diagnostics = engine._service.compile(text, express)
    if machine is None:
        if any(d.get("code") == "MISSING_END_STATE" for d in diagnostics):
            # AWS's message says no more than "at null"; the diagnostics stay AWS's own.
            try:
                hint = missing_end_hint(definition_value(text))
            except (ValueError, RecursionError):
                hint = ""
            message = f"{message}\n{hint}" if hint else message
        raise InvalidDefinition(message, diagnostics)
    return machine


_TOO_DEEP = "Invalid execution input: nested deeper than the maximum allowed (1000 levels)"


def _not_json(constant: str) -> Any:
    """``json.loads`` reads NaN and Infinity, which JSON (and AWS) does not have."""
    raise ValueError(f"{constant} is not JSON")


def _boto3_text(value: Any) -> str:
    """``value`` as a boto3 caller would send it (json.dumps with its defaults), refused as
    Python's json refuses it."""
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidExecutionInput(f"Invalid execution input: {exc}") from None
    except RecursionError:
        raise InvalidExecutionInput(_TOO_DEEP) from None


def task_handler(
    mocks: Mocks | MockConfig | Mapping[str, Mocks] | None,
    tasks: Mapping[str, TaskHandler] | Callable[[dict[str, Any]], dict[str, Any]] | None,
    state_machine_name: str,
    test_case: str | None,
    services: ServicesLike = None,
    passthrough: Any = None,
    executor: Executor | None = None,
    *,
    definition: Any = None,
    strict_mocks: bool = False,
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The clients' task handler (``make_handler``) with one test case chosen up front: a run
    has no ``<arn>#<case>`` to choose it by. The chosen mocks are checked against
    ``definition`` (:mod:`sfnsim.mock_usage`)."""
    single, cases = split_mocks(mocks)
    where, state_entry = "", "mocks.state({!r})"
    if cases is not None:
        if test_case is None:
            raise TypeError("test cases as mocks= need test_case= (the name of one) to run")
        single = cases.mocks(state_machine_name, test_case)
        where, state_entry = test_case_labels(cases, state_machine_name, test_case)
    elif test_case is not None:
        if single is not None:
            raise TypeError("test_case= selects one of several test cases; mocks= is one Mocks")
        raise TypeError(
            "test_case= needs test cases as mocks= ({name: Mocks} or load_mock_config(...))"
        )
    if definition is not None:
        check_mocks_used(
            single,
            definition,
            strict=strict_mocks,
            where=where,
            state_entry=state_entry,
            stacklevel=3,
        )
    return make_handler(
        tasks, single, services, passthrough, callbacks_wait=False, executor=executor
    )


def run(
    definition: Definition,
    input: Any = NO_INPUT,
    *,
    tasks: Mapping[str, TaskHandler] | Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    mocks: Mocks | MockConfig | Mapping[str, Mocks] | None = None,
    test_case: str | None = None,
    services: ServicesLike = None,
    passthrough: Any = None,
    name: str | None = None,
    state_machine_name: str = "StateMachine",
    state_machine_type: str = "STANDARD",
    region: str = "us-east-1",
    account_id: str = "123456789012",
    role_arn: str | None = None,
    start_time: datetime | None = None,
    seed: int | None = None,
    input_json: str | None = None,
    timeout: float | None = None,
    executor: Executor | None = None,
    strict_mocks: bool = False,
    progress: bool = False,
    engine: Engine | None = None,
) -> Execution:
    """Runs ``definition`` with ``input`` (``{}`` when not given) to the end and returns the
    Execution.

    Waits, retry backoff and timeouts pass on a virtual clock: instantly, with the history
    timestamps showing simulated time from ``start_time`` (default: now). ``mocks`` says what
    Task states answer (``sfnsim.Mocks``; or test cases, ``{name: Mocks}`` or a MockConfigFile
    from ``load_mock_config``, with the ``test_case`` to run); ``tasks`` is a shorthand mapping
    Task resources (or Lambda function names) to Python callables, consulted after ``mocks``.
    ``services`` (in-memory fakes: ``"memory"``, service names or a
    :class:`sfnsim.MemoryServices` to inspect afterwards) and ``passthrough`` (a boto3 session)
    answer the tasks left over.

    The limits AWS sets end a runaway execution: a Standard one fails at 25,000 history events,
    an Express one times out after five (simulated) minutes. ``timeout`` bounds the real time
    of the call as well: past it, :class:`sfnsim.RunTimeout` is raised with the execution as it
    stands. Ctrl-C stops the run, in a task handler or between states.

    ``executor`` (a ``concurrent.futures.Executor``, a Dask ``distributed.Client`` or
    cluster, or :func:`sfnsim.executors.ray`) runs the Python handlers of ``mocks`` and
    ``tasks``: Parallel branches and Map iterations (up to ``MaxConcurrency``) run them
    concurrently, and the history is the one an in-process run records (docs/executors.md).
    :class:`sfnsim.ExecutorError` is raised when the executor cannot run a handler (a process
    pool cannot pickle it).

    A mock entry that no state of ``definition`` can use (``mocks.state("Chrage")``) is a
    :class:`sfnsim.UnusedMockWarning`, or with ``strict_mocks=True`` an
    :class:`sfnsim.UnusedMockError` raised before anything runs.

    ``progress=True`` draws a bar per Map and Distributed Map state (items ended of the items,
    failed, in flight) with tqdm (``pip install 'sfnsim[progress]'``), and in Jupyter shows the
    execution's drawing, updated while it runs (docs/visualisation.md); the history is the
    same without it.

    ``engine`` (a :class:`sfnsim.Engine`): the definition is compiled through that engine's
    bounded cache of compiled definitions, keyed by its exact text and type, so a test that
    runs one definition many times parses and validates it once (a 1,000-state definition
    costs about a millisecond to compile, its run a few tenths of that). Nothing else of the
    engine is used: the execution runs on its own virtual clock, as without it, and is not
    listed by the engine's clients. Without ``engine`` nothing is kept between calls (sfnsim
    holds no state of its own between calls).
    """
    express = state_machine_type.upper() == "EXPRESS"
    definition_text = _definition_text(definition)
    machine = compile_definition(definition_text, express=express, engine=engine)
    if input_json is not None:
        try:
            value = json.loads(input_json, parse_constant=_not_json)
        except ValueError as exc:
            # In StartExecution's words (AWS's InvalidExecutionInput message), not Python's.
            message = _core.execution_input_error(input_json)
            raise InvalidExecutionInput(message or f"Invalid execution input: {exc}") from None
        except RecursionError:
            raise InvalidExecutionInput(_TOO_DEEP) from None
        input_text = input_json
        _boto3_text(value)  # a number no double holds (1e400) read as infinity
    else:
        value = {} if input is NO_INPUT else input
        input_text = _boto3_text(value)
    # The service's rules on an execution's input (cpp/service/standalone.h).
    held, refusal = _core.execution_input(value)
    if held is None:
        raise InvalidExecutionInput(refusal)

    start = start_time or datetime.now(timezone.utc)
    start_ms = int(start.timestamp() * 1000)
    adapted = check_executor(executor)  # a Dask cluster gets a client for this run
    try:
        handler = task_handler(
            mocks,
            tasks,
            state_machine_name,
            test_case,
            services,
            passthrough,
            adapted,
            definition=definition if isinstance(definition, Mapping) else definition_text,
            strict_mocks=strict_mocks,
        )
        # The execution StartExecution would start (its ARNs, name, limits), outside any
        # registry, on this call's own virtual clock.
        core = _core.start_execution(
            machine,
            held,
            handler,
            region=region,
            account=account_id,
            state_machine_name=state_machine_name,
            name=name or None,
            role_arn=role_arn or None,
            express=express,
            start_ms=start_ms,
            seed=seed,
            input_text=input_text,
        )
        execution = Execution(
            execution_arn=core.execution_arn,
            name=core.name,
            state_machine_arn=core.state_machine_arn,
            input=value,
            start_date=datetime.fromtimestamp(start_ms / 1000, tz=timezone.utc),
            _core=core,
            definition=definition_text,
        )
        bars = RunProgress(core, execution) if progress else None
        if bars is not None:
            core.track_map_progress(bars.update)
        try:
            finished = core.run_virtual(timeout)
        finally:
            if bars is not None:
                bars.close()
    finally:
        release(adapted, executor)
    for watcher in observe.watchers():
        watcher.execution_finished(execution)
    if not finished:
        raise _timed_out(execution, timeout)
    return execution


def _timed_out(execution: Execution, timeout: float | None) -> RunTimeout:
    core = execution._core
    state = core.last_state_name()
    where = f" in state {state!r}" if state else ""
    return RunTimeout(
        f"The execution was still running after {timeout:g} s of real time{where}, "
        f"with {core.history_length} history events recorded; a loop that never ends? "
        "(pass a larger timeout= to sfnsim.run to let it go on)",
        execution,
        state,
    )
