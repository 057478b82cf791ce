"""The pytest plugin as a user meets it: test files written in a sandbox (pytester) and run with
the plugin loaded through its ``pytest11`` entry point, as in a project that installed sfnsim."""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

import pytest
import sfnsim

try:
    # Imported here, not in a test: pytester restores sys.modules after each test to what it
    # was when the test began, and a boto3 first imported inside one would be dropped, leaving
    # later tests with a second copy of botocore that sfnsim.mock_aws() has not hooked.
    import boto3
except ImportError:  # a test extra
    boto3 = None

HELLO = {
    "StartAt": "Greet",
    "States": {
        "Greet": {"Type": "Pass", "Next": "Charge"},
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "Next": "Ship",
        },
        "Ship": {"Type": "Pass", "End": True},
    },
}


def _entry_point() -> metadata.EntryPoint | None:
    try:
        points = metadata.entry_points(group="pytest11")  # type: ignore[call-arg]
    except TypeError:  # Python 3.9: a dict of groups
        points = metadata.entry_points().get("pytest11", [])  # type: ignore[attr-defined]
    return next((p for p in points if p.name == "sfnsim"), None)


def plugin_args() -> list[str]:
    """Nothing when sfnsim is installed (the entry point loads the plugin); from a source tree,
    the plugin by module name."""
    return [] if _entry_point() is not None else ["-p", "sfnsim.pytest_plugin"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*plugin_args(), "-p", "no:cacheprovider", *args)


