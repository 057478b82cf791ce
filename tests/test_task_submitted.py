"""A made-up TaskSubmitted response of states:startExecution measures its body as the service's
JSON protocol writes it: the start date in epoch seconds by Java's Double.toString.

Expected texts printed by OpenJDK 17 (tools/reference/JavaIntrinsicsReference.java), the same
ones cpp/tests/test_common_java.cpp pins for the core's rule, which builds this response
(cpp/service/response_envelopes.h).
"""

import json

import pytest
from sfnsim.task_submitted import submit_response

MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:child"


@pytest.mark.parametrize(
    ("now_ms", "seconds_text"),
    [
        (1_000_000_000_000, "1.0E9"),
        (1_000_000_000_500, "1.0000000005E9"),
        (1_700_000_000_123, "1.700000000123E9"),
        (1_700_000_000_000, "1.7E9"),
        (99_999_999_000, "9.9999999E7"),
        (10_000_000_000, "1.0E7"),
        (9_999_999_000, "9999999.0"),
        (100_000, "100.0"),
        (1, "0.001"),
        (0, "0.0"),
        (123_456_789, "123456.789"),
    ],
)
def test_start_execution_content_length_counts_java_double(now_ms: int, seconds_text: str) -> None:
    request = {
        "kind": "service",
        "service": "states",
        "action": "startExecution",
        "pattern": "sync",
        "parameters": {"StateMachineArn": MACHINE, "Name": "n1"},
        "execution_arn": "arn:aws:states:us-east-1:123456789012:execution:parent:p",
        "state_name": "Start",
        "attempt": 0,
        "task_token": "t",
        "now_ms": now_ms,
    }
    out = submit_response(request)
    assert out is not None
    arn = "arn:aws:states:us-east-1:123456789012:execution:child:n1"
    wire = f'{{"executionArn":{json.dumps(arn)},"startDate":{seconds_text}}}'
    assert list(out) == ["ExecutionArn", "SdkHttpMetadata", "SdkResponseMetadata", "StartDate"]
    assert out["ExecutionArn"] == arn
    assert out["StartDate"] == now_ms
    assert out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == str(len(wire))
