"""What the commands share: reading files and JSON arguments, and the terminal."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO


class CliError(Exception):
    """A usage error or an unreadable input: printed, exit code 2."""


def read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


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
    return text


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
