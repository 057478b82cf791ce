"""Parts of sfnsim that the CLI and the pytest plugin use but that land separately (the mocks of
issue 4): looked up when used, so what exists works and what does not says so."""

from __future__ import annotations

from typing import Any


def require(name: str) -> Any:
    """``sfnsim.<name>``, or NotImplementedError naming what is missing."""
    import sfnsim

    value = getattr(sfnsim, name, None)
    if value is None:
        raise NotImplementedError(f"sfnsim.{name} is not available in this version of sfnsim")
    return value
