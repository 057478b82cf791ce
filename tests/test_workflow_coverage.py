"""``pytest --sfn-cov``: workflow coverage as a user meets it, in sandbox sessions (pytester).

The suite planted in the sandbox takes some paths of one workflow and not others; the numbers
in the summary and the JSON report are counted by hand from the definition below."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sfnsim import observe
from sfnsim.workflow_coverage import error_matches
from test_pytest_plugin import run

# 10 states; branches: Choice 3 rules + Default, Retry 2, Catch 2, Parallel 2, Map 1 = 11.
FLOW = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"},
                {"Variable": "$.n", "NumericLessThan": 0, "Next": "Big"},
                {"Variable": "$.n", "NumericEquals": 5, "Next": "Work"},
            ],
            "Default": "Small",
        },
        "Big": {"Type": "Pass", "Next": "Work"},
        "Small": {"Type": "Succeed"},
        "Work": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:w",
            "Retry": [
                {"ErrorEquals": ["Boom"], "MaxAttempts": 1, "IntervalSeconds": 1},
                {"ErrorEquals": ["States.ALL"], "MaxAttempts": 1},
            ],
            "Catch": [
                {"ErrorEquals": ["Other"], "Next": "Failed"},
                {"ErrorEquals": ["States.ALL"], "Next": "Failed"},
            ],
            "ResultPath": None,
            "Next": "Fan",
        },
        "Fan": {
            "Type": "Parallel",
            "ResultPath": None,
            "Branches": [
                {"StartAt": "B0", "States": {"B0": {"Type": "Pass", "End": True}}},
                {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": True}}},
            ],
            "Next": "Each",
        },
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ResultPath": None,
            "ItemProcessor": {"StartAt": "M", "States": {"M": {"Type": "Pass", "End": True}}},
            "End": True,
        },
        "Failed": {"Type": "Fail", "Error": "X"},
    },
}

SUITE = f"""
import json
import sfnsim

FLOW = json.loads({json.dumps(json.dumps(FLOW))})


def flaky(errors):
    left = list(errors)

    def work(event):
        if left:
            raise sfnsim.TaskFailed(left.pop(0), "planted")
        return {{}}

    return {{"w": work}}


def test_negative_retried_once():
    # Check rule 1 (not rule 0, same Next), Big, Work Retry[0], Fan both branches, Each.
    ex = sfnsim.run(FLOW, {{"n": -3, "items": [1, 2]}}, tasks=flaky(["Boom"]),
                    state_machine_name="Flow")
    assert ex.status == "SUCCEEDED", ex.cause


def test_small_on_a_client(sfn_client):
    # Check Default, Small: an execution of a client, read from its engine.
    arn = sfn_client.create_state_machine(
        name="Flow", definition=json.dumps(FLOW), roleArn="arn:aws:iam::123456789012:role/r"
    )["stateMachineArn"]
    sfn_client.start_execution(stateMachineArn=arn, input='{{"n": 1}}')


def test_catch_by_test_state(sfn_state_test):
    # TestState of Work with a mocked error: Retry[1] would retry it; Catch[1] catches it.
    result = (
        sfn_state_test(FLOW, "Work")
        .with_mock_error("Other.Thing", "planted")
        .with_retry_count(1)
        .execute()
    )
    assert result.status == "CAUGHT_ERROR"
