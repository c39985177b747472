"""Where the diagram writes each name and weight label, clear of the nodes, the value boxes and each other.

Every piece of text the diagram writes is a rectangle ``(left, top, width,
height)`` placed here, so that "no two labels overlap, none covers a node or
a value box" is decided (and tested) in one place, with the sizes the
painter measured in its fonts. Pure NumPy, as ``diagram_layout`` whose
geometry it reads.
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
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


def clashes(spots: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """``[i, j]``: spot ``i`` comes within ``LABEL_GAP`` of box ``j`` (rows of left, top, width, height).

    ``overlap``'s comparisons on the same float64 values, all at once: pair
    by pair in Python they took 55 ms a frame for the article's 2-4-1 weight
    labels, 85–140 ms for 192 Δw marks and 8 ms for 64 names, which the GUI
    cannot spare while training plays.
    """
    a, b = spots[:, None, :], boxes[None, :, :]
    return (
        (a[..., 0] < b[..., 0] + b[..., 2] + LABEL_GAP)
        & (b[..., 0] < a[..., 0] + a[..., 2] + LABEL_GAP)
        & (a[..., 1] < b[..., 1] + b[..., 3] + LABEL_GAP)
        & (b[..., 1] < a[..., 1] + a[..., 3] + LABEL_GAP)
    )


def outside(spots: np.ndarray, bounds: Rect) -> np.ndarray:
    """Which spots (rows of left, top, width, height) reach beyond ``bounds``."""
    return ~(
        (spots[:, 0] >= bounds[0])
        & (spots[:, 1] >= bounds[1])
        & (spots[:, 0] + spots[:, 2] <= bounds[0] + bounds[2])
        & (spots[:, 1] + spots[:, 3] <= bounds[1] + bounds[3])
    )


def _rows(rects: list[Rect]) -> np.ndarray:
    return np.array(rects, dtype=float).reshape(-1, 4)


def _first(spots: np.ndarray, clear: np.ndarray) -> Rect | None:
    """The first of ``spots`` (rows) where ``clear``, as a rectangle."""
    where = np.flatnonzero(clear)
    if not len(where):
        return None
    left, top, width, height = (float(v) for v in spots[where[0]])
    return (left, top, width, height)


class Taken:
    """Rectangles already drawn, as rows, so a label's candidate spots are tried against all at once."""

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
        spots = np.column_stack((lefts, tops, np.full(len(lefts), width), np.full(len(lefts), height)))
        blocked = clashes(spots, self._boxes[: self._count]).any(axis=1)
        if bounds is not None:
            blocked |= outside(spots, bounds)
        return _first(spots, ~blocked)


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


class _Recent:
    """The last few placements, by everything they were placed from.

    While training plays the weights change every frame, but the names and
    their nodes do not, and the weight labels' sizes seldom do (digits are all
    one width): placing them was most of a repaint (10–20 ms for the
    article's 2-4-1, 4 ms for 64 names), so the same inputs get the same
    placement back.
    """

    SIZE = 8

    def __init__(self) -> None:
        self._placed: OrderedDict[tuple, dict] = OrderedDict()

    def get(self, key: tuple, place: Callable[[], dict]) -> dict:
        if key in self._placed:
            self._placed.move_to_end(key)
        else:
            self._placed[key] = place()
            if len(self._placed) > self.SIZE:
                self._placed.popitem(last=False)
        return dict(self._placed[key])


def _geometry(layout: DiagramLayout) -> tuple:
    """What placements read of ``layout``, as a key."""
    return (
        layout.width,
        layout.height,
        layout.radius,
        layout.edges.tobytes(),
        layout.refs.tobytes(),
        tuple(centres.tobytes() for centres in layout.nodes),
    )


_recent_names = _Recent()
_recent_edge_labels = _Recent()


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


def _column_fits(
    column: list[Rect | None], side: int, taken: np.ndarray, own: np.ndarray, bounds: Rect
) -> bool:
    """A whole column's names on one side: inside the nodes (side 0) wherever each fits there; on any
    other side clear of ``taken`` (but for each name's own node, ``own``), of each other and of the edge."""
    rects = [rect for rect in column if rect is not None]
    if len(rects) < len(column):
        return False
    if side == 0:
        return True
    spots = _rows(rects)
    return not (
        (clashes(spots, taken) & ~own).any()
        or np.tril(clashes(spots, spots), -1).any()
        or outside(spots, bounds).any()
    )


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
    key = (
        _geometry(layout),
        tuple(map(tuple, sizes)),
        tuple(map(tuple, inside)),
        tuple(obstacles.items()),
        notes,
    )
    return _recent_names.get(key, lambda: _place_names(layout, sizes, inside, obstacles, notes))


