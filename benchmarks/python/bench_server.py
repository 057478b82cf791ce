"""StartExecution + DescribeExecution pairs per second over HTTP, 8 concurrent clients, against
``sfnsim serve`` and ``moto_server`` (``pip install 'moto[server]'``) on the same workload, in
one run:

    python benchmarks/python/bench_server.py [--seconds 10] [--clients 8] [--memory 100000]

Each client is its own process with one keep-alive connection, sending pre-built awsJson1_0
requests (a SigV4-shaped Authorization header, not checked by either server) through a socket
of its own (``Wire``: http.client's parsing alone would hold eight clients to about 1,600 pairs/s
on a 2-core machine). The clients' own CPU per pair is reported beside the server's, so that a
reader sees what the machine had left for the server. A pair's latency is from sending
StartExecution to reading DescribeExecution's answer. The server's CPU time per pair is read
from /proc, a figure less moved by the rest of the machine than pairs/s.

``--memory N`` then starts N more executions on each server (from the same 8 clients) and
reports the server's resident memory before and after.

moto does not run state machines (its executions stay RUNNING unless configured otherwise), so
its pairs measure API handling alone; sfnsim's run the 5-state workflow to its end first
(each DescribeExecution is checked to say SUCCEEDED).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client_workflow import PAYLOAD, ROLE, WORKFLOW

HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20261207/us-east-1/states/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0",
    "X-Amz-Date": "20261207T000000Z",
}
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    runs_executions: bool


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Wire:
    """One keep-alive connection speaking just as much HTTP/1.1 as the benchmark needs: each
    request a pre-built head and body in one send, each answer framed by its Content-Length
    (or by the server closing, which moto's HTTP/1.0 answers do: the next request reconnects).
    http.client costs a client process about 560 us of CPU per pair (its header parsing goes
    through the email package); eight such clients alone held this 2-core machine to 1,600
    pairs/s against a server answering a canned body. This one costs a fraction of that, so
    that the figure is the server's."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock, self.buffer = sock, b""
        return sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def call(self, operation: str, body: bytes) -> bytes:
        """The answer's body; raises unless the status is 200."""
        sock = self.sock or self._connect()
        sock.sendall(_HEADS[operation] % len(body) + body)
        buffer = self.buffer
        while (end := buffer.find(b"\r\n\r\n")) < 0:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"{operation}: the server closed the connection")
            buffer += chunk
        head = buffer[:end].lower()
        at = head.find(b"\r\ncontent-length:")
        if at >= 0:
            line_end = head.find(b"\r\n", at + 2)
            length = int(head[at + 17 : line_end if line_end >= 0 else len(head)])
            while len(buffer) < end + 4 + length:
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError(f"{operation}: the answer was cut short")
                buffer += chunk
            payload, self.buffer = buffer[end + 4 : end + 4 + length], buffer[end + 4 + length :]
        else:
            payload, chunk = buffer[end + 4 :], b""
            while chunk := sock.recv(65536):
                payload += chunk
            self.buffer = b""
        if head.startswith(b"http/1.0") or b"\r\nconnection: close" in head or at < 0:
            self.close()  # the server closes after this answer
        if not head.startswith((b"http/1.1 200", b"http/1.0 200")):
            raise RuntimeError(f"{operation}: {buffer[:300]!r}")
        return payload


_HEADS = {
    operation: (
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items())
        + f"X-Amz-Target: AWSStepFunctions.{operation}\r\nContent-Length: %d\r\n\r\n"
    ).encode()
    for operation in (
        "CreateStateMachine", "ListStateMachines", "StartExecution", "DescribeExecution"
    )
}  # fmt: skip


def call(wire: Wire, operation: str, body: bytes) -> dict[str, Any]:
    return json.loads(wire.call(operation, body))


@contextmanager
def started(name: str) -> Iterator[Server]:
    port = free_port()
    data = None
    if name.startswith("sfnsim"):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        command = [sys.executable, "-m", "sfnsim", "serve", "--port", str(port)]
        command += ["--clock", "virtual", "--quiet"]
        if name == "sfnsim-durable":  # the SQLite journal (docs/server.md, "Durability")
            data = tempfile.mkdtemp(prefix="sfnsim-bench-")
            command += ["--data", data]
        else:
            command += ["--memory"]
    else:
        moto = shutil.which("moto_server")
        if moto is None:
            raise SystemExit("moto_server is not installed: pip install 'moto[server]'")
        env = dict(os.environ)
        command = [moto, "-p", str(port)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = Wire(port)
                call(conn, "ListStateMachines", b"{}")
                conn.close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"{name} did not start") from None
                time.sleep(0.1)
        yield Server(name, process, port, runs_executions=name.startswith("sfnsim"))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if data is not None:
            shutil.rmtree(data, ignore_errors=True)


