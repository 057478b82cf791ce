"""``sfnsim.client()``: the Step Functions API in-process, shaped like
``boto3.client("stepfunctions")``.

>>> import json, sfnsim
>>> sfn = sfnsim.client()
>>> arn = sfn.create_state_machine(
...     name="hello", roleArn="arn:aws:iam::123456789012:role/r",
...     definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
... )["stateMachineArn"]
>>> ex = sfn.start_execution(stateMachineArn=arn, input='{"x": 1}')["executionArn"]
>>> sfn.describe_execution(executionArn=ex)["status"]
'SUCCEEDED'
"""

from __future__ import annotations

import decimal
import threading
import uuid
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor
from email.utils import formatdate
from typing import Any, Callable, Union

from . import _core, observe
from ._operations import METHODS, PAGINATED
from .engine import Clock, Engine, engine_for
from .errors import ClientError, ParamValidationError, client_error_bases
from .executors import check_executor, release
from .mock_cases import split_mocks, test_case_labels
from .mock_config import MockConfig
from .mock_usage import check_mocks_used
from .mocks import Invoker, Mocks, from_tasks
from .progress import ClientBars, watching
from .services import ServicesLike, memory_services, service_layers
from .services.aws_models import output_shape
from .tasks import TaskHandler

Tasks = Union[Mapping[str, TaskHandler], Callable[[dict[str, Any]], dict[str, Any]], None]
MocksLike = Union[Mocks, MockConfig, Mapping[str, Mocks], None]

SERVICE_NAME = "stepfunctions"


def make_handler(
    tasks: Tasks,
    mocks: MocksLike = None,
    services: ServicesLike = None,
    passthrough: Any = None,
    *,
    callbacks_wait: bool = True,
    executor: Executor | None = None,
    strict_mocks: bool = False,
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The task handler the engine calls: ``mocks``, the ``tasks={...}`` table, then the
    in-memory ``services`` and the ``passthrough`` session, or a raw handler function. A
    MockConfigFile's test cases are selected per execution (``<arn>#<case>``).
    ``callbacks_wait``: tasks that can be completed later wait for their callback, as a
    client can send it; ``sfnsim.run``, which cannot, passes False. ``executor``: the mocks'
    and tasks' Python handlers run on it (:mod:`sfnsim.executors`)."""
    executor = check_executor(executor)
    if callable(tasks) and not isinstance(tasks, Mapping):
        if mocks is not None or services is not None or passthrough is not None:
            raise TypeError(
                "a task handler function as tasks= answers every task: "
                "it takes no mocks=, services= or passthrough="
            )
        if executor is not None:
            raise TypeError(
                "executor= runs the handlers of mocks= and of a tasks={...} table; a task "
                "handler function as tasks= answers the engine itself and cannot take it"
            )
        return tasks
    single, config = split_mocks(mocks)  # test cases are picked with <arn>#<case>
    layers = [single] if single is not None else []
    if tasks:
        layers.append(from_tasks(tasks))
    return Invoker(
        layers,
        callbacks_wait=callbacks_wait,
        config=config,
        services=service_layers(services, passthrough),
        executor=executor,
        strict_mocks=strict_mocks,
    )


def select_test_case(
    handler: Callable[[dict[str, Any]], dict[str, Any]],
    params: dict[str, Any],
    definition_of: Callable[[str], str | None] = lambda arn: None,
) -> dict[str, Any]:
    """StartExecution on ``<stateMachineArn>#<TestCaseName>``, as Step Functions Local takes
    it: the execution runs with that test case (of a MockConfigFile, or of ``mocks={...}``);
    the ARN loses its suffix. The test case's entries are checked against the definition
    ``definition_of(arn)`` gives (:mod:`sfnsim.mock_usage`)."""
    arn = params.get("stateMachineArn")
    if not isinstance(arn, str) or "#" not in arn or not isinstance(handler, Invoker):
        return params
    if handler.config is None:
        return params  # as on AWS: '#' is part of a name that does not exist
    base, _, case = arn.partition("#")
    params = dict(params, stateMachineArn=base)
    name = params.get("name")
    if not isinstance(name, str):
        name = str(uuid.uuid4())
        params["name"] = name
    machine = base.split(":")[-1]
    mocks = handler.select_test_case(machine, name, case)
    definition = definition_of(base)
    if definition is not None:
        where, state_entry = test_case_labels(handler.config, machine, case)
        check_mocks_used(
            mocks,
            definition,
            strict=handler.strict_mocks,
            where=where,
            state_entry=state_entry,
            stacklevel=4,
        )
    return params


def definition_of(engine: Engine, context: Any) -> Callable[[str], str | None]:
    """The definition of a state machine (or version, alias) ARN in ``engine``, if it has it."""

    def find(arn: str) -> str | None:
        ok, payload = engine._service.dispatch(
            "DescribeStateMachine", {"stateMachineArn": arn}, context
        )
        return str(payload["definition"]) if ok and "definition" in payload else None

    return find


def response_metadata(status: int, request_id: str | None = None) -> dict[str, Any]:
    request_id = request_id or str(uuid.uuid4())
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {
            "x-amzn-requestid": request_id,
            "content-type": "application/x-amz-json-1.0",
            "date": formatdate(usegmt=True),
        },
        "RetryAttempts": 0,
    }


