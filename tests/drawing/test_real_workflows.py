"""Drawings of workflows whose histories have the shapes that trip a reader up: a branch that
fails in a JSONata expression, a Map whose items fail differently, a Distributed Map whose
states ran in child executions, a graph narrower than its legend."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim.drawing import show
from sfnsim.drawing.text import text_width
from sfnsim.history_reader import ABORTED, FAILED, UNREAD

from .executions import START

ROLE = "arn:aws:iam::123456789012:role/test"

BRANCH_FAILS_IN_ASSIGN = {
    "QueryLanguage": "JSONata",
    "StartAt": "Both",
    "States": {
        "Both": {
            "Type": "Parallel",
            "End": True,
            "Branches": [
                {
                    "StartAt": "Slow",
                    "States": {"Slow": {"Type": "Wait", "Seconds": 5, "End": True}},
                },
                {
                    "StartAt": "Remember",
                    "States": {
                        "Remember": {
                            "Type": "Pass",
                            "Assign": {"x": "{% $states.input.missing.deeper %}"},
                            "End": True,
                        }
                    },
                },
            ],
        }
    },
}


def work_map(distributed: bool = False) -> dict[str, Any]:
    processor: dict[str, Any] = {
        "StartAt": "Work",
        "States": {
            "Work": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 1, "MaxAttempts": 3}],
                "End": True,
            }
        },
    }
    if distributed:
        processor["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    return {
        "StartAt": "Fan out",
        "States": {
            "Fan out": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemProcessor": processor,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                "End": True,
            },
            "Caught": {"Type": "Pass", "End": True},
        },
    }


def work(item: str) -> str:
    if item.startswith("a"):
        raise sfnsim.TaskFailed("Throttled", "slow down")
    if item == "b":
        raise sfnsim.TaskFailed("Broken", "bad item")
    return item


def group_captions(svg: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'class="sfn-detail"[^>]*>([^<]*)</text>', svg)]


def node_title(svg: str, state: str) -> str:
    found = re.search(rf'data-state="{re.escape(state)}">\s*<title>([^<]*)</title>', svg)
    assert found, f"no node {state}"
    return unescape(found.group(1))


def test_a_branch_failing_in_assign_is_drawn_as_one_of_two_branches() -> None:
    ex = sfnsim.run(BRANCH_FAILS_IN_ASSIGN, {}, name="assign", start_time=START)
    view = ex.view()
    assert view.overlay.group_caption("Both") == "2 branches: 1 \u2717  1 \u2298"
    timeline = view.timeline_svg()
    rows = re.findall(r">(branch \d+)</text>", timeline)
    assert rows == ["branch 0", "branch 1"]
    assert view.overlay.status("Remember") == FAILED
    assert view.overlay.status("Slow") == ABORTED
    svg = ex.to_svg()
    assert 'class="sfn-node sfn-failed sfn-failing" data-state="Remember"' in svg
    assert "Error: States.QueryEvaluationError" in node_title(svg, "Remember")


def test_a_failed_map_shows_the_iteration_that_failed_it() -> None:
    # More throttled-then-stopped iterations than the timeline draws one by one, all before
    # the one that failed: that one is drawn, and the Map names its error.
    items = [f"a{i}" if i % 4 == 0 else f"c{i}" for i in range(40)]
    items[30] = "b"
    ex = sfnsim.run(
        work_map(), {"items": items}, tasks={"work": work}, name="fan", start_time=START
    )
    assert ex.output == {"Error": "Broken", "Cause": "bad item"}
    assert ex.state("Fan out").error == "Broken"
    view = ex.view()
    timeline = view.timeline_svg()
    assert "iteration 30: Failed" in timeline
    assert view.trace.failing_visit().where == "Fan out iteration 30"
    html = view._repr_html_()
    assert "Error</b> <code>Broken</code>" in html
    assert "Error</b> <code>Throttled</code>" not in html
    counts = view.trace.states()["Work"].counts()
    assert counts[FAILED] == 1 and FAILED not in {
        v.status for v in ex.state("Work").visits if v.input != "b"
    }


def test_a_distributed_map_run_alone_says_its_states_ran_elsewhere() -> None:
    ex = sfnsim.run(
        work_map(distributed=True),
        {"items": ["c1", "c2", "c3"]},
        tasks={"work": work},
        name="dist",
        start_time=START,
    )
    assert ex.status == "SUCCEEDED"
    assert ex.state("Work").status == UNREAD
    svg = ex.to_svg()
    assert "Not run" not in node_title(svg, "Work")
    assert "child executions" in node_title(svg, "Work")
    assert all("\u2026" not in caption for caption in group_captions(svg))
    assert "3 child executions, not read" in node_title(svg, "Fan out")


def test_a_distributed_map_shown_through_a_client_reads_its_child_executions() -> None:
    client = sfnsim.client(tasks={"work": work})
    machine = client.create_state_machine(
        name="dist", definition=json.dumps(work_map(distributed=True)), roleArn=ROLE
    )["stateMachineArn"]
    arn = client.start_execution(
        stateMachineArn=machine, input=json.dumps({"items": ["a1", "b", "c1", "c2"]})
    )["executionArn"]
    view = show(arn, client=client)
    trace = view.trace
    assert len(trace.states()["Fan out"].visits[0].lanes) == 4
    work_runs = trace.states()["Work"].visits
    assert len(work_runs) == 4
    assert view.overlay.status("Work") == FAILED
    assert [v.input for v in work_runs if v.status == FAILED] == ["b"]
    assert {v.status for v in work_runs if v.input == "a1"} == {ABORTED}
    assert trace.failing_visit() is not None and trace.failing_visit().input == "b"
    svg = view.to_svg()
    assert "Ran 4 times" in node_title(svg, "Work")
    assert all("\u2026" not in caption for caption in group_captions(svg))
    # Read in part: the failures first, and the caption says how many of how many.
    partial = sfnsim.drawing.fetch_execution(client, arn, child_executions=1)
    assert [v.input for v in partial.trace.states()["Work"].visits] == ["b"]
    assert partial.overlay.group_caption("Fan out").startswith("1 of 4 child executions read")


def legend_items(svg: str) -> list[tuple[float, str]]:
    legend = re.search(r'<g class="sfn-legend">(.*?)</g>\n', svg)
    assert legend, svg[:500]
    return [
        (float(x), unescape(label))
        for x, label in re.findall(
            r'<g transform="translate\(([\d.]+),[\d.]+\)">.*?<text[^>]*>([^<]*)</text></g>',
            legend.group(1),
        )
    ]


def assert_legend_inside(svg: str) -> None:
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
    items = legend_items(svg)
    assert [label for _, label in items][:4] == [
        "\u2713 Succeeded",
        "\u21bb Succeeded after retry",
        "\u26a0 Caught error",
        "\u2717 Failed",
    ]
    for x, label in items:
        assert x + 19 + text_width(label, 11) <= width, (label, width)


def test_a_standalone_svg_shows_its_whole_legend() -> None:
    ex = sfnsim.run({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}, {})
    assert_legend_inside(ex.to_svg())


def test_sfnsim_run_svg_shows_its_whole_legend(tmp_path: Path) -> None:
    definition = tmp_path / "one.asl.json"
    definition.write_text(
        json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    )
    out = tmp_path / "one.svg"
    done = subprocess.run(
        [sys.executable, "-m", "sfnsim", "run", str(definition), "--svg", str(out), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert_legend_inside(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("states", [1, 3])
def test_the_graph_stays_centred_under_a_wider_legend(states: int) -> None:
    names = [f"S{i}" for i in range(states)]
    definition = {
        "StartAt": names[0],
        "States": {
            n: ({"Type": "Pass", "Next": names[i + 1]} if i + 1 < states else {"Type": "Succeed"})
            for i, n in enumerate(names)
        },
    }
    svg = sfnsim.run(definition, {}).to_svg()
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
    graph = re.search(r'</g>\n<g transform="translate\(([\d.]+),([\d.]+)\)">', svg)
    assert graph is not None
    layout = sfnsim.render(definition).layout
    assert float(graph.group(1)) == pytest.approx((width - layout.width) / 2, abs=0.1)


def test_a_retried_parallel_counts_the_branches_of_its_last_try() -> None:
    definition = json.loads(json.dumps(BRANCH_FAILS_IN_ASSIGN))
    definition["States"]["Both"]["Retry"] = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]
    view = sfnsim.run(definition, {}, name="retried", start_time=START).view()
    assert view.overlay.group_caption("Both") == "2 branches (try 2): 1 \u2717  1 \u2298"
    rows = re.findall(r">(branch \d+, try \d+)</text>", view.timeline_svg())
    assert rows == ["branch 0, try 1", "branch 1, try 1", "branch 0, try 2", "branch 1, try 2"]


def test_the_testing_helpers_do_not_call_a_state_of_unread_child_executions_not_run() -> None:
    from sfnsim.testing import assert_state_not_run, assert_state_ran

    ex = sfnsim.run(
        work_map(distributed=True), {"items": ["c1", "c2"]}, tasks={"work": work}, name="d"
    )
    with pytest.raises(AssertionError, match="ran in a Distributed Map's child executions"):
        assert_state_not_run(ex, "Work")
    with pytest.raises(AssertionError, match="client= to read"):
        assert_state_ran(ex, "Work")
    client = sfnsim.client(tasks={"work": work})
    machine = client.create_state_machine(
        name="dist", definition=json.dumps(work_map(distributed=True)), roleArn=ROLE
    )["stateMachineArn"]
    arn = client.start_execution(
        stateMachineArn=machine, input=json.dumps({"items": ["c1", "c2"]})
    )["executionArn"]
    assert_state_ran(arn, "Work", times=2, client=client)
