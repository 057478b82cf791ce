"""sfnsim: an AWS Step Functions simulator with a C++ engine.

>>> import sfnsim
>>> ex = sfnsim.run({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}, {"x": 1})
>>> ex.status, ex.output
('SUCCEEDED', {'x': 1})
"""

from .errors import InvalidDefinition, InvalidExecutionInput, SfnSimError
from .execution import Execution
from .run import compile_definition, run
from .tasks import TaskFailed

__all__ = [
    "Execution",
    "InvalidDefinition",
    "InvalidExecutionInput",
    "SfnSimError",
    "TaskFailed",
    "compile_definition",
    "run",
]

__version__ = "0.1.0"
