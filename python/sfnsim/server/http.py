"""The HTTP front of ``sfnsim serve``: Step Functions' awsJson1_0 protocol over HTTP/1.1.

Each POST carries ``X-Amz-Target: AWSStepFunctions.<Operation>`` and a JSON body; the answer is
the endpoint's (``sfnsim.endpoint``), the one ``sfnsim.mock_aws()`` gives in-process. Requests
are signed by their clients; any signature is accepted and the account is the server's. The
region is the one the request was signed for (a client's configured region), else the
server's. ``GET /health`` answers 200 while the server runs.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from .. import _core
from ..client import make_handler
from ..endpoint import Endpoint
from ..engine import Engine
from ..services import SERVICE_NAMES, Passthrough
from .config import ServerConfig

log = logging.getLogger("sfnsim.server")

# Step Functions' name for its own service among the in-memory fakes, per botocore name.
_FAKE_OF_BOTOCORE = {"stepfunctions": "states"}


def endpoint_for(config: ServerConfig) -> Endpoint:
    """The engine and task handler a server answers with: the MockConfigFile's test cases
    (chosen per execution with ``<arn>#<TestCase>``), the services whose ``*_ENDPOINT`` is set
    sent there, and every other service answered by the in-memory fakes."""
    from ..mock_config import load_mock_config

    mocks = load_mock_config(config.mock_config) if config.mock_config is not None else None
    redirected = {_FAKE_OF_BOTOCORE.get(s, s) for s in config.endpoints}
    fakes = [name for name in SERVICE_NAMES if name not in redirected]
    passthrough = None
    if config.endpoints:
        import boto3

        session = boto3.Session(region_name=config.region)
        passthrough = Passthrough(session, endpoints=config.endpoints)
    scale = config.time_scale if config.clock == "real" else 1.0
    handler = make_handler(None, mocks, fakes, passthrough)
    if config.data_dir is not None:
        from .durable import open_durable

        return open_durable(
            config.data_dir, config.clock, scale, config.account_id, handler, passthrough
        )
    engine = Engine(clock=config.clock, time_scale=scale)
    return Endpoint(engine, config.account_id, handler)


class SfnServer:
    """The HTTP front (``_core.HttpFront``, cpp/server/): HTTP/1.1 with keep-alive, a thread
    per connection, the request limits and error shapes of docs/server.md. The operations the
    endpoint calls direct (``Endpoint.direct_operations``) are answered by the C++ service on
    the connection's thread without the GIL; the rest, and the log line of each request, call
    Python. ``serve_forever`` blocks until ``shutdown``; ``drain`` is the orderly way to stop."""

    DRAIN_SECONDS = 30.0  # the longest a drain waits for the requests in flight

    def __init__(self, config: ServerConfig, endpoint: Endpoint) -> None:
        self.config = config
        self._endpoint = endpoint
        self._front = _core.HttpFront(
            host=config.host,
            port=config.port,
            region=config.region,
            max_body_bytes=config.max_body_bytes,
            idle_timeout=config.idle_timeout,
            **_answering(endpoint),
            # Asked once: a request's log line costs the GIL, so none is made unless shown.
            log=_log_request if log.isEnabledFor(logging.INFO) else None,
            failed=_log_failure,
        )
        self.server_address = (self._front.host, self._front.port)

    @property
    def endpoint(self) -> Endpoint:
        return self._endpoint

    @endpoint.setter
    def endpoint(self, endpoint: Endpoint) -> None:
        """Answers the requests from now on with ``endpoint`` (a test harness points one
        running server at each scenario's own engine); requests in flight finish as begun."""
        self._endpoint = endpoint
        self._front.set_endpoint(**_answering(endpoint))

    @property
    def failures(self) -> int:
        """Requests whose handling failed inside (a bug: each is logged)."""
        return int(self._front.failures)

    def serve_forever(self) -> None:
        self._front.serve()

    def shutdown(self) -> None:
        """Stops accepting connections; returns once ``serve_forever`` has returned."""
        self._front.shutdown()

    def drain(self) -> None:
        """Stops accepting, lets each request in flight finish (up to DRAIN_SECONDS), and
        closes the idle connections clients keep open between requests."""
        if not self._front.drain(self.DRAIN_SECONDS):
            log.warning("requests still in flight after %.0f s of draining", self.DRAIN_SECONDS)
        close = getattr(self.endpoint, "close", None)
        if close is not None:
            close()  # the durable store: its timer thread stops, its file is closed

    def server_close(self) -> None:
        self._front.shutdown()

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://{host}:{port}"


def _answering(endpoint: Endpoint) -> dict[str, Any]:
    """What the front answers with: the endpoint, its service and which operations go to the
    service direct."""
    direct = endpoint.direct_operations()
    # The durable store's journal (server/durable.py): its journalled operations are answered
    # by the front with it, without Python.
    road = getattr(endpoint, "road", None)
    if not isinstance(road, _core.DurableRoad):
        road = None  # the Python journal (a build without SQLite): answer() under the GIL
    return {
        "service": endpoint.engine._service,
        "endpoint": endpoint,
        "direct": None if direct is None else sorted(direct),
        "test_case_operations": list(endpoint.TEST_CASE_OPERATIONS),
        "durable": road,
        "journalled": endpoint.journalled_operations() if road is not None else [],  # type: ignore[attr-defined]
    }


def _log_request(client: str, operation: str, status: int, milliseconds: float) -> None:
    log.info("%s %s %d %.1fms", client, operation, status, milliseconds)


def _log_failure(client: str, what: str) -> None:
    log.error("request from %s failed:\n%s", client, what.rstrip())


def make_server(config: ServerConfig) -> SfnServer:
    """A bound server, not yet serving (``serve_forever`` or ``running``)."""
    endpoint = endpoint_for(config)
    try:
        return SfnServer(config, endpoint)
    except BaseException:
        close = getattr(endpoint, "close", None)
        if close is not None:
            close()  # the store is free for the next try (another port)
        raise


class running:  # noqa: N801 - a context manager, used as `with running(config) as server`
    """Serves ``config`` on a background thread for the block: tests and notebooks start a
    server this way (port 0 picks a free one; ``server.url`` says which)."""

    def __init__(self, config: ServerConfig) -> None:
        self.server = make_server(config)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SfnServer:
        self._thread.start()
        return self.server

    def __exit__(self, *exc: Any) -> None:
        self.server.drain()
        self._thread.join()
