"""The drawable graph of a definition: a node per state, an edge per transition (``Next``, each
Choice rule, ``Default``, each ``Catch``), Parallel branches and Map item processors as nested
graphs. Synthetic Start and End nodes frame the top level, as in the AWS console.

Built from the definition's JSON alone, leniently: a definition the validator would refuse
still draws (a transition to a missing state is left out), so ``sfnsim render`` can show work
in progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..definition_json import definition_value
from ..definition_states import MAX_DEPTH, processor_of
from .conditions import choice_label

START = "\x00start"
END = "\x00end"


@dataclass
class Node:
    id: str
    label: str
    kind: str  # "state", "start" or "end"
    type: str = ""  # the ASL Type of a state
    detail: str = ""  # a short description under the name: resource, wait time ...
    spec: Mapping[str, Any] = field(default_factory=dict)
    groups: list[Graph] = field(default_factory=list)  # Parallel branches / Map processor
    retry: bool = False
    distributed: bool = False


@dataclass
class Edge:
    src: str
    dst: str
    kind: str  # "next", "choice", "default", "catch", "end"
    label: str = ""


@dataclass
class Graph:
    nodes: dict[str, Node]
    edges: list[Edge]
    start: str | None

    def states(self) -> list[Node]:
        """Every state node, nested ones included, in definition order."""
        out: list[Node] = []
        for node in self.nodes.values():
            if node.kind == "state":
                out.append(node)
                for group in node.groups:
                    out.extend(group.states())
        return out


def load_definition(definition: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(definition, (str, bytes)):
        text = definition.decode("utf-8") if isinstance(definition, bytes) else definition
        value = definition_value(text)
    else:
        value = dict(definition)
    if not isinstance(value, dict):
        raise ValueError("a state machine definition is a JSON object")
    return value


def build_graph(definition: str | bytes | Mapping[str, Any]) -> Graph:
    """The graph of a whole definition, with Start and End nodes."""
    spec = load_definition(definition)
    graph = _build(spec, depth=0)
    nodes = {START: Node(START, "Start", "start")}
    nodes.update(graph.nodes)
    nodes[END] = Node(END, "End", "end")
    edges = []
    if graph.start is not None:
        edges.append(Edge(START, graph.start, "next"))
    edges.extend(graph.edges)
    for node in graph.nodes.values():
        if _is_terminal(node.spec):
            edges.append(Edge(node.id, END, "end"))
    return Graph(nodes, edges, START)


def _build(spec: Mapping[str, Any], depth: int) -> Graph:
    states = spec.get("States")
    if not isinstance(states, Mapping):
        states = {}
    nodes: dict[str, Node] = {}
    for name, state in states.items():
        nodes[str(name)] = _node(str(name), state if isinstance(state, Mapping) else {}, depth)
    edges: list[Edge] = []
    for node in nodes.values():
        edges.extend(e for e in _edges(node) if e.dst in nodes)
    start = spec.get("StartAt")
    return Graph(nodes, edges, start if isinstance(start, str) and start in nodes else None)


def _node(name: str, state: Mapping[str, Any], depth: int) -> Node:
    kind = str(state.get("Type", ""))
    node = Node(name, name, "state", kind, describe(state), state)
    node.retry = bool(state.get("Retry"))
    if depth < MAX_DEPTH:
        if kind == "Parallel":
            branches = state.get("Branches")
            if isinstance(branches, list):
                node.groups = [_build(b, depth + 1) for b in branches if isinstance(b, Mapping)]
        elif kind == "Map":
            processor = processor_of(state)
            if processor is not None:
                node.groups = [_build(processor, depth + 1)]
                config = processor.get("ProcessorConfig")
                node.distributed = (
                    isinstance(config, Mapping) and config.get("Mode") == "DISTRIBUTED"
                )
    return node


def _is_terminal(state: Mapping[str, Any]) -> bool:
    return state.get("Type") in ("Succeed", "Fail") or state.get("End") is True


def _edges(node: Node) -> list[Edge]:
    state = node.spec
    out: list[Edge] = []
    if node.type == "Choice":
        labels: dict[str, list[str]] = {}
        choices = state.get("Choices")
        for rule in choices if isinstance(choices, list) else []:
            if isinstance(rule, Mapping) and isinstance(rule.get("Next"), str):
                labels.setdefault(rule["Next"], []).append(choice_label(rule))
        for target, texts in labels.items():
            out.append(Edge(node.id, target, "choice", " | ".join(texts)))
        if isinstance(state.get("Default"), str):
            out.append(Edge(node.id, state["Default"], "default", "Default"))
    elif isinstance(state.get("Next"), str):
        out.append(Edge(node.id, state["Next"], "next"))
    catchers = state.get("Catch")
    by_target: dict[str, list[str]] = {}
    for catcher in catchers if isinstance(catchers, list) else []:
        if isinstance(catcher, Mapping) and isinstance(catcher.get("Next"), str):
            errors = catcher.get("ErrorEquals")
            names = [str(e) for e in errors] if isinstance(errors, list) else []
            by_target.setdefault(catcher["Next"], []).extend(names)
    for target, errors in by_target.items():
        out.append(Edge(node.id, target, "catch", "Catch " + ", ".join(errors)))
    return out


def describe(state: Mapping[str, Any]) -> str:
    """A few words under a state's name: what it calls, how long it waits."""
    kind = state.get("Type")
    if kind == "Task":
        return task_summary(state)
    if kind == "Wait":
        for key, text in (
            ("Seconds", "{} s"),
            ("Timestamp", "until {}"),
            ("SecondsPath", "{} s"),
            ("TimestampPath", "until {}"),
        ):
            if key in state:
                value = state[key]
                if isinstance(value, str) and value.startswith("{%"):
                    value = value[2:-2].strip() if value.endswith("%}") else value
                return "Wait " + text.format(value)
        return "Wait"
    if kind == "Map":
        processor = state.get("ItemProcessor") or {}
        config = processor.get("ProcessorConfig") if isinstance(processor, Mapping) else None
        mode = (
            "Distributed Map"
            if isinstance(config, Mapping) and config.get("Mode") == "DISTRIBUTED"
            else "Map"
        )
        limit = state.get("MaxConcurrency")
        return f"{mode}, max {limit} at once" if isinstance(limit, int) and limit > 0 else mode
    if kind == "Fail":
        error = state.get("Error") or state.get("ErrorPath")
        return f"Fail: {error}" if isinstance(error, str) else "Fail"
    return str(kind or "")


def task_summary(state: Mapping[str, Any]) -> str:
    resource = state.get("Resource")
    if not isinstance(resource, str):
        return "Task"
    args = state.get("Parameters") or state.get("Arguments") or {}
    if resource.startswith("arn:aws:states:::lambda:invoke"):
        function = args.get("FunctionName") if isinstance(args, Mapping) else None
        if function is None and isinstance(args, Mapping):
            function = "$" if "FunctionName.$" in args else None
        return "Lambda " + lambda_name(str(function)) if function else "Lambda invoke"
    if resource.startswith("arn:aws:states:::aws-sdk:"):
        return resource[len("arn:aws:states:::aws-sdk:") :]
    if resource.startswith("arn:aws:states:::"):
        return resource[len("arn:aws:states:::") :]
    parts = resource.split(":")
    if len(parts) >= 7 and parts[2] == "lambda" and parts[5] == "function":
        return "Lambda " + parts[6]
    if len(parts) >= 7 and parts[2] == "states" and parts[5] == "activity":
        return "Activity " + parts[6]
    return resource


def lambda_name(ref: str) -> str:
    if ":function:" in ref:
        return ref.split(":function:")[1].split(":")[0]
    return ref
