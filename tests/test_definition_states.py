"""The one walk over a definition's states (python/sfnsim/definition_states.py)."""

from __future__ import annotations

from typing import Any

from sfnsim.definition_states import MAX_DEPTH, processor_of, walk_states

DEFINITION = {
    "StartAt": "Fan",
    "States": {
        "Fan": {
            "Type": "Parallel",
            "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
                {
                    "StartAt": "Each",
                    "States": {
                        "Each": {
                            "Type": "Map",
                            "ItemProcessor": {
                                "StartAt": "Inner",
                                "States": {"Inner": {"Type": "Fail"}},
                            },
                            "End": True,
                        }
                    },
                },
            ],
            "Next": "Old",
        },
        "Old": {
            "Type": "Map",
            "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
            "End": True,
        },
        "Broken": "not a state",
    },
}


def test_breadth_first_in_definition_order_with_depth_and_branch() -> None:
    seen = [(s.name, s.depth, s.branch) for s in walk_states(DEFINITION)]
    assert seen == [
        ("Fan", 0, None),
        ("Old", 0, None),
        ("A", 1, 0),
        ("Each", 1, 1),
        ("I", 1, None),
        ("Inner", 2, None),
    ]


def test_processor_of_reads_item_processor_and_the_older_iterator() -> None:
    states: Any = DEFINITION["States"]
    assert processor_of(states["Old"]) == states["Old"]["Iterator"]
    assert processor_of({"Type": "Map", "ItemProcessor": "text"}) is None
    assert processor_of({"Type": "Pass"}) is None


def test_values_that_are_no_definition_walk_to_nothing() -> None:
    for value in (None, 3, "text", [], {"States": []}, {"States": {"x": 1}}):
        assert list(walk_states(value)) == []


def test_nesting_past_the_guard_is_not_followed() -> None:
    spec: dict[str, Any] = {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}
    for _ in range(MAX_DEPTH + 5):
        spec = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": spec}}}
    depths = [s.depth for s in walk_states(spec)]
    assert max(depths) == MAX_DEPTH
