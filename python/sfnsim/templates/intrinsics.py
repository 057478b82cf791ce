"""CloudFormation's intrinsic functions, evaluated as a deployment would, against the
template's parameters, conditions, mappings and resources.

What no deployment input gives (a parameter without a value, a reference to nothing, an
attribute sfnsim cannot make up, an export of another stack) is recorded as a problem with its
place in the template, and evaluation goes on, so that one error names every missing value.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from typing import Any

from .resources import TYPES, Env, generic_arn, physical_name

NO_VALUE: Any = object()  # AWS::NoValue: the property or list item is removed
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
# A dynamic reference ({{resolve:ssm:/name}}, {{resolve:secretsmanager:...}}) is read from
# another service at deployment: its value comes from substitutions, keyed by its whole text.
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:[^}]*\}\}")
_SAM_WITH_ROLE = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")


def is_intrinsic(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = str(next(iter(value)))
    return key == "Ref" or key.startswith("Fn::")


def text_of(value: Any) -> str:
    """A value as CloudFormation turns it into text (``true``, ``5``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(text_of(v) for v in value)
    return str(value)


class Resolver:
    """Evaluates intrinsic functions in one template. ``substitutions`` override references
    by name: ``"Table"`` for ``Ref Table`` and ``${Table}``, ``"Table.Arn"`` for
    ``Fn::GetAtt``, an export's name for ``Fn::ImportValue``."""

    def __init__(
        self,
        body: Mapping[str, Any],
        env: Env,
        parameters: Mapping[str, Any],
        substitutions: Mapping[str, Any],
    ) -> None:
        self.env = env
        self.parameters = parameters
        self.substitutions = substitutions
        self.declared = _mapping(body.get("Parameters"))
        self.mappings = _mapping(body.get("Mappings"))
        self.conditions = _mapping(body.get("Conditions"))
        self.resources = _mapping(body.get("Resources"))
        self.problems: list[tuple[str, str]] = []
        self._names: dict[str, str] = {}
        self._naming: set[str] = set()
        self._condition_values: dict[str, bool] = {}

    def problem(self, what: str, location: str) -> str:
        self.problems.append((what, location))
        return "${" + what + "}"

    # -- values ---------------------------------------------------------------------------

    def resolve(self, value: Any, location: str) -> Any:
        """``value`` with every intrinsic function evaluated (NO_VALUE for AWS::NoValue)."""
        if isinstance(value, dict):
            if is_intrinsic(value):
                key, argument = next(iter(value.items()))
                return self._function(key, argument, f"{location}/{key}")
            out = {}
            for key, item in value.items():
                resolved = self.resolve(item, f"{location}/{key}")
                if resolved is not NO_VALUE:
                    out[key] = resolved
            return out
        if isinstance(value, list):
            items = (self.resolve(item, f"{location}/{i}") for i, item in enumerate(value))
            return [item for item in items if item is not NO_VALUE]
        if isinstance(value, str) and "{{resolve:" in value:
            return self.dynamic_references(value, location)
        return value

    def dynamic_references(self, text: str, location: str) -> str:
        def value(found: re.Match[str]) -> str:
            reference = found.group(0)
            if reference in self.substitutions:
                return text_of(self.substitutions[reference])
            return self.problem(f"{reference} (a dynamic reference)", location)

        return _DYNAMIC_REFERENCE.sub(value, text)

    def _function(self, name: str, argument: Any, location: str) -> Any:
        if name == "Ref":  # the place of a Ref is the property it stands for
            return self.ref(self._text(argument, location), location.rsplit("/", 1)[0])
        handler = _FUNCTIONS.get(name)
        if handler is None:
            return self.problem(f"{name} (sfnsim does not evaluate it)", location)
        return handler(self, argument, location)

    def _text(self, value: Any, location: str) -> str:
        return text_of(self.resolve(value, location))

    def _list(self, value: Any, location: str, what: str, size: int | None = None) -> list[Any]:
        resolved = self.resolve(value, location)
        if not isinstance(resolved, list) or (size is not None and len(resolved) != size):
            count = f" of {size}" if size is not None else ""
            self.problem(f"{what} takes a list{count}", location)
            return [""] * (size or 0)
        return resolved

    # -- references -----------------------------------------------------------------------

    def ref(self, name: str, location: str) -> Any:
        if name in self.substitutions:
            return self.substitutions[name]
        if name == "AWS::NoValue":
            return NO_VALUE
        pseudo = self.env.pseudo(name)
        if pseudo is not None:
            return pseudo
        if name in self.declared:
            return self._parameter(name, location)
        resource = self.resources.get(name)
        if isinstance(resource, dict):
            kind = TYPES.get(str(resource.get("Type")))
            resource_name = self.physical_name(name)
            props = _mapping(resource.get("Properties"))
            return kind.ref(resource_name, self.env, props) if kind else resource_name
        implicit = self._implicit(name)
        if implicit is not None:
            return implicit
        return self.problem(name, location)

    def get_att(self, resource_id: str, attribute: str, location: str) -> Any:
        key = f"{resource_id}.{attribute}"
        if key in self.substitutions:
            return self.substitutions[key]
        resource = self.resources.get(resource_id)
        if not isinstance(resource, dict):
            role = self._implicit_role_name(resource_id)
            if role is not None and attribute == "Arn":
                return TYPES["AWS::IAM::Role"].attributes["Arn"](role, self.env, {})
            return self.problem(key, location)
        resource_type = str(resource.get("Type"))
        kind = TYPES.get(resource_type)
        name = self.physical_name(resource_id)
        props = _mapping(resource.get("Properties"))
        make = kind.attributes.get(attribute) if kind is not None else None
        if make is not None:
            return make(name, self.env, props)
        if attribute == "Arn":  # every type's ARN has the same parts
            return generic_arn(resource_type, name, self.env)
        return self.problem(f"{key} (no value known for {resource_type})", location)

    def physical_name(self, logical_id: str) -> str:
        """The resource's name: its name property resolved, or one generated as CloudFormation
        generates them."""
        if logical_id in self._names:
            return self._names[logical_id]
        resource = _mapping(self.resources.get(logical_id))
        kind = TYPES.get(str(resource.get("Type")))
        props = _mapping(resource.get("Properties"))
        given = props.get(kind.name_property) if kind and kind.name_property else None
        if given is not None and logical_id not in self._naming:
            self._naming.add(logical_id)
            where = f"Resources/{logical_id}/Properties/{kind.name_property if kind else ''}"
            name = self._text(given, where)
            self._naming.discard(logical_id)
            if kind is not None and props.get("FifoQueue") is True and not name.endswith(".fifo"):
                name += ".fifo"
        else:
            name = physical_name(kind, logical_id, self.env)
            if props.get("FifoQueue") is True:
                name = name[: 80 - 5] + ".fifo"
        self._names[logical_id] = name
        return name

    def _parameter(self, name: str, location: str) -> Any:
        declared = _mapping(self.declared.get(name))
        kind = str(declared.get("Type", "String"))
        if name in self.parameters:
            value = self.parameters[name]
        elif "Default" in declared and not kind.startswith("AWS::SSM::Parameter::Value"):
            value = declared["Default"]
        elif "Default" in declared:
            return self.problem(f"{name} (read from SSM parameter {declared['Default']})", location)
        else:
            return self.problem(f"{name} (a parameter without a Default)", location)
        if kind.startswith("List<") or kind == "CommaDelimitedList":
            items = value.split(",") if isinstance(value, str) else value
            return [text_of(item).strip() for item in items]
        # A parameter's value is text wherever it is used, a Number one too (CloudFormation's
        # parameter reference: "the parameter value becomes a string").
        return text_of(value)

    def _implicit(self, name: str) -> Any:
        """What SAM generates beside a resource: the role of a function or state machine
        without ``Role``, and a function's ``.Alias`` and ``.Version``."""
        role = self._implicit_role_name(name)
        if role is not None:
            return role
        base, dot, what = name.partition(".")
        resource = _mapping(self.resources.get(base))
        if dot and resource.get("Type") == "AWS::Serverless::Function":
            arn = TYPES["AWS::Serverless::Function"].attributes["Arn"]
            function_arn = arn(self.physical_name(base), self.env, {})
            alias = _mapping(resource.get("Properties")).get("AutoPublishAlias")
            if what == "Alias" and isinstance(alias, str):
                return f"{function_arn}:{alias}"
            if what == "Version":
                return f"{function_arn}:1"
        return None

    def _implicit_role_name(self, name: str) -> str | None:
        if not name.endswith("Role"):
            return None
        owner = _mapping(self.resources.get(name[: -len("Role")]))
        if owner.get("Type") not in _SAM_WITH_ROLE or "Role" in _mapping(owner.get("Properties")):
            return None
        return physical_name(TYPES["AWS::IAM::Role"], name, self.env)

    def implicit_role_arn(self, logical_id: str) -> str | None:
        """The ARN of the role SAM creates for ``logical_id`` (which has no ``Role``)."""
        role = self._implicit_role_name(f"{logical_id}Role")
        if role is None:
            return None
        return str(TYPES["AWS::IAM::Role"].attributes["Arn"](role, self.env, {}))

    # -- conditions -----------------------------------------------------------------------

    def condition(self, name: str, location: str) -> bool:
        if name in self._condition_values:
            return self._condition_values[name]
        if name not in self.conditions:
            self.problem(f"{name} (no such condition)", location)
            return False
        self._condition_values[name] = False  # a condition that refers to itself is false
        value = self._truth(self.conditions[name], f"Conditions/{name}")
        self._condition_values[name] = value
        return value

    def _truth(self, value: Any, location: str) -> bool:
        if isinstance(value, dict) and len(value) == 1 and "Condition" in value:
            return self.condition(self._text(value["Condition"], location), location)
        if isinstance(value, dict) and len(value) == 1:
            key, argument = next(iter(value.items()))
            where = f"{location}/{key}"
            if key in ("Fn::And", "Fn::Or") and isinstance(argument, list):
                truths = [self._truth(a, f"{where}/{i}") for i, a in enumerate(argument)]
                return all(truths) if key == "Fn::And" else any(truths)
            if key == "Fn::Not" and isinstance(argument, list) and len(argument) == 1:
                return not self._truth(argument[0], f"{where}/0")
        resolved = self.resolve(value, location)
        if isinstance(resolved, bool):
            return resolved
        return text_of(resolved).lower() == "true"


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sub(r: Resolver, argument: Any, location: str) -> str:
    if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
        template, variables = argument[0], r.resolve(argument[1], f"{location}/1")
    else:
        template, variables = argument, {}
    if not isinstance(template, str):
        template = r._text(template, location)

    def value(found: re.Match[str]) -> str:
        inner = found.group(1)
        if inner.startswith("!"):  # ${!Literal} is written out as ${Literal}
            return "${" + inner[1:] + "}"
        name = inner.strip()
        if name in variables:
            return text_of(variables[name])
        if "." in name and name not in r.substitutions:
            resource, attribute = name.split(".", 1)
            if resource in r.resources or r._implicit_role_name(resource) is not None:
                return text_of(r.get_att(resource, attribute, location))
        return text_of(r.ref(name, location))

    return r.dynamic_references(_SUB_VARIABLE.sub(value, template), location)


def _get_att(r: Resolver, argument: Any, location: str) -> Any:
    if isinstance(argument, str):
        argument = argument.split(".", 1)
    parts = r._list(argument, location, "Fn::GetAtt", 2)
    return r.get_att(text_of(parts[0]), text_of(parts[1]), location)


def _join(r: Resolver, argument: Any, location: str) -> str:
    delimiter, items = r._list(argument, location, "Fn::Join", 2)
    if not isinstance(items, list):
        items = r._list(items, f"{location}/1", "Fn::Join's second argument")
    return text_of(delimiter).join(text_of(item) for item in items)


def _if(r: Resolver, argument: Any, location: str) -> Any:
    if not isinstance(argument, list) or len(argument) != 3:
        return r.problem("Fn::If takes [condition, value if true, value if false]", location)
    chosen = 1 if r.condition(r._text(argument[0], location), location) else 2
    return r.resolve(argument[chosen], f"{location}/{chosen}")


def _select(r: Resolver, argument: Any, location: str) -> Any:
    index, items = r._list(argument, location, "Fn::Select", 2)
    if not isinstance(items, list):
        items = r._list(items, f"{location}/1", "Fn::Select's second argument")
    try:
        return items[int(index)]
    except (ValueError, IndexError):
        return r.problem(f"Fn::Select index {index} of a list of {len(items)}", location)


def _split(r: Resolver, argument: Any, location: str) -> list[str]:
    delimiter, text = r._list(argument, location, "Fn::Split", 2)
    return text_of(text).split(text_of(delimiter))


def _find_in_map(r: Resolver, argument: Any, location: str) -> Any:
    parts = r._list(argument, location, "Fn::FindInMap")
    if len(parts) < 3:
        return r.problem("Fn::FindInMap takes [map, key, key]", location)
    value: Any = r.mappings
    for key in parts[:3]:
        value = value.get(text_of(key)) if isinstance(value, dict) else None
    if value is None:
        default = (
            parts[3].get("DefaultValue") if len(parts) > 3 and isinstance(parts[3], dict) else None
        )
        if default is not None:
            return default
        return r.problem("/".join(text_of(p) for p in parts[:3]) + " (not in Mappings)", location)
    return value


def _import_value(r: Resolver, argument: Any, location: str) -> Any:
    export = r._text(argument, location)
    if export in r.substitutions:
        return r.substitutions[export]
    return r.problem(f"{export} (an export of another stack: Fn::ImportValue)", location)


def _equals(r: Resolver, argument: Any, location: str) -> bool:
    left, right = r._list(argument, location, "Fn::Equals", 2)
    return text_of(left) == text_of(right)


def _logic(r: Resolver, argument: Any, location: str, key: str) -> bool:
    return r._truth({key: argument}, location.rsplit("/", 1)[0])


_FUNCTIONS: dict[str, Any] = {
    "Fn::Sub": _sub,
    "Fn::GetAtt": _get_att,
    "Fn::Join": _join,
    "Fn::If": _if,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::FindInMap": _find_in_map,
    "Fn::ImportValue": _import_value,
    "Fn::Equals": _equals,
    "Fn::And": lambda r, a, loc: _logic(r, a, loc, "Fn::And"),
    "Fn::Or": lambda r, a, loc: _logic(r, a, loc, "Fn::Or"),
    "Fn::Not": lambda r, a, loc: _logic(r, a, loc, "Fn::Not"),
    "Fn::Base64": lambda r, a, loc: base64.b64encode(r._text(a, loc).encode()).decode(),
    "Fn::GetAZs": lambda r, a, loc: [f"{r.env.region}{z}" for z in "abc"],
    "Fn::ToJsonString": lambda r, a, loc: json.dumps(r.resolve(a, loc), separators=(",", ":")),
    "Fn::Length": lambda r, a, loc: len(r._list(a, loc, "Fn::Length")),
}
