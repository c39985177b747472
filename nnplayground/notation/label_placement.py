"""Where the diagram writes each name and weight label, clear of the nodes, the value boxes and each other.

Every piece of text the diagram writes is a rectangle ``(left, top, width,
height)`` placed here, so that "no two labels overlap, none covers a node or
a value box" is decided (and tested) in one place, with the sizes the
painter measured in its fonts. Pure NumPy, as ``diagram_layout`` whose
geometry it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnplayground.notation.diagram_layout import BOTTOM_MARGIN, TITLE_BAND, DiagramLayout

Rect = tuple[float, float, float, float]
Size = tuple[float, float]
# Labels keep this far from each other and from nodes, so two never read as one.
LABEL_GAP = 1.0
# Along its edge a label may sit between these fractions of the way (0 = source node, 1 = target).
EDGE_LABEL_RANGE = (0.12, 0.92)
EDGE_LABEL_STEP = 0.04
# Where a name hangs under its node, this share of the name's height overlaps the node's bottom edge.
TAB_OVERLAP = 0.45


@dataclass(frozen=True)
class EdgeLabel:
    """Where edge ``index``'s label goes, and in which form: 0 in full (``w5 −5.973``), 1 in full in
    the smaller compact font, 2 by name (``w5``), 3 by name in the compact font."""

    index: int
    rect: Rect
    form: int = 0


@dataclass(frozen=True)
class LabelPlan:
    """Every rectangle the diagram draws text or a node in, as painted.

    ``nodes`` are the nodes' own squares (bias nodes as ``(layer, -1)``);
    ``names`` the node names (inside their node where they fit, else beside
    or under it); ``notes`` the sample's value boxes; ``edges`` the weight
    labels, by edge index; ``badges`` the stuck neurons' "!" and "0", by node.
    """

    nodes: dict[tuple[int, int], Rect]
    names: dict[tuple[int, int], Rect]
    notes: tuple[Rect, ...]
    edges: dict[int, EdgeLabel]
    badges: dict[tuple[int, int], Rect] = field(default_factory=dict)

    def boxes(self) -> list[tuple[str, tuple[int, ...], Rect]]:
        """Every rectangle with what it is: ``("node", (layer, unit), rect)``, ``("edge", (i,), rect)``…"""
        out: list[tuple[str, tuple[int, ...], Rect]] = [
            ("node", key, rect) for key, rect in self.nodes.items()
        ]
        out += [("name", key, rect) for key, rect in self.names.items()]
        out += [("note", (i,), rect) for i, rect in enumerate(self.notes)]
        out += [("edge", (label.index,), label.rect) for label in self.edges.values()]
        out += [("badge", key, rect) for key, rect in self.badges.items()]
        return out


def overlap(a: Rect, b: Rect, gap: float = 0.0) -> bool:
    """True when ``a`` and ``b`` share area (or come closer than ``gap``); touching edges do not count."""
    return (
        a[0] < b[0] + b[2] + gap
        and b[0] < a[0] + a[2] + gap
        and a[1] < b[1] + b[3] + gap
        and b[1] < a[1] + a[3] + gap
    )


class Taken:
    """Rectangles already drawn, as columns, so a label's candidate spots are tried against all at once.

    The comparisons are ``overlap``'s and ``_inside``'s on the same float64
    values, so the same spot wins; pair by pair in Python they took 55 ms a
    frame for the article's 2-4-1 weight labels and 85–140 ms for 192 Δw
    marks, which the GUI cannot spare while training plays.
    """

    def __init__(self, rects: list[Rect], room: int) -> None:
        """``rects`` drawn so far, and ``room`` for as many more as ``add`` will be given."""
        self._boxes = np.empty((len(rects) + room, 4))
        self._count = len(rects)
        if rects:
            self._boxes[: len(rects)] = rects

    def add(self, rect: Rect) -> None:
        self._boxes[self._count] = rect
        self._count += 1

    def first_clear(
        self, lefts: np.ndarray, tops: np.ndarray, width: float, height: float, bounds: Rect | None = None
    ) -> Rect | None:
        """The first spot ``(lefts[i], tops[i], width, height)`` inside ``bounds`` and clear of all."""
        left, top, w, h = (column[:, None] for column in self._boxes[: self._count].T)
        hit = (
            (lefts < left + w + LABEL_GAP)
            & (left < lefts + width + LABEL_GAP)
            & (tops < top + h + LABEL_GAP)
            & (top < tops + height + LABEL_GAP)
        ).any(axis=0)
        if bounds is not None:
            hit |= ~(
                (lefts >= bounds[0])
                & (tops >= bounds[1])
                & (lefts + width <= bounds[0] + bounds[2])
                & (tops + height <= bounds[1] + bounds[3])
            )
        clear = np.flatnonzero(~hit)
        if not len(clear):
            return None
        first = int(clear[0])
        return (float(lefts[first]), float(tops[first]), width, height)


def _inside(rect: Rect, bounds: Rect) -> bool:
    return (
        rect[0] >= bounds[0]
        and rect[1] >= bounds[1]
        and rect[0] + rect[2] <= bounds[0] + bounds[2]
        and rect[1] + rect[3] <= bounds[1] + bounds[3]
    )


def _clear(rect: Rect, placed: list[Rect], bounds: Rect) -> bool:
    return _inside(rect, bounds) and not any(overlap(rect, other, LABEL_GAP) for other in placed)


def label_bounds(layout: DiagramLayout) -> Rect:
    """Where labels may go: below the column titles, above the legend line."""
    top = TITLE_BAND - 6
    return (0.0, top, layout.width, layout.height - BOTTOM_MARGIN - top)


def node_rects(layout: DiagramLayout, bias_side: float) -> dict[tuple[int, int], Rect]:
    """Each node's square (side 2·radius) and each bias node's (side ``bias_side``)."""
    radius = layout.radius
    rects: dict[tuple[int, int], Rect] = {}
    for layer, centres in enumerate(layout.nodes):
        for unit, (x, y) in enumerate(centres):
            rects[(layer, unit)] = (x - radius, y - radius, 2 * radius, 2 * radius)
        bias = layout.bias_nodes[layer] if layer < len(layout.bias_nodes) else None
        if bias is not None:
            rects[(layer, -1)] = (bias[0] - bias_side / 2, bias[1] - bias_side / 2, bias_side, bias_side)
    return rects


def _name_spots(layout: DiagramLayout, layer: int, unit: int, size: Size, inside: Size | None) -> list[Rect]:
    """Inside the node if it fits; else inputs to the left, outputs to the right, hidden ones under.

    Always the same sides in the same order (a side that does not apply is
    None), so a whole column can take its names from one side.
    """
    x, y = layout.nodes[layer][unit]
    r, (w, h) = layout.radius, size
    # A tab covers at most a third of its node: a small node's name hangs (nearly) clear of it.
    tucked = min(h * TAB_OVERLAP, 2 * r / 3)
    left = (x - r - 3 - w, y - h / 2, w, h)
    right = (x + r + 3, y - h / 2, w, h)
    below = (x - w / 2, y + r - tucked, w, h)
    above = (x - w / 2, y - r - h + tucked, w, h)
    within = None if inside is None else (x - inside[0] / 2, y - inside[1] / 2, inside[0], inside[1])
    if layer == 0:
        return [within, left, below, above]
    if layer == len(layout.nodes) - 1:
        return [within, right, below, above]
    return [within, below, right, above]


def _name_clear(rect: Rect | None, side: int, taken: list[Rect], bounds: Rect) -> bool:
    """Side 0 is inside the node, offered only where the name fits there; any other must be clear."""
    return rect is not None and (side == 0 or _clear(rect, taken, bounds))


def place_names(
    layout: DiagramLayout,
    sizes: list[list[Size]],
    inside: list[list[Size | None]],
    obstacles: dict[tuple[int, int], Rect],
    notes: tuple[Rect, ...] = (),
) -> dict[tuple[int, int], Rect]:
    """Each node's name clear of the other nodes, the value boxes and the names placed so far.

    ``sizes`` are the names' outside (tab) sizes, ``inside`` the size when
    written inside the node or None where it does not fit. A column takes
    the first side where all its names fit; failing that each name takes
    its own first clear spot, and a name with none is left out (the hover
    names every node).
    """
    bounds = label_bounds(layout)
    names: dict[tuple[int, int], Rect] = {}
    for layer, centres in enumerate(layout.nodes):
        units = range(len(centres))
        spots = [_name_spots(layout, layer, unit, sizes[layer][unit], inside[layer][unit]) for unit in units]
        # Every rectangle but the node's own (a tab is tucked under its node's edge on purpose).
        others = [[rect for key, rect in obstacles.items() if key != (layer, unit)] for unit in units]
        for side in range(len(spots[0])):
            trial: list[Rect] = []
            for unit in units:
                rect = spots[unit][side]
                taken = others[unit] + list(notes) + list(names.values()) + trial
                if not _name_clear(rect, side, taken, bounds):
                    break
                trial.append(rect)
            if len(trial) == len(units):
                names.update({(layer, unit): rect for unit, rect in zip(units, trial)})
                break
        else:
            for unit in units:
                taken = others[unit] + list(notes) + list(names.values())
                for side, rect in enumerate(spots[unit]):
                    if _name_clear(rect, side, taken, bounds):
                        names[(layer, unit)] = rect
                        break
    return names


def _badge_spots(layout: DiagramLayout, layer: int, unit: int, side: float) -> list[Rect]:
    """Squares just outside the node's own, touching it: its corners first, then beside it, above, below."""
    x, y = layout.nodes[layer][unit]
    r = layout.radius
    return [
        (x + r, y - r - side, side, side),
        (x - r - side, y - r - side, side, side),
        (x + r, y + r, side, side),
        (x - r - side, y + r, side, side),
        (x + r, y - side / 2, side, side),
        (x - r - side, y - side / 2, side, side),
        (x - side / 2, y - r - side, side, side),
        (x - side / 2, y + r, side, side),
    ]


