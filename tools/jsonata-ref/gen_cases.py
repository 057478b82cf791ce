#!/usr/bin/env python3
"""Generated (expression, document) pairs for the differential test against jsonata-js 2.0.6.

    python3 tools/jsonata-ref/gen_cases.py COUNT SEED [--integer-keys] > cases.jsonl

Fixed seed, no dependencies. Each line is {"expr", "input"} (or {"expr"} without input), the
protocol of reference_eval.js and jsonata_eval.cpp.

The generator is typed: it builds number, string, boolean, array, object and function
expressions, mostly well typed (so that results are values worth comparing) and sometimes not
(so that the T*, D* error paths run). Documents are drawn from a small key vocabulary so that
paths select something. Covered:
- paths and predicates, wildcards, descendants, keep-array `[]`, sort `^()`, grouping `{}`,
  parent `%`, positional `#$i` and focus `@$v` bindings, singleton sequences;
- array and object constructors, ranges, every operator (arithmetic with number formatting of
  its results, comparison with mixed types, `&`, `in`, `and`/`or`, conditionals); `??` and `?:`
  do not exist in 2.0.6 (they came with 2.1) and are generated to check both refuse them;
- the function library: string, numeric ($round, $formatNumber, $formatBase, $formatInteger,
  $number/$string of edge numbers), array, object, date/time with fixed inputs, encodings;
- lambdas, partial application, higher-order functions, `~>` chains, regexes, transforms,
  variable binding and blocks; syntax errors.
Not generated: $now/$millis/$random/$shuffle/$uuid (not fixed), $eval (absent from AWS's
dialect), unbounded recursion, regex lookaround and backreferences (refused on purpose, see
cpp/jsonata/README.md).
"""

import json
import random
import sys

