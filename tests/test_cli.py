"""The ``sfnsim`` command, called as ``sfnsim.cli.main(argv)`` (one subprocess test checks that
``python -m sfnsim`` is wired up): exit codes, what is printed, the files written."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
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


def test_api_errors_are_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sfnsim

    class Refused(Exception):
        response = {"Error": {"Code": "ValidationException", "Message": "no such state"}}

    class Client:
        def test_state(self, **request: object) -> dict[str, object]:
            raise Refused()

    state = write(tmp_path, "state.json", {"Type": "Pass", "End": True})
    monkeypatch.setattr(sfnsim, "client", Client)
    assert main(["test-state", state]) == 1
    assert capsys.readouterr().err == "sfnsim test-state: ValidationException: no such state\n"


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


# --- inputs and outputs that are not what a command expects: one line, a documented exit code

PASS_DEFINITION = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
DEEP_ARRAY = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000


def one_line_error(capsys: pytest.CaptureFixture[str], command: str) -> str:
    """The command's stderr, checked to be a single line naming the command."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith(f"sfnsim {command}: "), err
    return err.strip()


def write_bytes(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


MOCK_CONFIG = str(ROOT / "tests" / "data" / "sfn-local" / "MockConfigFile.json")

# Where each command reads a file: the argv around the file's path (FILE).
READERS = {
    "run FILE": ["run", "FILE"],
    "run --input-file": ["run", str(HELLO), "--input-file", "FILE"],
    "run --mocks": ["run", str(HELLO), "--mocks", "FILE"],
    "validate FILE": ["validate", "FILE"],
    "render FILE": ["render", "FILE"],
    "render --history": ["render", str(HELLO), "--history", "FILE"],
    "test-state FILE": ["test-state", "FILE"],
    "test-state --input-file": ["test-state", "STATE", "--input-file", "FILE"],
}


def filled(argv: list[str], tmp_path: Path, **paths: str) -> list[str]:
    """``argv`` with its placeholders (FILE, STATE, EMPTY, MOCKS) replaced by paths."""
    known = {
        "STATE": write(tmp_path, "state.json", {"Type": "Pass", "End": True}),
        "EMPTY": write(tmp_path, "empty.json", ""),
        "MOCKS": MOCK_CONFIG,
        **paths,
    }
    return [known.get(arg, arg) for arg in argv]


def argv_reading(reader: str, path: str, tmp_path: Path) -> list[str]:
    return filled(READERS[reader], tmp_path, FILE=path)


UNREADABLE = {
    "binary": lambda tmp: write_bytes(tmp, "binary.json", bytes(range(256)) * 4),
    "UTF-16 without a byte order mark": lambda tmp: write_bytes(
        tmp, "utf16.json", json.dumps(PASS_DEFINITION).encode("utf-16-le")
    ),
    "invalid UTF-16 after its byte order mark": lambda tmp: write_bytes(
        tmp, "bad16.json", b"\xff\xfe{\x00\x00\xd8"
    ),
    "a directory": str,
    "a missing file": lambda tmp: str(tmp / "missing.json"),
}


@pytest.mark.parametrize("kind", UNREADABLE)
@pytest.mark.parametrize("reader", READERS)
def test_a_file_that_cannot_be_read_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str, kind: str
) -> None:
    argv = argv_reading(reader, UNREADABLE[kind](tmp_path), tmp_path)
    assert main(argv) == 2
    assert "error: cannot read " in one_line_error(capsys, argv[0])


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its byte order mark, as PowerShell writes
        lambda text: text.encode("utf-32"),
    ],
    ids=["UTF-8 with BOM", "UTF-16 with BOM", "UTF-32 with BOM"],
)
@pytest.mark.parametrize("command", ["run", "validate", "render"])
def test_a_byte_order_mark_says_how_to_read_the_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    encode: Callable[[str], bytes],
) -> None:
    path = write_bytes(tmp_path, "bom.asl.json", encode(json.dumps(PASS_DEFINITION)))
    assert main([command, path]) == 0
    assert capsys.readouterr().err in ("", f"wrote {path}\n")


@pytest.mark.parametrize(
    ("reader", "code", "says"),
    [
        # AWS's parser answers for what it reads, in its words: a depth of 1,000 at most.
        ("run FILE", 1, "Document nesting depth (1001) exceeds the maximum allowed (1000"),
        ("validate FILE", 1, None),
        ("run --input-file", 2, "nested deeper than the maximum allowed (1000 levels)"),
        ("test-state --input-file", 1, "Document nesting depth (1001) exceeds"),
        # What only the CLI reads.
        ("run --mocks", 2, "is JSON nested too deeply to read"),
        ("render FILE", 2, "is JSON nested too deeply to read"),
        ("render --history", 2, "is JSON nested too deeply to read"),
        ("test-state FILE", 2, "is JSON nested too deeply to read"),
    ],
)
@pytest.mark.parametrize("deep", [DEEP_ARRAY, DEEP_OBJECT], ids=["arrays", "objects"])
def test_json_nested_ten_thousand_deep(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    deep: str,
    reader: str,
    code: int,
    says: str | None,
) -> None:
    argv = argv_reading(reader, write(tmp_path, "deep.json", deep), tmp_path)
    assert main(argv) == code
    if says is None:  # validate: a diagnostic on stdout, on one line
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and "Document nesting depth (1001)" in out
        assert out.startswith(f"{argv[-1]}:1:")
        return
    if reader == "run FILE":  # the definition's diagnostics, one line each
        err = capsys.readouterr().err
        assert err.splitlines()[0] == "sfnsim run: Invalid State Machine Definition"
        assert says in err.splitlines()[1] and len(err.splitlines()) == 2
        return
    assert says in one_line_error(capsys, argv[0])