def _place_names(
    layout: DiagramLayout,
    sizes: list[list[Size]],
    inside: list[list[Size | None]],
    obstacles: dict[tuple[int, int], Rect],
    notes: tuple[Rect, ...],
) -> dict[tuple[int, int], Rect]:
    bounds = label_bounds(layout)
    keys = list(obstacles)
    names: dict[tuple[int, int], Rect] = {}
    for layer, centres in enumerate(layout.nodes):
        units = range(len(centres))
        spots = [_name_spots(layout, layer, unit, sizes[layer][unit], inside[layer][unit]) for unit in units]
        taken = _rows([*obstacles.values(), *notes, *names.values()])
        # A name may touch its own node (a tab is tucked under its node's edge on purpose), no other.
        own = np.zeros((len(units), len(taken)), dtype=bool)
        for unit in units:
            if (layer, unit) in obstacles:
                own[unit, keys.index((layer, unit))] = True
        side = next(
            (
                side
                for side in range(len(spots[0]))
                if _column_fits([s[side] for s in spots], side, taken, own, bounds)
            ),
            None,
        )
        if side is not None:
            names.update({(layer, unit): spots[unit][side] for unit in units})
            continue
        names.update(_names_one_by_one(spots, taken, own, bounds, layer))
    return names


def _names_one_by_one(
    spots: list[list[Rect | None]], taken: np.ndarray, own: np.ndarray, bounds: Rect, layer: int
) -> dict[tuple[int, int], Rect]:
    """Each name inside its node if it fits there, else at its first spot clear of ``taken`` (but its own
    node) and of the names placed before it. Against ``taken``, which does not change, all spots are
    tried at once; the few that pass are tried against the handful of names placed so far."""
    beside = [[rect for rect in unit_spots[1:] if rect is not None] for unit_spots in spots]
    rows = _rows([rect for unit_spots in beside for rect in unit_spots])
    owner = np.repeat(np.arange(len(spots)), [len(unit_spots) for unit_spots in beside])
    free = ~((clashes(rows, taken) & ~own[owner]).any(axis=1) | outside(rows, bounds))
    free_of = np.split(free, np.cumsum([len(unit_spots) for unit_spots in beside])[:-1])
    placed: dict[tuple[int, int], Rect] = {}
    for unit, unit_spots in enumerate(spots):
        name = unit_spots[0] or next(
            (
                rect
                for rect, ok in zip(beside[unit], free_of[unit])
                if ok and not any(overlap(rect, other, LABEL_GAP) for other in placed.values())
            ),
            None,
        )
        if name is not None:
            placed[(layer, unit)] = name
    return placed


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
        rows = _rows(beside)
        spot = _first(rows, ~(clashes(rows, _rows(solid + text)).any(axis=1) | outside(rows, bounds)))
        if spot is None:
            spot = next((rect for rect in beside if not any(overlap(rect, o) for o in solid)), spots[0])
        badges[(layer, unit)] = spot
    return badges


EDGE_TS = np.arange(EDGE_LABEL_RANGE[0], EDGE_LABEL_RANGE[1] + 1e-9, EDGE_LABEL_STEP)


def _edge_spots(layout: DiagramLayout, index: int, size: Size, preferred: float) -> np.ndarray:
    """Spots on the edge (rows of left, top, width, height), nearest ``preferred`` first; then the same
    just above and below it."""
    x0, y0, x1, y1 = (float(v) for v in layout.edges[index])
    w, h = size
    ts = EDGE_TS[np.argsort(np.abs(EDGE_TS - preferred), kind="stable")]
    cx, cy = x0 + (x1 - x0) * ts, y0 + (y1 - y0) * ts
    lefts = np.tile(cx - w / 2, 3)
    tops = np.concatenate([(cy + offset) - h / 2 for offset in (0.0, -(h / 2 + 2), h / 2 + 2)])
    return np.column_stack((lefts, tops, np.full(len(lefts), w), np.full(len(lefts), h)))


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
    key = (
        _geometry(layout),
        tuple(layers),
        tuple(tuple(sorted(sizes.items())) for sizes in forms),
        tuple(obstacles),
    )
    return _recent_edge_labels.get(key, lambda: _place_edge_labels(layout, layers, forms, obstacles))


