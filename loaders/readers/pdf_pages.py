"""A PDF page as a sequence of text lines and table rows; tables continued across pages.

Glyphs inside a ruled table (:mod:`.pdf_tables`) go to the cell that holds them; the rest
are prose lines (:mod:`.pdf_text`). A PDF has no line breaks, only lines, so how two lines of
a cell join is read from their geometry (:func:`_glue`), against the cell's right edge (its
box less the padding most lines start after), the table's word-space width (measured at the
space glyphs between Latin characters) and whether the producer paints the space it wraps at
(LibreOffice does, Chromium drops it):

* a space glyph at the end of a line, or a numbered item starting the next (「1. 甲 2. 乙」):
  a space;
* the next line's first word would have fitted at the end of the line, with a space where
  one can stand: the line was ended by hand. After 「、」 or a comma the text goes on (a list
  of agencies); where CJK text meets the break a new paragraph starts (paragraphs set with
  no spacing between them); between Latin words a space;
* otherwise the producer wrapped the line. No space between two CJK characters, or after
  「-」 or 「/」 (「114/01-」 wrapped before 「117/12」). A space where the first word fitted
  only without a space (the producer wrapped at a space and dropped it). Between Latin
  characters a space, unless the line runs to the right edge and the word is wider than a
  line: a word broken where it met the edge (「115/01~11」「7/12」), joined with none. Between a
  Latin letter and an ideograph (none next to punctuation or a digit): none from a producer
  that paints its wrapped spaces where one would have fitted; otherwise as the same
  paragraph's nearest such boundary is written (its author's habit: 「實踐AI」 + 「創新」 →
  「實踐AI創新」, 「饋線 AI」 + 「操作」 → 「饋線 AI 操作」), else a space.

A cell of several paragraphs (set apart by more than its line spacing, or ended by hand) is
written as ``<p>…</p><p>…</p>``, the markup the plan parser reads as list items.

A table that ends a page and one that starts the next page with the same columns are one
table. Its header row, repeated by the producer on the new page, stays in the lines (as it
appears, so the parser sees the break). The row cut by the page break is re-joined into one
row when the geometry says so: the table has no bottom border at the cut (Chromium leaves the
cut open), or the table fills the page to the bottom of its text area, every cell with text
in the next page's first row continues a cell that ran down to the cut (all of them cells of
the last row, or all of them cells merged from above it), and some cell that had text before
the cut is empty after it (it was complete) or stops where no text ends (after 「、」 or a
comma, inside an open bracket); a table that ends well above the bottom cuts no row. The breaks settled this way are listed in ``DocumentText.resolved_breaks``,
so the plan parser does not guess again; the others are left to its text rules.

Example
-------
>>> cell_markup(["1. 甲", "2. 乙"])
'<p>1. 甲</p><p>2. 乙</p>'
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
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
_NO_LINE_START = set("、。，．：；？！）」』】〉》〕・ー—…,.:;?!)]}%/-")
#: characters a line may not end with (they stay with the character after them)
_NO_LINE_END = set("「『（【〈《〔([{")


def _first_unit_width(line: TextLine) -> float:
    """Width of what must start a line: one CJK character or a run of Latin characters, with
    an opening bracket before it and the punctuation that may not start a line after it; a
    slash holds on to the character after it too (「年/月」, as line breakers may keep it)."""
    glyphs = [g for g in line.glyphs if g.char != " "]
    while len(glyphs) > 1 and glyphs[0].char in _NO_LINE_END and glyphs[1].char in _NO_LINE_END:
        glyphs = glyphs[1:]
    start = glyphs[0].origin
    if glyphs[0].char in _NO_LINE_END and len(glyphs) > 1:
        glyphs = glyphs[1:]
    end = glyphs[0].advance_end
    latin = not is_cjk(glyphs[0].char)
    for before, g in zip(glyphs, glyphs[1:]):
        if g.char in _NO_LINE_START or (latin and not is_cjk(g.char)) or before.char == "/":
            end = g.advance_end
            continue
        break
    return end - start


def _ideograph(ch: str) -> bool:
    return is_cjk(ch) and not (0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFF65)


@dataclass(frozen=True)
class Wrapping:
    """How the producer set a table's lines: whether it paints the space glyph where it wraps
    a line at a space (LibreOffice does; Chromium drops it), and how wide a word space is
    (measured where a space glyph sits between two Latin characters of the same table)."""

    paints: bool
    space: float


#: a line ending in one of these goes on after a typed line break (a list of agencies 「甲、」「乙」)
_GOES_ON = set("、，,;；")
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_MIXED = re.compile(rf"(?<=[A-Za-z]) ?(?=[{_IDEOGRAPHS}])|(?<=[{_IDEOGRAPHS}]) ?(?=[A-Za-z])")


#: how far (points) text may pass the right edge measured for its cell and still have fitted
SLACK = 0.05


def _fits(a: TextLine, b: TextLine, right: float, space: float = 0.0) -> bool:
    """Would the first word of ``b`` (after a space of width ``space``) have fitted at the end of ``a``?"""
    return a.right + space + _first_unit_width(b) <= right + SLACK


def _latin_run(glyphs) -> list[Glyph]:
    run = []
    for g in glyphs:
        if g.char == " " or is_cjk(g.char):
            break
        run.append(g)
    return run


def _forced(a: TextLine, b: TextLine, right: float) -> bool:
    """A Latin word broken where it met the right edge: the next character did not fit, and the
    whole word is wider than a line (there was nowhere else to break it)."""
    tail = _latin_run(reversed(a.glyphs))
    head = _latin_run(b.glyphs)
    if not tail or not head or a.right + head[0].advance_end - head[0].origin <= right + SLACK:
        return False
    width = (a.right - tail[-1].origin) + (head[-1].advance_end - head[0].origin)
    return width > right - b.glyphs[0].origin + SLACK


def _habit(before: str, after: str) -> str | None:
    """How the ideograph / Latin-letter boundary nearest to a wrap in the same paragraph is
    written (" " or ""); authors space mixed text one way or the other. None if there is none."""
    back = list(_MIXED.finditer(before))
    ahead = _MIXED.search(after)
    candidates = []
    if back:
        candidates.append((len(before) - back[-1].end(), back[-1].group()))
    if ahead:
        candidates.append((ahead.start(), ahead.group()))
    return min(candidates)[1] if candidates else None


def _glue(a: TextLine, b: TextLine, right: float, wrapping: Wrapping, before: str | None = None) -> str | None:
    """The glue between two lines of one cell: " ", "", or None where ``a`` ends a paragraph.

    ``before`` is the paragraph's text up to the end of ``a`` (default: ``a``'s own text).

    * A space glyph at the end of ``a`` (or the start of ``b``) is a wrap at a space; a line
      that starts a numbered item follows a space.
    * The next line's first word, after a space where one can stand, would have fitted at
      the end of ``a``: the line was broken by hand. After 「、」 or a comma the text goes on
      (no space next to CJK text, one between Latin words); otherwise the break ends a
      paragraph where CJK text meets it, and is a space between Latin words.
    * Otherwise the producer wrapped the line: no space between two CJK characters or after
      「-」 / 「/」; a space where the first word fitted only without one (the producer wrapped
      at a space and did not paint it). Between Latin characters a space, unless the word was
      broken where it met the right edge because it is wider than a line. Between CJK and
      Latin text: none next to punctuation or a digit, none from a producer that paints the
      spaces it wraps at where a space would have fitted (it painted none; where none fits it
      paints none either); between a Latin letter and an ideograph otherwise as the nearest
      such boundary of the paragraph is written, else a space.
    """
    if a.ends_with_space or b.starts_with_space or _ITEM_START.match(b.text):
        return " "
    last, first = a.text[-1], b.text[0]
    cjk_last, cjk_first = is_cjk(last), is_cjk(first)
    cjk = cjk_last or cjk_first
    if _fits(a, b, right, 0.0 if cjk_last and cjk_first else wrapping.space):
        if last in _GOES_ON:
            return "" if cjk else " "
        return None if cjk else " "
    if last in "-/" or (cjk_last and cjk_first):
        return ""
    if _fits(a, b, right):
        return " "
    if not cjk:
        return "" if _forced(a, b, right) else " "
    latin, ideograph = (first, last) if cjk_last else (last, first)
    if not (latin.isascii() and latin.isalpha() and _ideograph(ideograph)):
        return ""
    if wrapping.paints and a.right + wrapping.space <= right + SLACK:
        return ""  # a space would have fitted, and this producer paints the spaces it wraps at
    habit = _habit(a.text if before is None else before, b.text)
    return " " if habit is None else habit


def _paragraphs(lines: list[TextLine], leading: float, right: float, wrapping: Wrapping) -> list[str]:
    """A cell's paragraphs: a gap wider than the cell's line spacing, or a line ended by hand
    (see :func:`_glue`), starts a new one."""
    paragraphs: list[str] = []
    previous = None
    for line in lines:
        glue = None
        if previous is not None and line.top - previous.bottom <= leading + 0.3 * (line.bottom - line.top):
            glue = _glue(previous, line, right, wrapping, paragraphs[-1])
        if glue is None:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = paragraphs[-1] + glue + line.text
        previous = line
    return paragraphs


def _space_width(lines: list[TextLine]) -> float:
    """The width of a word space in ``lines``: the median gap around a space glyph between two
    Latin characters (a quarter em where there is none)."""
    gaps = []
    for line in lines:
        g = line.glyphs
        for x, s, y in zip(g, g[1:], g[2:]):
            if s.char == " " and x.char != " " and y.char != " " and not is_cjk(x.char) and not is_cjk(y.char):
                gaps.append(y.origin - x.advance_end)
    if gaps:
        return max(statistics.median(gaps), 0.0)
    sizes = [g.size for line in lines for g in line.glyphs]
    return 0.25 * statistics.median(sizes) if sizes else 0.0


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
        cell = cell_of(grid, (glyph.x0 + glyph.x1) / 2, _probe(glyph))
        if cell is not None:
            by_cell.setdefault(id(cell), []).append(glyph)
    cell_lines = {id(cell): set_text(group_lines(by_cell.get(id(cell), [])), space_glyphs) for cell in grid.cells}
    # the gap between two lines of one paragraph: the low end of all gaps (paragraph spacing
    # makes the others wider)
    gaps = sorted(b.top - a.bottom for lines in cell_lines.values() for a, b in zip(lines, lines[1:]))
    leading = max(gaps[len(gaps) // 10], 0.0) if gaps else 0.0
    # the right edge of a cell's text: the cell's box less its padding, taken to be the padding on
    # the left (where most lines start: a line may start further left, with text that overflows
    # from the cell before it)
    offsets = Counter(round(l.glyphs[0].origin - cell.bbox[0], 1) for cell in grid.cells for l in cell_lines[id(cell)])
    padding = offsets.most_common(1)[0][0] if offsets else 0.0
    all_lines = [line for lines in cell_lines.values() for line in lines]
    wrapping = Wrapping(any(line.ends_with_space for line in all_lines), _space_width(all_lines))
    # ... and no further than the text of that column reaches anywhere on the page (a producer
    # may wrap within less than the cell's width)
    reach: dict[tuple[int, int], float] = {}
    for cell in grid.cells:
        for line in cell_lines[id(cell)]:
            key = (cell.col0, cell.col1)
            reach[key] = max(reach.get(key, 0.0), line.right)
    pad_top = min((cell_lines[id(c)][0].top - c.bbox[1] for c in grid.cells if cell_lines[id(c)]), default=0.0)
    text_of: dict[int, tuple] = {}
    for cell in grid.cells:
        lines = cell_lines[id(cell)]
        right = min(cell.bbox[2] - max(padding, 0.0), reach.get((cell.col0, cell.col1), cell.bbox[2]) + 1.0)
        text = cell_markup(_paragraphs(lines, leading, right, wrapping))
        # how far below the cell's top its first line starts, and the least such gap (padding)
        ends = (lines[0], lines[-1], right, wrapping, lines[0].top - cell.bbox[1], pad_top) if lines else None
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


def _probe(glyph: Glyph) -> float:
    """The height at which a glyph is placed in a table: just below its top, since Chromium
    lets the last line of a cell hang below the cell's bottom border."""
    return glyph.top + min(0.5, (glyph.bottom - glyph.top) / 2)


