"""The graph as SVG: presentation attributes (they survive HTML sanitisers), a ``<title>`` per
state for native tooltips, ``data-state`` hooks, no external reference of any kind."""

from __future__ import annotations

from html import escape

from .graph import END, START, Node
from .layout import (
    DETAIL_SIZE,
    GROUP_HEADER,
    LABEL_LINE_H,
    LABEL_SIZE,
    LINE_H,
    NAME_SIZE,
    NODE_PAD_X,
    Layout,
    Placed,
    Route,
)
from .overlay import Overlay
from .palette import (
    CATCH_EDGE,
    DEFINITION_LOOK,
    EDGE_WIDTH,
    LEGEND_KEYS,
    LOOKS,
    MUTED,
    TAKEN_EDGE_WIDTH,
    TEXT,
    Look,
)
from .text import FONT_FAMILY, fit, text_width

LEGEND_H = 30.0  # one row of the legend, with the space above the graph
LEGEND_ROW = 20.0
LEGEND_MIN_W = 360.0
LEGEND_PAD = 10.0
LEGEND_SWATCH = 19.0  # the swatch and the space before its label
LEGEND_GAP = 7.0


def esc(text: str) -> str:
    return escape(text, quote=True)


def num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def slug(name: str) -> str:
    """A fragment-safe id for a state name."""
    out = []
    for ch in name:
        out.append(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else f"_{ord(ch):x}_")
    return "".join(out)


