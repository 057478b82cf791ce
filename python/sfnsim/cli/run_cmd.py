"""``sfnsim run``: run a definition once and print the result, the path and the events; exit
code 1 when the execution does not succeed."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import (
    CliError,
    check_definition_length,
    check_writable,
    dump,
    is_terminal,
    json_argument,
    read_definition,
    read_json,
    shown_path,
    write_text,
)
from .progress import Progress
from .template_args import add_template_options, machine
from .validate_cmd import summary

if TYPE_CHECKING:
    from ..mock_config import MockConfig
    from ..templates import TemplateStateMachine

HELP = "run a definition and print its result and events"


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "run",
        help=HELP,
        description=HELP + ". Waits and retries pass on a virtual clock unless --clock real. "
        "Exit code 0 when the execution succeeds, 1 otherwise.",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="the definition (.asl.json); - reads stdin; or --template",
    )
    p.add_argument("--input", metavar="JSON", help="the execution input (default {})")
    p.add_argument("--input-file", metavar="PATH", help="read the input from a file")
    p.add_argument("--name", help="the execution name (default: a UUID)")
    p.add_argument(
        "--state-machine-name",
        metavar="NAME",
        help=(
            "the state machine name (default: the template's name for it, the MockConfigFile's "
            "only state machine, else the file name)"
        ),
    )
    p.add_argument(
        "--type",
        choices=("STANDARD", "EXPRESS"),
        help="state machine type (default: the template's, else STANDARD)",
    )
    p.add_argument(
        "--mocks",
        metavar="MOCKCONFIG",
        help="a Step Functions Local MockConfigFile for Task results",
    )
    p.add_argument(
        "--test-case",
        metavar="NAME",
        help="the MockConfigFile test case to run (needed with --mocks)",
    )
    p.add_argument(
        "--strict-mocks",
        action="store_true",
        help="a test case entry no state of the machine uses is an error, not a warning",
    )
    p.add_argument(
        "--clock",
        choices=("virtual", "real"),
        default="virtual",
        help="virtual (default): waits take no time; real: waits really wait",
    )
    p.add_argument(
        "--events",
        choices=("compact", "all", "none"),
        default="compact",
        help="which events to print (default compact: the last 25)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text, or JSON (describe_execution's fields plus the events)",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help=(
            "on a terminal, a bar per Map state: items ended, failed, in flight (needs tqdm: "
            "pip install 'sfnsim[progress]')"
        ),
    )
    p.add_argument("--html", metavar="PATH", help="also write the execution's HTML view")
    p.add_argument("--svg", metavar="PATH", help="also write the coloured graph as SVG")
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print only the output (or the error)"
    )
    add_template_options(p)
    p.set_defaults(handler=run)


def _machine_name(args: argparse.Namespace, mocks: MockConfig | None) -> str:
    if args.state_machine_name:
        return str(args.state_machine_name)
    chosen: TemplateStateMachine | None = getattr(args, "chosen", None)
    if chosen is not None:
        return chosen.name
    if mocks is not None and len(mocks.test_cases) == 1:
        return next(iter(mocks.test_cases))
    stem = Path(args.file).name.split(".")[0] if args.file != "-" else "StateMachine"
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem) or "StateMachine"


def _with_run(args: argparse.Namespace, text: str, input_text: str | None, name: str) -> Any:
    """The default path: ``sfnsim.run()`` on the virtual clock."""
    import sfnsim

    chosen: TemplateStateMachine | None = getattr(args, "chosen", None)
    bars = args.progress and is_terminal(sys.stderr)  # piped: no bars, as no spinner
    # The spinner and the bars would share the line: the bars say more.
    with Progress(lambda: f"running {name}", enabled=False if bars else None):
        ex = sfnsim.run(
            text,
            input_json=input_text if input_text is not None else "{}",
            name=args.name,
            state_machine_name=name,
            state_machine_type=args.type,
            role_arn=chosen.role_arn if chosen is not None else None,
            progress=bars,
        )
    return ex.view()


def _mock_config(args: argparse.Namespace) -> MockConfig | None:
    """The MockConfigFile, checked whole (and the test case to run found in it) before
    anything runs."""
    from ..mock_config import MockConfigError, parse_mock_config

    if not args.mocks:
        return None
    try:
        config = parse_mock_config(read_json(args.mocks, "--mocks"))
        name = _machine_name(args, config)
        if not args.test_case:
            # Step Functions Local runs an execution started without '#<TestCase>' unmocked;
            # from a command line that only ever means a forgotten option.
            cases = config.test_cases.get(name)
            known = (
                f"its test cases for '{name}': {', '.join(cases)}"
                if cases
                else (
                    f"it has no test cases for a state machine '{name}' (it has: "
                    f"{', '.join(config.test_cases) or 'none'}; --state-machine-name picks one)"
                )
            )
            raise CliError(
                f"--mocks {shown_path(args.mocks)} needs --test-case NAME to say which test "
                f"case to run; {known}"
            )
        config.test_case(name, args.test_case)
    except MockConfigError as exc:
        raise CliError(f"--mocks {shown_path(args.mocks)}: {exc}") from None
    return config


def _with_client(
    args: argparse.Namespace,
    text: str,
    input_text: str | None,
    name: str,
    mocks: MockConfig | None,
) -> Any:
    """With mocks or the real clock: a client, as Step Functions Local is used (the test case
    selected by ``<stateMachineArn>#<TestCase>``)."""
    import sfnsim

    from ..drawing import fetch_execution

    bars = args.progress and is_terminal(sys.stderr)  # piped: no bars, as no spinner
    kwargs: dict[str, Any] = {"clock": args.clock, "strict_mocks": args.strict_mocks}
    if mocks is not None:
        kwargs["mocks"] = mocks
    client: Any = sfnsim.client(progress=bars, **kwargs)
    chosen: TemplateStateMachine | None = getattr(args, "chosen", None)
    role = chosen.role_arn if chosen is not None else None
    machine = client.create_state_machine(
        name=name,
        definition=text,
        type=args.type,
        roleArn=role or f"arn:aws:iam::{client.meta.account_id}:role/sfnsim-cli",
    )["stateMachineArn"]
    target = machine + (f"#{args.test_case}" if args.test_case else "")
    execution_name = args.name or str(uuid.uuid4())
    arn = machine.replace(":stateMachine:", ":execution:") + ":" + execution_name
    seen = {"events": 0, "state": ""}

    def status() -> str:
        page = client.get_execution_history(executionArn=arn, reverseOrder=True, maxResults=1)
        if page["events"]:
            last = page["events"][0]
            seen["events"] = last["id"]
            for value in last.values():
                if isinstance(value, dict) and "name" in value:
                    seen["state"] = value["name"]
        return f"{name}: {seen['events']:,} events" + (
            f", in {seen['state']}" if seen["state"] else ""
        )

    with Progress(status, enabled=False if bars else None):
        started = client.start_execution(
            stateMachineArn=target,
            name=execution_name,
            input=input_text if input_text is not None else "{}",
        )
        arn = started["executionArn"]
        if args.clock == "real":
            import time

            while client.describe_execution(executionArn=arn)["status"] == "RUNNING":
                time.sleep(0.1)
    return fetch_execution(client, arn)


def run(args: argparse.Namespace) -> int:
    from ..drawing.overlay import format_ms
    from ..errors import InvalidDefinition, InvalidExecutionInput, UnusedMockError
    from ..mock_usage import UnusedMockWarning
    from ..testing import history_table

    if args.test_case and not args.mocks:
        raise CliError("--test-case needs --mocks")
    for path in (args.html, args.svg):
        if path:
            check_writable(path)
    args.chosen = machine(args)
    if args.chosen is not None:
        text = args.chosen.definition_json
        check_definition_length(text)
        args.type = args.type or args.chosen.type or "STANDARD"
    elif args.file is None:
        raise CliError("give a definition FILE, or --template")
    else:
        text = read_definition(args.file)
    args.type = args.type or "STANDARD"
    input_text = json_argument(args.input, args.input_file, "input")
    mocks = _mock_config(args)
    name = _machine_name(args, mocks)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UnusedMockWarning)
            if args.mocks or args.clock != "virtual":
                view = _with_client(args, text, input_text, name, mocks)
            else:
                view = _with_run(args, text, input_text, name)
        for warning in caught:
            if issubclass(warning.category, UnusedMockWarning):
                shown = str(warning.message).replace("strict_mocks=True", "--strict-mocks")
                print(f"sfnsim run: warning: {shown}", file=sys.stderr)
            else:
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
    except UnusedMockError as exc:
        raise CliError(str(exc)) from None
    except InvalidDefinition as exc:
        # Each diagnostic on a line of its own; the message repeats them all in one.
        print(f"sfnsim run: {str(exc).split(':', 1)[0]}", file=sys.stderr)
        for d in exc.diagnostics:
            print(f"  {summary({**d, 'location': d.get('location') or '/'})}", file=sys.stderr)
        return 1
    except InvalidExecutionInput as exc:
        raise CliError(str(exc)) from None
    if args.html:
        write_text(args.html, view.to_html())
    if args.svg:
        write_text(args.svg, view.to_svg())
    trace = view.trace
    status = view.status
    output_text = view.summary.get("output") or trace.output_text
    if args.format == "json":
        result = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in view.summary.items()
        }
        result["status"] = status
        result["output"] = output_text
        result["path"] = trace.path
        if args.events != "none":
            result["events"] = [
                {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in e.items()}
                for e in view.events
            ]
        print(json.dumps(result, indent=2, default=str))
        return 0 if status == "SUCCEEDED" else 1
    if args.quiet:
        if status == "SUCCEEDED":
            print(dump(json.loads(output_text)) if output_text else "null")
        else:
            error = view.summary.get("error") or trace.error
            cause = view.summary.get("cause") or trace.cause or ""
            print(f"{status}: {error}: {cause}", file=sys.stderr)
        return 0 if status == "SUCCEEDED" else 1
    duration = format_ms(trace.duration_ms)
    print(
        f"{status}"
        + (
            f" in {duration} (simulated)"
            if duration and args.clock == "virtual"
            else f" in {duration}"
            if duration
            else ""
        )
        + f" \u00b7 {trace.transitions:,} state transitions"
    )
    print("path:   " + (" \u2192 ".join(trace.path) or "(no state ran)"))
    if status == "SUCCEEDED":
        print("output: " + (dump(json.loads(output_text)) if output_text else "null"))
    else:
        failing = trace.failing_visit()
        error = view.summary.get("error") or trace.error
        cause = view.summary.get("cause") or trace.cause
        where = (
            f" in {failing.name}" + (f" ({failing.where})" if failing.where else "")
            if failing
            else ""
        )
        print(f"error:  {error}{where}")
        if cause:
            print(f"cause:  {cause}")
    if args.events != "none":
        print(history_table(trace, len(view.events) if args.events == "all" else 25))
    return 0 if status == "SUCCEEDED" else 1
