"""Random intrinsic-function calls with edge-value arguments, for the Java model (run.sh).

    python3 tools/intrinsics-oracle/gen_cases.py COUNT SEED [--wide-integers] [--big] > cases.jsonl

Each line is {"id": n, "fn": "MathAdd", "args": [...]}: a States.* function and its already
evaluated arguments. The arguments are written as JSON text by hand so number forms survive as
written ("-0", "1e7", "1.0E7", "10000000"): sfnsim and Jackson both read that text. The same COUNT
and SEED give the same lines (Python's random.Random is stable across versions for these calls).
"""

import json
import random
import sys


class Raw:
    """JSON text written as it is (a number form that json.dumps would normalise)."""

    def __init__(self, text):
        self.text = text


def to_json(v):
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, list):
        return "[" + ",".join(to_json(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + to_json(x) for k, x in v.items()) + "}"
    if isinstance(v, float):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


INT_EDGES = [
    "0",
    "1",
    "-1",
    "2",
    "3",
    "5",
    "7",
    "10",
    "-3",
    "42",
    "100",
    "999",
    "1000",
    "1001",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "-0",
]
# Beyond 64 bits: sfnsim's JSON layer holds them as doubles, Jackson as BigInteger (a known
# difference of the JSON layer, docs/semantics/jsonpath.md); only --wide-integers emits them.
WIDE_INTS = ["18446744073709551616", "123456789012345678901234567890", "-99999999999999999999"]
FLOAT_EDGES = [
    "0.0",
    "-0.0",
    "1.0",
    "-1.0",
    "0.5",
    "-0.5",
    "1.5",
    "-1.5",
    "2.5",
    "-2.5",
    "1.49",
    "-1.51",
    "0.1",
    "0.2",
    "0.3",
    "1e7",
    "1E7",
    "1.0E7",
    "1e-4",
    "1E-4",
    "0.0001",
    "1e-3",
    "0.001",
    "9999999.0",
    "10000000.0",
    "123456.789",
    "1e21",
    "1e22",
    "1.5e300",
    "1.7976931348623157e308",
    "4.9e-324",
    "2.2250738585072014E-308",
    "0.49999999999999994",
    "-0.49999999999999994",
    "2147483647.4",
    "2147483647.5",
    "-2147483648.5",
    "-2147483648.4",
    "2147483646.5",
    "9.2e18",
    "9.3e18",
    "-9.3e18",
    "4503599627370497.0",
    "1e16",
    "12345678.9",
    "100.5",
    "3.0",
    "1e2",
    "2E0",
    "1.25e1",
    "-7.0",
    "999.5",
    "1000.4",
]
UNICODE = ["é", "ß", "日本", "😀", "\U0001f600x", "\u0301", "€", "\u2028", "\ufeff", "Ω"]
DELIMS = [
    ",",
    ".",
    "+",
    "=",
    " ",
    "\n",
    "\t",
    "-",
    "|",
    ";",
    ":",
    "{",
    "}",
    "'",
    '"',
    "\\",
    "😀",
    "é",
]
KEYS = [
    "a",
    "b",
    "c",
    "Values",
    "Iterations",
    "key0",
    "key1",
    "x",
    "é",
    "😀",
    "",
    "A",
    "Aa",
    "BB",
    "constant_in_literal",
    "constant_input_field",
    "k10",
    "k11",
    "z",
    "null",
    "1",
]
HASH_NAMES = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"]
OTHER_HASH_NAMES = ["sha-256", "SHA256", "SHA-224", "MD2", "SHA3-256", "", "md5", "SHA-512/256"]
FUNCTIONS = [
    "Format",
    "StringToJson",
    "JsonToString",
    "Array",
    "ArrayPartition",
    "ArrayContains",
    "ArrayRange",
    "ArrayGetItem",
    "ArrayLength",
    "ArrayUnique",
    "Base64Encode",
    "Base64Decode",
    "Hash",
    "JsonMerge",
    "MathRandom",
    "MathAdd",
    "StringSplit",
    "UUID",
]


class Gen:
    def __init__(self, seed, wide, big):
        self.r = random.Random(seed)
        self.wide = wide
        self.big = (
            big  # arrays around ArrayPartition's 256 KiB limit (too large for the golden file)
        )

    def choice(self, xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    # numbers ---------------------------------------------------------------------------------

    def integer(self):
        k = self.r.random()
        if k < 0.4:
            return Raw(self.choice(INT_EDGES))
        if k < 0.45 and self.wide:
            return Raw(self.choice(WIDE_INTS))
        if k < 0.8:
            return Raw(str(self.r.randint(-20, 20)))
        return Raw(str(self.r.randint(-(2**40), 2**40)))

    def decimal(self):
        k = self.r.random()
        if k < 0.5:
            return Raw(self.choice(FLOAT_EDGES))
        if k < 0.7:
            return Raw(str(self.r.randint(-50, 50)) + "." + str(self.r.randint(0, 99)))
        if k < 0.85:
            return Raw(repr(self.r.uniform(-1e6, 1e6)))
        mantissa = self.r.choice(["1", "9.99", "1.5", "-2.5", "7"])
        return Raw(mantissa + self.choice(["e", "E"]) + str(self.r.randint(-30, 30)))

    def number(self):
        return self.integer() if self.chance(0.5) else self.decimal()

    def small_number(self, low, high):
        """A number near [low, high], integral or not."""
        k = self.r.random()
        if k < 0.6:
            return Raw(str(self.r.randint(low, high)))
        if k < 0.8:
            return Raw(
                str(self.r.randint(low, high)) + self.choice([".0", ".5", ".49", ".51", ".4"])
            )
        return self.number()

    # strings ---------------------------------------------------------------------------------

    def char(self):
        k = self.r.random()
        if k < 0.55:
            return self.choice("abcxyzABC0123456789")
        if k < 0.7:
            return self.choice(DELIMS)
        if k < 0.85:
            return self.choice(UNICODE)
        if k < 0.95:
            return self.choice(["{}", "{", "}", "\\{", "'", '"', "\\"])
        return chr(self.r.choice([0, 1, 8, 9, 10, 12, 13, 27, 31, 127, 0x85, 0xA0]))

    def string(self):
        k = self.r.random()
        if k < 0.1:
            return self.choice(["", " ", "a", "null", "{}", "[]", "true", "1", "-0", "1e7"])
        return "".join(self.char() for _ in range(self.r.randint(0, 12)))

    def json_text(self):
        """Text for StringToJson: a JSON document (with spacing, sometimes trailing text) or not."""
        k = self.r.random()
        if k < 0.35:
            return self.choice(
                [
                    "",
                    " ",
                    "\n\t ",
                    "null",
                    "-0",
                    "-0.0",
                    "0",
                    "1",
                    "1.0",
                    "1.1",
                    "1e7",
                    "1E7",
                    "1.0E7",
                    "10000000",
                    "1e-4",
                    "0.1",
                    "1e400",
                    "-1e400",
                    "01",
                    "-",
                    "1.",
                    ".5",
                    "+1",
                    "NaN",
                    "Infinity",
                    "true",
                    "false",
                    "tru",
                    "truex",
                    "nullx",
                    "1x",
                    "1 x",
                    "[1] x",
                    "[1]x",
                    '{"a":1}{"b":2}',
                    '{"a":1} trailing',
                    "[1,2",
                    "[1,]",
                    "[,1]",
                    '{"a":1,}',
                    '{"a":1,"a":2}',
                    '{"a":{"b":[]},"a":3}',
                    '"s"',
                    "'s'",
                    '"\\u00e9"',
                    '"\\ud83d\\ude00"',
                    '"a\\tb"',
                    '"\\x"',
                    "[]",
                    "{}",
                    "[[[[]]]]",
                    "/* c */1",
                    "1 // c",
                    "9223372036854775807",
                    "9223372036854775808",
                    "18446744073709551615",
                    "-9223372036854775809",
                    "1e-400",
                    "2.5e-324",
                    "123456789012345678",
                    "0.30000000000000004",
                    '{"":1}',
                    '{"a" 1}',
                    "{a:1}",
                    "[1 2]",
                    "\ufeff1",
                    "\u00a01",
                    '"unterminated',
                    "\x001",
                    '["\x01"]',
                    "1.7976931348623157e309",
                ]
            )
        text = to_json(self.value(3))
        if self.chance(0.25):
            text = self.mutate(text)
        if self.chance(0.3):
            text = self.choice([" ", "\n", "\t", "\r\n"]) + text + self.choice(["", " ", "\n"])
        if self.chance(0.2):
            text = text + self.choice([" x", "x", "]", "}", ",1", " 1", "  ", "null"])
        return text

    def mutate(self, text):
        """One random edit of JSON text: parsers differ on the near misses."""
        at = self.r.randint(0, len(text))
        piece = self.choice(
            [
                "x",
                "-",
                "+",
                ".",
                "e",
                "E",
                "0",
                "01",
                ",",
                "]",
                "}",
                "[",
                "{",
                '"',
                "\\",
                "\\u12",
                "\\x",
                "\\/",
                " ",
                "\t",
                "\u00a0",
                "\ufeff",
                "\u0001",
                ":",
                "true",
                "nul",
                "NaN",
                "1e999",
                "'",
            ]
        )
        k = self.r.random()
        if k < 0.4:
            return text[:at] + piece + text[at:]
        if k < 0.7:
            return text[:at] + piece + text[at + 1 :]
        return text[:at] + text[at + 1 :]

    def base64_text(self):
        import base64

        k = self.r.random()
        raw = bytes(self.r.randint(0, 255) for _ in range(self.r.randint(0, 20)))
        if k < 0.3:
            raw = self.string().encode("utf-8")
        text = base64.b64encode(raw).decode()
        m = self.r.random()
        if m < 0.1:
            text = text.rstrip("=")
        elif m < 0.2 and len(text) > 4:
            at = self.r.randint(0, len(text))
            text = (
                text[:at]
                + self.choice(["\r\n", "\n", " ", "\t", "*", "!", "é", "=", "-", "_"])
                + text[at:]
            )
        elif m < 0.25:
            text = text + self.choice(["=", "==", "===", "A", "AB", "ABC"])
        elif m < 0.3:
            text = self.string()
        return text

    # structured values -----------------------------------------------------------------------

    def scalar(self):
        k = self.r.random()
        if k < 0.3:
            return self.number()
        if k < 0.7:
            return self.string()
        if k < 0.8:
            return self.choice([True, False])
        return None

    def value(self, depth=2):
        k = self.r.random()
        if depth <= 0 or k < 0.5:
            return self.scalar()
        if k < 0.75:
            return [self.value(depth - 1) for _ in range(self.r.randint(0, 4))]
        return self.obj(depth - 1)

    def obj(self, depth=1, n=None):
        n = self.r.randint(0, 5) if n is None else n
        return {
            self.choice(KEYS) if self.chance(0.7) else self.string(): self.value(depth)
            for _ in range(n)
        }

    def array_with_duplicates(self):
        pool = [self.value(1) for _ in range(self.r.randint(1, 4))]
        # Same values written differently: 1 / 1.0 / -0 / 0.0 / -0.0, key orders swapped.
        pool += self.choice(
            [
                [Raw("1"), Raw("1.0")],
                [Raw("0"), Raw("-0"), Raw("0.0"), Raw("-0.0")],
                [{"a": 1, "b": 2}, {"b": 2, "a": 1}],
                [[1, 2], [2, 1], [1, 2]],
                [None, None],
                [Raw("1e7"), Raw("10000000"), Raw("1.0E7")],
                ["a", "a", "A"],
                [True, Raw("1")],
            ]
        )
        items = [self.choice(pool) for _ in range(self.r.randint(0, 8))]
        return items

    def array(self):
        return (
            self.array_with_duplicates()
            if self.chance(0.5)
            else [self.value(2) for _ in range(self.r.randint(0, 6))]
        )

    def maybe_wrong(self, good, p=0.1):
        return good if not self.chance(p) else self.value(1)

    # calls -----------------------------------------------------------------------------------

    def args(self, fn):
        r = self.r
        if fn == "Format":
            n = r.randint(0, 4)
            pieces = [self.string().replace("{}", "") for _ in range(n + 1)]
            template = "{}".join(pieces)
            count = n if self.chance(0.85) else max(0, n + r.choice([-1, 1]))
            values = [self.value(2) for _ in range(count)]
            return [self.maybe_wrong(template, 0.05)] + values
        if fn == "StringToJson":
            return [self.maybe_wrong(self.json_text(), 0.05)]
        if fn == "JsonToString":
            return [self.value(3)]
        if fn == "Array":
            return [self.value(2) for _ in range(r.randint(0, 5))]
        if fn == "ArrayPartition":
            if self.big and self.chance(0.02):
                # Around the 256 KiB input limit: n strings of 1,000 "x" and their quotes.
                n = r.choice([259, 260, 261, 262, 263])
                return [["x" * 998] * n, Raw(str(r.randint(1, 300)))]
            return [self.maybe_wrong(self.array()), self.maybe_wrong(self.small_number(-1, 6))]
        if fn == "ArrayContains":
            items = self.array()
            wanted = self.choice(items) if items and self.chance(0.5) else self.value(1)
            if self.chance(0.2):
                wanted = self.choice(
                    [Raw("1.0"), Raw("-0.0"), Raw("0"), Raw("1"), {"b": 2, "a": 1}, None]
                )
            return [self.maybe_wrong(items, 0.05), wanted]
        if fn == "ArrayRange":
            if self.chance(0.1):
                # Around the 1,000-item limit and the int range.
                first = r.choice([0, 1, -1, 2147483647, -2147483648, 2147483646])
                step = r.choice([1, -1, 2, 1.5, 0.5, 2147483647])
                count = r.choice([999, 1000, 1001, 1, 0])
                last = first + step * (count - 1)
                return [
                    Raw(str(first)),
                    Raw(repr(last) if isinstance(last, float) else str(last)),
                    Raw(repr(step) if isinstance(step, float) else str(step)),
                ]
            if self.chance(0.15):
                return [self.number(), self.number(), self.number()]
            return [
                self.small_number(-20, 20),
                self.small_number(-1000, 1000),
                self.small_number(-5, 5),
            ]
        if fn == "ArrayGetItem":
            items = self.array()
            index = (
                Raw(str(r.randint(-1, len(items))))
                if self.chance(0.7)
                else self.small_number(-1, len(items) + 1)
            )
            return [self.maybe_wrong(items, 0.05), self.maybe_wrong(index)]
        if fn in ("ArrayLength", "ArrayUnique"):
            return [self.maybe_wrong(self.array(), 0.05)]
        if fn == "Base64Encode":
            s = (
                self.string()
                if self.chance(0.9)
                else self.choice(["x" * 10000, "x" * 10001, "é" * 10000, "😀" * 5000, "😀" * 5001])
            )
            return [self.maybe_wrong(s, 0.05)]
        if fn == "Base64Decode":
            return [self.maybe_wrong(self.base64_text(), 0.05)]
        if fn == "Hash":
            s = (
                self.string()
                if self.chance(0.95)
                else self.choice(["y" * 10000, "y" * 10001, "😀" * 5001])
            )
            name = self.choice(HASH_NAMES) if self.chance(0.85) else self.choice(OTHER_HASH_NAMES)
            return [self.maybe_wrong(s, 0.05), self.maybe_wrong(name, 0.05)]
        if fn == "JsonMerge":
            n1, n2 = r.choice([0, 1, 2, 3, 6, 11, 12, 13, 20]), r.randint(0, 6)
            flag = False if self.chance(0.9) else self.choice([True, None, "false", Raw("0")])
            return [
                self.maybe_wrong(self.obj(1, n1), 0.05),
                self.maybe_wrong(self.obj(1, n2), 0.05),
                flag,
            ]
        if fn == "MathRandom":
            low = r.randint(-1000, 1000)
            a = Raw(str(low))
            b = Raw(str(low + r.randint(-2, 2000)) + self.choice(["", "", "", ".5", ".4", ".0"]))
            if self.chance(0.1):
                a, b = self.number(), self.number()
            if self.chance(0.8):
                return [
                    a,
                    b,
                    self.maybe_wrong(
                        self.number() if self.chance(0.3) else Raw(str(r.randint(-5, 10**6)))
                    ),
                ]
            return [a, b]
        if fn == "MathAdd":
            return [self.maybe_wrong(self.number(), 0.05), self.maybe_wrong(self.number(), 0.05)]
        if fn == "StringSplit":
            s = "".join(self.char() for _ in range(r.randint(0, 15)))
            d = "".join(self.choice(DELIMS) for _ in range(r.randint(0, 3)))
            return [self.maybe_wrong(s, 0.05), self.maybe_wrong(d, 0.05)]
        return []  # UUID


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count, seed = int(args[0]), int(args[1])
    gen = Gen(seed, wide="--wide-integers" in sys.argv, big="--big" in sys.argv)
    out = sys.stdout
    for i in range(count):
        fn = gen.choice(FUNCTIONS)
        line = '{"id":' + str(i) + ',"fn":"' + fn + '","args":' + to_json(gen.args(fn)) + "}"
        out.write(line + "\n")


if __name__ == "__main__":
    main()
