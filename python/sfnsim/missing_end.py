"""Where a machine with no terminal state goes round: the words ``sfnsim.run`` adds to AWS's.

AWS reports such a machine as ``MISSING_END_STATE: Workflow has no terminal state`` with no
location ("at null" in CreateStateMachine's message); the API keeps exactly that. A person
fixing the definition wants to know which state should have ended it: every state reached from
``StartAt`` moves on, so the execution goes round a loop, and a loop is closed by a transition
back to a state on the path that led to it. Those transitions are named (state, field, target);
the state whose transition closes the loop is usually the one meant to end.

Transitions read (top level only: AWS checks the root for a terminal state): ``Next``, a
Choice's ``Choices[].Next`` and ``Default``, ``Catch[].Next``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


def _transitions(state: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, target) of each transition out of ``state``."""
    if isinstance(state.get("Next"), str):
        yield "Next", state["Next"]
    if isinstance(state.get("Default"), str):
        yield "Default", state["Default"]
    for block in ("Choices", "Catch"):  # a Choice's rules, any state's catchers
        entries = state.get(block)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, Mapping) and isinstance(entry.get("Next"), str):
                yield f"{block}[{index}].Next", entry["Next"]


def loop_back_transitions(definition: Any) -> list[tuple[str, str, str]]:
    """(state, field, target) of the transitions that go back to a state on the path from
    ``StartAt`` that reached them, in the order a depth-first walk finds them."""
    states = definition.get("States") if isinstance(definition, Mapping) else None
    start = definition.get("StartAt") if isinstance(definition, Mapping) else None
    if not isinstance(states, Mapping) or not isinstance(start, str) or start not in states:
        return []
    found: list[tuple[str, str, str]] = []
    on_path: set[str] = set()
    done: set[str] = set()
    # Iterative depth-first walk: a definition may hold thousands of states in a chain.
    stack: list[tuple[str, Iterator[tuple[str, str]]]] = []

    def enter(name: str) -> None:
        state = states[name]
        on_path.add(name)
        moves = _transitions(state) if isinstance(state, Mapping) else iter(())
        stack.append((name, moves))

    enter(start)
    while stack:
        name, moves = stack[-1]
        step = next(moves, None)
        if step is None:
            stack.pop()
            on_path.discard(name)
            done.add(name)
            continue
        field, target = step
        if target in on_path:
            found.append((name, field, target))
        elif target in states and target not in done:
            enter(target)
    return found


def missing_end_hint(definition: Any) -> str:
    """A sentence naming where the machine goes round, or "" if that cannot be told."""
    loops = loop_back_transitions(definition)
    if not loops:
        return ""
    shown = "; ".join(
        f"'{state}' goes back to '{target}' ({field})" for state, field, target in loops
    )
    return (
        'No top-level state ends the execution (none has "End": true or is a Succeed or Fail '
        f"state), so it goes round: {shown}. Give the state that should finish "
        '"End": true, or a transition to a Succeed or Fail state.'
    )
