"""Deep input on a Python thread with a small stack (musl's default is 128 KiB; here
threading.stack_size): a clean error or an answer, never a crash of the interpreter
(cpp/common/stack.h). Run in a child interpreter so that a crash fails this test instead of
ending the suite."""

from __future__ import annotations

import json
import subprocess
import sys

_CHILD = r"""
import json, sys, threading
import sfnsim

threading.stack_size(256 * 1024)
depth = int(sys.argv[1])
results = {}

def work():
    deep = 1
    for _ in range(depth):
        deep = [deep]
    machines = {
        "jsonpath": {"StartAt": "P", "States": {"P": {
            "Type": "Pass", "Parameters": {"x.$": "$..*"}, "End": True}}},
        "jsonata": {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {
            "Type": "Pass", "Output": "{% $string($states.input) %}", "End": True}}},
    }
    for name, definition in machines.items():
        try:
            ex = sfnsim.run(definition, {"a": deep})
            results[name] = [ex.status, ex.error]
        except sfnsim.SfnSimError as e:
            results[name] = ["raised", type(e).__name__ + ": " + str(e)]

thread = threading.Thread(target=work)
thread.start()
thread.join()
print(json.dumps(results))
"""


def _run(depth: int) -> dict[str, list[str | None]]:
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(depth)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, f"crashed ({child.returncode}): {child.stderr[-2000:]}"
    result: dict[str, list[str | None]] = json.loads(child.stdout)
    return result


def test_input_deeper_than_the_stack_holds_is_refused_by_name() -> None:
    for name, (status, detail) in _run(900).items():
        assert status == "raised", name
        assert detail is not None and "InvalidExecutionInput" in detail, detail
        assert "stack" in detail, detail


def test_deep_input_the_stack_holds_runs_or_fails_as_a_state_failure() -> None:
    for name, (status, _error) in _run(380).items():
        assert status in ("SUCCEEDED", "FAILED"), (name, status)
    assert _run(300) == {"jsonpath": ["SUCCEEDED", None], "jsonata": ["SUCCEEDED", None]}
