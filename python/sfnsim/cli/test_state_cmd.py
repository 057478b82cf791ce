"""``sfnsim test-state``: run one state alone, as the TestState API does, with its inspection
data (the input after InputPath, Parameters, the result, ResultSelector, ResultPath ...)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..definition_json import first_value_text
from ..definition_states import walk_states
from .common import CliError, dump, json_argument, parse_definition, read_text, shown_path
from .template_args import add_template_options, label, machine

HELP = "run a single state, as the TestState API does"


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "test-state",
        help=HELP,
        description=HELP + ". FILE holds one state, or a whole definition with --state naming the "
        "state to run (nested ones too). Exit code 0 when the state SUCCEEDED; 1 when it FAILED, "
        "is RETRIABLE or CAUGHT_ERROR, or the API refused the request; 2 for a usage error.",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="a state, or a definition with --state; - reads stdin; or --template",
    )
    p.add_argument("--state", metavar="NAME", help="the state of a whole definition to run")
    p.add_argument("--input", metavar="JSON", help="the state's input (default {})")
    p.add_argument("--input-file", metavar="PATH", help="read the input from a file")
    p.add_argument("--variables", metavar="JSON", help="workflow variables visible to the state")
    p.add_argument("--context", metavar="JSON", help="the context object, used as given")
    p.add_argument("--context-file", metavar="PATH", help="read the context object from a file")
    p.add_argument(
        "--inspection-level",
        choices=("INFO", "DEBUG", "TRACE"),
        default="DEBUG",
        help="how much inspection data to show (default DEBUG)",
    )
    p.add_argument(
        "--mock-result",
        metavar="JSON",
        help="the state's result instead of calling its service (a Map's or Parallel's whole "
        "result)",
    )
    p.add_argument(
        "--mock-error",
        metavar="ERROR[:CAUSE]",
        help="fail the state with this error (and cause) instead of calling its service",
    )
    p.add_argument("--mock-cause", metavar="CAUSE", help="the cause that goes with --mock-error")
    p.add_argument(
        "--retry-count",
        metavar="N",
        type=_count,
        help="retries the matching Retrier has already made (stateConfiguration.retrierRetryCount)",
    )
    p.add_argument(
        "--map-failure-count",
        metavar="N",
        type=_count,
        help="failed Map iterations (stateConfiguration.mapIterationFailureCount)",
    )
    p.add_argument(
        "--error-caused-by-state",
        metavar="NAME",
        help="the state inside a Map or Parallel that --mock-error comes from",
    )
    p.add_argument(
        "--item-reader-data",
        metavar="TEXT",
        help="what a Distributed Map's ItemReader reads, as its source holds it",
    )
    p.add_argument(
        "--item-reader-data-file", metavar="PATH", help="read --item-reader-data from a file"
    )
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
    add_template_options(p)
    p.set_defaults(handler=run)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}")
    return value


def check_state(text: str, state: str | None, path: str) -> None:
    """Refuses, before asking the API, a FILE that holds neither a state nor a definition, a whole
    definition without --state, and a --state that is in no States of it (Parallel branches and
    Map processors included)."""
    value = parse_definition(text, path)
    path = shown_path(path)
    if not isinstance(value, dict):
        raise CliError(f"{path} holds neither a state nor a definition (not a JSON object)")
    if state is None:
        if "States" in value:
            names = ", ".join(value["States"]) if isinstance(value["States"], dict) else ""
            raise CliError(f"{path} is a whole definition: name the state with --state ({names})")
        return
    if any(site.name == state for site in walk_states(value)):
        return
    raise CliError(f"no state named {state!r} in {path}")


def mock_of(args: argparse.Namespace) -> dict[str, Any] | None:
    """The request's ``mock``: ``--mock-result``, or ``--mock-error ERROR[:CAUSE]`` (the error
    ends at the first colon: error names have none, causes often do)."""
    if args.mock_result is not None and args.mock_error is not None:
        raise CliError("give --mock-result or --mock-error, not both")
    if args.mock_cause is not None and args.mock_error is None:
        raise CliError("--mock-cause goes with --mock-error")
    if args.mock_validation is not None and args.mock_result is None:
        raise CliError("--mock-validation checks a --mock-result: give one")
    if args.mock_result is not None:
        mock: dict[str, Any] = {"result": json_argument(args.mock_result, None, "mock-result")}
        if args.mock_validation is not None:
            mock["fieldValidationMode"] = args.mock_validation
        return mock
    if args.mock_error is None:
        return None
    error, colon, cause = args.mock_error.partition(":")
    if colon and args.mock_cause is not None:
        raise CliError("give the cause in --mock-error ERROR:CAUSE or in --mock-cause, not both")
    if not colon and args.mock_cause is not None:
        cause, colon = args.mock_cause, ":"
    return {"errorOutput": {"error": error, "cause": cause} if colon else {"error": error}}


def configuration_of(args: argparse.Namespace) -> dict[str, Any]:
    """The request's ``stateConfiguration``, from the options given."""
    configuration: dict[str, Any] = {}
    if args.retry_count is not None:
        configuration["retrierRetryCount"] = args.retry_count
    if args.map_failure_count is not None:
        configuration["mapIterationFailureCount"] = args.map_failure_count
    if args.error_caused_by_state is not None:
        configuration["errorCausedByState"] = args.error_caused_by_state
    data, data_file = args.item_reader_data, args.item_reader_data_file
    if data is not None and data_file is not None:
        raise CliError("give --item-reader-data or --item-reader-data-file, not both")
    if data_file is not None:
        # As its source holds it: JSON, JSON Lines or CSV, so it is not checked as JSON.
        data = read_text(data_file)
    if data is not None:
        configuration["mapItemReaderData"] = data
    return configuration


def run(args: argparse.Namespace) -> int:
    import sfnsim

    # The whole definition goes to TestState with the state's name, as AWS takes it: a state
    # cut out of it would lose the machine's QueryLanguage (a JSONata machine's state would be
    # read as JSONPath).
    chosen = machine(args)
    if chosen is not None:
        definition = chosen.definition_json
        check_state(definition, args.state, label(args, chosen))
    elif args.file is None:
        raise CliError("give a FILE, or --template")
    else:
        text = read_text(args.file)
        check_state(text, args.state, args.file)
        # Text after the definition is ignored, as AWS's parser ignores it; sfnsim's TestState
        # refuses it (where its other operations do not), so it is not sent.
        definition = first_value_text(text)
    input_text = json_argument(args.input, args.input_file, "input")
    request: dict[str, Any] = {
        "definition": definition,
        "roleArn": (chosen.role_arn if chosen is not None else None)
        or "arn:aws:iam::123456789012:role/sfnsim-test-state",
        "input": input_text if input_text is not None else "{}",
        "inspectionLevel": args.inspection_level,
    }
    if args.state is not None:
        request["stateName"] = args.state
    variables = json_argument(args.variables, None, "variables")
    if variables is not None:
        request["variables"] = variables
    context = json_argument(args.context, args.context_file, "context")
    if context is not None:
        request["context"] = context
    mock = mock_of(args)
    if mock is not None:
        request["mock"] = mock
    configuration = configuration_of(args)
    if configuration:
        request["stateConfiguration"] = configuration
    client: Any = sfnsim.client()
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