"""


def _report(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict]:
    pytester.makepyfile(test_flow=SUITE)
    result = run(pytester, "--sfn-cov", "--sfn-cov-report=json:cov.json", *args)
    return result, json.loads((pytester.path / "cov.json").read_text())


def test_summary_and_json_count_what_ran(pytester: pytest.Pytester) -> None:
    result, report = _report(pytester)
    result.assert_outcomes(passed=3)
    (flow,) = report["machines"]
    assert flow["name"] == "Flow"
    assert flow["executions"] == 2 and flow["state_tests"] == 1
    # Not entered: Failed, and the Retry[1]/Catch[0]/rule 0/rule 2 branches not taken.
    assert flow["states"] == {"covered": 9, "total": 10}
    assert flow["missing"] == [
        "Check rule 0",
        "Check rule 2",
        "Work Retry[1]",
        "Work Catch[0]",
        "Failed",
    ]
    assert flow["branches"] == {"covered": 7, "total": 11}
    items = flow["items"]
    assert items["choice:Check:1"]["hits"] == 1
    assert items["choice:Check:Default"]["hits"] == 1
    assert items["retry:Work:0"]["hits"] == 1
    assert items["catch:Work:1"]["hits"] == 1
    assert items["branch:Fan:0"]["hits"] == items["branch:Fan:1"]["hits"] == 1
    assert items["iterations:Each"]["hits"] == 2
    assert flow["terminals"] == {
        "Each": True,
        "Small": True,
        "Failed": False,
        "B0": True,
        "B1": True,
        "M": True,
    }
    assert flow["percent"] == round(100 * 16 / 21, 2)
    # The transitions taken (drawn bold in the HTML report), START and END included.
    transitions = {tuple(t) for t in flow["transitions"]}
    assert {("Check", "Big"), ("Check", "Small"), ("Fan", "Each")} <= transitions
    assert ("Check", "Work") not in transitions
    result.stdout.fnmatch_lines(
        [
            "*sfnsim workflow coverage*",
            "Name*States*Miss*Branches*Miss*Cover*Missing",
            "Flow (*)*10*1*11*4*76%*Check rule 0, Check rule 2, Work Retry?1?, Work Catch?0?, "
            "Failed",
            "TOTAL 76%",
        ]
    )


def test_fail_under(pytester: pytest.Pytester) -> None:
    result, _ = _report(pytester, "--sfn-cov-fail-under=90")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["FAIL Required workflow coverage of 90% not reached*"])
    result, _ = _report(pytester, "--sfn-cov-fail-under=70")
    assert result.ret == pytest.ExitCode.OK


def test_html_report_draws_covered_and_missed_states(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_flow=SUITE)
    result = run(pytester, "--sfn-cov-report=html:htmlcov")
    result.assert_outcomes(passed=3)
    html = (pytester.path / "htmlcov" / "index.html").read_text()
    assert "<svg" in html and "Workflow coverage: 76%" in html
    assert "sfn-not_run" in html and "sfn-succeeded" in html
    assert "<li>Check rule 0</li>" in html


def test_off_by_default_adds_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_flow=SUITE)
    result = run(pytester)
    result.assert_outcomes(passed=3)
    assert "workflow coverage" not in result.stdout.str()
    assert observe.watchers() == ()


def test_bad_report_spec_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_flow=SUITE)
    result = run(pytester, "--sfn-cov-report=xml:out.xml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


# The error-matching rule of Retry and Catch (AWS "Error handling in Step Functions").
@pytest.mark.parametrize(
    ("error_equals", "error", "matches"),
    [
        (["Boom"], "Boom", True),
        (["Boom"], "Other", False),
        (["States.ALL"], "Anything", True),
        (["States.ALL"], "States.Runtime", False),
        (["States.ALL"], "States.DataLimitExceeded", False),
        (["States.TaskFailed"], "Lambda.ServiceException", True),
        (["States.TaskFailed"], "States.Timeout", False),
        (["States.Timeout"], "States.Timeout", True),
    ],
)
def test_error_matching_table(error_equals: list[str], error: str, matches: bool) -> None:
    assert error_matches(error_equals, error) is matches


def test_pytest_xdist_workers_are_combined(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    pytester.makepyfile(test_flow=SUITE)
    result = run(pytester, "-n", "2", "--sfn-cov", "--sfn-cov-report=json:cov.json")
    result.assert_outcomes(passed=3)
    (flow,) = json.loads((pytester.path / "cov.json").read_text())["machines"]
    assert (flow["executions"], flow["state_tests"]) == (2, 1)
    assert flow["states"] == {"covered": 9, "total": 10}
    assert flow["branches"] == {"covered": 7, "total": 11}


MOCK_AWS_SUITE = f"""
import json
import boto3
import sfnsim

FLOW = json.loads({json.dumps(json.dumps(FLOW))})


