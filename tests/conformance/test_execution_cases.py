"""Recorded AWS executions (pure, both query languages) replayed through sfnsim.run()."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import (
    CASES,
    SUPERSEDED,
    Outcome,
    check_case,
    check_pass_count,
    compare_module,
    is_engine_case,
    is_jsonata_case,
    load_current_cases,
    load_known_failures,
    run_case,
)

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
ENGINE_CASES = [c for c in load_current_cases(compare) if is_engine_case(c)]
CASE_BY_ID = {c["id"]: c for c in ENGINE_CASES}
KNOWN_FILE = Path(__file__).with_name("known_failures.txt")
KNOWN = load_known_failures(KNOWN_FILE)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_case(c, compare) for c in ENGINE_CASES}


@pytest.mark.parametrize("case", ENGINE_CASES, ids=[c["id"] for c in ENGINE_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    check_case(outcomes[case["id"]], case["id"], KNOWN, KNOWN_FILE)


def test_pass_rate(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    check_pass_count("engine cases", outcomes, KNOWN, capsys)
    jsonata = [o for c, o in outcomes.items() if is_jsonata_case(CASE_BY_ID[c])]
    with capsys.disabled():
        superseded = [c for c in outcomes if c in SUPERSEDED]
        if superseded:
            print(f"  of which {len(superseded)} compared in today's form or with a recording")
            print("  artefact repaired (tests/conformance/superseded.py)")
        print(
            f"conformance (JSONata and variable cases): {sum(o.ok for o in jsonata)}/{len(jsonata)}"
        )
