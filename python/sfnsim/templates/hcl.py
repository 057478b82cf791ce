"""Reading Terraform's HCL: a file's blocks and attributes as plain data, each attribute's
expression as a small syntax tree (the node classes below) that ``terraform_eval`` evaluates.

python-hcl2 is an optional dependency (``sfnsim[terraform]``), imported only when a ``.tf``
file is read. Only its raw parse tree (``hcl2.parses_to_tree``) is used, and only here: its
dictionary form keeps every expression as HCL text, which would need parsing again. The
templates inside strings and heredocs (``${...}``, ``%{...}``) are read by ``hcl_template``,
which hands each ``${...}`` expression back to :func:`parse_expression`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .model import MissingExtra, TemplateError

EXTRA_HINT = "reading Terraform configurations needs python-hcl2: pip install 'sfnsim[terraform]'"


def _hcl2() -> Any:
    try:
        import hcl2
    except ImportError:
        raise MissingExtra(EXTRA_HINT) from None
    return hcl2


# -- the syntax tree ----------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Template:
    """A quoted string or heredoc: text, ``${expr}`` parts and ``%{...}`` directives, read
    from ``source`` (the raw text between the quotes, or the heredoc's body)."""

    source: str
    quoted: bool  # a quoted string decodes backslash escapes; a heredoc does not
    line: int


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class GetAttr:
    target: Any
    name: str


@dataclass(frozen=True)
class Index:
    target: Any
    key: Any


@dataclass(frozen=True)
class Splat:
    """``target[*].rest`` (and ``target.*.rest``): ``rest`` applied to each element, with
    ``Name("")`` standing for the element."""

    target: Any
    rest: Any


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]
    expand_last: bool = False
    line: int = 0


@dataclass(frozen=True)
class Tuple:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Object:
    items: tuple[tuple[Any, Any], ...]  # (key expression, value expression)


@dataclass(frozen=True)
class Conditional:
    test: Any
    then: Any
    otherwise: Any


@dataclass(frozen=True)
class Binary:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Any


@dataclass(frozen=True)
class For:
    key_var: str | None
    value_var: str
    collection: Any
    key: Any  # None for a tuple ``[for ...]``
    value: Any
    condition: Any
    group: bool = False


@dataclass
class Block:
    """``type "label" "label" { ... }``: its attributes (expressions) and nested blocks."""

    type: str
    labels: list[str]
    attributes: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    file: str = ""
    line: int = 0


# -- reading --------------------------------------------------------------------------------


def parse_file(text: str, file: str) -> Block:
    """A file's body as a Block of type ``""``."""
    hcl2 = _hcl2()
    try:
        tree = hcl2.parses_to_tree(text)
    except Exception as exc:  # lark's errors have no common base worth naming here
        first = " ".join(str(exc).split())[:300]
        raise TemplateError(f"{file} is not HCL: {first}") from None
    body = Block("", [], file=file)
    _read_body(_child(tree, "body"), body, file, text + "\n")
    return body


def parse_expression(text: str, where: str) -> Any:
    """One expression (the inside of a ``${...}``)."""
    hcl2 = _hcl2()
    src = f"x = (\n{text}\n)\n"
    try:
        tree = hcl2.parses_to_tree(src)
    except Exception as exc:
        first = " ".join(str(exc).split())[:200]
        raise TemplateError(f"{where}: {text!r} is not an HCL expression: {first}") from None
    attribute = _child(_child(tree, "body"), "attribute")
    return _expr(_trees(attribute)[-1], src)


def _trees(node: Any) -> list[Any]:
    from lark import Tree

    return [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]


def _child(node: Any, name: str) -> Any:
    for child in _trees(node):
        if child.data == name:
            return child
    raise TemplateError(f"unexpected HCL syntax: no {name} in {node.data}")


def _token(node: Any) -> str:
    from lark import Token

    for child in node.children:
        if isinstance(child, Token):
            return str(child)
    raise TemplateError(f"unexpected HCL syntax in {node.data}")


def _label(node: Any, src: str) -> str:
    if node.data == "string":
        value = _expr(node, src)
        if isinstance(value, Template):
            return _plain(value)
    return _token(node)


def _plain(template: Template) -> str:
    return json.loads('"' + template.source + '"') if template.quoted else template.source


def _read_body(body: Any, into: Block, file: str, src: str) -> None:
    for item in _trees(body):
        line = getattr(item.meta, "line", 0)
        if item.data == "attribute":
            parts = _trees(item)
            into.attributes[_label(parts[0], src)] = _expr(parts[-1], src)
        elif item.data == "block":
            parts = _trees(item)
            names = [_label(p, src) for p in parts[:-1]]
            block = Block(names[0], names[1:], file=file, line=line)
            _read_body(parts[-1], block, file, src)
            into.blocks.append(block)


