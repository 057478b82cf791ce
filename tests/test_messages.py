"""What a user reads: signatures in help(), reprs, error messages in the user's terms."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
import sfnsim
from sfnsim import jsonata


def _public_callables() -> list[tuple[str, Any]]:
    found = []
    for module, names in ((sfnsim, sfnsim.__all__), (jsonata, dir(jsonata))):
        for name in names:
            if name.startswith("_"):
                continue
            obj = getattr(module, name)
            found.append((f"{module.__name__}.{name}", obj))
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if callable(member) and (not attr.startswith("_") or attr == "__init__"):
                        found.append((f"{module.__name__}.{name}.{attr}", member))
    return found


def test_no_signature_shows_an_address() -> None:
    shown = []
    for where, obj in _public_callables():
        try:
            signature = str(inspect.signature(obj))
        except (TypeError, ValueError):
            continue
        if " at 0x" in signature:
            shown.append(f"{where}{signature}")
    assert shown == []
    assert "input: 'Any' = NO_INPUT" in str(inspect.signature(sfnsim.run))


def test_the_input_sentinel_still_means_an_empty_object() -> None:
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    assert sfnsim.run(definition).output == {}
    assert sfnsim.run(definition, None).output is None  # null is a value, not "not given"
    assert jsonata.evaluate("$") is jsonata.UNDEFINED


def test_mock_objects_say_what_they_hold() -> None:
    mocks = sfnsim.Mocks()
    mocks.state("Charge").returns({})
    mocks.lambda_("arn:aws:lambda:us-east-1:123456789012:function:notify").returns({})
    assert repr(mocks) == "<Mocks: state('Charge'), lambda_('notify')>"
    assert repr(sfnsim.Mocks()) == "<Mocks: no entries>"
    config = sfnsim.load_mock_config(
        {
            "StateMachines": {"Orders": {"TestCases": {"Happy": {"Charge": "Ok"}, "Sad": {}}}},
            "MockedResponses": {"Ok": {"0": {"Return": {}}}},
        }
    )
    assert repr(config) == (
        "<MockConfig: state machines Orders (Happy, Sad); 1 mocked response(s): Ok>"
    )
    assert " at 0x" not in repr(sfnsim.MockCases({"happy": mocks}))


@pytest.mark.parametrize("value", ["{x", "[1,", "nul", '{"a": 1}x', "NaN", "   "])
def test_input_errors_are_worded_as_start_execution_words_them(value: str) -> None:
    """sfnsim.run(input_json=...) and StartExecution refuse the same text with the same words
    (AWS's InvalidExecutionInput message: Jackson's text, recorded)."""
    definition = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    sfn = sfnsim.client()
    arn = sfn.create_state_machine(
        name="m", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/r"
    )["stateMachineArn"]
    with pytest.raises(sfn.exceptions.InvalidExecutionInput) as api:
        sfn.start_execution(stateMachineArn=arn, input=value)
    with pytest.raises(sfnsim.InvalidExecutionInput) as run:
        sfnsim.run(definition, input_json=value)
    assert str(run.value) == api.value.response["Error"]["Message"]
    assert "json.exception" not in str(run.value)


# (definition's States with StartAt "A", the transitions named as closing the loop)
LOOPS = [
    ({"A": {"Type": "Pass", "Next": "A"}}, ["'A' goes back to 'A' (Next)"]),
    (
        {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Wait", "Seconds": 1, "Next": "A"}},
        ["'B' goes back to 'A' (Next)"],
    ),
    (
        {
            "A": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "B"}],
                "Default": "A",
            },
            "B": {"Type": "Pass", "Next": "A"},
        },
        ["'B' goes back to 'A' (Next)", "'A' goes back to 'A' (Default)"],
    ),
    (
        {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A"}],
                "Next": "B",
            },
            "B": {"Type": "Pass", "Next": "B"},
        },
        ["'B' goes back to 'B' (Next)", "'A' goes back to 'A' (Catch[0].Next)"],
    ),
]


@pytest.mark.parametrize(("states", "named"), LOOPS)
def test_a_machine_with_no_end_says_where_it_goes_round(
    states: dict[str, Any], named: list[str]
) -> None:
    definition = {"StartAt": "A", "States": states}
    with pytest.raises(sfnsim.InvalidDefinition) as info:
        sfnsim.run(definition)
    first, hint = str(info.value).split("\n")
    # AWS's own words first, and the diagnostics exactly as the API gives them.
    assert first == (
        "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state "
        "at null'"
    )
    assert all(part in hint for part in named) and hint.count("goes back") == len(named)
    api = sfnsim.client().validate_state_machine_definition(definition=json.dumps(definition))
    assert [d["message"] for d in api["diagnostics"]] == ["Workflow has no terminal state"]
    assert info.value.diagnostics == [
        {
            "severity": "ERROR",
            "code": "MISSING_END_STATE",
            "message": "Workflow has no terminal state",
        }
    ]


def test_the_api_keeps_aws_words_for_a_machine_with_no_end() -> None:
    sfn = sfnsim.client()
    definition = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}})
    with pytest.raises(sfn.exceptions.InvalidDefinition) as info:
        sfn.create_state_machine(
            name="m", definition=definition, roleArn="arn:aws:iam::123456789012:role/r"
        )
    assert info.value.response["Error"]["Message"] == (
        "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state "
        "at null'"
    )


def test_package_metadata_names_authors_and_addresses() -> None:
    """What ``pip show sfnsim`` prints: an author and a home page, where there were none."""
    tomllib = pytest.importorskip("tomllib")
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    assert all(author.get("name") for author in project["authors"])
    urls = project["urls"]
    assert {"Homepage", "Documentation", "Repository", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