def _reach_down(grid: Grid, glyphs: list[Glyph]) -> None:
    """A table open at the bottom owns the text just below its last rule (the cut row's last
    line, which Chromium prints across the cut)."""
    x0, top, x1, bottom = grid.bbox
    below = [g for g in glyphs if x0 < (g.x0 + g.x1) / 2 < x1 and top < g.top <= bottom + 1.5 * g.size and g.bottom > bottom]
    while below:
        bottom = max(g.bottom for g in below) + 0.5
        more = [g for g in glyphs if x0 < (g.x0 + g.x1) / 2 < x1 and bottom - 1 <= g.top <= bottom + 0.5 * g.size]
        below = [g for g in more if g.bottom + 0.5 > bottom]
    grid.ys[-1] = max(grid.ys[-1], bottom)


def page_content(number: int, height: float, glyphs: list[Glyph], grids: list[Grid], space_glyphs: bool) -> PageContent:
    """Split a page's glyphs into prose lines and the rows of its tables (two columns or more)."""
    grids = [g for g in grids if g.columns >= 2]
    for grid in grids:
        if grid.open_bottom or grid.open_columns:
            _reach_down(grid, glyphs)
    content = PageContent(number, height, grids=grids)
    inside: dict[int, list[Glyph]] = {id(g): [] for g in grids}
    prose: list[Glyph] = []
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, _probe(glyph)
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


