"""A layered (Sugiyama) layout of a state machine graph, deterministic and dependency-free.

Steps, as dagre (the AWS console's layout library) does them:

1. cycles are broken by a depth-first search from Start: an edge back to a state on the stack
   (a Choice loop) is laid out reversed and drawn as a back edge;
2. ranks by longest path, two rank units per edge, so that between two rows of states lies a
   row of edge points where edge labels get their own room (labels never overlap states);
3. edges spanning more than one rank get a dummy point per rank, a label takes the place of one;
4. crossings are reduced by barycentre sweeps, keeping the best order seen;
5. x coordinates minimise the weighted squared horizontal length of the edges, row by row
   (Gauss-Seidel), each row solved exactly under its ordering and spacing constraints by
   isotonic regression (pool adjacent violators); long edges weigh more, so they run straight;
6. edges are polylines through their dummy points, with ports spread along the node's border.

Parallel branches and Map item processors are laid out first, on their own, and their
drawings become the size of the enclosing node (compound nodes, laid out recursively).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .graph import END, Edge, Graph, Node
from .text import text_width, wrap

# Sizes, in pixels.
NAME_SIZE = 13.0
DETAIL_SIZE = 11.0
LABEL_SIZE = 11.0
NODE_MIN_W = 120.0
NODE_MAX_W = 240.0
NODE_PAD_X = 14.0
NODE_H = 44.0
LINE_H = 16.0
TERMINAL_W = 64.0
TERMINAL_H = 26.0
LABEL_MAX_W = 180.0
LABEL_LINE_H = 13.0
GROUP_HEADER = 28.0
GROUP_PAD = 14.0
BRANCH_GAP = 28.0
RANK_SEP = 14.0
EDGE_ROW_MIN = 10.0
NODE_SEP = 32.0
DUMMY_SEP = 16.0
MARGIN = 12.0
SELF_LOOP_W = 26.0


@dataclass
class Placed:
    """A node with its box (top-left x, y, width, height) and, for Parallel and Map, the
    layouts of its branches at offsets inside the box."""

    node: Node
    x: float
    y: float
    w: float
    h: float
    name_lines: list[str] = field(default_factory=list)
    groups: list[tuple[float, float, Layout]] = field(default_factory=list)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Route:
    edge: Edge
    points: list[tuple[float, float]]
    back: bool = False  # drawn against the flow (a loop back to an earlier state)
    self_loop: bool = False
    label_lines: list[str] = field(default_factory=list)
    label_box: tuple[float, float, float, float] | None = None  # x, y, w, h


@dataclass
class Layout:
    width: float
    height: float
    nodes: dict[str, Placed]
    routes: list[Route]


Measure = Callable[[Node], tuple[float, float, list[str]]]


def layout(graph: Graph, *, margin: float = MARGIN) -> Layout:
    """Lays out ``graph`` and, recursively, the branches nested in its Parallel and Map nodes."""
    return _Layered(graph, margin, depth=0).run()


# ---- sizes -----------------------------------------------------------------------------------


def _measure_leaf(node: Node) -> tuple[float, float, list[str]]:
    if node.kind in ("start", "end"):
        return TERMINAL_W, TERMINAL_H, [node.label]
    inner_max = NODE_MAX_W - 2 * NODE_PAD_X
    lines = wrap(node.label, inner_max, NAME_SIZE, bold=True)
    detail_w = min(text_width(node.detail, DETAIL_SIZE), inner_max) if node.detail else 0.0
    name_w = max(text_width(line, NAME_SIZE, bold=True) for line in lines)
    w = min(max(NODE_MIN_W, max(name_w, detail_w) + 2 * NODE_PAD_X + 4), NODE_MAX_W)
    h = NODE_H + LINE_H * (len(lines) - 1) - (0 if node.detail else LINE_H * 0.6)
    return w, h, lines


def _label_lines(label: str) -> list[str]:
    return wrap(label, LABEL_MAX_W, LABEL_SIZE, max_lines=2) if label else []


# ---- the layered layout ----------------------------------------------------------------------


@dataclass
class _Item:
    """A node of the layered graph: a real node or a dummy point of a long edge."""

    key: int
    w: float
    h: float
    rank: int = 0
    node: Node | None = None
    route: int = -1  # for dummies: the route they belong to
    label: bool = False
    x: float = 0.0
    order: int = 0
    right: float = 0.0  # room reserved on the right (self loops)


class _Layered:
    def __init__(self, graph: Graph, margin: float, depth: int) -> None:
        self.graph = graph
        self.margin = margin
        self.depth = depth
        self.items: list[_Item] = []
        self.by_id: dict[str, int] = {}
        self.lines: dict[str, list[str]] = {}
        self.groups: dict[str, list[tuple[float, float, Layout]]] = {}
        self.routes: list[Route] = []
        self.chains: list[list[int]] = []  # per route: item keys from layout-top to bottom
        self.up: list[list[tuple[int, float]]] = []  # neighbours above, with weights
        self.down: list[list[tuple[int, float]]] = []
        self._row_h: list[float] = []
        self._bottom = 0.0

    def run(self) -> Layout:
        self._make_items()
        if not self.items:
            # A branch without states (refused by validation, but drawn all the same): the
            # group shows an empty box rather than no drawing at all.
            return Layout(0.0, 0.0, {}, [])
        real_edges = self._break_cycles()
        self._rank(real_edges)
        self._make_chains(real_edges)
        layers = self._order()
        self._place_x(layers)
        ys = self._place_y(layers)
        return self._result(layers, ys)

    # -- items
    def _make_items(self) -> None:
        for node in self.graph.nodes.values():
            if node.groups:
                w, h = self._measure_group(node)
                lines = [node.label]
            else:
                w, h, lines = _measure_leaf(node)
            item = _Item(len(self.items), w, h, node=node)
            self.by_id[node.id] = item.key
            self.items.append(item)
            self.lines[node.id] = lines

    def _measure_group(self, node: Node) -> tuple[float, float]:
        inner = [_Layered(g, 0.0, self.depth + 1).run() for g in node.groups]
        x = GROUP_PAD
        placed = []
        for sub in inner:
            placed.append((x, GROUP_HEADER + GROUP_PAD, sub))
            x += max(sub.width, 40.0) + BRANCH_GAP
        inner_w = x - BRANCH_GAP + GROUP_PAD
        title_w = text_width(node.label, NAME_SIZE, bold=True) + text_width(
            node.detail, DETAIL_SIZE
        )
        w = max(inner_w, title_w + 3 * GROUP_PAD, NODE_MIN_W)
        shift = (w - inner_w) / 2
        self.groups[node.id] = [(px + shift, py, sub) for px, py, sub in placed]
        h = GROUP_HEADER + 2 * GROUP_PAD + max((s.height for s in inner), default=20.0)
        return w, h

    # -- step 1: cycles
    def _break_cycles(self) -> list[tuple[Edge, int, int, bool]]:
        """(edge, from item, to item, reversed) for every edge but self loops, in a DAG."""
        out_edges: dict[int, list[tuple[int, Edge]]] = {i.key: [] for i in self.items}
        self_loops: list[Edge] = []
        for edge in self.graph.edges:
            a, b = self.by_id[edge.src], self.by_id[edge.dst]
            if a == b:
                self_loops.append(edge)
            else:
                out_edges[a].append((b, edge))
        state = {i.key: 0 for i in self.items}  # 0 new, 1 on stack, 2 done
        back: set[int] = set()
        roots = [self.by_id[self.graph.start]] if self.graph.start in self.by_id else []
        roots += [i.key for i in self.items]
        for root in roots:
            if state[root]:
                continue
            state[root] = 1
            stack = [(root, iter(out_edges[root]))]
            while stack:
                v, it = stack[-1]
                advanced = False
                for w, edge in it:
                    if state[w] == 1:
                        back.add(id(edge))
                    elif state[w] == 0:
                        state[w] = 1
                        stack.append((w, iter(out_edges[w])))
                        advanced = True
                        break
                if not advanced:
                    state[v] = 2
                    stack.pop()
        result = []
        for edge in self.graph.edges:
            a, b = self.by_id[edge.src], self.by_id[edge.dst]
            if a == b:
                continue
            rev = id(edge) in back
            result.append((edge, b, a, True) if rev else (edge, a, b, False))
        for edge in self_loops:
            item = self.items[self.by_id[edge.src]]
            lines = _label_lines(edge.label)
            label_w = max((text_width(s, LABEL_SIZE) for s in lines), default=0.0)
            item.right = max(item.right, SELF_LOOP_W + label_w + (6 if lines else 0))
            self.routes.append(Route(edge, [], self_loop=True, label_lines=lines))
            self.chains.append([])
        return result

    # -- step 2: ranks
    def _rank(self, edges: list[tuple[Edge, int, int, bool]]) -> None:
        preds: dict[int, list[int]] = {i.key: [] for i in self.items}
        succs: dict[int, list[int]] = {i.key: [] for i in self.items}
        for _, a, b, _ in edges:
            preds[b].append(a)
            succs[a].append(b)
        indegree = {k: len(v) for k, v in preds.items()}
        ready = [i.key for i in self.items if indegree[i.key] == 0]
        order = []
        while ready:
            v = ready.pop(0)
            order.append(v)
            for w in succs[v]:
                indegree[w] -= 1
                if indegree[w] == 0:
                    ready.append(w)
        for v in order:
            self.items[v].rank = max((self.items[u].rank + 2 for u in preds[v]), default=0)
        # A state with at least as many edges out as in moves down next to its successors:
        # shorter edges. Edges to End do not pull (a Fail state stays beside its Catch).
        end_key = self.by_id.get(END, -1)
        for v in reversed(order):
            below = [self.items[w].rank for w in succs[v] if w != end_key]
            if below and len(succs[v]) >= len(preds[v]):
                self.items[v].rank = max(self.items[v].rank, min(below) - 2)
        if END in self.by_id:
            end = self.items[self.by_id[END]]
            end.rank = (
                max(i.rank for i in self.items if i.key != end.key) + 2
                if len(self.items) > 1
                else 0
            )

    # -- step 3: dummy chains
    def _make_chains(self, edges: list[tuple[Edge, int, int, bool]]) -> None:
        self.up = [[] for _ in self.items]
        self.down = [[] for _ in self.items]
        for edge, a, b, rev in edges:
            route_index = len(self.routes)
            lines = _label_lines(edge.label)
            route = Route(edge, [], back=rev, label_lines=lines)
            self.routes.append(route)
            chain = [a]
            ra, rb = self.items[a].rank, self.items[b].rank
            # The label sits next to the state it leaves: at the top of a forward chain, at the
            # bottom of a reversed one.
            label_rank = (ra + 1) if not rev else (rb - 1)
            for r in range(ra + 1, rb):
                is_label = bool(lines) and r == label_rank
                if is_label:
                    w = max(text_width(s, LABEL_SIZE) for s in lines) + 10
                    h = LABEL_LINE_H * len(lines) + 4
                else:
                    w, h = 0.0, 0.0
                dummy = _Item(len(self.items), w, h, rank=r, route=route_index, label=is_label)
                self.items.append(dummy)
                self.up.append([])
                self.down.append([])
                chain.append(dummy.key)
            chain.append(b)
            for u, v in zip(chain, chain[1:]):
                both = self.items[u].node is None and self.items[v].node is None
                one = self.items[u].node is None or self.items[v].node is None
                weight = 8.0 if both else 2.0 if one else 1.0
                self.down[u].append((v, weight))
                self.up[v].append((u, weight))
            self.chains.append(chain)

    # -- step 4: order within ranks
    def _order(self) -> list[list[int]]:
        max_rank = max(i.rank for i in self.items)
        layers: list[list[int]] = [[] for _ in range(max_rank + 1)]
        # Initial order: depth-first discovery from Start, following edges in definition order.
        seen: dict[int, int] = {}
        start = self.by_id.get(self.graph.start or "", 0)
        stack = [start]
        while stack:
            v = stack.pop()
            if v in seen:
                continue
            seen[v] = len(seen)
            stack.extend(w for w, _ in reversed(self.down[v]))
            stack.extend(u for u, _ in reversed(self.up[v]) if u not in seen)
        for item in self.items:
            if item.key not in seen:
                seen[item.key] = len(seen)
        for item in sorted(self.items, key=lambda i: seen[i.key]):
            layers[item.rank].append(item.key)
        self._number(layers)
        best = [list(layer) for layer in layers]
        best_crossings = self._crossings(layers)
        stale = 0
        for sweep in range(12):
            if best_crossings == 0 or stale >= 4:
                break
            if sweep % 2 == 0:
                for r in range(1, len(layers)):
                    self._sort_layer(layers[r], self.up)
            else:
                for r in range(len(layers) - 2, -1, -1):
                    self._sort_layer(layers[r], self.down)
            self._number(layers)
            crossings = self._crossings(layers)
            if crossings < best_crossings:
                best_crossings = crossings
                best = [list(layer) for layer in layers]
                stale = 0
            else:
                stale += 1
        self._number(best)
        return best

    def _number(self, layers: list[list[int]]) -> None:
        for layer in layers:
            for pos, key in enumerate(layer):
                self.items[key].order = pos

    def _sort_layer(self, layer: list[int], neighbours: list[list[tuple[int, float]]]) -> None:
        def barycentre(key: int) -> float:
            adj = neighbours[key]
            if not adj:
                return float(self.items[key].order)
            return sum(self.items[n].order for n, _ in adj) / len(adj)

        layer.sort(key=lambda k: (barycentre(k), self.items[k].order))
        for pos, key in enumerate(layer):
            self.items[key].order = pos

    def _crossings(self, layers: list[list[int]]) -> int:
        total = 0
        for layer in layers[:-1]:
            pairs = sorted(
                (self.items[u].order, self.items[v].order) for u in layer for v, _ in self.down[u]
            )
            seen: list[int] = []
            for _, pos in pairs:
                # number of already-seen targets to the right of this one
                lo, hi = 0, len(seen)
                while lo < hi:
                    mid = (lo + hi) // 2
                    if seen[mid] <= pos:
                        lo = mid + 1
                    else:
                        hi = mid
                total += len(seen) - lo
                seen.insert(lo, pos)
        return total

    # -- step 5: x coordinates
    def _gap(self, a: _Item, b: _Item) -> float:
        sep = DUMMY_SEP if (a.node is None or b.node is None) else NODE_SEP
        if a.node is None and b.node is None and not (a.label or b.label):
            sep = DUMMY_SEP * 0.8
        return (a.w + b.w) / 2 + a.right + sep

    def _place_x(self, layers: list[list[int]]) -> None:
        items = self.items
        xs = [0.0] * len(items)
        offsets: list[list[float]] = []
        for layer in layers:
            offs = [0.0]
            for i in range(1, len(layer)):
                offs.append(offs[-1] + self._gap(items[layer[i - 1]], items[layer[i]]))
            offsets.append(offs)
            shift = offs[-1] / 2 if offs else 0.0
            for key, off in zip(layer, offs):
                xs[key] = off - shift
        adjacency = [self.up[k] + self.down[k] for k in range(len(items))]
        totals = [sum(w for _, w in adj) for adj in adjacency]
        for it in range(16):
            indices = range(len(layers)) if it % 2 == 0 else range(len(layers) - 1, -1, -1)
            moved = 0.0
            for r in indices:
                layer = layers[r]
                if not layer:
                    continue
                targets = []
                weights = []
                for key, off in zip(layer, offsets[r]):
                    total = totals[key]
                    if total:
                        acc = 0.0
                        for n, w in adjacency[key]:
                            acc += xs[n] * w
                        targets.append(acc / total - off)
                        weights.append(total)
                    else:
                        targets.append(xs[key] - off)
                        weights.append(0.01)
                for key, value, off in zip(layer, _isotonic(targets, weights), offsets[r]):
                    new = value + off
                    moved = max(moved, abs(new - xs[key]))
                    xs[key] = new
            if moved < 0.25 and it >= 3:
                break
        for item, x in zip(items, xs):
            item.x = x
        self._straighten(layers)

    def _straighten(self, layers: list[list[int]]) -> None:
        """Puts the dummy points of each long edge on one vertical line where the rows leave
        room for it, so long edges run straight instead of wobbling."""
        for chain in self.chains:
            inner = chain[1:-1]
            if len(inner) < 2:
                continue
            xs = sorted(self.items[k].x for k in inner)
            target = xs[len(xs) // 2]
            if all(self._fits(layers, k, target) for k in inner):
                for k in inner:
                    self.items[k].x = target

    def _fits(self, layers: list[list[int]], key: int, x: float) -> bool:
        item = self.items[key]
        layer = layers[item.rank]
        pos = item.order
        if pos > 0:
            left = self.items[layer[pos - 1]]
            if x - left.x < self._gap(left, item) - 0.01:
                return False
        if pos + 1 < len(layer):
            right = self.items[layer[pos + 1]]
            if right.x - x < self._gap(item, right) - 0.01:
                return False
        return True

    # -- step 6: y coordinates and routes
    def _place_y(self, layers: list[list[int]]) -> list[float]:
        """The top y of every rank row."""
        ys = []
        y = self.margin
        for r, layer in enumerate(layers):
            height = max((self.items[k].h for k in layer), default=0.0)
            if r % 2 == 1:
                height = max(height, EDGE_ROW_MIN)
            ys.append(y)
            y += height + RANK_SEP
            self._row_h.append(height)
        self._bottom = y - RANK_SEP + self.margin
        return ys

    def _result(self, layers: list[list[int]], ys: list[float]) -> Layout:
        real = [i for i in self.items if i.node is not None]
        left = min([i.x - i.w / 2 for i in self.items] or [0.0])
        right = max([i.x + i.w / 2 + i.right for i in self.items] or [0.0])
        dx = self.margin - left
        placed: dict[str, Placed] = {}
        for item in real:
            assert item.node is not None
            row_y, row_h = ys[item.rank], self._row_h[item.rank]
            placed[item.node.id] = Placed(
                item.node,
                round(item.x + dx - item.w / 2, 1),
                round(row_y + (row_h - item.h) / 2, 1),
                round(item.w, 1),
                round(item.h, 1),
                self.lines[item.node.id],
                self.groups.get(item.node.id, []),
            )
        self._route(placed, ys, dx)
        width = round(right - left + 2 * self.margin, 1)
        return Layout(width, round(self._bottom, 1), placed, self.routes)

    def _route(self, placed: dict[str, Placed], ys: list[float], dx: float) -> None:
        def centre(key: int) -> tuple[float, float]:
            item = self.items[key]
            return (round(item.x + dx, 1), round(ys[item.rank] + self._row_h[item.rank] / 2, 1))

        ports: dict[tuple[int, str], list[tuple[float, int, int]]] = {}
        for index, chain in enumerate(self.chains):
            if not chain:
                continue
            top, bottom = chain[0], chain[-1]
            ports.setdefault((top, "bottom"), []).append((centre(chain[1])[0], index, 0))
            ports.setdefault((bottom, "top"), []).append((centre(chain[-2])[0], index, -1))
        ends: dict[tuple[int, int], tuple[float, float]] = {}
        for (key, side), users in ports.items():
            item = self.items[key]
            users.sort()
            span = item.w * (0.5 if item.node and item.node.kind == "state" else 0.3)
            n = len(users)
            for i, (_, route_index, end) in enumerate(users):
                offset = 0.0 if n == 1 else -span / 2 + span * i / (n - 1)
                x = round(item.x + dx + offset, 1)
                row_y, row_h = ys[item.rank], self._row_h[item.rank]
                top_y = row_y + (row_h - item.h) / 2
                y = top_y + item.h if side == "bottom" else top_y
                ends[(route_index, end)] = (x, round(y, 1))
        for index, (route, chain) in enumerate(zip(self.routes, self.chains)):
            if route.self_loop:
                box = placed[route.edge.src]
                route.points = _self_loop(box)
                if route.label_lines:
                    route.label_box = (
                        box.x + box.w + SELF_LOOP_W + 2,
                        box.cy - 8,
                        max(text_width(s, LABEL_SIZE) for s in route.label_lines) + 8,
                        LABEL_LINE_H * len(route.label_lines) + 4,
                    )
                continue
            points = [ends[(index, 0)]]
            for key in chain[1:-1]:
                points.append(centre(key))
                item = self.items[key]
                if item.label:
                    cx, cy = centre(key)
                    route.label_box = (
                        round(cx - item.w / 2, 1),
                        round(cy - item.h / 2, 1),
                        round(item.w, 1),
                        round(item.h, 1),
                    )
            points.append(ends[(index, -1)])
            route.points = points[::-1] if route.back else points


def _self_loop(box: Placed) -> list[tuple[float, float]]:
    x = box.x + box.w
    return [
        (x, box.cy - 8),
        (x + SELF_LOOP_W, box.cy - 14),
        (x + SELF_LOOP_W, box.cy + 14),
        (x, box.cy + 8),
    ]


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence closest to ``values`` in weighted least squares (PAV)."""
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for v, w in zip(values, weights):
        blocks.append([v * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, w2, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += w2
            blocks[-1][2] += c
    out: list[float] = []
    for s, w, c in blocks:
        out.extend([s / w] * int(c))
    return out
