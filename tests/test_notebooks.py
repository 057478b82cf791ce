"""The notebooks in notebooks/ run top to bottom in a fresh kernel, without an error, and each
cell whose metadata lists ``sfnsim_expect`` strings shows them in its output (text, HTML or
printed), so the notebooks cannot rot. Needs the test extras nbformat, nbclient and ipykernel;
skipped without them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def shown(cell: Any) -> str:
    """Everything a cell displayed: streams, results and rich displays (HTML, plain text)."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        for kind in ("text/plain", "text/html", "image/svg+xml"):
            value = output.get("data", {}).get(kind)
            if value:
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_what_it_says(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    checked = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.get("output_type") == "error"]
        assert not errors, f"cell {index}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        text = shown(cell)
        for expected in cell.metadata.get("sfnsim_expect", []):
            assert expected in text, f"cell {index} does not show {expected!r}:\n{text[:2000]}"
            checked += 1
    assert checked > 0
    # An execution displays itself as HTML with its graph inline: no network at view time.
    html = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if "data" in o]
    assert any("<svg" in o["data"].get("text/html", "") for o in html)
    assert not any("<script src" in o["data"].get("text/html", "") for o in html)


def test_notebooks_are_stored_without_outputs() -> None:
    """Outputs are produced by running; stored ones would go stale (and bloat the repository)."""
    import json

    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code"), path.name
