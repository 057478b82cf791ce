"""Mock entries no state can use (sfnsim.mock_usage): the rule table, and where it is applied
(sfnsim.run, clients' test cases, mock_aws, the CLI)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim.mock_usage import unused_entries

ROLE = "arn:aws:iam::123456789012:role/r"
FN = "arn:aws:lambda:us-east-1:123456789012:function:"
INVOKE = "arn:aws:states:::lambda:invoke"

DEFINITION: dict[str, Any] = {
    "StartAt": "Charge",
    "States": {
        "Charge": {"Type": "Task", "Resource": FN + "charge", "Next": "Fan"},
        "Fan": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "Notify",
                    "States": {
                        "Notify": {
                            "Type": "Task",
                            "Resource": INVOKE,
                            "Parameters": {"FunctionName": FN + "notify:prod", "Payload.$": "$"},
                            "End": True,
                        }
                    },
                }
            ],
            "Next": "Each",
        },
        "Each": {
            "Type": "Map",
            "ItemProcessor": {
                "StartAt": "Ship",
                "States": {
                    "Ship": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::sqs:sendMessage",
                        "Parameters": {"QueueUrl": "q", "MessageBody": "x"},
                        "End": True,
                    }
                },
            },
            "End": True,
        },
    },
}

# (how the entry is made, reported?) -- the table of sfnsim/mock_usage.py's docstring.
RULES = [
    (lambda m: m.state("Charge"), False),  # a top-level state
    (lambda m: m.state("Notify"), False),  # in a Parallel branch
    (lambda m: m.state("Ship"), False),  # in a Map processor
    (lambda m: m.state("Fan"), False),  # any state's name counts, not only a Task's
    (lambda m: m.state("Chrage"), True),
    (lambda m: m.lambda_("charge"), False),  # the Task's Resource is the function's ARN
    (lambda m: m.lambda_(FN + "charge"), False),  # ... given as an ARN
    (lambda m: m.lambda_("notify"), False),  # lambda:invoke's FunctionName, with a qualifier
    (lambda m: m.lambda_("notfy"), True),
    (lambda m: m.resource("arn:aws:states:::sqs:sendMessage"), False),
    (lambda m: m.resource(INVOKE), False),
    (lambda m: m.resource("arn:aws:states:::sns:publish"), True),
]


@pytest.mark.parametrize(("make", "reported"), RULES)
def test_rule_table(make: Any, reported: bool) -> None:
    mocks = sfnsim.Mocks()
    make(mocks).returns({})
    assert bool(list(unused_entries(mocks, DEFINITION))) is reported


def test_entries_only_read_are_not_reported() -> None:
    mocks = sfnsim.Mocks()
    assert mocks.state("Nowhere").calls == []  # makes an entry with no response
    assert list(unused_entries(mocks, DEFINITION)) == []


def test_a_computed_function_name_makes_function_entries_unknowable() -> None:
    computed = json.loads(json.dumps(DEFINITION))
    notify = computed["States"]["Fan"]["Branches"][0]["States"]["Notify"]
    notify["Parameters"] = {"FunctionName.$": "$.fn", "Payload.$": "$"}
    mocks = sfnsim.Mocks()
    mocks.lambda_("anything").returns({})
    assert list(unused_entries(mocks, computed)) == []
    jsonata = {
        "QueryLanguage": "JSONata",
        "StartAt": "I",
        "States": {
            "I": {
                "Type": "Task",
                "Resource": INVOKE,
                "Arguments": {"FunctionName": "{% $states.input.fn %}"},
                "End": True,
            }
        },
    }
    assert list(unused_entries(mocks, jsonata)) == []


def test_run_warns_naming_the_entry_and_the_close_state() -> None:
    mocks = sfnsim.Mocks()
    mocks.lambda_("charge").returns({})
    mocks.state("Ship").returns({})
    mocks.state("Notfy").returns({})
    with pytest.warns(sfnsim.UnusedMockWarning) as caught:
        ex = sfnsim.run(DEFINITION, {}, mocks=mocks, services="memory")
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "mocks.state('Notfy'): no state is called 'Notfy' (a typo for 'Notify'?)" in message
    assert caught[0].filename == __file__  # the warning points at the caller's line
    # The run itself goes on: Notify has no mock, and says which entry was probably meant.
    assert ex.error == "sfnsim.TaskNotMocked"
    assert "The mocks have state('Notfy'): a typo?" in ex.cause


def test_strict_mocks_raises_before_anything_runs() -> None:
    mocks = sfnsim.Mocks()
    calls: list[Any] = []
    mocks.lambda_("charge").handler(calls.append)
    mocks.state("Chrage").returns({})
    with pytest.raises(sfnsim.UnusedMockError) as info:
        sfnsim.run(DEFINITION, {}, mocks=mocks, strict_mocks=True)
    assert info.value.entries == [
        "mocks.state('Chrage'): no state is called 'Chrage' (a typo for 'Charge'?)"
    ]
    assert calls == []


def test_no_warning_when_every_entry_is_used() -> None:
    mocks = sfnsim.Mocks()
    mocks.lambda_("charge").returns({})
    mocks.lambda_("notify").returns({})
    mocks.state("Ship").returns({})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sfnsim.run(DEFINITION, {}, mocks=mocks).status == "SUCCEEDED"


CONFIG = {
    "StateMachines": {"Orders": {"TestCases": {"Typo": {"Chrage": "Ok"}, "Good": {"Ship": "Ok"}}}},
    "MockedResponses": {"Ok": {"0": {"Return": {}}}},
}


def test_test_case_entries_are_named_as_the_file_writes_them() -> None:
    config = sfnsim.load_mock_config(CONFIG)
    with pytest.warns(sfnsim.UnusedMockWarning, match=r"StateMachines\.Orders\.TestCases\.Typo"):
        sfnsim.run(DEFINITION, mocks=config, state_machine_name="Orders", test_case="Typo")
    cases = {"typo": sfnsim.Mocks(), "good": sfnsim.Mocks()}
    cases["typo"].state("Chrage").returns({})
    with pytest.raises(sfnsim.UnusedMockError, match="of test case 'typo'"):
        sfnsim.run(DEFINITION, mocks=cases, test_case="typo", strict_mocks=True)


@pytest.mark.parametrize("strict", [False, True])
def test_clients_check_the_test_case_an_execution_selects(strict: bool) -> None:
    sfn = sfnsim.client(mocks=sfnsim.load_mock_config(CONFIG), strict_mocks=strict)
    arn = sfn.create_state_machine(name="Orders", definition=json.dumps(DEFINITION), roleArn=ROLE)[
        "stateMachineArn"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sfn.start_execution(stateMachineArn=arn + "#Good")
    if strict:
        with pytest.raises(sfnsim.UnusedMockError, match="TestCases.Typo.Chrage"):
            sfn.start_execution(stateMachineArn=arn + "#Typo")
    else:
        with pytest.warns(sfnsim.UnusedMockWarning, match="TestCases.Typo.Chrage"):
            sfn.start_execution(stateMachineArn=arn + "#Typo")


def test_mock_aws_checks_the_test_case_too(monkeypatch: pytest.MonkeyPatch) -> None:
    boto3 = pytest.importorskip("boto3")
    for key in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(key, raising=False)
    with sfnsim.mock_aws(mocks=sfnsim.load_mock_config(CONFIG), strict_mocks=True):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        arn = sfn.create_state_machine(
            name="Orders", definition=json.dumps(DEFINITION), roleArn=ROLE
        )["stateMachineArn"]
        with pytest.raises(sfnsim.UnusedMockError):
            sfn.start_execution(stateMachineArn=arn + "#Typo")


def test_cli_mocks_need_a_test_case_and_report_unused_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sfnsim.cli import main

    definition = tmp_path / "Orders.asl.json"
    definition.write_text(json.dumps(DEFINITION))
    config = tmp_path / "mocks.json"
    config.write_text(json.dumps(CONFIG))
    assert main(["run", str(definition), "--mocks", str(config)]) == 2
    err = capsys.readouterr().err
    assert "needs --test-case NAME" in err and "Typo, Good" in err
    main(["run", str(definition), "--mocks", str(config), "--test-case", "Typo", "-q"])
    err = capsys.readouterr().err
    assert "warning:" in err and "TestCases.Typo.Chrage" in err and "--strict-mocks" in err
    strict = ["--test-case", "Typo", "--strict-mocks"]
    assert main(["run", str(definition), "--mocks", str(config), *strict]) == 2
    assert "TestCases.Typo.Chrage" in capsys.readouterr().err
