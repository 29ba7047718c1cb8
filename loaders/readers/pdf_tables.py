"""Ruled tables of a PDF page from the geometry of their borders.

Word, LibreOffice and Chromium draw a table's borders as thin filled rectangles or stroked
lines. This module collects those rules from the page's path objects (pypdfium2), joins the
ones that touch into tables, and cuts each table into its grid: the distinct x of its vertical
rules are the column edges, the distinct y of its horizontal rules the row edges. A grid cell
whose right (or bottom) border is missing is merged with its neighbour, so a cell spanning
columns (a group row 「1. 智慧醫療」) or rows (a measure over its period rows, one content cell
shared by several measures) is one :class:`CellArea` with its extent in grid rows and columns.

Coordinates are PDF points from the page's top-left corner.

Example
-------
>>> rules = [Rule("h", 10, 0, 200), Rule("h", 30, 0, 200), Rule("h", 50, 100, 200),
...          Rule("h", 70, 0, 200), Rule("v", 0, 10, 70), Rule("v", 100, 10, 70), Rule("v", 200, 10, 70)]
>>> t, = find_grids(rules)
>>> t.xs, t.ys
([0, 100, 200], [10, 30, 50, 70])
>>> [(c.row0, c.row1, c.col0, c.col1) for c in t.cells]
[(0, 1, 0, 1), (0, 1, 1, 2), (1, 3, 0, 1), (1, 2, 1, 2), (2, 3, 1, 2)]
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Rule", "CellArea", "Grid", "GridRow", "page_rules", "find_grids", "cell_of"]

#: a rule at most this thick (points) is a line; positions this close are the same edge
THIN = 2.5
SNAP = 2.0


@dataclass(frozen=True)
class Rule:
    """A horizontal (``"h"``, at ``pos`` = y) or vertical (``"v"``, ``pos`` = x) border line."""

    orient: str
    pos: float
    start: float
    end: float


@dataclass
class CellArea:
    """One (possibly merged) cell: grid rows ``row0``..``row1`` and columns ``col0``..``col1`` (ends exclusive)."""

    row0: int
    row1: int
    col0: int
    col1: int
    bbox: tuple[float, float, float, float]


@dataclass
class Grid:
    """A ruled table on one page: its column and row edges and its cells."""

    xs: list[float]
    ys: list[float]
    cells: list[CellArea] = field(default_factory=list)
    open_top: bool = False
    open_bottom: bool = False

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    def cell_at(self, row: int, col: int) -> CellArea | None:
        if not hasattr(self, "_index"):
            self._index = {
                (r, c): cell
                for cell in self.cells
                for r in range(cell.row0, cell.row1)
                for c in range(cell.col0, cell.col1)
            }
        return self._index.get((row, col))

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 - 0.5 <= x <= x1 + 0.5 and top - 0.5 <= y <= bottom + 0.5


def _rules_of_path(obj, height: float) -> list[Rule]:
    """The rules one path object draws: a thin box is one rule; a stroked path, its straight edges."""
    import pypdfium2.raw as pdfium_c

    x0, y0, x1, y1 = obj.get_bounds()
    top, bottom = height - y1, height - y0
    if x1 - x0 <= THIN and bottom - top > THIN:
        return [Rule("v", (x0 + x1) / 2, top, bottom)]
    if bottom - top <= THIN and x1 - x0 > THIN:
        return [Rule("h", (top + bottom) / 2, x0, x1)]
    fill, stroke = pdfium_c.c_int(), pdfium_c.FPDF_BOOL()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke) or not stroke.value:
        return []
    matrix = obj.get_matrix()
    points: list[tuple[float, float]] = []
    rules: list[Rule] = []
    start = None
    fx, fy = pdfium_c.c_float(), pdfium_c.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, fx, fy)
        x, y = matrix.on_point(fx.value, fy.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
            points = [(x, y)]
            start = (x, y)
        else:
            points.append((x, y))
        closing = [start] if pdfium_c.FPDFPathSegment_GetClose(segment) and start else []
        if len(points) >= 2:
            (ax, ay), (bx, by) = points[-2], points[-1]
            rules.extend(_edge(ax, ay, bx, by, height))
        if closing:
            rules.extend(_edge(points[-1][0], points[-1][1], start[0], start[1], height))
    return rules


def _edge(ax: float, ay: float, bx: float, by: float, height: float) -> list[Rule]:
    if abs(ay - by) < 0.5 and abs(ax - bx) > THIN:
        return [Rule("h", height - ay, min(ax, bx), max(ax, bx))]
    if abs(ax - bx) < 0.5 and abs(ay - by) > THIN:
        return [Rule("v", ax, height - max(ay, by), height - min(ay, by))]
    return []


def page_rules(page) -> list[Rule]:
    """Every horizontal and vertical rule drawn on ``page``."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    rules: list[Rule] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        rules.extend(_rules_of_path(obj, height))
    return rules


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _merge(rules: list[Rule]) -> list[Rule]:
    """Rules on the same edge that touch or overlap become one."""
    out: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (r.orient, round(r.pos / SNAP), r.start)):
        last = out[-1] if out else None
        if last and last.orient == rule.orient and abs(last.pos - rule.pos) <= SNAP and rule.start <= last.end + SNAP:
            out[-1] = Rule(rule.orient, last.pos, last.start, max(last.end, rule.end))
        else:
            out.append(rule)
    return out


