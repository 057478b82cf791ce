"""The public surfaces of sfnsim, each a function making one random case from a seeded RNG.

Everything random is drawn in the parent (so that the case's description says exactly what
runs); the case body only calls sfnsim.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import sfnsim
import sfnsim.cli
from sfnsim import _core
from sfnsim._operations import METHODS

from . import definitions, expressions, values
from .harness import Case

ROLE = "arn:aws:iam::123456789012:role/fuzz"
# Real seconds an execution may take before sfnsim.run gives up with RunTimeout (a documented
# error): well under the harness's cap, so that only a hang outside the engine's checks shows.
RUN_TIMEOUT = 4.0
# Bad Python types at the public API: these may be refused with TypeError or ValueError.
BAD_TYPES: tuple[type[BaseException], ...] = (TypeError, ValueError)


def _short(value: Any, limit: int = 400) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - values built to have a failing repr
        text = f"<{type(value).__name__} with a failing repr>"
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def new_client(**kwargs: Any) -> Any:
    """sfnsim.client(): its API methods are made at import, which a type checker cannot see."""
    return sfnsim.client(**kwargs)


def echo_handler(request: dict[str, Any]) -> dict[str, Any]:
    """A task handler that answers every task with its input."""
    return {"kind": "succeeded", "result": request.get("parameters")}


def _touch(execution: sfnsim.Execution) -> None:
    """Reads what a caller reads from an execution, so that rendering it is exercised too."""
    _ = (execution.status, execution.output, execution.error, execution.cause)
    _ = list(execution.history)


# --- definitions ----------------------------------------------------------------------------


def definitions_case(rng: random.Random) -> Case:
    definition, how = definitions.definition(rng)
    text = definition if isinstance(definition, str) else None
    if text is None and values.is_json(definition):
        text = json.dumps(definition)
    express = rng.random() < 0.3
    mode = rng.randrange(3)
    data = values.json_value(rng, 3)

    def body() -> None:
        if mode == 0 or text is None:
            sfnsim.compile_definition(definition, express=express)
        elif mode == 1:
            client = new_client(tasks=echo_handler)
            client.create_state_machine(
                name="fuzz",
                roleArn=ROLE,
                definition=text,
                type="EXPRESS" if express else "STANDARD",
            )
            client.validate_state_machine_definition(definition=text)
        else:
            sfnsim.compile_definition(definition, express=express)
            _touch(
                sfnsim.run(
                    definition,
                    data,
                    tasks=echo_handler,
                    state_machine_type="EXPRESS" if express else "STANDARD",
                    timeout=RUN_TIMEOUT,
                    seed=1,
                )
            )

    return Case(
        "definitions",
        f"{how} mode={mode} express={express} definition={_short(definition, 3000)} "
        f"input={_short(data)}",
        body,
        tags=set(values.traits(definition, data)),
    )


# --- JSONPath and intrinsic functions in Parameters ------------------------------------------


def parameters_case(rng: random.Random) -> Case:
    field = rng.choice(["Parameters", "ResultSelector", "ItemSelector", "InputPath", "Choice"])
    expr = expressions.intrinsic(rng) if rng.random() < 0.5 else expressions.jsonpath(rng)
    state: dict[str, Any]
    if field in ("Parameters", "ResultSelector"):
        state = {
            "Type": "Task" if field == "ResultSelector" else "Pass",
            field: {"x.$": expr, "y": 1},
            "Next": "E",
        }
        if field == "ResultSelector":
            state["Resource"] = "arn:aws:lambda:us-east-1:123456789012:function:f"
    elif field == "ItemSelector":
        state = {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemSelector": {"v.$": expr, "i.$": "$$.Map.Item.Index"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "Next": "E",
        }
    elif field == "InputPath":
        state = {"Type": "Pass", rng.choice(["InputPath", "OutputPath", "ResultPath"]): expr}
        state["Next"] = "E"
    else:
        state = {
            "Type": "Choice",
            "Choices": [{"Variable": expr, "IsPresent": True, "Next": "E"}],
            "Default": "E",
        }
    definition: dict[str, Any] = {
        "StartAt": "A",
        "States": {
            "V": {"Type": "Pass", "Assign": {"v": {"a": [1, 2]}}, "Next": "A"},
            "A": state,
            "E": {"Type": "Succeed"},
        },
    }
    if rng.random() < 0.5:
        definition["StartAt"] = "V"
    else:
        del definition["States"]["V"]
    data = values.json_value(rng, 3, odd=rng.random() < 0.3)
    if rng.random() < 0.7 and isinstance(data, dict):
        data["items"] = values.json_value(rng, 2)
    input_json = json.dumps(data) if values.is_json(data) else None

    def body() -> None:
        if input_json is None:
            sfnsim.run(definition, data, tasks=echo_handler, timeout=RUN_TIMEOUT, seed=1)
        else:
            _touch(
                sfnsim.run(
                    definition, input_json=input_json, tasks=echo_handler, timeout=RUN_TIMEOUT
                )
            )

    return Case(
        "parameters",
        f"definition={_short(definition, 2000)} input={_short(data)}",
        body,
        allowed=BAD_TYPES if input_json is None else (),
        tags=set(values.traits(definition, data)),
    )


# --- JSONata -------------------------------------------------------------------------------


def jsonata_case(rng: random.Random) -> Case:
    expr = expressions.jsonata(rng)
    data = values.json_value(rng, 3) if rng.random() < 0.8 else values.odd_value(rng)
    bindings = {"v": values.json_value(rng, 2)} if rng.random() < 0.5 else None
    aws = rng.random() < 0.7
    in_definition = rng.random() < 0.4
    # sfnsim.jsonata documents ValueError for data JSON cannot hold here: nesting past 1,000
    # levels, ints past a double's range.
    bad_types = not values.is_json(data) or not values.fits_payload(data, bindings)
    field = rng.choice(["Output", "Assign", "Arguments"])

    def body() -> None:
        if not in_definition:
            sfnsim.jsonata.compile(expr, aws=aws).evaluate(data, bindings)
            return
        state: dict[str, Any] = {"Type": "Pass", "End": True}
        if field == "Output":
            state["Output"] = f"{{% {expr} %}}"
        elif field == "Assign":
            state["Assign"] = {"v": f"{{% {expr} %}}"}
        else:
            state = {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "f", "Payload": f"{{% {expr} %}}"},
                "End": True,
            }
        definition = {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": state}}
        _touch(sfnsim.run(definition, data, tasks=echo_handler, timeout=RUN_TIMEOUT, seed=1))

    return Case(
        "jsonata",
        f"expr={expr!r} aws={aws} in_definition={in_definition}/{field} data={_short(data)} "
        f"bindings={_short(bindings)}",
        body,
        allowed=BAD_TYPES if bad_types else (),
        tags=set(values.traits(expr, data, bindings)),
    )


# --- execution inputs ----------------------------------------------------------------------

_ECHO: dict[str, Any] = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
_ECHO_JSONATA: dict[str, Any] = {
    "QueryLanguage": "JSONata",
    "StartAt": "P",
    "States": {"P": {"Type": "Pass", "Output": "{% $states.input %}", "End": True}},
}


def inputs_case(rng: random.Random) -> Case:
    as_text = rng.random() < 0.5
    data: Any = values.odd_json_text(rng) if as_text else values.odd_value(rng)
    route = rng.choice(["run", "start_execution", "start_sync_execution", "test_state"])
    definition = rng.choice([_ECHO, _ECHO_JSONATA])
    definition_text = json.dumps(definition)

    def body() -> None:
        if route == "run":
            if as_text:
                _touch(sfnsim.run(definition, input_json=data, timeout=RUN_TIMEOUT))
            else:
                _touch(sfnsim.run(definition, data, timeout=RUN_TIMEOUT))
            return
        client = new_client()
        if route == "test_state":
            client.test_state(definition=json.dumps(definition["States"]["P"]), input=data)
            return
        express = route == "start_sync_execution"
        arn = client.create_state_machine(
            name="m",
            roleArn=ROLE,
            definition=definition_text,
            type="EXPRESS" if express else "STANDARD",
        )["stateMachineArn"]
        if express:
            client.start_sync_execution(stateMachineArn=arn, input=data)
        else:
            ex = client.start_execution(stateMachineArn=arn, input=data)["executionArn"]
            client.describe_execution(executionArn=ex)
            client.get_execution_history(executionArn=ex)

    return Case(
        "inputs",
        f"route={route} as_text={as_text} input={_short(data)} definition={definition_text}",
        body,
        allowed=BAD_TYPES if not as_text and not values.is_json(data) else (),
        tags=set(values.traits(data)),
    )


# --- task handlers -------------------------------------------------------------------------


class WeirdError(Exception):
    """An exception whose text cannot be read."""

    def __str__(self) -> str:
        raise values.CallerObjectError("no str")


class NotAnException(BaseException):
    """A BaseException that is no Exception: sfnsim lets it through to the caller."""


def _odd_exception(rng: random.Random) -> BaseException:
    named = type(
        rng.choice(["Err\u2603", "", "States.ALL", "x" * 300, "Ünï", "a.b"]), (Exception,), {}
    )
    choices: list[BaseException] = [
        ValueError("plain"),
        WeirdError(),
        named("odd name"),
        sfnsim.TaskFailed(rng.choice(["E", "", "States.Timeout", "\ud800"]), "c" * 100),
        sfnsim.TaskFailed("E", None),
        Exception(object()),
        Exception("\x00\ud800"),
        RecursionError("deep"),
        StopIteration(1),
        KeyboardInterrupt(),
        SystemExit(3),
        NotAnException(),
        GeneratorExit(),
        sfnsim.ClientError({"Error": {"Code": "X", "Message": "m"}}, "Op"),
    ]
    return rng.choice(choices)


def _odd_reply(rng: random.Random) -> Any:
    """What a raw task handler might answer instead of a reply dict."""
    replies: list[Any] = [
        None,
        42,
        "succeeded",
        [],
        {},
        {"kind": "succeeded"},
        {"kind": "succeeded", "result": values.odd_value(rng)},
        {"kind": "failed"},
        {"kind": "failed", "error": 12, "cause": object()},
        {"kind": "failed", "error": "E" * 100_000, "cause": "\ud800"},
        {"kind": "pending"},
        {"kind": "pending", "completion_token": 5},
        {"kind": "delegate"},
        {"kind": "unknown"},
        {"kind": "succeeded", "result": 1, "duration": rng.choice([-1, 1e300, float("nan"), "1"])},
        {"kind": "succeeded", "result": 1, "submitted": object()},
        {"kind": "succeeded", "result": 1, "lambda_invoke_request_id": 7},
        {"kind": "succeeded", "result": 1, "worker_name": None},
        {1: 2},
    ]
    return rng.choice(replies)


_HANDLER_DEFINITION: dict[str, Any] = {
    "StartAt": "T",
    "States": {
        "T": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "M"}],
            "Next": "M",
        },
        "M": {
            "Type": "Map",
            "ItemsPath": "$$.Execution.Input.items",
            "ItemProcessor": {
                "StartAt": "W",
                "States": {
                    "W": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                        "Parameters": {"FunctionName": "w", "Payload": {"t.$": "$$.Task.Token"}},
                        "TimeoutSeconds": 60,
                        "End": True,
                    }
                },
            },
            "End": True,
        },
    },
}


Callback = Callable[[Any, dict[str, Any]], Any]


def _own_execution(request: dict[str, Any]) -> str:
    return str(request.get("execution_arn", ""))


def _own_token(request: dict[str, Any]) -> str:
    return str(request.get("task_token") or "x")


def _machine_arn(client: Any) -> str:
    return str(client.list_state_machines()["stateMachines"][0]["stateMachineArn"])


# Calls back into the client from inside a task handler: on the execution that is running the
# handler, on its own task token, and on the state machine it belongs to.
CALLBACKS: dict[str, Callback] = {
    "describe own execution": lambda c, r: c.describe_execution(executionArn=_own_execution(r)),
    "history of own execution": lambda c, r: c.get_execution_history(
        executionArn=_own_execution(r)
    ),
    "stop own execution": lambda c, r: c.stop_execution(executionArn=_own_execution(r)),
    "redrive own execution": lambda c, r: c.redrive_execution(executionArn=_own_execution(r)),
    "succeed own token": lambda c, r: c.send_task_success(taskToken=_own_token(r), output="{}"),
    "fail own token": lambda c, r: c.send_task_failure(taskToken=_own_token(r), error="E"),
    "heartbeat": lambda c, r: c.send_task_heartbeat(taskToken=_own_token(r)),
    "start another": lambda c, r: c.start_execution(stateMachineArn=_machine_arn(c), input="{}"),
    "delete the state machine": lambda c, r: c.delete_state_machine(
        stateMachineArn=_machine_arn(c)
    ),
    "update the state machine": lambda c, r: c.update_state_machine(
        stateMachineArn=_machine_arn(c), definition=json.dumps(_ECHO)
    ),
    "list executions": lambda c, r: c.list_executions(stateMachineArn=_machine_arn(c)),
}


def handlers_case(rng: random.Random) -> Case:
    behaviour = rng.choice(["return", "raise", "reply", "callback"])
    items = [1, 2] if rng.random() < 0.7 else []
    exception = _odd_exception(rng)
    result = values.odd_value(rng) if rng.random() < 0.7 else values.json_value(rng, 3)
    reply = _odd_reply(rng)
    callback_name = rng.choice(sorted(CALLBACKS))
    callback = CALLBACKS[callback_name]
    via_client = behaviour == "callback" or rng.random() < 0.4
    # tasks={name: fn} (fn takes the input, returns the result) or a raw handler taking the
    # request and answering a reply dict; only the raw one sees task tokens and ARNs.
    mapping = behaviour in ("return", "raise") and rng.random() < 0.5
    when = rng.randrange(3)  # misbehave on the first call, the second, or every call
    passthrough: list[BaseException] = []
    if not isinstance(exception, Exception):
        passthrough.append(exception)
    holder: dict[str, Any] = {}
    calls = [0]

    def handler(request: dict[str, Any]) -> Any:
        calls[0] += 1
        if when != 2 and calls[0] != when + 1:
            return echo_handler(request)
        if behaviour == "raise":
            raise exception
        if behaviour == "reply":
            return reply
        if behaviour == "callback":
            answer = callback(holder["client"], request)
            return {"kind": "succeeded", "result": {"answer": _short(answer, 50)}}
        return {"kind": "succeeded", "result": result}

    def plain(event: Any) -> Any:
        calls[0] += 1
        if when != 2 and calls[0] != when + 1:
            return event
        if behaviour == "raise":
            raise exception
        return result

    tasks: Any = {"f": plain, "w": plain} if mapping else handler

    def body() -> None:
        if not via_client:
            _touch(
                sfnsim.run(_HANDLER_DEFINITION, {"items": items}, tasks=tasks, timeout=RUN_TIMEOUT)
            )
            return
        client = new_client(tasks=tasks)
        holder["client"] = client
        arn = client.create_state_machine(
            name="h", roleArn=ROLE, definition=json.dumps(_HANDLER_DEFINITION)
        )["stateMachineArn"]
        ex = client.start_execution(stateMachineArn=arn, input=json.dumps({"items": items}))
        client.describe_execution(executionArn=ex["executionArn"])
        client.get_execution_history(executionArn=ex["executionArn"])

    what = {
        "return": f"returns result {_short(result)}",
        "raise": f"raises {_short(exception)}",
        "reply": f"replies {_short(reply)}",
        "callback": f"calls back: {callback_name}",
    }[behaviour]
    return Case(
        "handlers",
        f"{'tasks={name: fn}' if mapping else 'raw'} handler {what} on call "
        f"{'every' if when == 2 else when + 1}; via_client={via_client} "
        f"items={items}",
        body,
        passthrough=passthrough,
        tags=set(values.traits(result, reply, items)),
    )


# --- the command line ----------------------------------------------------------------------


def _cli_options() -> dict[str, list[argparse.Action]]:
    parser = sfnsim.cli.build_parser()
    commands: dict[str, list[argparse.Action]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if name == "serve":
                    continue  # serves until signalled by design; its HTTP front has its own tests
                commands[name] = [
                    a for a in sub._actions if not isinstance(a, argparse._HelpAction)
                ]
    return commands


def _mock_config(rng: random.Random) -> Any:
    return rng.choice(
        [
            {
                "StateMachines": {"m": {"TestCases": {"T": {"S0": "R"}}}},
                "MockedResponses": {"R": {"0": {"Return": values.json_value(rng, 2)}}},
            },
            {"StateMachines": {}, "MockedResponses": {"R": {"0-2": {"Throw": {"Error": "E"}}}}},
            values.json_value(rng, 2, odd=True),
            {"StateMachines": {"m": {"TestCases": {"T": {"S0": 5}}}}},
        ]
    )


PATHS = ["def.json", "good.asl.json", "input.json", "mocks.json", "history.json", "missing.json"]
PATHS += [".", "/dev/null"]


def cli_case(rng: random.Random) -> Case:
    commands = _cli_options()
    command = rng.choice(sorted(commands))
    files: dict[str, str] = {}
    definition, _how = definitions.definition(rng)
    files["def.json"] = (
        definition if isinstance(definition, str) else json.dumps(definition, indent=2, default=str)
    )
    files["good.asl.json"] = json.dumps(definitions.machine(rng), indent=2, default=str)
    files["input.json"] = (
        values.odd_json_text(rng) if rng.random() < 0.5 else json.dumps(values.json_value(rng, 3))
    )
    files["mocks.json"] = json.dumps(_mock_config(rng), default=str)
    files["history.json"] = json.dumps(values.json_value(rng, 3, odd=True), default=str)

    def path_value() -> str:
        return rng.choice(PATHS)

    argv = [command]
    for action in commands[command]:
        if action.option_strings and rng.random() < 0.5:
            continue
        if not action.option_strings:  # positional: file(s)
            count = rng.randrange(1, 3) if action.nargs == "+" else 1
            argv += [
                rng.choice(["good.asl.json", "def.json"]) if rng.random() < 0.8 else path_value()
                for _ in range(count)
            ]
            continue
        argv.append(rng.choice(action.option_strings))
        if action.nargs == 0:
            continue
        if action.choices:
            # A real clock really waits: a Wait of a day would be a hang of the fuzzer's making.
            argv.append(rng.choice([c for c in action.choices if c != "real"] or ["x"]))
        elif any(
            word in action.dest for word in ("file", "mocks", "html", "svg", "output", "history")
        ):
            argv.append(rng.choice([f"out-{len(argv)}.txt", path_value()]))
        elif action.dest in ("input", "variables", "mock_result"):
            argv.append(
                values.odd_json_text(rng)
                if rng.random() < 0.5
                else json.dumps(values.json_value(rng, 2))
            )
        else:
            argv.append(rng.choice(["S0", "T", "m", "x", "", "\ud800", "States.Timeout", "-1"]))

    def body() -> None:
        folder = tempfile.mkdtemp(prefix="sfnsim-fuzz-cli-")
        try:
            os.chdir(folder)
            for name, text in files.items():
                with open(name, "w", encoding="utf-8", errors="surrogatepass") as f:
                    f.write(text)
            sfnsim.cli.main(argv)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return Case(
        "cli",
        f"sfnsim {' '.join(_short(a, 120) for a in argv)} files={_short(files, 3000)}",
        body,
        tags=set(values.traits(argv, files)),
    )


# --- the API -------------------------------------------------------------------------------


def _api_value(rng: random.Random, name: str, kind: str, pool: dict[str, list[str]]) -> Any:
    lowered = name.lower()
    if kind == "string":
        if lowered.endswith("arn"):
            # Mostly an ARN of the kind the member names (executionArn: an execution), from
            # what earlier calls created; sometimes any ARN, a missing one, or junk.
            kind_word = {
                "executionarn": ":execution:",
                "activityarn": ":activity:",
                "maprunarn": ":mapRun:",
                "statemachinearn": ":stateMachine:",
                "statemachineversionarn": ":stateMachine:",
                "statemachinealiasarn": ":stateMachine:",
            }.get(lowered, ":")
            arns = pool.get("arn", [])
            fitting = [a for a in arns if kind_word in a] or arns
            roll = rng.random()
            if roll < 0.75 and fitting:
                return rng.choice(fitting)
            if roll < 0.85 and arns:
                return rng.choice(arns)
            if roll < 0.92:
                return "arn:aws:states:us-east-1:123456789012:stateMachine:nope"
            return rng.choice(values.ODD_STRINGS)
        if lowered == "definition":
            d, _ = definitions.definition(rng)
            return (
                d
                if isinstance(d, str) and rng.random() < 0.5
                else json.dumps(definitions.machine(rng))
            )
        if lowered in ("input", "output", "variables", "context"):
            return (
                values.odd_json_text(rng)
                if rng.random() < 0.5
                else json.dumps(values.json_value(rng, 2))
            )
        if lowered == "tasktoken":
            return rng.choice(pool.get("token", []) + ["token"])
        if lowered == "type":
            return rng.choice(["STANDARD", "EXPRESS", "x"])
        if lowered == "nexttoken":
            return rng.choice(["", "x", "0", "1" * 2000, "eyJ"])
        return rng.choice(["n", "name-1", "x" * 81, "", "a b", "\ud800", "😀", "v1", "1"])
    if kind == "integer":
        return rng.choice([0, 1, -1, 5, 1000, 2**31, 2**63, 10**30])
    if kind == "float":
        return rng.choice([0.0, 50.5, 100, -1, 1e308, float("nan")])
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "list":
        if lowered == "tags":
            return [
                {"key": rng.choice(["k", "", "x" * 200]), "value": rng.choice(["v", "\ud800"])}
                for _ in range(rng.randrange(0, 3))
            ]
        if lowered == "routingconfiguration":
            return [
                {
                    "stateMachineVersionArn": rng.choice(pool.get("arn", ["x"])),
                    "weight": rng.choice([100, 50, 0, -1, 101]),
                }
                for _ in range(rng.randrange(0, 3))
            ]
        return [values.scalar(rng) for _ in range(rng.randrange(0, 3))]
    return values.json_value(rng, 2) if rng.random() < 0.5 else {}  # structures


_DISTRIBUTED_MAP: dict[str, Any] = {
    "StartAt": "D",
    "States": {
        "D": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "Label": "L",
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P",
                "States": {"P": {"Type": "Pass", "End": True}},
            },
            "End": True,
        }
    },
}


def _wrong_type(rng: random.Random) -> Any:
    return rng.choice(
        [None, 1, "s", [], {}, 1.5, True, object(), b"x", {"a": object()}, [object()]]
    )


def api_case(rng: random.Random) -> Case:
    methods = sorted(METHODS)
    calls: list[tuple[str, dict[str, Any]]] = []
    bad_types = False
    for _ in range(rng.randrange(3, 12)):
        method = rng.choice(methods)
        members = _core.request_members(METHODS[method])
        params: dict[str, Any] = {}
        for name, required, kind, _minimum in members:
            if required or rng.random() < 0.4:
                params[name] = ("@pool", name, kind)  # resolved at call time, from the pool
        if rng.random() < 0.1 and params:
            params.pop(rng.choice(list(params)))
        if rng.random() < 0.05:
            params[rng.choice(["unknown", "Name", "x"])] = 1
        if rng.random() < 0.1 and params:
            params[rng.choice(list(params))] = _wrong_type(rng)
            bad_types = True
        calls.append((method, params))
    value_seed = rng.randrange(2**32)
    tags = set(values.traits(calls))

    def body() -> None:
        pick = random.Random(value_seed)
        pool: dict[str, list[str]] = {"arn": [], "token": []}

        def waiting_handler(request: dict[str, Any]) -> dict[str, Any]:
            # Tasks with a token wait for it, so that SendTask* calls have something to act on.
            token = request.get("task_token")
            if token:
                pool["token"].append(str(token))
                return {"kind": "pending"}
            return echo_handler(request)

        client = new_client(tasks=waiting_handler)
        # Something to point at: a state machine with a version, an activity, executions
        # waiting on task tokens, and a distributed Map's map run.
        sm = client.create_state_machine(
            name="base", roleArn=ROLE, definition=json.dumps(_HANDLER_DEFINITION), publish=True
        )
        pool["arn"] += [sm["stateMachineArn"], sm["stateMachineVersionArn"]]
        pool["arn"].append(client.create_activity(name="act")["activityArn"])
        for _ in range(2):
            started = client.start_execution(
                stateMachineArn=sm["stateMachineArn"], input='{"items":[1, 2]}'
            )
            pool["arn"].append(started["executionArn"])
        mapped = client.create_state_machine(
            name="mapped", roleArn=ROLE, definition=json.dumps(_DISTRIBUTED_MAP)
        )["stateMachineArn"]
        run = client.start_execution(stateMachineArn=mapped, input='{"items":[1, 2, 3]}')
        pool["arn"] += [mapped, run["executionArn"]]
        for map_run in client.list_map_runs(executionArn=run["executionArn"])["mapRuns"]:
            pool["arn"].append(map_run["mapRunArn"])
        for method, params in calls:
            resolved = {
                k: _api_value(pick, v[1], v[2], pool)
                if isinstance(v, tuple) and v and v[0] == "@pool"
                else v
                for k, v in params.items()
            }
            tags.update(values.traits(resolved))
            try:
                answer = getattr(client, method)(**resolved)
            except (sfnsim.ClientError, sfnsim.ParamValidationError):
                continue
            for key, value in _strings(answer):
                if key.endswith("Arn") and value not in pool["arn"]:
                    pool["arn"].append(value)
                if key == "taskToken":
                    pool["token"].append(value)

    return Case(
        "api",
        f"calls={_short(calls, 4000)} value_seed={value_seed}",
        body,
        allowed=BAD_TYPES if bad_types else (),
        tags=tags,
    )


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, child in v.items():
                if isinstance(child, str):
                    yield str(k), child
                else:
                    stack.append(child)
        elif isinstance(v, list):
            stack.extend(v)


SURFACES: dict[str, Callable[[random.Random], Case]] = {
    "definitions": definitions_case,
    "parameters": parameters_case,
    "jsonata": jsonata_case,
    "inputs": inputs_case,
    "handlers": handlers_case,
    "cli": cli_case,
    "api": api_case,
}
