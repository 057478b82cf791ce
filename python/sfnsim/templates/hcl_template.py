"""HCL's string templates: the text of a quoted string, a heredoc or a ``templatefile`` file,
read into parts that ``terraform_eval`` renders.

The syntax read is tabled in docs/templates.md ("Terraform"): ``${expr}``, ``$${`` and
``%%{`` escapes, ``%{ if }``/``%{ for }`` directives with ``~`` strip markers, and backslash
escapes in quoted strings only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .hcl import parse_expression
from .model import TemplateError


@dataclass(frozen=True)
class Interpolation:
    expr: Any


@dataclass(frozen=True)
class If:
    test: Any
    then: list[Any]
    otherwise: list[Any]


@dataclass(frozen=True)
class ForEach:
    key_var: str | None
    value_var: str
    collection: Any
    body: list[Any]


_FOR = re.compile(r"for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?in\s+(.*)$", re.S)


def parse_template(source: str, *, quoted: bool, where: str) -> list[Any]:
    """The parts of a template: strings, Interpolation, If and ForEach."""
    tokens = _tokens(source, quoted, where)
    parts, end = _sequence(tokens, 0, where, ())
    if end != len(tokens):
        raise TemplateError(f"{where}: %{{ {tokens[end][1]} }} without its opening directive")
    return parts


def _tokens(source: str, quoted: bool, where: str) -> list[tuple[str, Any]]:
    """("text", str) | ("interp", expression text) | ("directive", text), with strip
    markers applied to the text around them."""
    out: list[tuple[str, Any]] = []
    text: list[str] = []
    i = 0
    while i < len(source):
        if source.startswith(("$${", "%%{"), i):
            text.append(source[i + 1 : i + 3])
            i += 3
            continue
        if source.startswith(("${", "%{"), i):
            end = _closing(source, i + 2, where)
            inner = source[i + 2 : end]
            strip_before = inner.startswith("~")
            strip_after = inner.endswith("~")
            inner = inner[1 if strip_before else 0 : len(inner) - 1 if strip_after else None]
            out.append(("text", _literal("".join(text), quoted, where)))
            text = []
            if strip_before:
                out[-1] = ("text", out[-1][1].rstrip())
            out.append(("interp" if source[i] == "$" else "directive", inner.strip()))
            i = end + 1
            if strip_after:
                while i < len(source) and source[i] in " \t\r\n":
                    i += 1
            continue
        if quoted and source[i] == "\\" and i + 1 < len(source):
            width = 6 if source[i + 1] == "u" else 10 if source[i + 1] == "U" else 2
            text.append(source[i : i + width])
            i += width
            continue
        text.append(source[i])
        i += 1
    out.append(("text", _literal("".join(text), quoted, where)))
    return [t for t in out if t != ("text", "")]


def _literal(text: str, quoted: bool, where: str) -> str:
    if not quoted or "\\" not in text:
        return text
    text = re.sub(r"\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m.group(1), 16)), text)
    try:
        return str(json.loads('"' + text.replace("\t", "\\t").replace("\n", "\\n") + '"'))
    except ValueError:
        raise TemplateError(f"{where}: an escape HCL does not know in {text!r}") from None


def _closing(source: str, start: int, where: str) -> int:
    """Where the ``}`` that closes a ``${``/``%{`` opened before ``start`` is: braces nest,
    and quoted strings inside the expression may hold braces."""
    depth = 0
    i = start
    while i < len(source):
        c = source[i]
        if c == '"':
            i += 1
            while i < len(source) and source[i] != '"':
                i += 2 if source[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise TemplateError(f"{where}: a ${{ or %{{ that is never closed")


def _sequence(
    tokens: list[tuple[str, Any]], i: int, where: str, until: tuple[str, ...]
) -> tuple[list[Any], int]:
    parts: list[Any] = []
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "text":
            parts.append(value)
        elif kind == "interp":
            parts.append(Interpolation(parse_expression(value, where)))
        else:
            word = value.split(None, 1)[0] if value else ""
            if word in until:
                return parts, i
            if word == "if":
                then, i = _sequence(tokens, i + 1, where, ("else", "endif"))
                otherwise: list[Any] = []
                if i < len(tokens) and tokens[i][1].split(None, 1)[0] == "else":
                    otherwise, i = _sequence(tokens, i + 1, where, ("endif",))
                _expect(tokens, i, "endif", where)
                parts.append(If(parse_expression(value[2:], where), then, otherwise))
            elif word == "for":
                found = _FOR.match(value)
                if not found:
                    raise TemplateError(f"{where}: %{{ {value} }} is not a for directive")
                body, i = _sequence(tokens, i + 1, where, ("endfor",))
                _expect(tokens, i, "endfor", where)
                first, second, collection = found.groups()
                key_var, value_var = (first, second) if second else (None, first)
                parts.append(ForEach(key_var, value_var, parse_expression(collection, where), body))
            else:
                return parts, i
        i += 1
    return parts, i


def _expect(tokens: list[tuple[str, Any]], i: int, word: str, where: str) -> None:
    if i >= len(tokens) or tokens[i][1].split(None, 1)[:1] != [word]:
        raise TemplateError(f"{where}: a %{{ if }} or %{{ for }} without its %{{ {word} }}")
