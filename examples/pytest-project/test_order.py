"""Tests of order.asl.json as a project using sfnsim writes them: the sfnsim pytest plugin is
loaded by installing sfnsim; nothing to configure. Run with `pytest` in this folder."""

import pytest

from sfnsim import TaskFailed
from sfnsim.testing import assert_failed, assert_path, assert_state_output, assert_succeeded

ORDER = {"id": "o-1", "items": [{"sku": "book", "price": 12}]}


def ship(event):
    return {"carrier": "DHL", "tracking": "T-1"}


def charge(event):
    return {"charged": sum(item["price"] for item in event["items"])}


def throttled_twice():
    calls = {"n": 0}

    def handler(event):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise TaskFailed("Throttled", "slow down")
        return charge(event)

    return handler


def declined(event):
    raise TaskFailed("CardDeclined", "insufficient funds")


@pytest.mark.sfn(tasks={"charge-card": charge, "ship": ship})
def test_an_order_is_charged_and_shipped(sfn_run):
    ex = sfn_run("order.asl.json", ORDER)
    assert_succeeded(ex)
    assert_path(ex, ["Check order", "Charge card", "Ship"])
    assert_state_output(ex, "Ship", {**ORDER, "payment": {"charged": 12},
                                     "shipment": {"carrier": "DHL", "tracking": "T-1"}})


def test_throttling_is_retried_with_backoff(sfn_run):
    ex = sfn_run("order.asl.json", ORDER, tasks={"charge-card": throttled_twice(), "ship": ship})
    assert_succeeded(ex)
    assert ex.state("Charge card").attempts == 3
    # 2 s, then 4 s of backoff, on the virtual clock: the test does not wait for them.
    assert ex.state("Charge card").duration_ms == 6000


def test_a_declined_card_is_refunded(sfn_run):
    ex = sfn_run("order.asl.json", ORDER, tasks={"charge-card": declined, "ship": ship})
    assert_failed(ex, error="PaymentFailed")
    assert_path(ex, ["Check order", "Charge card", "Refund", "Payment failed"])
    assert ex.state("Charge card").error == "CardDeclined"


def test_an_empty_order_is_rejected(sfn_run):
    ex = sfn_run("order.asl.json", {"id": "o-2", "items": []})
    assert_failed(ex, error="EmptyOrder", cause="nothing to ship")
