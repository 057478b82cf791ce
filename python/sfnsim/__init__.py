"""sfnsim: an AWS Step Functions simulator with a C++ engine.

>>> import sfnsim
>>> ex = sfnsim.run({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}, {"x": 1})
>>> ex.status, ex.output
('SUCCEEDED', {'x': 1})

Names are loaded on first use (PEP 562), so ``import sfnsim`` (and the pytest plugin, which
every test session of a project with sfnsim installed imports) does not load the compiled engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import InvalidDefinition, InvalidExecutionInput, SfnSimError
    from .execution import Execution
    from .history import History
    from .drawing import render, show
    from .run import compile_definition, run
    from .tasks import TaskFailed

# public name -> the submodule that defines it
_EXPORTS = {
    "Execution": "execution",
    "History": "history",
    "InvalidDefinition": "errors",
    "InvalidExecutionInput": "errors",
    "SfnSimError": "errors",
    "TaskFailed": "tasks",
    "compile_definition": "run",
    "render": "drawing",
    "run": "run",
    "show": "drawing",
}

__all__ = sorted(_EXPORTS)

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sfnsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
