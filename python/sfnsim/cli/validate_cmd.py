"""``sfnsim validate``: AWS's diagnostics for definition files, located by file, line and JSON
path; exit code 1 when any file has an error (usable as a pre-commit hook)."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from ..definition_json import definition_value
from ..jsonlocate import locate, position
from .common import CliError, check_definition_length, read_text, shorten_values
from .template_args import add_template_options, load, selected

HELP = "check definitions as ValidateStateMachineDefinition does"


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "validate",
        help=HELP,
        description=HELP + ". Prints FILE:LINE:COLUMN: SEVERITY CODE: message (at JSON path); "
        "exits 1 when a file has an error.",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="definition files (.asl.json); - reads stdin; or --template",
    )
    p.add_argument("--express", action="store_true", help="check as an EXPRESS state machine")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing for files without problems"
    )
    add_template_options(p)
    p.set_defaults(handler=run)


def diagnose(text: str, *, express: bool = False) -> list[dict[str, Any]]:
    """Every problem of one definition text, each with line and column when known."""
    refusal = _refusal(text)
    if refusal:
        return [refusal]
    try:
        definition_value(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        message = getattr(exc, "msg", str(exc))
        return [
            {
                "severity": "ERROR",
                "code": "INVALID_JSON_DESCRIPTION",
                "message": message,
                "location": "",
                "line": line,
                "column": col,
            }
        ]
    except RecursionError:
        pass  # deeper than Python parses: AWS's parser, below, says how deep it may be
    from .. import _core

    found = _core.validate(text, express)
    positions = locate(text) if found else {}
    out = []
    for diagnostic in found:
        item = dict(diagnostic)
        location = item.get("location") or ""
        where = position(positions, location) or _parser_position(location)
        item["line"], item["column"] = where if where else (None, None)
        out.append(item)
    return out


def _refusal(text: str) -> dict[str, Any] | None:
    """The API's refusal of the request itself (a definition longer than it accepts), as a
    diagnostic: ValidateStateMachineDefinition answers nothing else for such a text."""
    if not text:
        return None  # "must have length greater than or equal to 1": the JSON parser's to say
    from ..errors import ClientError

    try:
        check_definition_length(text)
    except ClientError as exc:
        error = exc.response["Error"]
        return {
            "severity": "ERROR",
            "code": error["Code"],
            "message": shorten_values(error["Message"]),
            "location": "",
            "line": None,
            "column": None,
        }
    return None


def _parser_position(location: str) -> tuple[int, int] | None:
    """Where AWS's JSON parser stopped, from its "[Source: ...; line: 1, column: 64]" location
    (text Python's own parser accepts, such as NaN, reaches AWS's parser)."""
    found = re.search(r"; line: (\d+), column: (\d+)\]$", location)
    return (int(found.group(1)), int(found.group(2))) if found else None


def summary(item: dict[str, Any], *, position: bool = True) -> str:
    """A diagnostic on one line: its code, message and place. AWS's parser appends where it
    stopped to its message, over lines, with an excerpt of the text: that is said as a line
    and column instead (or not at all, without ``position``, where the caller says it)."""
    message = str(item.get("message") or "")
    location = str(item.get("location") or "")
    stopped = _parser_position(location)
    if stopped:
        message = message.split("\n", 1)[0]
        location = f"line {stopped[0]}, column {stopped[1]}" if position else ""
    return f"{item['code']}: {message}" + (f" (at {location})" if location else "")


def _format(path: str, item: dict[str, Any]) -> str:
    place = path
    if item.get("line"):
        place += f":{item['line']}:{item['column']}"
    return f"{place}: {item['severity'].lower()}: {summary(item, position=False)}"


def _definitions(args: argparse.Namespace) -> list[tuple[str, str, bool]]:
    """(label, text, express) of each definition to check: the FILEs, or the template's
    machines (the one --machine names, else all), each checked as its own type."""
    machines = load(args)
    if machines is None:
        if not args.files:
            raise CliError("give definition FILEs, or --template")
        return [(path, read_text(path), args.express) for path in args.files]
    return [
        (
            f"{args.template} ({m.logical_id})",
            m.definition_json,
            args.express or m.type == "EXPRESS",
        )
        for m in selected(args, machines)
    ]


def run(args: argparse.Namespace) -> int:
    failed = 0
    report = []
    definitions = _definitions(args)
    for path, text, express in definitions:
        problems = diagnose(text, express=express)
        if args.template is not None:
            for item in problems:  # lines of the JSON sfnsim wrote, not of a file: JSON path only
                item["line"] = item["column"] = None
        bad = [p for p in problems if p["severity"] == "ERROR" or args.strict]
        failed += bool(bad)
        report.append({"file": path, "ok": not bad, "diagnostics": problems})
        if args.format == "text":
            for item in problems:
                print(_format("<stdin>" if path == "-" else path, item))
            if not problems and not args.quiet:
                print(f"{path}: OK")
    if args.format == "json":
        json.dump(report, sys.stdout, indent=2)
        print()
    elif len(definitions) > 1 and not args.quiet:
        what = "state machines" if args.template is not None else "files"
        print(f"{len(definitions)} {what} checked, {failed} with errors", file=sys.stderr)
    return 1 if failed else 0
