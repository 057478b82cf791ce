"""Runs rounds of cases over the surfaces and counts how they ended."""

from __future__ import annotations

import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from .harness import Outcome, run_case
from .surfaces import SURFACES

FAILURE_KINDS = ("crash", "hang", "traceback", "internal_failure")


@dataclass
class Failure:
    surface: str
    seed: int
    index: int
    outcome: Outcome
    description: str

    def reproduce(self) -> str:
        return (
            f"python tools/fuzz/run_python_fuzz.py --seed {self.seed} --surface {self.surface} "
            f"--case {self.index}"
        )


@dataclass
class Tally:
    cases: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAILURE_KINDS, 0))
    known: dict[str, int] = field(default_factory=dict)  # known cause -> cases


@dataclass
class Report:
    tallies: dict[str, Tally]
    failures: list[Failure]

    def table(self) -> str:
        head = (
            f"{'surface':<12} {'cases':>7} {'crashes':>8} {'hangs':>6} {'tracebacks':>11} "
            f"{'InternalFailures':>17}  known (reported, not fixed yet)"
        )
        lines = [head]
        for name, t in self.tallies.items():
            c = t.counts
            known = ", ".join(f"{k} {n}" for k, n in sorted(t.known.items())) or "-"
            lines.append(
                f"{name:<12} {t.cases:>7} {c['crash']:>8} {c['hang']:>6} {c['traceback']:>11} "
                f"{c['internal_failure']:>17}  {known}"
            )
        return "\n".join(lines)


def case_rng(seed: int, surface: str, index: int) -> random.Random:
    """The generator of one case: the same seed, surface and index make the same case."""
    return random.Random(f"{seed}:{surface}:{index}")


def fuzz(
    surfaces: Iterable[str],
    seed: int,
    *,
    cases: int | None = None,
    seconds: float | None = None,
    first_case: int = 0,
    time_cap: float = 10.0,
    memory_cap: int = 2 << 30,
    on_failure: object = None,
) -> Report:
    """Round-robin over `surfaces` until each ran `cases` cases or `seconds` have passed."""
    names = list(surfaces)
    report = Report({name: Tally() for name in names}, [])
    deadline = None if seconds is None else time.monotonic() + seconds
    index = first_case
    while True:
        for name in names:
            if deadline is not None and time.monotonic() >= deadline:
                return report
            case = SURFACES[name](case_rng(seed, name, index))
            outcome = run_case(case, time_cap, memory_cap)
            tally = report.tallies[name]
            tally.cases += 1
            if outcome.kind == "known":
                tally.known[outcome.detail] = tally.known.get(outcome.detail, 0) + 1
            elif outcome.kind in FAILURE_KINDS:
                tally.counts[outcome.kind] += 1
                failure = Failure(name, seed, index, outcome, case.description)
                report.failures.append(failure)
                if callable(on_failure):
                    on_failure(failure)
        index += 1
        if cases is not None and index - first_case >= cases:
            return report
