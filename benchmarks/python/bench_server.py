"""StartExecution + DescribeExecution pairs per second over HTTP, 8 concurrent clients, against
``sfnsim serve`` and ``moto_server`` (``pip install 'moto[server]'``) on the same workload, in
one run:

    python benchmarks/python/bench_server.py [--seconds 10] [--clients 8] [--memory 100000]

Each client is its own process with one keep-alive connection, sending pre-built awsJson1_0
requests (a SigV4-shaped Authorization header, not checked by either server): the clients cost
little next to the servers, so the figures are the servers'. A pair's latency is from sending
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
import http.client
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


def call(conn: http.client.HTTPConnection, operation: str, body: bytes) -> dict[str, Any]:
    conn.request("POST", "/", body, {**HEADERS, "X-Amz-Target": f"AWSStepFunctions.{operation}"})
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"{operation}: {response.status} {data[:300]!r}")
    return json.loads(data)


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
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
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
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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
        body = json.dumps({"executionArn": execution}).encode()
        described = call(conn, "DescribeExecution", body)
        t1 = time.perf_counter()
        if check and described["status"] != "SUCCEEDED":
            raise RuntimeError(f"execution ended {described['status']}")
        if t0 >= measure_from:
            latencies.append(t1 - t0)
    out.send(latencies)
    out.close()


def starter(port: int, arn: str, count: int, out: Any) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
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
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    create = {"name": f"bench{time.monotonic_ns()}", "definition": WORKFLOW, "roleArn": ROLE}
    arn = call(conn, "CreateStateMachine", json.dumps(create).encode())["stateMachineArn"]
    conn.close()
    warmup = 1.0
    cpu_before = cpu_seconds(server.process.pid)
    results = run_clients(
        client,
        lambda _: (server.port, arn, seconds, warmup, server.runs_executions),
        clients,
    )
    cpu_used = cpu_seconds(server.process.pid) - cpu_before
    latencies = [x for r in results for x in r]
    pairs = len(latencies)
    row = {
        "server": server.name,
        "pairs_per_s": pairs / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        # CPU over warm-up and measurement, per measured pair: an upper bound
        "server_cpu_us_per_pair": cpu_used / pairs * 1e6 * (seconds / (seconds + warmup)),
        "pairs": pairs,
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
            f"/pair  ({row['pairs']:,} pairs)"
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
