"""DynamoDB expressions: condition/filter/key-condition, update and projection expressions.

Parsed once per request into tuples, placeholders (``#name``, ``:value``) resolved while
parsing so that unused and undefined ones are reported as DynamoDB reports them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any, Union

from . import dynamodb_values as dv
from ._common import ServiceError
from .dynamodb_reserved import RESERVED_WORDS

Segment = Union[str, int]
Path = list[Segment]
Node = tuple[Any, ...]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<attr>#[A-Za-z0-9_]+)"
    r"|(?P<val>:[A-Za-z0-9_]+)|(?P<op><>|<=|>=|[=<>(),.\[\]+\-]))"
)
_KEYWORDS = {"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"}
_COMPARATORS = {"=", "<>", "<", "<=", ">", ">="}
_CONDITION_FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
}
MAX_DEPTH = 64
_TYPE_WORDS = {
    "S": "STRING",
    "N": "NUMBER",
    "B": "BINARY",
    "BOOL": "BOOLEAN",
    "NULL": "NULL",
    "L": "LIST",
    "M": "MAP",
}


def _invalid(kind: str, message: str) -> ServiceError:
    return ServiceError("ValidationException", f"Invalid {kind}: {message}")


class Placeholders:
    """ExpressionAttributeNames/Values of one request, and which of them were used."""

    def __init__(self, names: Any, values: Any) -> None:
        if names is not None and not isinstance(names, Mapping):
            raise dv.validation("ExpressionAttributeNames must be a map")
        if values is not None and not isinstance(values, Mapping):
            raise dv.validation("ExpressionAttributeValues must be a map")
        if names is not None and not names:
            raise dv.validation("ExpressionAttributeNames must not be empty")
        if values is not None and not values:
            raise dv.validation("ExpressionAttributeValues must not be empty")
        self.names: dict[str, Any] = dict(names or {})
        self.values: dict[str, dv.Value] = {str(k): dv.clean(v) for k, v in (values or {}).items()}
        self.used_names: set[str] = set()
        self.used_values: set[str] = set()

    def name(self, token: str, kind: str) -> str:
        if token not in self.names:
            raise _invalid(
                kind,
                "An expression attribute name used in the document path is not defined; "
                f"attribute name: {token}",
            )
        self.used_names.add(token)
        return str(self.names[token])

    def value(self, token: str, kind: str) -> dv.Value:
        if token not in self.values:
            raise _invalid(
                kind,
                "An expression attribute value used in expression is not defined; "
                f"attribute value: {token}",
            )
        self.used_values.add(token)
        return self.values[token]

    def check_all_used(self) -> None:
        unused_names = sorted(set(self.names) - self.used_names)
        if unused_names:
            raise dv.validation(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                + ", ".join(unused_names)
                + "}"
            )
        unused_values = sorted(set(self.values) - self.used_values)
        if unused_values:
            raise dv.validation(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                + ", ".join(unused_values)
                + "}"
            )


class _Parser:
    def __init__(self, text: Any, kind: str, ph: Placeholders) -> None:
        if not isinstance(text, str) or not text.strip():
            raise _invalid(kind, "The expression can not be empty;")
        self.kind = kind
        self.ph = ph
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise _invalid(kind, f'Syntax error; token: "{text[pos:].strip()[:1]}", near: ')
            group = m.lastgroup or ""
            word = m.group(group)
            if group == "name" and word.upper() in _KEYWORDS:
                group, word = "kw", word.upper()
            self.tokens.append((group, word))
            pos = m.end()
        self.i = 0
        self.depth = 0

    # -- tokens -------------------------------------------------------------------------------

    def peek(self, offset: int = 0) -> tuple[str, str]:
        j = self.i + offset
        return self.tokens[j] if j < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def at(self, word: str) -> bool:
        return self.peek()[1] == word and self.peek()[0] in ("op", "kw")

    def expect(self, word: str) -> None:
        if not self.at(word):
            self.syntax()
        self.i += 1

    def syntax(self) -> None:
        group, word = self.peek()
        if group == "end":
            raise _invalid(self.kind, "Syntax error; token: <EOF>, near: ")
        raise _invalid(self.kind, f'Syntax error; token: "{word}", near: ')

    def done(self) -> None:
        if self.peek()[0] != "end":
            self.syntax()

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _invalid(self.kind, "The expression has too many nested levels")

    # -- operands -----------------------------------------------------------------------------

    def path(self) -> Node:
        segments: Path = [self.name()]
        while True:
            if self.at("."):
                self.i += 1
                segments.append(self.name())
            elif self.at("["):
                self.i += 1
                group, word = self.take()
                if group != "num":
                    self.i -= 1
                    self.syntax()
                segments.append(int(word))
                self.expect("]")
            else:
                return ("path", segments)

    def name(self) -> str:
        group, word = self.take()
        if group == "name":
            if word.upper() in RESERVED_WORDS:
                raise _invalid(
                    self.kind, f"Attribute name is a reserved keyword; reserved keyword: {word}"
                )
            return word
        if group == "attr":
            return self.ph.name(word, self.kind)
        self.i -= 1
        self.syntax()
        return ""

    def operand(self, update: bool = False) -> Node:
        group, word = self.peek()
        if group == "val":
            self.i += 1
            return ("value", self.ph.value(word, self.kind))
        if group == "name" and self.peek(1)[1] == "(":
            fn = word
            self.i += 2
            self.nest()
            if fn == "size" and not update:
                node: Node = ("size", self.path())
            elif fn == "if_not_exists" and update:
                p = self.path()
                self.expect(",")
                node = ("if_not_exists", p, self.operand(update))
            elif fn == "list_append" and update:
                a = self.operand(update)
                self.expect(",")
                node = ("list_append", a, self.operand(update))
                if "list_append" in (a[0], node[2][0]):
                    raise _invalid(
                        self.kind,
                        "The function is not allowed to be used this way in an expression; "
                        "function: list_append",
                    )
            else:
                raise _invalid(self.kind, f"Invalid function name; function: {fn}")
            self.expect(")")
            self.depth -= 1
            return node
        if group in ("name", "attr"):
            return self.path()
        self.syntax()
        return ()

    # -- conditions ---------------------------------------------------------------------------

    def condition(self) -> Node:
        self.nest()
        node = self.conjunction()
        while self.at("OR"):
            self.i += 1
            node = ("or", node, self.conjunction())
        self.depth -= 1
        return node

    def conjunction(self) -> Node:
        node = self.negation()
        while self.at("AND"):
            self.i += 1
            node = ("and", node, self.negation())
        return node

    def negation(self) -> Node:
        if self.at("NOT"):
            self.i += 1
            self.nest()
            node = ("not", self.negation())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        if self.at("("):
            self.i += 1
            node = self.condition()
            self.expect(")")
            return node
        group, word = self.peek()
        if group == "name" and word in _CONDITION_FUNCTIONS and self.peek(1)[1] == "(":
            self.i += 2
            first = self.path()
            args = [first]
            for _ in range(_CONDITION_FUNCTIONS[word] - 1):
                self.expect(",")
                args.append(self.operand())
            self.expect(")")
            if word == "begins_with":
                self.orderable(word, args[1], types=("S", "B"))
            return ("fn", word, args)
        left = self.operand()
        if self.peek()[1] in _COMPARATORS and self.peek()[0] == "op":
            op = self.take()[1]
            right = self.operand()
            if op not in ("=", "<>"):
                self.orderable(op, left, right)
            return ("cmp", op, left, right)
        if self.at("BETWEEN"):
            self.i += 1
            low = self.operand()
            self.expect("AND")
            high = self.operand()
            self.orderable("BETWEEN", left, low, high)
            if low[0] == high[0] == "value":
                keys = dv.ordered(low[1], high[1])
                if keys is not None and keys[0] > keys[1]:
                    raise _invalid(
                        self.kind,
                        "The BETWEEN operator requires upper bound to be greater than or equal "
                        f"to lower bound; lower operand: AttributeValue: {_brief(low[1])}, upper "
                        f"operand: AttributeValue: {_brief(high[1])}",
                    )
            return ("between", left, low, high)
        if self.at("IN"):
            self.i += 1
            self.expect("(")
            options = [self.operand()]
            while self.at(","):
                self.i += 1
                options.append(self.operand())
            self.expect(")")
            return ("in", left, options)
        self.syntax()
        return ()

    def orderable(self, op: str, *operands: Node, types: tuple[str, ...] = ("S", "N", "B")) -> None:
        """A constant of a type the operator cannot order is an error of the request (an
        attribute of such a type only makes the comparison false)."""
        for node in operands:
            if node[0] == "value" and dv.type_of(node[1]) not in types:
                raise _invalid(
                    self.kind,
                    "Incorrect operand type for operator or function; operator or function: "
                    f"{op}, operand type: {dv.type_of(node[1])}",
                )

    # -- updates ------------------------------------------------------------------------------

    def update(self) -> list[tuple[str, Node, Node | None]]:
        actions: list[tuple[str, Node, Node | None]] = []
        seen: set[str] = set()
        while self.peek()[0] != "end":
            group, clause = self.take()
            if group != "kw" or clause not in ("SET", "REMOVE", "ADD", "DELETE"):
                self.i -= 1
                self.syntax()
            if clause in seen:
                raise _invalid(
                    self.kind,
                    f'The "{clause}" section can only be used once in an update expression;',
                )
            seen.add(clause)
            while True:
                target = self.path()
                value: Node | None = None
                if clause == "SET":
                    self.expect("=")
                    value = self.set_value()
                elif clause in ("ADD", "DELETE"):
                    value = self.operand(update=True)
                actions.append((clause, target, value))
                if not self.at(","):
                    break
                self.i += 1
        return actions

    def set_value(self) -> Node:
        left = self.operand(update=True)
        if self.at("+") or self.at("-"):
            op = self.take()[1]
            return (op, left, self.operand(update=True))
        return left


def parse_condition(text: Any, kind: str, ph: Placeholders) -> Node:
    p = _Parser(text, kind, ph)
    node = p.condition()
    p.done()
    return node


def parse_update(text: Any, ph: Placeholders) -> list[tuple[str, Node, Node | None]]:
    p = _Parser(text, "UpdateExpression", ph)
    actions = p.update()
    p.done()
    paths: list[Path] = [t[1][1] for t in actions]
    for n, a in enumerate(paths):
        for b in paths[n + 1 :]:
            common = 0
            while common < min(len(a), len(b)) and a[common] == b[common]:
                common += 1
            if common == min(len(a), len(b)):
                problem = "overlap"  # one path is the other or inside it
            elif isinstance(a[common], int) != isinstance(b[common], int):
                problem = "conflict"  # a map key and a list index at the same place
            else:
                continue
            raise _invalid(
                "UpdateExpression",
                f"Two document paths {problem} with each other; must remove or rewrite one of "
                f"these paths; path one: [{_path_list(a)}], path two: [{_path_list(b)}]",
            )
    return actions


def parse_projection(text: Any, ph: Placeholders) -> list[Path]:
    p = _Parser(text, "ProjectionExpression", ph)
    paths = [p.path()[1]]
    while p.at(","):
        p.i += 1
        paths.append(p.path()[1])
    p.done()
    return paths


def _brief(value: dv.Value) -> str:
    t = dv.type_of(value)
    return f"{{{t}:{value[t]}}}"


def _path_list(path: Path) -> str:
    return ", ".join(f"[{s}]" if isinstance(s, int) else s for s in path)


# -- evaluation ---------------------------------------------------------------------------------


def resolve(item: Mapping[str, dv.Value], path: Path) -> dv.Value | None:
    current: Any = item
    for i, seg in enumerate(path):
        if i == 0:
            current = current.get(seg) if isinstance(seg, str) else None
            continue
        if current is None:
            return None
        if isinstance(seg, int):
            if dv.type_of(current) != "L" or seg >= len(current["L"]):
                return None
            current = current["L"][seg]
        else:
            if dv.type_of(current) != "M":
                return None
            current = current["M"].get(seg)
    return current  # type: ignore[no-any-return]


def operand_value(item: Mapping[str, dv.Value], node: Node) -> dv.Value | None:
    kind = node[0]
    if kind == "value":
        return node[1]  # type: ignore[no-any-return]
    if kind == "path":
        return resolve(item, node[1])
    if kind == "size":
        v = resolve(item, node[1][1])
        n = None if v is None else dv.size(v)
        return None if n is None else {"N": str(n)}
    raise _invalid("ConditionExpression", "unexpected operand")


def evaluate(item: Mapping[str, dv.Value], node: Node) -> bool:
    kind = node[0]
    if kind == "and":
        return evaluate(item, node[1]) and evaluate(item, node[2])
    if kind == "or":
        return evaluate(item, node[1]) or evaluate(item, node[2])
    if kind == "not":
        return not evaluate(item, node[1])
    if kind == "cmp":
        op, a, b = node[1], operand_value(item, node[2]), operand_value(item, node[3])
        if op == "=":
            return dv.equal(a, b)
        if op == "<>":
            # A missing attribute differs from any value (the idiom "status <> :locked" lets
            # a new item through).
            return not dv.equal(a, b)
        keys = dv.ordered(a, b)
        if keys is None:
            return False
        x, y = keys
        return bool({"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op])
    if kind == "between":
        v, lo, hi = (operand_value(item, n) for n in node[1:])
        k1, k2 = dv.ordered(v, lo), dv.ordered(v, hi)
        return k1 is not None and k2 is not None and k1[1] <= k1[0] <= k2[1]
    if kind == "in":
        v = operand_value(item, node[1])
        return any(dv.equal(v, operand_value(item, o)) for o in node[2])
    if kind == "fn":
        return _function(item, node[1], node[2])
    raise _invalid("ConditionExpression", "unexpected node")


def _function(item: Mapping[str, dv.Value], name: str, args: list[Node]) -> bool:
    target = resolve(item, args[0][1])
    if name == "attribute_exists":
        return target is not None
    if name == "attribute_not_exists":
        return target is None
    arg = operand_value(item, args[1])
    if target is None or arg is None:
        return False
    t, at = dv.type_of(target), dv.type_of(arg)
    if name == "attribute_type":
        if at != "S" or arg["S"] not in dv.TYPES:
            raise _invalid(
                "ConditionExpression",
                f"Invalid attribute type name found; type: {arg.get(at)}, valid types: "
                "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
            )
        return bool(t == arg["S"])
    if name == "begins_with":
        if t == at == "S":
            return bool(target["S"].startswith(arg["S"]))
        if t == at == "B":
            return dv.blob(target["B"]).startswith(dv.blob(arg["B"]))
        return False
    # contains
    if t == at == "S":
        return arg["S"] in target["S"]
    if t == "SS" and at == "S":
        return arg["S"] in target["SS"]
    if t == "NS" and at == "N":
        return dv.number(arg["N"]) in {dv.number(x) for x in target["NS"]}
    if t == "BS" and at == "B":
        return arg["B"] in target["BS"]
    if t == "L":
        return any(dv.equal(x, arg) for x in target["L"])
    return False


# -- updates ------------------------------------------------------------------------------------


def _set_value(item: Mapping[str, dv.Value], node: Node) -> dv.Value:
    kind = node[0]
    if kind in ("+", "-"):
        a, b = _set_value(item, node[1]), _set_value(item, node[2])
        if dv.type_of(a) != "N" or dv.type_of(b) != "N":
            raise _invalid(
                "UpdateExpression",
                "Incorrect operand type for operator or function; operator or function: "
                f"{kind}, operand type: {dv.type_of(b) if dv.type_of(a) == 'N' else dv.type_of(a)}",
            )
        x, y = dv.number(a["N"]), dv.number(b["N"])
        return {"N": dv.number_text(x + y if kind == "+" else x - y)}
    if kind == "if_not_exists":
        current = resolve(item, node[1][1])
        return current if current is not None else _set_value(item, node[2])
    if kind == "list_append":
        a, b = _set_value(item, node[1]), _set_value(item, node[2])
        for v in (a, b):
            if dv.type_of(v) != "L":
                raise _invalid(
                    "UpdateExpression",
                    "Incorrect operand type for operator or function; operator or function: "
                    f"list_append, operand type: {dv.type_of(v)}",
                )
        return {"L": [*a["L"], *b["L"]]}
    if kind == "path":
        found = resolve(item, node[1])
        if found is None:
            raise dv.validation(
                "The provided expression refers to an attribute that does not exist in the item"
            )
        return found
    return node[1]  # type: ignore[no-any-return]


def _assign(
    item: dict[str, dv.Value], path: Path, value: dv.Value | None, lenient: bool = False
) -> None:
    """Sets (or, with None, removes) the attribute at ``path``. A removal under a parent that
    is not there is an error, unless ``lenient`` (DynamoDB ignores it on a missing item)."""
    if len(path) == 1:
        if value is None:
            item.pop(str(path[0]), None)
        else:
            item[str(path[0])] = value
        return
    parent = resolve(item, path[:-1])
    last = path[-1]
    missing = dv.validation(
        "The document path provided in the update expression is invalid for update"
    )
    if parent is None:
        if value is None and lenient:
            return
        raise missing
    t = dv.type_of(parent)
    if isinstance(last, int):
        if t != "L":
            raise missing
        items = parent["L"]
        if value is None:
            if last < len(items):
                del items[last]
        elif last < len(items):
            items[last] = value
        else:
            items.append(value)  # past the end appends, as DynamoDB does
        return
    if t != "M":
        raise missing
    if value is None:
        parent["M"].pop(last, None)
    else:
        parent["M"][last] = value


def _add(current: dv.Value | None, arg: dv.Value, delete: bool) -> dv.Value | None:
    at = dv.type_of(arg)
    clause = "DELETE" if delete else "ADD"
    if at == "N" and not delete:
        if current is None:
            return arg
        if dv.type_of(current) != "N":
            raise dv.validation("An operand in the update expression has an incorrect data type")
        return {"N": dv.number_text(dv.number(current["N"]) + dv.number(arg["N"]))}
    if at not in ("SS", "NS", "BS"):
        # ADD and DELETE name the operand's type in words (DynamoDB's "operand type: STRING").
        raise _invalid(
            "UpdateExpression",
            f"Incorrect operand type for operator or function; operator: {clause}, operand type: "
            + _TYPE_WORDS.get(at, at),
        )
    if current is None:
        return None if delete else arg
    if dv.type_of(current) != at:
        raise dv.validation("An operand in the update expression has an incorrect data type")
    if at == "NS":
        have = {dv.number(x): x for x in current["NS"]}
        change = {dv.number(x): x for x in arg["NS"]}
    else:
        have = {x: x for x in current[at]}
        change = {x: x for x in arg[at]}
    if delete:
        kept = [v for k, v in have.items() if k not in change]
        return {at: kept} if kept else None
    merged = dict(have)
    for k, v in change.items():
        merged.setdefault(k, v)
    return {at: list(merged.values())}


def apply_update(
    item: dict[str, dv.Value], actions: list[tuple[str, Node, Node | None]], exists: bool = True
) -> set[str]:
    """Applies the actions to ``item`` in place; returns the top-level attributes touched.

    Every SET value is computed from the item as it was before the update, as DynamoDB does;
    list indexes refer to the list before the update; elements set past a list's end are
    appended in index order.
    """
    snapshot = copy.deepcopy(item)
    touched: set[str] = set()
    planned: list[tuple[str, Path, dv.Value | None]] = []
    for clause, target, value in actions:
        path: Path = target[1]
        if clause == "SET":
            assert value is not None
            planned.append(("SET", path, _set_value(snapshot, value)))
        elif clause == "REMOVE":
            planned.append(("REMOVE", path, None))
        else:
            assert value is not None
            arg = value[1] if value[0] == "value" else None
            if arg is None:
                raise _invalid("UpdateExpression", "Syntax error; token: <operand>, near: ")
            current = resolve(snapshot, path)
            result = _add(current, arg, clause == "DELETE")
            if current is None and result is None:
                continue  # DELETE from an attribute that is not there does nothing
            planned.append((clause, path, result))

    def order(p: tuple[str, Path, dv.Value | None]) -> list[int]:
        return [s if isinstance(s, int) else -1 for s in p[1]]

    # Writes in index order (appends land sorted), then removals from the highest index down
    # so that the indexes of the others stay those of the list before the update.
    writes = sorted((p for p in planned if p[0] != "REMOVE"), key=order)
    removals = sorted((p for p in planned if p[0] == "REMOVE"), key=order, reverse=True)
    for _clause, path, new_value in writes + removals:
        _assign(item, path, new_value, lenient=not exists)
        touched.add(str(path[0]))
    return touched


def project(item: Mapping[str, dv.Value], paths: list[Path]) -> dict[str, dv.Value]:
    out: dict[str, dv.Value] = {}
    for path in paths:
        value = resolve(item, path)
        if value is None:
            continue
        if len(path) == 1:
            out[str(path[0])] = value
            continue
        # Rebuild the enclosing maps and lists down to the value (list elements compact).
        top = str(path[0])
        node = out.setdefault(top, _empty_like(item[top]))
        source = item[top]
        for seg in path[1:-1]:
            source = source["L"][seg] if isinstance(seg, int) else source["M"][seg]
            node = _child(node, seg, _empty_like(source))
        _put(node, path[-1], value)
    return out


def _empty_like(value: dv.Value) -> dv.Value:
    t = dv.type_of(value)
    return {"L": []} if t == "L" else {"M": {}}


def _child(node: dv.Value, seg: Segment, empty: dv.Value) -> dv.Value:
    if isinstance(seg, int):
        node["L"].append(empty)
        return empty
    return node["M"].setdefault(seg, empty)  # type: ignore[no-any-return]


def _put(node: dv.Value, seg: Segment, value: dv.Value) -> None:
    if isinstance(seg, int):
        node["L"].append(value)
    else:
        node["M"][seg] = value
