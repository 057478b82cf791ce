"""What the commands share: reading and writing files, JSON arguments, and the terminal.

Every file a command reads or writes goes through here, so that a file that cannot be read or
written is one line on stderr and exit code 2, whichever command and option named it."""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO


class CliError(Exception):
    """A usage error or an unreadable input: printed on one line, exit code 2."""


# Byte order marks, longest first (UTF-32's little-endian mark begins with UTF-16's). Without
# one, a file is UTF-8, as JSON is exchanged (RFC 8259); with one, the mark says what it is,
# as Windows tools (PowerShell's redirection) write UTF-16.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def shown_path(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _read_bytes(path: str) -> bytes:
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)
        return (
            stream.read()
            if stream is not None
            else sys.stdin.read().encode("utf-8", "surrogatepass")
        )
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


def decode(data: bytes, path: str) -> str:
    """The text of a file's bytes: UTF-8, or what its byte order mark says."""
    bom, encoding = next(((b, name) for b, name in _BOMS if data.startswith(b)), (b"", "utf-8"))
    label = encoding.upper()
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = len(bom) + exc.start
        raise CliError(
            f"cannot read {shown_path(path)}: not {label} text "
            f"(byte {data[offset]:#04x} at offset {offset})"
        ) from None
    if "\x00" in text:
        # No JSON text holds a NUL character; UTF-16 without a byte order mark is full of them.
        raise CliError(
            f"cannot read {shown_path(path)}: not {label} text (it holds NUL characters; "
            "UTF-16 without a byte order mark?)"
        )
    return text


def read_text(path: str) -> str:
    return decode(_read_bytes(path), path)


def parse_json(text: str, what: str, read: Callable[[str], Any] = json.loads) -> Any:
    """``text`` parsed by ``read``, or a CliError naming ``what`` held it."""
    try:
        return read(text)
    except ValueError as exc:
        raise CliError(f"{what} is not JSON: {exc}") from None
    except RecursionError:
        raise CliError(f"{what} is JSON nested too deeply to read") from None


def read_json(path: str, what: str) -> Any:
    return parse_json(read_text(path), f"{what} {shown_path(path)}")


def parse_definition(text: str, path: str) -> Any:
    """A definition's (or a state's) JSON value, read as AWS reads it: text after the value is
    ignored there, as it is by run."""
    from ..definition_json import definition_value

    return parse_json(text, shown_path(path), definition_value)


def check_definition_length(text: str) -> None:
    """Raises the API's ValidationException for a definition longer than Step Functions
    accepts. Asked of the service, so that its limit and its message stay in one place."""
    import sfnsim

    client: Any = sfnsim.client()  # operations are looked up by name, as boto3's are
    client.validate_state_machine_definition(definition=text)


def read_definition(path: str) -> str:
    """A definition file's text, refused as the API refuses it when it is too long."""
    text = read_text(path)
    if not text:
        raise CliError(f"{shown_path(path)} is empty")
    check_definition_length(text)
    return text


def check_writable(path: str) -> None:
    """Refuses an output path that cannot be written before the work that fills it is done."""
    target = Path(path)
    if target.is_dir():
        problem = errno.EISDIR
    elif not target.parent.is_dir():
        problem = errno.ENOTDIR if target.parent.exists() else errno.ENOENT
    else:
        return
    # In the words writing would have used, so that both say the same.
    raise CliError(f"cannot write {path}: {os.strerror(problem)}")


# A JSON escape such as "\ud800" alone reads as half a character, which no UTF-8 can hold.
_UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with unpaired surrogates as U+FFFD, as the engine shows them."""
    return _UNPAIRED_SURROGATE.sub("\ufffd", text)


def write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(encodable(text), encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def json_argument(text: str | None, file: str | None, what: str) -> str | None:
    """The JSON text of ``--input '{...}'`` or ``--input-file path``, checked."""
    if text is not None and file is not None:
        raise CliError(f"give --{what} or --{what}-file, not both")
    if file is not None:
        text = read_text(file)
    if text is None:
        return None
    try:
        json.loads(text)
    except ValueError as exc:
        raise CliError(f"--{what} is not valid JSON: {exc}") from None
    except RecursionError:
        pass  # deeper than Python parses: the API's own nesting limit answers, in its words
    return text


# A constraint the API's front end reports quotes the whole value: a definition of megabytes.
_QUOTED_VALUE = re.compile(r"Value '(.*?)' at '([\w.]+)' failed to satisfy", re.DOTALL)
_SHOWN_CHARACTERS = 60


def shorten_values(message: str) -> str:
    """An API error message with long quoted values cut to their start and their length."""

    def cut(found: re.Match[str]) -> str:
        value = found.group(1)
        if len(value) <= _SHOWN_CHARACTERS:
            return found.group(0)
        start = " ".join(value[:_SHOWN_CHARACTERS].split())
        return (
            f"Value '{start}\u2026' ({len(value):,} characters) at '{found.group(2)}' "
            "failed to satisfy"
        )

    return _QUOTED_VALUE.sub(cut, message)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
