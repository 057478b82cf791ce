"""Modules renamed for what they hold keep their old import paths, with a warning."""

from __future__ import annotations

import importlib
import sys

import pytest


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("sfnsim.trace", "sfnsim.history_reader", "Trace"),
        ("sfnsim.mock", "sfnsim.boto3_routing", "mock_aws"),
    ],
)
def test_old_module_names_still_import_and_warn(old: str, new: str, name: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=new):
        module = importlib.import_module(old)
    assert getattr(module, name) is getattr(importlib.import_module(new), name)
