"""``sfnsim serve``: the Step Functions API over HTTP, for every language and tool that speaks
to an endpoint (the AWS CLI, the JavaScript, Java, Go and .NET SDKs, SAM, CDK, Terraform).

>>> from sfnsim.server import ServerConfig, running
>>> with running(ServerConfig(port=0, clock="virtual")) as server:
...     server.url.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from .config import ConfigError, ServerConfig, config_from, read_env_file
from .http import SfnServer, endpoint_for, make_server, running

__all__ = [
    "ConfigError",
    "ServerConfig",
    "SfnServer",
    "config_from",
    "endpoint_for",
    "make_server",
    "read_env_file",
    "running",
    "serve",
]


def serve(config: ServerConfig, *, ready: Any = None) -> None:
    """Serves until SIGINT or SIGTERM, then stops taking connections and lets the requests in
    flight finish (a drain) before returning. ``ready(server)`` is called once listening."""
    server = make_server(config)
    stop = threading.Event()

    def request_stop(*_: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, name="sfnsim-serve")
    thread.start()
    try:
        if ready is not None:
            ready(server)
        while not stop.wait(0.5):
            pass
    finally:
        server.drain()
        thread.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
