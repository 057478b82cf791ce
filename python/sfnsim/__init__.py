"""sfnsim: an AWS Step Functions simulator with a C++ engine.

>>> import sfnsim
>>> ex = sfnsim.run({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}, {"x": 1})
>>> ex.status, ex.output
('SUCCEEDED', {'x': 1})
"""

from .client import Client, client
from .engine import Engine, ManualClock
from .errors import (
    ClientError,
    InvalidDefinition,
    InvalidExecutionInput,
    ParamValidationError,
    SfnSimError,
)
from .execution import Execution
from .mock import mock_aws, patch_client
from .run import compile_definition, run
from .tasks import TaskFailed

__all__ = [
    "Client",
    "ClientError",
    "Engine",
    "Execution",
    "ManualClock",
    "ParamValidationError",
    "client",
    "mock_aws",
    "patch_client",
    "InvalidDefinition",
    "InvalidExecutionInput",
    "SfnSimError",
    "TaskFailed",
    "compile_definition",
    "run",
]

__version__ = "0.1.0"
