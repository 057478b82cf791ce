"""The layered layout: deterministic, nothing overlaps, text fits its box, edges meet their
states, and large definitions stay readable."""

from __future__ import annotations

import itertools

import pytest
from sfnsim.drawing.graph import build_graph
from sfnsim.drawing.layout import LABEL_SIZE, NAME_SIZE, NODE_PAD_X, Layout, layout
from sfnsim.drawing.text import text_width

from .definitions import ORDER, generated


def boxes(
    lay: Layout, dx: float = 0.0, dy: float = 0.0
) -> list[tuple[str, float, float, float, float]]:
    """Every state box, nested ones at their absolute positions."""
    out = []
    for placed in lay.nodes.values():
        out.append((placed.node.id, placed.x + dx, placed.y + dy, placed.w, placed.h))
        for gx, gy, sub in placed.groups:
            out.extend(boxes(sub, dx + placed.x + gx, dy + placed.y + gy))
    return out


def label_boxes(
    lay: Layout, dx: float = 0.0, dy: float = 0.0
) -> list[tuple[str, float, float, float, float]]:
    out = []
    for route in lay.routes:
        if route.label_box:
            x, y, w, h = route.label_box
            out.append((route.edge.label, x + dx, y + dy, w, h))
    for placed in lay.nodes.values():
        for gx, gy, sub in placed.groups:
            out.extend(label_boxes(sub, dx + placed.x + gx, dy + placed.y + gy))
    return out


def overlap(
    a: tuple[str, float, float, float, float], b: tuple[str, float, float, float, float]
) -> bool:
    _, ax, ay, aw, ah = a
    _, bx, by, bw, bh = b
    return ax < bx + bw - 0.5 and bx < ax + aw - 0.5 and ay < by + bh - 0.5 and by < ay + ah - 0.5


def inside(
    inner: tuple[str, float, float, float, float], outer: tuple[str, float, float, float, float]
) -> bool:
    _, ix, iy, iw, ih = inner
    _, ox, oy, ow, oh = outer
    return ox <= ix and oy <= iy and ix + iw <= ox + ow and iy + ih <= oy + oh


def check_no_overlaps(lay: Layout) -> None:
    nodes = boxes(lay)
    for a, b in itertools.combinations(nodes, 2):
        if overlap(a, b):
            assert inside(a, b) or inside(b, a), f"{a[0]!r} overlaps {b[0]!r}: {a} {b}"
    labels = label_boxes(lay)
    for a, b in itertools.combinations(labels, 2):
        assert not overlap(a, b), f"edge labels overlap: {a} {b}"
    for label in labels:
        for node in nodes:
            if overlap(label, node):
                assert inside(label, node), f"edge label {label[0]!r} overlaps state {node[0]!r}"
    for node in nodes:
        _, x, y, w, h = node
        assert x >= 0 and y >= 0 and x + w <= lay.width + 0.5 and y + h <= lay.height + 0.5, node


def check_text_fits(lay: Layout) -> None:
    for placed in lay.nodes.values():
        if placed.groups:
            for _, _, sub in placed.groups:
                check_text_fits(sub)
            continue
        for line in placed.name_lines:
            assert text_width(line, NAME_SIZE, bold=True) <= placed.w - 2 * NODE_PAD_X + 4 + 0.5, (
                line,
                placed.w,
            )
    for route in lay.routes:
        if route.label_box:
            for line in route.label_lines:
                assert text_width(line, LABEL_SIZE) <= route.label_box[2], line


def check_edges_meet_states(lay: Layout) -> None:
    for route in lay.routes:
        if route.self_loop:
            continue
        src, dst = lay.nodes[route.edge.src], lay.nodes[route.edge.dst]
        (x0, y0), (x1, y1) = route.points[0], route.points[-1]
        assert src.x - 0.5 <= x0 <= src.x + src.w + 0.5 and y0 in (
            src.y,
            round(src.y + src.h, 1),
        ), route
        assert dst.x - 0.5 <= x1 <= dst.x + dst.w + 0.5 and y1 in (
            dst.y,
            round(dst.y + dst.h, 1),
        ), route


