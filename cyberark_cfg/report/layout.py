"""Coordinates for the estate diagram: site columns side by side, the vaults across the top of
their column, the components stacked below, and right-angled arrow paths that never cross a box.

Each component's arrows leave its right edge into a lane of their own (the upper components'
lanes nearest the boxes, so no arrow crosses another component's way out), rise, and enter the
vault from below: straight up when the vault spans the lane, otherwise along a track of their own
in the band between the vaults and the components.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberark_cfg.report.picture import FIRST, Arrow, Node, Picture, VaultBox

PAD, HEAD = 14, 34  # column padding; the site heading's height
NODE_W, NODE_H, GAP = 250, 58, 12
LANE, LANE_START = 11, 18  # spacing of the arrow lanes; from a box's edge to the first lane
VAULT_MIN_W, VAULT_H = 250, 86
SLOT = 14  # spacing of the arrow heads entering a vault from a track
TRACK = 10  # spacing of the horizontal tracks above the components
COLUMN_GAP, MARGIN = 22, 8


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Column:
    site: str
    box: Box


@dataclass(frozen=True)
class PlacedVault:
    vault: VaultBox
    box: Box


@dataclass(frozen=True)
class PlacedNode:
    node: Node
    box: Box


@dataclass(frozen=True)
class PlacedArrow:
    arrow: Arrow
    path: str  # SVG path data
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    columns: list[Column]
    vaults: list[PlacedVault]
    nodes: list[PlacedNode]
    arrows: list[PlacedArrow]


@dataclass
class _Route:
    arrow: Arrow
    lane: float
    target: Box
    attach: float = 0.0
    track: int = -1  # -1: straight up into the vault


def lay_out(picture: Picture) -> Diagram:
    outgoing: dict[str, list[Arrow]] = {}
    for arrow in picture.arrows:
        outgoing.setdefault(arrow.source, []).append(arrow)
    for found in outgoing.values():
        found.sort(key=lambda a: a.order != FIRST)
    columns, vaults, nodes = [], [], []
    lanes: dict[tuple[str, str, str], float] = {}  # (source, target, order) -> lane x
    x = MARGIN
    vault_top = MARGIN + HEAD
    for site in picture.sites:
        count = sum(len(outgoing.get(n.id, [])) for n in site.nodes)
        inner = max(NODE_W + LANE_START + max(count - 1, 0) * LANE + 8 if site.nodes else 0,
                    len(site.vaults) * VAULT_MIN_W + max(len(site.vaults) - 1, 0) * GAP)
        lane = x + PAD + NODE_W + LANE_START
        for node in site.nodes:
            for arrow in outgoing.get(node.id, []):
                lanes[(arrow.source, arrow.target, arrow.order)] = lane
                lane += LANE
        width = (inner - max(len(site.vaults) - 1, 0) * GAP) / max(len(site.vaults), 1)
        for index, vault in enumerate(site.vaults):
            vaults.append(PlacedVault(vault, Box(x + PAD + index * (width + GAP), vault_top,
                                                 width, VAULT_H)))
        columns.append((site, x, inner + 2 * PAD))
        x += inner + 2 * PAD + COLUMN_GAP
    boxes = {p.vault.name: p.box for p in vaults}
    routes = _routes(picture, outgoing, lanes, boxes)
    band = (max((r.track for r in routes), default=-1) + 2) * TRACK + 10
    node_top = vault_top + VAULT_H + band
    placed: dict[str, Box] = {}
    for site, left, _ in columns:
        for index, node in enumerate(site.nodes):
            box = Box(left + PAD, node_top + index * (NODE_H + GAP), NODE_W, NODE_H)
            placed[node.id] = box
            nodes.append(PlacedNode(node, box))
    tallest = max((len(site.nodes) for site in picture.sites), default=0)
    height = node_top + tallest * (NODE_H + GAP) + PAD
    per_node: dict[str, list[_Route]] = {}
    for route in routes:
        per_node.setdefault(route.arrow.source, []).append(route)
    drawn = [_draw(r, placed[r.arrow.source], vault_top + VAULT_H,
                   per_node[r.arrow.source].index(r), len(per_node[r.arrow.source]))
             for r in routes]
    return Diagram(x - COLUMN_GAP + MARGIN, height + MARGIN,
                   [Column(site.name, Box(left, MARGIN, width, height - MARGIN))
                    for site, left, width in columns],
                   vaults, nodes, drawn)


def _routes(picture: Picture, outgoing: dict[str, list[Arrow]],
            lanes: dict[tuple[str, str, str], float], boxes: dict[str, Box]) -> list[_Route]:
    """Lanes, attach points and tracks; y positions of the boxes come later (only the band's
    height depends on the number of tracks)."""
    routes = []
    for site in picture.sites:
        for node in site.nodes:
            for arrow in outgoing.get(node.id, []):
                lane = lanes[(arrow.source, arrow.target, arrow.order)]
                routes.append(_Route(arrow, lane, boxes[arrow.target], lane))
    for target in boxes.values():
        mine = [r for r in routes if r.target is target]
        straight = [r.lane for r in mine if target.x + 8 <= r.lane <= target.x + target.w - 8]
        crossing = sorted((r for r in mine if r.lane not in straight), key=lambda r: r.lane)
        slots = [s for s in _frange(target.x + 18, target.x + target.w - 18, SLOT)
                 if all(abs(s - lane) >= LANE for lane in straight)]
        # Arrows from the left take the leftmost free slots, from the right the rightmost.
        left = [r for r in crossing if r.lane < target.x]
        right = [r for r in crossing if r.lane >= target.x]
        for route, slot in zip(left, slots, strict=False):
            route.attach = slot
        for route, slot in zip(reversed(right), reversed(slots[len(left):]), strict=False):
            route.attach = slot
        for route in crossing:
            route.track = 0  # marked; numbered below
    crossing = [r for r in routes if r.track >= 0]
    # Longest reach lowest, so that an arrow's way up never cuts a shorter one's way across.
    crossing.sort(key=lambda r: -abs(r.attach - r.lane))
    for index, route in enumerate(crossing):
        route.track = len(crossing) - 1 - index
    return routes


def _frange(start: float, stop: float, step: float) -> list[float]:
    found, value = [], start
    while value <= stop:
        found.append(value)
        value += step
    return found


def _draw(route: _Route, source: Box, vault_bottom: float, index: int, count: int
          ) -> PlacedArrow:
    """The path of one arrow; a box's arrows leave it spread evenly down its right edge."""
    y = source.y + source.h * ((0.35, 0.68)[index] if count <= 2 else (index + 1) / (count + 1))
    start = source.x + source.w
    if route.track < 0:
        path = f"M{start:g},{y:g} H{route.lane:g} V{vault_bottom + 1:g}"
    else:
        track_y = vault_bottom + (route.track + 1) * TRACK + 4
        path = (f"M{start:g},{y:g} H{route.lane:g} V{track_y:g} H{route.attach:g} "
                f"V{vault_bottom + 1:g}")
    return PlacedArrow(route.arrow, path, start + 3, y - 3)
