"""Short text forms of Choice rules, for the labels of Choice edges: ``$.amount > 1000``,
``$.kind == "refund" and $.paid``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_OPERATORS = {
    "Equals": "==",
    "LessThan": "<",
    "GreaterThan": ">",
    "LessThanEquals": "<=",
    "GreaterThanEquals": ">=",
    "Matches": "matches",
}
_FAMILIES = ("String", "Numeric", "Boolean", "Timestamp")
_TESTS = {
    "IsNull": ("is null", "is not null"),
    "IsPresent": ("is present", "is absent"),
    "IsNumeric": ("is numeric", "is not numeric"),
    "IsString": ("is a string", "is not a string"),
    "IsBoolean": ("is a boolean", "is not a boolean"),
    "IsTimestamp": ("is a timestamp", "is not a timestamp"),
}
_MAX_DEPTH = 8


def choice_label(rule: Mapping[str, Any]) -> str:
    return _rule(rule, 0)


def _rule(rule: Any, depth: int) -> str:
    if not isinstance(rule, Mapping) or depth > _MAX_DEPTH:
        return "\u2026"
    if "Condition" in rule:
        condition = rule["Condition"]
        if isinstance(condition, str):
            text = condition.strip()
            if text.startswith("{%") and text.endswith("%}"):
                text = text[2:-2].strip()
            return text
        return json.dumps(condition)
    for key, word in (("And", " and "), ("Or", " or ")):
        if key in rule:
            parts = rule[key] if isinstance(rule[key], list) else []
            inner = [_rule(p, depth + 1) for p in parts]
            return word.join(f"({p})" if (" and " in p or " or " in p) else p for p in inner)
    if "Not" in rule:
        return f"not ({_rule(rule['Not'], depth + 1)})"
    variable = str(rule.get("Variable", "?"))
    for test, (yes, no) in _TESTS.items():
        if test in rule:
            return f"{variable} {yes if rule[test] is not False else no}"
    for family in _FAMILIES:
        for suffix, op in _OPERATORS.items():
            key = family + suffix
            if key in rule:
                return f"{variable} {op} {_operand(rule[key])}"
            if key + "Path" in rule:
                return f"{variable} {op} {rule[key + 'Path']}"
    return variable


def _operand(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value)
