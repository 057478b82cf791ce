"""Drawings, assertions and the CLI on executions of the in-process client (``sfnsim.client()``),
reached through the Step Functions API as they would be on AWS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim.cli import main
from sfnsim.drawing import ExecutionView
from sfnsim.testing import assert_failed, assert_path

pytestmark = pytest.mark.skipif(
    not hasattr(sfnsim, "client"), reason="sfnsim.client() is not in this build"
)

DEFINITION = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}],
            "Default": "Refuse",
        },
        "Done": {"Type": "Succeed"},
        "Refuse": {"Type": "Fail", "Error": "Refused", "Cause": "not ok"},
    },
}
ROLE = "arn:aws:iam::123456789012:role/test"


def start(client: Any, value: Any) -> str:
    machine = client.create_state_machine(
        name="check", definition=json.dumps(DEFINITION), roleArn=ROLE
    )["stateMachineArn"]
    return str(
        client.start_execution(stateMachineArn=machine, input=json.dumps(value))["executionArn"]
    )


def test_show_an_execution_of_the_client() -> None:
    client = sfnsim.client()
    arn = start(client, {"ok": True})
    view = sfnsim.show(arn, client=client)
    assert isinstance(view, ExecutionView)
    assert view.status == "SUCCEEDED" and view.trace.path == ["Check", "Done"]
    described = client.describe_execution(executionArn=arn)
    bundle = sfnsim.show(described, client=client)._repr_mimebundle_()
    assert "<svg" in bundle["text/html"] and "Check" in bundle["image/svg+xml"]


def test_helpers_on_an_arn_with_the_client() -> None:
    client = sfnsim.client()
    arn = start(client, {"ok": False})
    assert_failed(arn, error="Refused", cause="not ok", client=client)
    with pytest.raises(AssertionError, match="expected: Check -> Done"):
        assert_path(arn, ["Check", "Done"], client=client)


def test_cli_run_with_the_real_clock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "check.asl.json"
    path.write_text(json.dumps(DEFINITION), encoding="utf-8")
    assert main(["run", str(path), "--clock", "real", "--input", '{"ok": true}', "-q"]) == 0
    assert main(["run", str(path), "--clock", "real", "--input", '{"ok": false}']) == 1
    out = capsys.readouterr().out
    assert "error:  Refused in Refuse" in out


def test_cli_test_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"Type": "Pass", "Parameters": {"b.$": "$.a"}, "End": True}))
    if not hasattr(sfnsim.client(), "test_state"):
        assert main(["test-state", str(state)]) == 2
        assert "TestState API is not in this version" in capsys.readouterr().err
        pytest.skip("the client has no TestState yet")
    assert main(["test-state", str(state), "--input", '{"a": 1}']) == 0
    out = capsys.readouterr().out
    assert "status: SUCCEEDED" in out and '"b": 1' in out
