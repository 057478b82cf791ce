#!/usr/bin/env python3
"""Generated (document, path) pairs for the differential test against Jayway JsonPath.

    python3 tools/jayway/gen_cases.py COUNT SEED > cases.jsonl

Fixed seed, no dependencies. Unlike cases.py (curated) and random_cases.py (paths over a few
fixed documents), the documents are generated too: nulls, nested arrays, integers of every size
(int, long, beyond long), decimals and exponents, unicode and awkward member names. Paths mix
dot and bracket notation, quoted names with every escape Jayway's unescaper knows (and some it
does not), negative indexes, unions, slices with and without steps, deep scans, wildcards,
filters with every operator Jayway has and unquoted literals, and path functions.

Each line is {"doc", "path"} for the oracle, plus "sfnsim_path" when sfnsim evaluates another
text: AWS runs no path functions (cpp/path/jsonpath.h), so sfnsim reads `.length()` as the
member named `length()`, and the oracle is asked for that member (`['length()']`) instead. The
comparison then checks the deliberate deviation rather than skipping the case.

Integers are kept within 64 bits: sfnsim's JSON values hold wider ones as doubles, where Jackson
keeps a BigInteger, which shows in messages that print the document (a deviation of the JSON
layer, docs/semantics/jsonpath.md). `--wide-integers` puts them back, for campaigns that count it.
"""

import json
import random
import re
import sys

from random_cases import keys_of  # noqa: E402 - the other generator's key walk

PLAIN_KEYS = ["a", "b", "c", "id", "name", "items", "price", "tags", "x", "_u", "A1", "$k", "n-1"]
ODD_KEYS = [
    "key with space",
    "it's",
    'q"uote',
    "back\\slash",
    "dot.key",
    "br[ack]",
    "",
    "caf\u00e9",
    "\u65e5\u672c",
    "emoji\U0001f600",
    "tab\there",
    "new\nline",
    "length()",
    "sum()",
    "1",
    "-1",
    "*",
    "@",
    "$",
    "?",
]
STRINGS = ["", "a", "abc", "ABC", "red", "Red", "1", "1.0", "true", "null", "caf\u00e9", "x y"]
NUMBERS = [
    0,
    1,
    -1,
    2,
    3,
    7,
    42,
    -42,
    2147483647,
    2147483648,
    -2147483649,
    9007199254740993,
    9223372036854775807,
    12345678901234567890,
    1.5,
    -0.25,
    0.1,
    2.0,
    1e3,
    1.5e-7,
    2.5e20,
    -1e300,
]
FUNCTIONS = ["length", "size", "min", "max", "avg", "stddev", "sum", "keys", "first", "last"]
FUNCTIONS_WITH_ARGS = ["concat", "append", "index"]
OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "=~", "in", "nin", "subsetof", "anyof", "noneof"]
OPERATORS += ["contains", "size", "empty", "===", "!=="]


def scalar(rng):
    r = rng.random()
    if r < 0.12:
        return None
    if r < 0.22:
        return rng.random() < 0.5
    if r < 0.6:
        return rng.choice(NUMBERS)
    return rng.choice(STRINGS)


def key(rng):
    return rng.choice(ODD_KEYS) if rng.random() < 0.25 else rng.choice(PLAIN_KEYS)


