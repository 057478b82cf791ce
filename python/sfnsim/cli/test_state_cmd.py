"""``sfnsim test-state``: run one state alone, as the TestState API does, with its inspection
data (the input after InputPath, Parameters, the result, ResultSelector, ResultPath ...)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .common import CliError, dump, json_argument, parse_definition, read_text, shown_path

HELP = "run a single state, as the TestState API does"


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "test-state",
        help=HELP,
        description=HELP + ". FILE holds one state, or a whole definition with --state naming the "
        "state to run. Exit code 0 when the state succeeds.",
    )
    p.add_argument(
        "file", metavar="FILE", help="a state, or a definition with --state; - reads stdin"
    )
    p.add_argument("--state", metavar="NAME", help="the state of a whole definition to run")
    p.add_argument("--input", metavar="JSON", help="the state's input (default {})")
    p.add_argument("--input-file", metavar="PATH", help="read the input from a file")
    p.add_argument("--variables", metavar="JSON", help="workflow variables visible to the state")
    p.add_argument(
        "--inspection-level",
        choices=("INFO", "DEBUG", "TRACE"),
        default="DEBUG",
        help="how much inspection data to show (default DEBUG)",
    )
    p.add_argument(
        "--mock-result",
        metavar="JSON",
        help="the result a Task state gets instead of calling its resource",
    )
    p.add_argument(
        "--mock-error",
        metavar="ERROR",
        help="the error a Task state gets instead of calling its resource",
    )
    p.add_argument("--mock-cause", metavar="CAUSE", help="the cause that goes with --mock-error")
    p.add_argument(
        "--mock-validation",
        choices=("STRICT", "PRESENT", "NONE"),
        help="how --mock-result is checked against the service's API (mock.fieldValidationMode;"
        " default STRICT)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text, or the TestState response as JSON",
    )
    p.set_defaults(handler=run)


def state_definition(text: str, state: str | None, path: str) -> str:
    """The JSON of the state to test: the file itself, or one state of a whole definition."""
    value = parse_definition(text, path)
    path = shown_path(path)
    if not isinstance(value, dict):
        raise CliError(f"{path} holds neither a state nor a definition (not a JSON object)")
    if state is None:
        if "States" in value:
            names = ", ".join(value["States"]) if isinstance(value["States"], dict) else ""
            raise CliError(f"{path} is a whole definition: name the state with --state ({names})")
        return text
    stack: list[Any] = [value]
    while stack:
        spec = stack.pop()
        states = spec.get("States") if isinstance(spec, dict) else None
        if not isinstance(states, dict):
            continue
        if state in states:
            return json.dumps(states[state])
        for s in states.values():
            if isinstance(s, dict):
                branches = s.get("Branches")
                stack.extend(branches if isinstance(branches, list) else [])
                stack.extend(s.get(key) for key in ("ItemProcessor", "Iterator"))
    raise CliError(f"no state named {state!r} in {path}")


def run(args: argparse.Namespace) -> int:
    from .._features import require

    definition = state_definition(read_text(args.file), args.state, args.file)
    input_text = json_argument(args.input, args.input_file, "input")
    request: dict[str, Any] = {
        "definition": definition,
        "roleArn": "arn:aws:iam::123456789012:role/sfnsim-test-state",
        "input": input_text if input_text is not None else "{}",
        "inspectionLevel": args.inspection_level,
    }
    variables = json_argument(args.variables, None, "variables")
    if variables is not None:
        request["variables"] = variables
    if args.mock_result is not None and args.mock_error is not None:
        raise CliError("give --mock-result or --mock-error, not both")
    if args.mock_validation is not None and args.mock_result is None:
        raise CliError("--mock-validation checks a --mock-result: give one")
    if args.mock_result is not None:
        request["mock"] = {"result": json_argument(args.mock_result, None, "mock-result")}
        if args.mock_validation is not None:
            request["mock"]["fieldValidationMode"] = args.mock_validation
    elif args.mock_error is not None:
        error: dict[str, str] = {"error": args.mock_error}
        if args.mock_cause is not None:
            error["cause"] = args.mock_cause
        request["mock"] = {"errorOutput": error}
    client = require("client")()
    if not hasattr(client, "test_state"):
        raise NotImplementedError("the TestState API is not in this version of sfnsim.client()")
    response = client.test_state(**request)
    response.pop("ResponseMetadata", None)
    if args.format == "json":
        print(json.dumps(response, indent=2, default=str))
        return 0 if response.get("status") == "SUCCEEDED" else 1
    print(f"status: {response.get('status')}")
    if response.get("nextState"):
        print(f"next:   {response['nextState']}")
    if "output" in response:
        print("output: " + _pretty(response["output"]))
    if response.get("error"):
        print(f"error:  {response['error']}")
    if response.get("cause"):
        print(f"cause:  {response['cause']}")
    data = response.get("inspectionData") or {}
    if data:
        print("inspection:")
        for key, value in data.items():
            print(f"  {key}: " + _pretty(value).replace("\n", "\n  "))
    return 0 if response.get("status") == "SUCCEEDED" else 1


def _pretty(value: Any) -> str:
    if isinstance(value, str):
        try:
            return dump(json.loads(value))
        except ValueError:
            return value
    return dump(value)
