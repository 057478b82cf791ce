"""Findings already reported and not fixed yet, so that a fuzz run tells new failures from
them. Each entry recognises one cause, from the exception, where in sfnsim it was raised, and
the traits of the case's values; a case that fails only for a known cause is tallied as "known"
instead of as a failure. Remove an entry once its cause is fixed: the suite then holds the fix
in place.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass


def _frames(exc: BaseException) -> list[str]:
    """`path/in/sfnsim.py:function` of the frames in sfnsim's own code, outermost first."""
    out = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if "/sfnsim/" in frame.filename:
            out.append(f"{frame.filename.rsplit('/sfnsim/', 1)[-1]}:{frame.name}")
    return out


def _raised_in(exc: BaseException, *places: str) -> bool:
    """Whether the innermost sfnsim frame is in one of `places` (a file or file:function)."""
    frames = _frames(exc)
    if not frames:
        return False
    inner = frames[-1]
    return any(inner == p or inner.startswith(p + ":") for p in places)


def _unable_to_cast(exc: BaseException, python_type: str) -> bool:
    text = f"Unable to cast Python instance of type <class '{python_type}'>"
    return isinstance(exc, (RuntimeError, TypeError)) and text in str(exc)


@dataclass(frozen=True)
class Known:
    name: str
    reproduce: str  # the shortest reproduction, for the report
    matches: Callable[[BaseException, set[str]], bool]


_D = "{'StartAt':'P','States':{'P':{'Type':'Pass','End':True}}}"

# Empty: the causes listed here once (lone surrogates in text arguments, ints past a double,
# parameter messages that formatted unshowable values, deep data given to sfnsim.jsonata) were
# fixed; tests/test_bad_input.py holds each.
KNOWN: list[Known] = []


def known_cause(exc: BaseException, tags: set[str]) -> str | None:
    for known in KNOWN:
        if known.matches(exc, tags):
            return known.name
    return None
