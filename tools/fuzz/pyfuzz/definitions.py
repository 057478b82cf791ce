"""Amazon States Language definitions: generated from a small model of the language (every
state type, both query languages, Map and Parallel nesting), and mutated structurally."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

from . import expressions, values

# Resources that need no Parameters/Arguments beyond what _task adds.
RESOURCES = [
    "arn:aws:lambda:us-east-1:123456789012:function:fn",
    "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::lambda:invoke.waitForTaskToken",
    "arn:aws:states:us-east-1:123456789012:activity:act",
]
ERRORS = ["States.ALL", "States.TaskFailed", "States.Timeout", "Boom", "States.Runtime"]
# Which optional fields each state type takes (JSONPath / JSONata).
IO_FIELDS = {
    "Pass": ("InputPath", "OutputPath", "Parameters", "ResultPath", "Assign"),
    "Task": ("InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Assign"),
    "Map": ("InputPath", "OutputPath", "ItemSelector", "ResultSelector", "ResultPath", "Assign"),
    "Parallel": ("InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Assign"),
    "Wait": ("InputPath", "OutputPath", "Assign"),
    "Choice": ("InputPath", "OutputPath", "Assign"),
    "Succeed": ("InputPath", "OutputPath"),
    "Fail": (),
}
JSONATA_FIELDS = {
    "Pass": ("Output", "Assign"),
    "Task": ("Output", "Assign"),
    "Map": ("Output", "Assign", "ItemSelector"),
    "Parallel": ("Output", "Assign", "Arguments"),
    "Wait": ("Output", "Assign"),
    "Choice": ("Output", "Assign"),
    "Succeed": ("Output",),
    "Fail": (),
}


def reference_path(rng: random.Random) -> str:
    """A path ResultPath, ItemsPath, Variable and the *Path fields accept."""
    steps = [
        rng.choice([".a", ".b", ".items", "[0]", ".x", "['k y']"]) for _ in range(rng.randrange(3))
    ]
    return "$" + "".join(steps)


def _path(rng: random.Random, reference: bool = False) -> str:
    if reference or rng.random() < 0.6:
        return reference_path(rng)
    return expressions.jsonpath(rng)


def _jsonata(rng: random.Random) -> str:
    return f"{{% {expressions.jsonata(rng)} %}}"


def _pick_next(rng: random.Random, names: list[str], index: int) -> dict[str, Any]:
    if index + 1 >= len(names):
        return {"End": True}
    # Mostly the next state, so that every state is reachable; sometimes further on or back
    # (a loop ends by the history limit or RunTimeout, not by hanging).
    roll = rng.random()
    if roll < 0.8:
        return {"Next": names[index + 1]}
    return {"Next": rng.choice(names[index + 1 :] if roll < 0.95 else names)}


def _template(rng: random.Random) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for i in range(rng.randrange(1, 4)):
        roll = rng.random()
        if roll < 0.2:
            body[f"p{i}.$"] = expressions.intrinsic(rng)
        elif roll < 0.4:
            body[f"p{i}.$"] = rng.choice(expressions.INTRINSIC_EXAMPLES)
        elif roll < 0.8:
            body[f"p{i}.$"] = _path(rng)
        else:
            body[f"p{i}"] = values.json_value(rng, 2)
    return body


def _io_fields(rng: random.Random, state: dict[str, Any], jsonata: bool) -> None:
    kind = state["Type"]
    for name in (JSONATA_FIELDS if jsonata else IO_FIELDS)[kind]:
        if rng.random() > 0.3 or name in state:
            continue
        if jsonata:
            if name == "Assign":
                state[name] = {"v": _jsonata(rng), "w": values.json_value(rng, 2)}
            elif name in ("ItemSelector", "Arguments"):
                state[name] = {"x": _jsonata(rng)}
            else:
                state[name] = _jsonata(rng)
        elif name in ("InputPath", "OutputPath"):
            state[name] = _path(rng)
        elif name == "ResultPath":
            state[name] = rng.choice([None, _path(rng, reference=True)])
        elif name == "Assign":
            state[name] = {"v": values.json_value(rng, 2), "w.$": _path(rng)}
        else:
            state[name] = _template(rng)


def _retry_catch(rng: random.Random, state: dict[str, Any], names: list[str]) -> None:
    if rng.random() < 0.4:
        state["Retry"] = [
            {
                "ErrorEquals": rng.sample(ERRORS[1:], rng.randrange(1, 3)),
                "MaxAttempts": rng.choice([0, 1, 3, 99999999]),
                "IntervalSeconds": rng.choice([1, 5, 99999999]),
                "BackoffRate": rng.choice([1, 2.5, 1.0000001]),
                **({"JitterStrategy": "FULL"} if rng.random() < 0.3 else {}),
                **({"MaxDelaySeconds": 3} if rng.random() < 0.3 else {}),
            }
        ]
    if rng.random() < 0.4:
        state["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": rng.choice(names)}]


def _task(rng: random.Random, state: dict[str, Any], jsonata: bool) -> None:
    resource = rng.choice(RESOURCES)
    state["Resource"] = resource
    if ":::lambda:invoke" in resource:
        payload: Any = _jsonata(rng) if jsonata else {"t.$": "$$.Task.Token", "in.$": "$"}
        if resource.endswith("waitForTaskToken") and jsonata:
            payload = {"t": "{% $states.context.Task.Token %}"}
        params = {"FunctionName": "fn", "Payload": payload}
        state["Arguments" if jsonata else "Parameters"] = params
    if rng.random() < 0.3:
        state["TimeoutSeconds"] = rng.choice([1, 60, 99999999])
    if rng.random() < 0.2:
        state["HeartbeatSeconds"] = rng.choice([1, 30])


def _choice(
    rng: random.Random, state: dict[str, Any], names: list[str], index: int, jsonata: bool
) -> None:
    rules = []
    for _ in range(rng.randrange(1, 3)):
        rule: dict[str, Any]
        if jsonata:
            rule = {"Condition": _jsonata(rng)}
        else:
            op, operand = rng.choice(
                [
                    ("NumericEquals", rng.choice([0, 1, -1.5])),
                    ("NumericLessThanPath", reference_path(rng)),
                    ("StringMatches", rng.choice(["a*", "*\\*", ""])),
                    ("StringEquals", "x"),
                    ("IsPresent", rng.random() < 0.5),
                    ("IsNumeric", True),
                    ("BooleanEquals", False),
                    ("IsNull", True),
                    ("TimestampEquals", "2024-01-01T00:00:00Z"),
                ]
            )
            rule = {"Variable": reference_path(rng), op: operand}
            if rng.random() < 0.3:
                rule = {rng.choice(["And", "Or"]): [rule, {"Not": dict(rule)}]}
        rule["Next"] = rng.choice(names)
        rules.append(rule)
    state["Choices"] = rules
    if index + 1 < len(names):
        state["Default"] = names[index + 1]
    elif rng.random() < 0.8:
        state["Default"] = rng.choice(names)


def _wait(rng: random.Random, state: dict[str, Any], jsonata: bool) -> None:
    if jsonata:
        state[rng.choice(["Seconds", "Timestamp"])] = _jsonata(rng)
        return
    field = rng.choice(["Seconds", "SecondsPath", "Timestamp", "TimestampPath"])
    state[field] = {
        "Seconds": rng.choice([0, 1, 86400, 99999999]),
        "SecondsPath": reference_path(rng),
        "Timestamp": rng.choice(["2024-01-01T00:00:00Z", "2016-03-14T01:59:00.123+01:00"]),
        "TimestampPath": reference_path(rng),
    }[field]


def _state(
    rng: random.Random, names: list[str], index: int, jsonata: bool, depth: int
) -> dict[str, Any]:
    kinds = ["Pass", "Task", "Choice", "Wait"]
    if index == len(names) - 1:  # earlier, they would leave the states after them unreachable
        kinds += ["Succeed", "Fail"]
    if depth < 2:
        kinds += ["Map", "Parallel"]
    kind = rng.choice(kinds)
    state: dict[str, Any] = {"Type": kind}
    if kind in ("Pass", "Task", "Wait", "Map", "Parallel"):
        state.update(_pick_next(rng, names, index))
    if kind == "Pass" and rng.random() < 0.3:
        state["Output" if jsonata else "Result"] = values.json_value(rng, 3)
    elif kind == "Task":
        _task(rng, state, jsonata)
        _retry_catch(rng, state, names)
    elif kind == "Choice":
        _choice(rng, state, names, index, jsonata)
    elif kind == "Wait":
        _wait(rng, state, jsonata)
    elif kind == "Fail":
        if rng.random() < 0.6 or jsonata:
            state["Error"] = rng.choice(ERRORS)
            state["Cause"] = "cause"
        else:
            state["ErrorPath"] = rng.choice([reference_path(rng), expressions.intrinsic(rng)])
    elif kind == "Map":
        processor = machine(rng, jsonata, depth + 1, top=False, prefix=f"{names[index]}M")
        if rng.random() < 0.2:
            processor["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
        state["ItemProcessor"] = processor
        if jsonata:
            state["Items"] = rng.choice(["{% $states.input.items %}", _jsonata(rng)])
        else:
            state["ItemsPath"] = rng.choice(["$.items", "$", reference_path(rng)])
        if rng.random() < 0.3:
            state["MaxConcurrency"] = rng.choice([0, 1, 40])
        if rng.random() < 0.2:
            state["ToleratedFailurePercentage"] = rng.choice([0, 50, 100])
        _retry_catch(rng, state, names)
    elif kind == "Parallel":
        state["Branches"] = [
            machine(rng, jsonata, depth + 1, top=False, prefix=f"{names[index]}B{b}")
            for b in range(rng.randrange(1, 3))
        ]
        _retry_catch(rng, state, names)
    _io_fields(rng, state, jsonata)
    return state


def machine(
    rng: random.Random,
    jsonata: bool | None = None,
    depth: int = 0,
    top: bool = True,
    prefix: str = "",
) -> dict[str, Any]:
    """A definition (or, below the top, a branch / item processor). State names are unique
    across the whole definition, as ASL requires: nested ones carry their parent's prefix."""
    if jsonata is None:
        jsonata = rng.random() < 0.4
    names = [f"{prefix}S{i}" for i in range(rng.randrange(1, 6))]
    states = {name: _state(rng, names, i, jsonata, depth) for i, name in enumerate(names)}
    if not any("End" in s or s["Type"] in ("Succeed", "Fail") for s in states.values()):
        states[names[-1]] = {"Type": "Succeed"}
    out: dict[str, Any] = {"StartAt": names[0], "States": states}
    if top:
        if jsonata:
            out["QueryLanguage"] = "JSONata"
        if rng.random() < 0.2:
            out["TimeoutSeconds"] = rng.choice([1, 3600])
        if rng.random() < 0.1:
            out["Comment"] = rng.choice(values.ODD_STRINGS)
    return out


