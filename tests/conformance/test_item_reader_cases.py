"""Recorded Distributed Map executions with an ItemReader, ItemBatcher or ResultWriter, their S3
objects served through sfnsim.Mocks (issue 4 follow-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import (
    CASES,
    Outcome,
    check_case,
    check_pass_count,
    compare_module,
    load_current_cases,
    load_known_failures,
)
from .reader_harness import is_reader_case, run_reader_case

# One S3 fake answers every case (getObject, listObjectsV2, putObject); a case uses one or two,
# so its other entries are rightly reported unused, which says nothing about the case.
pytestmark = pytest.mark.filterwarnings("ignore::sfnsim.UnusedMockWarning")

if not CASES.exists():
    pytest.skip("../shared/conformance is not present", allow_module_level=True)

compare = compare_module()
READER_CASES = [c for c in load_current_cases(compare) if is_reader_case(c)]
KNOWN_FILE = Path(__file__).with_name("known_failures_item_reader.txt")
KNOWN = load_known_failures(KNOWN_FILE)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    return {c["id"]: run_reader_case(c, compare) for c in READER_CASES}


@pytest.mark.parametrize("case", READER_CASES, ids=[c["id"] for c in READER_CASES])
def test_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    check_case(outcomes[case["id"]], case["id"], KNOWN, KNOWN_FILE)


def test_pass_rate(outcomes: dict[str, Outcome], capsys: pytest.CaptureFixture[str]) -> None:
    check_pass_count("ItemReader/ResultWriter cases", outcomes, KNOWN, capsys)