class ClientExceptions:
    """``client.exceptions``: one class per error code, created on first use, as botocore does."""

    def __init__(self) -> None:
        self._classes: dict[str, type[ClientError]] = {}
        self._lock = threading.Lock()
        self.ClientError = ClientError

    def from_code(self, code: str) -> type[ClientError]:
        with self._lock:
            cls = self._classes.get(code)
            if cls is None:
                cls = type(code, client_error_bases(), {"__module__": "sfnsim.client"})
                self._classes[code] = cls
            return cls

    def __getattr__(self, name: str) -> type[ClientError]:
        if name.startswith("_") or not name[:1].isupper():
            raise AttributeError(name)
        return self.from_code(name)


class ClientMeta:
    def __init__(self, region_name: str, account_id: str) -> None:
        self.region_name = region_name
        self.account_id = account_id
        self.service_name = SERVICE_NAME
        self.endpoint_url = f"https://states.{region_name}.amazonaws.com"


class Client:
    """A boto3-shaped Step Functions client answered by an in-process engine.

    Methods take keyword arguments exactly as boto3's do and return what boto3 returns:
    timestamps as timezone-aware datetimes, ``ResponseMetadata`` included. API errors raise
    ``client.exceptions.<Code>``.
    """

    def __init__(
        self,
        *,
        engine: Engine,
        region_name: str,
        account_id: str,
        tasks: Tasks,
        mocks: MocksLike = None,
        services: ServicesLike = None,
        passthrough: Any = None,
        executor: Executor | None = None,
        strict_mocks: bool = False,
        progress: bool = False,
    ) -> None:
        self._engine = engine
        # progress=True: a bar per Map state of each execution it starts (sfnsim.progress).
        self._progress = ClientBars() if progress else None
        #: The in-memory service fakes this client's tasks use (``services=``), to inspect.
        self.services = memory_services(services)
        # A Dask cluster given as executor= gets a client of its own, closed by close().
        self._executor = check_executor(executor)
        self._given_executor = executor
        self._handler = make_handler(
            tasks,
            mocks,
            self.services,
            passthrough,
            executor=self._executor,
            strict_mocks=strict_mocks,
        )
        self._context = _core.CallContext(
            region_name,
            account_id,
            self._handler,
            output_shape=output_shape,
            progress=self._progress.board if self._progress else None,
        )
        self.exceptions = ClientExceptions()
        self.meta = ClientMeta(region_name, account_id)
        for watcher in observe.watchers():
            watcher.engine_used(engine, region_name, account_id)

    @property
    def engine(self) -> Engine:
        return self._engine

    def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        _check_params(operation, params)
        if operation in ("StartExecution", "StartSyncExecution"):
            params = select_test_case(
                self._handler, params, definition_of(self._engine, self._context)
            )
        try:
            with watching(self._progress, operation):
                ok, payload = self._engine._service.dispatch(operation, params, self._context)
        except ValueError as exc:  # a value inside a structure JSON cannot hold
            raise ParamValidationError(f"Invalid parameter value: {exc}") from None
        if ok:
            if operation == "TestState":
                for watcher in observe.watchers():
                    watcher.state_tested(params, payload)
            payload["ResponseMetadata"] = response_metadata(200)
            return payload  # type: ignore[no-any-return]
        error, fields = payload
        response: dict[str, Any] = {
            "Error": error,
            "ResponseMetadata": response_metadata(400),
            "message": error["Message"],
        }
        response.update(fields)
        raise self.exceptions.from_code(error["Code"])(response, operation)

    # --- what boto3 clients offer besides the operations -------------------------------------

    def can_paginate(self, operation_name: str) -> bool:
        return operation_name in PAGINATED

    def get_paginator(self, operation_name: str) -> Paginator:
        if operation_name not in PAGINATED:
            raise ValueError(f"Operation cannot be paginated: {operation_name}")
        return Paginator(getattr(self, operation_name), PAGINATED[operation_name])

    @property
    def waiter_names(self) -> list[str]:
        return []  # Step Functions has no waiters

    def close(self) -> None:
        """Closes the Dask client made for a cluster given as ``executor=`` (the executor
        itself is the caller's); otherwise nothing to release, kept for parity with boto3."""
        release(self._executor, self._given_executor)

    def __repr__(self) -> str:
        return f"<sfnsim.client stepfunctions region={self.meta.region_name}>"