KEYS = ["a", "b", "c", "id", "name", "price", "qty", "items", "tags", "x", "y", "Ünï", "sub"]
ODD_KEYS = ["with space", "$k", "é", "a.b", ""]
# Integer-like keys: JavaScript lists them first in every object, sfnsim keeps insertion order (a
# deliberate deviation, docs/semantics/jsonata.md); off unless --integer-keys, since the order
# leaks into $keys, $each, $spread, $string and grouping where the test cannot undo it.
INTEGER_KEYS = ["1", "10", "0"]
STRINGS = [
    "",
    "a",
    "abc",
    "ABC",
    "Hello World",
    "red",
    "Red",
    " pad ",
    "1",
    "1.5",
    "-0",
    "true",
    "null",
    "café",
    "日本語",
    "😀x",
    "a,b,,c",
    "x y z",
    "1e3",
    "0x1F",
    "  12  ",
    'a"b',
    "tab\there",
    "line\nbreak",
    "100%",
    "a+b=c",
    "ß",
    "ΣΑΣ",
]
NUMBERS = [
    "0",
    "1",
    "2",
    "3",
    "-1",
    "7",
    "10",
    "42",
    "-42",
    "100",
    "0.1",
    "0.2",
    "0.5",
    "1.5",
    "2.5",
    "-2.5",
    "3.14159",
    "1.005",
    "12345.6789",
    "1e21",
    "1e20",
    "1e-7",
    "1e-6",
    "1.5e-7",
    "123456789012345680000",
    "9007199254740993",
    "1.7976931348623157e308",
    "5e-324",
    "1e300",
    "0.000001",
    "99.995",
    "-0.5",
    "255",
    "65535",
    "2147483648",
]
DOC_NUMBERS = [
    0,
    1,
    2,
    3,
    -1,
    5,
    10,
    42,
    100,
    0.1,
    0.2,
    1.5,
    2.5,
    -2.5,
    3.75,
    1e21,
    1e-7,
    12345.678,
    9007199254740993,
    -0.0,
    0.30000000000000004,
    7,
    8,
    9,
]
REGEXES = [
    "/a/",
    "/[a-c]+/",
    "/^a/",
    "/b$/",
    "/\\d+/",
    "/\\s+/",
    "/(a)(b)?/",
    "/[A-Z]/",
    "/o/i",
    "/l+/",
    "/x*/",
    "/./",
    "/\\w+/",
    "/,/",
    "/(\\w)(\\d)/",
    "/e|o/",
    "/[^a-z]/",
    "/a{2,}/",
    "/\\bW/",
    "/é/",
    "/^$/",
    "/.*/m",
]
DATES = [
    '"2018-02-01T09:42:13.123Z"',
    '"2024-12-31T23:59:59Z"',
    '"1970-01-01T00:00:00.000Z"',
    '"2020-02-29T12:00:00+02:00"',
    '"2017-11-07"',
    '"1999-12-31T23:59:59.999-05:00"',
]
DATE_PICTURES = [
    '"[Y0001]-[M01]-[D01]"',
    '"[H01]:[m01]:[s01]"',
    '"[D1o] [MNn] [Y]"',
    '"[FNn], [D] [MNn,*-3] [Y]"',
    '"[Y,2]/[M]/[D] [h]:[m01] [P]"',
    '"[Y0001]-[d001]"',
    '"[W01]"',
    '"[H]h[m]m [Z]"',
    '"[z]"',
    '"[f001]"',
    '"[Y]-[M01]-[D01]T[H01]:[m01]:[s01][Z01:01t]"',
    '"[MI]/[DW]"',
    '"[YI]"',
    '"[Dwo]"',
    '"[X0001]-W[W01]-[F1]"',
]
NUMBER_PICTURES = [
    '"#,##0.00"',
    '"0.000"',
    '"#"',
    '"0"',
    '"00.0e0"',
    '"#,###"',
    '"0%"',
    '"#0.##‰"',
    '"000,000"',
    '"#.###"',
    '"0.0#"',
    '"9,999.99"',
    '"#;-#"',
    '"###0.0#;(###0.0#)"',
    '".00"',
    '"#,##,###"',
    '"0.0e00"',
]
INTEGER_PICTURES = [
    '"w"',
    '"W"',
    '"Ww"',
    '"i"',
    '"I"',
    '"a"',
    '"A"',
    '"0001"',
    '"#,##0"',
    '"1;o"',
    '"w;o"',
    '"#0"',
    '"0"',
]
NUMBER_TEXTS = [
    '"1"',
    '"1.5"',
    '"-0"',
    '"true"',
    '"1e3"',
    '"0x1F"',
    '"  12  "',
    '"abc"',
    "true",
    "false",
    "null",
    '"0b101"',
    '"0o17"',
    '"0xff"',
    '"1e400"',
    '""',
    '"-1.5e-7"',
]
TIMEZONES = ['"+0100"', '"-0530"', '"0000"', '"+14:00"']
SIFT_CONDS = ['$k != "a"', '$type($v) = "number"', "$v", '$contains($k, "i")']
ARRAY_PREDS = ["0", "-1", "1", "[0, 2]", "$ > 1", '$ != "a"', "true"]
SINGLE_CONDS = ["$v > 1", '$v = "a"', "true"]
ARRAY_STEPS = ["[0]", "[-1]", "[[0..1]]", "[$ > 1]", ".$", ".[$]", '.{"v": $}']


