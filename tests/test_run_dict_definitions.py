"""A definition given to sfnsim.run as a dict means exactly its ``json.dumps`` text: what a boto3
user would send. The table holds the values where a direct conversion could differ from that
text (NaN, keys that are no strings, tuples, integers past 64 bits, surrogates, bools beside
ints), and each row runs both ways and compares everything the caller sees."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from typing import Any

import pytest
import sfnsim


class Level(enum.IntEnum):
    HIGH = 7


def passing(result: Any) -> dict[str, Any]:
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}}


def waiting(seconds: Any) -> dict[str, Any]:
    return {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": seconds, "End": True}}}


def nested(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = {"a": value}
    return value


CASES: list[tuple[str, Any]] = [
    ("NaN", passing(float("nan"))),
    ("infinity", passing([float("-inf")])),
    ("an int key", passing({1: "a"})),
    ("a float key", passing({1.5: "a"})),
    ("bool and None keys", passing({True: 1, None: 2})),
    ("a tuple key", passing({(1, 2): "a"})),
    ("a tuple", passing((1, [2, (3,)]))),
    ("an integer past 64 bits", passing(2**70)),
    ("the largest unsigned 64-bit integer", passing(2**64 - 1)),
    ("the smallest signed 64-bit integer", passing(-(2**63))),
    ("an integer no double holds", passing(10**400)),
    ("negative zero", passing(-0.0)),
    ("floats", passing([0.1, 1e16, 1e-7, 1.0, 123456789.125])),
    ("bools beside ints", passing([True, 1, False, 0])),
    ("an IntEnum", passing(Level.HIGH)),
    ("a set", passing({1})),
    ("a lone surrogate", passing("\ud800")),
    (
        "a lone surrogate in a state name",
        {"StartAt": "\udc00", "States": {"\udc00": {"Type": "Succeed"}}},
    ),
    ("non-ASCII text", passing("é ü 中 😀")),
    ("an OrderedDict", OrderedDict([("States", {"S": {"Type": "Succeed"}}), ("StartAt", "S")])),
    ("a bool as Wait seconds", waiting(True)),
    ("a float as Wait seconds", waiting(1.0)),
    ("an int as Wait seconds", waiting(1)),
    ("deep nesting", passing(nested(3000))),
    ("a list", [passing(1)]),
]


def outcome(definition: Any) -> tuple[Any, ...]:
    try:
        ex = sfnsim.run(definition, {"x": 1}, name="n", seed=1)
    except sfnsim.InvalidDefinition as exc:
        return ("refused", str(exc), exc.diagnostics)
    history = [{k: v for k, v in e.items() if k != "timestamp"} for e in ex.history]
    return (ex.status, repr(ex.output), ex.error, ex.cause, ex.definition, history)


@pytest.mark.parametrize("definition", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_a_dict_definition_is_its_json_dumps_text(definition: Any) -> None:
    got = outcome(definition)
    try:
        text = json.dumps(definition)
    except (TypeError, ValueError, RecursionError) as exc:
        # What json.dumps refuses is refused in its words, as a schema failure.
        assert got[0] == "refused"
        assert got[2] == [
            {"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": str(exc)}
        ]
        return
    if isinstance(definition, list):
        assert got[0] == "refused"
        assert got[2][0]["message"] == "Definition must be a valid JSON object"
        return
    assert got == outcome(text)


# The extension writes json.dumps's text itself for plain values (bindings/json_text.cpp); the
# rest goes to json.dumps. Random values over every kind of character, number and nesting the
# writer handles, and the values it must leave to json.dumps.
_CHARACTERS = ['"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", " ", "~", "\x7f"]
_CHARACTERS += ["a", "é", "\u2028", "中", "\ud800", "\udfff", "😀", "\U0010ffff"]
_NUMBERS = [0, -1, 2**63 - 1, -(2**63), 2**64, -(10**30), 0.0, -0.0, 0.1, 1e16, 1e-7, 1e300]
_NUMBERS += [float("nan"), float("inf"), float("-inf"), 5e-324, 123456789.125]


def _random_value(rng: Any, depth: int) -> Any:
    kind = rng.randrange(8 if depth < 6 else 4)
    if kind == 0:
        return "".join(rng.choice(_CHARACTERS) for _ in range(rng.randrange(6)))
    if kind == 1:
        return rng.choice(_NUMBERS)
    if kind == 2:
        return rng.choice([None, True, False])
    if kind == 3:
        return rng.randrange(-(10**6), 10**6)
    if kind in (4, 5):
        return {
            "".join(rng.choices(_CHARACTERS, k=3)): _random_value(rng, depth + 1)
            for _ in range(rng.randrange(4))
        }
    items = [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return tuple(items) if kind == 6 else items


def test_the_extension_writes_json_dumps_text() -> None:
    import random

    from sfnsim import _core

    rng = random.Random(14)
    for _ in range(2000):
        value = _random_value(rng, 0)
        assert _core.plain_json_text(value) == json.dumps(value), value


class _Text(str):
    pass


class _Dict(dict):  # type: ignore[type-arg]
    def items(self) -> Any:  # json.dumps reads a subclass through items()
        return reversed(list(super().items()))


_CIRCULAR: list[Any] = []
_CIRCULAR.append(_CIRCULAR)


@pytest.mark.parametrize(
    "value",
    [
        {1: "a"},
        {None: 1},
        {_Text("k"): 1},
        _Dict(a=1, b=2),
        [_Text("x")],
        [Level.HIGH],
        {1.5},
        [b"bytes"],
        nested(201),
        _CIRCULAR,
        OrderedDict(a=1),
    ],
    ids=lambda v: type(v).__name__,
)
def test_other_values_are_left_to_json_dumps(value: Any) -> None:
    from sfnsim import _core

    assert _core.plain_json_text(value) is None
