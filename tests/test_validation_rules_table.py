"""The definition validation rules, as docs/semantics/validation.md tables them: each row's
example draws the row's diagnostic (code, severity, AWS's words) from
ValidateStateMachineDefinition, and CreateStateMachine refuses exactly the ERROR rows. Rows whose
source is "inferred" or "none" must not refuse: no rejection without evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sfnsim

TABLE = Path(__file__).resolve().parent.parent / "docs" / "semantics" / "validation.md"
ROLE = "arn:aws:iam::123456789012:role/r"
NO_EVIDENCE = ("inferred", "none")


def table_rows() -> list[dict[str, str]]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| id |"))
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == len(header), f"a table row has {len(cells)} cells: {line[:80]}"
        rows.append(dict(zip(header, cells)))
    return rows


ROWS = table_rows()


def example_of(row: dict[str, str]) -> tuple[str, bool] | None:
    """(definition text, express) for a row's example, or None when it has none."""
    text = row["example"]
    if not text.startswith("`"):
        return None
    text = text.strip("`")
    express = text.startswith("express ")
    if express:
        text = text[len("express ") :]
    if text.startswith("state "):
        state = json.loads(text[len("state ") :])
        text = json.dumps({"StartAt": "S", "States": {"S": state}})
    return text, express


def matches(diagnostic: dict[str, Any], row: dict[str, str]) -> bool:
    expected = row["message"]
    message = str(diagnostic["message"]).rstrip()  # AWS ends one message with a space
    if expected.endswith("..."):
        found = message.startswith(expected[:-3].rstrip())
    else:
        found = message == expected
    return found and diagnostic["code"] == row["code"] and diagnostic["severity"] == row["severity"]


def test_the_table_is_read():
    assert len(ROWS) > 50
    assert {row["severity"] for row in ROWS} == {"ERROR", "WARNING", "accept"}
    assert len({row["id"] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_no_refusal_without_evidence(row):
    if row["severity"] == "ERROR":
        assert not row["source"].startswith(NO_EVIDENCE), row["id"]
        assert row["source"], row["id"]


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_row(row):
    example = example_of(row)
    if example is None:
        pytest.skip("no example (documented only)")
    text, express = example
    client = sfnsim.client()
    kind = "EXPRESS" if express else "STANDARD"
    found = client.validate_state_machine_definition(definition=text, type=kind, severity="WARNING")
    diagnostics = found["diagnostics"]
    if row["severity"] == "accept":
        assert diagnostics == [], row["id"]
    else:
        assert any(matches(d, row) for d in diagnostics), (row, diagnostics)
    refused = row["severity"] == "ERROR"
    assert found["result"] == ("FAIL" if refused else "OK"), (row["id"], diagnostics)
    if refused:
        with pytest.raises(client.exceptions.InvalidDefinition):
            client.create_state_machine(name="m", definition=text, roleArn=ROLE, type=kind)
    else:
        client.create_state_machine(name="m", definition=text, roleArn=ROLE, type=kind)


def test_errors_only_by_default():
    """ValidateStateMachineDefinition's default severity is ERROR: warnings only on request."""
    client = sfnsim.client()
    text = json.dumps(
        {"StartAt": "S", "States": {"S": {"Type": "Wait", "Seconds": "1", "End": True}}}
    )
    assert client.validate_state_machine_definition(definition=text)["diagnostics"] == []
    warned = client.validate_state_machine_definition(definition=text, severity="WARNING")
    assert [d["severity"] for d in warned["diagnostics"]] == ["WARNING"]


def test_a_number_given_as_a_string_runs_as_that_number():
    definition = {
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Seconds": "3600", "Next": "T"}, "T": {"Type": "Succeed"}},
    }
    execution = sfnsim.run(definition, {})
    assert execution.status == "SUCCEEDED"
    entered = [e for e in execution.history if e["type"] == "WaitStateEntered"][0]
    exited = [e for e in execution.history if e["type"] == "WaitStateExited"][0]
    assert (exited["timestamp"] - entered["timestamp"]).total_seconds() == 3600


# Regressions from the real-world corpus (tools/corpus): forms AWS's own samples deploy.


def test_a_path_jayway_refuses_is_accepted_and_fails_when_evaluated():
    """Choice Variable "$.flag.Payload." (aws-stepfunctions-examples app-concurrency-control)."""
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.flag.Payload.", "BooleanEquals": True, "Next": "D"}],
                "Default": "D",
            },
            "D": {"Type": "Succeed"},
        },
    }
    execution = sfnsim.run(definition, {"flag": {"Payload": True}})
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"


