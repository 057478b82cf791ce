"""Defaults that stand for "not given", where ``None`` is a value (JSON null).

A bare ``object()`` shows in ``help()`` and signatures as ``<object object at 0x7f...>``; a
sentinel shows its name, which the docstring beside it explains.
"""

from __future__ import annotations


class Sentinel:
    """A named marker compared by identity (``value is NO_INPUT``)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name
