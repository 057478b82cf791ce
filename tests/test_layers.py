"""The C++ layers import strictly downward, and the build enforces it: cpp/cmake/
check_layers.cmake runs before the core compiles. Here it is run on the real tree (clean) and on
a scratch tree with a deliberately bad include (refused, naming the file)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "cpp" / "cmake" / "check_layers.cmake"
CMAKE = shutil.which("cmake")

pytestmark = pytest.mark.skipif(CMAKE is None, reason="cmake is a test extra")


def check(tree: Path) -> subprocess.CompletedProcess[str]:
    assert CMAKE is not None
    return subprocess.run(
        [CMAKE, f"-DROOT={tree}", "-P", str(SCRIPT)], capture_output=True, text=True, check=False
    )


def test_the_core_includes_only_downward() -> None:
    result = check(ROOT / "cpp")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_include_of_a_layer_above_fails(tmp_path: Path) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "engine").mkdir()
    (tmp_path / "engine" / "execution.h").write_text("#pragma once\n")
    (tmp_path / "json" / "json.h").write_text('#pragma once\n#include "engine/execution.h"\n')
    result = check(tmp_path)
    assert result.returncode != 0
    assert "json/json.h: the json layer includes engine, a layer above it" in result.stderr


def test_includes_of_the_same_or_lower_layers_pass(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "service").mkdir()
    (tmp_path / "common" / "failure.h").write_text("#pragma once\n")
    (tmp_path / "service" / "a.cpp").write_text(
        '#include "common/failure.h"\n#include "service/a.h"\n#include <vector>\n'
    )
    assert check(tmp_path).returncode == 0