_VALID_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "float": (float, decimal.Decimal, int),
    "boolean": (bool,),
    "list": (list, tuple),
    "structure": (dict,),
}


def _check_params(operation: str, params: dict[str, Any]) -> None:
    """The checks botocore makes before sending, with its messages: missing and unknown
    parameters, types, minimum lengths and values (of the top-level parameters)."""
    members = _members(operation)
    problems = [
        f'Missing required parameter in input: "{name}"'
        for name, (required, _, _) in members.items()
        if required and name not in params
    ]
    for key, value in params.items():
        spec = members.get(key)
        if spec is None:
            problems.append(
                f'Unknown parameter in input: "{key}", must be one of: {", ".join(members)}'
            )
            continue
        _, kind, minimum = spec
        valid = _VALID_TYPES[kind]
        sized: Any = value  # isinstance with a tuple of types would narrow it to object
        if not isinstance(value, valid):
            problems.append(
                f"Invalid type for parameter {key}, value: {_shown(value)}, type: {type(value)}, "
                f"valid types: {', '.join(str(t) for t in valid)}"
            )
        elif minimum >= 0 and kind in ("string", "list") and len(sized) < minimum:
            problems.append(
                f"Invalid length for parameter {key}, value: {len(sized)}, "
                f"valid min length: {minimum}"
            )
        elif minimum >= 0 and kind in ("integer", "float") and sized < minimum:
            problems.append(
                f"Invalid value for parameter {key}, value: {_shown(value)}, "
                f"valid min value: {minimum}"
            )
    if problems:
        raise ParamValidationError("\n".join(problems))


def _shown(value: Any) -> str:
    """The value as botocore's messages show it (str), or what it is when str() cannot show it:
    a structure nested past the interpreter's recursion limit, an int of more digits than
    Python converts to text."""
    try:
        return str(value)
    except RecursionError:
        return f"<{type(value).__name__} nested too deeply to show>"
    except ValueError:
        return f"<{type(value).__name__} too large to show>"


_MEMBERS: dict[str, dict[str, tuple[bool, str, int]]] = {}


def _members(operation: str) -> dict[str, tuple[bool, str, int]]:
    members = _MEMBERS.get(operation)
    if members is None:
        members = {
            name: (required, kind, minimum)
            for name, required, kind, minimum in _core.request_members(operation)
        }
        _MEMBERS[operation] = members
    return members