def _open(grid: Grid) -> set[int]:
    return set(range(grid.columns)) if grid.open_bottom else grid.open_columns


def _cut_row(last: GridRow, first: GridRow, body_bottom: float, line_height: float) -> bool | None:
    """Did the page break cut ``last`` (the table's last row on its page), continued by ``first``?

    True when the table is open at the cut (Chromium draws no border under a cell it cut;
    under a merged cell from an earlier row that goes on, it draws none either: then False). False when the
    table ends above the bottom of the page's text area by more than a line and a half (the
    next row would have begun on this page). At a full page with a closed border (Word,
    LibreOffice): True when every cell of ``first`` with text continues a cell of ``last``
    that ran down to the cut, or every one continues a cell merged from above ``last`` (not
    some of each), and either some cell with text before the cut is empty after it (it was
    complete) or some cell that goes on stopped where no text can end (after 「、」 or a comma,
    or inside an open bracket: 「國科會前瞻處(國」); else None, the geometry cannot tell (a
    merged cell from above ``last`` may go on beside a new row; a row of one-line cells may end
    at the cut), and the plan parser's text rules decide.
    """
    if last.grid.open_bottom or last.grid.open_columns:
        # Chromium leaves open the cells that go on: the row was cut if nothing new starts
        # beside them (else their text goes on beside a new row: see continue_tables)
        return not any(text for c, text in enumerate(first.texts) if c not in _open(last.grid))
    if last.bottom < body_bottom - 1.5 * line_height:
        return False
    completed = unfinished = False
    going_on: set[bool] = set()  # whether each cell that goes on is merged from above ``last``
    for c, text in enumerate(first.texts):
        before = last.reach[c]
        if text:
            if before is None or last.bottom - before > 1.5 * line_height:
                return None
            going_on.add(c in last.merged)
            unfinished = unfinished or _unfinished(last.texts[c])
        elif before is not None and first.boxes[c] is not None:
            completed = True
    if going_on == {True, False}:
        return None  # a merged cell goes on: beside the rest of ``last``, or beside a new row?
    return True if completed or unfinished else None