def document(rng, depth=0):
    r = rng.random()
    if depth >= 3 or r < 0.25:
        return scalar(rng)
    if r < 0.55:
        return [document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    obj = {}
    for _ in range(rng.randint(0, 4)):
        obj[key(rng)] = document(rng, depth + 1)
    return obj


def root_document(rng):
    doc = {}
    for _ in range(rng.randint(1, 5)):
        doc[key(rng)] = document(rng, 1)
    if rng.random() < 0.5:
        doc["items"] = [document(rng, 2) if rng.random() < 0.3 else item(rng) for _ in range(5)]
    return doc if rng.random() < 0.9 else [document(rng, 1) for _ in range(rng.randint(0, 4))]


def item(rng):
    return {
        k: scalar(rng) if rng.random() < 0.8 else document(rng, 2)
        for k in rng.sample(PLAIN_KEYS, 4)
    }


# ---------------------------------------------------------------------------------------------
# Paths. Each piece is (text for Jayway, text for sfnsim); they differ only for path functions.


def quote(rng, name, q=None):
    """A bracket-quoted member name, escaped the ways Jayway's unescaper reads."""
    q = q or ("'" if rng.random() < 0.75 else '"')
    out = []
    for ch in name:
        if ch == q or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n" and rng.random() < 0.7:
            out.append("\\n")
        elif ch == "\t" and rng.random() < 0.7:
            out.append("\\t")
        elif ord(ch) > 127 and rng.random() < 0.4 and ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        elif rng.random() < 0.03:
            out.append(f"\\u{ord(ch):04X}" if ord(ch) < 0x10000 else ch)
        else:
            out.append(ch)
    if rng.random() < 0.05:
        out.append(
            rng.choice(["\\/", "\\b", "\\f", "\\r", "\\x", "\\u00", "\\u12G4", "\\", "\\\\"])
        )
    return q + "".join(out) + q


def name_step(rng, keys):
    k = rng.choice(keys) if keys and rng.random() < 0.85 else key(rng)
    dot_ok = k and all(c.isalnum() or c in "_-$@" for c in k) and not k[0].isdigit()
    if dot_ok and rng.random() < 0.6:
        return "." + k
    space = " " if rng.random() < 0.1 else ""
    return "[" + space + quote(rng, k) + space + "]"


def same(text):
    return (text, text)


def function_step(rng, in_filter):
    """A path function: Jayway evaluates it, sfnsim reads a member of that name."""
    if in_filter or rng.random() < 0.6:
        fn = rng.choice(FUNCTIONS) + "()"
    else:
        name = rng.choice(FUNCTIONS_WITH_ARGS)
        args = rng.choice(["1", "'x'", '"y"', "@.a", "$.b", "1, 2", ""])
        fn = name + "(" + args + ")"
    # Spelled plainly for Jayway: quote()'s random escapes would make the two texts differ in
    # more than the function, and the messages quoting them with it.
    return ("['" + fn.replace("\\", "\\\\").replace("'", "\\'") + "']", "." + fn)


def index_step(rng):
    r = rng.random()
    if r < 0.45:
        return f"[{rng.randint(-4, 5)}]"
    if r < 0.65:
        return "[" + ",".join(str(rng.randint(-3, 4)) for _ in range(rng.randint(2, 3))) + "]"
    a, b, s = rng.randint(-4, 5), rng.randint(-4, 6), rng.randint(-1, 3)
    if rng.random() < 0.15:  # steps and empty slices: Jayway refuses them
        return rng.choice([f"[{a}:{b}:{s}]", f"[::{s}]", "[:]"])
    return rng.choice([f"[{a}:{b}]", f"[{a}:]", f"[:{b}]", f"[ {a} : {b} ]"])


def union_step(rng, keys):
    ks = [rng.choice(keys) if keys else key(rng) for _ in range(rng.randint(2, 3))]
    return "[" + ",".join(quote(rng, k) for k in ks) + "]"


def literal(rng, keys):
    r = rng.random()
    if r < 0.3:
        n = rng.choice(NUMBERS)
        return (
            json.dumps(n)
            if rng.random() < 0.8
            else rng.choice(["1E3", "1e-2", "-0", "00", "1.", ".5"])
        )
    if r < 0.5:
        s = rng.choice(STRINGS)
        return quote(rng, s)
    if r < 0.58:
        return rng.choice(["true", "false", "null"])
    if r < 0.65:  # unquoted literals (Jayway reads them as ... whatever it reads)
        return rng.choice(["red", "ACTIVE", "subject_completed", "abc", "a.b"])
    if r < 0.75:
        items = [
            rng.choice(["1", "2", "'a'", "'red'", "null", "true", "1.5"])
            for _ in range(rng.randint(0, 3))
        ]
        return "[" + ", ".join(items) + "]"
    if r < 0.8:
        return rng.choice(["{'a': 1}", '{"a": [1, 2]}', "{}"])
    if r < 0.9:
        return ("@" if rng.random() < 0.5 else "$") + "".join(
            name_step(rng, keys) for _ in range(rng.randint(1, 2))
        )
    return rng.choice(["/a.*/", "/^A/i", "/[0-9]+/", "/.*/", "/(x|y)/", "/red/i"])


def relative(rng, keys, depth):
    jayway, ours = "@", "@"
    for _ in range(rng.randint(0, 2)):
        r = rng.random()
        if r < 0.75:
            piece = same(name_step(rng, keys))
        elif r < 0.9:
            piece = same(index_step(rng) if rng.random() < 0.5 else f"[{rng.randint(-1, 2)}]")
        else:
            piece = same(rng.choice(["[*]", ".*"]))
        jayway, ours = jayway + piece[0], ours + piece[1]
    # No path functions inside filters: Jayway's filter parser cannot read the member spelled
    # ['sum()'] that stands for sfnsim's reading of .sum() ("Property has not been closed"),
    # so the oracle would answer another question than the one sfnsim is asked.
    return jayway, ours


def predicate(rng, keys, depth):
    r = rng.random()
    if r < 0.15:
        neg = "!" if rng.random() < 0.4 else ""
        left = relative(rng, keys, depth)
        return neg + left[0], neg + left[1]
    left = relative(rng, keys, depth)
    op = rng.choice(OPERATORS)
    if op == "size":
        right = rng.choice(["0", "1", "2", "3", "'2'", "@.a"])
    elif op == "empty":
        right = rng.choice(["true", "false", "1"])
    else:
        right = literal(rng, keys)
    if rng.random() < 0.15:  # literal on the left
        left, right = (right, right), left[0]
        j = f"{left[0]} {op} {right}"
        expr = (j, j)
    else:
        expr = (f"{left[0]} {op} {right}", f"{left[1]} {op} {right}")
    if depth < 2 and rng.random() < 0.2:
        join = rng.choice([" && ", " || "])
        other = predicate(rng, keys, depth + 1)
        expr = (expr[0] + join + other[0], expr[1] + join + other[1])
    if rng.random() < 0.08:
        expr = ("!(" + expr[0] + ")", "!(" + expr[1] + ")")
    if rng.random() < 0.08:
        expr = ("(" + expr[0] + ")", "(" + expr[1] + ")")
    return expr


def step(rng, keys, depth):
    r = rng.random()
    if r < 0.38:
        return same(name_step(rng, keys))
    if r < 0.55:
        return same(index_step(rng))
    if r < 0.61:
        return same(rng.choice([".*", "[*]", "[ * ]"]))
    if r < 0.69:
        inner = rng.random()
        if inner < 0.6:
            k = rng.choice(keys) if keys else key(rng)
            return same(".." + (k if k.isidentifier() else quote(rng, k).join("[]")))
        return same(rng.choice(["..*", "..[0]", "..[*]", "..[-1]"]))
    if r < 0.75:
        return same(union_step(rng, keys))
    if r < 0.88 and depth < 2:
        p = predicate(rng, keys, depth)
        space = " " if rng.random() < 0.1 else ""
        return (f"[?{space}({p[0]})]", f"[?{space}({p[1]})]")
    return same(name_step(rng, keys))


def children(node):
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, list):
        return list(node)
    return []