def test_an_unparsable_filter_is_accepted_and_fails_when_evaluated():
    """InputPath "$..QualityResults[?(@.constraint_status==Failure)]" (aws-stepfunctions-examples
    app-dataquality-using-lambda)."""
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Pass",
                "InputPath": "$..QualityResults[?(@.constraint_status==Failure)]",
                "End": True,
            }
        },
    }
    execution = sfnsim.run(definition, {"QualityResults": [{"constraint_status": "Failure"}]})
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"


def test_an_open_escape_in_an_intrinsic_string_fails_when_evaluated():
    """StringToJson('{\\"NewField\\": ...}') (step-functions-workflows-collection
    s3-highthrouput-distributed-map): AWS documents a runtime exception."""
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Pass",
                "Parameters": {"x.$": "States.StringToJson('{\\\"a\\\": 1}')"},
                "End": True,
            }
        },
    }
    execution = sfnsim.run(definition, {})
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"


def test_an_unlisted_service_integration_is_accepted():
    """arn:aws:states:::cloudformation:createStack.sync (RT-art/csv-to-ec2) and
    arn:aws:states:::bedrockagentcore:invokeHarness (sales-analysis-bedrock-agentcore): services
    sfnsim's table does not list are warnings, and the mocked Task answers."""
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::cloudformation:createStack.sync",
                "Parameters": {"StackName": "s"},
                "End": True,
            }
        },
    }
    execution = sfnsim.run(definition, {}, tasks=lambda event: {"result": {"StackId": "x"}})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"StackId": "x"}


@pytest.mark.parametrize(
    "call",
    [
        "States.StringToJson(6000)",
        "States.MathAdd('1', 2)",
        "States.Format(1)",
        "States.ArrayLength(true)",
        "States.Array(States.Base64Encode(1))",
    ],
)
def test_an_intrinsic_literal_of_another_type_is_accepted_and_fails_when_evaluated(call):
    """States.StringToJson(6000) (Terraform module clowdhaus/terraform-aws-ebs-snapshot-builder,
    a number variable in the template): a warning, and the function's argument check at run
    time."""
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": {"x.$": call}, "End": True}},
    }
    client = sfnsim.client()
    found = client.validate_state_machine_definition(
        definition=json.dumps(definition), severity="WARNING"
    )
    assert found["result"] == "OK"
    assert [d["severity"] for d in found["diagnostics"]] == ["WARNING"]
    execution = sfnsim.run(definition, {})
    assert execution.status == "FAILED"
    assert execution.error == "States.IntrinsicFailure"


def test_an_unparsable_filter_in_a_payload_template_fails_when_evaluated():
    """Parameters "toSpanish.$": "$[?(@.TargetLanguageCode==es)].TranslatedText"
    (step-functions-workflows-collection parallel-translate)."""
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Pass",
                "Parameters": {"t.$": "$[?(@.TargetLanguageCode==es)].TranslatedText"},
                "End": True,
            }
        },
    }
    execution = sfnsim.run(definition, [{"TargetLanguageCode": "es", "TranslatedText": "hola"}])
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"


def test_an_array_payload_template_is_evaluated():
    """Pass "Parameters": [{"Item.$": "$.Item"}] (serverless-patterns
    eventbridge-pipes-sqs-to-lambda-with-stepfunction-enrichment)."""
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": [{"Item.$": "$.Item"}, 1], "End": True}},
    }
    execution = sfnsim.run(definition, {"Item": {"id": "7"}})
    assert execution.status == "SUCCEEDED"
    assert execution.output == [{"Item": {"id": "7"}}, 1]