def test_order_definition_lays_out_cleanly() -> None:
    lay = layout(build_graph(ORDER))
    check_no_overlaps(lay)
    check_text_fits(lay)
    check_edges_meet_states(lay)
    # The flow goes down: Start above the first state, End below everything.
    assert lay.nodes["\x00start"].y < lay.nodes["Validate"].y < lay.nodes["\x00end"].y
    assert all(p.y < lay.nodes["\x00end"].y for k, p in lay.nodes.items() if k != "\x00end")


def test_layout_is_deterministic() -> None:
    first = layout(build_graph(generated(60)))
    second = layout(build_graph(generated(60)))
    assert [(k, p.x, p.y, p.w, p.h) for k, p in first.nodes.items()] == [
        (k, p.x, p.y, p.w, p.h) for k, p in second.nodes.items()
    ]
    assert [r.points for r in first.routes] == [r.points for r in second.routes]


def test_loops_are_drawn_as_back_edges() -> None:
    definition = {
        "StartAt": "Poll",
        "States": {
            "Poll": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:1:function:poll",
                "Next": "Ready?",
            },
            "Ready?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.ready", "BooleanEquals": False, "Next": "Wait"}],
                "Default": "Done",
            },
            "Wait": {"Type": "Wait", "Seconds": 30, "Next": "Poll"},
            "Done": {"Type": "Succeed"},
        },
    }
    lay = layout(build_graph(definition))
    back = [r for r in lay.routes if r.back]
    assert [(r.edge.src, r.edge.dst) for r in back] == [("Wait", "Poll")]
    # Drawn from Wait (below) up to Poll.
    assert back[0].points[0][1] > back[0].points[-1][1]
    check_no_overlaps(lay)


def test_self_loop_reserves_room() -> None:
    definition = {
        "StartAt": "Again",
        "States": {
            "Again": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Again"}],
                "Default": "End",
            },
            "End": {"Type": "Succeed"},
        },
    }
    lay = layout(build_graph(definition))
    loop = [r for r in lay.routes if r.self_loop]
    assert len(loop) == 1 and loop[0].label_box is not None
    box = lay.nodes["Again"]
    assert loop[0].label_box[0] > box.x + box.w
    assert lay.width >= loop[0].label_box[0] + loop[0].label_box[2]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_hundred_states_without_overlaps(seed: int) -> None:
    lay = layout(build_graph(generated(200, seed=seed)))
    assert len(boxes(lay)) > 200
    check_no_overlaps(lay)
    check_text_fits(lay)
    check_edges_meet_states(lay)


def test_long_names_wrap_on_two_lines_and_are_cut_after() -> None:
    name = "ValidateTheIncomingCustomerRecordAgainstTheSchemaAndTheReferenceDataOfTheRegion"
    lay = layout(build_graph({"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}}))
    placed = lay.nodes[name]
    assert len(placed.name_lines) == 2
    assert placed.name_lines[-1].endswith("\u2026")
    check_text_fits(lay)


def test_parallel_branches_sit_side_by_side_inside_their_state() -> None:
    lay = layout(build_graph(ORDER))
    ship = lay.nodes["Ship"]
    assert len(ship.groups) == 2
    (x1, _, b1), (x2, _, b2) = ship.groups
    assert x1 + b1.width <= x2
    assert x2 + b2.width <= ship.w


def test_lenient_with_broken_definitions() -> None:
    for broken in (
        {},
        {"States": []},
        {"StartAt": "Nope", "States": {"A": {"Type": "Pass", "Next": "Gone"}}},
        {"StartAt": "A", "States": {"A": "not a state"}},
        # A branch and an item processor without states: empty boxes, not a crash.
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{}], "End": True}}},
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {}, "End": True}}},
    ):
        lay = layout(build_graph(broken))
        assert lay.width > 0
