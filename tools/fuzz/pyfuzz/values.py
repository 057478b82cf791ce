"""Random values: ordinary JSON, JSON at its edges, and Python objects that are no JSON at all."""

from __future__ import annotations

import decimal
import math
import random
import re
from typing import Any

# Strings that have broken readers and writers before: escapes, lone surrogates (which Python
# strings can hold and JSON text can spell, but UTF-8 cannot), NUL, long and non-BMP text.
ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "\ud800",
    "\udfff",
    "a\ud83dz",
    "😀",
    "\u2028\u2029",
    "\\",
    '"',
    "{% $ %}",
    "{%%}",
    "$",
    "$$",
    "$.a",
    "States.Format('{}', $)",
    "\t\r\n",
    "é" * 3,
    "\ufeff",
    "x" * 300,
    "%s%n%x",
    "null",
    "NaN",
    "-0",
]

ODD_NUMBERS: list[Any] = [
    0,
    -0.0,
    1,
    -1,
    2**53 + 1,
    2**63 - 1,
    2**63,
    -(2**63),
    -(2**63) - 1,
    2**64,
    10**400,
    -(10**400),
    1e308,
    -1e308,
    5e-324,
    0.1,
    1.5,
    math.nan,
    math.inf,
    -math.inf,
    decimal.Decimal("1.10"),
    True,
    False,
]

KEYS = ["a", "b", "x", "items", "Payload", "", "$", "a.b", "k y", "\ud800", "😀", "0", "States"]


def scalar(rng: random.Random, odd: bool = False) -> Any:
    if odd and rng.random() < 0.5:
        return rng.choice(ODD_NUMBERS + ODD_STRINGS + [None])
    pick = rng.randrange(6)
    if pick == 0:
        return None
    if pick == 1:
        return rng.random() < 0.5
    if pick == 2:
        return rng.randint(-1000, 1000)
    if pick == 3:
        return round(rng.uniform(-1e6, 1e6), rng.randrange(0, 6))
    return "".join(rng.choice("abcxyz _-.:0129") for _ in range(rng.randrange(0, 12)))


def json_value(rng: random.Random, depth: int = 3, odd: bool = False) -> Any:
    """A random JSON-shaped value (with `odd`, also NaN, huge integers, lone surrogates)."""
    if depth <= 0 or rng.random() < 0.35:
        return scalar(rng, odd)
    if rng.random() < 0.5:
        return [json_value(rng, depth - 1, odd) for _ in range(rng.randrange(0, 5))]
    keys = KEYS if odd else KEYS[:8]
    return {rng.choice(keys): json_value(rng, depth - 1, odd) for _ in range(rng.randrange(0, 5))}


def deep(levels: int, leaf: Any = 1, kind: str = "list") -> Any:
    value = leaf
    for _ in range(levels):
        value = [value] if kind == "list" else {"a": value}
    return value


class CallerObjectError(Exception):
    """What the deliberately broken objects below raise: the caller's own object failing, which
    sfnsim may let through (the harness allows it everywhere)."""


class _Unprintable:
    def __repr__(self) -> str:
        raise CallerObjectError("no repr")

    __str__ = __repr__


class _BadDict(dict[str, Any]):
    def items(self) -> Any:
        raise CallerObjectError("items() fails")

    def keys(self) -> Any:
        raise CallerObjectError("keys() fails")


def not_json(rng: random.Random) -> Any:
    """A Python value no JSON document holds."""
    cyclic: list[Any] = []
    cyclic.append(cyclic)
    cyclic_dict: dict[str, Any] = {}
    cyclic_dict["self"] = cyclic_dict
    choices: list[Any] = [
        object(),
        {1, 2},
        b"bytes",
        bytearray(b"x"),
        (1, 2),
        {1: "int key"},
        {None: 1},
        {(1, 2): 3},
        1 + 2j,
        range(3),
        iter([1]),
        (x for x in range(2)),
        print,
        type,
        _Unprintable(),
        _BadDict(a=1),
        cyclic,
        cyclic_dict,
        {"a": object()},
        [1, {2, 3}],
        math.nan,
        10**5000,
        decimal.Decimal("NaN"),
        decimal.Decimal("1e999999"),
        memoryview(b"ab"),
        Ellipsis,
        NotImplemented,
    ]
    return rng.choice(choices)


