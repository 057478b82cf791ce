"""Writes the libFuzzer seed corpora and dictionaries for cpp/fuzz/*_fuzzer.cpp.

The seeds are drawn at run time from the test data the project already has (cpp/tests/data,
examples/, and ../shared's JSONata suite and conformance cases when present), so no copy of
shared data lands in the repository. Dictionaries are drawn from the sources: the intrinsic
function table, the JSONata function registry, the field names of real definitions.

    python tools/fuzz/make_seeds.py build/fuzz      # -> build/fuzz/seeds/<target>/, dicts/
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TARGETS = ("json", "path", "intrinsics", "jsonata", "asl", "execution")
MAX_SEEDS = 4000  # per target; libFuzzer reduces them to the ones that add coverage anyway

# Shapes the test data lacks: the edges of the JSON grammar and of the number range.
EXTRA_JSON = [
    "",
    " ",
    "null",
    "-0",
    "1e400",
    "-1e-400",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1.7976931348623157e308",
    "4.9e-324",
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\u0000"',
    '"\xc3\x28"',
    "[" * 999 + "]" * 999,
    "[" * 1001 + "]" * 1001,
    '{"a":1,"a":2}',
    '{"States":{"A":{},"A":{}}}',
    "[1,]",
    "{,}",
    "NaN",
    "Infinity",
    "// comment\n{}",
    '{"a":"b"}  x',
]
EXTRA_PATHS = ["$", "$$", "$v", "$..*", "$..[*]", "$[?(@..x)]", "$['a']['b']", "$.a[-1:]"]
EXTRA_INTRINSICS = [
    "States.Format('{} and {}', $.s, $.a)",
    "States.StringToJson('{\"a\":[1,2]}')",
    "States.JsonToString($)",
    "States.Array(States.Array(1), $$.Execution.Id, $v.a)",
    "States.ArrayPartition($.a, 2)",
    "States.ArrayRange(1, 9, 2)",
    "States.ArrayGetItem($.a, 3)",
    "States.ArrayContains($.a, 1)",
    "States.ArrayUnique($.a)",
    "States.ArrayLength($.a)",
    "States.Base64Encode($.s)",
    "States.Base64Decode('aGk=')",
    "States.Hash($.s, 'SHA-256')",
    "States.JsonMerge($.store, $.nested, false)",
    "States.MathRandom(1, 10, 3)",
    "States.MathAdd($.zero, -1)",
    "States.StringSplit('a,b', ',')",
    "States.UUID()",
]
EXTRA_JSONATA = [
    "$states.input.store.book[price > 10].title",
    "$partition($list, 2)",
    "$range(1, 10, 2)",
    "$hash('x', 'SHA-256')",
    "$random(3)",
    "$uuid()",
    "$parse('{\"a\":1}')",
    "($f := function($x){$x > 1 ? $f($x - 1) : 1}; $f(50))",
    "$v.a.b ~> $map(function($x){$x * 2})",
    '$formatNumber(1234.5, "#,##0.00")',
    '$toMillis("2024-01-01T00:00:00Z")',
    "a.b{c: d}",
    "**.price",
    "$string($states.context)",
]


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) member of every object, at any depth."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, child in v.items():
                yield k, child
                stack.append(child)
        elif isinstance(v, list):
            stack.extend(v)


def _definitions() -> Iterator[Any]:
    """Definitions as parsed JSON (text ones parsed; unreadable ones skipped)."""
    for case in _jsonl(SHARED / "conformance" / "cases.jsonl"):
        d = case.get("definition")
        if isinstance(d, str):
            try:
                d = json.loads(d)
            except ValueError:
                continue
        if isinstance(d, dict):
            yield d
    for path in sorted((ROOT / "examples").rglob("*.asl.json")):
        yield json.loads(path.read_text(encoding="utf-8"))


def _definition_texts() -> Iterator[str]:
    for case in _jsonl(SHARED / "conformance" / "cases.jsonl"):
        d = case.get("definition")
        if isinstance(d, str):
            yield d
        elif isinstance(d, dict):
            yield json.dumps(d)
    for path in sorted((ROOT / "examples").rglob("*.asl.json")):
        yield path.read_text(encoding="utf-8")


def _json_seeds() -> Iterator[str]:
    yield from EXTRA_JSON
    for name in ("jsonpath_jayway.jsonl", "jsonata_reference_cases.jsonl"):
        for case in _jsonl(ROOT / "cpp" / "tests" / "data" / name):
            yield json.dumps(case.get("doc", case))
    for case in _jsonl(SHARED / "jsonata-suite" / "cases.jsonl"):
        if "input" in case:
            yield json.dumps(case["input"], ensure_ascii=False)
    for case in _jsonl(SHARED / "conformance" / "cases.jsonl"):
        if isinstance(case.get("input_raw"), str):
            yield case["input_raw"]
    yield from _definition_texts()


def _path_seeds() -> Iterator[str]:
    yield from EXTRA_PATHS
    for case in _jsonl(ROOT / "cpp" / "tests" / "data" / "jsonpath_jayway.jsonl"):
        if isinstance(case.get("path"), str):
            yield case["path"]
    for definition in _definitions():
        for key, value in _walk(definition):
            if isinstance(value, str) and value.startswith("$") and not value.startswith("$$."):
                if key.endswith("Path") or key.endswith(".$") or key == "Variable":
                    yield value
            elif isinstance(value, str) and value.startswith("$$."):
                yield value


def _intrinsic_seeds() -> Iterator[str]:
    yield from EXTRA_INTRINSICS
    # The calls the C++ unit tests write as string literals (simple escapes only).
    literal = re.compile(r'"((?:\\.|[^"\\\n])*)"')
    for source in sorted((ROOT / "cpp" / "tests").glob("test_*.cpp")):
        for match in literal.finditer(source.read_text(encoding="utf-8")):
            text = re.sub(r"\\(.)", r"\1", match.group(1))
            if text.lstrip().startswith("States.") and "(" in text:
                yield text
    for definition in _definitions():
        for _key, value in _walk(definition):
            if isinstance(value, str) and value.lstrip().startswith("States."):
                yield value


def _jsonata_seeds() -> Iterator[str]:
    yield from EXTRA_JSONATA
    for case in _jsonl(SHARED / "jsonata-suite" / "cases.jsonl"):
        if isinstance(case.get("expr"), str):
            yield case["expr"]
    for case in _jsonl(ROOT / "cpp" / "tests" / "data" / "jsonata_reference_cases.jsonl"):
        if isinstance(case.get("expr"), str):
            yield case["expr"]
    for definition in _definitions():
        for _key, value in _walk(definition):
            if isinstance(value, str) and value.startswith("{%") and value.endswith("%}"):
                yield value[2:-2].strip()


SEEDS = {
    "json": _json_seeds,
    "path": _path_seeds,
    "intrinsics": _intrinsic_seeds,
    "jsonata": _jsonata_seeds,
    "asl": _definition_texts,
    "execution": _definition_texts,
}


def _dict_lines(tokens: Iterable[str]) -> list[str]:
    """libFuzzer dictionary entries: one quoted token a line, escaped as it reads them."""
    out = []
    for token in sorted(set(tokens)):
        escaped = "".join(
            chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02X}"
            for b in token.encode("utf-8", "surrogatepass")
        )
        out.append(f'"{escaped}"')
    return out


def _dictionaries() -> dict[str, list[str]]:
    table = (ROOT / "cpp" / "intrinsics" / "function_table.cpp").read_text(encoding="utf-8")
    intrinsics = {f"{name}(" for name in re.findall(r'"(States\.[A-Za-z0-9]+)"', table)}
    intrinsics |= {"$.", "$$.", "$v.", "'", "\\'", "\\{", "{}", ", ", ")"}

    registry = (ROOT / "cpp" / "jsonata" / "functions" / "registry.cpp").read_text(encoding="utf-8")
    jsonata = {f"${name}(" for name in re.findall(r'\{"([A-Za-z]+)", fn::', registry)}
    jsonata |= {"$states.input", "$states.context", "function($x){", ":=", "~>", "..", "**", "?:"}
    jsonata |= {"??", "&", "in", "and", "or", "@$i", "#$i", "|", "^(", "{%", "%}", "$$", "[[", "]]"}

    paths = {"$.", "$..", "[*]", "[?(@.", ")]", "['", "']", "=~", "/i", " in ", " nin ", "size"}
    paths |= {"subsetof", "anyof", "noneof", "empty", "&&", "||", "[0:2]", "[-1]", "@", "$$."}

    fields: set[str] = set()
    for definition in _definitions():
        for key, value in _walk(definition):
            fields.add(f'"{key}"')
            if isinstance(value, str) and len(value) < 60:
                fields.add(f'"{value}"')
    json_tokens = {"{", "}", "[", "]", ":", ",", "true", "false", "null", "\\u", "e+", "E-"}
    return {
        "json": _dict_lines(json_tokens),
        "path": _dict_lines(paths),
        "intrinsics": _dict_lines(intrinsics),
        "jsonata": _dict_lines(jsonata),
        "asl": _dict_lines(fields | json_tokens),
        "execution": _dict_lines(fields | json_tokens),
    }


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "fuzz"
    for target in TARGETS:
        folder = out / "seeds" / target
        folder.mkdir(parents=True, exist_ok=True)
        seen: set[str] = set()
        for seed in SEEDS[target]():
            data = seed.encode("utf-8", "surrogatepass")
            name = hashlib.sha1(data).hexdigest()
            if name in seen:
                continue
            seen.add(name)
            (folder / name).write_bytes(data)
            if len(seen) >= MAX_SEEDS:
                break
        print(f"{target}: {len(seen)} seeds")
    dicts = out / "dicts"
    dicts.mkdir(parents=True, exist_ok=True)
    for target, lines in _dictionaries().items():
        (dicts / f"{target}.dict").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
