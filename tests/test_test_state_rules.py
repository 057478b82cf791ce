"""The TestState rules as docs/semantics/test-state.md tables them. Each row's example runs
through sfnsim.client().test_state and must give the row's answer. A row that refuses a request
must name its evidence (a recording, botocore or the developer guide): no rejection without
evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sfnsim

TABLE = Path(__file__).resolve().parent.parent / "docs" / "semantics" / "test-state.md"
ROLE = "arn:aws:iam::123456789012:role/test-state-rules"
EVIDENCE = ("recorded", "botocore", "DG")


def table_rows() -> list[dict[str, str]]:
    """The rows of every table whose header starts with `| id |`."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| id |"):
            header = [cell.strip() for cell in line.strip("|").split("|")]
            continue
        if header is None or line.startswith("|---"):
            continue
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in split_cells(line)]
        assert len(cells) == len(header), f"a table row has {len(cells)} cells: {line[:80]}"
        rows.append(dict(zip(header, cells)))
    return rows


def split_cells(line: str) -> list[str]:
    """A Markdown table row's cells; a `|` inside backticks belongs to the cell."""
    cells, current, quoted = [], "", False
    for char in line.strip()[1:-1]:
        if char == "`":
            quoted = not quoted
        if char == "|" and not quoted:
            cells.append(current)
            current = ""
        else:
            current += char
    cells.append(current)
    return cells


ROWS = table_rows()


def code(cell: str) -> Any:
    assert cell.startswith("`") and cell.endswith("`"), cell[:60]
    return json.loads(cell[1:-1])


def request_of(row: dict[str, str]) -> dict[str, Any]:
    request = code(row["request"])
    for key in ("definition", "input", "variables", "context"):
        if key in request:
            request[key] = json.dumps(request[key])
    mock = request.get("mock")
    if isinstance(mock, dict) and "result" in mock:
        result = mock["result"]
        raw = isinstance(result, str) and not _is_json(result)
        mock["result"] = result if raw else json.dumps(result)
    if "roleArn" not in request:
        request["roleArn"] = ROLE
    elif request["roleArn"] is None:
        del request["roleArn"]
    return request


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def needs_botocore(row: dict[str, str]) -> bool:
    return row["id"].startswith("fvm-")


def test_the_table_is_read() -> None:
    assert len(ROWS) >= 60
    assert len({row["id"] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_no_refusal_without_evidence(row: dict[str, str]) -> None:
    if "exception" in code(row["expect"]):
        assert row["source"].startswith(EVIDENCE), row["id"]


@pytest.fixture(scope="module")
def client() -> Any:
    return sfnsim.client()


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_row(row: dict[str, str], client: Any) -> None:
    if needs_botocore(row):
        pytest.importorskip("botocore")
    expect = code(row["expect"])
    request = request_of(row)
    if "exception" in expect:
        with pytest.raises(sfnsim.errors.ClientError) as raised:
            client.test_state(**request)
        error = raised.value.response["Error"]
        assert (error["Code"], error["Message"]) == (expect["exception"], expect["message"])
        return
    response = client.test_state(**request)
    inspection = {k: decoded(v) for k, v in (response.get("inspectionData") or {}).items()}
    for key, value in expect.items():
        if key == "absent":
            for member in value:
                assert member not in response, f"{member} is in {response}"
        elif key == "inspectionKeys":
            assert set(inspection) == set(value), inspection
        elif key == "inspectionData":
            for member, expected in value.items():
                assert inspection.get(member) == expected, (member, inspection)
        elif key == "output":
            assert decoded(response.get("output")) == value, response
        else:
            assert response.get(key) == value, (key, response)
