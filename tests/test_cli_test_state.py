"""``sfnsim test-state``'s options on the order-processing example: each one reaches the TestState
request, and each mistake is one line on stderr with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sfnsim.cli import main

ROOT = Path(__file__).resolve().parent.parent
ORDERS = str(ROOT / "examples" / "order-processing.asl.json")
PRICED = '{"orderId": "o-1", "total": 54, "currency": "EUR"}'


def response(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_a_state_of_a_jsonata_machine_is_read_as_jsonata(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The machine's QueryLanguage is JSONata; a state cut out of it would be read as JSONPath.
    argv = ["test-state", ORDERS, "--state", "NeedsApproval", "--input", '{"total": 1200}']
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("status: SUCCEEDED\nnext:   WaitForApproval\n")


def test_mock_error_with_its_cause_and_the_retry_count(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["test-state", ORDERS, "--state", "ProcessPayment", "--input", PRICED, "--retry-count"]
    error = "Lambda.TooManyRequestsException:Rate exceeded: try later"
    assert main([*argv, "1", "--mock-error", error, "--format", "json"]) == 1
    answer = response(capsys)
    assert (answer["status"], answer["error"], answer["cause"]) == (
        "RETRIABLE",
        "Lambda.TooManyRequestsException",
        "Rate exceeded: try later",  # the error ends at the first colon
    )
    assert answer["inspectionData"] == {
        "input": json.dumps(json.loads(PRICED), separators=(",", ":")),
        "afterArguments": (
            '{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:charge-payment",'
            '"Payload":{"orderId":"o-1","amount":54,"currency":"EUR"}}'
        ),
        "errorDetails": {"retryBackoffIntervalSeconds": 4, "retryIndex": 0},
    }
    assert main([*argv, "0", "--mock-error", "Lambda.TooManyRequestsException"]) == 1
    assert '"retryBackoffIntervalSeconds": 2' in capsys.readouterr().out


def test_mock_cause_and_error_caused_by_state(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["test-state", ORDERS, "--state", "PaymentAndInventory", "--input", PRICED]
    argv += ["--mock-error", "PaymentDeclined", "--mock-cause", "card"]
    assert main([*argv, "--error-caused-by-state", "ProcessPayment", "--format", "json"]) == 1
    answer = response(capsys)
    assert (answer["status"], answer["nextState"], answer["cause"]) == (
        "CAUGHT_ERROR",
        "NotifyFailure",
        "card",
    )


def test_map_failure_count_against_the_tolerance(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["test-state", ORDERS, "--state", "ProcessLineItems", "--input", '{"items": [1, 2]}']
    argv += ["--mock-result", '[{"amount": 1}, {"amount": 2}]', "--inspection-level", "INFO"]
    assert main([*argv, "--map-failure-count", "1"]) == 0
    assert main([*argv, "--map-failure-count", "2"]) == 1
    out = capsys.readouterr().out
    assert "error:  States.ExceedToleratedFailureThreshold" in out
    assert "inspection:" not in out  # none at INFO


def test_context_and_variables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    context = tmp_path / "context.json"
    context.write_text('{"Task": {"Token": "t-1"}}', encoding="utf-8")
    argv = ["test-state", ORDERS, "--state", "WaitForApproval", "--input", PRICED]
    argv += ["--context-file", str(context), "--mock-result", '{"approver": "a"}']
    assert main([*argv, "--format", "json"]) == 0
    assert '"taskToken":"t-1"' in str(response(capsys)["inspectionData"])
    argv = ["test-state", ORDERS, "--state", "NotifyCustomer", "--input", PRICED]
    argv += ["--variables", '{"orderId": "o-9"}', "--mock-result", '{"MessageId": "m"}']
    assert main(argv) == 0
    assert '"Subject": "Order o-9 confirmed"' in capsys.readouterr().out


def test_item_reader_data_is_sent_as_its_source_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sfnsim

    sent: list[dict[str, object]] = []

    class Client:
        def test_state(self, **request: object) -> dict[str, object]:
            sent.append(request)
            return {"status": "SUCCEEDED"}

    monkeypatch.setattr(sfnsim, "client", Client)
    rows = tmp_path / "items.csv"
    rows.write_text("sku,qty\nbook,2\n", encoding="utf-8")
    argv = ["test-state", ORDERS, "--state", "ProcessLineItems", "--map-failure-count", "0"]
    assert main([*argv, "--item-reader-data-file", str(rows)]) == 0
    assert main([*argv, "--item-reader-data", "[1, 2]", "--error-caused-by-state", "X"]) == 0
    assert [r["stateConfiguration"] for r in sent] == [
        {"mapIterationFailureCount": 0, "mapItemReaderData": "sku,qty\nbook,2\n"},
        {"mapIterationFailureCount": 0, "errorCausedByState": "X", "mapItemReaderData": "[1, 2]"},
    ]
    assert sent[0]["stateName"] == "ProcessLineItems"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--mock-result", "{}", "--mock-error", "E"], "give --mock-result or --mock-error"),
        (["--mock-cause", "c"], "--mock-cause goes with --mock-error"),
        (["--mock-error", "E:c", "--mock-cause", "c"], "give the cause in --mock-error"),
        (["--mock-result", "{x"], "--mock-result is not valid JSON"),
        (["--context", "[1,"], "--context is not valid JSON"),
        (["--item-reader-data", "a", "--item-reader-data-file", "f"], "not both"),
        (["--state", "Nowhere"], "no state named 'Nowhere' in"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    argv = ["test-state", ORDERS, *(["--state", "ProcessPayment"] * ("--state" not in options))]
    assert main([*argv, *options]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("sfnsim test-state: error: "), err
    assert message in err


@pytest.mark.parametrize("count", ["-1", "two"])
def test_a_count_is_a_whole_number(capsys: pytest.CaptureFixture[str], count: str) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["test-state", ORDERS, "--state", "ProcessPayment", "--retry-count", count])
    assert stop.value.code == 2
    assert "--retry-count: expected a whole number, 0 or more" in capsys.readouterr().err
