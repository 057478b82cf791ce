"""The Python code is formatted and linted with ruff and type-checked with strict mypy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is a test extra")
def test_ruff_format_and_lint() -> None:
    fmt = _run("ruff", "format", "--check", "python", "tests", "benchmarks")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    lint = _run("ruff", "check", "python", "tests", "benchmarks")
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    result = _run(sys.executable, "-m", "mypy", "--config-file", "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
