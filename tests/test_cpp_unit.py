"""Runs the C++ unit tests (cpp/tests, GoogleTest) as part of the Python suite: those the wheel's
build compiled when there are (CI); else the tests added to the build directory `pip install .`
left (pyproject.toml's build-dir), whose core objects they reuse; else a Debug build of them
here."""

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


def _cache(build_dir: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in (build_dir / "CMakeCache.txt").read_text(errors="replace").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.startswith(("#", "//")):
            entries[name.split(":")[0]] = value
    return entries


def _wheel_build_dir() -> Path | None:
    """The build directory the package's own install left for this checkout and interpreter
    (not one copied from elsewhere: its cache names the source directory)."""
    for cache in sorted(ROOT.glob("build/*/CMakeCache.txt"), key=lambda p: -p.stat().st_mtime):
        entries = _cache(cache.parent)
        if (
            entries.get("SKBUILD_STATE") == "wheel"
            and entries.get("SFNSIM_BUILD_PYTHON") == "ON"
            and Path(entries.get("CMAKE_HOME_DIRECTORY", "")).resolve() == ROOT
            and entries.get("CMAKE_GENERATOR") == "Ninja"
        ):
            return cache.parent
    return None


def _run_build(command: list[str]) -> None:
    build = subprocess.run(command, capture_output=True, text=True, check=False)
    # The compiler's first error is what matters; CI logs keep only the end of long outputs.
    assert build.returncode == 0, _first_error(build.stdout + build.stderr)


def _build_beside_wheel(build_dir: Path) -> Path | None:
    """The unit tests built in `pip install .`'s build directory: its core library is already
    compiled with the same flags, so only the tests compile. The directory is configured back
    to building no tests afterwards, so the next install is what it was. None when pybind11,
    which that configuration needs, is not importable here."""
    try:
        import pybind11
    except ImportError:
        return None
    cmake = _cmake()
    configure = [
        cmake,
        "-S",
        str(ROOT),
        "-B",
        str(build_dir),
        f"-Dpybind11_DIR={pybind11.get_cmake_dir()}",
    ]
    _run_build([*configure, "-DSFNSIM_BUILD_TESTS=ON"])
    try:
        jobs = str(os.cpu_count() or 2)
        _run_build(
            [cmake, "--build", str(build_dir), "--target", "sfnsim_tests", "--parallel", jobs]
        )
    finally:
        subprocess.run([*configure, "-DSFNSIM_BUILD_TESTS=OFF"], capture_output=True, check=False)
    return build_dir / "cpp" / "sfnsim_tests"


def _build() -> Path:
    """A Debug build of the unit tests (they compile in half the time of optimised ones)."""
    wheel_build = _wheel_build_dir()
    if wheel_build is not None:
        built = _build_beside_wheel(wheel_build)
        if built is not None:
            return built
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
    _run_build([cmake, "--build", str(BUILD), "--parallel", jobs])
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
