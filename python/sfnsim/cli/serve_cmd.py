"""``sfnsim serve``: the Step Functions API over HTTP on port 8083, configured as Step
Functions Local is (its environment variables and ``--env-file``), for clients in any language.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path
from typing import Any

from .common import CliError

HELP = "serve the Step Functions API over HTTP (a Step Functions Local replacement)"
EPILOG = """\
Step Functions Local's configuration is read unchanged, from the environment and then from
--env-file: AWS_DEFAULT_REGION, AWS_ACCOUNT_ID, WAIT_TIME_SCALE (as --time-scale),
SFN_MOCK_CONFIG (a MockConfigFile; start an execution on '<stateMachineArn>#<TestCase>' to
run a test case), and LAMBDA_ENDPOINT, SQS_ENDPOINT, SNS_ENDPOINT, DYNAMODB_ENDPOINT,
BATCH_ENDPOINT, ECS_ENDPOINT, GLUE_ENDPOINT, SAGE_MAKER_ENDPOINT, EVENTBRIDGE_ENDPOINT,
STEP_FUNCTIONS_ENDPOINT (tasks of that service are
sent there through boto3; tasks of other services are answered by sfnsim's in-memory fakes).
Options given here win over both.

State machines, executions (with their histories, task tokens and timers), activities and
tags are kept in DIR/sfnsim.db (SQLite, --data, default ./.sfnsim): a server stopped, or
killed, and started again on the same directory goes on where it was, running executions
included. --memory keeps nothing.

Clients: point the SDK's endpoint at http://HOST:PORT with any credentials. StartSyncExecution
is sent to the host 'sync-HOST' unless the client is told not to prefix hosts: in boto3,
Config(inject_host_prefix=False); in the JavaScript SDK v3, disableHostPrefix: true; in the
Java SDK v2, .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.
DISABLE_HOST_PREFIX_INJECTION, true)); or resolve sync-localhost to 127.0.0.1."""


def add_parser(commands: Any) -> None:
    p = commands.add_parser(
        "serve",
        help=HELP,
        description=HELP + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", help="the address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, help="the port (default 8083, Step Functions Local's)")
    p.add_argument(
        "--env-file", type=Path, metavar="FILE", help="Step Functions Local's KEY=VALUE file"
    )
    p.add_argument(
        "--clock",
        choices=("real", "virtual"),
        help="real (default): Waits and timeouts take their time; virtual: executions run "
        "at once to their end or to a callback, with simulated timestamps",
    )
    p.add_argument(
        "--time-scale",
        type=float,
        metavar="SCALE",
        help="real seconds per simulated second on the real clock (WAIT_TIME_SCALE): 0.01 runs "
        "a 10 s Wait in 0.1 s and the history still shows 10 s; 0 is the virtual clock",
    )
    p.add_argument("--region", help="region of requests not signed for one (AWS_DEFAULT_REGION)")
    p.add_argument("--account-id", help="the account of every ARN (AWS_ACCOUNT_ID)")
    p.add_argument(
        "--mock-config", type=Path, metavar="FILE", help="a MockConfigFile (SFN_MOCK_CONFIG)"
    )
    store = p.add_mutually_exclusive_group()
    store.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        default=Path(".sfnsim"),
        help="the directory of the durable store (default ./.sfnsim)",
    )
    store.add_argument(
        "--memory", action="store_true", help="keep nothing: all is gone when the server stops"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no log line per request")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..server import ConfigError, config_from, serve

    try:
        config = config_from(
            env_file=args.env_file,
            host=args.host,
            port=args.port,
            clock=args.clock,
            time_scale=args.time_scale,
            region=args.region,
            account_id=args.account_id,
            mock_config=args.mock_config,
        )
        if not args.memory:
            config = dataclasses.replace(config, data_dir=args.data)
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(message)s",
        stream=sys.stderr,
    )

    def ready(server: Any) -> None:
        clock = f"{config.clock} clock"
        if config.clock == "real" and config.time_scale != 1.0:
            clock += f", time scale {config.time_scale:g}"
        store = "in memory" if config.data_dir is None else f"data in {config.data_dir}"
        print(f"sfnsim serving Step Functions on {server.url} ({clock}, {store})", flush=True)

    try:
        serve(config, ready=ready)
    except ConfigError as exc:  # the store cannot be used
        raise CliError(str(exc)) from None
    except OSError as exc:
        where = f"{config.host}:{config.port}".encode("utf-8", "backslashreplace").decode()
        raise CliError(f"cannot listen on {where}: {exc.strerror or exc}") from None
    except (TypeError, UnicodeError):  # socket.bind: a host that cannot be encoded
        shown = config.host.encode("utf-8", "backslashreplace").decode()
        raise CliError(f"cannot listen on {shown!r}: not a host name or address") from None
    return 0
