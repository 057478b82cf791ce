"""Dev-only: the lone-surrogate cases for JacksonStrings.java, one JSON line each.

Every spelling of a surrogate (escaped lone high, lone low, low before high, pairs, raw units,
an escaped backslash that only looks like an escape, malformed neighbours) is put in every
position a string takes (a value, a key, nested), so the reader and the writer are checked as a
table rather than case by case. Texts travel as UTF-16 units: a raw lone surrogate is one unit.
"""

import json

SPELLINGS = [
    r"\ud800",
    r"\udc00",
    r"\uDBFF",
    r"\uDFFF",
    r"a\ud800b",
    r"\ud800\ud800",
    r"\udc00\ud800",
    r"\ud800\u0041",
    r"\ud800\n",
    r"\ud800x\udc00",
    r"\ud83d\ude00",
    r"\ud83d\ude00\ud83d",
    r"\\ud800",
    r"\"\ud800\\",
    "\ud800",
    "x\udfffy",
    "\ud800\udc00",
    r"\ud800" + "\udc00",
    r"\ufdd0\ud800",
    "\ufdd0\ufdd1" + r"\ud800",
    r"\u00e9\ud800é",
    r"\ud800" * 40,
]
SHAPES = ['"{s}"', '{{"{s}": 1}}', '[1, {{"k": ["{s}", "{s}"]}}, "{s}"]']
MALFORMED = [r'"\ud800', r'"\ud80"', r'"\ud80g"', r'["\ud800"', "\ud800", r'{"a": "\ud800",}']


def main() -> None:
    texts = [shape.format(s=s) for s in SPELLINGS for shape in SHAPES] + MALFORMED
    for i, text in enumerate(texts):
        units = list(text.encode("utf-16-le", "surrogatepass"))
        text_units = [units[k] | units[k + 1] << 8 for k in range(0, len(units), 2)]
        print(json.dumps({"id": i, "text": text_units}))


if __name__ == "__main__":
    main()
