"""The Step Functions API's operations as boto3 names them, and its five paginators.

Request members and their constraints live in the C++ service (``_core.request_members``);
this table only maps Python method names to API operation names.
"""

from __future__ import annotations

import re

OPERATIONS: tuple[str, ...] = (
    "CreateActivity",
    "CreateStateMachine",
    "CreateStateMachineAlias",
    "DeleteActivity",
    "DeleteStateMachine",
    "DeleteStateMachineAlias",
    "DeleteStateMachineVersion",
    "DescribeActivity",
    "DescribeExecution",
    "DescribeMapRun",
    "DescribeStateMachine",
    "DescribeStateMachineAlias",
    "DescribeStateMachineForExecution",
    "GetActivityTask",
    "GetExecutionHistory",
    "ListActivities",
    "ListExecutions",
    "ListMapRuns",
    "ListStateMachineAliases",
    "ListStateMachineVersions",
    "ListStateMachines",
    "ListTagsForResource",
    "PublishStateMachineVersion",
    "RedriveExecution",
    "SendTaskFailure",
    "SendTaskHeartbeat",
    "SendTaskSuccess",
    "StartExecution",
    "StartSyncExecution",
    "StopExecution",
    "TagResource",
    "TestState",
    "UntagResource",
    "UpdateMapRun",
    "UpdateStateMachine",
    "UpdateStateMachineAlias",
    "ValidateStateMachineDefinition",
)


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
