"""Evaluating the Terraform expressions a state machine's arguments use, as ``terraform plan``
would, against one configuration (a root module): its variables, locals, resources and data
sources.

What each reference gives (``var.``, ``local.``, ``path.``, resources, data sources,
``module.``) is tabled in docs/templates.md ("Terraform").

``substitutions`` give or override any reference by its text (``"aws_lambda_function.f.arn"``,
``"module.orders.table_name"``, ``"var.stage"``). A reference without a value is recorded as a
problem (and evaluation goes on with ``${reference}`` in its place), so one error names all.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import hcl
from .hcl_template import ForEach, If, Interpolation, parse_template
from .model import TemplateError
from .resources import Env
from .tf_resources import (
    ENVIRONMENT_DATA,
    NOT_AN_ATTRIBUTE,
    attribute,
    data_source,
    generated_name,
    name_argument,
    random_value,
)


@dataclass
class Module:
    """A configuration's blocks, by kind."""

    folder: Path
    variables: dict[str, hcl.Block] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    resources: dict[tuple[str, str], hcl.Block] = field(default_factory=dict)
    data: dict[tuple[str, str], hcl.Block] = field(default_factory=dict)
    modules: dict[str, hcl.Block] = field(default_factory=dict)
    providers: list[hcl.Block] = field(default_factory=list)
    outputs: dict[str, hcl.Block] = field(default_factory=dict)
    tfvars: dict[str, Any] = field(default_factory=dict)  # name -> expression


class _Unknown(Exception):
    """An operand that is a reference without a value (its problem already recorded)."""


class _Problem(Exception):
    """A reference without a value, with the text that names it."""