def _place_edge_labels(
    layout: DiagramLayout, layers: list[int], forms: list[dict[int, Size]], obstacles: list[Rect]
) -> dict[int, EdgeLabel]:
    bounds = label_bounds(layout)
    placed = list(obstacles)
    labels: dict[int, EdgeLabel] = {}
    # Every trial below tries the same spots for an edge in a form: work them out once.
    spots: dict[tuple[int, int], np.ndarray] = {}

    def spots_of(index: int, form: int) -> np.ndarray:
        if (index, form) not in spots:
            spots[index, form] = _edge_spots(layout, index, forms[form][index], preferred_t(layout, index))
        return spots[index, form]

    for layer in layers:
        indices = [int(i) for i in layout.edges_of(layer)]
        candidates = _clear_of(_rows(placed), bounds, spots_of)
        # Greedy placement depends on who goes first and on how much room the first ones take: of a few
        # orders and starting forms, keep the one that labels the whole layer most tellingly.
        # A trial labels all of the layer or none, so once the best one's forms sum to no more than
        # the least a trial starting at ``first`` can, no later trial beats it (and the first best wins).
        orders = (indices, indices[::-1], indices[1::2] + indices[::2])
        best: dict[int, EdgeLabel] = {}
        for first, order in itertools.product(range(len(forms)), orders):
            limit = _form_sum(best) if best else math.inf
            if limit <= first * len(indices):
                break
            best = _layer_labels(order, range(first, len(forms)), candidates, limit) or best
        labels.update(best)
        placed += [label.rect for label in best.values()]
    return labels


Candidates = Callable[[int, int], list[Rect]]


def _clear_of(fixed: np.ndarray, bounds: Rect, spots_of: Callable[[int, int], np.ndarray]) -> Candidates:
    """An edge's spots in a form that are clear of ``fixed`` and inside ``bounds``, in order: what a
    layer's labels must avoid is the same for all its trials, so each is worked out once."""
    free: dict[tuple[int, int], list[Rect]] = {}

    def candidates(index: int, form: int) -> list[Rect]:
        if (index, form) not in free:
            rows = spots_of(index, form)
            clear = ~(clashes(rows, fixed).any(axis=1) | outside(rows, bounds))
            free[index, form] = [
                (left, top, width, height) for left, top, width, height in rows[clear].tolist()
            ]
        return free[index, form]

    return candidates


def _form_sum(labels: dict[int, EdgeLabel]) -> int:
    return sum(label.form for label in labels.values())


def _layer_labels(
    order: list[int],
    forms: range,
    candidates: Candidates,
    limit: float,
) -> dict[int, EdgeLabel]:
    """One layer's labels placed in ``order``, each in the first of ``forms`` that fits clear of the
    labels placed before it; empty when one of them fits in none, or once their forms cannot sum to
    less than ``limit`` (the best trial's so far: a trial that cannot beat it is abandoned)."""
    trial: dict[int, EdgeLabel] = {}
    total = 0
    for placed, index in enumerate(order):
        if total + forms.start * (len(order) - placed) >= limit:
            return {}
        label = next(
            (
                EdgeLabel(index, rect, form)
                for form in forms
                if (rect := _first_free(candidates(index, form), trial)) is not None
            ),
            None,
        )
        if label is None:
            return {}
        trial[index] = label
        total += label.form
    return dict(sorted(trial.items())) if total < limit else {}


def _first_free(spots: list[Rect], trial: dict[int, EdgeLabel]) -> Rect | None:
    """The first of ``spots`` clear of the trial's labels so far: ``overlap``'s test, inlined. Most
    labels find one among the first few, and a layer has few labels, so this beats an array test."""
    drawn = [label.rect for label in trial.values()]
    for spot in spots:
        left, top, width, height = spot
        if not any(
            left < other_left + other_width + LABEL_GAP
            and other_left < left + width + LABEL_GAP
            and top < other_top + other_height + LABEL_GAP
            and other_top < top + height + LABEL_GAP
            for other_left, other_top, other_width, other_height in drawn
        ):
            return spot
    return None
