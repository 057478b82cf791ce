"""The ``sfnsim`` command: run, validate, render and test-state.

Exit codes: 0 success; 1 the execution did not succeed, or a definition has errors; 2 a usage
error or an input that cannot be read."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import render_cmd, run_cmd, test_state_cmd, validate_cmd
from .common import CliError

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
    for module in (run_cmd, validate_cmd, render_cmd, test_state_cmd):
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except CliError as exc:
        print(f"sfnsim {args.command}: {exc}", file=sys.stderr)
        return 2
    except NotImplementedError as exc:  # a part of sfnsim this version does not have yet
        print(f"sfnsim {args.command}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # An API error of the client (sfnsim's, or botocore's ClientError): its code and message.
        response = getattr(exc, "response", None)
        error = response.get("Error") if isinstance(response, dict) else None
        if not isinstance(error, dict):
            raise
        print(
            f"sfnsim {args.command}: {error.get('Code')}: {error.get('Message')}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
