"""sfnsim: an AWS Step Functions simulator with a C++ engine.

>>> import sfnsim
>>> ex = sfnsim.run({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": True}}}, {"x": 1})
>>> ex.status, ex.output
('SUCCEEDED', {'x': 1})
"""

# Imported eagerly, not on first use: a lazy ``run`` would lose to the submodule ``sfnsim.run``
# as soon as anything imported that submodule (the import system binds it on the package).
from . import aws_errors, executors, jsonata
from .boto3_routing import mock_aws, patch_client
from .client import Client, client
from .drawing import render, show
from .engine import Engine, ManualClock
from .errors import (
    ClientError,
    ExecutorError,
    InvalidDefinition,
    InvalidExecutionInput,
    ParamValidationError,
    RunTimeout,
    SfnSimError,
    UnusedMockError,
)
from .execution import Execution
from .history import History
from .jsonata import JSONataError
from .mock_cases import MockCases
from .mock_config import MockConfig, MockConfigError, load_mock_config
from .mock_usage import UnusedMockWarning
from .mocks import Call, LambdaContext, Mocks, Response, TaskFailed, calls, raises, returns, waits
from .run import compile_definition, run
from .services import MemoryServices, Passthrough
from .state_test import StateTest
from .state_test_result import StateTestResult
from .templates import MissingExtra, TemplateError, TemplateStateMachine, load_template

__all__ = [
    "Call",
    "aws_errors",
    "Client",
    "ClientError",
    "Engine",
    "Execution",
    "ExecutorError",
    "History",
    "ManualClock",
    "ParamValidationError",
    "Passthrough",
    "client",
    "mock_aws",
    "patch_client",
    "InvalidDefinition",
    "InvalidExecutionInput",
    "RunTimeout",
    "JSONataError",
    "LambdaContext",
    "MemoryServices",
    "MissingExtra",
    "MockCases",
    "MockConfig",
    "MockConfigError",
    "Mocks",
    "Response",
    "SfnSimError",
    "StateTest",
    "StateTestResult",
    "TaskFailed",
    "TemplateError",
    "TemplateStateMachine",
    "UnusedMockError",
    "UnusedMockWarning",
    "calls",
    "compile_definition",
    "executors",
    "jsonata",
    "load_mock_config",
    "load_template",
    "raises",
    "render",
    "returns",
    "run",
    "show",
    "waits",
]

__version__ = "0.1.0"