def odd_value(rng: random.Random) -> Any:
    """JSON at its edges, or something that is not JSON, or deep nesting near the limits."""
    pick = rng.randrange(10)
    if pick < 4:
        return json_value(rng, 4, odd=True)
    if pick < 6:
        return not_json(rng)
    if pick < 8:
        levels = rng.choice([10, 998, 999, 1000, 1001, 1500, 5000, 100_000])
        return deep(levels, rng.choice([1, "x", None, [], {}]), rng.choice(["list", "dict"]))
    if pick == 8:
        return {"big": "x" * rng.choice([1000, 262_000, 262_144, 300_000, 3_000_000])}
    return [rng.random() for _ in range(rng.choice([10, 10_000, 100_000]))]


def odd_json_text(rng: random.Random) -> str:
    """Text offered as JSON: sometimes well formed, often not."""
    texts = [
        "{}",
        "",
        " ",
        "null",
        "NaN",
        "[NaN]",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e400",
        "123456789012345678901234567890",
        '"\\ud800"',
        '{"a":"\\udc00\\ud800"}',
        '{"\\ud800":1}',
        "[1,]",
        "{,}",
        '{"a":1,"a":2}',
        "\ufeff{}",
        "{} {}",
        "[" * 1000 + "]" * 1000,
        "[" * 1001 + "]" * 1001,
        "[" * 100_000,
        '{"a":' * 2000 + "1" + "}" * 2000,
        '"\x00"',
        "'single'",
        "{'a': 1}",
        "\x00",
        "tru",
        "[1 2]",
        '"' + "x" * 300_000 + '"',
        "0x10",
        "+1",
        ".5",
        "01",
    ]
    return rng.choice(texts)


_HUGE_DIGITS = re.compile(r"\d{20}")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def traits(*found: Any) -> frozenset[str]:
    """What known causes of failure the values hold: "lone-surrogate" (a str with a surrogate
    code point, or the JSON escape of one in a text that will be read as JSON), "huge-int" (an
    int no 64-bit integer holds, or 20 digits in such a text). Walks containers; cycles and
    depth are bounded."""
    out: set[str] = set()
    pending: list[tuple[Any, int]] = [(v, 0) for v in found]
    seen: set[int] = set()
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if any("\ud800" <= c <= "\udfff" for c in value) or _SURROGATE_ESCAPE.search(value):
                out.add("lone-surrogate")
            if _HUGE_DIGITS.search(value):
                out.add("huge-int")
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if not -(2**63) <= value < 2**64:
                out.add("huge-int")
        elif isinstance(value, (list, tuple, dict)) and depth < 2000 and id(value) not in seen:
            seen.add(id(value))
            # The base classes' own iteration: subclasses here may fail theirs on purpose.
            if isinstance(value, dict):
                items: list[Any] = list(dict.items(value))
            elif isinstance(value, list):
                items = list(list.__iter__(value))
            else:
                items = list(tuple.__iter__(value))
            for item in items:
                if isinstance(item, tuple) and isinstance(value, dict):
                    pending.extend((part, depth + 1) for part in item)
                else:
                    pending.append((item, depth + 1))
    return frozenset(out)


def fits_payload(*found: Any) -> bool:
    """Whether JSON values fit what a payload holds: at most 1,000 levels deep, numbers within
    a double's range."""
    pending: list[tuple[Any, int]] = [(v, 0) for v in found]
    while pending:
        v, depth = pending.pop()
        if depth > 1000:
            return False
        if isinstance(v, bool) or v is None or isinstance(v, (str, float)):
            continue
        if isinstance(v, int):
            if v.bit_length() > 1024:
                return False
            continue
        if type(v) is list:
            pending.extend((item, depth + 1) for item in v)
        elif type(v) is dict:
            pending.extend((item, depth + 1) for item in v.values())
    return True


def is_json(value: Any) -> bool:
    """Whether `value` is JSON as sfnsim takes it: str keys, finite numbers, no cycles."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        v, depth = pending.pop()
        if depth > 100_000:
            return False
        if v is None or isinstance(v, (bool, int, str)):
            continue
        if isinstance(v, float):
            if not math.isfinite(v):
                return False
            continue
        if type(v) is list:
            if len(pending) > 10_000_000:
                return False
            pending.extend((item, depth + 1) for item in v)
            continue
        if type(v) is dict:
            if not all(isinstance(k, str) for k in v):
                return False
            pending.extend((item, depth + 1) for item in v.values())
            continue
        return False
    return True
