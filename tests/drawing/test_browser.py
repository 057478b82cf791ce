"""The drawings in a real browser: headless Chromium lays out the HTML views with its own fonts,
and a script in the page measures what a reader would see: every state's name and caption
inside its box, no two boxes overlapping (but a group around its states), no edge label over a
state or another label. Pixel comparisons would break with every font update; these geometric
checks do not. Skipped when no Chromium is installed (Debian: apt-get install chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sfnsim

from .definitions import ORDER, generated
from .executions import big_map, order_ok, pipeline

BROWSERS = ("chromium", "chromium-browser", "google-chrome")

CHECK = "<script>" + (Path(__file__).parent / "browser_check.js").read_text() + "</script>"


BROKEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><g class="sfn-node" '
    'data-state="Broken"><rect x="0" y="0" width="40" height="30"/><text class="sfn-name" x="4" '
    'y="20" font-size="13">a name far too long</text></g></svg>'
)


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium installed")


def measure(tmp_path: Path, fragments: list[str]) -> dict[str, object]:
    page = tmp_path / "page.html"
    body = "\n".join(fragments)
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f"<body>{body}{CHECK}</body></html>",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            browser(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1400,1000",
            "--dump-dom",
            page.as_uri(),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'<pre id="sfn-check">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))  # type: ignore[no-any-return]


def test_texts_fit_and_nothing_overlaps_in_chromium(tmp_path: Path) -> None:
    fragments = [
        sfnsim.render(ORDER)._repr_html_(),
        sfnsim.render(generated(60))._repr_html_(),
        sfnsim.render(generated(200, seed=3))._repr_html_(),
        order_ok()._repr_html_(),
        pipeline(fail_key="2024/05/01/part-0002.csv")._repr_html_(),
        big_map(300)._repr_html_(),
        BROKEN,
    ]
    result = measure(tmp_path, fragments)
    assert result["nodes"] > 100 and result["texts"] > 100 and result["labels"] > 5, result
    problems: list[str] = result["problems"]  # type: ignore[assignment]
    # The check itself works: it finds the one broken drawing put there on purpose.
    broken = [p for p in problems if "Broken" in p]
    assert len(broken) == 1 and broken[0].endswith(":Broken: a name far too long"), broken
    problems = [p for p in problems if "Broken" not in p]
    assert problems == [], "\n".join(problems[:40])