def place_badges(
    layout: DiagramLayout,
    units: list[tuple[int, int]],
    side: float,
    nodes: dict[tuple[int, int], Rect],
    text: list[Rect],
) -> dict[tuple[int, int], Rect]:
    """A badge of side ``side`` beside each of ``units``, never on a node, clear of ``text`` if it can be.

    Placed before the weight labels, which then keep clear of the badges:
    a badge is a diagnosis and is never dropped, but a badge that covered a
    label would hide the weight the learner reads. Failing a spot clear of
    the names and value boxes (``text``), a badge takes the first spot clear
    of the nodes and the other badges.
    """
    bounds = label_bounds(layout)
    badges: dict[tuple[int, int], Rect] = {}
    for layer, unit in units:
        spots = _badge_spots(layout, layer, unit, side)
        own = nodes[(layer, unit)]
        # A badge touches its own node (that is how it reads as the node's); it keeps clear of the rest.
        solid = [rect for key, rect in nodes.items() if key != (layer, unit)] + list(badges.values())
        beside = [rect for rect in spots if not overlap(rect, own)]
        spot = next((rect for rect in beside if _clear(rect, solid + text, bounds)), None)
        if spot is None:
            spot = next((rect for rect in beside if not any(overlap(rect, o) for o in solid)), spots[0])
        badges[(layer, unit)] = spot
    return badges