class Gen:
    def __init__(self, rng, integer_keys=False):
        self.r = rng
        self.odd_keys = ODD_KEYS + (INTEGER_KEYS if integer_keys else [])
        self.int_obj = "{'1': 'one', 'b': 2, '0': 'zero'}" if integer_keys else "{'one': 1, 'b': 2}"
        self.vars = []  # variables in scope: (name, type)

    def jstr(self, s):
        """A JSONata string literal (JSON escapes are JSONata escapes), non-ASCII escaped or not."""
        return json.dumps(s, ensure_ascii=self.r.random() < 0.3)

    def p(self, prob):
        return self.r.random() < prob

    def pick(self, seq):
        return self.r.choice(seq)

    # ---- documents -------------------------------------------------------------------
    def doc(self, depth=0):
        r = self.r.random()
        if depth >= 3 or r < 0.25:
            return self.scalar()
        if r < 0.45:
            return [self.doc(depth + 1) for _ in range(self.r.randint(0, 4))]
        keys = KEYS + (self.odd_keys if self.p(0.2) else [])
        obj = {}
        for _ in range(self.r.randint(0, 5)):
            obj[self.pick(keys)] = self.doc(depth + 1)
        return obj

    def scalar(self):
        r = self.r.random()
        if r < 0.4:
            return self.pick(DOC_NUMBERS)
        if r < 0.75:
            return self.pick(STRINGS)
        if r < 0.85:
            return self.p(0.5)
        return None

    def root_doc(self):
        """A document shaped like the usual JSONata examples: objects with arrays of objects."""
        if self.p(0.3):
            return self.doc()
        items = []
        for _ in range(self.r.randint(0, 5)):
            it = {}
            for k in self.r.sample(
                ["name", "price", "qty", "tags", "id", "sub", "x"], self.r.randint(1, 5)
            ):
                if k == "name":
                    it[k] = self.pick(STRINGS[:12])
                elif k in ("price", "qty", "id", "x"):
                    it[k] = self.pick(DOC_NUMBERS) if self.p(0.9) else self.scalar()
                elif k == "tags":
                    it[k] = [self.pick(STRINGS[:8]) for _ in range(self.r.randint(0, 3))]
                else:
                    it[k] = self.doc(2)
            items.append(it)
        d = {
            "items": items if self.p(0.9) else (items[0] if items else {}),
            "a": self.doc(1),
            "name": self.pick(STRINGS),
            "price": self.pick(DOC_NUMBERS),
        }
        if self.p(0.5):
            d["b"] = {"c": self.doc(1), "items": [{"x": self.pick(DOC_NUMBERS)}]}
        return d

    # ---- expressions by type ---------------------------------------------------------
    def var(self, typ):
        names = [n for n, t in self.vars if t == typ]
        return "$" + self.pick(names) if names else None

    def num(self, d):
        if d <= 0 or self.p(0.25):
            v = self.var("n")
            if v and self.p(0.5):
                return v
            return (
                self.pick(NUMBERS)
                if self.p(0.8)
                else self.pick(["price", "items[0].price", "qty", "x", "$count(items)", "$"])
            )
        k = self.r.randint(0, 16)
        if k <= 3:
            return f"({self.num(d - 1)} {self.pick(['+', '-', '*', '/', '%'])} {self.num(d - 1)})"
        if k == 4:
            return f"-{self.num(d - 1)}"
        if k == 5:
            f = self.pick(["$abs", "$floor", "$ceil", "$sqrt", "$number", "$round"])
            return f"{f}({self.num(d - 1)})"
        if k == 6:
            return f"$round({self.num(d - 1)}, {self.pick(['0', '1', '2', '-1', '3', '-2'])})"
        if k == 7:
            return f"$power({self.num(d - 1)}, {self.pick(['2', '0.5', '-1', '3', '10', '0'])})"
        if k == 8:
            return f"{self.pick(['$sum', '$max', '$min', '$average', '$count'])}({self.arr(d - 1, 'n')})"  # noqa: E501 (one production a line)
        if k == 9:
            return f"$length({self.str(d - 1)})"
        if k == 10:
            return f"$number({self.pick(NUMBER_TEXTS)})"
        if k == 11:
            return f"$toMillis({self.pick(DATES)})"
        if k == 12:
            return f"$reduce({self.arr(d - 1, 'n')}, function($acc, $v) {{ $acc {self.pick(['+', '*', '-'])} $v }}{', ' + self.num(0) if self.p(0.3) else ''})"  # noqa: E501 (one production a line)
        if k == 13:
            return f"{self.path(d - 1)}.{self.pick(['price', 'qty', 'x', 'id'])}"
        if k == 14:
            return self.cond(d, self.num)
        if k == 15:
            return self.bind(d, self.num)
        return f"$count({self.any(d - 1)})"

    def str(self, d):
        if d <= 0 or self.p(0.2):
            v = self.var("s")
            if v and self.p(0.5):
                return v
            return (
                self.jstr(self.pick(STRINGS))
                if self.p(0.8)
                else self.pick(["name", "items[0].name", "a", "$string($)"])
            )
        k = self.r.randint(0, 24)
        if k <= 1:
            return f"{self.str(d - 1)} & {self.pick([self.str, self.num, self.any])(d - 1)}"
        if k == 2:
            return f"$string({self.any(d - 1)}{', true' if self.p(0.2) else ''})"
        if k == 3:
            args = [self.str(d - 1), self.num(0)] + ([self.num(0)] if self.p(0.5) else [])
            return f"$substring({', '.join(args)})"
        if k == 4:
            return f"{self.pick(['$substringBefore', '$substringAfter'])}({self.str(d - 1)}, {self.jstr(self.pick(['a', 'b', ' ', 'o', '', 'é']))})"  # noqa: E501 (one production a line)
        if k == 5:
            return f"{self.pick(['$uppercase', '$lowercase', '$trim'])}({self.str(d - 1)})"
        if k == 6:
            return f"$pad({self.str(d - 1)}, {self.pick(['5', '-5', '0', '3', '-8'])}{', ' + self.jstr(self.pick(['*', '-+', '😀', ''])) if self.p(0.5) else ''})"  # noqa: E501 (one production a line)
        if k == 7:
            return f"$join({self.arr(d - 1, 's')}{', ' + self.jstr(self.pick([',', '', ' - '])) if self.p(0.6) else ''})"  # noqa: E501 (one production a line)
        if k == 8:
            pat = (
                self.pick(REGEXES)
                if self.p(0.6)
                else self.jstr(self.pick(["a", "o", "l", " ", ""]))
            )
            rep = self.pick(
                [
                    '"X"',
                    '"$1"',
                    '"$0$0"',
                    '"$$"',
                    '"[$1]"',
                    '""',
                    '"$9"',
                    "function($m) { $uppercase($m.match) }",
                ]
            )
            lim = f", {self.pick(['0', '1', '2', '-1'])}" if self.p(0.3) else ""
            return f"$replace({self.str(d - 1)}, {pat}, {rep}{lim})"
        if k == 9:
            return f"$formatNumber({self.num(d - 1)}, {self.pick(NUMBER_PICTURES)})"
        if k == 10:
            return f"$formatBase({self.num(d - 1)}{', ' + self.pick(['2', '8', '16', '36', '1', '37']) if self.p(0.8) else ''})"  # noqa: E501 (one production a line)
        if k == 11:
            return f"$formatInteger({self.num(d - 1)}, {self.pick(INTEGER_PICTURES)})"
        if k == 12:
            ms = self.pick(
                [
                    "0",
                    "1518000000000",
                    "1700000000123",
                    "-86400000",
                    "951782400000",
                    "$toMillis(" + self.pick(DATES) + ")",
                ]
            )
            pic = f", {self.pick(DATE_PICTURES)}" if self.p(0.7) else ""
            tz = f", {self.pick(TIMEZONES)}" if pic and self.p(0.4) else ""
            return f"$fromMillis({ms}{pic}{tz})"
        if k == 13:
            return f"{self.pick(['$base64encode', '$base64decode', '$encodeUrl', '$encodeUrlComponent', '$decodeUrl', '$decodeUrlComponent'])}({self.str(d - 1)})"  # noqa: E501 (one production a line)
        if k == 14:
            return f"$type({self.any(d - 1)})"
        if k == 15:
            return f"{self.str(d - 1)} ~> {self.pick(['$uppercase', '$trim', '$lowercase', '$substring(?, 1)', '$pad(?, 6)', '$length ~> $string'])}"  # noqa: E501 (one production a line)
        if k == 16:
            return self.cond(d, self.str)
        if k == 17:
            return self.bind(d, self.str)
        if k == 18:
            return f"$string({self.pick(NUMBERS)})"
        if k == 19:
            return f"$formatNumber({self.pick(NUMBERS)}, {self.pick(NUMBER_PICTURES)})"
        if k == 20:
            return f"$fromMillis({self.num(d - 1)})"
        if k == 21:
            return f"$lookup({self.obj(d - 1)}, {self.jstr(self.pick(KEYS))})"
        if k == 22:
            return f"$string({self.num(d - 1)})"
        if k == 23:
            return f"{self.path(d - 1)}.name"
        return f"$join({self.path(d - 1)}.tags, ',')"

    def bool(self, d):
        if d <= 0 or self.p(0.15):
            return self.pick(["true", "false", "$exists(a)", "$boolean(name)"])
        k = self.r.randint(0, 11)
        if k <= 2:
            t = self.pick([self.num, self.str, self.num, self.any])
            u = t if self.p(0.85) else self.pick([self.num, self.str, self.bool])
            return f"{t(d - 1)} {self.pick(['=', '!=', '<', '<=', '>', '>='])} {u(d - 1)}"
        if k == 3:
            return f"{self.bool(d - 1)} {self.pick(['and', 'or'])} {self.bool(d - 1)}"
        if k == 4:
            return f"$not({self.any(d - 1)})"
        if k == 5:
            return f"$boolean({self.any(d - 1)})"
        if k == 6:
            return f"$exists({self.any(d - 1)})"
        if k == 7:
            pat = self.pick(REGEXES) if self.p(0.5) else self.jstr(self.pick(["a", "b", "", "é"]))
            return f"$contains({self.str(d - 1)}, {pat})"
        if k == 8:
            return f"{self.pick([self.num, self.str])(d - 1)} in {self.arr(d - 1)}"
        if k == 9:
            return (
                f"$isArray({self.any(d - 1)})" if False else f"$type({self.any(d - 1)}) = 'array'"
            )
        if k == 10:
            return f"{self.any(d - 1)} {self.pick(['and', 'or'])} {self.any(d - 1)}"
        return self.cond(d, self.bool)

    def arr(self, d, elem=None):
        if d <= 0 or self.p(0.15):
            choices = {
                "n": ["[1, 2, 3]", "[0.1, 0.2, 1e21]", "[]", "[5]", "items.price", "[-1, 2.5, 10]"],
                "s": [
                    '["a", "b", "c"]',
                    '["x"]',
                    "[]",
                    "items.name",
                    "tags",
                    '["b", "a", "B", "é", "e"]',
                ],
            }.get(elem, ["[1, 'a', true, null]", "[]", "items", "items.tags", "[[1, 2], [3]]", "$"])
            return self.pick(choices)
        gen = {"n": self.num, "s": self.str}.get(elem) or self.any
        k = self.r.randint(0, 14)
        if k <= 2:
            items = [gen(d - 1) for _ in range(self.r.randint(0, 4))]
            if self.p(0.15):
                items.append("[" + ", ".join(gen(d - 1) for _ in range(self.r.randint(0, 2))) + "]")
            return "[" + ", ".join(items) + "]"
        if k == 3:
            lo = self.pick(["0", "1", "-2", "3", "1.5", "'a'", "5", "$count(items)"])
            hi = self.pick(["0", "3", "5", "2", "-1", "4", "10", "2.5", "$count(items)"])
            return f"[{lo}..{hi}]"
        if k == 4:
            return f"{self.pick(['$append', '$zip'])}({self.arr(d - 1, elem)}, {self.arr(d - 1, elem)})"  # noqa: E501 (one production a line)
        if k == 5:
            return f"{self.pick(['$reverse', '$distinct', '$sort'])}({self.arr(d - 1, elem)})"
        if k == 6:
            return f"$sort({self.arr(d - 1, elem)}, function($l, $r) {{ $l {self.pick(['>', '<'])} $r }})"  # noqa: E501 (one production a line)
        if k == 7:
            body = {"n": "$v * 2", "s": "$uppercase($v)"}.get(
                elem, self.pick(["$v", "$i", "[$v]", "{'v': $v}", "$a"])
            )
            return f"$map({self.arr(d - 1, elem)}, function($v, $i, $a) {{ {body} }})"
        if k == 8:
            cond = self.pick(["$i > 0", "$i < 2", "$v = $a[0]", "$exists($v)", "$count($a) > 1"])
            return f"$filter({self.arr(d - 1, elem)}, function($v, $i, $a) {{ {cond} }})"
        if k == 9:
            if elem == "s":
                pat = (
                    self.pick(REGEXES) if self.p(0.5) else self.jstr(self.pick([",", " ", "", "a"]))
                )
                lim = f", {self.pick(['0', '1', '2', '-1'])}" if self.p(0.3) else ""
                return f"$split({self.str(d - 1)}, {pat}{lim})"
            return (
                f"$keys({self.obj(d - 1)})"
                if elem is None
                else f"$map([1..3], function($v) {{ $v * {self.num(0)} }})"
            )
        if k == 10:
            return (
                f"{self.path(d - 1)}{'.price' if elem == 'n' else '.name' if elem == 's' else ''}"
            )
        if k == 11:
            if elem is None:
                return f"$match({self.str(d - 1)}, {self.pick(REGEXES)}{', ' + self.pick(['1', '2', '0']) if self.p(0.3) else ''})"  # noqa: E501 (one production a line)
            return f"{self.arr(d - 1, elem)}[{self.pick(ARRAY_PREDS)}]"
        if k == 12:
            return f"{self.arr(d - 1, elem)}[]"
        if k == 13:
            return self.cond(d, lambda dd: self.arr(dd, elem))
        return f"$each({self.obj(d - 1)}, function($v, $k) {{ {'$k' if elem == 's' else '$v' if elem is None else '$count($k)'} }})"  # noqa: E501 (one production a line)

    def obj(self, d):
        if d <= 0 or self.p(0.15):
            return self.pick(
                [
                    "{}",
                    "{'a': 1, 'b': [2]}",
                    "$",
                    "a",
                    "items[0]",
                    "{'x': null}",
                    self.int_obj,
                ]
            )
        k = self.r.randint(0, 10)
        if k <= 2:
            pairs = [
                f"{self.jstr(self.pick(KEYS + self.odd_keys))}: {self.any(d - 1)}"
                for _ in range(self.r.randint(0, 3))
            ]
            return "{" + ", ".join(pairs) + "}"
        if k == 3:
            return f"$merge([{self.obj(d - 1)}, {self.obj(d - 1)}])"
        if k == 4:
            return f"$sift({self.obj(d - 1)}, function($v, $k) {{ {self.pick(SIFT_CONDS)} }})"
        if k == 5:
            key = self.pick(["name", "$string(price)", "$type($)", "'k'", "$string(x)", "tags"])
            val = self.pick(["price", "$sum(price)", "$count($)", "name", "[name]", "$"])
            return f"{self.path(d - 1)}{{{key}: {val}}}"
        if k == 6:
            upd = "{" + f"{self.jstr(self.pick(KEYS))}: {self.any(d - 2)}" + "}"
            dele = f", [{self.jstr(self.pick(KEYS))}]" if self.p(0.4) else ""
            loc = self.pick(["$", "items", "b", "a", "**"])
            return f"{self.obj(d - 1)} ~> |{loc}|{upd}{dele}|"
        if k == 7:
            return f"$spread({self.obj(d - 1)})[{self.pick(['0', '-1'])}]"
        if k == 8:
            return self.cond(d, self.obj)
        if k == 9:
            return f"{self.path(d - 1)}{{'n': $count($), 'first': $[0]}}"
        return self.bind(d, self.obj)

    def fn(self, d):
        return self.pick(
            [
                "function($x) { $x }",
                "$uppercase",
                "$string",
                "λ($x){$x*2}",
                "$substring(?, 0, 2)",
                "function($x, $y) { $x & $y }",
                "$sum",
                "function($x)<n:n>{$x+1}",
                "$append(?, [9])",
            ]
        )

    def path(self, d):
        """A path over the input, with the step forms of jsonata-js."""
        first = self.pick(
            [
                "items",
                "items",
                "items",
                "$",
                "a",
                "b",
                "*",
                "**",
                "$$.items",
                "b.items",
                "$.items",
                "items[0]",
                "b.c",
            ]
        )
        steps = [first]
        for _ in range(self.r.randint(0, 2)):
            last = steps[-1]
            if self.p(0.2):
                nxt = self.pick(
                    KEYS
                    + [
                        "*",
                        "`with space`",
                        "$string()",
                        "(price * 2)",
                        "[price, qty]",
                        "{'k': name}",
                        "$type($)",
                    ]
                )
            elif last.endswith("items") or last in ("*", "$", "**"):
                nxt = self.pick(["name", "price", "qty", "tags", "id", "sub", "x", "items"])
            elif last in ("sub", "a", "b.c", "c"):
                nxt = self.pick(KEYS + ["*"])
            else:
                break
            steps.append(nxt)
        out = ".".join(steps)
        if self.p(0.5):
            pred = self.pick(
                [
                    "0",
                    "-1",
                    "1",
                    "price > 1",
                    "name = 'a'",
                    "$exists(tags)",
                    "tags = 'red'",
                    "[0, 1]",
                    "qty",
                    "price",
                    "$count(tags) > 1",
                    f"{self.bool(max(d - 1, 0))}",
                    "x = %.price",
                    "'x' in tags",
                ]
            )
            out += f"[{pred}]"
        if self.p(0.15):
            out += "[]"
        if self.p(0.15):
            out += self.pick(["^(price)", "^(>price, name)", "^(<qty)", "^($)"])
        if self.p(0.12):
            out = self.pick(
                [
                    f"{out}#$i[$i < 2]",
                    "items@$it.tags#$j.{'n': $it.name, 'j': $j}",
                    "items#$i.{'i': $i, 'p': price}",
                    "items.tags.%.name",
                    "items@$o.(sub)@$s.{'o': $o.name}",
                    "items.tags.%.%.name",
                    f"{out}.%",
                    "items@$i[$i.price > 1].name",
                ]
            )
        return out

    def any(self, d):
        k = self.r.randint(0, 9)
        if k <= 2:
            return self.path(d)
        return [self.num, self.str, self.bool, self.arr, self.obj, self.num, self.str][k - 3](d)

    def cond(self, d, gen):
        if self.p(0.2):
            return f"({self.bool(d - 1)} ? {gen(d - 1)})"
        return f"({self.bool(d - 1)} ? {gen(d - 1)} : {gen(d - 1)})"

    def bind(self, d, gen):
        typ = self.pick(["n", "s"])
        name = self.pick(["x", "y", "t", "acc"])
        val = self.num(d - 1) if typ == "n" else self.str(d - 1)
        self.vars.append((name, typ))
        try:
            body = gen(d - 1)
        finally:
            self.vars.pop()
        return f"(${name} := {val}; {body})"

    # ---- whole cases -----------------------------------------------------------------
    def special(self):
        """Forms the typed grammar does not reach: syntax errors, 2.1 operators, lambdas."""
        k = self.r.randint(0, 11)
        if k == 0:
            return f"{self.any(1)} {self.pick(['??', '?:'])} {self.any(1)}"
        if k == 1:
            # syntax errors: truncations and stray tokens of a valid expression
            e = self.any(2)
            cut = self.r.randint(0, len(e))
            return self.pick(
                [e[:cut], e[:cut] + self.pick([")", "]", "}", ",", ":=", "..", "|", "'"]) + e[cut:]]
            )
        if k == 2:
            return f"{self.fn(1)}({self.any(1)})"
        if k == 3:
            return (
                f"$f := {self.fn(1)}; $f({self.any(1)}) ~> {self.fn(1)}"
                if False
                else f"($f := {self.fn(1)}; {self.any(1)} ~> $f)"
            )
        if k == 4:
            return self.fn(1)
        if k == 5:
            return f"{self.pick(['$keys', '$spread', '$count', '$exists', '$type', '$string', '$distinct', '$reverse', '$sort', '$sum', '$length', '$number', '$boolean', '$not', '$uppercase', '$abs', '$join', '$split', '$lookup', '$merge', '$each', '$sift', '$single', '$zip', '$append', '$max'])}({', '.join(self.any(1) for _ in range(self.r.randint(0, 3)))})"  # noqa: E501 (one production a line)
        if k == 6:
            return f"$single({self.arr(2)}{', function($v) { ' + self.pick(SINGLE_CONDS) + ' }' if self.p(0.6) else ''})"  # noqa: E501 (one production a line)
        if k == 7:
            return f"($fact := function($n) {{ $n <= 1 ? 1 : $n * $fact($n - 1) }}; $fact({self.pick(['0', '1', '5', '10', '20', '25'])}))"  # noqa: E501 (one production a line)
        if k == 8:
            return f"{self.arr(2)}{self.pick(ARRAY_STEPS)}"
        if k == 9:
            return self.pick(
                [
                    '"\\u00e9\\uD83D\\uDE00"',
                    '"\\uD800"',
                    "'\\q'",
                    '"\\/"',
                    "/* c */ 1",
                    "`a`",
                    "1 /* x",
                    "0x10",
                    "1.e2",
                    ".5",
                    "1e",
                    "$$",
                    "%",
                    "#",
                    "@",
                    "a.b.c.d",
                    "[1,2][",
                    "{",
                    "(1; 2; 3)",
                    "()",
                    "$lookup()",
                    "[1..3][-1]",
                    "$string(-0)",
                    "$reduce([1..171], function($a, $v) { $a * $v })",
                    "[1..170] ~> $reduce(function($a, $v) { $a * $v })",
                    "-0",
                    "0 * -1",
                    "$formatNumber(-0, '0.0')",
                    "1e308 * 10",
                    "$sqrt(-1)",
                    "$power(2, 1024)",
                    "1/0",
                    "$number('Infinity')",
                    "$string(1/3)",
                    "[1,2,3] = [1,2,3]",
                    "{} = {}",
                    "'a' < 1",
                    "null < 1",
                    "null = null",
                    "[] = []",
                    "$x",
                    "$x.y",
                    "$f()",
                    "undefined",
                ]
            )
        if k == 10:
            return f"$formatInteger({self.pick(['0', '1', '-7', '12', '1999', '2024', '1e15', '123456789', '3.7'])}, {self.pick(INTEGER_PICTURES)})"  # noqa: E501 (one production a line)
        return f"$formatNumber({self.pick(NUMBERS + ['-1234.5', '0.0005', '1234567.891'])}, {self.pick(NUMBER_PICTURES)})"  # noqa: E501 (one production a line)

    def case(self):
        self.vars = []
        depth = self.r.randint(1, 4)
        r = self.r.random()
        if r < 0.12:
            expr = self.special()
        else:
            expr = self.any(depth)
        c = {"expr": expr}
        if not self.p(0.05):
            c["input"] = self.root_doc()
        return c


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 1000
    seed = int(args[1]) if len(args) > 1 else 1
    gen = Gen(random.Random(seed), integer_keys="--integer-keys" in argv)
    out = sys.stdout
    for _ in range(count):
        out.write(json.dumps(gen.case(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv)
