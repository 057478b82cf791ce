"""The same workflow test, run once with sfnsim.client() and once with a real boto3 client
inside sfnsim.mock_aws(), observes exactly the same things."""

from __future__ import annotations

import pytest
import sfnsim
from workflows.order_flow import scenario

boto3 = pytest.importorskip("boto3")


def test_identical_results(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    ours = scenario(sfnsim.client(seed=42))
    with sfnsim.mock_aws(seed=42):
        theirs = scenario(boto3.client("stepfunctions", region_name="us-east-1"))
    assert len(ours) == len(theirs)
    for index, (a, b) in enumerate(zip(ours, theirs)):
        assert a == b, f"observation {index} differs"
    assert ours[2]["status"] == "RUNNING"  # waiting for payment
    paid_history = ours[4]
    times = {e["type"]: e["timestamp"] for e in paid_history}
    assert times["WaitStateExited"] - times["WaitStateEntered"] == 120  # simulated, not waited
    assert ours[3]["status"] == "SUCCEEDED"
