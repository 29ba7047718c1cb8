"""A PDF page as a sequence of text lines and table rows; tables continued across pages.

Glyphs inside a ruled table (:mod:`.pdf_tables`) go to the cell that holds them; the rest
are prose lines (:mod:`.pdf_text`). A cell's own lines are joined as a line wrap is: no space
between two CJK characters, one between Latin words (:func:`join_fragments`), one before a
numbered item that starts a new paragraph (「1. 甲 2. 乙」), and one wherever the producer wrote
a space glyph at the end of the line (a wrap at a space); none after a line ending in 「-」 or
「/」 without one (「114/01-」 wrapped before 「117/12」).

A cell of several paragraphs (set apart by more than its line spacing) is written as
``<p>…</p><p>…</p>``, the markup the plan parser reads as list items.

A table that ends a page and one that starts the next page with the same columns are one
table. Its header row, repeated by the producer on the new page, stays in the lines (as it
appears, so the parser sees the break). The row cut by the page break is re-joined into one
row when the geometry says so: the table has no bottom border at the cut (Chromium leaves the
cut open), or the table fills the page to the bottom of its text area, every cell with text
in the next page's first row continues a cell that ran down to the cut, and some cell that
had text on the first page is empty on the next (it was complete before the cut).

Example
-------
>>> cell_markup(["1. 甲", "2. 乙"])
'<p>1. 甲</p><p>2. 乙</p>'
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from policykg.loaders.readers.pdf_tables import Grid, GridRow, cell_of
from policykg.loaders.readers.pdf_text import Glyph, TextLine, group_lines, set_text
from policykg.loaders.text import is_cjk

__all__ = ["PageContent", "cell_markup", "page_content", "continue_tables"]

_ITEM_START = re.compile(r"\s*(?:<|\d{1,2}\s*[.．]\s*\D)")


@dataclass
class PageContent:
    """What one page holds, top to bottom: prose lines and table rows (``items``)."""

    number: int
    height: float
    items: list = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)

    def rows_of(self, grid: Grid) -> list[GridRow]:
        return [i for i in self.items if isinstance(i, GridRow) and i.grid is grid]


#: characters a line may not start with (they stay with the character before them)
_NO_LINE_START = set("、。，．：；？！）」』】〉》〕・ー—…,.:;?!)]}%")
#: characters a line may not end with (they stay with the character after them)
_NO_LINE_END = set("「『（【〈《〔([{")


def _first_unit_width(line: TextLine) -> float:
    """Width of what must start a line: one CJK character or a run of Latin characters, with
    an opening bracket before it and the punctuation that may not start a line after it."""
    glyphs = [g for g in line.glyphs if g.char != " "]
    while len(glyphs) > 1 and glyphs[0].char in _NO_LINE_END and glyphs[1].char in _NO_LINE_END:
        glyphs = glyphs[1:]
    start = glyphs[0].origin
    if glyphs[0].char in _NO_LINE_END and len(glyphs) > 1:
        glyphs = glyphs[1:]
    end = glyphs[0].advance_end
    latin = not is_cjk(glyphs[0].char)
    for g in glyphs[1:]:
        if g.char in _NO_LINE_START or (latin and not is_cjk(g.char)):
            end = g.advance_end
            continue
        break
    return end - start


def _ideograph(ch: str) -> bool:
    return is_cjk(ch) and not (0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFF65)


def _fits(a: TextLine, b: TextLine, right: float) -> bool:
    """Would the first word of ``b`` have fitted at the end of ``a``?"""
    return a.right + _first_unit_width(b) <= right + 0.2


def _glue(a: TextLine, b: TextLine, right: float, paints_trailing: bool) -> str:
    """The glue between two lines of one paragraph in a cell: " " or "".

    A line that ends although the next line's first word would have fitted was broken by hand
    (a line break typed in the cell): no space between two CJK characters, one between Latin
    words (none between two letters from a producer that paints its spaces: a broken word). Otherwise the producer wrapped it: at a space, when it painted one at the end (or
    at the start of the next line); after a hyphen or slash, no space; between Latin words a
    space unless the producer, which paints the spaces that fit, painted none where one
    would have fitted (a word broken in two); between CJK and Latin text, likewise, else a
    space next to a Latin letter and an ideograph, none next to punctuation or a digit.
    """
    if a.ends_with_space or b.starts_with_space or _ITEM_START.match(b.text):
        return " "
    last, first = a.text[-1], b.text[0]
    cjk_last, cjk_first = is_cjk(last), is_cjk(first)
    letters = last.isalpha() and first.isalpha() and not (cjk_last or cjk_first)
    if _fits(a, b, right):
        if cjk_last or cjk_first or (letters and paints_trailing):
            return ""
        return " "
    if last in "-/" or (cjk_last and cjk_first):
        return ""
    em = max(g.size for g in a.glyphs)
    if paints_trailing and a.right + 0.3 * em <= right:
        return ""  # a space would have fitted, and this producer paints the spaces that fit
    if not cjk_last and not cjk_first:
        return " "
    latin, cjk = (first, last) if cjk_last else (last, first)
    return " " if latin.isascii() and latin.isalpha() and _ideograph(cjk) else ""


def _paragraphs(lines: list[TextLine], leading: float, right: float, paints_trailing: bool) -> list[str]:
    """A cell's paragraphs: a gap wider than the cell's line spacing starts a new one."""
    paragraphs: list[str] = []
    previous = None
    for line in lines:
        if previous is not None and line.top - previous.bottom <= leading + 0.3 * (line.bottom - line.top):
            glue = _glue(previous, line, right, paints_trailing)
            paragraphs[-1] = paragraphs[-1] + glue + line.text
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def cell_markup(paragraphs: list[str]) -> str:
    """One paragraph as is; several as ``<p>…</p><p>…</p>`` (what the plan parser reads as list items).

    >>> cell_markup(["甲"]), cell_markup(["1. 甲", "2. 乙"])
    ('甲', '<p>1. 甲</p><p>2. 乙</p>')
    """
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) <= 1:
        return paragraphs[0] if paragraphs else ""
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _split_markup(text: str) -> list[str]:
    return [p for p in re.split(r"</?p>", text) if p] if text.startswith("<p>") else ([text] if text else [])


def _grid_rows(grid: Grid, glyphs: list[Glyph], space_glyphs: bool) -> list[GridRow]:
    by_cell: dict[int, list[Glyph]] = {}
    for glyph in glyphs:
        cell = cell_of(grid, (glyph.x0 + glyph.x1) / 2, glyph.middle)
        if cell is not None:
            by_cell.setdefault(id(cell), []).append(glyph)
    cell_lines = {id(cell): set_text(group_lines(by_cell.get(id(cell), [])), space_glyphs) for cell in grid.cells}
    # the gap between two lines of one paragraph: the low end of all gaps (paragraph spacing
    # makes the others wider)
    gaps = sorted(b.top - a.bottom for lines in cell_lines.values() for a, b in zip(lines, lines[1:]))
    leading = max(gaps[len(gaps) // 10], 0.0) if gaps else 0.0
    # the right edge of a cell's text: the cell's box less its padding, taken to be the padding on
    # the left (where every line starts; text may run into the right padding)
    padding = min((l.glyphs[0].origin - cell.bbox[0] for cell in grid.cells for l in cell_lines[id(cell)]), default=0.0)
    paints = any(l.ends_with_space for lines in cell_lines.values() for l in lines)
    # ... and no further than the text of that column reaches anywhere on the page (a producer
    # may wrap within less than the cell's width)
    reach: dict[tuple[int, int], float] = {}
    for cell in grid.cells:
        for line in cell_lines[id(cell)]:
            key = (cell.col0, cell.col1)
            reach[key] = max(reach.get(key, 0.0), line.right)
    text_of: dict[int, tuple] = {}
    for cell in grid.cells:
        lines = cell_lines[id(cell)]
        right = min(cell.bbox[2] - max(padding, 0.0), reach.get((cell.col0, cell.col1), cell.bbox[2]) + 1.0)
        text = cell_markup(_paragraphs(lines, leading, right, paints))
        ends = (lines[0], lines[-1], right, paints) if lines else None
        text_of[id(cell)] = (text, lines[-1].bottom if lines else None, ends)
    rows = []
    for r in range(grid.rows):
        texts, boxes, merged, reach, ends = [], [], [], [], []
        for c in range(grid.columns):
            cell = grid.cell_at(r, c)
            starts = cell is not None and cell.row0 == r and cell.col0 == c
            text, bottom, end = text_of.get(id(cell), ("", None, None)) if cell is not None else ("", None, None)
            texts.append(text if starts else "")
            ends.append(end)
            boxes.append(cell.bbox if starts else None)
            reach.append(bottom if cell is not None and cell.col0 == c else None)
            if cell is not None and cell.col0 == c and cell.row0 < r:
                merged.append(c)
        rows.append(GridRow(grid, r, texts, boxes, merged, reach, ends=ends))
    return rows


def page_content(number: int, height: float, glyphs: list[Glyph], grids: list[Grid], space_glyphs: bool) -> PageContent:
    """Split a page's glyphs into prose lines and the rows of its tables (two columns or more)."""
    grids = [g for g in grids if g.columns >= 2]
    content = PageContent(number, height, grids=grids)
    inside: dict[int, list[Glyph]] = {id(g): [] for g in grids}
    prose: list[Glyph] = []
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, glyph.middle
        grid = next((g for g in grids if g.contains(x, y)), None)
        (inside[id(grid)] if grid is not None else prose).append(glyph)
    items: list = set_text(group_lines(prose), space_glyphs)
    for grid in grids:
        items.extend(_grid_rows(grid, inside[id(grid)], space_glyphs))
    items.sort(key=lambda i: (i.top, 0 if isinstance(i, GridRow) else 1))
    content.items = items
    return content