def test_entry_point_names_the_plugin_module() -> None:
    point = _entry_point()
    if point is None:
        pytest.skip("sfnsim is not installed (running from a source tree)")
    assert point.value == "sfnsim.pytest_plugin"


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.sfn(*mock_config=None, test_case=None*"])


def test_sfn_run_with_marker_settings(pytester: pytest.Pytester) -> None:
    pytester.makefile(".asl.json", hello=json.dumps(HELLO))
    pytester.makepyfile(
        """
        from datetime import datetime, timezone

        import pytest
        from sfnsim.testing import assert_path, assert_state_output, assert_succeeded

        pytestmark = pytest.mark.sfn(region="eu-west-1")

        def charge(event):
            return {"charged": True}

        @pytest.mark.sfn(tasks={"charge": charge},
                         start_time=datetime(2030, 1, 2, tzinfo=timezone.utc))
        def test_order(sfn_run, sfn_options):
            ex = sfn_run("hello.asl.json", {"id": 1})
            assert_succeeded(ex)
            assert_path(ex, ["Greet", "Charge", "Ship"])
            assert_state_output(ex, "Charge", {"charged": True})
            assert ex.execution_arn.startswith("arn:aws:states:eu-west-1:123456789012:execution:")
            assert ex.start_date.year == 2030
            assert sfn_options.region == "eu-west-1"

        def test_defaults(sfn_options):
            assert sfn_options.region == "eu-west-1"
            assert sfn_options.mock_config is None
        """
    )
    result = run(pytester, "--strict-markers")
    result.assert_outcomes(passed=2)


def test_wrong_path_fails_with_a_readable_message(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import pytest
        from sfnsim import TaskFailed
        from sfnsim.testing import assert_path

        DEFINITION = {HELLO!r}

        def declined(event):
            raise TaskFailed("CardDeclined", "insufficient funds")

        def test_path(sfn_run):
            ex = sfn_run(DEFINITION, tasks={{"charge": declined}})
            assert_path(ex, ["Greet", "Charge", "Ship"])
        """
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: the execution took a different path:",
            "*expected: Greet -> Charge -> Ship",
            "*actual:   Greet -> Charge",
            "*stopped after step 2; missing: Ship",
            "*error: CardDeclined in state 'Charge'",
            "*cause: insufficient funds",
        ]
    )
    # The helpers hide their own frames: the traceback points at the user's line.
    assert "_fail(" not in result.stdout.str()


def test_marker_mistakes_are_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.sfn("eu-west-1")
        def test_positional(sfn_options):
            pass

        @pytest.mark.sfn(regoin="eu-west-1")
        def test_misspelt(sfn_options):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        ["*the sfn marker takes keyword arguments only*", "*it takes: region, account_id*"]
    )


def test_ini_options(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nsfn_region = ap-south-1\nsfn_account_id = 000000000000\n")
    pytester.makepyfile(
        """
        def test_ini(sfn_run):
            ex = sfn_run({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
            assert ex.execution_arn.startswith("arn:aws:states:ap-south-1:000000000000:")
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_plugin_can_be_disabled(pytester: pytest.Pytester) -> None:
    if _entry_point() is None:
        pytest.skip("sfnsim is not installed: the plugin is not loaded by default anyway")
    pytester.makepyfile("def test_x(sfn_run):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:sfnsim")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'sfn_run' not found*"])


@pytest.mark.skipif(not hasattr(sfnsim, "client"), reason="sfnsim.client() is not in this build")
def test_sfn_client_is_fresh_per_test_and_the_default_of_the_helpers(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        f"""
        import json
        from sfnsim.testing import assert_path, assert_succeeded

        DEFINITION = {HELLO!r}
        ROLE = "arn:aws:iam::123456789012:role/test"

        def create(client):
            return client.create_state_machine(
                name="orders", definition=json.dumps(DEFINITION), roleArn=ROLE
            )["stateMachineArn"]

        def test_first(sfn_client):
            arn = create(sfn_client)
            assert len(sfn_client.list_state_machines()["stateMachines"]) == 1

        def test_second_starts_empty(sfn_client):
            assert sfn_client.list_state_machines()["stateMachines"] == []
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_sfn_client_and_sfn_mock_aws_take_the_same_settings(pytester: pytest.Pytester) -> None:
    # tasks and seed reach both: the routed boto3 client answers a Task from the marker's
    # table and draws the same States.MathRandom number as sfn_client.
    pytester.makepyfile(
        """
        import json
        import boto3
        import pytest

        FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:work"
        DEFINITION = {
            "StartAt": "Work",
            "States": {
                "Work": {"Type": "Task", "Resource": FUNCTION, "Next": "Draw"},
                "Draw": {"Type": "Pass", "Parameters": {"n.$": "States.MathRandom(1, 1000000)",
                                                        "w.$": "$.w"}, "End": True},
            },
        }
        ROLE = "arn:aws:iam::123456789012:role/test"
        SETTINGS = pytest.mark.sfn(tasks={"work": lambda event: {"w": "done"}}, seed=7)

        def run(client):
            arn = client.create_state_machine(
                name="m", definition=json.dumps(DEFINITION), roleArn=ROLE
            )["stateMachineArn"]
            execution = client.start_execution(stateMachineArn=arn)["executionArn"]
            described = client.describe_execution(executionArn=execution)
            assert described["status"] == "SUCCEEDED", described
            return json.loads(described["output"])

        @SETTINGS
        def test_both(sfn_client, sfn_mock_aws):
            direct = run(sfn_client)
            routed = run(boto3.client("stepfunctions", region_name="us-east-1"))
            assert direct["w"] == routed["w"] == "done"
            assert direct["n"] == routed["n"]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_shared_engine_keeps_its_own_settings() -> None:
    import sfnsim

    engine = sfnsim.Engine(seed=3)
    for keyword in ({"seed": 4}, {"keep_executions": 10}, {"clock": "real"}):
        with pytest.raises(ValueError, match="when sharing an engine"):
            sfnsim.client(engine=engine, **keyword)
        with pytest.raises(ValueError, match="when sharing an engine"):
            sfnsim.mock_aws(engine=engine, **keyword)
    assert sfnsim.mock_aws(engine=engine, clock=engine.clock).engine is engine


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "pytest-project"


def test_the_example_project_passes_and_a_wrong_path_reads_well(pytester: pytest.Pytester) -> None:
    for name in ("order.asl.json", "test_order.py"):
        shutil.copy(EXAMPLE / name, pytester.path / name)
    run(pytester).assert_outcomes(passed=4)

    test_file = pytester.path / "test_order.py"
    text = test_file.read_text(encoding="utf-8")
    wrong = text.replace('["Check order", "Charge card", "Ship"]', '["Check order", "Ship"]')
    assert wrong != text
    test_file.write_text(wrong, encoding="utf-8")
    result = run(pytester)
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            '*assert_path(ex, ?"Check order", "Ship"?)',
            "E*AssertionError: the execution took a different path:",
            "E*expected: Check order -> Ship",
            "E*actual:   Check order -> Charge card -> Ship",
            "E*first difference at step 2: expected 'Ship', got 'Charge card'",
            "E*execution * ended SUCCEEDED",
        ]
    )


@pytest.mark.skipif(not hasattr(sfnsim, "client"), reason="sfnsim.client() is not in this build")
def test_manual_clock_routed_boto3_and_helpers_on_arns(pytester: pytest.Pytester) -> None:
    if boto3 is None:
        pytest.skip("boto3 is a test extra")
    pytester.makepyfile(
        """
        import json
        from sfnsim.testing import assert_path, assert_succeeded

        WAIT = {"StartAt": "Wait", "States": {
            "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
            "Done": {"Type": "Pass", "End": True}}}
        ROLE = "arn:aws:iam::123456789012:role/test"

        def start(client):
            machine = client.create_state_machine(
                name="waits", definition=json.dumps(WAIT), roleArn=ROLE
            )["stateMachineArn"]
            return client.start_execution(stateMachineArn=machine)["executionArn"]

        def test_clock(sfn_client, sfn_clock):
            arn = start(sfn_client)
            assert sfn_client.describe_execution(executionArn=arn)["status"] == "RUNNING"
            sfn_clock.advance(seconds=60)
            assert_succeeded(arn)  # the test's sfn_client is the helpers' default
            assert_path(arn, ["Wait", "Done"])

        def test_boto3(sfn_mock_aws):
            import boto3
            client = boto3.client("stepfunctions", region_name="us-east-1")
            arn = start(client)
            assert_succeeded(arn, client=client)
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_mock_config_file_and_test_case_from_the_marker(pytester: pytest.Pytester) -> None:
    config = {
        "StateMachines": {"orders": {"TestCases": {"HappyPath": {"Charge": "ChargeOK"}}}},
        "MockedResponses": {"ChargeOK": {"0": {"Return": {"charged": 42}}}},
    }
    pytester.makefile(".json", mocks=json.dumps(config))
    pytester.makepyfile(
        f"""
        import json
        import pytest
        import sfnsim

        DEFINITION = {HELLO!r}

        @pytest.mark.sfn(mock_config="mocks.json", test_case="HappyPath")
        def test_run_uses_the_test_case(sfn_run, sfn_mocks):
            assert isinstance(sfn_mocks, sfnsim.MockConfig)
            ex = sfn_run(DEFINITION, {{"id": 1}}, state_machine_name="orders")
            assert ex.status == "SUCCEEDED"
            assert ex.output == {{"charged": 42}}

        @pytest.mark.sfn(mock_config="mocks.json")
        def test_client_selects_the_test_case_by_arn(sfn_client):
            arn = sfn_client.create_state_machine(
                name="orders", definition=json.dumps(DEFINITION),
                roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]
            ex = sfn_client.start_execution(stateMachineArn=arn + "#HappyPath")["executionArn"]
            described = sfn_client.describe_execution(executionArn=ex)
            assert described["status"] == "SUCCEEDED"
            assert json.loads(described["output"]) == {{"charged": 42}}
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2)


def test_sfn_services_are_fresh_per_test_and_shared_by_the_fixtures(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nsfn_services = dynamodb sqs\n")
    pytester.makepyfile(
        """
        import pytest

        def test_ini(sfn_client, sfn_services):
            assert sfn_client.services is sfn_services
            assert sfn_services.enabled == {"dynamodb", "sqs"}

        @pytest.mark.sfn(services="memory")
        def test_marker(sfn_client, sfn_mock_aws, sfn_services):
            assert sfn_mock_aws.services is sfn_services is sfn_client.services
            assert "states" in sfn_services.enabled

        def test_fresh(sfn_services, sfn_client):
            assert sfn_client.services is sfn_services

        def test_not_asked(sfn_client):
            assert sfn_client.services is not None  # the ini setting applies

        @pytest.mark.sfn(services=["nope"])
        def test_unknown(sfn_services):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(["*ValueError: unknown service(s)*nope*"])


def test_passthrough_setting_reaches_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        class Session:  # stands in for boto3.Session: it is asked for clients only when used
            def client(self, *args, **kwargs):
                raise RuntimeError("no network in this test")

        DEFINITION = {"StartAt": "Get", "States": {"Get": {
            "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets",
            "Parameters": {}, "End": True}}}

        @pytest.mark.sfn(passthrough=Session())
        def test_passed_through(sfn_run):
            ex = sfn_run(DEFINITION)
            assert ex.status == "FAILED"
            assert ex.error == "sfnsim.PassthroughError", (ex.error, ex.cause)

        def test_not_without_it(sfn_run):
            assert sfn_run(DEFINITION).error == "sfnsim.TaskNotMocked"
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_sfn_state_test_reads_a_file_beside_the_test_and_uses_the_marker_tasks(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".asl.json", hello=json.dumps(HELLO))
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.sfn(tasks={"charge": lambda event: {"charged": event["amount"]}})
        def test_charge(sfn_state_test):
            (sfn_state_test("hello.asl.json", "Charge").with_input({"amount": 5}).execute()
                .assert_succeeded().assert_next_state("Ship").assert_output({"charged": 5}))

        def test_declined(sfn_state_test):
            (sfn_state_test("hello.asl.json", "Charge")
                .with_mock_error("CardDeclined", "insufficient funds").execute()
                .assert_next_state("Ship"))
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: expected next state 'Ship', got none (it ended FAILED)",
            "*TestState of 'Charge' (DEBUG) ended FAILED",
            "*error:      CardDeclined",
            "*cause:      insufficient funds",
        ]
    )
    # The assertions hide their own frames: the traceback points at the user's line.
    assert "_fail(" not in result.stdout.str()


def test_strict_mocks_from_the_marker_and_the_ini(pytester: pytest.Pytester) -> None:
    pytester.makefile(".asl.json", hello=json.dumps(HELLO))
    pytester.makeini("[pytest]\nsfn_strict_mocks = true\n")
    pytester.makepyfile(
        """
        import pytest
        import sfnsim

        def test_ini_makes_a_typo_an_error(sfn_run, sfn_mocks):
            sfn_mocks.lambda_("charge").returns({})
            sfn_mocks.state("Shp").returns({})
            with pytest.raises(sfnsim.UnusedMockError, match="a typo for 'Ship'"):
                sfn_run("hello.asl.json", {})

        @pytest.mark.sfn(strict_mocks=False)
        def test_the_marker_wins(sfn_run, sfn_mocks):
            sfn_mocks.lambda_("charge").returns({})
            sfn_mocks.state("Shp").returns({})
            with pytest.warns(sfnsim.UnusedMockWarning):
                assert sfn_run("hello.asl.json", {}).status == "SUCCEEDED"
        """
    )
    run(pytester).assert_outcomes(passed=2)