class GraphSvg:
    """Draws a laid-out graph, optionally coloured by an execution."""

    def __init__(self, prefix: str, overlay: Overlay | None = None, *, links: bool = False) -> None:
        self.prefix = prefix
        self.overlay = overlay
        self.links = links
        self.parts: list[str] = []

    def document(
        self, lay: Layout, *, title: str, background: str | None = None, legend: bool = False
    ) -> str:
        width = lay.width
        # Every legend item is shown whole: the legend wraps onto more rows, and a narrow
        # graph gets a wider drawing (centred in it) rather than a column of items.
        key = self._legend(max(width, LEGEND_MIN_W)) if legend else ("", 0.0, 0.0)
        legend_svg, legend_w, top = key
        width = max(width, legend_w)
        height = lay.height + top
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="sfn-graph" viewBox="0 0 {num(width)} {num(height)}" '
            f'width="{num(width)}" height="{num(height)}" font-family="{esc(FONT_FAMILY)}" '
            f'role="img" aria-label="{esc(title)}" style="max-width:100%;height:auto">',
            f"<title>{esc(title)}</title>",
            self._defs(),
        ]
        if background:
            out.append(f'<rect width="100%" height="100%" fill="{esc(background)}"/>')
        if legend:
            out.append(legend_svg)
        self.parts = []
        self._draw(lay, (width - lay.width) / 2, top)
        out.extend(self.parts)
        out.append("</svg>")
        return "\n".join(out)

    def _defs(self) -> str:
        p = self.prefix
        arrow = (
            '<marker id="{id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" '
            'markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{fill}"/></marker>'
        )
        return (
            "<defs>"
            + arrow.format(id=f"{p}-arrow", fill="currentColor")
            + arrow.format(id=f"{p}-arrow-catch", fill=CATCH_EDGE)
            + "</defs>"
        )

    def _legend(self, width: float) -> tuple[str, float, float]:
        """The legend wrapped to ``width``: its SVG, the width it needs, its height."""
        items = []
        keys = self.overlay.legend_keys() if self.overlay is not None else LEGEND_KEYS
        x, y, widest = LEGEND_PAD, 8.0, 0.0
        for key in keys:
            look = LOOKS[key]
            label = f"{look.icon} {look.label}".strip()
            w = text_width(label, 11) + LEGEND_SWATCH
            if x > LEGEND_PAD and x + w > width - LEGEND_PAD:
                x, y = LEGEND_PAD, y + LEGEND_ROW
            items.append(
                f'<g transform="translate({num(x)},{num(y)})"><rect width="14" height="14" rx="3" fill="{look.fill}" '
                f'stroke="{look.stroke}" stroke-width="{look.stroke_width}"'
                + (f' stroke-dasharray="{look.dash}"' if look.dash else "")
                + f'/><text x="19" y="11.5" font-size="11" fill="currentColor">{esc(label)}</text></g>'
            )
            widest = max(widest, x + w)
            x += w + LEGEND_GAP
        height = y + LEGEND_H - 8.0
        return f'<g class="sfn-legend">{"".join(items)}</g>', widest + LEGEND_PAD, height

    # -- drawing
    def _draw(self, lay: Layout, dx: float, dy: float) -> None:
        self.parts.append(f'<g transform="translate({num(dx)},{num(dy)})">')
        for route in lay.routes:
            self._edge(route)
        for placed in lay.nodes.values():
            if placed.groups:
                self._group(placed)
            else:
                self._node(placed)
        self.parts.append("</g>")

    def _look(self, node: Node) -> tuple[Look, str | None]:
        if self.overlay is None:
            return DEFINITION_LOOK, None
        status = self.overlay.status(node.id)
        return LOOKS[status], status

    def _open_node(self, placed: Placed, status: str | None) -> None:
        node = placed.node
        cls = f"sfn-node sfn-{status or 'def'}" + (
            " sfn-failing" if self.overlay and self.overlay.failing == node.id else ""
        )
        attrs = f' class="{cls}" data-state="{esc(node.id)}"'
        if self.links:
            self.parts.append(f'<a href="#{self.prefix}-s-{slug(node.id)}"{attrs}>')
        else:
            self.parts.append(f"<g{attrs}>")

    def _close_node(self) -> None:
        self.parts.append("</a>" if self.links else "</g>")

    def _title(self, node: Node) -> str:
        head = (
            f"{node.label} ({node.type}"
            + (f" \u00b7 {node.detail}" if node.detail and node.detail != node.type else "")
            + ")"
        )
        body = self.overlay.tooltip(node.id) if self.overlay else ""
        return f"<title>{esc(head + (chr(10) + body if body else ''))}</title>"

    def _node(self, placed: Placed) -> None:
        node = placed.node
        if node.kind in ("start", "end"):
            self._terminal(placed)
            return
        look, status = self._look(node)
        self._open_node(placed, status)
        self.parts.append(self._title(node))
        dash = f' stroke-dasharray="{look.dash}"' if look.dash else ""
        self.parts.append(
            f'<rect x="{num(placed.x)}" y="{num(placed.y)}" width="{num(placed.w)}" height="{num(placed.h)}" '
            f'rx="6" fill="{look.fill}" stroke="{look.stroke}" stroke-width="{look.stroke_width}"{dash}/>'
        )
        cx = placed.cx
        lines = placed.name_lines
        block = LINE_H * len(lines) + (LINE_H - 2 if node.detail else 0)
        y = placed.y + (placed.h - block) / 2 + NAME_SIZE - 1
        for line in lines:
            self.parts.append(
                f'<text class="sfn-name" x="{num(cx)}" y="{num(y)}" text-anchor="middle" font-size="{num(NAME_SIZE)}" '
                f'font-weight="bold" fill="{TEXT}">{esc(line)}</text>'
            )
            y += LINE_H
        if node.detail:
            detail = fit(node.detail, placed.w - 2 * NODE_PAD_X, DETAIL_SIZE)
            self.parts.append(
                f'<text class="sfn-detail" x="{num(cx)}" y="{num(y - 2)}" text-anchor="middle" '
                f'font-size="{num(DETAIL_SIZE)}" fill="{MUTED}">{esc(detail)}</text>'
            )
        self._badges(placed, look, status)
        self._close_node()

    def _badges(self, placed: Placed, look: Look, status: str | None) -> None:
        if status and look.icon:
            x, y = placed.x + placed.w - 2, placed.y + 2
            self.parts.append(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="8" fill="{look.stroke}"/>'
                f'<text x="{num(x)}" y="{num(y + 4)}" text-anchor="middle" font-size="11" font-weight="bold" '
                f'fill="#ffffff">{esc(look.icon)}</text>'
            )
        badge = self.overlay.badge(placed.node.id) if self.overlay else ""
        if not badge and placed.node.retry and not self.overlay:
            badge = "\u21bb"
        if badge:
            w = text_width(badge, 10) + 8
            x, y = placed.x + placed.w - w + 6, placed.y + placed.h - 7
            self.parts.append(
                f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="13" rx="6.5" fill="#ffffff" '
                f'stroke="{look.stroke}" stroke-width="1"/>'
                f'<text x="{num(x + w / 2)}" y="{num(y + 10)}" text-anchor="middle" font-size="10" fill="{TEXT}">{esc(badge)}</text>'
            )

    def _terminal(self, placed: Placed) -> None:
        node = placed.node
        taken = False
        if self.overlay is not None:
            taken = any(node.id in pair for pair in self.overlay.taken)
        stroke_w = TAKEN_EDGE_WIDTH if taken else EDGE_WIDTH
        self.parts.append(
            f'<g class="sfn-terminal" data-state="{esc(node.label)}"><rect x="{num(placed.x)}" y="{num(placed.y)}" '
            f'width="{num(placed.w)}" height="{num(placed.h)}" rx="{num(placed.h / 2)}" fill="none" '
            f'stroke="currentColor" stroke-width="{stroke_w}"/>'
            f'<text x="{num(placed.cx)}" y="{num(placed.cy + 4)}" text-anchor="middle" font-size="12" '
            f'fill="currentColor">{esc(node.label)}</text></g>'
        )

    def _group(self, placed: Placed) -> None:
        node = placed.node
        look, status = self._look(node)
        self._open_node(placed, status)
        self.parts.append(self._title(node))
        self.parts.append(
            f'<rect x="{num(placed.x)}" y="{num(placed.y)}" width="{num(placed.w)}" height="{num(placed.h)}" rx="8" '
            f'fill="{look.fill}" fill-opacity="0.35" stroke="{look.stroke}" stroke-width="{look.stroke_width}" '
            f'stroke-dasharray="{look.dash or "7 4"}"/>'
        )
        title_x = placed.x + 12
        name = fit(node.label, placed.w - 60, NAME_SIZE, bold=True)
        self.parts.append(
            f'<text class="sfn-name" x="{num(title_x)}" y="{num(placed.y + 18)}" font-size="{num(NAME_SIZE)}" '
            f'font-weight="bold" fill="currentColor">{esc(name)}</text>'
        )
        caption_x = title_x + text_width(name, NAME_SIZE, bold=True) + 10
        room = placed.x + placed.w - caption_x - 18
        caption = node.detail or node.type
        extra = self.overlay.group_caption(node.id) if self.overlay is not None else ""
        if extra and self.overlay is not None:
            # The counts matter more than the type, which the tooltip repeats; a caption is
            # never cut short: the type, which the layout made room for, is the last resort.
            short = self.overlay.group_caption(node.id, short=True)
            choices = (f"{caption} \u00b7 {extra}", extra, short)
            caption = next((c for c in choices if text_width(c, DETAIL_SIZE) <= room), caption)
        if room > 30:
            self.parts.append(
                f'<text class="sfn-detail" x="{num(caption_x)}" y="{num(placed.y + 18)}" font-size="{num(DETAIL_SIZE)}" '
                f'fill="currentColor" fill-opacity="0.75">{esc(fit(caption, room, DETAIL_SIZE))}</text>'
            )
        self._badges(placed, look, status)
        self._close_node()
        for i, (gx, gy, sub) in enumerate(placed.groups):
            if i:
                sep_x = placed.x + gx - 14
                self.parts.append(
                    f'<line x1="{num(sep_x)}" y1="{num(placed.y + GROUP_HEADER + 4)}" x2="{num(sep_x)}" '
                    f'y2="{num(placed.y + placed.h - 8)}" stroke="currentColor" stroke-opacity="0.25" stroke-dasharray="3 3"/>'
                )
            self._draw(sub, placed.x + gx, placed.y + gy)

    def _edge(self, route: Route) -> None:
        edge = route.edge
        taken = self.overlay is not None and (edge.src, edge.dst) in self.overlay.taken
        catch = edge.kind == "catch"
        colour = CATCH_EDGE if catch else "currentColor"
        width = TAKEN_EDGE_WIDTH if taken else EDGE_WIDTH
        opacity = "1" if taken or self.overlay is None else "0.45"
        dash = ' stroke-dasharray="5 4"' if catch or edge.kind == "default" else ""
        marker = f"{self.prefix}-arrow-catch" if catch else f"{self.prefix}-arrow"
        data = f' data-from="{esc(_plain(edge.src))}" data-to="{esc(_plain(edge.dst))}"'
        cls = "sfn-edge sfn-taken" if taken else "sfn-edge"
        self.parts.append(
            f'<path class="{cls}"{data} d="{_path(route)}" fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-opacity="{opacity}"{dash} marker-end="url(#{marker})"/>'
        )
        if route.label_box and route.label_lines:
            x, y, w, h = route.label_box
            self.parts.append(
                f'<g class="sfn-edge-label"><rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="3" '
                f'fill="#ffffff" fill-opacity="0.9" stroke="{colour}" stroke-opacity="0.35"/>'
            )
            ty = y + 2 + LABEL_SIZE
            for line in route.label_lines:
                self.parts.append(
                    f'<text x="{num(x + w / 2)}" y="{num(ty)}" text-anchor="middle" font-size="{num(LABEL_SIZE)}" '
                    f'fill="{CATCH_EDGE if catch else TEXT}">{esc(line)}</text>'
                )
                ty += LABEL_LINE_H
            self.parts.append("</g>")


