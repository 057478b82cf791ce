"""Mocked Task states: ``sfnsim.Mocks``.

A registry of what each Task answers, by state name, by Lambda function (name or ARN, whatever
the invoke style) or by resource ARN; the most specific entry wins (state, then function, then
resource). An entry is a Python callable, a canned ``returns``/``raises`` or a ``sequence`` of
them consumed one per invocation (per state per execution, as Step Functions Local counts), with
an optional simulated duration on the virtual clock. Every invocation is recorded.

>>> mocks = Mocks()
>>> @mocks.lambda_("charge-card")
... def charge(event, context):
...     return {"charged": event["amount"]}
>>> _ = mocks.state("Notify").returns({"MessageId": "m-1"})
"""

from __future__ import annotations

import difflib
import inspect
import json
import threading
import traceback
import uuid
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from . import _core
from .executors import settle_handler, submit_handler
from .task_submitted import submit_response

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"

#: Errors named ``sfnsim.*`` report a problem with the simulation (no mock, a used-up sequence):
#: the engine neither retries nor catches them.
NOT_MOCKED = "sfnsim.TaskNotMocked"
EXHAUSTED = "sfnsim.MockExhausted"

Reply = dict[str, Any]


class TaskFailed(Exception):
    """Raise from a mock to fail the task with an exact ``error`` and ``cause``."""

    def __init__(self, error: str, cause: str | None = None) -> None:
        super().__init__(error if cause is None else f"{error}: {cause}")
        self.error = error
        self.cause = cause


def function_name(ref: str) -> str:
    """The bare function name of a name, ``name:qualifier``, a partial or a full Lambda ARN."""
    if ref.startswith("arn:"):
        parts = ref.split(":")
        if len(parts) >= 7 and parts[5] == "function":
            return parts[6]
        return ref
    if ":function:" in ref:
        return ref.split(":function:")[1].split(":")[0]
    return ref.split(":")[0]


def lambda_error_cause(exc: BaseException, *, compact: bool, request_id: str = "") -> str:
    """The cause Lambda's Python runtime reports for an unhandled exception.

    A Task naming the function's ARN records the runtime's text as is (``json.dumps`` with its
    default separators); ``lambda:invoke`` records it re-serialised compactly (AWS recordings).
    """
    raised = _raised(exc)
    return _lambda_cause(raised, compact=compact, request_id=request_id)


def _raised(exc: BaseException) -> tuple[str, str, str, list[str]]:
    """What a handler's exception reports: ``("raised", type name, message, stack trace)``,
    plain strings, so that a worker process can send it back."""
    # From the handler's frame on: the simulator's own frames are not the function's.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    return ("raised", type(exc).__name__, str(exc), traceback.format_list(frames))


def _lambda_cause(
    raised: tuple[str, str, str, list[str]], *, compact: bool, request_id: str = ""
) -> str:
    _, error_type, message, stack = raised
    return json.dumps(
        {
            "errorMessage": message,
            "errorType": error_type,
            "requestId": request_id or str(uuid.uuid4()),
            "stackTrace": stack,
        },
        separators=(",", ":") if compact else (", ", ": "),
        ensure_ascii=not compact,
    )


#: What a handler call gave (``call_handler``): ``("returned", value)``,
#: ``("task_failed", error, cause)`` or ``("raised", type name, message, stack trace)``.
HandlerResult = tuple[Any, ...]


def call_handler(fn: Callable[..., Any], event: Any, context: Any, two_args: bool) -> HandlerResult:
    """Calls a task handler and says how it went, in plain values. The same function runs a
    handler in-process and on an executor's worker (it is what a process pool pickles), so a
    handler's error reaches the history with the same name and cause either way."""
    try:
        value = fn(event, context) if two_args else fn(event)
    except TaskFailed as exc:
        return ("task_failed", exc.error, exc.cause)
    except Exception as exc:  # noqa: BLE001 - a handler's error is the task's failure
        return _raised(exc)
    return ("returned", value)