EDGE_TS = np.arange(EDGE_LABEL_RANGE[0], EDGE_LABEL_RANGE[1] + 1e-9, EDGE_LABEL_STEP)


def _edge_spots(
    layout: DiagramLayout, index: int, size: Size, preferred: float
) -> tuple[np.ndarray, np.ndarray]:
    """Spots on the edge (lefts, tops), nearest ``preferred`` first; then the same just above and below it."""
    x0, y0, x1, y1 = (float(v) for v in layout.edges[index])
    w, h = size
    ts = EDGE_TS[np.argsort(np.abs(EDGE_TS - preferred), kind="stable")]
    cx, cy = x0 + (x1 - x0) * ts, y0 + (y1 - y0) * ts
    lefts = np.tile(cx - w / 2, 3)
    tops = np.concatenate([(cy + offset) - h / 2 for offset in (0.0, -(h / 2 + 2), h / 2 + 2)])
    return lefts, tops


def preferred_t(layout: DiagramLayout, index: int) -> float:
    """Near the end where edges fan out, so each label sits beside the node it belongs to."""
    layer = layout.refs[index, 0]
    fan_in, fan_out = len(layout.nodes[layer]), len(layout.nodes[layer + 1])
    return 0.68 if fan_out > fan_in else 0.4 if fan_in > fan_out else 0.5


