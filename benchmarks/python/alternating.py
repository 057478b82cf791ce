"""Side-by-side runs of one benchmark script against several source trees (``--compare``).

Each round runs the script once per tree, in turn, so the machine's load drifts across all
trees alike; the script prints its figures as JSON (``--json``) and the caller tabulates them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any


def alternating_rounds(
    script: str,
    arguments: list[str],
    trees: list[str],
    rounds: int,
    after_round: Callable[[], None] | None = None,
) -> dict[str, list[Any]]:
    """Each tree's JSON results, in round order. ``after_round`` runs once per round (a peer
    measured in the same round, say)."""
    results: dict[str, list[Any]] = {tree: [] for tree in trees}
    for _ in range(rounds):
        for tree in trees:
            out = subprocess.run(
                [sys.executable, script, *arguments, "--json"],
                env={**os.environ, "PYTHONPATH": tree},
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[tree].append(json.loads(out))
        if after_round is not None:
            after_round()
    return results
