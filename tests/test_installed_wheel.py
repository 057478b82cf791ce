"""What the installed package holds, when the suite runs against an installed wheel (as CI does
after `pip install '.[test]'`): one version everywhere, the tags of this interpreter and
platform, a wheel under 5 MB, and an import that needs nothing from the checkout or its build
tree. Skipped when sfnsim is imported from the source tree (PYTHONPATH=python)."""

from __future__ import annotations

import importlib.metadata
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import sfnsim

HERE = Path(sfnsim.__file__).resolve().parent
CHECKOUT = Path(__file__).resolve().parents[1]

if (HERE.parents[1] / "pyproject.toml").exists():
    pytest.skip("sfnsim is imported from a source tree, not installed", allow_module_level=True)

DIST = importlib.metadata.distribution("sfnsim")


def test_one_version_everywhere() -> None:
    assert DIST.version == sfnsim.__version__
    cli = subprocess.run(
        [sys.executable, "-m", "sfnsim", "--version"], capture_output=True, text=True, check=True
    )
    assert cli.stdout.strip() == f"sfnsim {sfnsim.__version__}"


def test_tags_name_this_interpreter_and_platform() -> None:
    wheel = DIST.read_text("WHEEL") or ""
    tags = [line.split(": ", 1)[1] for line in wheel.splitlines() if line.startswith("Tag: ")]
    assert tags, wheel
    python = f"cp{sys.version_info.major}{sys.version_info.minor}"
    packaging_tags = pytest.importorskip("packaging.tags")
    supported = {str(t) for t in packaging_tags.sys_tags()}
    for tag in tags:
        assert tag.startswith(f"{python}-{python}-"), tag
        assert tag in supported, tag


def test_wheel_is_under_five_megabytes() -> None:
    # The wheel is a zip of the installed files: deflate them as the wheel builder does.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in DIST.files or []:
            path = Path(str(DIST.locate_file(file)))
            if path.is_file():
                archive.write(path, str(file))
    assert buffer.tell() < 5 * 1024 * 1024, f"{buffer.tell() / 1e6:.1f} MB"


def test_imports_without_the_checkout(tmp_path: Path) -> None:
    # -I: no PYTHONPATH, no current folder, no user site; run from a folder outside the checkout.
    code = (
        "import sfnsim, sys; "
        "ex = sfnsim.run({'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': True}}}, 1); "
        "print(sfnsim.__file__, ex.output); "
        "print(*[m.__file__ for m in list(sys.modules.values()) if getattr(m, '__file__', None)])"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    first, loaded = run.stdout.splitlines()[:2]
    assert first.endswith(" 1"), first
    assert str(CHECKOUT) not in loaded