def place_edge_labels(
    layout: DiagramLayout,
    layers: list[int],
    forms: list[dict[int, Size]],
    obstacles: list[Rect],
) -> dict[int, EdgeLabel]:
    """Every edge label of ``layers`` (in that order: the first get the best spots), clear of the rest.

    ``forms`` are each label's sizes from the most to the least telling
    (full, full in a smaller font, name only, name in a smaller font): each label takes the first
    form that fits; a layer where some label fits in no form is left
    unlabelled rather than half-labelled (the hover still reads every weight).
    """
    bounds = label_bounds(layout)
    placed = list(obstacles)
    labels: dict[int, EdgeLabel] = {}
    # Every trial below tries the same spots for an edge in a form: work them out once.
    spots: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def spots_of(index: int, form: int) -> tuple[np.ndarray, np.ndarray]:
        if (index, form) not in spots:
            spots[index, form] = _edge_spots(layout, index, forms[form][index], preferred_t(layout, index))
        return spots[index, form]

    for layer in layers:
        indices = [int(i) for i in layout.edges_of(layer)]
        # Greedy placement depends on who goes first and on how much room the first ones take: of a few
        # orders and starting forms, keep the one that labels the whole layer most tellingly.
        orders = (indices, indices[::-1], indices[1::2] + indices[::2])
        trials = [
            _layer_labels(order, forms, first, placed, bounds, spots_of)
            for first in range(len(forms))
            for order in orders
        ]
        best = max(trials, key=lambda trial: (len(trial), -sum(label.form for label in trial.values())))
        labels.update(best)
        placed += [label.rect for label in best.values()]
    return labels


def _layer_labels(
    order: list[int],
    forms: list[dict[int, Size]],
    first: int,
    placed: list[Rect],
    bounds: Rect,
    spots_of: Callable[[int, int], tuple[np.ndarray, np.ndarray]],
) -> dict[int, EdgeLabel]:
    """One layer's labels placed in ``order``, each in the first form from ``first`` on that fits;
    empty when one of them fits in none."""
    trial: dict[int, EdgeLabel] = {}
    taken = Taken(placed, room=len(order))
    for index in order:
        label = next(
            (
                label
                for form in range(first, len(forms))
                if (label := _edge_label(index, forms[form][index], form, taken, bounds, spots_of))
                is not None
            ),
            None,
        )
        if label is None:
            return {}
        trial[index] = label
        taken.add(label.rect)
    return dict(sorted(trial.items()))


def _edge_label(
    index: int,
    size: Size,
    form: int,
    taken: Taken,
    bounds: Rect,
    spots_of: Callable[[int, int], tuple[np.ndarray, np.ndarray]],
) -> EdgeLabel | None:
    lefts, tops = spots_of(index, form)
    rect = taken.first_clear(lefts, tops, size[0], size[1], bounds)
    return None if rect is None else EdgeLabel(index, rect, form)
