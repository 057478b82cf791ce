"""A state machine whose one Task waits on a task token, and how a test gets that token."""

from __future__ import annotations

import json
from typing import Any

ROLE = "arn:aws:iam::123456789012:role/callback"

# The token is the whole SQS message body, so a test reads it back from TaskScheduled.
CALLBACK: dict[str, Any] = {
    "StartAt": "T",
    "States": {
        "T": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"},
            "End": True,
        }
    },
}


def waiting_token(sfn: Any, execution_arn: str) -> str:
    """The token of the task that ``execution_arn`` (running CALLBACK) waits on."""
    events = sfn.get_execution_history(executionArn=execution_arn)["events"]
    scheduled = next(e for e in events if e["type"] == "TaskScheduled")
    token: str = json.loads(scheduled["taskScheduledEventDetails"]["parameters"])["MessageBody"]
    return token


def start_waiting(sfn: Any, name: str = "waits") -> tuple[str, str]:
    """Creates CALLBACK as ``name``, starts it, and returns the execution ARN and its token."""
    arn = sfn.create_state_machine(name=name, definition=json.dumps(CALLBACK), roleArn=ROLE)[
        "stateMachineArn"
    ]
    execution = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    return execution, waiting_token(sfn, execution)
