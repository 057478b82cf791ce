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

KNOWN: list[Known] = [
    Known(
        "lone-surrogate",
        f"sfnsim.run({_D}, {{'s': '\\ud800'}}) raises UnicodeEncodeError (run.py check_input); "
        "sfnsim.jsonata.compile('\"\\ud800\"') and sfnsim.compile_definition(<text holding a lone "
        "surrogate>) raise pybind11's TypeError 'incompatible function arguments'",
        lambda exc, tags: (
            "lone-surrogate" in tags
            and (
                isinstance(exc, UnicodeError)
                or (isinstance(exc, TypeError) and "incompatible function arguments" in str(exc))
                or _unable_to_cast(exc, "str")
            )
        ),
    ),
    Known(
        "huge-int",
        f"sfnsim.run({_D}, {{'n': 10**400}}) raises RuntimeError 'Unable to cast Python instance "
        "of type <class 'int'> to C++ type'; sfnsim.jsonata.evaluate('$', {'n': 10**400}) a "
        "TypeError that blames the bindings",
        lambda exc, tags: "huge-int" in tags and _unable_to_cast(exc, "int"),
    ),
    Known(
        "param-message-formats-the-value",
        "sfnsim.client().start_execution(stateMachineArn='x', input=<a list nested 100000 deep>) "
        "raises RecursionError, and input=10**5000 ValueError ('Exceeds the limit (4300 digits) "
        "for integer string conversion'), while formatting the ParamValidationError message "
        "(client.py _check_params)",
        lambda exc, tags: (
            isinstance(exc, (RecursionError, ValueError))
            and _raised_in(exc, "client.py:_check_params")
        ),
    ),
    Known(
        "jsonata-deep-data-valueerror",
        "sfnsim.jsonata.evaluate('$', <a list nested 1001 deep>) raises a plain ValueError "
        "('JSON value is nested deeper than 1000 levels'), not JSONataError",
        lambda exc, tags: (
            type(exc) is ValueError
            and "nested deeper than" in str(exc)
            and _raised_in(exc, "jsonata.py")
        ),
    ),
]


def known_cause(exc: BaseException, tags: set[str]) -> str | None:
    for known in KNOWN:
        if known.matches(exc, tags):
            return known.name
    return None
