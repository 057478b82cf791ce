"""A definition's JSON value, read from its text as AWS reads it."""

from __future__ import annotations

import json
from typing import Any


def definition_value(text: str) -> Any:
    """The first JSON value in ``text``. AWS's parser (Jackson's ``readTree``) stops after the
    root value and ignores what follows (``{...} x`` is a valid definition), so a definition
    sfnsim accepted must read back the same way; ``json.loads`` would refuse the trailing
    text."""
    return _first_value(text)[0]


def first_value_text(text: str) -> str:
    """The text of that first value, exactly as written, without what follows it: what AWS
    reads of ``text``."""
    return text[: _first_value(text)[1]]


def _first_value(text: str) -> tuple[Any, int]:
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip(" \t\r\n"))
    return decoder.raw_decode(text, start)