def _plain(node_id: str) -> str:
    return {START: "Start", END: "End"}.get(node_id, node_id)


def _path(route: Route) -> str:
    """A smooth curve along the route's points (a uniform B-spline, as d3's curveBasis that the
    AWS console's renderer uses), leaving and arriving vertically; a self loop goes around the
    right side of its state."""
    pts = route.points
    if not pts:
        return ""
    if route.self_loop:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts
        return f"M{num(x0)},{num(y0)} C{num(x1)},{num(y1)} {num(x2)},{num(y2)} {num(x3)},{num(y3)}"
    (sx, sy), (ex, ey) = pts[0], pts[-1]
    down = 1.0 if ey >= sy else -1.0
    if len(pts) == 2 and abs(sx - ex) < 0.5:
        return f"M{num(sx)},{num(sy)} L{num(ex)},{num(ey)}"
    # Short straight stubs at both ends keep the arrow heads vertical.
    ctrl = [(sx, sy), (sx, sy + 10 * down)] + pts[1:-1] + [(ex, ey - 10 * down), (ex, ey)]
    out = [f"M{num(sx)},{num(sy)}"]
    x0, y0 = ctrl[0]
    x1, y1 = ctrl[1]
    out.append(f"L{num((5 * x0 + x1) / 6)},{num((5 * y0 + y1) / 6)}")
    for x, y in ctrl[2:]:
        out.append(
            f"C{num((2 * x0 + x1) / 3)},{num((2 * y0 + y1) / 3)} {num((x0 + 2 * x1) / 3)},{num((y0 + 2 * y1) / 3)} "
            f"{num((x0 + 4 * x1 + x) / 6)},{num((y0 + 4 * y1 + y) / 6)}"
        )
        x0, y0, x1, y1 = x1, y1, x, y
    out.append(
        f"C{num((2 * x0 + x1) / 3)},{num((2 * y0 + y1) / 3)} {num((x0 + 2 * x1) / 3)},{num((y0 + 2 * y1) / 3)} {num(x1)},{num(y1)}"
    )
    return " ".join(out)