def _same_columns(a: Grid, b: Grid) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= 2.5 for x, y in zip(a.xs, b.xs))


def _line_height(pages: list[PageContent]) -> float:
    heights = [i.bottom - i.top for p in pages for i in p.items if isinstance(i, TextLine)]
    return statistics.median(heights) if heights else 12.0


def _is_split(last: GridRow, first: GridRow, body_bottom: float, line_height: float) -> bool:
    """Whether ``first`` (top of the next page) continues ``last`` (cut by the page break)."""
    if last.grid.open_bottom:
        return True
    if last.bottom < body_bottom - 1.5 * line_height:
        return False
    completed = False
    for c, text in enumerate(first.texts):
        before = last.reach[c]
        if text:
            if before is None or last.bottom - before > 1.5 * line_height:
                return False
        elif before is not None and first.boxes[c] is not None:
            completed = True
    return completed


@dataclass
class Continuation:
    """A row re-joined across a page break: ``row`` (page N) absorbed ``part`` (page N+1)."""

    row: GridRow
    part: GridRow
    page: int


def continue_tables(pages: list[PageContent], furniture: set[int]) -> list[Continuation]:
    """Link tables across page breaks and re-join split rows (see the module docstring).

    ``furniture`` holds the ``id()`` of skipped lines. Joined rows absorb the continuation's
    text and boxes; the continuation is removed from its page's items. Returns the joins made.
    """
    def body(p: int) -> list:
        return [item for item in pages[p].items if id(item) not in furniture]

    bottoms = [item.bottom for p in range(len(pages)) for item in body(p)]
    body_bottom = max(bottoms) if bottoms else 0.0
    line_height = _line_height(pages)
    headers: dict[int, list[str]] = {}
    joins: list[Continuation] = []
    for p in range(len(pages) - 1):
        here, there = body(p), body(p + 1)
        if not here or not there or not isinstance(here[-1], GridRow) or not isinstance(there[0], GridRow):
            continue
        last, first = here[-1], there[0]
        if not _same_columns(last.grid, first.grid):
            continue
        head = headers.setdefault(id(last.grid), _header_keys(pages[p], last.grid))
        rows = pages[p + 1].rows_of(first.grid)
        k = 0
        while k < len(rows) and k < len(head) and rows[k].key == head[k]:
            k += 1
        headers[id(first.grid)] = head
        if k >= len(rows):
            continue
        part = rows[k]
        if _is_split(last, part, body_bottom, line_height):
            _absorb(pages[p].rows_of(last.grid), part)
            pages[p + 1].items.remove(part)
            joins.append(Continuation(last, part, p + 1))
    return joins


def _header_keys(page: PageContent, grid: Grid) -> list[str]:
    """The header row key of a table first seen on ``page`` (its first row)."""
    rows = page.rows_of(grid)
    return [rows[0].key] if rows else []


def _absorb(rows: list[GridRow], part: GridRow) -> None:
    """Append each cell of ``part`` to the cell it continues (the one starting in or above the last row)."""
    last = rows[-1]
    for c, text in enumerate(part.texts):
        if not text:
            continue
        owner = last
        if c in last.merged:  # a merged cell: its text lives in the row where it starts
            owner = next((r for r in reversed(rows) if r.texts[c] or c not in r.merged), last)
        before, after = _split_markup(owner.texts[c]), _split_markup(text)
        if before and after and owner.ends[c] and part.ends[c]:
            _, last_line, right, paints = owner.ends[c]
            first_line = part.ends[c][0]
            if not _fits(last_line, first_line, right):
                # the paragraph cut by the page break goes on at the top of the next page
                after[0] = before.pop() + _glue(last_line, first_line, right, paints) + after[0]
        owner.texts[c] = cell_markup(before + after)
        owner.more_boxes.setdefault(c, []).append((part, part.boxes[c]))
    last.continued = part
