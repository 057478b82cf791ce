"""Runs the C++ unit tests (cpp/tests, GoogleTest) as part of the Python suite: those the wheel's
build compiled when there are (CI), otherwise a Debug build of them here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "cpp-tests"


def _cmake() -> str:
    found = shutil.which("cmake")
    if found is None:
        pytest.fail("cmake is needed to build the C++ unit tests (pip install '.[test]')")
    return found


def _first_error(log: str) -> str:
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if "error" in line or line.startswith("FAILED"):
            return "\n".join(lines[max(0, i - 5) : i + 30])
    return log[-5000:]


def _prebuilt() -> Path | None:
    """The unit tests the wheel's own build compiled, when they are newer than every C++
    source: CI builds the core once, asking scikit-build-core for the tests too
    (SKBUILD_CMAKE_DEFINE, see .ci/run), and this test then only runs them."""
    binaries = [p for p in ROOT.glob("build/*/cpp/sfnsim_tests") if p.is_file()]
    if not binaries:
        return None
    binary = max(binaries, key=lambda p: p.stat().st_mtime)
    sources = [p for p in (ROOT / "cpp").rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in sources), default=0.0)
    return binary if binary.stat().st_mtime >= newest else None


def _build() -> Path:
    """A Debug build of the unit tests (they compile in half the time of optimised ones)."""
    cmake = _cmake()
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    subprocess.run(
        [
            cmake,
            "-S",
            str(ROOT),
            "-B",
            str(BUILD),
            *generator,
            "-DSFNSIM_BUILD_TESTS=ON",
            "-DSFNSIM_WERROR=ON",
            "-DCMAKE_BUILD_TYPE=Debug",
            f"-DPython_EXECUTABLE={sys.executable}",
        ],
        check=True,
    )
    jobs = str(os.cpu_count() or 2)
    build = subprocess.run(
        [cmake, "--build", str(BUILD), "--parallel", jobs],
        capture_output=True,
        text=True,
        check=False,
    )
    # The compiler's first error is what matters; CI logs keep only the end of long outputs.
    assert build.returncode == 0, _first_error(build.stdout + build.stderr)
    return BUILD / "cpp" / "sfnsim_tests"


def _crashed_in(output: str) -> str:
    """The test a crashed run was in: its last "[ RUN ]" line without an end line after it (the
    binary line-buffers its output, cpp/tests/test_main.cpp, so that line reached us)."""
    running = ""
    for line in output.splitlines():
        if line.startswith("[ RUN      ]"):
            running = line[len("[ RUN      ]") :].strip()
        elif line.startswith(("[       OK ]", "[  FAILED  ]", "[  SKIPPED ]")):
            running = ""
    return running or "(between tests)"


def _summary(output: str) -> str:
    """What the tests print beyond GoogleTest's per-test lines: counts, skips, failures."""
    chatter = ("[ RUN      ]", "[       OK ]", "[----------]")
    return "\n".join(
        line for line in output.splitlines() if line.strip() and not line.startswith(chatter)
    )


def test_cpp_unit_tests() -> None:
    binary = _prebuilt() or _build()
    result = subprocess.run([str(binary)], capture_output=True, text=True, check=False)
    sys.stdout.write(_summary(result.stdout)[-5000:])
    if result.returncode < 0:
        where = _crashed_in(result.stdout)
        pytest.fail(
            f"the C++ unit tests crashed (signal {-result.returncode}) in {where}\n"
            f"{result.stdout[-5000:]}{result.stderr[-5000:]}"
        )
    assert result.returncode == 0, _summary(result.stdout)[-20000:] + result.stderr[-5000:]
