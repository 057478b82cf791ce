"""Imports sfnsim from a source checkout rather than from where it is installed.

An editable install (scikit-build-core) puts a finder ahead of sys.path that always answers
`import sfnsim` with the checkout it was installed from. To test another checkout's Python
sources (a git worktree) without reinstalling, the finder is removed, the checkout's python/
goes first on sys.path, and the compiled `_core` is taken from the install unless the checkout
has one of its own.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import sysconfig
from pathlib import Path


def _installed_core() -> Path | None:
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    for base in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]):
        folder = Path(base) / "sfnsim"
        for suffix in suffixes:
            candidate = folder / f"_core{suffix}"
            if candidate.is_file():
                return candidate
    return None


def use_tree(python_dir: Path) -> None:
    if "sfnsim" in sys.modules:
        raise RuntimeError("use_tree() must run before sfnsim is imported")
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()]
    sys.path.insert(0, str(python_dir))
    own = [p for p in (python_dir / "sfnsim").glob("_core*") if p.suffix in (".so", ".pyd")]
    core = own[0] if own else _installed_core()
    if core is None:
        raise RuntimeError("no compiled sfnsim._core found")
    spec = importlib.util.spec_from_file_location("sfnsim._core", core)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {core}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["sfnsim._core"] = module
    spec.loader.exec_module(module)
    import sfnsim  # binds what `from . import _core` found in sys.modules, as an import would

    sfnsim._core = module