def descendants(node, out):
    for child in children(node):
        out.append(child)
        descendants(child, out)
    return out


def follow(nodes, text):
    """Roughly where a step leads, so that the next name is one that is there."""
    if text.startswith(".."):
        reached = []
        for n in nodes:
            descendants(n, reached)
        return reached or nodes
    reached = []
    for n in nodes:
        reached.extend(children(n))
    return reached


def local_keys(nodes, keys):
    here = sorted({k for n in nodes if isinstance(n, dict) for k in n})
    return here if here else keys


def path(rng, keys, doc):
    jayway, ours = "$", "$"
    nodes = [doc]
    for _ in range(rng.randint(1, 4)):
        piece = step(rng, local_keys(nodes, keys) if rng.random() < 0.85 else keys, 0)
        jayway, ours = jayway + piece[0], ours + piece[1]
        nodes = follow(nodes, piece[0])
    # Not after a name whose closing quote a stray backslash escaped (quote()'s junk): the
    # function's own quotes would then close it for Jayway, and the two readings would fail
    # with different messages for a reason that is not the function.
    unterminated = re.search(r"(?<!\\)(?:\\\\)*\\['\"]\]", jayway)
    if rng.random() < 0.08 and not unterminated:
        fn = function_step(rng, False)
        jayway, ours = jayway + fn[0], ours + fn[1]
    return jayway, ours


def cases(count, seed, wide_integers=False):
    rng = random.Random(seed)
    if wide_integers:
        NUMBERS.append(123456789012345678901234567890)
    for _ in range(count):
        doc = root_document(rng)
        found = set()
        keys_of(doc, found)
        keys = sorted(found)
        jayway, ours = path(rng, keys, doc)
        case = {"doc": doc, "path": jayway}
        if ours != jayway:
            case["sfnsim_path"] = ours
        yield case


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 2000
    seed = int(args[1]) if len(args) > 1 else 1
    out = sys.stdout
    for case in cases(count, seed, "--wide-integers" in sys.argv):
        out.write(json.dumps(case, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
