"""A few seconds of tools/load/load_test.py: 8 threads of random API calls against one client,
then its invariants (every execution accounted for with one terminal event per run, tokens
accepted once, no InternalFailure). The script runs it for longer."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "load" / "load_test.py"


def test_eight_threads_of_random_calls_keep_the_invariants() -> None:
    spec = importlib.util.spec_from_file_location("load_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    problems, report = module.run_load(threads=8, seconds=4.0, seed=7)
    assert problems == [], report
    assert "executions" in report
