"""Line and column of every value in a JSON text, by JSON pointer (``/States/Charge/Next``),
so that diagnostics located by pointer can name the line of the file they come from."""

from __future__ import annotations

MAX_DEPTH = 512
_WS = " \t\r\n"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.found: dict[str, tuple[int, int]] = {}
        # Offsets of line starts, to turn an offset into (line, column) at the end.
        self.offsets: dict[str, int] = {}

    def skip(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _WS:
            pos += 1
        self.pos = pos

    def string(self) -> str:
        # self.pos is at the opening quote
        text = self.text
        i = self.pos + 1
        out: list[str] = []
        while i < len(text):
            ch = text[i]
            if ch == '"':
                self.pos = i + 1
                return "".join(out)
            if ch == "\\" and i + 1 < len(text):
                nxt = text[i + 1]
                if nxt == "u" and i + 5 < len(text):
                    try:
                        out.append(chr(int(text[i + 2 : i + 6], 16)))
                    except ValueError:
                        pass
                    i += 6
                    continue
                out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(nxt, nxt))
                i += 2
                continue
            out.append(ch)
            i += 1
        raise ValueError("unterminated string")

    def value(self, pointer: str, depth: int, key_offset: int | None) -> None:
        self.skip()
        if self.pos >= len(self.text):
            raise ValueError("unexpected end")
        self.offsets[pointer] = key_offset if key_offset is not None else self.pos
        if depth > MAX_DEPTH:
            raise ValueError("too deep")
        ch = self.text[self.pos]
        if ch == "{":
            self.pos += 1
            self.skip()
            if self.text[self.pos : self.pos + 1] == "}":
                self.pos += 1
                return
            while True:
                self.skip()
                if self.text[self.pos : self.pos + 1] != '"':
                    raise ValueError("expected a key")
                start = self.pos
                key = self.string()
                self.skip()
                if self.text[self.pos : self.pos + 1] != ":":
                    raise ValueError("expected ':'")
                self.pos += 1
                escaped = key.replace("~", "~0").replace("/", "~1")
                self.value(f"{pointer}/{escaped}", depth + 1, start)
                self.skip()
                sep = self.text[self.pos : self.pos + 1]
                self.pos += 1
                if sep == "}":
                    return
                if sep != ",":
                    raise ValueError("expected ',' or '}'")
        elif ch == "[":
            self.pos += 1
            self.skip()
            if self.text[self.pos : self.pos + 1] == "]":
                self.pos += 1
                return
            index = 0
            while True:
                self.value(f"{pointer}/{index}", depth + 1, None)
                index += 1
                self.skip()
                sep = self.text[self.pos : self.pos + 1]
                self.pos += 1
                if sep == "]":
                    return
                if sep != ",":
                    raise ValueError("expected ',' or ']'")
        elif ch == '"':
            self.string()
        else:
            end = self.pos
            while end < len(self.text) and self.text[end] not in ",]}" + _WS:
                end += 1
            if end == self.pos:
                raise ValueError("unexpected character")
            self.pos = end


def locate(text: str) -> dict[str, tuple[int, int]]:
    """JSON pointer -> (line, column), both from 1, of each member's key (or, for array
    elements and the root, the value). A text that is not JSON gives what was read before the
    error."""
    scanner = _Scanner(text)
    try:
        scanner.value("", 0, None)
    except (ValueError, IndexError, RecursionError):
        pass
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    import bisect

    out = {}
    for pointer, offset in scanner.offsets.items():
        line = bisect.bisect_right(starts, offset)
        out[pointer] = (line, offset - starts[line - 1] + 1)
    return out


def position(text_positions: dict[str, tuple[int, int]], pointer: str) -> tuple[int, int] | None:
    """The position of ``pointer``, or of its nearest ancestor that exists in the text (a
    missing field is reported where its object starts). A location that is not a pointer (a
    parser's "[Source: ...; line: 1, column: 64]") has none."""
    while True:
        if pointer in text_positions:
            return text_positions[pointer]
        if not pointer.startswith("/"):
            return None
        pointer = pointer.rsplit("/", 1)[0]