def definition_of_length(length: int) -> str:
    text = json.dumps({**PASS_DEFINITION, "Comment": ""})
    return text.replace('"Comment": ""', '"Comment": "' + "x" * (length - len(text)) + '"')


def too_long_definition() -> str:
    """A definition one character longer than CreateStateMachine accepts (1,048,576)."""
    return definition_of_length(1_048_577)


def test_a_definition_as_long_as_the_api_accepts_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "longest.asl.json", definition_of_length(1_048_576))
    assert main(["validate", path]) == 0
    assert capsys.readouterr().out == f"{path}: OK\n"


@pytest.mark.parametrize(
    "argv",
    [["run", "FILE"], ["run", "FILE", "--mocks", "MOCKS"], ["render", "FILE"]],
    ids=["run", "run --mocks", "render"],
)
def test_a_definition_longer_than_the_api_accepts_is_refused_in_its_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    path = write(tmp_path, "big.asl.json", too_long_definition())
    assert main(filled(argv, tmp_path, FILE=path)) == 1
    err = one_line_error(capsys, argv[0])
    assert err.startswith(f"sfnsim {argv[0]}: ValidationException: 1 validation error detected: ")
    assert "(1,048,577 characters) at 'definition' failed to satisfy constraint: " in err
    assert err.endswith("Member must have length less than or equal to 1048576")
    assert len(err) < 300  # the value is cut, not echoed whole


def test_validate_reports_a_definition_too_long_among_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = write(tmp_path, "big.asl.json", too_long_definition())
    assert main(["validate", big, str(HELLO)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{big}: error: ValidationException: 1 validation error detected")
    assert out[0].endswith("Member must have length less than or equal to 1048576")
    assert out[1] == f"{HELLO}: OK"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{nope", " is not JSON: Expecting property name"),
        ("[]", ": MockConfigFile: expected a JSON object at the top level"),
        ('{"StateMachines": [], "MockedResponses": {}}', ": StateMachines: expected an object"),
        (
            '{"StateMachines": {"S": {"TestCases": 5}}, "MockedResponses": {}}',
            ": StateMachines.S.TestCases: expected an object of test cases",
        ),
        (
            '{"StateMachines": {"S": {"TestCases": {"T": {"A": "R"}}}}, '
            '"MockedResponses": {"R": 3}}',
            ": MockedResponses.R: expected an object of invocation keys",
        ),
    ],
)
def test_a_mock_config_file_that_is_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, says: str
) -> None:
    mocks = write(tmp_path, "mocks.json", content)
    assert main(["run", str(HELLO), "--mocks", mocks]) == 2
    assert f"sfnsim run: error: --mocks {mocks}{says}" in one_line_error(capsys, "run")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--test-case", "Nope"], "TestCases has no test case 'Nope' (the file has: HappyPath"),
        (
            ["--test-case", "HappyPath", "--state-machine-name", "Other"],
            "StateMachines has no state machine named 'Other'",
        ),
    ],
)
def test_a_test_case_the_mock_config_file_does_not_have(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    definition = str(ROOT / "tests" / "data" / "sfn-local" / "LambdaSQSIntegration.asl.json")
    assert main(["run", definition, "--mocks", MOCK_CONFIG, *argv]) == 2
    assert says in one_line_error(capsys, "run")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[1, 2, 3]", "event 1 is not an object"),
        ('{"events": [{"id": 1}]}', 'event 1 has no "type" string'),
        ('[{"type": 5}]', 'event 1 has no "type" string'),
        ('[{"type": "PassStateEntered", "id": "x"}]', 'event 1 has an "id" that is not an integer'),
        ('[{"type": "PassStateEntered", "id": NaN}]', 'event 1 has an "id" that is not an integer'),
        ('[{"type": "ExecutionStarted", "timestamp": 1e300}]', 'has a "timestamp" that is no time'),
        ('{"events": "none"}', 'holds no events: expected {"events": [...]} or a list'),
        (json.dumps(PASS_DEFINITION), 'holds no events: expected {"events": [...]} or a list'),
        ("", "is not JSON: Expecting value"),
    ],
)
def test_render_history_that_is_no_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, says: str
) -> None:
    history = write(tmp_path, "history.json", content)
    assert main(["render", str(HELLO), "--history", history, "--format", "html"]) == 2
    err = one_line_error(capsys, "render")
    assert err.startswith(f"sfnsim render: error: --history {history}") and says in err


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (lambda tmp: tmp / "no" / "such" / "out.svg", "No such file or directory"),
        (lambda tmp: tmp, "Is a directory"),
        (lambda tmp: Path(write(tmp, "file.txt", "")) / "out.svg", "Not a directory"),
    ],
    ids=["missing directory", "a directory", "below a file"],
)
@pytest.mark.parametrize(
    "argv",
    [
        ["render", str(HELLO), "-o", "FILE", "--format", "svg"],
        ["run", str(HELLO), "--input", "{}", "--html", "FILE"],
        ["run", str(HELLO), "--input", "{}", "--svg", "FILE"],
    ],
    ids=["render -o", "run --html", "run --svg"],
)
def test_an_output_that_cannot_be_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    target: Callable[[Path], Path],
    says: str,
) -> None:
    out = str(target(tmp_path))
    assert main(filled(argv, tmp_path, FILE=out)) == 2
    assert one_line_error(capsys, argv[0]).endswith(f"error: cannot write {out}: {says}")


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["run", str(HELLO), "--input", DEEP_ARRAY], 2, "nested deeper than the maximum"),
        (["test-state", "STATE", "--input", DEEP_ARRAY], 1, "Document nesting depth (1001)"),
        (["test-state", "STATE", "--variables", DEEP_ARRAY], 1, "Document nesting depth"),
        (["run", "EMPTY"], 2, "is empty"),
        (["render", "EMPTY"], 2, "is empty"),
        (["test-state", "EMPTY"], 2, "is not JSON: Expecting value"),
        (["run", "EMPTY", "--mocks", "MOCKS"], 2, "is empty"),
    ],
)
def test_other_bad_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, says: str
) -> None:
    assert main(filled(argv, tmp_path)) == code
    assert says in one_line_error(capsys, argv[0])