def _mutate_once(rng: random.Random, node: Any) -> Any:
    """One structural edit somewhere in `node`; returns the (possibly new) root."""
    path: list[Any] = []
    current = node
    while isinstance(current, (dict, list)) and current and rng.random() < 0.75:
        key = rng.choice(list(current.keys())) if isinstance(current, dict) else None
        index = key if key is not None else rng.randrange(len(current))
        path.append(index)
        current = current[index]
    replacement = rng.choice(
        [
            values.scalar(rng, odd=True),
            values.json_value(rng, 2, odd=True),
            [],
            {},
            expressions.jsonpath(rng),
            expressions.intrinsic(rng),
            f"{{% {expressions.jsonata(rng)} %}}",
            "S0",
            "Pass",
            "Map",
            None,
        ]
    )
    if not path:
        return replacement if rng.random() < 0.1 else node
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = rng.randrange(4)
    if action == 0:
        del parent[last]
    elif action == 1 and isinstance(parent, dict):
        parent[
            rng.choice(
                [
                    "Next",
                    "End",
                    "Type",
                    "States",
                    "StartAt",
                    "Parameters",
                    "Default",
                    "QueryLanguage",
                    "ItemSelector",
                    "ResultWriter",
                    "ItemReader",
                    "Label",
                    "Variable",
                    "x.$",
                    "Arguments",
                    "Output",
                ]
            )
        ] = replacement
    elif action == 2 and isinstance(parent, list):
        parent.insert(rng.randrange(len(parent) + 1), replacement)
    else:
        parent[last] = replacement
    return node


