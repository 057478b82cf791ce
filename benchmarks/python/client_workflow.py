"""The workflow both client benchmarks run: bench_client.py in-process, bench_server.py over
HTTP, so that their figures compare the transports and nothing else."""

from __future__ import annotations

import json

WORKFLOW = json.dumps(
    {
        "StartAt": "Prepare",
        "States": {
            "Prepare": {
                "Type": "Pass",
                "Parameters": {"id.$": "$.id", "items.$": "$.items"},
                "Next": "Route",
            },
            "Route": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.id", "NumericGreaterThan": 0, "Next": "Count"}],
                "Default": "Reject",
            },
            "Count": {
                "Type": "Pass",
                "Parameters": {"id.$": "$.id", "n.$": "States.ArrayLength($.items)"},
                "ResultPath": "$.count",
                "Next": "Done",
            },
            "Done": {"Type": "Succeed"},
            "Reject": {"Type": "Fail", "Error": "Rejected"},
        },
    }
)
ROLE = "arn:aws:iam::123456789012:role/bench"
PAYLOAD = json.dumps({"id": 7, "items": [1, 2, 3]})
