#!/usr/bin/env python3
"""Random (document, path) pairs for a differential campaign against Jayway (not the golden file).

    python3 tools/jayway/random_cases.py [count] [seed] > /tmp/random.jsonl
Paths are built from the documents' own keys, so most of them select something.
"""
import json
import random
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from cases import DOCS  # noqa: E402

LITERALS = ["1", "2", "3", "0", "-1", "1.5", "3.0", "'1'", "'3'", "'a'", "'red'", "'S'", "true",
            "false", "null", "['S', 'M']", "['red']", "[1, 2]", "{'w': 1}", "/.*a.*/", "/A.*/i",
            "''", "$.limit", "$.expensive", "$['limit']", "10"]
OPS = ["==", "!=", "<", "<=", ">", ">=", "=~", "in", "nin", "contains", "subsetof", "anyof",
       "noneof", "size", "empty", "===", "!=="]


def keys_of(doc, out):
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.add(k)
            keys_of(v, out)
    elif isinstance(doc, list):
        for v in doc:
            keys_of(v, out)


def name(rng, keys):
    k = rng.choice(keys)
    if rng.random() < 0.2 or not k.replace("_", "").isalnum():
        return "['" + k.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return "." + k


def rel_path(rng, keys, depth):
    s = "@"
    for _ in range(rng.randint(0, 2)):
        s += step(rng, keys, depth + 1, in_filter=True)
    return s


def predicate(rng, keys, depth):
    kind = rng.random()
    if kind < 0.2:
        return ("!" if rng.random() < 0.3 else "") + rel_path(rng, keys, depth)
    left = rel_path(rng, keys, depth)
    op = rng.choice(OPS)
    right = rng.choice(LITERALS)
    if op in ("size",):
        right = rng.choice(["0", "1", "2", "5"])
    if op == "empty":
        right = rng.choice(["true", "false"])
    expr = f"{left} {op} {right}"
    if rng.random() < 0.15:
        expr = f"{expr} {rng.choice(['&&', '||'])} {predicate(rng, keys, depth + 1)}"
    if rng.random() < 0.1:
        expr = f"!({expr})"
    return expr


def step(rng, keys, depth, in_filter=False):
    r = rng.random()
    if r < 0.45:
        return name(rng, keys)
    if r < 0.55:
        return f"[{rng.randint(-3, 4)}]"
    if r < 0.62:
        return rng.choice([".*", "[*]"])
    if r < 0.68 and not in_filter:
        return ".." + name(rng, keys).lstrip(".") if rng.random() < 0.7 else "..*"
    if r < 0.76:
        a, b = rng.randint(-3, 4), rng.randint(-3, 5)
        return rng.choice([f"[{a}:{b}]", f"[{a}:]", f"[:{b}]"])
    if r < 0.82:
        return "[" + ",".join(str(rng.randint(-2, 4)) for _ in range(rng.randint(2, 3))) + "]"
    if r < 0.87:
        ks = rng.sample(keys, min(len(keys), rng.randint(2, 3)))
        return "[" + ",".join("'" + k.replace("'", "\\'") + "'" for k in ks) + "]"
    if depth < 2:
        return f"[?({predicate(rng, keys, depth)})]"
    return name(rng, keys)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    names = [n for n in DOCS if isinstance(DOCS[n], (dict, list))]
    for _ in range(count):
        doc_name = rng.choice(names)
        keys = set()
        keys_of(DOCS[doc_name], keys)
        keys = sorted(keys) or ["a"]
        path = "$" + "".join(step(rng, keys, 0) for _ in range(rng.randint(1, 4)))
        if path.startswith("$.."):
            pass
        sys.stdout.write(json.dumps({"doc": DOCS[doc_name], "path": path}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
