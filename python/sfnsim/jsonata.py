"""JSONata 2.0.6 as Step Functions evaluates it, from sfnsim's C++ engine.

    >>> from sfnsim import jsonata
    >>> jsonata.compile("$sum(items.price)").evaluate({"items": [{"price": 2}, {"price": 3}]})
    5
    >>> jsonata.compile("missing").evaluate({}) is jsonata.UNDEFINED
    True

An expression compiles once and evaluates many times. ``evaluate()`` without ``data`` means no
input at all, which is not the same as ``None`` (JSON null). A result that is undefined is
``UNDEFINED``, never ``None``. Errors raise ``JSONataError`` with jsonata-js's ``code``
(``T2001``, ``S0202``, ...), ``position`` and ``token``. ``aws=True`` (the default) is Step
Functions' dialect: no ``$eval``; ``$partition``, ``$range``, ``$hash``, ``$random``, ``$uuid``
and ``$parse`` added.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from . import _core
from .errors import SfnSimError
from .sentinels import Sentinel

__all__ = ["UNDEFINED", "Document", "Expression", "JSONataError", "compile", "document", "evaluate"]


class _Undefined:
    """JSONata's ``undefined``: what a path that selects nothing evaluates to."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = _Undefined()


class _Function:
    """The value of an expression that evaluates to a function (``function($x) { $x }``)."""

    def __repr__(self) -> str:
        return "<JSONata function>"


class JSONataError(SfnSimError, ValueError):
    """An expression failed to compile or to evaluate, as jsonata-js reports it."""

    def __init__(self, code: str, message: str, position: int = -1, token: str = "") -> None:
        super().__init__(f"{code}: {message}" if code else message)
        self.code = code
        self.message = message
        self.position = position
        self.token = token


def _error(details: Mapping[str, Any]) -> JSONataError:
    return JSONataError(
        str(details["code"]),
        str(details["message"]),
        int(details["position"]),
        str(details["token"]),
    )


#: No input document given (JSONata's ``$`` is undefined), unlike ``None``, which is null.
_NO_DATA: Final = Sentinel("NO_DATA")


class Document:
    """A JSON value converted once for evaluation: pass it as ``data`` or as a binding to
    evaluate many expressions over one large input without converting it each time."""

    __slots__ = ("_converted",)

    def __init__(self, data: Any) -> None:
        self._converted = _core.jsonata_document(data)


def document(data: Any) -> Document:
    """``Document(data)``: ``data`` converted once for many evaluations."""
    return Document(data)


def _arg(value: Any) -> Any:
    return value._converted if isinstance(value, Document) else value


class Expression:
    """A compiled JSONata expression; immutable, shareable across threads."""

    __slots__ = ("_compiled", "_aws")

    def __init__(self, compiled: Any, aws: bool) -> None:
        self._compiled = compiled
        self._aws = aws

    @property
    def source(self) -> str:
        return str(self._compiled.source)

    def evaluate(self, data: Any = _NO_DATA, bindings: Mapping[str, Any] | None = None) -> Any:
        """The result for ``data`` (JSON values) with ``bindings`` as ``$name`` variables.

        Raises :class:`JSONataError` when the expression fails, ``ValueError`` for data JSON
        cannot hold here (NaN, nesting past 1,000 levels, ints past a double's range) and
        ``TypeError`` for values of other types."""
        has_data = data is not _NO_DATA
        if bindings is not None and not isinstance(bindings, Mapping):
            raise TypeError(
                "bindings must be a mapping of variable names to values, "
                f"not {type(bindings).__name__}"
            )
        kind, value = _core.jsonata_evaluate(
            self._compiled,
            _arg(data) if has_data else None,
            has_data,
            {k: _arg(v) for k, v in bindings.items()} if bindings is not None else None,
            self._aws,
        )
        if kind == "value":
            return value
        if kind == "undefined":
            return UNDEFINED
        if kind == "function":
            return _Function()
        raise _error(value)

    def __repr__(self) -> str:
        return f"jsonata.compile({self.source!r})"


def compile(expression: str, *, aws: bool = True) -> Expression:
    """Parses ``expression`` once; syntax errors raise ``JSONataError`` (S0xxx codes)."""
    ok, value = _core.jsonata_compile(expression)
    if not ok:
        raise _error(value)
    return Expression(value, aws)


def evaluate(
    expression: str,
    data: Any = _NO_DATA,
    bindings: Mapping[str, Any] | None = None,
    *,
    aws: bool = True,
) -> Any:
    """``compile(expression).evaluate(data, bindings)`` for one-off use."""
    return compile(expression, aws=aws).evaluate(data, bindings)
