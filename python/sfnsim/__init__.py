"""sfnsim: an AWS Step Functions simulator with a C++ engine.

>>> import sfnsim
>>> ex = sfnsim.run({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}, {"x": 1})
>>> ex.status, ex.output
('SUCCEEDED', {'x': 1})
"""

# Imported eagerly, not on first use: a lazy ``run`` would lose to the submodule ``sfnsim.run``
# as soon as anything imported that submodule (the import system binds it on the package).
from .client import Client, client
from .drawing import render, show
from .engine import Engine, ManualClock
from .errors import (
    ClientError,
    InvalidDefinition,
    InvalidExecutionInput,
    ParamValidationError,
    SfnSimError,
)
from .execution import Execution
from .history import History
from .mock import mock_aws, patch_client
from .run import compile_definition, run
from .tasks import TaskFailed

__all__ = [
    "Client",
    "ClientError",
    "Engine",
    "Execution",
    "History",
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
    "render",
    "run",
    "show",
]

__version__ = "0.1.0"
