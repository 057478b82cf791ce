"""What ``sfnsim serve`` runs with: its own options, and Step Functions Local's configuration
read unchanged (the environment variables and ``--env-file`` of the ``amazon/aws-stepfunctions-
local`` image), so that a Step Functions Local user swaps the command and keeps the file."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PORT = 8083  # Step Functions Local's
DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"  # Step Functions Local's default account
# A request body larger than this is refused before it is read (HTTP 413). Step Functions' own
# limits are smaller (a 1 MiB definition, 256 KiB payloads); the service words those errors.
MAX_BODY_BYTES = 8 * 1024 * 1024
IDLE_TIMEOUT_SECONDS = 120.0  # above GetActivityTask's 60 s long poll, as clients wait for it

# Step Functions Local's endpoint variables -> the botocore service whose calls they redirect.
ENDPOINT_VARIABLES = {
    "LAMBDA_ENDPOINT": "lambda",
    "SQS_ENDPOINT": "sqs",
    "SNS_ENDPOINT": "sns",
    "DYNAMODB_ENDPOINT": "dynamodb",
    "BATCH_ENDPOINT": "batch",
    "ECS_ENDPOINT": "ecs",
    "GLUE_ENDPOINT": "glue",
    "SAGE_MAKER_ENDPOINT": "sagemaker",
    "EVENTBRIDGE_ENDPOINT": "events",
    "STEP_FUNCTIONS_ENDPOINT": "stepfunctions",
}


class ConfigError(ValueError):
    """A setting the server cannot run with, said in the user's terms."""


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    region: str = DEFAULT_REGION
    account_id: str = DEFAULT_ACCOUNT
    clock: str = "real"  # "real" (Waits take their time) or "virtual" (instant)
    # WAIT_TIME_SCALE: real seconds per simulated second on the real clock (0: the virtual one)
    time_scale: float = 1.0
    mock_config: Path | None = None  # SFN_MOCK_CONFIG: a MockConfigFile
    endpoints: Mapping[str, str] = field(default_factory=dict)  # botocore name -> URL
    max_body_bytes: int = MAX_BODY_BYTES
    # A connection silent this long (mid-request, or idle between requests) is closed: a slow
    # or vanished client holds a thread for no longer. SDKs reconnect as they need.
    idle_timeout: float = IDLE_TIMEOUT_SECONDS
    # Where the durable store lives (docs/server.md, "Durability"); None keeps everything in
    # memory only. `sfnsim serve` defaults to ./.sfnsim; in Python a server is in memory unless
    # told.
    data_dir: Path | None = None


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines as ``docker run --env-file`` reads them: blank lines and ``#``
    comments skipped, the value taken as written (no quotes removed)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the env file {path}: {exc.strerror or exc}") from None
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE, found {raw!r}")
        values[key.strip()] = value
    return values


def config_from(
    environment: Mapping[str, str] | None = None,
    env_file: Path | None = None,
    **overrides: object,
) -> ServerConfig:
    """The configuration from Step Functions Local's variables (the process environment, then
    ``env_file`` over it) and the command line's ``overrides`` over both (None: not given)."""
    values = dict(os.environ if environment is None else environment)
    if env_file is not None:
        values.update(read_env_file(env_file))
    settings: dict[str, object] = {}
    region = values.get("AWS_DEFAULT_REGION") or values.get("AWS_REGION")
    if region:
        settings["region"] = region
    if values.get("AWS_ACCOUNT_ID"):
        settings["account_id"] = values["AWS_ACCOUNT_ID"]
    if values.get("WAIT_TIME_SCALE"):
        settings["time_scale"] = _time_scale(values["WAIT_TIME_SCALE"], "WAIT_TIME_SCALE")
    if values.get("SFN_MOCK_CONFIG"):
        settings["mock_config"] = Path(values["SFN_MOCK_CONFIG"])
    settings["endpoints"] = {
        service: values[name] for name, service in ENDPOINT_VARIABLES.items() if values.get(name)
    }
    settings.update({k: v for k, v in overrides.items() if v is not None})
    if "time_scale" in overrides and overrides["time_scale"] is not None:
        settings["time_scale"] = _time_scale(overrides["time_scale"], "--time-scale")
    if settings.get("time_scale") == 0 and overrides.get("clock") is None:
        settings["clock"] = "virtual"  # Step Functions Local's "0 means no wait time"
    config = ServerConfig(**settings)  # type: ignore[arg-type]
    if config.clock not in ("real", "virtual"):
        raise ConfigError(f"clock must be 'real' or 'virtual', not {config.clock!r}")
    if config.clock == "real" and config.time_scale == 0:
        raise ConfigError("a time scale of 0 takes no time at all: use --clock virtual for it")
    if not 0 <= config.port <= 65535:
        raise ConfigError(f"port must be between 0 and 65535, not {config.port}")
    if not config.account_id.isdigit() or len(config.account_id) != 12:
        raise ConfigError(f"AWS_ACCOUNT_ID must be 12 digits, not {config.account_id!r}")
    return config


def _time_scale(value: object, name: str) -> float:
    """A time scale as Step Functions Local takes it: a number of at least 0 (0.5 halves every
    wait, 2 doubles it, 0 takes none)."""
    try:
        scale = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(scale) or scale < 0:
        raise ConfigError(f"{name} must be a finite number of at least 0, not {value!r}")
    return scale
