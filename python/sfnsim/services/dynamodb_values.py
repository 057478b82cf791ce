"""DynamoDB's typed attribute values (``{"S": "x"}``, ``{"N": "1"}`` ...): validation, number
normalisation, ordering and key identity."""

from __future__ import annotations

import base64
from decimal import Decimal, InvalidOperation
from typing import Any

from ._common import ServiceError

TYPES = ("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS")
MAX_DEPTH = 32  # DynamoDB nests documents at most 32 levels deep

Value = dict[str, Any]


def validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


def number(text: Any) -> Decimal:
    if not isinstance(text, str):
        raise validation("NUMBER_VALUE cannot be converted to String")
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        raise validation("The parameter cannot be converted to a numeric value: " + text) from None
    if not d.is_finite():
        raise validation("The parameter cannot be converted to a numeric value: " + text)
    return d


def number_text(d: Decimal) -> str:
    """A number as DynamoDB gives it back: no exponent, no trailing zeros (``"1.50"`` is
    ``"1.5"``)."""
    if d == 0:
        return "0"
    return format(d.normalize(), "f")


def blob(text: Any) -> bytes:
    if not isinstance(text, str):
        raise validation("Invalid Binary value")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise validation("Invalid Binary value") from None


def clean(value: Any, depth: int = 0) -> Value:
    """A validated copy of an attribute value, numbers normalised as DynamoDB stores them."""
    if depth > MAX_DEPTH:
        raise validation("Nesting Levels have exceeded supported limits")
    if not isinstance(value, dict) or len(value) != 1:
        raise validation(
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
        )
    ((t, v),) = value.items()
    if t == "S":
        if not isinstance(v, str):
            raise validation("Invalid attribute value type")
        return {"S": v}
    if t == "N":
        return {"N": number_text(number(v))}
    if t == "B":
        blob(v)
        return {"B": v}
    if t == "BOOL":
        if not isinstance(v, bool):
            raise validation("Invalid attribute value type")
        return {"BOOL": v}
    if t == "NULL":
        if v is not True:
            raise validation("Null attribute value types must have the value of true")
        return {"NULL": True}
    if t == "M":
        if not isinstance(v, dict):
            raise validation("Invalid attribute value type")
        return {"M": {str(k): clean(x, depth + 1) for k, x in v.items()}}
    if t == "L":
        if not isinstance(v, list):
            raise validation("Invalid attribute value type")
        return {"L": [clean(x, depth + 1) for x in v]}
    if t in ("SS", "NS", "BS"):
        if not isinstance(v, list) or not v:
            raise validation(
                "One or more parameter values were invalid: An string set  may not be empty"
            )
        if t == "NS":
            items = [number_text(number(x)) for x in v]
            keys = [number(x) for x in items]
        else:
            for x in v:
                if t == "SS" and not isinstance(x, str):
                    raise validation("Invalid attribute value type")
                if t == "BS":
                    blob(x)
            items = list(v)
            keys = list(v)
        if len(set(keys)) != len(keys):
            raise validation("Input collection " + str(v) + " contains duplicates.")
        return {t: items}
    raise validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
    )


def clean_item(item: Any, what: str = "item") -> dict[str, Value]:
    if item is None:
        raise validation(
            f"1 validation error detected: Value null at '{what}' failed to satisfy constraint: "
            "Member must not be null"
        )
    if not isinstance(item, dict):
        raise validation(f"Invalid {what}")
    return {str(k): clean(v) for k, v in item.items()}


def type_of(value: Value) -> str:
    return next(iter(value))


def key_part(value: Value) -> tuple[str, Any]:
    """A hashable identity for a key attribute (S, N or B)."""
    t = type_of(value)
    if t == "N":
        return ("N", number(value["N"]))
    return (t, value[t])


def sort_key(value: Value) -> Any:
    """The order of a range key: numbers by value, strings and binaries by their bytes."""
    t = type_of(value)
    if t == "N":
        return number(value["N"])
    if t == "B":
        return blob(value["B"])
    return str(value[t]).encode()


def equal(a: Value | None, b: Value | None) -> bool:
    if a is None or b is None:
        return False
    ta, tb = type_of(a), type_of(b)
    if ta != tb:
        return False
    if ta == "N":
        return number(a["N"]) == number(b["N"])
    if ta == "NS":
        return {number(x) for x in a["NS"]} == {number(x) for x in b["NS"]}
    if ta in ("SS", "BS"):
        return set(a[ta]) == set(b[tb])
    if ta == "M":
        am, bm = a["M"], b["M"]
        return set(am) == set(bm) and all(equal(am[k], bm[k]) for k in am)
    if ta == "L":
        al, bl = a["L"], b["L"]
        return len(al) == len(bl) and all(equal(x, y) for x, y in zip(al, bl))
    return bool(a[ta] == b[tb])


def ordered(a: Value | None, b: Value | None) -> tuple[Any, Any] | None:
    """Comparable keys of two values of one scalar type (S, N, B), or None."""
    if a is None or b is None:
        return None
    ta, tb = type_of(a), type_of(b)
    if ta != tb or ta not in ("S", "N", "B"):
        return None
    return sort_key(a), sort_key(b)


def size(value: Value) -> int | None:
    t = type_of(value)
    if t == "S":
        return len(value["S"].encode())
    if t == "B":
        return len(blob(value["B"]))
    if t in ("SS", "NS", "BS", "L"):
        return len(value[t])
    if t == "M":
        return len(value["M"])
    return None
