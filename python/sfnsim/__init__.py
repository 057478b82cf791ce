"""sfnsim: an AWS Step Functions simulator with a C++ engine.

>>> import sfnsim
>>> ex = sfnsim.run({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}, {"x": 1})
>>> ex.status, ex.output
('SUCCEEDED', {'x': 1})
"""

# Imported eagerly, not on first use: a lazy ``run`` would lose to the submodule ``sfnsim.run``
# as soon as anything imported that submodule (the import system binds it on the package).
from .drawing import render, show
from .errors import InvalidDefinition, InvalidExecutionInput, SfnSimError
from .execution import Execution
from .history import History
from .run import compile_definition, run
from .tasks import TaskFailed

__all__ = [
    "Execution",
    "History",
    "InvalidDefinition",
    "InvalidExecutionInput",
    "SfnSimError",
    "TaskFailed",
    "compile_definition",
    "render",
    "run",
    "show",
]

__version__ = "0.1.0"