def _request_id(ident: tuple[str, str, int, str, int]) -> str:
    """A call's Lambda request id, derived from the invocation (execution, state, attempt, mock,
    index), not random: a seeded run gives the same history twice. Worked out only when read
    (a handler's context, an error's cause); the engine derives the invoke response's with the
    same function."""
    return _core.lambda_request_id(ident)


@dataclass(frozen=True)
class LambdaContext:
    """The ``context`` a Lambda-style mock receives, with the attributes handlers commonly read."""

    function_name: str
    invoked_function_arn: str
    aws_request_id: str
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    log_group_name: str = ""
    log_stream_name: str = ""
    remaining_ms: int = 900_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


@dataclass(frozen=True)
class Response:
    """One canned answer: ``returns(value)``, ``raises(error)``, ``calls(fn)`` or ``waits()``."""

    kind: str  # "return" | "raise" | "call" | "pending"
    value: Any = None
    error: str | None = None
    cause: str | None = None
    fn: Callable[..., Any] | None = None
    duration: float | None = None  # simulated seconds on the virtual clock
    two_args: bool = False  # fn takes (input, context): worked out once, not per call
    worker: str | None = None  # an activity's worker (ActivityStarted's workerName)
    # MockConfigFile responses are the raw integration result even for lambda:invoke.
    raw: bool = False


def returns(value: Any, *, duration: float | None = None, worker: str | None = None) -> Response:
    """Answer with ``value`` (for a Lambda mock: the function's return value); ``worker``
    names the worker that took an activity task."""
    return Response("return", value=value, duration=duration, worker=worker)


def raises(
    error: str | BaseException | type[BaseException],
    cause: str | None = None,
    *,
    duration: float | None = None,
    worker: str | None = None,
) -> Response:
    """Fail with ``error`` (a name, an exception class or instance) and ``cause``. A
    :class:`TaskFailed` (such as :mod:`sfnsim.aws_errors`' classes) gives its own ``error`` and
    ``cause``, as raising it from a handler does."""
    if isinstance(error, type) and issubclass(error, TaskFailed) and hasattr(error, "error_name"):
        aws_error: Any = error  # an aws_errors class: made with its name and default cause
        error = aws_error()
    if isinstance(error, str):
        name = error
    elif isinstance(error, TaskFailed):
        name = error.error
        if cause is None:
            cause = error.cause
    elif isinstance(error, type) and issubclass(error, BaseException):
        name = error.__name__
    elif isinstance(error, BaseException):
        name = type(error).__name__
        if cause is None:
            cause = str(error)
    else:
        raise TypeError(f"raises() takes an error name or an exception, not {type(error).__name__}")
    return Response("raise", error=name, cause=cause, duration=duration, worker=worker)


def calls(fn: Callable[..., Any], *, duration: float | None = None) -> Response:
    """Answer by calling ``fn`` (see ``MockTarget.handler`` for its arguments)."""
    return Response("call", fn=fn, duration=duration, two_args=_accepts_two(fn))


def waits() -> Response:
    """Leave the task waiting for a callback (``send_task_success`` / activity worker)."""
    return Response("pending")


@dataclass(frozen=True)
class Call:
    """One invocation of a mocked task, like ``unittest.mock.call``."""

    state_name: str
    resource: str
    input: Any  # what the mock received: the event for a Lambda, the parameters otherwise
    parameters: Any  # the task's effective parameters, as TaskScheduled records them
    attempt: int  # $$.State.RetryCount
    execution_arn: str
    task_token: str
    # The engine's context object, converted on first read: it holds $$.Execution.Input, and
    # converting that for every call made a Map over n items cost O(n^2).
    context_source: Any = field(repr=False, compare=False, default=None)

    @property
    def context(self) -> Any:
        """The task's context object (``$$``) as the task saw it."""
        return _context_value(self.context_source)