def mutate(rng: random.Random, definition: dict[str, Any]) -> Any:
    out: Any = copy.deepcopy(definition)
    for _ in range(rng.randrange(1, 5)):
        out = _mutate_once(rng, out)
    return out


def text_mutate(rng: random.Random, text: str) -> str:
    """Edits to the definition's text: truncation, duplicated keys, bytes out of place."""
    pick = rng.randrange(5)
    pos = rng.randrange(len(text) + 1)
    if pick == 0:
        return text[:pos]
    if pick == 1:
        return (
            text[:pos] + rng.choice(["\x00", "\ud800", ",", "}", "]", '"', "{", "NaN"]) + text[pos:]
        )
    if pick == 2:
        return text.replace('"End": true', '"End": true, "End": false', 1)
    if pick == 3:
        return text.replace('"States": {', '"States": {"S0": {"Type": "Pass", "End": true}, ', 1)
    return text[:pos] + text[pos:][: rng.randrange(50)] * 2 + text[pos:]


def definition(rng: random.Random) -> tuple[Any, str]:
    """A definition to offer: (value or text, how it was made)."""
    base = machine(rng)
    pick = rng.randrange(4)
    if pick == 0:
        return base, "generated"
    if pick == 1:
        return mutate(rng, base), "mutated"
    text = json.dumps(base, indent=rng.choice([None, 2]))
    return text_mutate(rng, text), "text-mutated"
