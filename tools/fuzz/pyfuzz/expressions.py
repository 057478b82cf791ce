"""JSONPath, intrinsic-function and JSONata expressions: generated from small grammars, and
mutated from examples so that near-misses of valid syntax are common."""

from __future__ import annotations

import random

PATH_EXAMPLES = [
    "$",
    "$.a",
    "$.a.b",
    "$['a b']",
    "$.items[0]",
    "$.items[-1]",
    "$.items[*].x",
    "$..x",
    "$.items[1:3]",
    "$.items[?(@.x > 1)]",
    "$.items[?(@.x == 'a' && @.y)]",
    "$.items[?(@.s =~ /a.*/i)]",
    "$.items.length()",
    "$$.Execution.Id",
    "$$.Map.Item.Value",
    "$$.State.EnteredTime",
    "$$.Task.Token",
    "$v",
    "$v.a",
]

INTRINSIC_EXAMPLES = [
    "States.Format('{} {}', $.a, $.b)",
    "States.StringToJson($.s)",
    "States.JsonToString($)",
    "States.Array($.a, 1, 'x', null, true)",
    "States.ArrayPartition($.items, 2)",
    "States.ArrayContains($.items, 1)",
    "States.ArrayRange(0, 10, 3)",
    "States.ArrayGetItem($.items, 0)",
    "States.ArrayLength($.items)",
    "States.ArrayUnique($.items)",
    "States.Base64Encode($.s)",
    "States.Base64Decode($.s)",
    "States.Hash($.s, 'SHA-1')",
    "States.JsonMerge($.a, $.b, false)",
    "States.MathRandom(1, 100)",
    "States.MathAdd($.n, 1)",
    "States.StringSplit($.s, ',')",
    "States.UUID()",
    "States.Format('\\{\\}\\'{}', States.Array(1))",
]

JSONATA_EXAMPLES = [
    "$states.input",
    "$states.input.a",
    "$states.context.Execution.Id",
    "$sum($states.input.items.x)",
    "$count($states.input.items)",
    "$states.input.items[x > 1]",
    "$map($states.input.items, function($v){$v.x * 2})",
    "$reduce([1,2,3], function($a,$b){$a+$b})",
    "$string($states.input)",
    "$parse('{\"a\":1}')",
    "$partition([1,2,3,4], 2)",
    "$range(0, 10, 2)",
    "$hash('abc', 'SHA-256')",
    "$random()",
    "$uuid()",
    "$now()",
    "$millis()",
    "$formatNumber(1234.5, '#,##0.00')",
    "$toMillis('2024-01-01T00:00:00Z')",
    "$fromMillis(0)",
    "$match('abc', /b/)",
    "$replace('aaa', 'a', 'b')",
    "$split('a,b', ',')",
    "$join(['a','b'], '-')",
    "$sort([3,1,2])",
    "$keys({'a':1})",
    "$merge([{'a':1},{'b':2}])",
    "$each({'a':1}, function($v,$k){$k})",
    "$lookup({'a':1}, 'a')",
    "$spread({'a':1})",
    "$distinct([1,1,2])",
    "$shuffle([1,2,3])",
    "$zip([1,2],[3,4])",
    "$boolean(0)",
    "$number('12')",
    "$power(2, 10)",
    "$round(2.555, 2)",
    "$substring('hello', 1, 3)",
    "$pad('x', 5, '#')",
    "$base64encode('x')",
    "$encodeUrl('a b')",
    "($x := 5; $x * $x)",
    "[1..5]",
    "{'a': 1}.a",
    "$states.input ~> $type()",
    "1 = 1 ? 'y' : 'n'",
    "**.x",
    "$states.input.items#$i[$i > 0]",
    "$states.input.items@$v.x",
    "$states.input.items^(>x)",
    "$states.input.items{x: $count($)}",
    "$v",
    "$v.a",
]

_MUTATION_ALPHABET = "$@.[]()?*:,'\"\\/=<>!~&|{}%# -_0123456789abcxyzEe\t\n"