def client(port: int, arn: str, seconds: float, warmup: float, check: bool, out: Any) -> None:
    """One client process: pairs for `warmup` + `seconds`; sends the measured latencies."""
    conn = Wire(port)
    start_body = json.dumps({"stateMachineArn": arn, "input": PAYLOAD}).encode()
    latencies: list[float] = []
    began = time.perf_counter()
    measure_from = began + warmup
    until = measure_from + seconds
    while True:
        t0 = time.perf_counter()
        if t0 >= until:
            break
        execution = call(conn, "StartExecution", start_body)["executionArn"]
        described = call(conn, "DescribeExecution", b'{"executionArn":"%s"}' % execution.encode())
        t1 = time.perf_counter()
        if check and described["status"] != "SUCCEEDED":
            raise RuntimeError(f"execution ended {described['status']}")
        if t0 >= measure_from:
            latencies.append(t1 - t0)
    out.send(latencies)
    out.close()


def starter(port: int, arn: str, count: int, out: Any) -> None:
    conn = Wire(port)
    body = json.dumps({"stateMachineArn": arn, "input": PAYLOAD}).encode()
    for _ in range(count):
        call(conn, "StartExecution", body)
    out.send(count)
    out.close()


def run_clients(target: Any, args_of: Any, clients: int) -> list[Any]:
    pipes, processes = [], []
    for i in range(clients):
        receive, send = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.Process(target=target, args=(*args_of(i), send))
        process.start()
        pipes.append(receive)
        processes.append(process)
    results = [pipe.recv() for pipe in pipes]
    for process in processes:
        process.join()
    return results


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench(server: Server, seconds: float, clients: int, memory: int) -> dict[str, Any]:
    conn = Wire(server.port)
    create = {"name": f"bench{time.monotonic_ns()}", "definition": WORKFLOW, "roleArn": ROLE}
    arn = call(conn, "CreateStateMachine", json.dumps(create).encode())["stateMachineArn"]
    conn.close()
    warmup = 1.0
    cpu_before = cpu_seconds(server.process.pid)
    clients_before = os.times()
    results = run_clients(
        client,
        lambda _: (server.port, arn, seconds, warmup, server.runs_executions),
        clients,
    )
    cpu_used = cpu_seconds(server.process.pid) - cpu_before
    clients_after = os.times()
    clients_cpu = sum(clients_after[2:4]) - sum(clients_before[2:4])  # the joined processes'
    latencies = [x for r in results for x in r]
    pairs = len(latencies)
    row = {
        "server": server.name,
        "pairs_per_s": pairs / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        # CPU over warm-up and measurement, per measured pair: an upper bound
        "server_cpu_us_per_pair": cpu_used / pairs * 1e6 * (seconds / (seconds + warmup)),
        # The clients' own CPU per pair (their start-up and warm-up included): what the same
        # machine has left for the server.
        "client_cpu_us_per_pair": clients_cpu / pairs * 1e6 * (seconds / (seconds + warmup)),
        "pairs": pairs,
        "load": os.getloadavg()[0],
    }
    if memory:
        before = rss_mb(server.process.pid)
        began = time.perf_counter()
        each = -(-memory // clients)
        run_clients(
            starter,
            lambda _: (
                server.port,
                arn,
                each,
            ),
            clients,
        )
        row["memory_executions"] = each * clients
        row["memory_start_s"] = time.perf_counter() - began
        row["rss_before_mb"] = before
        row["rss_after_mb"] = rss_mb(server.process.pid)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--servers",
        default="sfnsim,moto",
        help="sfnsim (in memory), sfnsim-durable (its SQLite journal), moto",
    )
    parser.add_argument("--memory", type=int, default=0, metavar="N")
    args = parser.parse_args()
    print(f"{args.clients} clients, {args.seconds:g} s each, load {os.getloadavg()[0]:.1f}")
    for name in args.servers.split(","):
        with started(name) as server:
            row = bench(server, args.seconds, args.clients, args.memory)
        line = (
            f"{row['server']:>14}: {row['pairs_per_s']:8,.0f} pairs/s  p50 {row['p50_ms']:6.2f} ms"
            f"  p99 {row['p99_ms']:6.2f} ms  server CPU {row['server_cpu_us_per_pair']:5.0f} us"
            f"/pair  (clients {row['client_cpu_us_per_pair']:.0f} us/pair; {row['pairs']:,} pairs,"
            f" load {row['load']:.1f})"
        )
        if "rss_after_mb" in row:
            line += (
                f"\n         {row['memory_executions']:,} more executions in "
                f"{row['memory_start_s']:.1f} s: resident {row['rss_before_mb']:.0f} -> "
                f"{row['rss_after_mb']:.0f} MB"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