def _new_call(fields: dict[str, Any]) -> Call:
    """A Call from its fields, without the frozen dataclass's ``__init__`` (one
    ``object.__setattr__`` per field): a record is made for every mocked invocation."""
    call: Call = object.__new__(Call)
    object.__setattr__(call, "__dict__", fields)
    return call


def _context_value(source: Any) -> Any:
    """The context object from the engine's lazy snapshot (or a plain value from a test)."""
    return source() if callable(source) else source


ResponseLike = Union[Response, Callable[..., Any]]


class MockTarget:
    """What one state, function or resource answers; configured by chaining.

    Also a decorator: ``@mocks.lambda_("f")`` registers the decorated function as the handler.
    A handler takes ``(input)`` or ``(input, context)``: for a Lambda the event and a
    ``LambdaContext``, for other tasks the parameters and the task's context object
    (``$$``, with ``Task.Token`` for callbacks).
    """

    def __init__(self, mocks: Mocks, key: str, is_lambda: bool, label: str = "") -> None:
        self._mocks = mocks
        self.key = key
        self.is_lambda = is_lambda
        # How messages name this entry as the user wrote it (``mocks.state('Charge')``).
        self.label = label or repr(key)
        self.responses: list[Response] = []
        self.repeat_last = True
        # What an invocation past the end of a sequence fails with; a MockConfigFile's
        # responses fail like Step Functions Local, with States.Runtime.
        self.exhausted_error = EXHAUSTED
        # Step Functions Local cannot mock an activity (it fails the state with States.Runtime).
        self.mocks_activities = True

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.handler(fn)
        return fn

    def handler(self, fn: Callable[..., Any], *, duration: float | None = None) -> MockTarget:
        return self._set([calls(fn, duration=duration)], repeat_last=True)

    def returns(self, value: Any, *, duration: float | None = None) -> MockTarget:
        return self._set([returns(value, duration=duration)], repeat_last=True)

    def raises(
        self,
        error: str | BaseException | type[BaseException],
        cause: str | None = None,
        *,
        duration: float | None = None,
    ) -> MockTarget:
        return self._set([raises(error, cause, duration=duration)], repeat_last=True)

    def waits(self) -> MockTarget:
        return self._set([waits()], repeat_last=True)

    def sequence(self, *responses: ResponseLike) -> MockTarget:
        """One response per invocation, in order; an invocation past the end fails loudly."""
        if not responses:
            raise ValueError("sequence() needs at least one response")
        return self._set([_as_response(r) for r in responses], repeat_last=False)

    def _set(self, responses: list[Response], *, repeat_last: bool) -> MockTarget:
        self.responses = responses
        self.repeat_last = repeat_last
        return self

    @property
    def calls(self) -> list[Call]:
        return self._mocks.calls(self.key)

    def __repr__(self) -> str:
        return f"<MockTarget {self.key!r}: {len(self.responses)} response(s)>"


def _as_response(r: ResponseLike) -> Response:
    if isinstance(r, Response):
        return r
    if callable(r):
        return calls(r)
    raise TypeError(f"not a response: {r!r} (use returns(...), raises(...) or a callable)")