def mutate(text: str, rng: random.Random, pool: list[str]) -> str:
    """A few byte-level edits, or a splice with another example."""
    for _ in range(rng.randrange(1, 5)):
        pick = rng.randrange(6)
        pos = rng.randrange(len(text) + 1)
        char = rng.choice(_MUTATION_ALPHABET)
        if pick == 0 and text:
            text = text[: max(0, pos - 1)] + text[pos:]
        elif pick == 1:
            text = text[:pos] + char + text[pos:]
        elif pick == 2 and pos < len(text):
            text = text[:pos] + char + text[pos + 1 :]
        elif pick == 3:
            other = rng.choice(pool)
            cut = rng.randrange(len(other) + 1)
            text = text[:pos] + other[cut:]
        elif pick == 4:
            text = text[:pos] + text[pos:] * rng.choice([2, 3, 50])
        else:
            text = text[:pos] + rng.choice(["\ud800", "😀", "\x00", "é", "\\u0000"]) + text[pos:]
    return text


def _path_step(rng: random.Random, depth: int) -> str:
    pick = rng.randrange(9)
    if pick == 0:
        return f".{rng.choice(['a', 'b', 'items', 'x', 's', 'n'])}"
    if pick == 1:
        return f"[{rng.randint(-3, 5)}]"
    if pick == 2:
        return "[*]"
    if pick == 3:
        return f"..{rng.choice(['a', 'x', '*'])}"
    if pick == 4:
        return f"[{rng.randint(-2, 2)}:{rng.randint(-2, 4)}]"
    if pick == 5:
        return f"['{rng.choice(['a', 'k y', ''])}','b']"
    if pick == 6 and depth < 3:
        op = rng.choice(["==", "!=", "<", ">=", "=~", " in ", " nin ", " size ", " empty "])
        right = rng.choice(["1", "'a'", "[1,2]", "/a.*/", "true", "$.n", "@.y"])
        inner = "".join(_path_step(rng, depth + 1) for _ in range(rng.randrange(1, 3)))
        return f"[?(@{inner}{op}{right})]"
    if pick == 7:
        return f"[{rng.randint(0, 3)},{rng.randint(0, 3)}]"
    return ".length()"


def jsonpath(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return mutate(rng.choice(PATH_EXAMPLES), rng, PATH_EXAMPLES)
    root = rng.choice(["$", "$", "$", "$$", "$v"])
    return root + "".join(_path_step(rng, 0) for _ in range(rng.randrange(0, 5)))


def intrinsic(rng: random.Random, depth: int = 0) -> str:
    if depth == 0 and rng.random() < 0.25:
        return mutate(rng.choice(INTRINSIC_EXAMPLES), rng, INTRINSIC_EXAMPLES)
    if depth == 0 and rng.random() < 0.3:
        return rng.choice(INTRINSIC_EXAMPLES)
    names = [e.split("(")[0] for e in INTRINSIC_EXAMPLES]
    args = []
    for _ in range(rng.randrange(0, 4)):
        pick = rng.randrange(6)
        if pick == 0 and depth < 11:
            args.append(intrinsic(rng, depth + 1))
        elif pick == 1:
            args.append(jsonpath(rng))
        elif pick == 2:
            args.append(str(rng.choice([0, -1, 3, 2**31, 1.5, 1e20])))
        elif pick == 3:
            args.append("'" + rng.choice(["", "{}", "a,b", "SHA-256", "aGk=", '{"a":1}']) + "'")
        elif pick == 4:
            args.append(rng.choice(["null", "true", "false"]))
        else:
            args.append("$")
    return f"{rng.choice(names)}({', '.join(args)})"


def jsonata(rng: random.Random, depth: int = 0) -> str:
    if depth == 0 and rng.random() < 0.3:
        return mutate(rng.choice(JSONATA_EXAMPLES), rng, JSONATA_EXAMPLES)
    if depth == 0 and rng.random() < 0.3:
        return rng.choice(JSONATA_EXAMPLES)
    if depth > 3:
        return rng.choice(["1", "'s'", "$states.input", "[]", "{}", "null", "$v"])
    a = jsonata(rng, depth + 1)
    b = jsonata(rng, depth + 1)
    forms = [
        f"{a} {rng.choice(['+', '-', '*', '/', '%', '&', '=', '!=', '<', 'and', 'or', 'in'])} {b}",
        f"[{a}, {b}]",
        f"{{'k': {a}}}",
        f"{a}[{b}]",
        f"$states.input.{rng.choice(['a', 'items', 'x'])}",
        f"({a}; {b})",
        f"$string({a})",
        f"{a} ? {b} : null",
        f"function($x){{{a}}}({b})",
        f"$map({a}, function($v){{{b}}})",
        f"[{rng.randint(-5, 5)}..{rng.choice([3, 10, 10**6, 10**9])}]",
        f"$sort({a})",
        f"{a} ~> $append({b})",
    ]
    return rng.choice(forms)
