"""JSON pointers to lines and columns, for `sfnsim validate`."""

from __future__ import annotations

from sfnsim.jsonlocate import locate, position

TEXT = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "a/b~c": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}
      ]
    }
  }
}
"""


def test_members_are_located_at_their_key() -> None:
    where = locate(TEXT)
    assert where[""] == (1, 1)
    assert where["/StartAt"] == (2, 3)
    assert where["/States/A"] == (4, 5)
    assert where["/States/A/Next"] == (4, 27)
    assert where["/States/a~1b~0c/Branches/0"] == (8, 9)
    assert where["/States/a~1b~0c/Branches/0/States/X/End"][0] == 8


def test_missing_members_fall_back_to_their_parent() -> None:
    where = locate(TEXT)
    assert position(where, "/States/A/Missing") == (4, 5)
    assert position(where, "/Nope/deeper") == (1, 1)


def test_escapes_and_broken_text() -> None:
    where = locate('{"a\\u0041\\"": {"b": [1, 2, {"c": null}]}}')
    assert '/aA"/b/2/c' in where
    partial = locate('{"a": 1, "b": [1, 2')
    assert partial["/a"] == (1, 2)
    assert locate("") == {}
    assert locate("[" * 5000)[""] == (1, 1)


def test_a_location_that_is_not_a_pointer_has_no_position() -> None:
    # Regression: a parser location (no "/") never shortened, so `sfnsim validate` looped forever
    # on a file holding NaN or Infinity.
    where = locate('{"a": NaN}')
    assert position(where, '[Source: (String)"{"a": NaN}"; line: 1, column: 10]') is None
    assert position(where, "a/b") is None
