"""docs/semantics/distributed-map.md R1-R10 and M3 through the client: RedriveExecution on a parent
whose Distributed Map's run failed or was aborted redrives that map run, and what DescribeMapRun,
ListExecutions(mapRunArn, redriveFilter), DescribeExecution and GetExecutionHistory show of it."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sfnsim
from sfnsim.services import MemoryServices

ROLE = "arn:aws:iam::123456789012:role/r"


def parent(execution_type: str, **fields: Any) -> dict[str, Any]:
    """A Map whose children pass through Pre, then call the `work` task."""
    return {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
                    "StartAt": "Pre",
                    "States": {
                        "Pre": {"Type": "Pass", "Next": "Work"},
                        "Work": {
                            "Type": "Task",
                            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                            "End": True,
                        },
                    },
                },
                "End": True,
                **fields,
            }
        },
    }


class Work:
    """Fails for odd items until mended; counts the calls per item."""

    def __init__(self) -> None:
        self.broken = True
        self.calls: dict[int, int] = {}

    def __call__(self, item: int) -> Any:
        self.calls[item] = self.calls.get(item, 0) + 1
        if self.broken and item % 2 == 1:
            raise ValueError(f"item {item} broke")
        return {"done": item}


def start(client: Any, definition: dict[str, Any], items: list[int]) -> str:
    arn = client.create_state_machine(name="p", definition=json.dumps(definition), roleArn=ROLE)[
        "stateMachineArn"
    ]
    return client.start_execution(stateMachineArn=arn, input=json.dumps({"items": items}))[
        "executionArn"
    ]


def child_types(client: Any, arn: str) -> list[str]:
    return [e["type"] for e in client.get_execution_history(executionArn=arn)["events"]]


@pytest.mark.parametrize("execution_type", ["STANDARD", "EXPRESS"])
def test_r1_r10_a_redriven_parent_redrives_its_map_run(execution_type: str) -> None:
    work = Work()
    client = sfnsim.client(tasks={"work": work})
    # One child at a time: item 0 succeeds, item 1 fails the run, items 2 and 3 never start.
    ex = start(client, parent(execution_type, MaxConcurrency=1), [0, 1, 2, 3])
    assert client.describe_execution(executionArn=ex)["status"] == "FAILED"
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    run_arn = run["mapRunArn"]
    described = client.describe_map_run(mapRunArn=run_arn)
    assert described["status"] == "FAILED" and described["redriveCount"] == 0
    assert "redriveDate" not in described
    counts = described["executionCounts"]
    assert (counts["succeeded"], counts["failed"], counts["pending"], counts["total"]) == (
        1,
        1,
        2,
        4,
    )
    assert "pendingRedrive" not in counts
    listed = client.list_executions(mapRunArn=run_arn)["executions"]
    by_status = {c["status"]: c for c in listed}
    failed_arn = by_status["FAILED"]["executionArn"]
    succeeded_arn = by_status["SUCCEEDED"]["executionArn"]
    # R10: an unsuccessful child is the map run's to redrive.
    assert client.describe_execution(executionArn=failed_arn)["redriveStatus"] == (
        "REDRIVABLE_BY_MAP_RUN"
    )
    ok = client.describe_execution(executionArn=succeeded_arn)
    assert (ok["redriveStatus"], ok["redriveStatusReason"]) == (
        "NOT_REDRIVABLE",
        "Execution is SUCCEEDED and cannot be redriven",
    )
    first_attempt = child_types(client, succeeded_arn)

    work.broken = False
    when = client.redrive_execution(executionArn=ex)["redriveDate"]
    done = client.describe_execution(executionArn=ex)
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"]) == [{"done": i} for i in range(4)]
    # R4: the succeeded child is not run again.
    assert work.calls == {0: 1, 1: 2, 2: 1, 3: 1}
    assert child_types(client, succeeded_arn) == first_attempt
    # R2: the same map run, redriven once.
    (again,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    assert again["mapRunArn"] == run_arn
    described = client.describe_map_run(mapRunArn=run_arn)
    assert described["status"] == "SUCCEEDED"
    assert described["redriveCount"] == 1 and described["redriveDate"] == when
    for counts in (described["executionCounts"], described["itemCounts"]):
        assert counts["succeeded"] == counts["total"] == 4
        assert counts["failed"] == counts["aborted"] == counts["pending"] == 0
        assert counts["pendingRedrive"] == counts["failuresNotRedrivable"] == 0
    events = client.get_execution_history(executionArn=ex)["events"]
    types = [e["type"] for e in events]
    redriven = types.index("ExecutionRedriven")
    assert types[redriven:] == [
        "ExecutionRedriven",
        "MapStateEntered",
        "MapStateStarted",
        "MapRunRedriven",
        "MapRunSucceeded",
        "MapStateSucceeded",
        "MapStateExited",
        "ExecutionSucceeded",
    ]
    assert events[redriven + 3]["mapRunRedrivenEventDetails"] == {
        "mapRunArn": run_arn,
        "redriveCount": 1,
    }
    # Still four children: the failed one under its ARN, two started by the redrive.
    listed = client.list_executions(mapRunArn=run_arn)["executions"]
    assert len(listed) == 4 and {c["status"] for c in listed} == {"SUCCEEDED"}
    redriven_children = client.list_executions(mapRunArn=run_arn, redriveFilter="REDRIVEN")[
        "executions"
    ]
    not_redriven = client.list_executions(mapRunArn=run_arn, redriveFilter="NOT_REDRIVEN")[
        "executions"
    ]
    child = client.describe_execution(executionArn=failed_arn)
    types = child_types(client, failed_arn)
    if execution_type == "STANDARD":
        # R5: redriven in place from Work, the state it failed in.
        assert [c["executionArn"] for c in redriven_children] == [failed_arn]
        assert redriven_children[0]["redriveCount"] == 1
        assert len(not_redriven) == 3
        assert child["redriveCount"] == 1 and "redriveDate" in child
        failed_at = types.index("ExecutionFailed")
        assert types[failed_at + 1 : failed_at + 3] == ["ExecutionRedriven", "TaskStateEntered"]
        assert types.count("PassStateEntered") == 1
    else:
        # R6: started again from Pre, under the same ARN, with no redrive of its own.
        assert redriven_children == [] and len(not_redriven) == 4
        assert child["redriveCount"] == 0 and "redriveDate" not in child
        assert types[0] == "ExecutionStarted" and "ExecutionFailed" not in types
        assert types.count("PassStateEntered") == 1
    assert child["status"] == "SUCCEEDED"
    assert json.loads(child["output"]) == {"done": 1}


def test_r7_pending_redrive_counts_the_children_waiting_for_a_slot() -> None:
    clock = sfnsim.ManualClock()
    mended = Work()
    client = sfnsim.client(clock=clock, tasks={"work": mended})
    definition = parent("STANDARD", MaxConcurrency=1, ToleratedFailureCount=2)
    # A child fails in a Parallel's branch, so its redrive runs the Parallel again: it waits.
    processor = definition["States"]["M"]["ItemProcessor"]
    work = processor["States"]["Work"]
    processor["States"] = {
        "Pre": {
            "Type": "Parallel",
            "End": True,
            "Branches": [
                {
                    "StartAt": "W",
                    "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "Work"}, "Work": work},
                }
            ],
        }
    }
    # Every item fails: the third failure exceeds the tolerance, the fourth item never starts.
    ex = start(client, definition, [1, 3, 5, 7])
    clock.advance(100)
    assert client.describe_execution(executionArn=ex)["status"] == "FAILED"
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    run_arn = run["mapRunArn"]
    counts = client.describe_map_run(mapRunArn=run_arn)["executionCounts"]
    assert (counts["failed"], counts["pending"], counts["aborted"]) == (3, 1, 0)
    mended.broken = False
    client.redrive_execution(executionArn=ex)
    described = client.describe_map_run(mapRunArn=run_arn)
    assert described["status"] == "RUNNING" and "stopDate" not in described
    # One slot: one child redriven, two waiting (still FAILED), the fourth item after them.
    for kind in ("executionCounts", "itemCounts"):
        counts = described[kind]
        assert (counts["running"], counts["pendingRedrive"], counts["failed"]) == (1, 2, 2)
        assert counts["pending"] == 1
    clock.advance(100)
    assert client.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    described = client.describe_map_run(mapRunArn=run_arn)
    counts = described["executionCounts"]
    assert (counts["succeeded"], counts["failed"], counts["pendingRedrive"]) == (4, 0, 0)
    assert "stopDate" in described


def test_r1_a_run_aborted_with_its_stopped_parent_is_redriven() -> None:
    clock = sfnsim.ManualClock()
    client = sfnsim.client(clock=clock)
    definition = parent("STANDARD", MaxConcurrency=2)
    definition["States"]["M"]["ItemProcessor"]["States"] = {
        "Pre": {"Type": "Wait", "Seconds": 30, "End": True}
    }
    ex = start(client, definition, [1, 2, 3])
    clock.advance(5)
    client.stop_execution(executionArn=ex)
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    counts = client.describe_map_run(mapRunArn=run["mapRunArn"])["executionCounts"]
    assert (counts["aborted"], counts["pending"]) == (2, 1)
    client.redrive_execution(executionArn=ex)
    clock.advance(100)
    assert client.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    assert len(client.list_map_runs(executionArn=ex)["mapRuns"]) == 1
    counts = client.describe_map_run(mapRunArn=run["mapRunArn"])["executionCounts"]
    assert (counts["succeeded"], counts["aborted"]) == (3, 0)
    for child in client.list_executions(mapRunArn=run["mapRunArn"], redriveFilter="REDRIVEN")[
        "executions"
    ]:
        types = child_types(client, child["executionArn"])
        assert types[2:4] == ["ExecutionAborted", "ExecutionRedriven"]


# -- M3: resultsWritten ----------------------------------------------------------------------


def writing(services: MemoryServices, tasks: dict[str, Any], **fields: Any) -> tuple[Any, str]:
    services.s3.create_bucket("out")
    definition = parent(
        "STANDARD",
        ResultWriter={
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "out", "Prefix": "runs"},
        },
        **fields,
    )
    return definition, "out"


def test_m3_results_written_counts_what_the_writer_wrote() -> None:
    services = MemoryServices(["s3"])
    work = Work()
    client = sfnsim.client(tasks={"work": work}, services=services)
    definition, _ = writing(services, {}, MaxConcurrency=1)
    ex = start(client, definition, [0, 1, 2])
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    counts = client.describe_map_run(mapRunArn=run["mapRunArn"])["executionCounts"]
    # W3: the failed run wrote its files, listing the succeeded and the failed child.
    assert (counts["succeeded"], counts["failed"], counts["resultsWritten"]) == (1, 1, 2)
    work.broken = False
    client.redrive_execution(executionArn=ex)
    counts = client.describe_map_run(mapRunArn=run["mapRunArn"])["executionCounts"]
    assert (counts["succeeded"], counts["resultsWritten"]) == (3, 3)


def test_m3_a_stopped_parents_writer_wrote_nothing() -> None:
    clock = sfnsim.ManualClock()
    services = MemoryServices(["s3"])
    client = sfnsim.client(clock=clock, services=services)
    definition, _ = writing(services, {})
    definition["States"]["M"]["ItemProcessor"]["States"] = {
        "Pre": {"Type": "Wait", "Seconds": 30, "End": True}
    }
    ex = start(client, definition, [1, 2])
    clock.advance(5)
    client.stop_execution(executionArn=ex)
    (run,) = client.list_map_runs(executionArn=ex)["mapRuns"]
    for kind in ("executionCounts", "itemCounts"):
        counts = client.describe_map_run(mapRunArn=run["mapRunArn"])[kind]
        assert (counts["aborted"], counts["resultsWritten"]) == (2, 0)
    assert services.s3.objects.get("out", {}) == {}
