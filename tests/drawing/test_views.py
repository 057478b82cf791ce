"""What users get from an execution: Jupyter's MIME bundle, HTML, SVG, Mermaid, DOT, the
DataFrame; nothing fetched from the network; a 10,000-iteration Map that stays readable."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import sfnsim
from sfnsim.drawing import ExecutionView, fetch_execution, show

from .definitions import ORDER
from .executions import big_map, order_ok, pipeline


def external_references(text: str) -> list[str]:
    """Every URL in a drawing but the SVG namespace."""
    urls = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'<>)]*", text)
    return [u for u in urls if u != "http://www.w3.org/2000/svg"]


def test_mime_bundle_has_html_svg_and_text() -> None:
    ex = order_ok()
    bundle = ex._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
    assert bundle["text/html"].startswith('<div id="sfn-')
    assert bundle["image/svg+xml"].startswith("<svg")
    assert bundle["text/plain"] == repr(ex)
    html = bundle["text/html"]
    for text in ("Charge", "Throttled", "Timeline", "Events (", "States ("):
        assert text in html
    assert external_references(html) == [] and external_references(bundle["image/svg+xml"]) == []
    assert "<script src" not in html


def test_html_file_is_self_contained(tmp_path: Path) -> None:
    ex = pipeline(fail_key="2024/05/01/part-0002.csv")
    out = tmp_path / "run.html"
    text = ex.to_html(out)
    assert out.read_text() == text
    assert text.startswith("<!DOCTYPE html>") and "</html>" in text
    assert external_references(text) == []
    # The failure is up front: status, state, error and cause before the graph.
    banner = text[: text.index("<svg")]
    assert "FAILED" in banner and "EtlFailed" in banner
    assert "prefers-color-scheme: dark" in text


def test_failure_names_the_state_where_it_started() -> None:
    ex = pipeline(fail_key="2024/05/01/part-0002.csv")
    assert ex.status == "FAILED"
    view = ex.view()
    assert view.trace.states()["Transform"].status == "failed"
    assert view.trace.states()["Each file"].status == "caught"
    assert view.overlay.failing == "Failed"
    text = repr(view)
    assert (
        "EtlFailed in Failed" in text
        and "path: List files \u2192 Each file \u2192 Alert \u2192 Failed" in text
    )


def test_state_tooltips_and_taken_edges() -> None:
    svg = order_ok().to_svg()
    charge = re.search(r'data-state="Charge">\s*<title>([^<]*)</title>', svg)
    assert charge, svg[:2000]
    tooltip = charge.group(1)
    assert (
        "Succeeded after retry after 3 attempts" in tooltip
        and "Input:" in tooltip
        and "Output:" in tooltip
    )
    taken = re.findall(r'class="sfn-edge sfn-taken" data-from="([^"]*)" data-to="([^"]*)"', svg)
    assert ("Manual review", "Charge") in taken and ("Charge", "Refund") not in taken


def test_definition_drawings() -> None:
    view = sfnsim.render(ORDER)
    svg = view.to_svg()
    assert svg.count('class="sfn-node sfn-def"') == len(view.graph.states())
    mermaid = view.to_mermaid()
    assert mermaid.startswith("flowchart TD") and "sfnStart" in mermaid and "subgraph" in mermaid
    assert '-.->|"Catch States.ALL"|' in mermaid
    dot = view.to_dot()
    assert (
        dot.startswith("digraph StateMachine {") and "cluster_" in dot and "lhead=cluster_" in dot
    )
    assert set(view._repr_mimebundle_()) == {"text/html", "image/svg+xml", "text/plain"}


def test_execution_mermaid_and_dot_carry_outcomes() -> None:
    ex = pipeline(fail_key="2024/05/01/part-0002.csv")
    assert "classDef failed" in ex.to_mermaid() and "==>" in ex.to_mermaid()
    assert 'fillcolor="#f9d9c9"' in ex.to_dot()


def test_history_dataframe() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pipeline().history.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns[:7]) == [
        "id",
        "previous_event_id",
        "type",
        "timestamp",
        "elapsed_ms",
        "state",
        "where",
    ]
    retried = frame[(frame["state"] == "Transform") & (frame["type"] == "TaskFailed")]
    assert list(retried["error"]) == ["Glue.ConcurrentRunsExceededException"]
    assert set(frame["where"]) >= {"", "Each file iteration 1"}


def test_ten_thousand_iterations_stay_readable() -> None:
    ex = big_map(10000)
    assert ex.status == "SUCCEEDED"
    view = ex.view()
    html = view._repr_html_()
    assert "10,000 iterations: 10,000 \u2713" in html
    assert "Work (Pass)\nRan 10,000 times: 10,000 succeeded" in html
    assert "all 10,000 iterations" in html  # the summary row of the timeline
    assert html.count('class="sfn-bar"') < 60
    assert "events not shown" in html
    assert len(html) < 1_500_000


class RecordingClient:
    """The three read calls of the Step Functions API, answered from an sfnsim.Execution, to
    check that show() uses the API as boto3 offers it (pages of history included)."""

    def __init__(self, ex: sfnsim.Execution) -> None:
        self.ex = ex
        self.calls: list[str] = []

    def describe_execution(self, executionArn: str) -> dict[str, Any]:
        self.calls.append("describe_execution")
        return {
            "executionArn": executionArn,
            "name": self.ex.name,
            "status": self.ex.status,
            "error": self.ex.error,
            "cause": self.ex.cause,
        }

    def describe_state_machine_for_execution(self, executionArn: str) -> dict[str, Any]:
        self.calls.append("describe_state_machine_for_execution")
        return {"definition": self.ex.definition}

    def get_execution_history(
        self, executionArn: str, maxResults: int, nextToken: str | None = None
    ) -> dict[str, Any]:
        self.calls.append("get_execution_history")
        start = int(nextToken or 0)
        page = {"events": self.ex.history[start : start + 10]}
        if start + 10 < len(self.ex.history):
            page["nextToken"] = str(start + 10)
        return page


def test_show_fetches_an_execution_through_the_api() -> None:
    ex = pipeline()
    client = RecordingClient(ex)
    view = show({"executionArn": ex.execution_arn}, client=client)
    assert isinstance(view, ExecutionView)
    assert client.calls.count("get_execution_history") == (len(ex.history) + 9) // 10
    assert view.trace.path == ex.path and len(view.events) == len(ex.history)
    assert show(ex.execution_arn, client=client).status == "SUCCEEDED"
    with pytest.raises(TypeError, match="client="):
        show(ex.execution_arn)
    assert isinstance(fetch_execution(client, ex.execution_arn), ExecutionView)
    assert show(ex).trace.path == ex.path
    assert "states" in repr(show(ORDER))


def test_show_a_state_machine() -> None:
    text = json.dumps(ORDER)

    class Client:
        def describe_state_machine(self, stateMachineArn: str) -> dict[str, Any]:
            return {"stateMachineArn": stateMachineArn, "definition": text}

    described = Client().describe_state_machine("arn:aws:states:us-east-1:1:stateMachine:o")
    for view in (show(described), show(described["stateMachineArn"], client=Client())):
        assert type(view) is sfnsim.drawing.DefinitionView
        assert len(view.graph.states()) == len(sfnsim.render(ORDER).graph.states())
    with pytest.raises(TypeError, match="client="):
        show("arn:aws:states:us-east-1:1:stateMachine:o")


def test_execution_repr_methods_for_front_ends_without_bundles() -> None:
    ex = order_ok()
    assert ex._repr_html_() == ex._repr_mimebundle_()["text/html"]
    assert ex._repr_svg_() == ex.to_svg()
    assert ex.view() is ex.view()  # laid out once for all the formats
    only_text = ex._repr_mimebundle_(include=["text/plain"])
    assert set(only_text) == {"text/plain"}
    assert "text/html" not in ex._repr_mimebundle_(exclude=["text/html"])
    assert str(ex).startswith(f"Execution order-ok {ex.status}") and "path: Validate" in str(ex)
    assert sfnsim.render(ex).status == ex.status


GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("order-definition.svg", lambda: sfnsim.render(ORDER).to_svg()),
        ("order-execution.html", lambda: order_ok().to_html()),
    ],
)
def test_golden_files(name: str, make: Any) -> None:
    """The drawings are deterministic; a change to them shows up here as a diff to review.
    SFNSIM_UPDATE_GOLDEN=1 rewrites the files."""
    import os

    text = make()
    assert make() == text
    path = GOLDEN / name
    if os.environ.get("SFNSIM_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (SFNSIM_UPDATE_GOLDEN=1)"
