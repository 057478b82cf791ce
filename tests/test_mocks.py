"""sfnsim.Mocks: each mock form, precedence, sequences, durations, call records, errors."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import sfnsim
from sfnsim import Mocks, raises, returns

ACCOUNT = "123456789012"
FN_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:charge-card"


def task(resource: str, **extra: Any) -> dict[str, Any]:
    return {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": resource, "End": True, **extra}},
    }


def invoke(function: str = "charge-card", **extra: Any) -> dict[str, Any]:
    return task(
        "arn:aws:states:::lambda:invoke",
        Parameters={"FunctionName": function, "Payload.$": "$"},
        **extra,
    )


class PaymentDeclined(Exception):
    pass


def test_lambda_handler_by_name_serves_every_invoke_style() -> None:
    mocks = Mocks()
    seen: list[Any] = []

    @mocks.lambda_("charge-card")
    def charge(event: Any, context: Any) -> Any:
        seen.append((event, context.function_name, context.aws_request_id))
        return {"charged": event["amount"]}

    legacy = sfnsim.run(task(FN_ARN), {"amount": 5}, mocks=mocks)
    assert legacy.status == "SUCCEEDED" and legacy.output == {"charged": 5}
    assert [e["type"] for e in legacy.history][2:5] == [
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
    ]
    for fn in ("charge-card", FN_ARN, f"{FN_ARN}:$LATEST", f"{ACCOUNT}:function:charge-card"):
        ex = sfnsim.run(invoke(fn), {"amount": 7}, mocks=mocks)
        assert ex.status == "SUCCEEDED", ex.cause
        out = ex.output
        assert out["Payload"] == {"charged": 7}
        assert out["StatusCode"] == 200 and out["ExecutedVersion"] == "$LATEST"
        assert (
            out["SdkResponseMetadata"]["RequestId"]
            == out["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"]
        )
    assert seen[0][1] == "charge-card" and len(seen[0][2]) == 36
    assert len(mocks.calls("charge-card")) == 5
    assert mocks.calls(FN_ARN) == mocks.calls("charge-card")


def test_invoke_response_request_id_is_the_one_the_handler_saw() -> None:
    # The engine builds the invoke response and derives its request id from the call's identity;
    # the handler's context derives it in Python: both must agree, and a rerun gives the same.
    mocks = Mocks()
    seen: list[str] = []

    @mocks.lambda_("charge-card")
    def charge(event: Any, context: Any) -> Any:
        seen.append(context.aws_request_id)
        return {"charged": event["amount"]}

    runs = []
    for _ in range(2):
        runs.append(sfnsim.run(invoke("charge-card"), {"amount": 1}, mocks=mocks, name="n"))
        mocks.reset_calls()  # invocation counters restart: the same call identity again
    ids = [r.output["SdkResponseMetadata"]["RequestId"] for r in runs]
    assert ids == seen and ids[0] == ids[1]
    headers = runs[0].output["SdkHttpMetadata"]
    assert headers["HttpHeaders"]["x-amzn-RequestId"] == ids[0]
    assert headers["AllHttpHeaders"]["x-amzn-RequestId"] == [ids[0]]


def test_lambda_exception_is_named_after_its_class_with_a_lambda_shaped_cause() -> None:
    mocks = Mocks()

    @mocks.lambda_("charge-card")
    def charge(event: Any) -> Any:
        raise PaymentDeclined("over limit")

    # As AWS records them: the runtime's own text for a function ARN, compact for lambda:invoke.
    for definition, start in (
        (task(FN_ARN), '{"errorMessage": "over limit", '),
        (invoke(), '{"errorMessage":"over limit",'),
    ):
        ex = sfnsim.run(definition, {"amount": 5000}, mocks=mocks)
        assert (ex.status, ex.error) == ("FAILED", "PaymentDeclined")
        assert ex.cause is not None and ex.cause.startswith(start)
        cause = json.loads(ex.cause)
        assert list(cause) == ["errorMessage", "errorType", "requestId", "stackTrace"]
        assert cause["errorType"] == "PaymentDeclined"
        # The trace starts in the handler, not in the simulator: every frame is this file's
        # (matched by path, so that it holds wherever the checkout lives, whatever its name).
        assert "in charge" in cause["stackTrace"][0]
        assert all(frame.startswith(f'  File "{__file__}"') for frame in cause["stackTrace"])


def test_state_mock_returns_the_raw_integration_result() -> None:
    mocks = Mocks()
    mocks.state("T").returns({"MessageId": "m-1"})
    ex = sfnsim.run(
        task("arn:aws:states:::sns:publish", Parameters={"TopicArn": "t", "Message": "hi"}),
        mocks=mocks,
    )
    assert ex.output == {"MessageId": "m-1"}
    scheduled = ex.history[2]["taskScheduledEventDetails"]
    assert (scheduled["resourceType"], scheduled["resource"]) == ("sns", "publish")
    assert json.loads(scheduled["parameters"]) == {"TopicArn": "t", "Message": "hi"}
    [call] = mocks.calls("T")
    assert call.input == {"TopicArn": "t", "Message": "hi"} and call.attempt == 0
    assert mocks.calls("arn:aws:states:::sns:publish") == [call]


def test_most_specific_mock_wins() -> None:
    mocks = Mocks()
    mocks.resource("arn:aws:states:::lambda:invoke").returns("by resource")
    mocks.lambda_("charge-card").returns("by function")
    ex = sfnsim.run(invoke(), {}, mocks=mocks)
    assert ex.output["Payload"] == "by function"
    mocks.state("T").returns("by state")
    assert sfnsim.run(invoke(), {}, mocks=mocks).output == "by state"
    assert sfnsim.run(invoke("other"), {}, mocks=Mocks()).error == "sfnsim.TaskNotMocked"
    only_resource = Mocks()
    only_resource.resource("arn:aws:states:::lambda:invoke").returns({"raw": 1})
    assert sfnsim.run(invoke("other"), {}, mocks=only_resource).output == {"raw": 1}


def test_sequence_drives_retry_and_is_counted_per_execution() -> None:
    mocks = Mocks()
    mocks.state("T").sequence(raises("Throttled"), raises("Throttled"), returns({"ok": True}))
    definition = task(
        "arn:aws:states:::dynamodb:putItem",
        Parameters={"TableName": "t", "Item": {}},
        Retry=[{"ErrorEquals": ["Throttled"], "MaxAttempts": 3, "IntervalSeconds": 2}],
    )
    for _ in range(2):
        ex = sfnsim.run(definition, mocks=mocks)
        assert ex.status == "SUCCEEDED" and ex.output == {"ok": True}
        types = [e["type"] for e in ex.history]
        assert types.count("TaskFailed") == 2
        # Retry backoff (2 s, then 4 s) on the virtual clock.
        assert (ex.stop_date - ex.start_date).total_seconds() == pytest.approx(6, abs=0.01)
    assert [c.attempt for c in mocks.calls("T")] == [0, 1, 2, 0, 1, 2]


def test_exhausted_sequence_fails_loudly_and_is_not_caught() -> None:
    mocks = Mocks()
    mocks.state("T").sequence(raises("Boom"))
    definition = task(
        "arn:aws:states:::sns:publish",
        Parameters={"Message": "m"},
        Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}],
        Catch=[{"ErrorEquals": ["States.ALL"], "Next": "C"}],
        End=None,
    )
    del definition["States"]["T"]["End"]
    definition["States"]["T"]["Next"] = "C"
    definition["States"]["C"] = {"Type": "Pass", "End": True}
    ex = sfnsim.run(definition, mocks=mocks)
    assert (ex.status, ex.error) == ("FAILED", "sfnsim.MockExhausted")
    assert "invocation 1 of state 'T'" in (ex.cause or "")


def test_unmocked_task_names_the_state_the_resource_and_the_fix() -> None:
    ex = sfnsim.run(invoke(), {}, mocks=Mocks())
    assert (ex.status, ex.error) == ("FAILED", "sfnsim.TaskNotMocked")
    cause = ex.cause or ""
    assert "'T'" in cause and "arn:aws:states:::lambda:invoke" in cause
    assert "mocks.lambda_('charge-card')" in cause


def test_duration_runs_on_the_virtual_clock_into_timeout_seconds() -> None:
    mocks = Mocks()
    mocks.state("T").returns({"ok": 1}, duration=30)
    ok = sfnsim.run(task("arn:aws:states:::sns:publish", Parameters={"Message": "m"}), mocks=mocks)
    assert (ok.stop_date - ok.start_date).total_seconds() == pytest.approx(30, abs=0.01)
    late = sfnsim.run(
        task("arn:aws:states:::sns:publish", Parameters={"Message": "m"}, TimeoutSeconds=10),
        mocks=mocks,
    )
    assert (late.status, late.error, late.cause) == ("FAILED", "States.Timeout", None)
    assert late.history[-2]["type"] == "TaskTimedOut"


def test_heartbeat_seconds_time_out_a_slow_callback() -> None:
    mocks = Mocks()
    mocks.state("T").returns("approved", duration=8)
    definition = task(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        Parameters={"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}},
        HeartbeatSeconds=5,
    )
    ex = sfnsim.run(definition, mocks=mocks)
    assert (ex.status, ex.error) == ("FAILED", "States.Timeout")
    [call] = mocks.calls("T")
    assert len(call.task_token) > 100 and call.input["MessageBody"]["Token"] == call.task_token


def test_handler_receives_the_context_object_for_service_tasks() -> None:
    mocks = Mocks()
    tokens: list[str] = []

    @mocks.state("T")
    def approve(params: Any, context: Any) -> Any:
        tokens.append(context["Task"]["Token"])
        return {"approved": params["MessageBody"]["Token"] == context["Task"]["Token"]}

    definition = task(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        Parameters={"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}},
    )
    ex = sfnsim.run(definition, mocks=mocks)
    assert ex.output == {"approved": True} and len(tokens) == 1


def test_task_failed_gives_exact_error_and_cause() -> None:
    mocks = Mocks()
    mocks.state("T").handler(lambda _: (_ for _ in ()).throw(sfnsim.TaskFailed("E.x", "why")))
    ex = sfnsim.run(task("arn:aws:states:::sns:publish", Parameters={"Message": "m"}), mocks=mocks)
    assert (ex.error, ex.cause) == ("E.x", "why")


def test_raises_accepts_an_exception_instance_or_class() -> None:
    for response, cause in ((raises(PaymentDeclined("no")), "no"), (raises(PaymentDeclined), None)):
        mocks = Mocks()
        mocks.state("T").sequence(response)
        ex = sfnsim.run(
            task("arn:aws:states:::sns:publish", Parameters={"Message": "m"}), mocks=mocks
        )
        assert (ex.error, ex.cause) == ("PaymentDeclined", cause)
    with pytest.raises(TypeError):
        raises(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Mocks().state("T").sequence()


def test_mocks_inside_map_count_every_iteration() -> None:
    mocks = Mocks()
    mocks.state("Item").sequence(*(returns(i * 10) for i in range(3)))
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 1,
                "ItemProcessor": {
                    "StartAt": "Item",
                    "States": {
                        "Item": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::sns:publish",
                            "Parameters": {"Message.$": "$"},
                            "End": True,
                        }
                    },
                },
                "End": True,
            }
        },
    }
    ex = sfnsim.run(definition, ["a", "b", "c"], mocks=mocks)
    assert ex.output == [0, 10, 20]
    assert [c.input["Message"] for c in mocks.calls("Item")] == ["a", "b", "c"]
    mocks.reset_calls()
    assert mocks.calls("Item") == []


def test_each_call_keeps_the_context_it_saw() -> None:
    # Calls share the unchanging part of their context snapshots: what differs per call (State,
    # Task) must still be each call's own, in the context's key order.
    mocks = Mocks()
    mocks.state("Item").sequence(raises("Boom"), returns(1), returns(2))
    mocks.state("Wait").waits()
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "MaxConcurrency": 1,
                "ItemProcessor": {
                    "StartAt": "Item",
                    "States": {
                        "Item": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::sns:publish",
                            "Parameters": {"Message.$": "$"},
                            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 2}],
                            "End": True,
                        }
                    },
                },
                "Next": "Wait",
            },
            "Wait": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"},
                "TimeoutSeconds": 5,
                "End": True,
            },
        },
    }
    sfnsim.run(definition, ["a", "b"], mocks=mocks, name="ctx")
    contexts = [c.context for c in mocks.calls("Item")]
    assert [c["State"]["RetryCount"] for c in contexts] == [0, 1, 0]
    entered = [c["State"]["EnteredTime"] for c in contexts]
    assert entered[0] == entered[1] < entered[2]  # a retry stays in the state; "b" enters later
    for c in contexts:
        assert list(c) == ["Execution", "StateMachine", "State"]
        assert list(c["Execution"])[:2] == ["Id", "Input"]
        assert c["Execution"]["Input"] == ["a", "b"] and c["Execution"]["Name"] == "ctx"
        assert c["State"]["Name"] == "Item"
    (waiting,) = mocks.calls("Wait")
    assert list(waiting.context) == ["Execution", "StateMachine", "State", "Task"]
    assert waiting.context["Task"]["Token"] == waiting.input["MessageBody"]
    assert waiting.context["State"]["Name"] == "Wait"


def test_tasks_shorthand_still_works_alongside_mocks() -> None:
    mocks = Mocks()
    mocks.state("A").returns(1)
    definition = {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sns:publish",
                "Next": "B",
                "Parameters": {"Message": "m"},
                "ResultPath": "$.a",
            },
            "B": {"Type": "Task", "Resource": FN_ARN, "End": True},
        },
    }
    ex = sfnsim.run(definition, {}, mocks=mocks, tasks={"charge-card": lambda e: {**e, "b": 2}})
    assert ex.output == {"a": 1, "b": 2}
    with pytest.raises(TypeError):
        sfnsim.run(definition, mocks=mocks, tasks=lambda r: {"kind": "succeeded"})
    with pytest.raises(TypeError):
        sfnsim.run(definition, mocks=mocks, test_case="X")


def test_activity_task_answered_by_a_mock_records_the_worker() -> None:
    mocks = Mocks()
    mocks.state("T").returns({"done": True})
    ex = sfnsim.run(task(f"arn:aws:states:us-east-1:{ACCOUNT}:activity:work"), mocks=mocks)
    assert ex.status == "SUCCEEDED", ex.cause
    types = [e["type"] for e in ex.history]
    assert types[2:5] == ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"]


def test_request_ids_are_the_uuid5_of_the_invocation() -> None:
    # Derived in the engine (common/name_uuid), the one derivation Python and the invoke
    # response share: uuid5 of the invocation's parts joined with '|'.
    from sfnsim.mocks import _request_id

    for ident in (
        ("", "", 0, "", 0),
        ("arn:aws:states:us-east-1:1:execution:m:n", "Work", 0, "f", 12),
        ("é€\U0001f600", "État", 3, "λ", 1),
    ):
        name = "|".join(str(part) for part in ident)
        assert _request_id(ident) == str(uuid.uuid5(uuid.NAMESPACE_URL, name))
