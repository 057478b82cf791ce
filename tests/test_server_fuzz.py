"""The HTTP front of ``sfnsim serve`` under hostile and broken clients: malformed bodies, wrong
or missing targets, huge and malformed headers, broken chunked encoding, clients that send half
a request and wait, connections closed mid-request. The server must never crash, hang or fail
inside (``SfnServer.failures``), and must go on answering good requests.

Each case is a raw byte stream over its own socket, made from a fixed seed; cases run eight at a
time. A case passes when the server answers with an HTTP response (any status: a broken request
may be refused) or closes the connection, within the idle timeout and a margin.
"""

from __future__ import annotations

import json
import random
import socket
import string
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from sfnsim.server import ServerConfig, running

SEED = 20261207
IDLE_TIMEOUT = 0.5  # the server's, so that slow clients are let go quickly here
PATIENCE = 10.0  # how long a case waits for the server before calling it a hang
ROLE = "arn:aws:iam::123456789012:role/r"
OPERATIONS = [
    "CreateStateMachine", "StartExecution", "StartSyncExecution", "DescribeExecution",
    "GetExecutionHistory", "ListExecutions", "SendTaskSuccess", "TestState", "CreateActivity",
    "ListStateMachines", "TagResource", "ValidateStateMachineDefinition", "StopExecution",
]  # fmt: skip
DEFINITION = json.dumps(
    {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}}
)


@dataclass
class Case:
    name: str
    data: bytes  # sent at once
    then: str = "read"  # "read": wait for the answer; "shutdown": half-close first; "close"
    expect_answer: bool = False  # a complete request: an HTTP response must come back


def request(target: str | None, body: bytes, extra: list[str] | None = None) -> bytes:
    lines = ["POST / HTTP/1.1", "Host: localhost", "Content-Type: application/x-amz-json-1.0"]
    if target is not None:
        lines.append(f"X-Amz-Target: {target}")
    lines.append(f"Content-Length: {len(body)}")
    lines += extra or []
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def random_json(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 2**63, -(2**64), 1e308, 0.5, 12])
    if kind == 3:
        return "".join(rng.choice(string.printable + "\u00e9\u4e2d\U0001f600") for _ in range(8))
    if kind == 4:
        return rng.choice([ROLE, DEFINITION, "arn:aws:states:us-east-1:123456789012:x:y", "#"])
    if kind == 5:
        return "x" * rng.choice([0, 81, 257, 70000])
    if kind == 6:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["name", "definition", "roleArn", "stateMachineArn", "executionArn", "input",
            "maxResults", "nextToken", "taskToken", "output", "tags", "type", "includedData",
            "reverseOrder", "activityArn", "inspectionLevel", "loggingConfiguration"]  # fmt: skip
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randrange(5))}


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        action = rng.randrange(4)
        at = rng.randrange(len(out) + 1)
        if action == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif action == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif action == 2:
            del out[at : at + rng.randrange(1, 8)]
        else:
            out = out[:at]
    return bytes(out)


def body_cases(rng: random.Random) -> Iterator[Case]:
    """Well-framed requests with bad contents: answered, always."""
    for i in range(120):
        operation = rng.choice(OPERATIONS)
        body = json.dumps(random_json(rng)).encode()
        if i % 3 == 0:
            body = mutate(rng, body)  # often not JSON any more, or not UTF-8
        yield Case(f"body {i}", request(f"AWSStepFunctions.{operation}", body), expect_answer=True)
    targets = [None, "", "AWSStepFunctions", "AWSStepFunctions.", "AWSStepFunctions.Nope",
               "DynamoDB_20120810.Scan", "awsstepfunctions.ListActivities", ".ListActivities",
               "AWSStepFunctions.ListActivities.Extra", "AWSStepFunctions.__init__",
               "AWSStepFunctions." + "A" * 5000, "AWSStepFunctions.dispatch"]  # fmt: skip
    for i, target in enumerate(targets):
        yield Case(f"target {i}", request(target, b"{}"), expect_answer=True)
    for i, body in enumerate([b"", b"null", b"[]", b'"x"', b"1", b"\xff\xfe", b"{" * 100000]):
        yield Case(
            f"odd body {i}", request("AWSStepFunctions.ListActivities", body), expect_answer=True
        )


