"""The graph as text for documentation: Mermaid (``flowchart TD``) and Graphviz DOT, coloured by
outcome when an execution is given. Parallel branches and Map processors become subgraphs."""

from __future__ import annotations

from typing import Callable

from .graph import END, START, Graph, Node
from .overlay import Overlay
from .palette import DEFINITION_LOOK, LOOKS


class _Ids:
    """Short, stable identifiers for nodes and groups, in definition order."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def __call__(self, node_id: str) -> str:
        if node_id not in self.ids:
            self.ids[node_id] = {START: "sfnStart", END: "sfnEnd"}.get(node_id, f"s{len(self.ids)}")
        return self.ids[node_id]


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def _mermaid_shape(node: Node, ident: str) -> str:
    label = _mermaid_text(node.label)
    if node.kind in ("start", "end"):
        return f'{ident}(["{label}"])'
    if node.type == "Choice":
        return f'{ident}{{"{label}"}}'
    detail = _mermaid_text(node.detail) if node.detail and node.detail != node.type else ""
    text = f"{label}<br/><small>{detail}</small>" if detail else label
    return f'{ident}["{text}"]'


def to_mermaid(graph: Graph, overlay: Overlay | None = None) -> str:
    ids = _Ids()
    lines = ["flowchart TD"]
    status_of: Callable[[str], str | None] = overlay.status if overlay else (lambda n: None)

    def emit(g: Graph, indent: str) -> None:
        for node in g.nodes.values():
            ident = ids(node.id)
            if node.groups:
                lines.append(
                    f'{indent}subgraph {ident}["{_mermaid_text(node.label)} ({node.detail or node.type})"]'
                )
                for i, sub in enumerate(node.groups):
                    if len(node.groups) > 1:
                        lines.append(f'{indent}  subgraph {ident}_b{i}["Branch {i + 1}"]')
                        emit(sub, indent + "    ")
                        lines.append(f"{indent}  end")
                    else:
                        emit(sub, indent + "  ")
                lines.append(f"{indent}end")
            else:
                lines.append(indent + _mermaid_shape(node, ident))
        for edge in g.edges:
            a, b = ids(edge.src), ids(edge.dst)
            arrow = "-.->" if edge.kind in ("catch", "default") else "-->"
            if overlay is not None and (edge.src, edge.dst) in overlay.taken:
                arrow = "==>"
            label = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
            lines.append(f"{indent}{a} {arrow}{label} {b}")

    emit(graph, "  ")
    used: dict[str, list[str]] = {}
    for node_id, ident in ids.ids.items():
        if node_id in (START, END):
            continue
        status = status_of(node_id)
        used.setdefault(status or "def", []).append(ident)
    for key, members in used.items():
        look = LOOKS.get(key, DEFINITION_LOOK)
        dash = f",stroke-dasharray:{look.dash.replace(' ', ' ')}" if look.dash else ""
        lines.append(
            f"  classDef {key} fill:{look.fill},stroke:{look.stroke},stroke-width:{look.stroke_width:g}px,color:#1a1a1a{dash}"
        )
        lines.append(f"  class {','.join(members)} {key}")
    return "\n".join(lines) + "\n"


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _dot_text(text: str) -> str:
    return '"' + _dot_escape(text) + '"'


def to_dot(graph: Graph, overlay: Overlay | None = None) -> str:
    ids = _Ids()
    lines = [
        "digraph StateMachine {",
        "  compound=true; rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fontname="Arial", fontsize=12];',
        '  edge [fontname="Arial", fontsize=10];',
    ]
    anchors: dict[str, tuple[str, str]] = {}  # group id -> (first node, last node) inside it

    def attrs(node: Node) -> str:
        status = overlay.status(node.id) if overlay else None
        look = LOOKS[status] if status else DEFINITION_LOOK
        label = _dot_escape(node.label)
        if node.detail and node.detail != node.type:
            label += "\\n" + _dot_escape(node.detail)
        style = '"rounded,filled,dashed"' if look.dash else '"rounded,filled"'
        shape = "diamond" if node.type == "Choice" else "box"
        return (
            f'label="{label}", shape={shape}, style={style}, '
            f'fillcolor="{look.fill}", color="{look.stroke}", penwidth={look.stroke_width:g}'
        )

    def emit(g: Graph, indent: str) -> tuple[str, str]:
        first = last = ""
        for node in g.nodes.values():
            ident = ids(node.id)
            if node.groups:
                status = overlay.status(node.id) if overlay else None
                look = LOOKS[status] if status else DEFINITION_LOOK
                lines.append(f"{indent}subgraph cluster_{ident} {{")
                lines.append(
                    f"{indent}  label={_dot_text(node.label + ' (' + (node.detail or node.type) + ')')}; "
                    f'style="dashed,rounded"; color="{look.stroke}";'
                )
                inner_first = inner_last = ""
                for i, sub in enumerate(node.groups):
                    lines.append(
                        f'{indent}  subgraph cluster_{ident}_{i} {{ label=""; style=invis;'
                    )
                    f, la = emit(sub, indent + "    ")
                    inner_first, inner_last = inner_first or f, la or inner_last
                    lines.append(f"{indent}  }}")
                if not inner_first:
                    lines.append(f'{indent}  {ident}_empty [label="", shape=point];')
                    inner_first = inner_last = f"{ident}_empty"
                lines.append(f"{indent}}}")
                anchors[node.id] = (inner_first, inner_last)
                first, last = first or inner_first, inner_last
            else:
                if node.kind in ("start", "end"):
                    lines.append(
                        f'{indent}{ident} [label="{node.label}", shape=oval, style=solid];'
                    )
                else:
                    lines.append(f"{indent}{ident} [{attrs(node)}];")
                first, last = first or ident, ident
        for edge in g.edges:
            src, dst = ids(edge.src), ids(edge.dst)
            extra = []
            if edge.src in anchors:
                src = anchors[edge.src][1]
                extra.append(f"ltail=cluster_{ids(edge.src)}")
            if edge.dst in anchors:
                dst = anchors[edge.dst][0]
                extra.append(f"lhead=cluster_{ids(edge.dst)}")
            if edge.label:
                extra.append(f"label={_dot_text(edge.label)}")
            if edge.kind in ("catch", "default"):
                extra.append("style=dashed")
            if overlay is not None and (edge.src, edge.dst) in overlay.taken:
                extra.append("penwidth=2.4")
            suffix = f" [{', '.join(extra)}]" if extra else ""
            lines.append(f"{indent}{src} -> {dst}{suffix};")
        return first, last

    emit(graph, "  ")
    lines.append("}")
    return "\n".join(lines) + "\n"
