"""Recorded Distributed Map executions with an ItemReader, ItemBatcher or ResultWriter, their S3
objects served through sfnsim.Mocks (issue 4 follow-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import CASES, Outcome, compare_module, load_current_cases, load_known_failures
from .reader_harness import is_reader_case, run_reader_case

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
READER_CASES = [c for c in load_current_cases(compare) if is_reader_case(c)]
KNOWN = load_known_failures(Path(__file__).with_name("known_failures_item_reader.txt"))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_reader_case(c, compare) for c in READER_CASES}


@pytest.mark.parametrize("case", READER_CASES, ids=[c["id"] for c in READER_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case["id"]]
    if case["id"] in KNOWN:
        if outcome.ok:
            pytest.fail("passes now: remove it from known_failures_item_reader.txt")
        pytest.xfail(KNOWN[case["id"]])
    assert outcome.ok, "\n".join(outcome.reasons)


def test_pass_rate(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    passed = sum(o.ok for o in outcomes.values())
    total = len(outcomes)
    with capsys.disabled():
        print(f"\nconformance (ItemReader/ResultWriter cases): {passed}/{total} passed")
    assert total > 0
    assert passed + len(KNOWN.keys() & outcomes.keys()) == total