def header_cases(rng: random.Random) -> Iterator[Case]:
    good = "AWSStepFunctions.ListActivities"
    yield Case("huge header", request(good, b"{}", ["X-Big: " + "a" * 70000]))
    yield Case("many headers", request(good, b"{}", [f"X-{i}: {i}" for i in range(150)]))
    yield Case("header without colon", request(good, b"{}", ["NoColonHere"]))
    yield Case("header folding", request(good, b"{}", ["X-A: 1", " folded"]))
    yield Case("latin-1 header", request(good, b"{}", ["X-\xe9: \xff"]))
    yield Case("garbage", bytes(rng.randrange(256) for _ in range(300)))
    yield Case("huge request line", b"POST /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
    yield Case("no version", b"POST /\r\n\r\n")
    yield Case("bad version", b"POST / HTTP/9.9\r\nContent-Length: 0\r\n\r\n")
    yield Case("other method", b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", expect_answer=True)
    yield Case("GET with a body", b"GET /health HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
    yield Case("unknown path", b"GET /nope HTTP/1.1\r\n\r\n", expect_answer=True)
    yield Case("expect continue", request(good, b"{}", ["Expect: 100-continue"]))
    for i, value in enumerate(["-1", "abc", "1e3", "99999999999999999999", " 2", "+2", "٣"]):
        head = request(good, b"", [f"Content-Length: {value}"]).replace(
            b"Content-Length: 0\r\n", b""
        )
        yield Case(f"content-length {i}", head + b"{}", then="shutdown")
    twice = request(good, b"{}", ["Content-Length: 3"])
    yield Case("two content-lengths", twice, then="shutdown")
    for _ in range(40):
        yield Case("mutated headers", mutate(rng, request(good, b"{}")), then="shutdown")


def chunked_cases(rng: random.Random) -> Iterator[Case]:
    head = (
        b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.ListActivities\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    bodies = [
        b"2\r\n{}\r\n0\r\n\r\n",  # good
        b"zz\r\n{}\r\n0\r\n\r\n",
        b"-2\r\n{}\r\n0\r\n\r\n",
        b"2\r\n{}XX0\r\n\r\n",
        b"1\r\n{}\r\n0\r\n\r\n",
        b"ffffffffffffffffffff\r\n{}",
        b"7fffffff\r\n{}",
        b"2;ext=1\r\n{}\r\n0\r\n\r\n",
        b"2\r\n{}\r\n0\r\nTrailer: 1\r\n\r\n",
        b"2\r\n{}\r\n",  # no terminator
        b"2" * 2000 + b"\r\n",
        b"0\r\n" + b"T: x\r\n" * 200 + b"\r\n",
        b"\r\n\r\n",
    ]
    valid = {0, 7, 8}  # well-formed: these must be answered
    for i, body in enumerate(bodies):
        yield Case(f"chunked {i}", head + body, then="shutdown", expect_answer=i in valid)
    for i in range(20):
        yield Case(f"chunked mutated {i}", head + mutate(rng, bodies[0]), then="shutdown")


def slow_and_closed_cases(rng: random.Random) -> Iterator[Case]:
    whole = request("AWSStepFunctions.ListActivities", b'{"maxResults": 5}')
    for i in range(12):
        cut = rng.randrange(1, len(whole))
        # Half a request, then silence: the idle timeout lets the connection go.
        yield Case(f"half then silence {i}", whole[:cut], then="read")
        # Half a request, then gone.
        yield Case(f"half then close {i}", whole[:cut], then="close")
    big = request("AWSStepFunctions.ListActivities", b"{" + b" " * 100000 + b"}")
    yield Case("big body then close", big[: len(big) // 2], then="close")
    yield Case("nothing then close", b"", then="close")
    yield Case("nothing then silence", b"", then="read")


def run_case(port: int, case: Case) -> str:
    """What the server did: 'answered', 'closed' or 'hung'."""
    with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as conn:
        try:
            if case.data:
                conn.sendall(case.data)
            if case.then == "close":
                conn.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                return "closed"
            if case.then == "shutdown":
                conn.shutdown(socket.SHUT_WR)
        except OSError:
            return "closed"  # the server refused the rest (a 413, a bad request line)
        received = b""
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received += chunk
                if received.startswith(b"HTTP/1.") and b"\r\n\r\n" in received:
                    if case.then != "shutdown":
                        break
        except TimeoutError:
            return "hung"
        except OSError:
            pass  # reset by the server after an answer it sent early
        return "answered" if received.startswith(b"HTTP/1.") else "closed"


def good_requests_work(port: int) -> None:
    def call(operation: str, body: dict[str, Any]) -> dict[str, Any]:
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE) as conn:
            data = json.dumps(body).encode()
            conn.sendall(request(f"AWSStepFunctions.{operation}", data, ["Connection: close"]))
            received = b""
            while chunk := conn.recv(65536):
                received += chunk
        head, _, payload = received.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), received[:300]
        return json.loads(payload)

    name = f"after-{time.monotonic_ns()}"
    created = call("CreateStateMachine", {"name": name, "definition": DEFINITION, "roleArn": ROLE})
    started = call("StartExecution", {"stateMachineArn": created["stateMachineArn"]})
    described = call("DescribeExecution", {"executionArn": started["executionArn"]})
    assert (described["status"], described["output"]) == ("SUCCEEDED", '{"ok":true}')


@pytest.fixture
def server() -> Iterator[Any]:
    config = ServerConfig(
        port=0, clock="virtual", idle_timeout=IDLE_TIMEOUT, max_body_bytes=64 * 1024
    )
    with running(config) as serving:
        yield serving


def test_hostile_clients_neither_crash_nor_hang_the_server(server: Any) -> None:
    rng = random.Random(SEED)
    makers: list[Callable[[random.Random], Iterator[Case]]] = [
        body_cases, header_cases, chunked_cases, slow_and_closed_cases
    ]  # fmt: skip
    cases = [case for make in makers for case in make(rng)]
    port = server.server_address[1]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        # A slow client holds its connection through the whole run; others are answered.
        held = socket.create_connection(("127.0.0.1", port))
        held.sendall(b"POST / HTTP/1.1\r\nContent-Le")
        outcomes = list(pool.map(lambda case: (case, run_case(port, case)), cases))
        good_requests_work(port)
        held.close()
    hung = [case.name for case, outcome in outcomes if outcome == "hung"]
    unanswered = [c.name for c, outcome in outcomes if c.expect_answer and outcome != "answered"]
    assert not hung, f"no answer nor close within {PATIENCE} s: {hung}"
    assert not unanswered, f"complete requests that got no HTTP answer: {unanswered}"
    assert server.failures == 0, "a request failed inside the server (see the log)"
    good_requests_work(port)
    assert time.monotonic() - started < 30
