"""The order and the values each state of examples/order-processing.asl.json gives for it,
worked out by hand from the workflow and docs/test-state.md's rules (not copied from sfnsim's
output); shared by the raw boto3 and the fluent TestState tests of that workflow."""

from __future__ import annotations

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"

ORDER = {
    "orderId": "o-42",
    "currency": "EUR",
    "customer": {"email": "ada@example.com"},
    "items": [{"sku": "book", "quantity": 2}, {"sku": "lamp", "quantity": 1}],
}
VALIDATED = {**ORDER, "valid": True, "problems": []}
LINES = [{"sku": "book", "amount": 24}, {"sku": "lamp", "amount": 30}]
PRICED = {**VALIDATED, "lines": LINES, "total": 54}
PAYMENT = {"paymentId": "pay-1", "charged": 54}
RESERVATION = {"reserved": True, "skus": ["book", "lamp"]}
PAID = {**PRICED, "payment": PAYMENT, "reservation": RESERVATION}
VARIABLES = {"orderId": "o-42", "customerEmail": "ada@example.com"}
THRESHOLD = "The specified tolerated failure threshold was exceeded"
CONFIRMED = {"orderId": "o-42", "status": "CONFIRMED", "total": 54, "notification": "m-1"}
