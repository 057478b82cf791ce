"""AWS's bounds on executions and payloads, as a user meets them (issue 13, items 1, 2 and 9):
the 25,000-event history, an Express execution's five minutes, JSON nested deeper than AWS
reads, numbers no double holds, and run()'s own real-time limit."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"
ENDLESS = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "C"}],
            "Default": "A",
        },
        "C": {"Type": "Succeed"},
    },
}
HISTORY_LIMIT_CAUSE = "The execution reached the maximum number of history events (25000)."


def pass_chain(n: int) -> dict[str, Any]:
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n)}
    states[f"S{n - 1}"] = {"Type": "Pass", "End": True}
    return {"StartAt": "S0", "States": states}


def machine(client: Any, definition: Any, kind: str = "STANDARD") -> str:
    return client.create_state_machine(
        name=f"m{time.monotonic_ns()}", definition=json.dumps(definition), roleArn=ROLE, type=kind
    )["stateMachineArn"]


def test_an_endless_loop_fails_at_event_25000_as_on_aws() -> None:
    started = time.monotonic()
    ex = sfnsim.run(ENDLESS, {})
    assert time.monotonic() - started < 10
    assert (ex.status, ex.error, ex.cause) == ("FAILED", "States.Runtime", HISTORY_LIMIT_CAUSE)
    last = ex.history[-1]
    assert len(ex.history) == 25000
    assert (last["type"], last["id"], last["previousEventId"]) == ("ExecutionFailed", 25000, 24999)


def test_a_pass_chain_succeeds_exactly_up_to_the_limit() -> None:
    assert sfnsim.run(pass_chain(12499), {}).status == "SUCCEEDED"  # 2 + 2 * 12,499 events
    over = sfnsim.run(pass_chain(12500), {})
    assert (over.status, over.cause) == ("FAILED", HISTORY_LIMIT_CAUSE)


def test_a_retry_without_end_stops_at_the_limit() -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 99999999}],
                "End": True,
            }
        },
    }

    def flaky(event: Any) -> Any:
        raise RuntimeError("down")

    ex = sfnsim.run(definition, {}, tasks={"flaky": flaky})
    assert (ex.status, ex.error) == ("FAILED", "States.Runtime")


def test_the_client_fails_the_execution_and_refuses_to_redrive_it() -> None:
    sfn = sfnsim.client()
    arn = sfn.start_execution(stateMachineArn=machine(sfn, ENDLESS))["executionArn"]
    described = sfn.describe_execution(executionArn=arn)
    assert (described["status"], described["error"], described["cause"]) == (
        "FAILED",
        "States.Runtime",
        HISTORY_LIMIT_CAUSE,
    )
    assert described["redriveStatus"] == "NOT_REDRIVABLE"
    assert described["redriveStatusReason"] == "Execution history event limit exceeded"
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable):
        sfn.redrive_execution(executionArn=arn)


def test_express_executions_have_no_event_limit_but_five_minutes() -> None:
    waiting_loop = {
        "StartAt": "W",
        "States": {
            "W": {"Type": "Wait", "Seconds": 7, "Next": "C"},
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "D"}],
                "Default": "W",
            },
            "D": {"Type": "Succeed"},
        },
    }
    ex = sfnsim.run(waiting_loop, {}, state_machine_type="EXPRESS")
    assert (ex.status, ex.error) == ("TIMED_OUT", "States.Timeout")
    assert (ex.stop_date - ex.start_date).total_seconds() == 300
    sfn = sfnsim.client()
    result = sfn.start_sync_execution(stateMachineArn=machine(sfn, waiting_loop, "EXPRESS"))
    assert result["status"] == "TIMED_OUT"
    assert (result["stopDate"] - result["startDate"]).total_seconds() == 300
    # 12,500 Pass states: more than 25,000 events, which Express allows.
    assert sfnsim.run(pass_chain(12500), {}, state_machine_type="EXPRESS").status == "SUCCEEDED"


def test_run_timeout_ends_a_loop_that_takes_no_simulated_time() -> None:
    started = time.monotonic()
    with pytest.raises(sfnsim.RunTimeout) as raised:
        sfnsim.run(ENDLESS, {}, state_machine_type="EXPRESS", timeout=0.5)
    assert time.monotonic() - started < 5
    assert raised.value.state in ("A", "B")
    assert raised.value.execution.status == "RUNNING"
    assert "still running after 0.5 s" in str(raised.value)
    assert isinstance(raised.value, TimeoutError)


@pytest.mark.parametrize(
    "text",
    ["[" * 100000 + "]" * 100000, '{"a":' * 1001 + "1" + "}" * 1001],
    ids=["arrays", "objects"],
)
def test_input_nested_deeper_than_aws_reads_is_refused(text: str) -> None:
    # Regression: describe_execution overflowed the C++ stack on 100,000 levels.
    sfn = sfnsim.client()
    arn = machine(sfn, pass_chain(1))
    with pytest.raises(sfn.exceptions.InvalidExecutionInput, match="nesting depth \\(1001\\)"):
        sfn.start_execution(stateMachineArn=arn, input=text)
    with pytest.raises(sfn.exceptions.InvalidExecutionInput, match="nesting depth"):
        sfn.test_state(definition='{"Type": "Pass", "End": true}', roleArn=ROLE, input=text)
    ok = "[" * 1000 + "]" * 1000
    done = sfn.start_execution(stateMachineArn=arn, input=ok)["executionArn"]
    assert sfn.describe_execution(executionArn=done)["output"] == ok


def test_run_refuses_deep_input_in_its_own_terms() -> None:
    deep: Any = []
    for _ in range(1001):
        deep = [deep]
    with pytest.raises(sfnsim.InvalidExecutionInput):
        sfnsim.run(pass_chain(1), deep)
    with pytest.raises(sfnsim.InvalidExecutionInput):
        sfnsim.run(pass_chain(1), input_json="[" * 5000 + "]" * 5000)


def test_a_deep_task_result_fails_the_task_instead_of_the_process() -> None:
    def deep(event: Any) -> Any:
        value: Any = []
        for _ in range(100000):
            value = [value]
        return value

    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:deep",
                "End": True,
            }
        },
    }
    ex = sfnsim.run(definition, {}, tasks={"deep": deep})
    assert ex.status == "FAILED" and "nested deeper than 1000" in (ex.cause or "")


def test_a_loop_that_nests_its_output_fails_with_a_runtime_error() -> None:
    wrap = {
        "StartAt": "Wrap",
        "States": {
            "Wrap": {"Type": "Pass", "Parameters": {"x.$": "$"}, "Next": "Again"},
            "Again": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.stop", "IsPresent": True, "Next": "Done"}],
                "Default": "Wrap",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    ex = sfnsim.run(wrap, {})
    assert (ex.status, ex.error) == ("FAILED", "States.Runtime")
    assert "nested deeper than the maximum allowed (1000 levels)" in (ex.cause or "")


@pytest.mark.parametrize("text", ["1e400", "-1e400", "[1e999]", "{} x", "[1] [2]"])
def test_input_no_json_value_holds_is_invalid_input(text: str) -> None:
    # Regression: "1e400" answered InternalFailure.
    sfn = sfnsim.client()
    with pytest.raises(sfn.exceptions.InvalidExecutionInput):
        sfn.start_execution(stateMachineArn=machine(sfn, pass_chain(1)), input=text)