class Evaluator:
    def __init__(
        self,
        module: Module,
        env: Env,
        parameters: Mapping[str, Any],
        substitutions: Mapping[str, Any],
    ) -> None:
        self.module = module
        self.env = env
        self.parameters = parameters
        self.substitutions = substitutions
        self.problems: list[tuple[str, str]] = []
        self._cache: dict[str, tuple[Any, list[tuple[str, str]]]] = {}
        self._busy: set[str] = set()

    # -- entry points ------------------------------------------------------------------------

    def value(self, expr: Any, where: str, scope: Mapping[str, Any] | None = None) -> Any:
        """The expression's value; its problems are added to ``problems``."""
        return self._eval(expr, dict(scope or {}), where)

    def _problem(self, what: str, where: str) -> str:
        self.problems.append((what, where))
        return "${" + what.split(" (", 1)[0] + "}"

    # -- expressions --------------------------------------------------------------------------

    def _eval(self, e: Any, scope: dict[str, Any], where: str) -> Any:  # noqa: C901, PLR0911
        if isinstance(e, hcl.Literal):
            return e.value
        if isinstance(e, hcl.Template):
            parts = parse_template(e.source, quoted=e.quoted, where=where)
            return self.render(parts, scope, where)
        if isinstance(e, hcl.Tuple):
            return [self._eval(i, scope, where) for i in e.items]
        if isinstance(e, hcl.Object):
            out = {}
            for k, v in e.items:
                out[_text(self._eval(k, scope, where), where)] = self._eval(v, scope, where)
            return out
        if isinstance(e, (hcl.Name, hcl.GetAttr, hcl.Index)):
            return self._reference(e, scope, where)
        if isinstance(e, hcl.Splat):
            items = self._eval(e.target, scope, where)
            items = items if isinstance(items, list) else [] if items is None else [items]
            return [self._eval(e.rest, {**scope, "": item}, where) for item in items]
        if isinstance(e, hcl.Call):
            from .tf_functions import call

            return call(self, e, scope, where)
        if isinstance(e, hcl.Conditional):
            test = self._eval(e.test, scope, where)
            if self._unknown(test):
                return test
            return self._eval(e.then if _truth(test) else e.otherwise, scope, where)
        if isinstance(e, hcl.Binary):
            left = self._eval(e.left, scope, where)
            if self._unknown(left):
                return left
            right: list[Any] = []

            def right_of() -> Any:
                right.append(self._eval(e.right, scope, where))
                if self._unknown(right[0]):
                    raise _Unknown
                return right[0]

            try:
                return _binary(e.op, left, right_of)
            except _Unknown:
                return right[0]
        if isinstance(e, hcl.Unary):
            operand = self._eval(e.operand, scope, where)
            if self._unknown(operand):
                return operand
            return (not _truth(operand)) if e.op == "!" else -_number(operand)
        if isinstance(e, hcl.For):
            return self._for(e, scope, where)
        raise TemplateError(f"{where}: {type(e).__name__} is not evaluated")

    def _unknown(self, value: Any) -> bool:
        """A reference without a value stands as ``${reference}``, its problem recorded: an
        operation on it gives it on, rather than failing on a value nobody gave."""
        return bool(self.problems) and isinstance(value, str) and value.startswith("${")

    def render(self, parts: list[Any], scope: dict[str, Any], where: str) -> Any:
        """A template's value: one ``${expr}`` alone is its value as it is; else text."""
        if len(parts) == 1 and isinstance(parts[0], Interpolation):
            return self._eval(parts[0].expr, scope, where)
        return "".join(self._render_text(parts, scope, where))

    def _render_text(self, parts: list[Any], scope: dict[str, Any], where: str) -> Any:
        for part in parts:
            if isinstance(part, str):
                yield part
            elif isinstance(part, Interpolation):
                yield _text(self._eval(part.expr, scope, where), where)
            elif isinstance(part, If):
                chosen = (
                    part.then if _truth(self._eval(part.test, scope, where)) else part.otherwise
                )
                yield from self._render_text(chosen, scope, where)
            elif isinstance(part, ForEach):
                for key, item in _pairs(self._eval(part.collection, scope, where)):
                    inner = {**scope, part.value_var: item}
                    if part.key_var:
                        inner[part.key_var] = key
                    yield from self._render_text(part.body, inner, where)

    def _for(self, e: hcl.For, scope: dict[str, Any], where: str) -> Any:
        collection = self._eval(e.collection, scope, where)
        out_list: list[Any] = []
        out_map: dict[str, Any] = {}
        for key, item in _pairs(collection):
            inner = {**scope, e.value_var: item}
            if e.key_var:
                inner[e.key_var] = key
            if e.condition is not None and not _truth(self._eval(e.condition, inner, where)):
                continue
            value = self._eval(e.value, inner, where)
            if e.key is None:
                out_list.append(value)
            elif e.group:
                out_map.setdefault(_text(self._eval(e.key, inner, where), where), []).append(value)
            else:
                out_map[_text(self._eval(e.key, inner, where), where)] = value
        return out_list if e.key is None else out_map

    # -- references ---------------------------------------------------------------------------

    def _reference(self, e: Any, scope: dict[str, Any], where: str) -> Any:
        steps: list[tuple[str, Any]] = []
        node = e
        while not isinstance(node, hcl.Name):
            if isinstance(node, hcl.GetAttr):
                steps.append(("attr", node.name))
                node = node.target
            elif isinstance(node, hcl.Index):
                steps.append(("index", self._eval(node.key, scope, where)))
                node = node.target
            else:  # (expr).attr, f(x)[0]: a value, then the steps
                return _apply(self._eval(node, scope, where), list(reversed(steps)), "", where)
        steps.reverse()
        root = node.name
        if root in scope:
            return _apply(scope[root], steps, root, where)
        for cut in range(len(steps), 0, -1):  # the longest reference substitutions give
            text = _ref_text(root, steps[:cut])
            if text in self.substitutions:
                return _apply(self.substitutions[text], steps[cut:], text, where)
        try:
            value, used = self._root(root, steps, where)
        except _Problem as problem:
            return self._problem(str(problem), where)
        return _apply(value, steps[used:], _ref_text(root, steps[:used]), where)

    def _root(self, root: str, steps: list[tuple[str, Any]], where: str) -> tuple[Any, int]:
        """The value the first steps of a reference name, and how many steps that took."""
        first = steps[0][1] if steps and steps[0][0] == "attr" else None
        if root == "var" and first:
            return self._cached(f"var.{first}", lambda: self._variable(first)), 1
        if root == "local" and first:
            if first not in self.module.locals:
                raise _Problem(f"local.{first} (no such local value)")
            expr = self.module.locals[first]
            return self._cached(f"local.{first}", lambda: self.value(expr, f"locals/{first}")), 1
        if root == "path" and first in ("module", "root"):
            return ".", 1
        if root == "path" and first == "cwd":
            return str(self.module.folder), 1
        if root == "terraform" and first == "workspace":
            return "default", 1
        if root == "data" and first and len(steps) >= 2:
            return self._data(first, steps[1:], where)
        if root == "module" and first and len(steps) >= 2 and steps[1][0] == "attr":
            return self._module_output(first, steps[1][1], where), 2
        if "_" in root and first and root not in ("count", "each"):
            return self._resource(root, steps, where)
        raise _Problem(f"{_ref_text(root, steps)} (a reference sfnsim cannot give a value)")

    def _module_output(self, name: str, output: str, where: str) -> Any:
        """An output of a module block whose source is a local directory (``./modules/x``),
        evaluated there with the block's arguments as its variables; the step-functions
        module's ``state_machine_arn``/``_name``/``_id``. Other modules' outputs (the registry,
        git) are only known from ``substitutions``."""
        from .terraform import read_module, step_functions_output

        block = self.module.modules.get(name)
        reference = f"module.{name}.{output}"
        if block is None:
            raise _Problem(f"{reference} (no such module block in the configuration)")
        if "count" in block.attributes or "for_each" in block.attributes:
            raise _Problem(f"{reference} (a module with count or for_each)")
        source = block.attributes.get("source")
        text_source = source.source if isinstance(source, hcl.Template) else ""
        known = step_functions_output(self, name, block, text_source, output)
        if known is not None:
            return known
        if not text_source.startswith(("./", "../")):
            raise _Problem(f"{reference} (an output of a module sfnsim does not read)")
        folder = (self.module.folder / text_source).resolve()
        if not folder.is_dir() or not any(folder.glob("*.tf")):
            raise _Problem(f"{reference} (module source {text_source} is not there)")
        child = read_module(folder)
        if output not in child.outputs or "value" not in child.outputs[output].attributes:
            raise _Problem(f"{reference} (the module has no such output)")
        skip = {"source", "version", "providers", "depends_on"}
        arguments = {k: v for k, v in block.attributes.items() if k not in skip}
        inner = Evaluator(child, self.env, _Arguments(self, name, arguments), {})
        value = inner.value(child.outputs[output].attributes["value"], f"{reference}")
        self.problems.extend((what, f"{reference}: {at}") for what, at in inner.problems)
        return value

    def _cached(self, key: str, compute: Any) -> Any:
        """A variable's or local's value, evaluated once; its problems count at each use."""
        if key in self._busy:
            raise _Problem(f"{key} (refers to itself)")
        if key not in self._cache:
            saved, self.problems = self.problems, []
            self._busy.add(key)
            try:
                value = compute()
            finally:
                self._busy.discard(key)
                found, self.problems = self.problems, saved
            self._cache[key] = (value, found)
        value, found = self._cache[key]
        self.problems.extend(found)
        return value

    def _variable(self, name: str) -> Any:
        if name in self.parameters:
            return self._typed(name, self.parameters[name])
        if name in self.module.tfvars:
            return self.value(self.module.tfvars[name], f"tfvars/{name}")
        block = self.module.variables.get(name)
        if block is None:
            return self._problem(f"var.{name} (no such variable)", f"variable.{name}")
        if "default" not in block.attributes:
            return self._problem(f"var.{name} (a variable without a default)", f"variable.{name}")
        return self.value(block.attributes["default"], f"variable.{name}/default")

    def _typed(self, name: str, value: Any) -> Any:
        """A value given as text (``-var``, ``--parameter``) converted to the variable's
        declared ``number`` or ``bool`` type, as Terraform converts it."""
        block = self.module.variables.get(name)
        kind = block.attributes.get("type") if block is not None else None
        if not isinstance(value, str) or not isinstance(kind, hcl.Name):
            return value
        if kind.name == "number":
            return _number(value)
        if kind.name == "bool" and value in ("true", "false"):
            return value == "true"
        return value

    def _resource(self, tf_type: str, steps: list[tuple[str, Any]], where: str) -> tuple[Any, int]:
        name = steps[0][1]
        block = self.module.resources.get((tf_type, name))
        if block is None:
            raise _Problem(f"{tf_type}.{name} (no such resource in the configuration)")
        return self._instance(tf_type, f"{tf_type}.{name}", block, steps[1:], where, 1)

    def _data(self, tf_type: str, steps: list[tuple[str, Any]], where: str) -> tuple[Any, int]:
        name = steps[0][1]
        rest = steps[1:]
        if rest and rest[0][0] == "index":
            rest = rest[1:]
        used = len(steps) - len(rest) + 1
        if tf_type in ENVIRONMENT_DATA and rest and rest[0][0] == "attr":
            value = data_source(tf_type, rest[0][1], self.env)
            if value is not NOT_AN_ATTRIBUTE:
                return value, used + 1
        block = self.module.data.get((tf_type, name))
        if block is None:
            raise _Problem(f"data.{tf_type}.{name} (no such data source in the configuration)")
        if tf_type == "template_file" and rest and rest[0] == ("attr", "rendered"):
            return self._template_file(block, f"data.{tf_type}.{name}"), used + 1
        return self._instance(tf_type, f"data.{tf_type}.{name}", block, steps[1:], where, 2)

    def _instance(
        self,
        tf_type: str,
        address: str,
        block: hcl.Block,
        rest: list[tuple[str, Any]],
        where: str,
        used: int,
    ) -> tuple[Any, int]:
        """An attribute of one instance of a resource (``[0]``, ``["key"]`` for ``count`` and
        ``for_each``): the name argument evaluated for that instance, then the attribute."""
        scope: dict[str, Any] = {}
        if rest and rest[0][0] == "index":
            key = rest[0][1]
            scope = {"count": {"index": key}, "each": {"key": key, "value": self._each(block, key)}}
            rest = rest[1:]
            used += 1
            address = f"{address}[{json.dumps(key)}]"
        if not rest or rest[0][0] != "attr":
            raise _Problem(f"{address} (a whole resource, where sfnsim gives only attributes)")
        attr = rest[0][1]
        if tf_type.startswith("random_"):
            config = {
                k: self.value(v, f"{address}/{k}", scope)
                for k, v in block.attributes.items()
                if k in ("length", "separator", "prefix", "byte_length", "min", "max", "upper")
            }
            value = random_value(tf_type, address, attr, config)
            if value is NOT_AN_ATTRIBUTE:
                raise _Problem(f"{address}.{attr} (an attribute sfnsim does not know)")
            return value, used + 1
        physical = self._physical_name(tf_type, address, block, scope)
        value = attribute(tf_type, physical, attr, self.env)
        if tf_type == "aws_lambda_alias" and attr in ("arn", "invoke_arn"):
            value = self._alias_arn(block, physical, scope, where)
        if value is NOT_AN_ATTRIBUTE:
            if attr in block.attributes:
                value = self.value(block.attributes[attr], f"{address}/{attr}", scope)
            else:
                raise _Problem(f"{address}.{attr} (an attribute sfnsim does not know)")
        return value, used + 1

    def _each(self, block: hcl.Block, key: Any) -> Any:
        if "for_each" not in block.attributes:
            return None
        collection = self.value(block.attributes["for_each"], "for_each")
        if isinstance(collection, dict):
            return collection.get(key)
        return key

    def _physical_name(
        self, tf_type: str, address: str, block: hcl.Block, scope: Mapping[str, Any]
    ) -> str:
        argument = name_argument(tf_type)
        if argument and argument in block.attributes:
            return _text(
                self.value(block.attributes[argument], f"{address}/{argument}", scope), address
            )
        if "name_prefix" in block.attributes:
            prefix = _text(
                self.value(block.attributes["name_prefix"], f"{address}/name_prefix", scope),
                address,
            )
            return generated_name(address, prefix)
        name = generated_name(address)
        return name.lower() if tf_type == "aws_s3_bucket" else name

    def _alias_arn(self, block: hcl.Block, alias: str, scope: Mapping[str, Any], where: str) -> str:
        function = _text(self.value(block.attributes.get("function_name"), where, scope), where)
        if not function.startswith("arn:"):
            function = attribute("aws_lambda_function", function, "arn", self.env)
        return f"{function}:{alias}"

    def _template_file(self, block: hcl.Block, address: str) -> Any:
        """The deprecated ``template_file`` data source: ``template`` rendered with ``vars``."""
        template = _text(
            self.value(block.attributes.get("template"), f"{address}/template"), address
        )
        given = self.value(block.attributes.get("vars", hcl.Object(())), f"{address}/vars")
        return self.render_file(template, given if isinstance(given, dict) else {}, address)

    def render_file(self, text: str, variables: Mapping[str, Any], where: str) -> Any:
        """A template file (``templatefile``) rendered: it sees only ``variables`` (and, for
        names they lack, ``substitutions``), as Terraform's templatefile does."""
        parts = parse_template(text, quoted=False, where=where)
        scope = dict(variables)
        for name in _names_used(parts):
            if name not in scope:
                if name in self.substitutions:
                    scope[name] = self.substitutions[name]
                else:
                    scope[name] = self._problem(f"{name} (a template variable not given)", where)
        return _text(self.render(parts, scope, where), where)