def _touch(h: Rule, v: Rule) -> bool:
    return h.start - SNAP <= v.pos <= h.end + SNAP and v.start - SNAP <= h.pos <= v.end + SNAP


def _components(rules: list[Rule]) -> list[list[Rule]]:
    hs = [r for r in rules if r.orient == "h"]
    vs = [r for r in rules if r.orient == "v"]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(hs + vs):
        groups.setdefault(find(i), []).append(rule)
    return list(groups.values())


def _covers(rules: list[Rule], pos: float, start: float, end: float) -> bool:
    """True when rules at ``pos`` cover most of ``start``..``end``."""
    span = end - start
    covered = 0.0
    for r in rules:
        if abs(r.pos - pos) <= SNAP:
            covered += max(0.0, min(r.end, end) - max(r.start, start))
    return covered >= 0.6 * span


def find_grids(rules: list[Rule]) -> list[Grid]:
    """The tables the rules form, each cut into its (merged) cells, top to bottom."""
    grids = []
    for group in _components(_merge(rules)):
        hs = [r for r in group if r.orient == "h"]
        vs = [r for r in group if r.orient == "v"]
        if len(hs) < 2 or len(vs) < 2:
            continue
        xs, ys = _snap([r.pos for r in vs]), _snap([r.pos for r in hs])
        # a row cut by a page break may have no border at the cut: the verticals still reach it
        low, high = min(r.start for r in vs), max(r.end for r in vs)
        open_top, open_bottom = low < ys[0] - SNAP, high > ys[-1] + SNAP
        ys = ([low] if open_top else []) + ys + ([high] if open_bottom else [])
        if len(xs) < 2 or len(ys) < 2:
            continue
        grid = _cut(xs, ys, hs, vs)
        grid.open_top, grid.open_bottom = open_top, open_bottom
        grids.append(grid)
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _cut(xs: list[float], ys: list[float], hs: list[Rule], vs: list[Rule]) -> Grid:
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(i, j): (i, j) for i in range(rows) for j in range(cols)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i in range(rows):
        for j in range(cols):
            if j + 1 < cols and not _covers(vs, xs[j + 1], ys[i], ys[i + 1]):
                parent[find((i, j))] = find((i, j + 1))
            if i + 1 < rows and not _covers(hs, ys[i + 1], xs[j], xs[j + 1]):
                parent[find((i, j))] = find((i + 1, j))
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        members.setdefault(find(key), []).append(key)
    cells = []
    for keys in members.values():
        r0, r1 = min(k[0] for k in keys), max(k[0] for k in keys) + 1
        c0, c1 = min(k[1] for k in keys), max(k[1] for k in keys) + 1
        cells.append(CellArea(r0, r1, c0, c1, (xs[c0], ys[r0], xs[c1], ys[r1])))
    cells.sort(key=lambda c: (c.row0, c.col0))
    return Grid(xs, ys, cells)


@dataclass
class GridRow:
    """One grid row of a table on a page, as the reader emits it.

    ``texts`` has one entry per grid column: the text of the cell that starts there, or "" for
    a position covered by a cell from the left or from above (``merged`` lists the latter's
    columns); ``boxes`` the box of each cell starting in this row; ``reach`` for each column the
    bottom of the cell's last text line (None for an empty cell).
    """

    grid: Grid
    row: int
    texts: list[str]
    boxes: list[tuple[float, float, float, float] | None]
    merged: list[int]
    reach: list[float | None]
    ends: list = field(default_factory=list)
    continued: "GridRow | None" = None
    more_boxes: dict = field(default_factory=dict)

    @property
    def top(self) -> float:
        return self.grid.ys[self.row]

    @property
    def bottom(self) -> float:
        return self.grid.ys[self.row + 1]

    @property
    def text(self) -> str:
        """The canonical line: cells separated by tabs."""
        return "\t".join(self.texts)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.grid.xs[0], 2), round(self.top, 2), round(self.grid.xs[-1], 2), round(self.bottom, 2))

    @property
    def key(self) -> str:
        return "".join("".join(t.split()) + "|" for t in self.texts)


def cell_of(grid: Grid, x: float, y: float) -> CellArea | None:
    """The cell of ``grid`` that holds the point, or None."""
    from bisect import bisect_right

    col = bisect_right(grid.xs, x) - 1
    row = bisect_right(grid.ys, y) - 1
    if not (0 <= col < grid.columns and 0 <= row < grid.rows):
        return None
    return grid.cell_at(row, col)
