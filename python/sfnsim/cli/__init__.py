"""The ``sfnsim`` command: run, validate, render, test-state and serve.

Exit codes: 0 success; 1 the execution did not succeed, or a definition has errors; 2 a usage
error or an input that cannot be read."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import render_cmd, run_cmd, serve_cmd, test_state_cmd, validate_cmd
from .common import CliError, shorten_values

DESCRIPTION = """\
An AWS Step Functions simulator. Runs Amazon States Language definitions in-process on a
virtual clock, validates them with AWS's diagnostics, and draws them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sfnsim", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"sfnsim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for module in (run_cmd, validate_cmd, render_cmd, test_state_cmd, serve_cmd):
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except CliError as exc:
        print(f"sfnsim {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`sfnsim run ... | head`)
        _drop_stdout()
        return 0
    except Exception as exc:
        api_error = _api_error(exc)
        if api_error is None:
            raise  # a bug of sfnsim's: its traceback is what to report
        print(f"sfnsim {args.command}: {api_error}", file=sys.stderr)
        return 1


def _api_error(exc: Exception) -> str | None:
    """``Code: message`` of an API error of the client (sfnsim's, or botocore's ClientError)."""
    response = getattr(exc, "response", None)
    error = response.get("Error") if isinstance(response, dict) else None
    if not isinstance(error, dict):
        return None
    # AWS's parser breaks its messages over lines; the CLI says each error on one.
    message = " ".join(shorten_values(str(error.get("Message"))).split("\n"))
    return f"{error.get('Code')}: {message}"


def _drop_stdout() -> None:
    """Points stdout at the null device, or Python's flush at exit fails on the closed pipe
    again, with a message of its own."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (captured): nothing will be flushed
        pass
