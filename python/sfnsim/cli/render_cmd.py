"""``sfnsim render``: draw a definition (or an execution, from a saved history) to SVG, HTML,
Mermaid or DOT."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .common import CliError, read_text

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
    p.add_argument("file", metavar="FILE", help="the definition (.asl.json); - reads stdin")
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
    p.set_defaults(handler=run)


def _timestamp(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, (int, float)):
        from datetime import timezone

        return datetime.fromtimestamp(value, tz=timezone.utc)
    return value


def load_events(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CliError(f"--history is not JSON: {exc}") from None
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        raise CliError('--history holds no events: expected {"events": [...]} or a list')
    for event in events:
        if isinstance(event, dict) and "timestamp" in event:
            event["timestamp"] = _timestamp(event["timestamp"])
    return events


def run(args: argparse.Namespace) -> int:
    from ..drawing import DefinitionView, ExecutionView

    text = read_text(args.file)
    try:
        definition = json.loads(text)
    except ValueError as exc:
        raise CliError(f"{args.file} is not JSON: {exc}") from None
    if not isinstance(definition, dict):
        raise CliError(f"{args.file} is not a state machine definition (not a JSON object)")
    fmt = args.format
    if fmt is None and args.output:
        fmt = FORMATS.get(Path(args.output).suffix.lower())
        if fmt is None:
            raise CliError(f"cannot tell the format from {args.output!r}: use --format")
    fmt = fmt or "svg"
    view: DefinitionView
    if args.history:
        view = ExecutionView(
            definition, load_events(read_text(args.history)), {"name": Path(args.history).stem}
        )
    else:
        view = DefinitionView(definition)
    out = {
        "svg": view.to_svg,
        "html": view.to_html,
        "mermaid": view.to_mermaid,
        "dot": view.to_dot,
    }[fmt]()
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0
