"""Step Functions Local's MockConfigFile: the AWS sample unchanged, counting, and bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim import MockConfigError, load_mock_config

DATA = Path(__file__).parent / "data" / "sfn-local"
DEFINITION = (DATA / "LambdaSQSIntegration.asl.json").read_text()


def run_case(test_case: str, **kw: Any) -> sfnsim.Execution:
    config = load_mock_config(DATA / "MockConfigFile.json")
    return sfnsim.run(
        DEFINITION,
        {"hello": "world"},
        state_machine_name="LambdaSQSIntegration",
        mocks=config,
        test_case=test_case,
        **kw,
    )


def test_aws_sample_happy_path() -> None:
    ex = run_case("HappyPath")
    assert ex.status == "SUCCEEDED", ex.cause
    assert ex.output == {
        "MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
        "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51",
    }
    events = ex.history
    lambda_done = next(e for e in events if e["type"] == "TaskSucceeded")
    # Return is the raw lambda:invoke response, not wrapped again.
    assert json.loads(lambda_done["taskSucceededEventDetails"]["output"]) == {
        "StatusCode": 200,
        "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"},
    }


def test_aws_sample_retry_path_consumes_one_response_per_attempt() -> None:
    ex = run_case("RetryPath")
    assert ex.status == "SUCCEEDED", ex.cause
    failures = [
        e["taskFailedEventDetails"]["error"] for e in ex.history if e["type"] == "TaskFailed"
    ]
    assert failures == [
        "Lambda.ResourceNotReadyException",
        "Lambda.TimeoutException",
        "Lambda.TimeoutException",
    ]
    # Backoff 2 + 4 + 8 seconds on the virtual clock.
    assert ex.stop_date is not None
    assert (ex.stop_date - ex.start_date).total_seconds() == pytest.approx(14, abs=0.01)


def test_hybrid_path_leaves_unlisted_states_to_other_mocks() -> None:
    ex = run_case("HybridPath")
    assert (ex.status, ex.error) == ("FAILED", "sfnsim.TaskNotMocked")
    assert "SQSState" in (ex.cause or "")
    extra = sfnsim.Mocks()
    extra.state("SQSState").returns({"MessageId": "real"})
    config = load_mock_config(DATA / "MockConfigFile.json")
    hybrid = config.mocks("LambdaSQSIntegration", "HybridPath")
    ex = sfnsim.run(DEFINITION, {}, mocks=hybrid, tasks=None)
    assert ex.status == "FAILED"
    both = sfnsim.run(
        DEFINITION,
        {},
        mocks=config,
        test_case="HybridPath",
        state_machine_name="LambdaSQSIntegration",
        tasks={"arn:aws:states:::sqs:sendMessage": lambda p: {"MessageId": "real"}},
    )
    assert both.output == {"MessageId": "real"}


def mapped(responses: dict[str, Any], retry: bool = True) -> sfnsim.Execution:
    task: dict[str, Any] = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
        "OutputPath": "$.Payload" if False else "$",
        "End": True,
    }
    if retry:
        task["Retry"] = [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1}]
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 1,
                "ItemProcessor": {"StartAt": "Work", "States": {"Work": task}},
                "End": True,
            }
        },
    }
    config = load_mock_config(
        {
            "StateMachines": {"sm": {"TestCases": {"T": {"Work": "R"}}}},
            "MockedResponses": {"R": responses},
        }
    )
    return sfnsim.run(definition, [1, 2], state_machine_name="sm", mocks=config, test_case="T")


def test_one_counter_per_state_across_retries_and_iterations() -> None:
    # floci#3254, measured on Step Functions Local 2.0.0: output ["idx1", "idx2"].
    ex = mapped(
        {
            "0": {"Throw": {"Error": "Boom", "Cause": "x"}},
            "1": {"Return": "idx1"},
            "2": {"Return": "idx2"},
            "3": {"Return": "idx3"},
        }
    )
    assert ex.output == ["idx1", "idx2"]


def test_missing_response_fails_with_states_runtime_which_nothing_catches() -> None:
    ex = mapped({"0": {"Return": "only one"}})
    assert (ex.status, ex.error) == ("FAILED", "States.Runtime")


def test_ranges_expand() -> None:
    ex = mapped({"0-1": {"Return": "same"}}, retry=False)
    assert ex.output == ["same", "same"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a JSON object at the top level"),
        ({"MockedResponses": {}}, "missing top-level field 'StateMachines'"),
        ({"StateMachines": {}}, "missing top-level field 'MockedResponses'"),
        ({"StateMachines": [], "MockedResponses": {}}, "StateMachines: expected an object"),
        (
            {"StateMachines": {"sm": {}}, "MockedResponses": {}},
            "StateMachines.sm: expected an object with 'TestCases'",
        ),
        (
            {"StateMachines": {"sm": {"TestCases": {"T": {"S": "Nope"}}}}, "MockedResponses": {}},
            "StateMachines.sm.TestCases.T.S: no mocked response named 'Nope'",
        ),
        (
            {"StateMachines": {"sm": {"TestCases": {"T": {"S": 3}}}}, "MockedResponses": {}},
            "StateMachines.sm.TestCases.T.S: expected the name of a mocked response",
        ),
        (
            {"StateMachines": {}, "MockedResponses": {"R": {"first": {"Return": 1}}}},
            "MockedResponses.R: invalid invocation key 'first'",
        ),
        (
            {"StateMachines": {}, "MockedResponses": {"R": {"2-1": {"Return": 1}}}},
            "MockedResponses.R: invalid range '2-1'",
        ),
        (
            {
                "StateMachines": {},
                "MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 1}}},
            },
            "MockedResponses.R: inconsistent invocation numbering: expected invocation 1 next",
        ),
        (
            {
                "StateMachines": {},
                "MockedResponses": {"R": {"0-1": {"Return": 1}, "1": {"Return": 1}}},
            },
            "inconsistent invocation numbering",
        ),
        (
            {"StateMachines": {}, "MockedResponses": {"R": {"0": {}}}},
            "MockedResponses.R.0: expected 'Return' or 'Throw', got an empty object",
        ),
        (
            {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Return": 1, "Throw": {}}}}},
            "has both 'Return' and 'Throw'",
        ),
        (
            {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Throw": {"Cause": "c"}}}}},
            "MockedResponses.R.0.Throw: missing 'Error'",
        ),
        (
            {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Throw": {"Error": 1}}}}},
            "MockedResponses.R.0.Throw.Error: expected a string",
        ),
        (
            {"StateMachines": {}, "MockedResponses": {"R": {"0": {"Returns": 1}}}},
            "MockedResponses.R.0: unknown field 'Returns'",
        ),
    ],
)
def test_malformed_files_name_the_key(data: Any, message: str) -> None:
    with pytest.raises(MockConfigError) as err:
        load_mock_config(data) if isinstance(data, dict) else sfnsim.mock_config.parse_mock_config(
            data
        )
    assert message in str(err.value)


def test_unknown_machine_or_test_case_and_unreadable_files(tmp_path: Path) -> None:
    config = load_mock_config(DATA / "MockConfigFile.json")
    with pytest.raises(MockConfigError, match="no state machine named 'Other'"):
        config.mocks("Other", "HappyPath")
    with pytest.raises(MockConfigError, match="no test case 'Sad'.*HappyPath"):
        config.mocks("LambdaSQSIntegration", "Sad")
    with pytest.raises(MockConfigError, match="cannot read"):
        load_mock_config(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(MockConfigError, match="not valid JSON"):
        load_mock_config(bad)
    with pytest.raises(TypeError, match="test_case"):
        sfnsim.run(DEFINITION, mocks=config)


def test_activity_states_cannot_be_mocked_as_in_step_functions_local() -> None:
    config = load_mock_config(
        {
            "StateMachines": {"sm": {"TestCases": {"T": {"A": "R"}}}},
            "MockedResponses": {"R": {"0": {"Return": {"x": 1}}}},
        }
    )
    definition = {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
                "End": True,
            }
        },
    }
    ex = sfnsim.run(definition, state_machine_name="sm", mocks=config, test_case="T")
    assert (ex.status, ex.error) == ("FAILED", "States.Runtime")
    # A Python mock can stand in for the worker, under a worker name.
    mocks = sfnsim.Mocks()
    mocks.state("A").sequence(sfnsim.returns({"x": 1}, worker="w-1"))
    ex = sfnsim.run(definition, mocks=mocks)
    started = next(e for e in ex.history if e["type"] == "ActivityStarted")
    assert started["activityStartedEventDetails"] == {"workerName": "w-1"}
