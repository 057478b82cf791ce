"""The C++ HTTP front of ``sfnsim serve`` (cpp/server/, docs/server.md "The front, and what
runs in Python"): the road a request takes (the service direct, or the endpoint in Python)
changes nothing in its answer; one log line per request; a drain answers the request in
flight, closes idle connections and refuses new ones."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sfnsim.server import ServerConfig, running

ROLE = "arn:aws:iam::123456789012:role/r"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
HEADERS = (
    "Content-Type: application/x-amz-json-1.0\r\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=k/20261207/eu-west-1/states/aws4_request, "
    "SignedHeaders=host, Signature=0\r\n"
)


def exchange(port: int, operation: str, body: bytes, extra: str = "") -> tuple[int, bytes, str]:
    """Status, body and head of one request on a connection of its own."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        head = (
            f"POST / HTTP/1.1\r\nHost: x\r\n{HEADERS}X-Amz-Target: AWSStepFunctions.{operation}"
            f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n"
        )
        conn.sendall(head.encode() + body)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    top, _, payload = received.partition(b"\r\n\r\n")
    return int(top.split()[1]), payload, top.decode("latin-1")


def requests_of(port: int) -> list[tuple[str, bytes]]:
    """A workflow's requests, as (operation, body), some answered with errors."""
    _, created, _ = exchange(
        port,
        "CreateStateMachine",
        json.dumps(
            {"name": f"m{time.monotonic_ns()}", "definition": PASS, "roleArn": ROLE}
        ).encode(),
    )
    arn = json.loads(created)["stateMachineArn"]
    _, started, _ = exchange(port, "StartExecution", json.dumps({"stateMachineArn": arn}).encode())
    execution = json.loads(started)["executionArn"]
    missing = arn.replace(":stateMachine:", ":execution:") + ":missing"
    return [
        ("DescribeExecution", json.dumps({"executionArn": execution}).encode()),
        ("GetExecutionHistory", json.dumps({"executionArn": execution}).encode()),
        ("DescribeStateMachine", json.dumps({"stateMachineArn": arn}).encode()),
        ("DescribeExecution", json.dumps({"executionArn": missing}).encode()),
        ("ListStateMachines", b""),
        ("ListExecutions", b"{"),
        ("NoSuchOperation", b"{}"),
        ("ListActivities", b'{"maxResults": "x"}'),
    ]  # fmt: skip


@pytest.mark.parametrize("durable", [False, True], ids=["memory", "durable"])
def test_the_direct_road_answers_as_the_endpoint_does(durable: bool, tmp_path: Path) -> None:
    config = ServerConfig(port=0, clock="virtual", data_dir=tmp_path if durable else None)
    with running(config) as server:
        port = server.server_address[1]
        for operation, body in requests_of(port):
            status, payload, head = exchange(port, operation, body)
            expected_status, headers, expected = server.endpoint.answer(
                operation, body or b"{}", "eu-west-1"
            )
            assert (status, payload) == (expected_status, expected), operation
            assert "x-amzn-RequestId: " in head and headers["Content-Type"] in head, head
        assert server.failures == 0


def test_one_log_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sfnsim.server")
    with running(ServerConfig(port=0, clock="virtual")) as server:
        port = server.server_address[1]
        exchange(port, "ListActivities", b"{}")
        exchange(port, "Nope", b"{}")
    lines = [r.getMessage() for r in caplog.records if r.name == "sfnsim.server"]
    assert len(lines) == 2, lines
    assert lines[0].startswith("127.0.0.1 ListActivities 200 ") and lines[0].endswith("ms")
    assert lines[1].startswith("127.0.0.1 Nope 400 ")


def test_a_drain_answers_the_request_in_flight_and_closes_the_rest() -> None:
    # The real clock, scaled: a StartSyncExecution whose Wait takes 0.4 s is in flight.
    config = ServerConfig(port=0, clock="real", time_scale=0.1)
    waiting = json.dumps(
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 4, "End": True}}}
    )
    answers: dict[str, Any] = {}
    with running(config) as server:
        port = server.server_address[1]
        _, created, _ = exchange(
            port,
            "CreateStateMachine",
            json.dumps(
                {"name": "w", "definition": waiting, "roleArn": ROLE, "type": "EXPRESS"}
            ).encode(),
        )
        arn = json.loads(created)["stateMachineArn"]
        idle = socket.create_connection(("127.0.0.1", port), timeout=10)
        in_flight = threading.Thread(
            target=lambda: answers.update(
                sync=exchange(
                    port, "StartSyncExecution", json.dumps({"stateMachineArn": arn}).encode()
                )
            )
        )
        in_flight.start()
        time.sleep(0.1)
        drained = threading.Thread(target=server.drain)
        began = time.monotonic()
        drained.start()
        assert idle.recv(1) == b""  # the idle connection is closed at once
        drained.join(timeout=20)
        in_flight.join(timeout=20)
        assert time.monotonic() - began < 10
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2)
    status, payload, _ = answers["sync"]
    assert (status, json.loads(payload)["status"]) == (200, "SUCCEEDED")