class _Arguments(Mapping[str, Any]):
    """A module block's arguments, the child module's variables: each evaluated in the
    parent when the child uses it (as Terraform does: an argument no output needs is not
    needed), its problems the parent's."""

    def __init__(self, parent: Evaluator, module: str, arguments: Mapping[str, Any]) -> None:
        self._parent = parent
        self._module = module
        self._arguments = arguments

    def __getitem__(self, key: str) -> Any:
        return self._parent.value(self._arguments[key], f"module.{self._module}/{key}")

    def __iter__(self) -> Any:
        return iter(self._arguments)

    def __len__(self) -> int:
        return len(self._arguments)


def _names_used(parts: list[Any]) -> set[str]:
    """The root names a template's expressions use (a templatefile variable missing is an
    error that names it, not an unknown reference)."""
    out: set[str] = set()
    bound: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, hcl.Name):
            out.add(node.name)
        elif isinstance(node, hcl.For):
            bound.update(x for x in (node.key_var, node.value_var) if x)
            for child in (node.collection, node.key, node.value, node.condition):
                walk(child)
        elif isinstance(node, hcl.Splat):
            walk(node.target)
        elif isinstance(node, hcl.Object):
            for k, v in node.items:
                walk(k)
                walk(v)
        elif isinstance(node, (tuple, list)):
            for child in node:
                walk(child)
        elif hasattr(node, "__dataclass_fields__") and not isinstance(node, hcl.Literal):
            for name in node.__dataclass_fields__:
                walk(getattr(node, name))

    for part in parts:
        if isinstance(part, Interpolation):
            walk(part.expr)
        elif isinstance(part, If):
            walk(part.test)
            for inner in (part.then, part.otherwise):
                out.update(_names_used(inner))
        elif isinstance(part, ForEach):
            walk(part.collection)
            out.update(_names_used(part.body) - {part.value_var, part.key_var or ""})
    return out - bound - {"", "true", "false", "null"}