def _expr(node: Any, src: str) -> Any:  # noqa: C901, PLR0911, PLR0912 - one branch per rule of the grammar
    kind = node.data
    parts = _trees(node)
    if kind == "expr_term":
        return _expr(parts[0], src)
    if kind == "int_lit":
        return Literal(int(_token(node)))
    if kind == "float_lit":
        return Literal(float(_token(node)))
    if kind == "literal_value":
        return Literal({"true": True, "false": False, "null": None}[_token(node)])
    if kind in ("identifier", "keyword"):
        return Name(_token(node))
    if kind == "string":
        return _string(node, src)
    if kind in ("heredoc_template", "heredoc_template_trim"):
        return _heredoc(_token(node), kind.endswith("_trim"), node.meta.line)
    if kind == "tuple":
        return Tuple(tuple(_expr(p, src) for p in parts))
    if kind == "object":
        items = []
        for elem in parts:
            key_node, value_node = _trees(elem)
            key_inner = _trees(key_node)[0]
            key = _expr(key_inner, src)
            if isinstance(key, Name):  # a bare word is the key itself, not a reference
                key = Literal(key.name)
            items.append((key, _expr(value_node, src)))
        return Object(tuple(items))
    if kind == "function_call":
        names = [p for p in parts if p.data == "identifier"]
        arguments = [p for p in parts if p.data == "arguments"]
        args = tuple(_expr(a, src) for a in _trees(arguments[0])) if arguments else ()
        expand = bool(arguments) and any(str(t) == "..." for t in arguments[0].children)
        name = "::".join(_token(n) for n in names)
        return Call(name, args, expand, node.meta.line)
    if kind == "get_attr_expr_term":
        return GetAttr(_expr(parts[0], src), _token(_trees(parts[1])[0]))
    if kind == "index_expr_term":
        return _index(_expr(parts[0], src), parts[1], src)
    if kind in ("attr_splat_expr_term", "full_splat_expr_term"):
        rest: Any = Name("")
        for step in _trees(parts[1]):
            rest = (
                GetAttr(rest, _token(_trees(step)[0]))
                if step.data == "get_attr"
                else _index(rest, step, src)
            )
        return Splat(_expr(parts[0], src), rest)
    if kind == "conditional":
        return Conditional(_expr(parts[0], src), _expr(parts[1], src), _expr(parts[2], src))
    if kind == "binary_op":
        term = parts[1]
        operator, operand = _trees(term)
        return Binary(_token(operator), _expr(parts[0], src), _expr(operand, src))
    if kind == "unary_op":
        return Unary(_token(node), _expr(parts[0], src))
    if kind in ("for_tuple_expr", "for_object_expr"):
        return _for(node, parts, kind == "for_object_expr", src)
    raise TemplateError(f"line {node.meta.line}: HCL's {kind} is not evaluated by sfnsim")


def _index(target: Any, step: Any, src: str) -> Index:
    if step.data == "short_index":  # a.0
        return Index(target, Literal(int(_token(step).lstrip("."))))
    return Index(target, _expr(_trees(step)[0], src))


def _string(node: Any, src: str) -> Any:
    """A quoted string: its raw source between the quotes, which the template reader reads
    (``${...}`` and ``%{...}`` with it), so that strings and heredocs are read alike."""
    return Template(src[node.meta.start_pos + 1 : node.meta.end_pos - 1], True, node.meta.line)


def _heredoc(token: str, trim: bool, line: int) -> Template:
    """``<<EOT`` / ``<<-EOT``: the body between the marker lines; ``<<-`` removes the
    indentation the least indented line has (spaces, as Terraform counts it)."""
    first, _, rest = token.partition("\n")
    lines = rest.rstrip("\r\n").split("\n")[:-1]  # the closing marker's line goes
    if trim:
        widths = [len(x) - len(x.lstrip(" ")) for x in lines if x.strip()]
        cut = min(widths, default=0)
        lines = [x[cut:] for x in lines]
    body = "\n".join(lines) + ("\n" if lines else "")
    return Template(body, False, line)


def _for(node: Any, parts: list[Any], is_object: bool, src: str) -> For:
    intro = _child(node, "for_intro")
    names = [_token(p) for p in _trees(intro) if p.data == "identifier"]
    collection = _expr([p for p in _trees(intro) if p.data != "identifier"][0], src)
    key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
    rest = [p for p in parts if p.data not in ("for_intro", "for_cond")]
    cond = [p for p in parts if p.data == "for_cond"]
    condition = _expr(_trees(cond[0])[0], src) if cond else None
    group = any(str(t) == "..." for t in node.children)
    if is_object:
        return For(
            key_var,
            value_var,
            collection,
            _expr(rest[0], src),
            _expr(rest[1], src),
            condition,
            group,
        )
    return For(key_var, value_var, collection, None, _expr(rest[0], src), condition)
