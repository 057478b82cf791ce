"""The Step Functions API's operations as boto3 names them, and its five paginators.

The operations and their request members live in the C++ service (``_core.operation_names``,
``_core.request_members``); this module only maps Python method names to them.
"""

from __future__ import annotations

import re

from . import _core

# The service's own list (the operations its dispatch table answers), not a copy of it.
OPERATIONS: tuple[str, ...] = tuple(_core.operation_names())


def snake_case(operation: str) -> str:
    """``DescribeStateMachineForExecution`` -> ``describe_state_machine_for_execution``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


METHODS: dict[str, str] = {snake_case(op): op for op in OPERATIONS}

# method name -> the response member holding the items (all page with nextToken/maxResults).
PAGINATED: dict[str, str] = {
    "get_execution_history": "events",
    "list_activities": "activities",
    "list_executions": "executions",
    "list_map_runs": "mapRuns",
    "list_state_machines": "stateMachines",
}
