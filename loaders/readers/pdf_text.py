"""The text layer of one PDF page as lines: glyphs from pypdfium2, grouped and spaced.

A PDF has no lines or spaces, only glyphs at positions. This module groups the glyphs of a
page into text lines (by their vertical extent, top to bottom, then left to right) and decides
where a line has a space:

* a space glyph the producer wrote stays (runs collapse to one);
* a gap between two Latin letters wider than 0.15 em is a space (producers that omit them);
* a gap next to a CJK character is a space only when it is clearly wider than the line's usual
  gap: justified text widens every gap of a line alike (「提 出 「 碳 邊 境」 → 「提出「碳邊境」),
  while a real word space is an outlier on its line (the cover's agency list).

Coordinates are PDF points from the page's top-left corner: ``(x0, top, x1, bottom)``.

Example
-------
>>> g = [Glyph("提", 0, 0, 16, 16, 16, 0, 16), Glyph("出", 22, 0, 38, 16, 16, 22, 38),
...      Glyph("A", 60, 2, 70, 14, 16, 60, 70), Glyph("I", 70, 2, 74, 14, 16, 70, 74)]
>>> [line.text for line in group_lines(g)]
['提出 AI']
"""
from __future__ import annotations

import ctypes
import statistics
from dataclasses import dataclass

from policykg.loaders.text import is_cjk

__all__ = ["Glyph", "TextLine", "page_glyphs", "group_lines", "line_text"]


@dataclass(frozen=True)
class Glyph:
    """One character on the page: its text, tight box, font size and horizontal advance."""

    char: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    origin: float
    advance_end: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class TextLine:
    """A line of glyphs in reading order, with its text and box."""

    glyphs: list[Glyph]
    text: str = ""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        g = self.glyphs
        return (
            round(min(x.x0 for x in g), 2),
            round(min(x.top for x in g), 2),
            round(max(x.x1 for x in g), 2),
            round(max(x.bottom for x in g), 2),
        )

    @property
    def top(self) -> float:
        return min(x.top for x in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(x.bottom for x in self.glyphs)


def page_glyphs(page) -> list[Glyph]:
    """The glyphs pypdfium2 finds on ``page`` (generated spaces and line ends left out).

    Vertical extent comes from the loose (font) box, so every glyph of a line shares it;
    horizontal extent from the glyph's origin and advance.
    """
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    textpage = page.get_textpage()
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    rect = pdfium_c.FS_RECTF()
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    glyphs: list[Glyph] = []
    try:
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            char = chr(code)
            if char in "\r\n\x02\x03":
                continue
            size = pdfium_c.FPDFText_GetFontSize(raw, i) or 10.0
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect)
            pdfium_c.FPDFText_GetCharBox(raw, i, left, right, low, high)
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            top, bottom = height - rect.top, height - rect.bottom
            if bottom - top < 0.5:  # a zero-height box: take the tight one
                top, bottom = height - high.value, height - low.value
            origin = ox.value
            if is_cjk(char):
                end = origin + size
            else:
                end = max(right.value, min(rect.right, origin + size))
            if char.isspace():
                char = " "
                end = max(end, origin)
            glyphs.append(Glyph(char, left.value, top, right.value, bottom, size, origin, end))
    finally:
        textpage.close()
    return glyphs


def group_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """Group glyphs into lines (a glyph whose middle lies inside a line's extent joins it)."""
    lines: list[list[Glyph]] = []
    extents: list[list[float]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.top, g.origin)):
        for index in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = extents[index]
            if top - 0.5 <= glyph.middle <= bottom + 0.5:
                lines[index].append(glyph)
                break
        else:
            lines.append([glyph])
            extents.append([glyph.top, glyph.bottom])
    out = []
    for members in lines:
        members.sort(key=lambda g: (g.origin, g.x0))
        line = TextLine(members)
        line.text = line_text(members)
        if line.text:
            out.append(line)
    out.sort(key=lambda line: (round(line.top), line.bbox[0]))
    return out


def _gap(a: Glyph, b: Glyph) -> float:
    return b.origin - a.advance_end


def line_text(glyphs: list[Glyph]) -> str:
    """The text of one line's glyphs (in order), with spaces as the module docstring says."""
    words = [g for g in glyphs if g.char != " "]
    if not words:
        return ""
    pairs = list(zip(words, words[1:]))
    gaps = [_gap(a, b) for a, b in pairs]
    cjk_gaps = [gap for (a, b), gap in zip(pairs, gaps) if is_cjk(a.char) and is_cjk(b.char)]
    usual = max(statistics.median(cjk_gaps), 0.0) if cjk_gaps else 0.0
    real_space_after = {id(a) for a, b in zip(glyphs, glyphs[1:]) if b.char == " " and a.char != " "}
    pieces: list[str] = [words[0].char]
    for (a, b), gap in zip(pairs, gaps):
        em = max(a.size, b.size, 1.0)
        cjk_a, cjk_b = is_cjk(a.char), is_cjk(b.char)
        if cjk_a and cjk_b:
            space = gap > usual + 0.2 * em
        elif cjk_a or cjk_b:
            space = gap > usual + 0.12 * em or (id(a) in real_space_after and gap > 0.1 * em)
        else:
            space = id(a) in real_space_after or gap > 0.15 * em
        if space:
            pieces.append(" ")
        pieces.append(b.char)
    return "".join(pieces).strip()