def _make_method(method: str, operation: str) -> Callable[..., dict[str, Any]]:
    def call(self: Client, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args:
            raise TypeError(f"{method}() only accepts keyword arguments.")
        return self._call(operation, kwargs)

    call.__name__ = method
    call.__qualname__ = f"Client.{method}"
    call.__doc__ = f"The {operation} operation of the Step Functions API."
    return call


for _method, _operation in METHODS.items():
    setattr(Client, _method, _make_method(_method, _operation))


class Paginator:
    """``client.get_paginator(name)``: pages through ``nextToken`` as botocore's paginators do,
    including ``PaginationConfig`` (``MaxItems``, ``PageSize``, ``StartingToken``)."""

    def __init__(self, method: Callable[..., dict[str, Any]], result_key: str) -> None:
        self._method = method
        self._result_key = result_key

    def paginate(self, **kwargs: Any) -> PageIterator:
        config = dict(kwargs.pop("PaginationConfig", None) or {})
        return PageIterator(self._method, self._result_key, kwargs, config)


class PageIterator:
    def __init__(
        self,
        method: Callable[..., dict[str, Any]],
        result_key: str,
        params: dict[str, Any],
        config: dict[str, Any],
    ) -> None:
        self._method = method
        self._result_key = result_key
        self._params = params
        self._max_items = config.get("MaxItems")
        self._page_size = config.get("PageSize")
        self._starting_token = config.get("StartingToken")
        self.resume_token: str | None = None

    def __iter__(self) -> Iterator[dict[str, Any]]:
        token = self._starting_token
        yielded = 0
        while True:
            params = dict(self._params)
            if token:
                params["nextToken"] = token
            if self._page_size:
                params["maxResults"] = self._page_size
            page = self._method(**params)
            items = page.get(self._result_key, [])
            if self._max_items is not None and yielded + len(items) >= self._max_items:
                keep = self._max_items - yielded
                page[self._result_key] = items[:keep]
                # Resume where the cut fell: botocore encodes an offset into the page; here
                # the page is fetched again with the same token and trimmed.
                self.resume_token = page.get("nextToken") if keep == len(items) else None
                page.pop("nextToken", None)
                yield page
                return
            yielded += len(items)
            token = page.get("nextToken")
            if not token:
                page.pop("nextToken", None)
            yield page
            if not token:
                return

    def build_full_result(self) -> dict[str, Any]:
        items: list[Any] = []
        for page in self:
            items.extend(page.get(self._result_key, []))
        result: dict[str, Any] = {self._result_key: items}
        if self.resume_token:
            result["NextToken"] = self.resume_token
        return result


def client(
    service_name: str = SERVICE_NAME,
    region_name: str = "us-east-1",
    account_id: str = "123456789012",
    *,
    clock: Clock = None,
    engine: Engine | None = None,
    tasks: Tasks = None,
    mocks: MocksLike = None,
    services: ServicesLike = None,
    passthrough: Any = None,
    seed: int | None = None,
    keep_executions: int | None = None,
    executor: Executor | None = None,
    strict_mocks: bool = False,
    progress: bool = False,
) -> Client:
    """A Step Functions client answered in-process.

    ``clock``: ``"virtual"`` (default: waits take no real time), ``"real"``, or a
    :class:`sfnsim.ManualClock`. ``engine``: share executions and state machines with other
    clients (``sfnsim.Engine()``); clients share nothing otherwise. ``tasks``: Python callables
    performing Task states (see :mod:`sfnsim.tasks`). ``mocks``: a :class:`sfnsim.Mocks`
    registry, or a MockConfigFile from :func:`sfnsim.load_mock_config` whose test cases an
    execution selects as in Step Functions Local (``stateMachineArn="<arn>#<TestCase>"``).
    ``services``: in-memory fakes answering the tasks no mock claims (``"memory"`` for all,
    names such as ``["dynamodb", "sqs"]``, or a :class:`sfnsim.MemoryServices` to share and
    inspect; the client's own is ``client.services``). ``passthrough``: a boto3 session that
    the remaining AWS SDK and optimised integrations are sent to. ``keep_executions``: the
    most closed Standard executions kept describable (see :class:`sfnsim.Engine`).
    ``executor``: a ``concurrent.futures.Executor`` (or a Dask ``distributed.Client`` or
    cluster, or :func:`sfnsim.executors.ray`) the Python handlers of ``mocks`` and ``tasks``
    run on, so Parallel branches and Map iterations run them concurrently; histories stay those
    of an in-process run (docs/executors.md). ``strict_mocks``: an entry of a test case
    (``<arn>#<case>``) that no state of the machine can use raises
    :class:`sfnsim.UnusedMockError` instead of a :class:`sfnsim.UnusedMockWarning`.
    ``progress=True``: a tqdm bar per Map and Distributed Map state of each execution the client
    starts, labelled with the execution's name, moving while it runs (docs/executors.md).
    """
    if service_name not in (SERVICE_NAME, "sfn", "states"):
        raise ValueError(f"sfnsim only simulates Step Functions, not {service_name!r}")
    return Client(
        engine=engine_for(engine, clock, seed, keep_executions),
        region_name=region_name,
        account_id=account_id,
        tasks=tasks,
        mocks=mocks,
        services=services,
        passthrough=passthrough,
        executor=executor,
        strict_mocks=strict_mocks,
        progress=progress,
    )