def test_binary_on_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{\xff}")))
    assert main(["validate", "-"]) == 2
    assert one_line_error(capsys, "validate") == (
        "sfnsim validate: error: cannot read <stdin>: not UTF-8 text (byte 0xff at offset 1)"
    )


def test_api_error_messages_stay_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # AWS's parser breaks its message over lines; through the client it is one.
    state = write(tmp_path, "state.json", '{"States": {"A": {"Type": "Pass", "Result": NaN}}}')
    assert main(["test-state", state, "--state", "A"]) == 1
    err = one_line_error(capsys, "test-state")
    assert err.startswith("sfnsim test-state: InvalidDefinition: ") and "NaN" in err


def test_a_reader_that_goes_away_is_no_error(tmp_path: Path) -> None:
    # `sfnsim run ... | head -1`: the pipe closes while sfnsim still writes.
    states = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(2000)}
    chain = {"StartAt": "S0", "States": {**states, "S2000": {"Type": "Succeed"}}}
    path = write(tmp_path, "long.asl.json", chain)
    with subprocess.Popen(
        [sys.executable, "-m", "sfnsim", "run", path, "--events", "all"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.readline()
        child.stdout.close()
        err = child.stderr.read()
    assert child.returncode == 0, err
    assert err == b""


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "-o"])
def test_render_a_definition_naming_half_a_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to_file: bool
) -> None:
    # "\ud800" alone parses to an unpaired surrogate, which no UTF-8 output can hold.
    half = "A\ud800"
    path = write(
        tmp_path, "half.asl.json", {"StartAt": half, "States": {half: {"Type": "Succeed"}}}
    )
    out = tmp_path / "half.svg"
    assert main(["render", path, *(["-o", str(out)] if to_file else [])]) == 0
    drawn = out.read_text(encoding="utf-8") if to_file else capsys.readouterr().out
    assert "A\ufffd" in drawn and "\ud800" not in drawn


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "FILE", "-q"],
        ["validate", "FILE"],
        ["render", "FILE", "--format", "mermaid"],
        ["test-state", "FILE", "--state", "A"],
    ],
    ids=["run", "validate", "render", "test-state"],
)
def test_text_after_a_definition_is_ignored_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    # AWS's parser stops after the definition's value; every command reads it alike.
    path = write(tmp_path, "trailing.asl.json", json.dumps(PASS_DEFINITION) + " trailing words")
    assert main(filled(argv, tmp_path, FILE=path)) == 0, capsys.readouterr().err


def test_test_state_mock_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("botocore")  # the service models
    task = {
        "Type": "Task",
        "Resource": "arn:aws:states:::events:putEvents",
        "Parameters": {"Entries": []},
        "End": True,
    }
    state = write(tmp_path, "task.json", task)
    assert main(["test-state", state, "--mock-result", '{"Entries": "x"}']) == 1
    assert one_line_error(capsys, "test-state").endswith("Field 'Entries' must be an array")
    argv = ["test-state", state, "--mock-result", '{"Entries": "x"}', "--mock-validation", "NONE"]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(["test-state", state, "--mock-validation", "NONE"]) == 2
    assert "--mock-validation checks a --mock-result" in one_line_error(capsys, "test-state")
