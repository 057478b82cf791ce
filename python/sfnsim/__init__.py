"""sfnsim: an AWS Step Functions simulator with a C++ engine.

>>> import sfnsim
>>> ex = sfnsim.run({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}, {"x": 1})
>>> ex.status, ex.output
('SUCCEEDED', {'x': 1})
"""

from .errors import InvalidDefinition, InvalidExecutionInput, SfnSimError
from .execution import Execution
from .mock_config import MockConfig, MockConfigError, load_mock_config
from .mocks import Call, LambdaContext, Mocks, Response, TaskFailed, calls, raises, returns, waits
from .run import compile_definition, run

__all__ = [
    "Call",
    "Execution",
    "InvalidDefinition",
    "InvalidExecutionInput",
    "LambdaContext",
    "MockConfig",
    "MockConfigError",
    "Mocks",
    "Response",
    "SfnSimError",
    "TaskFailed",
    "calls",
    "compile_definition",
    "load_mock_config",
    "raises",
    "returns",
    "run",
    "waits",
]

__version__ = "0.1.0"