def test_through_boto3():
    # A whole machine tested state by state first, run through boto3 afterwards.
    with sfnsim.mock_aws():
        sfn = boto3.client("stepfunctions", region_name="eu-west-1")
        answer = sfn.test_state(
            definition=json.dumps(FLOW), stateName="Check", input='{{"n": 5}}',
            roleArn="arn:aws:iam::123456789012:role/r",
        )
        assert answer["nextState"] == "Work"
        arn = sfn.create_state_machine(
            name="Routed", definition=json.dumps(FLOW),
            roleArn="arn:aws:iam::123456789012:role/r",
        )["stateMachineArn"]
        sfn.start_execution(stateMachineArn=arn, input='{{"n": 1}}')
"""


def test_mock_aws_executions_and_test_state(pytester: pytest.Pytester) -> None:
    pytest.importorskip("boto3")
    pytester.makepyfile(test_routed=MOCK_AWS_SUITE)
    result = run(pytester, "--sfn-cov-report=json:cov.json")
    result.assert_outcomes(passed=1)
    (routed,) = json.loads((pytester.path / "cov.json").read_text())["machines"]
    assert routed["name"] == "Routed"
    assert (routed["executions"], routed["state_tests"]) == (1, 1)
    items = routed["items"]
    assert items["choice:Check:2"]["hits"] == 1  # TestState: n == 5 -> rule 2
    assert items["choice:Check:Default"]["hits"] == 1  # the execution: n == 1
    assert items["state:Small"]["hits"] == 1 and items["terminal:Small"]["hits"] == 1
    assert routed["states"] == {"covered": 2, "total": 10}


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "pytest-project"


def test_the_example_project_and_an_untaken_default(pytester: pytest.Pytester) -> None:
    for name in ("order.asl.json", "test_order.py"):
        shutil.copy(EXAMPLE / name, pytester.path / name)
    result = run(pytester, "--sfn-cov", "--sfn-cov-report=html:htmlcov")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["StateMachine (*)*6*0*4*0*100%", "TOTAL 100%"])
    assert (pytester.path / "htmlcov" / "index.html").is_file()
    # Without the empty-order test, the Choice's Default and the state it leads to are unrun.
    result = run(pytester, "--sfn-cov", "-k", "not empty_order")
    result.assert_outcomes(passed=3, deselected=1)
    result.stdout.fnmatch_lines(
        ["StateMachine (*)*6*1*4*1*80%*Check order Default, Empty order", "TOTAL 80%"]
    )


def test_a_retried_parallel_counts_the_retry_entry_of_each_failed_try() -> None:
    import sfnsim
    from sfnsim.workflow_coverage import CoverageData

    task = {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"}
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "T", "States": {"T": {**task, "End": True}}},
                    {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": True}}},
                ],
                "Retry": [
                    {"ErrorEquals": ["Nope"]},
                    {"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "MaxAttempts": 2},
                ],
                "End": True,
            }
        },
    }
    failures = ["Boom", "Boom"]

    def f(event: object) -> dict:
        if failures:
            raise sfnsim.TaskFailed(failures.pop(), "planted")
        return {}

    ex = sfnsim.run(definition, {}, tasks={"f": f})
    assert ex.status == "SUCCEEDED"
    data = CoverageData()
    data.add_trace("M", ex.definition_dict, ex.trace)
    (report,) = data.reports()
    assert report["items"]["retry:P:1"]["hits"] == 2
    assert report["missing"] == ["P Retry[0]"]
    assert report["items"]["branch:P:0"]["hits"] == 3  # one per try


def test_executions_from_threads_all_count(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from concurrent.futures import ThreadPoolExecutor
        import sfnsim

        FLOW = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}

        def test_threads():
            with ThreadPoolExecutor(4) as pool:
                runs = list(pool.map(lambda i: sfnsim.run(FLOW, {"i": i}), range(16)))
            assert all(ex.status == "SUCCEEDED" for ex in runs)
        """
    )
    result = run(pytester, "--sfn-cov-report=json:cov.json")
    result.assert_outcomes(passed=1)
    (machine,) = json.loads((pytester.path / "cov.json").read_text())["machines"]
    assert machine["executions"] == 16
    assert machine["items"]["state:A"]["hits"] == 16