def _accepts_two(fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` takes a second positional argument (a context)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


class Mocks:
    """The registry; pass it as ``mocks=`` to ``sfnsim.run``, ``sfnsim.client`` or ``mock_aws``."""

    def __init__(self) -> None:
        self._states: dict[str, MockTarget] = {}
        self._functions: dict[str, MockTarget] = {}
        self._resources: dict[str, MockTarget] = {}
        self._calls: dict[str, list[Call]] = {}
        self._counters: dict[tuple[str, int], int] = {}
        # (state, resource, function) -> the lists of _calls a call of that shape goes to
        self._lists: dict[tuple[str, str, str | None], list[list[Call]]] = {}
        self._function_names: dict[str, str] = {}  # function_name() of what tasks invoke
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        kinds = (
            ("state", self._states),
            ("lambda_", self._functions),
            ("resource", self._resources),
        )
        entries = [f"{kind}({key!r})" for kind, table in kinds for key in table]
        return f"<Mocks: {', '.join(entries) or 'no entries'}>"

    # -- registration -------------------------------------------------------------------------

    def state(self, name: str) -> MockTarget:
        """The Task state called ``name`` (anywhere in the machine, Map and Parallel included)."""
        target = self._states.get(name)
        if target is None:
            target = self._states[name] = MockTarget(self, name, False, f"mocks.state({name!r})")
        return target

    def lambda_(self, name_or_arn: str) -> MockTarget:
        """A Lambda function, whether a Task names its ARN or calls ``lambda:invoke``."""
        name = function_name(name_or_arn)
        target = self._functions.get(name)
        if target is None:
            label = f"mocks.lambda_({name!r})"
            target = self._functions[name] = MockTarget(self, name, True, label)
        return target

    def resource(self, arn: str) -> MockTarget:
        """Every Task whose ``Resource`` is ``arn`` (exactly as written)."""
        target = self._resources.get(arn)
        if target is None:
            label = f"mocks.resource({arn!r})"
            target = self._resources[arn] = MockTarget(self, arn, False, label)
        return target

    # -- inspection ---------------------------------------------------------------------------

    def entries(self) -> Iterator[tuple[str, str]]:
        """``(kind, key)`` of each entry that answers (has a response), in registration order
        per kind: ``("state", name)``, ``("lambda_", function)``, ``("resource", arn)``."""
        for kind, table in (
            ("state", self._states),
            ("lambda_", self._functions),
            ("resource", self._resources),
        ):
            for key, target in list(table.items()):
                if target.responses:
                    yield kind, key

    def calls(self, key: str) -> list[Call]:
        """Invocations by state name, Lambda function name/ARN or resource ARN, oldest first."""
        with self._lock:
            if ":function:" in key:  # a Lambda ARN: every call of that function
                found = self._calls.get("λ:" + function_name(key))
            else:
                found = self._calls.get(key)
                if found is None and not key.startswith("arn:aws:states"):
                    found = self._calls.get("λ:" + function_name(key))
            return list(found or [])

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()
            self._counters.clear()
            self._lists.clear()

    # -- the engine side ----------------------------------------------------------------------

    def find(self, request: Mapping[str, Any]) -> MockTarget | None:
        """The entry answering ``request`` (state, then function, then resource)."""
        return self._find(request, lambda_function_of(request))

    def _find(self, request: Mapping[str, Any], fn: str | None) -> MockTarget | None:
        target = self._states.get(request["state_name"])
        if target is None and fn is not None:
            name = self._function_names.get(fn)
            if name is None:
                if len(self._function_names) > 1024:  # FunctionName.$ may vary without end
                    self._function_names.clear()
                name = self._function_names[fn] = function_name(fn)
            target = self._functions.get(name)
        if target is None:
            target = self._resources.get(request["resource"])
        return target

    def answer(self, target: MockTarget, request: Mapping[str, Any]) -> Reply:
        """Runs ``target`` for ``request`` and returns the engine's reply dict."""
        return self._answer(target, request, lambda_function_of(request))

    def _lists_for(self, shape: tuple[str, str, str | None]) -> list[list[Call]]:
        """The call lists a call of ``shape`` (state, resource, function) goes to, worked out
        once per task shape instead of per call. Called with the lock held."""
        state_name, resource, fn = shape
        keys = [state_name, resource]
        if fn is not None:
            keys.append("λ:" + function_name(fn))
        lists = [self._calls.setdefault(k, []) for k in dict.fromkeys(keys)]
        self._lists[shape] = lists
        return lists

    def _answer(
        self,
        target: MockTarget,
        request: Mapping[str, Any],
        fn: str | None,
        executor: Executor | None = None,
    ) -> Reply:
        # Runs once per mocked task: fields are read into locals once, not through the Call.
        execution_arn = request["execution_arn"]
        state_name = request["state_name"]
        resource = request["resource"]
        attempt = request["attempt"]
        params = request["parameters"]
        if fn is None:
            event, wrap = params, False
        else:
            event, wrap = lambda_event(request), resource.startswith(LAMBDA_INVOKE)
        call = _new_call(
            {
                "state_name": state_name,
                "resource": resource,
                "input": event,
                "parameters": params,
                "attempt": attempt,
                "execution_arn": execution_arn,
                "task_token": request["task_token"],
                "context_source": request.get("context"),
            }
        )
        counter_key = (execution_arn, id(target))
        shape = (state_name, resource, fn)
        with self._lock:
            lists = self._lists.get(shape) or self._lists_for(shape)
            for calls_list in lists:
                calls_list.append(call)
            counters = self._counters
            index = counters.get(counter_key, 0)
            counters[counter_key] = index + 1
        ident = (execution_arn, state_name, attempt, target.key, index)
        responses = target.responses
        if not responses:
            return _not_mocked(request)
        if request["kind"] == "activity" and not target.mocks_activities:
            # Step Functions Local cannot mock an activity.
            return {
                "kind": "failed",
                "error": "States.Runtime",
                "cause": f"Activity task '{state_name}' cannot be mocked in a MockConfigFile.",
            }
        if index >= len(responses):
            if not target.repeat_last:
                return {
                    "kind": "failed",
                    "error": target.exhausted_error,
                    "cause": (
                        f"The mock for '{target.key}' has {len(responses)} response(s); "
                        f"invocation {index} of state '{state_name}' has none."
                    ),
                }
            index = len(responses) - 1
        response = responses[index]
        reply = _run_response(response, target, request, event, fn, wrap, ident, executor)
        if reply["kind"] == "in_flight":
            settle = reply["settle"]
            reply["settle"] = lambda: _complete_reply(settle(), response, request)
            return reply
        return _complete_reply(reply, response, request)


def _complete_reply(reply: Reply, response: Response, request: Mapping[str, Any]) -> Reply:
    """What a reply carries besides the outcome: the response's simulated duration and
    worker, and the submit call's answer."""
    if response.duration is not None:
        reply["duration"] = response.duration
    if response.worker is not None:
        reply["worker_name"] = response.worker
    # The submit call happened whatever the task's outcome; AWS records it first.
    if request.get("pattern") != "request_response":
        submitted = submit_response(request)
        if submitted is not None:
            reply["submitted"] = submitted
    return reply


def lambda_function_of(request: Mapping[str, Any]) -> str | None:
    """The Lambda function a request invokes, if it invokes one."""
    if request["kind"] == "lambda_function":
        return str(request["function_name"] or function_name(request["resource"]))
    if request["resource"].startswith(LAMBDA_INVOKE):
        params = request["parameters"]
        if isinstance(params, dict) and isinstance(params.get("FunctionName"), str):
            return str(params["FunctionName"])
    return None


def lambda_event(request: Mapping[str, Any]) -> Any:
    """The event a Lambda receives: the parameters for a function ARN, ``Payload`` for invoke."""
    params = request["parameters"]
    if request["kind"] == "lambda_function":
        return params
    if isinstance(params, dict):
        payload = params.get("Payload")
        if isinstance(payload, str):
            # An invoke with a JSON string payload delivers the decoded event.
            try:
                return json.loads(payload)
            except ValueError:
                return payload
        return payload
    return None


def _near_misses(layers: Sequence[Mocks], state: str, fn: str | None) -> str:
    """Entries whose key is close to the state's name or its function's: most often a typo
    (``mocks.state("Chrage")``), worth saying where the task finds no mock."""
    near: list[str] = []
    for layer in layers:
        for kind, key in layer.entries():
            wanted = (
                state
                if kind == "state"
                else function_name(fn)
                if kind == "lambda_" and fn
                else None
            )
            if wanted is not None and difflib.get_close_matches(wanted, [key], cutoff=0.6):
                near.append(f"{kind}({key!r})")
    return f" The mocks have {', '.join(near)}: a typo?" if near else ""


def _not_mocked(request: Mapping[str, Any], hint: str = "") -> Reply:
    state, resource = request["state_name"], request["resource"]
    fn = lambda_function_of(request)
    how = f"mocks.state({state!r}).returns(...)"
    if fn is not None:
        how += f", @mocks.lambda_({function_name(fn)!r})"
    how += f" or mocks.resource({resource!r}).returns(...)"
    return {
        "kind": "failed",
        "error": NOT_MOCKED,
        "cause": (
            f"Task state '{state}' (resource '{resource}') has no mock. Mock it with {how}.{hint}"
        ),
    }


def _run_response(
    response: Response,
    target: MockTarget,
    request: Mapping[str, Any],
    event: Any,
    fn: str | None,
    wrap: bool,
    ident: tuple[str, str, int, str, int],
    executor: Executor | None = None,
) -> Reply:
    if response.kind == "pending":
        return {"kind": "pending"}
    if response.kind == "raise":
        return {"kind": "failed", "error": response.error, "cause": response.cause}
    if response.kind == "return":
        result: HandlerResult = ("returned", response.value)
        return _handler_reply(result, response, target, request, event, fn, wrap, ident)
    assert response.fn is not None
    context: Any = None
    if response.two_args:
        if fn is None:
            context = _context_value(request.get("context"))
        else:
            context = LambdaContext(
                function_name=function_name(fn),
                invoked_function_arn=_function_arn(fn, request),
                aws_request_id=_request_id(ident),
                log_group_name=f"/aws/lambda/{function_name(fn)}",
            )
    if executor is None:
        result = call_handler(response.fn, event, context, response.two_args)
        return _handler_reply(result, response, target, request, event, fn, wrap, ident)
    handler = response.fn
    future = submit_handler(
        executor, call_handler, handler, (event, context, response.two_args), request
    )

    def settle() -> Reply:
        done = settle_handler(future, handler, request, executor)
        return _handler_reply(done, response, target, request, event, fn, wrap, ident)

    return {"kind": "in_flight", "settle": settle}


def _handler_reply(
    result: HandlerResult,
    response: Response,
    target: MockTarget,
    request: Mapping[str, Any],
    event: Any,
    fn: str | None,
    wrap: bool,
    ident: tuple[str, str, int, str, int],
) -> Reply:
    """The engine's reply for what a handler (or a canned ``returns``) gave."""
    if result[0] == "task_failed":
        return {"kind": "failed", "error": result[1], "cause": result[2]}
    if result[0] == "raised":
        cause = (
            _lambda_cause(result, compact=wrap, request_id=_request_id(ident))
            if fn is not None
            else result[2]
        )
        return {"kind": "failed", "error": result[1], "cause": cause}
    value = result[1]
    if isinstance(value, Response):  # a handler may pick a canned answer (run in-process)
        return _run_response(value, target, request, event, fn, wrap, ident)
    if wrap and target.is_lambda and not response.raw:
        # The engine wraps it in the invoke response (cpp/bindings/lambda_invoke.cpp): building
        # the dict here only to convert it back cost more than the rest of the call. The engine
        # derives the request id from the call's identity (as _request_id).
        return {
            "kind": "succeeded",
            "result": value,
            "lambda_invoke_request_id": ident,
            "mock": target.label,  # named if the result is no JSON (sfnsim.InvalidMockResult)
        }
    return {"kind": "succeeded", "result": value, "mock": target.label}


def _function_arn(fn: str, request: Mapping[str, Any]) -> str:
    if fn.startswith("arn:"):
        return fn
    arn = str(request.get("state_machine_arn") or "")
    parts = arn.split(":")
    region, account = (parts[3], parts[4]) if len(parts) > 4 else ("us-east-1", "123456789012")
    return f"arn:aws:lambda:{region}:{account}:function:{fn}"


class Invoker:
    """The engine's task handler over layers of mocks (the first layer that knows a task wins).

    ``services``: :mod:`sfnsim.services` layers (in-memory fakes, pass-through) answering the
    tasks no mock claims. ``callbacks_wait``: an unmocked Task that can be completed later (a
    ``.waitForTaskToken`` integration, an activity) waits for ``send_task_success`` / a
    worker, as on AWS, instead of failing; the client sets it, ``sfnsim.run`` (which cannot
    answer) does not.
    """

    def __init__(
        self,
        layers: Sequence[Mocks],
        *,
        callbacks_wait: bool = False,
        config: Any = None,
        services: Sequence[Any] = (),
        executor: Executor | None = None,
        strict_mocks: bool = False,
    ) -> None:
        self.layers = list(layers)
        # A test case's entries that no state uses raise instead of warning (sfnsim.mock_usage).
        self.strict_mocks = strict_mocks
        self.executor = executor
        self.services = list(services)  # sfnsim.services layers, after the mocks
        self.callbacks_wait = callbacks_wait
        self.config = config  # test cases executions may select (MockConfig, MockCases)
        self._selected: dict[tuple[str, str], Mocks] = {}
        self._lock = threading.Lock()

    def select_test_case(self, state_machine_name: str, execution_name: str, case: str) -> Mocks:
        """Runs the execution ``execution_name`` of ``state_machine_name`` with the mocks of
        test case ``case`` (``StartExecution`` on ``<arn>#<case>``); returns them."""
        if self.config is None:
            from .mock_config import MockConfigError

            raise MockConfigError(
                f"'#{case}' selects a test case, but this client has none: pass "
                "mocks={name: sfnsim.Mocks(), ...} or mocks=sfnsim.load_mock_config(...)"
            )
        mocks: Mocks = self.config.mocks(state_machine_name, case)
        with self._lock:
            self._selected[(state_machine_name, execution_name)] = mocks
        return mocks

    def __call__(self, request: dict[str, Any]) -> Reply:
        layers = self.layers
        if self._selected:
            # ...:execution:<machine>:<name> or ...:express:<machine>:<name>:<id>
            parts = str(request["execution_arn"]).split(":")
            selected = self._selected.get((parts[6], parts[7])) if len(parts) > 7 else None
            if selected is not None:
                layers = [selected, *layers]
        fn = lambda_function_of(request)
        for layer in layers:
            target = layer._find(request, fn)
            if target is not None:
                return layer._answer(target, request, fn, self.executor)
        for service in self.services:
            answer = service.answer(request)
            if answer is not None:
                return answer  # type: ignore[no-any-return]
        if self.callbacks_wait and (
            request["pattern"] == "waitForTaskToken" or request["kind"] == "activity"
        ):
            reply: Reply = {"kind": "pending"}
            submitted = submit_response(request)
            if submitted is not None:
                reply["submitted"] = submitted
            return reply
        return _not_mocked(request, _near_misses(layers, request["state_name"], fn))


def from_tasks(tasks: Mapping[str, Callable[[Any], Any]]) -> Mocks:
    """The ``tasks=`` table of ``sfnsim.run`` as mocks: resource ARNs, otherwise functions."""
    mocks = Mocks()
    for key, fn in tasks.items():
        if key.startswith("arn:aws:states"):
            target = mocks.resource(key)
            # A handler keyed by lambda:invoke stands for the function itself, as a Lambda mock
            # does: it takes the Payload and its result is wrapped in the invoke response.
            target.is_lambda = key == LAMBDA_INVOKE
        else:
            target = mocks.lambda_(key)
        target.label = f"tasks[{key!r}]"
        # tasks= handlers take the input only, whatever their signature looks like.
        target._set([Response("call", fn=fn, two_args=False)], repeat_last=True)
    return mocks
