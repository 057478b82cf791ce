"""The HTTP front of ``sfnsim serve``: Step Functions' awsJson1_0 protocol over HTTP/1.1.

Each POST carries ``X-Amz-Target: AWSStepFunctions.<Operation>`` and a JSON body; the answer is
the endpoint's (``sfnsim.endpoint``), the one ``sfnsim.mock_aws()`` gives in-process. Requests
are signed by their clients; any signature is accepted and the account is the server's. The
region is the one the request was signed for (a client's configured region), else the
server's. ``GET /health`` answers 200 while the server runs.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..client import make_handler
from ..endpoint import CONTENT_TYPE, Endpoint, operation_of, region_of_signature
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


class SfnServer(ThreadingHTTPServer):
    """One thread per connection. Handler threads are daemons, so that a process can exit
    while clients hold idle keep-alive connections; ``drain`` is the orderly way to stop."""

    daemon_threads = True
    allow_reuse_address = True
    DRAIN_SECONDS = 30.0  # the longest a drain waits for the requests in flight

    def __init__(self, config: ServerConfig, endpoint: Endpoint) -> None:
        self.config = config
        self.endpoint = endpoint
        self.draining = False
        self.failures = 0  # requests whose handling raised (a bug: each is logged)
        self._connections: set[_Handler] = set()  # open keep-alive connections
        self._connections_lock = threading.Lock()
        super().__init__((config.host, config.port), _Handler)

    def drain(self) -> None:
        """Stops accepting, lets each request in flight finish (up to DRAIN_SECONDS), and
        closes the idle connections clients keep open between requests."""
        self.draining = True
        self.shutdown()
        deadline = time.monotonic() + self.DRAIN_SECONDS
        while True:
            with self._connections_lock:
                handlers = list(self._connections)
            for handler in handlers:
                if not handler.busy:
                    _close(handler.connection)
            if not any(h.busy for h in handlers) or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        self.server_close()
        close = getattr(self.endpoint, "close", None)
        if close is not None:
            close()  # the durable store: its timer thread stops, its file is closed

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver's default prints to stderr; a failure is counted and logged instead.
        self.failures += 1
        log.exception("request from %s failed", client_address[0] if client_address else "-")

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: SfnServer
    protocol_version = "HTTP/1.1"  # keep-alive: SDKs reuse their connections
    server_version = "sfnsim"
    busy = False  # answering a request (a drain lets it finish)
    raw_requestline: bytes  # set by http.server before parse_request
    _headers_buffer: list[bytes]  # http.server's, filled by send_response and send_header

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.config.idle_timeout)
        # Answers are small and go out whole: no Nagle delay waiting for the client's ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server._connections_lock:
            self.server._connections.add(self)

    def finish(self) -> None:
        with self.server._connections_lock:
            self.server._connections.discard(self)
        super().finish()

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client went away
        finally:
            self.busy = False
            if self.server.draining:
                self.close_connection = True

    def parse_request(self) -> bool:
        """The request line and headers, as http.server's parse_request reads them but without
        the email package (two thirds of a request's cost there). HTTP/1.0 and 1.1 only; a
        header line over 64 KiB or more than 100 of them is a 431, a malformed one a 400."""
        self.busy = True  # the request line has arrived: answered even during a drain
        self.command = ""
        self.request_version = "HTTP/1.1"  # errors below are sent with a status line
        self.close_connection = True
        line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        self.requestline = line
        words = line.split()
        if len(words) != 3 or not words[2].startswith("HTTP/"):
            self.send_error(400, f"Bad request line {line[:100]!r}")
            return False
        self.command, self.path, version = words
        if version not in ("HTTP/1.0", "HTTP/1.1"):
            self.send_error(505 if _HTTP_2_OR_LATER.fullmatch(version) else 400, version[:40])
            return False
        self.request_version = version
        lines: list[bytes] = []
        while True:
            raw = self.rfile.readline(_MAX_LINE + 1)
            if len(raw) > _MAX_LINE:
                self.send_error(431, "A header line is too long")
                return False
            if raw in (b"\r\n", b"\n", b""):
                break
            lines.append(raw)
            if len(lines) > _MAX_HEADERS:
                self.send_error(431, "Too many headers")
                return False
        headers = _Headers.parse(lines)
        if headers is None:
            self.send_error(400, "A header line is malformed")
            return False
        self.headers = headers  # type: ignore[assignment]
        connection = headers.get("Connection", "").lower()
        self.close_connection = "close" in connection or (
            version == "HTTP/1.0" and "keep-alive" not in connection
        )
        if headers.get("Expect", "").lower() == "100-continue" and version == "HTTP/1.1":
            return self.handle_expect_100()
        return True

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if "Content-Length" in self.headers or "Transfer-Encoding" in self.headers:
            self.close_connection = True  # a body is not read: the next request's start is lost
        if self.path.split("?", 1)[0] == "/health":
            self._send(200, {"Content-Type": "application/json"}, b'{"status":"ok"}')
        else:
            self._error(404, "UnknownOperationException", "Step Functions answers POST requests")

    def do_POST(self) -> None:  # noqa: N802
        started = time.perf_counter()
        operation = operation_of(self.headers.get("X-Amz-Target", "")) or ""
        status = self._answer(operation)
        if not status:
            return  # the client left before its request was whole: nothing to answer or log
        elapsed = (time.perf_counter() - started) * 1000
        log.info("%s %s %d %.1fms", self.client_address[0], operation or "-", status, elapsed)

    def _answer(self, operation: str) -> int:
        try:
            body = self._body()
        except _BadFraming as bad:
            self.close_connection = True  # where the next request starts is unknown
            return self._error(400, "SerializationException", str(bad))
        if body is None:
            self.close_connection = True
            return 413 if self._too_large_sent else 0
        if not operation:
            target = self.headers.get("X-Amz-Target", "")
            return self._error(400, "UnknownOperationException", f"Unknown operation: {target!r}")
        region = region_of_signature(self.headers.get("Authorization", ""))
        try:
            status, headers, payload = self.server.endpoint.answer(
                operation, body, region or self.server.config.region
            )
        except Exception:
            self.server.handle_error(self.request, self.client_address)
            return self._error(500, "InternalFailure", "The request failed inside sfnsim.")
        self._send(status, headers, payload)
        return status

    _too_large_sent = False

    def _body(self) -> bytes | None:
        """The request body (Content-Length or chunked). None when there is none to answer: a
        413 was sent, or the client closed the connection before sending all of it. Raises
        _BadFraming when the body's length cannot be known."""
        limit = self.server.config.max_body_bytes
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._chunked_body(limit)
        given = self.headers.get_all("Content-Length") or []
        if len(set(given)) > 1:
            raise _BadFraming("The request has conflicting Content-Length headers.")
        text = given[0].strip() if given else "0"
        if not text.isdigit() or not text.isascii():
            raise _BadFraming(f"The Content-Length header is not a length: {text[:40]!r}.")
        length = int(text)
        if length > limit:
            self._too_large(limit)
            return None
        body = self.rfile.read(length) if length else b""
        return body if len(body) == length else None

    def _chunked_body(self, limit: int) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(1024)
            if not line:
                return None  # the client closed the connection
            if not line.endswith(b"\n"):
                raise _BadFraming("A chunk size line is too long.")
            digits = line.split(b";", 1)[0].strip()
            if not digits or len(digits) > 16 or digits.strip(b"0123456789abcdefABCDEF"):
                raise _BadFraming(f"A chunk size is not a hexadecimal number: {digits[:40]!r}.")
            length = int(digits, 16)
            if length == 0:
                for _ in range(100):  # trailers, up to the blank line
                    trailer = self.rfile.readline(8192)
                    if not trailer:
                        return None
                    if not trailer.strip():
                        return b"".join(chunks)
                raise _BadFraming("The chunked body has too many trailer lines.")
            size += length
            if size > limit:
                self._too_large(limit)
                return None
            chunk = self.rfile.read(length)
            if len(chunk) < length:
                return None
            chunks.append(chunk)
            end = self.rfile.readline(8)
            if not end:
                return None
            if end.strip():
                raise _BadFraming("A chunk is longer than its size says.")

    def _too_large(self, limit: int) -> None:
        self.close_connection = True  # the unread body cannot be skipped safely
        self._too_large_sent = True
        self._error(
            413,
            "SerializationException",
            f"The request body is larger than the server accepts ({limit:,} bytes).",
        )

    def _error(self, status: int, kind: str, message: str) -> int:
        payload = json.dumps({"__type": kind, "message": message}).encode()
        self._send(status, {"Content-Type": CONTENT_TYPE}, payload)
        return status

    def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        # end_headers() and a write of the body would be two sends; one is cheaper, and a
        # client's delayed ACK cannot stall the second.
        self._headers_buffer.append(b"\r\n")
        self._headers_buffer.append(payload)
        self.flush_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.debug(format, *args)  # http.server's own lines; do_POST logs one line per request


_MAX_LINE = 65536  # http.server's limits
_MAX_HEADERS = 100
_HTTP_2_OR_LATER = re.compile(r"HTTP/([2-9]|\d\d+)\.\d+")


class _Headers:
    """Request headers: case-insensitive look-ups, what the handler and http.server ask of
    ``email.message.Message``."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[str, list[str]] = {}

    @classmethod
    def parse(cls, lines: list[bytes]) -> _Headers | None:
        """None for a line that is not ``Name: value`` (obsolete folding included)."""
        headers = cls()
        for raw in lines:
            name, colon, value = str(raw, "iso-8859-1").partition(":")
            if not colon or not name or name != name.strip() or raw[:1] in (b" ", b"\t"):
                return None
            headers._values.setdefault(name.lower(), []).append(value.strip())
        return headers

    def get(self, name: str, default: Any = None) -> Any:
        values = self._values.get(name.lower())
        return values[0] if values else default

    def get_all(self, name: str, default: Any = None) -> Any:
        return list(self._values.get(name.lower(), ())) or default

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._values

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def items(self) -> list[tuple[str, str]]:
        return [(name, value) for name, values in self._values.items() for value in values]


class _BadFraming(ValueError):
    """The request's body cannot be delimited (a malformed Content-Length or chunk)."""


def _close(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # closed meanwhile


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
