"""A short fixed-seed round of the fuzz suite in tools/fuzz/ (run_python_fuzz.py runs the long
ones): random cases against every public surface, each in a forked child capped in time and
memory. A case fails if the child crashes or hangs, if an exception that is none of sfnsim's
documented errors escapes, or if the API answers InternalFailure. Causes already reported and
not fixed yet are listed in tools/fuzz/pyfuzz/known.py and tallied apart."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "fuzz"))

from pyfuzz.runner import Failure, fuzz  # noqa: E402
from pyfuzz.surfaces import SURFACES  # noqa: E402

SEED = 20240613
# Cases per surface: the whole round stays well under a minute on two cores.
CASES = 60

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fuzz harness forks")


def _describe(failure: Failure) -> str:
    return (
        f"{failure.outcome.kind} ({failure.reproduce()}):\n  {failure.description[:1500]}\n"
        f"  {failure.outcome.detail[-2500:]}"
    )


@pytest.mark.parametrize("surface", list(SURFACES))
def test_surface_survives_random_cases(surface: str) -> None:
    report = fuzz([surface], SEED, cases=CASES, time_cap=20.0)
    assert report.tallies[surface].cases == CASES
    assert not report.failures, "\n\n".join(_describe(f) for f in report.failures)