def _unfinished(text: str) -> bool:
    """True for text that stops where no text ends: after 「、」 or a comma, or inside a bracket.

    >>> _unfinished("國科會前瞻處(國"), _unfinished("國發會產業處、"), _unfinished("114/01-117/12")
    (True, True, False)
    """
    text = text.rstrip()
    return bool(text) and (
        text[-1] in _GOES_ON or text.count("(") > text.count(")") or text.count("（") > text.count("）")
    )


@dataclass
class Continuation:
    """A row re-joined across a page break: ``row`` (page N) absorbed ``part`` (page N+1)."""

    row: GridRow
    part: GridRow
    page: int


def continue_tables(pages: list[PageContent], furniture: set[int], resolved: set[int]) -> list[Continuation]:
    """Link tables across page breaks and re-join split rows (see the module docstring).

    ``furniture`` holds the ``id()`` of skipped lines. Joined rows absorb the continuation's
    text and boxes; the continuation is removed from its page's items. The ``id()`` of each
    repeated header whose break the geometry settled is added to ``resolved``. Returns the
    joins made.
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
        if here and isinstance(here[-1], GridRow) and _open(here[-1].grid):
            there = there[_carry_over(pages[p], here[-1], pages[p + 1], there):]
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
        cut = _cut_row(last, part, body_bottom, line_height)
        if cut is not None:
            resolved.update(id(r) for r in rows[:k])
        if cut:
            _absorb(pages[p].rows_of(last.grid), part)
            pages[p + 1].items.remove(part)
            joins.append(Continuation(last, part, p + 1))
        elif _open(last.grid):
            # merged cells left open go on beside the new row: their text joins the cell above
            columns = sorted(_open(last.grid))
            _absorb(pages[p].rows_of(last.grid), part, columns)
            for c in columns:
                part.texts[c] = ""
                if c not in part.merged:
                    part.merged.append(c)
    return joins


def _carry_over(page: PageContent, last: GridRow, following: PageContent, there: list) -> int:
    """Lines of a cut cell that Chromium prints above the repeated header on the next page.

    Each prose line at the top of the next page that lies within an open column of ``last``
    joins that column's cell; returns how many lines were moved.
    """
    grid, moved = last.grid, 0
    for item in there:
        if not isinstance(item, TextLine):
            break
        x0, _, x1, _ = item.bbox
        column = next((c for c in sorted(_open(grid)) if grid.xs[c] - 1 <= x0 and x1 <= grid.xs[c + 1] + 1), None)
        if column is None:
            break
        owner = next((r for r in reversed(page.rows_of(grid)) if r.texts[column] or column not in r.merged), last)
        paragraphs = _split_markup(owner.texts[column])
        glue = None
        if paragraphs and owner.ends[column]:
            _, last_line, right, wrapping = owner.ends[column][:4]
            glue = _glue(last_line, item, right, wrapping, paragraphs[-1])
        if glue is None:
            paragraphs.append(item.text)
        else:
            paragraphs[-1] += glue + item.text
        owner.texts[column] = cell_markup(paragraphs)
        following.items.remove(item)
        moved += 1
    return moved


def _header_keys(page: PageContent, grid: Grid) -> list[str]:
    """The header row key of a table first seen on ``page`` (its first row)."""
    rows = page.rows_of(grid)
    return [rows[0].key] if rows else []


def _absorb(rows: list[GridRow], part: GridRow, columns=None) -> None:
    """Append each cell of ``part`` (or those in ``columns``) to the cell it continues (the one
    starting in or above the last row)."""
    last = rows[-1]
    for c, text in enumerate(part.texts):
        if not text or (columns is not None and c not in columns):
            continue
        owner = last
        if c in last.merged:  # a merged cell: its text lives in the row where it starts
            owner = next((r for r in reversed(rows) if r.texts[c] or c not in r.merged), last)
        before, after = _split_markup(owner.texts[c]), _split_markup(text)
        if before and after and owner.ends[c] and part.ends[c]:
            _, last_line, right, wrapping, _, _ = owner.ends[c]
            first_line, _, _, _, offset, pad_top = part.ends[c]
            # a paragraph that starts at the top of the next page keeps its spacing above it, or
            # the line before the break was ended by hand (see _glue)
            leading = 0.3 * (first_line.bottom - first_line.top)
            glue = _glue(last_line, first_line, right, wrapping, before[-1])
            if offset <= pad_top + leading and glue is not None:
                after[0] = before.pop() + glue + after[0]
        owner.texts[c] = cell_markup(before + after)
        owner.more_boxes.setdefault(c, []).append((part, part.boxes[c]))
    last.continued = part
