"""``sfnsim render``: draw a definition (or an execution, from a saved history) to SVG, HTML,
Mermaid or DOT."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .common import (
    CliError,
    encodable,
    parse_definition,
    read_definition,
    read_json,
    shown_path,
    write_text,
)
from .template_args import add_template_options, machine

HELP = "draw a definition as SVG, HTML, Mermaid or DOT"
FORMATS = {
    ".svg": "svg",
    ".html": "html",
    ".htm": "html",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".dot": "dot",
    ".gv": "dot",
}


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "render",
        help=HELP,
        description=HELP + ". With --history, draws an execution: the graph coloured by outcome, "
        "its timeline and events (a file saved from `aws stepfunctions get-execution-history`).",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="the definition (.asl.json); - reads stdin; or --template",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file; its extension picks the format "
        "(.svg .html .mmd .dot); default: SVG on stdout",
    )
    p.add_argument(
        "--format",
        choices=("svg", "html", "mermaid", "dot"),
        help="output format (overrides -o's extension)",
    )
    p.add_argument(
        "--history",
        metavar="JSON",
        help='history events to draw an execution ({"events": [...]} or a list)',
    )
    add_template_options(p)
    p.set_defaults(handler=run)


def _timestamp(value: Any) -> datetime | str | None:
    """An event's timestamp as a datetime: from ISO 8601 (the AWS CLI's) or seconds since the
    epoch (boto3's JSON); other text as it is; None for what is no time at all."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):  # NaN, or beyond the years datetime holds
            return None
    return None


def load_events(path: str) -> list[dict[str, Any]]:
    what = f"--history {shown_path(path)}"
    data = read_json(path, "--history")
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        raise CliError(f'{what} holds no events: expected {{"events": [...]}} or a list')
    for number, event in enumerate(events, 1):
        problem = _event_problem(event)
        if problem:
            raise CliError(f"{what}: event {number} {problem}")
        if "timestamp" in event:
            event["timestamp"] = _timestamp(event["timestamp"])
    return events


def _event_problem(event: Any) -> str | None:
    """What keeps ``event`` from being a history event, as GetExecutionHistory returns them:
    the fields the drawing relies on (its details it reads leniently)."""
    if not isinstance(event, dict):
        return "is not an object"
    if not isinstance(event.get("type"), str):
        return 'has no "type" string'
    for key in ("id", "previousEventId"):
        if key in event and (isinstance(event[key], bool) or not isinstance(event[key], int)):
            return f'has an "{key}" that is not an integer'
    if "timestamp" in event and _timestamp(event["timestamp"]) is None:
        return 'has a "timestamp" that is no time'
    return None


def _name(path: str) -> str:
    return "history" if path == "-" else Path(path).stem


def run(args: argparse.Namespace) -> int:
    from ..drawing import DefinitionView, ExecutionView

    chosen = machine(args)
    if chosen is not None:
        definition: Any = chosen.definition
    elif args.file is None:
        raise CliError("give a definition FILE, or --template")
    else:
        definition = parse_definition(read_definition(args.file), args.file)
    if not isinstance(definition, dict):
        raise CliError(
            f"{shown_path(args.file)} is not a state machine definition (not a JSON object)"
        )
    fmt = args.format
    if fmt is None and args.output:
        fmt = FORMATS.get(Path(args.output).suffix.lower())
        if fmt is None:
            raise CliError(f"cannot tell the format from {args.output!r}: use --format")
    fmt = fmt or "svg"
    view: DefinitionView
    if args.history:
        view = ExecutionView(definition, load_events(args.history), {"name": _name(args.history)})
    else:
        view = DefinitionView(definition)
    out = {
        "svg": view.to_svg,
        "html": view.to_html,
        "mermaid": view.to_mermaid,
        "dot": view.to_dot,
    }[fmt]()
    if args.output:
        write_text(args.output, out)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(encodable(out if out.endswith("\n") else out + "\n"))
    return 0
