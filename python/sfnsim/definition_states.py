"""Every state of a definition, nested ones included: the one walk the Python layer uses.

The C++ parser validates definitions; this walks the plain JSON value of one (a history's
definition, a file on disk) for the readers and the CLI, so it trusts nothing: entries that are
not objects are skipped, and nesting deeper than any definition AWS accepts is not followed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

# Deeper than any definition the validator lets through: a guard for hand-made values only.
MAX_DEPTH = 40


class StateSite(NamedTuple):
    """One state and where it stands (immutable; a named tuple, made cheaply: a definition's
    states are walked on every run that has mocks to check)."""

    name: str
    state: Mapping[str, Any]
    depth: int  # 0 for the top-level States, 1 inside a Parallel branch or Map processor, ...
    branch: int | None  # index of the Parallel branch whose States hold it, if it is in one


def is_mapping(value: Any) -> bool:
    """``isinstance(value, Mapping)``, with the common answers first: a dict, and None (the
    ABC's own check costs several times a plain one, on every state of every walk)."""
    if type(value) is dict:
        return True
    return value is not None and isinstance(value, Mapping)


def processor_of(state: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """A Map state's ``ItemProcessor`` (or the older ``Iterator``), if it is an object."""
    processor = state.get("ItemProcessor") or state.get("Iterator")
    return processor if is_mapping(processor) else None


def walk_states(definition: Any) -> Iterator[StateSite]:
    """Every state, breadth first: a level's states in definition order before the states
    nested in them."""
    level: list[tuple[Any, int, int | None]] = [(definition, 0, None)]
    while level:
        nested: list[tuple[Any, int, int | None]] = []
        for spec, depth, branch in level:
            states = spec.get("States") if is_mapping(spec) else None
            if states is None or not is_mapping(states) or depth > MAX_DEPTH:
                continue
            for name, state in states.items():
                if not is_mapping(state):
                    continue
                yield StateSite(name, state, depth, branch)
                branches = state.get("Branches")
                if branches is not None and isinstance(branches, list):
                    for index, child in enumerate(branches):
                        nested.append((child, depth + 1, index))
                processor = state.get("ItemProcessor") or state.get("Iterator")
                if processor is not None and is_mapping(processor):
                    nested.append((processor, depth + 1, None))
        level = nested