def _ref_text(root: str, steps: list[tuple[str, Any]]) -> str:
    text = root
    for kind, value in steps:
        text += f".{value}" if kind == "attr" else f"[{json.dumps(value)}]"
    return text


def _apply(value: Any, steps: list[tuple[str, Any]], text: str, where: str) -> Any:
    """``.attr`` and ``[key]`` steps into a value."""
    for kind, key in steps:
        text = _ref_text(text, [(kind, key)]) if text else str(key)
        if isinstance(value, str) and value.startswith("${"):
            return value  # already a problem recorded
        if isinstance(value, dict) and str(key) in value:
            value = value[str(key)]
        elif (
            isinstance(value, list) and isinstance(key, (int, float)) and 0 <= int(key) < len(value)
        ):
            value = value[int(key)]
        elif isinstance(value, list) and kind == "attr":  # a splat's implied element access
            value = [_apply(v, [(kind, key)], text, where) for v in value]
        else:
            raise TemplateError(f"{where}: {text} does not exist")
    return value


def _pairs(collection: Any) -> list[tuple[Any, Any]]:
    if isinstance(collection, dict):
        return sorted(collection.items())
    if isinstance(collection, list):
        return list(enumerate(collection))
    return []


def _truth(value: Any) -> bool:
    if isinstance(value, str):
        return value == "true"
    return bool(value)


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise TemplateError(f"{value!r} is no number")
    if isinstance(value, (int, float)):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TemplateError(f"{value!r} is no number") from None
    return int(number) if number.is_integer() and "." not in str(value) else number


def _binary(op: str, left: Any, right_of: Any) -> Any:
    if op == "&&":
        return _truth(left) and _truth(right_of())
    if op == "||":
        return _truth(left) or _truth(right_of())
    right = right_of()
    if op == "==":
        return _same(left, right)
    if op == "!=":
        return not _same(left, right)
    a, b = _number(left), _number(right)
    if op in ("<", ">", "<=", ">="):
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        result = a / b
        return int(result) if float(result).is_integer() else result
    if op == "%":
        return math.fmod(a, b) if isinstance(a, float) or isinstance(b, float) else a % b
    raise TemplateError(f"the operator {op} is not evaluated")


def _same(a: Any, b: Any) -> bool:
    if (
        isinstance(a, (int, float))
        and isinstance(b, str)
        or isinstance(b, (int, float))
        and isinstance(a, str)
    ):
        return False  # HCL compares with types: 1 == "1" is false
    return bool(a == b)


def _text(value: Any, where: str) -> str:
    """A value where text is needed, converted as HCL converts it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        raise TemplateError(f"{where}: null where text is needed")
    raise TemplateError(f"{where}: a {type(value).__name__} where text is needed")


# The function table (tf_functions) converts values as the expressions do.
text = _text
number = _number
truth = _truth
