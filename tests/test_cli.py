"""The ``sfnsim`` command, called as ``sfnsim.cli.main(argv)`` (one subprocess test checks that
``python -m sfnsim`` is wired up): exit codes, what is printed, the files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sfnsim.cli import main

ROOT = Path(__file__).resolve().parent.parent
HELLO = ROOT / "examples" / "hello.asl.json"

FAILING = {
    "StartAt": "Check",
    "States": {
        "Check": {"Type": "Pass", "Next": "Reject"},
        "Reject": {"Type": "Fail", "Error": "Rejected", "Cause": "amount too large"},
    },
}

# A Next to a state that does not exist (line 4), so no state ends the workflow either.
INVALID = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "Nowhere"}
  }
}
"""

# A field ASL does not have (line 5); schema errors are reported before the others, as on AWS.
UNKNOWN_FIELD = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "End": true,
          "Bogus": 1}
  }
}
"""


def write(tmp_path: Path, name: str, content: object) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_run_prints_output_path_and_events(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(HELLO), "--input", '{"name": "WORLD"}', "--name", "first"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("SUCCEEDED in ")
    assert "path:   Greet \u2192 Loud? \u2192 Shout \u2192 Done" in out
    assert '"greeting": "HELLO, WORLD!"' in out
    assert "ExecutionSucceeded" in out and "history (" in out


def test_run_failure_exits_1_with_error_and_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", write(tmp_path, "reject.asl.json", FAILING)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("FAILED")
    assert "error:  Rejected in Reject" in out and "cause:  amount too large" in out


def test_run_quiet_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(HELLO), "--input", '{"name": "x"}', "-q"]) == 0
    assert json.loads(capsys.readouterr().out) == {"name": "x", "greeting": "Hello, x!"}

    assert main(["run", write(tmp_path, "f.asl.json", FAILING), "-q"]) == 1
    assert capsys.readouterr().err.strip() == "FAILED: Rejected: amount too large"

    assert main(["run", str(HELLO), "--input", '{"name": "x"}', "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "SUCCEEDED" and result["path"] == ["Greet", "Loud?", "Done"]
    assert result["events"][0]["type"] == "ExecutionStarted"


def test_run_writes_html_and_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html, svg = tmp_path / "run.html", tmp_path / "run.svg"
    code = main(["run", str(HELLO), "--input-file", write(tmp_path, "in.json", {"name": "a"}),
                 "--html", str(html), "--svg", str(svg), "--events", "none"])  # fmt: skip
    assert code == 0
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert svg.read_text().startswith("<svg") and "sfn-taken" in svg.read_text()
    assert "history (" not in capsys.readouterr().out


def test_run_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(HELLO), "--input", "{not json"]) == 2
    assert "--input is not valid JSON" in capsys.readouterr().err
    assert main(["run", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["run", str(HELLO), "--test-case", "X"]) == 2
    assert "--test-case needs --mocks" in capsys.readouterr().err


def test_run_invalid_definition_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", write(tmp_path, "bad.asl.json", INVALID)]) == 1
    err = capsys.readouterr().err
    assert "Invalid State Machine Definition" in err and "MISSING_TRANSITION_TARGET" in err


def test_validate_reports_file_line_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "bad.asl.json", INVALID)
    unknown = write(tmp_path, "unknown.asl.json", UNKNOWN_FIELD)
    assert main(["validate", str(HELLO), bad, unknown]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{HELLO}: OK",
        f"{bad}:4:27: error: MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere"
        " (at /States/A/Next)",
        f"{bad}:1:1: error: MISSING_END_STATE: Workflow has no terminal state",
        f"{unknown}:4:5: error: SCHEMA_VALIDATION_FAILED: Field 'Bogus' is not supported"
        " (at /States/A)",
    ]
    assert "3 files checked, 2 with errors" in captured.err
    assert main(["validate", "-q", str(HELLO)]) == 0
    assert capsys.readouterr().out == ""


def test_validate_json_and_broken_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(HELLO)]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"file": str(HELLO), "ok": True, "diagnostics": []}
    ]
    broken = write(tmp_path, "broken.json", '{"StartAt": "A",\n  "States": {')
    assert main(["validate", broken]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{broken}:2:") and "INVALID_JSON_DESCRIPTION" in out


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_validate_refuses_non_finite_numbers_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    # Python's parser accepts NaN and Infinity, AWS's does not; this once looped forever.
    text = '{"StartAt": "A",\n "States": {"A": {"Type": "Pass", "Result": %s, "End": true}}}'
    path = write(tmp_path, "nan.asl.json", text % token)
    assert main(["validate", path]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:2:") and "INVALID_JSON_DESCRIPTION" in out


@pytest.mark.parametrize(
    ("suffix", "start"),
    [(".svg", "<svg"), (".html", "<!DOCTYPE html>"), (".mmd", "flowchart TD"), (".dot", "digraph")],
)
def test_render_picks_the_format_from_the_extension(
    tmp_path: Path, suffix: str, start: str
) -> None:
    out = tmp_path / ("graph" + suffix)
    assert main(["render", str(HELLO), "-o", str(out)]) == 0
    assert out.read_text().startswith(start)


def test_render_to_stdout_and_an_execution_from_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(HELLO)]) == 0
    assert capsys.readouterr().out.startswith("<svg")
    # A history saved from the API (ISO timestamps, as the AWS CLI prints them).
    assert main(["run", str(HELLO), "--input", '{"name": "WORLD"}', "--format", "json"]) == 0
    history = write(tmp_path, "history.json", capsys.readouterr().out)
    assert main(["render", str(HELLO), "--history", history, "--format", "mermaid"]) == 0
    mermaid = capsys.readouterr().out
    assert "classDef succeeded" in mermaid and "==>" in mermaid
    assert main(["render", str(HELLO), "-o", str(tmp_path / "graph.png")]) == 2
    assert "png" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "validate", "render", "test-state"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "usage: sfnsim " + command in capsys.readouterr().out


def test_python_m_sfnsim() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sfnsim", "validate", str(HELLO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{HELLO}: OK"


def test_progress_line_on_a_terminal_only() -> None:
    import io
    import time

    from sfnsim.cli.progress import Progress

    piped = io.StringIO()
    with Progress(lambda: "working", stream=piped, delay=0):
        time.sleep(0.05)
    assert piped.getvalue() == ""  # not a terminal: quiet

    terminal = io.StringIO()
    with Progress(lambda: "1,000 events", stream=terminal, delay=0, interval=0.01, enabled=True):
        deadline = time.monotonic() + 5
        while "events" not in terminal.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    shown = terminal.getvalue()
    assert shown.startswith("\r\x1b[K| 1,000 events (") and shown.endswith("\r\x1b[K")


def test_api_errors_and_missing_parts_are_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sfnsim._features

    class Refused(Exception):
        response = {"Error": {"Code": "ValidationException", "Message": "no such state"}}

    class Client:
        def test_state(self, **request: object) -> dict[str, object]:
            raise Refused()

    state = write(tmp_path, "state.json", {"Type": "Pass", "End": True})
    monkeypatch.setattr(sfnsim._features, "require", lambda name: Client)
    assert main(["test-state", state]) == 1
    assert capsys.readouterr().err == "sfnsim test-state: ValidationException: no such state\n"

    def missing(name: str) -> object:
        raise NotImplementedError(f"sfnsim.{name} is not available in this version of sfnsim")

    monkeypatch.setattr(sfnsim._features, "require", missing)
    assert main(["test-state", state]) == 2
    assert "sfnsim.client is not available" in capsys.readouterr().err


def test_run_with_a_mock_config_file_and_test_case(capsys: pytest.CaptureFixture[str]) -> None:
    data = ROOT / "tests" / "data" / "sfn-local"
    code = main(
        [
            "run",
            str(data / "LambdaSQSIntegration.asl.json"),
            "--mocks",
            str(data / "MockConfigFile.json"),
            "--test-case",
            "HappyPath",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("SUCCEEDED in ")
    assert "LambdaFunctionSucceeded" in out or "TaskSucceeded" in out
