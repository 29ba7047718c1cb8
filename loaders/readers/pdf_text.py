"""The text layer of one PDF page as lines: glyphs from pypdfium2, grouped and spaced.

A PDF has no lines or spaces, only glyphs at positions. This module groups the glyphs of a
page into text lines (by their vertical extent, top to bottom, then left to right) and decides
where a line has a space:

* a space glyph the producer wrote stays (runs collapse to one);
* a gap between two Latin letters wider than 0.15 em is a space for a producer that writes no
  space glyphs (0.6 em for one that does: its letter spacing is not a space);
* a gap next to a CJK character is a space only when it is 0.2 em wider than the line's usual
  gap: justified text widens every gap of a line alike (「提 出 「 碳 邊 境」 → 「提出「碳邊境」),
  while a real word space is an outlier on its line (the cover's agency list);
* between CJK and Latin text only a space glyph is a space when the producer writes space
  glyphs (Word, LibreOffice and Chromium do): their automatic Asian/Latin spacing leaves a gap
  where the author typed none (「2050淨零」); a producer without space glyphs is read by gaps.

Coordinates are PDF points from the page's top-left corner: ``(x0, top, x1, bottom)``.

Example
-------
>>> g = [Glyph("提", 0, 0, 16, 16, 16, 0, 16), Glyph("出", 22, 0, 38, 16, 16, 22, 38),
...      Glyph("A", 60, 2, 70, 14, 16, 60, 70), Glyph("I", 70, 2, 74, 14, 16, 70, 74)]
>>> [line.text for line in set_text(group_lines(g), space_glyphs=False)]
['提出 AI']
"""
from __future__ import annotations

import ctypes
import statistics
from dataclasses import dataclass
from functools import lru_cache

from policykg.loaders.text import is_cjk as _is_cjk

__all__ = ["Glyph", "TextLine", "page_glyphs", "group_lines", "set_text", "line_text"]


is_cjk = lru_cache(maxsize=8192)(_is_cjk)


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
    def ends_with_space(self) -> bool:
        """A real space glyph after the last character (a wrap at a space, as LibreOffice writes it)."""
        return self.glyphs[-1].char == " "

    @property
    def starts_with_space(self) -> bool:
        """A real space glyph before the first character (Chromium's ``break-spaces`` wraps it down)."""
        return self.glyphs[0].char == " "

    @property
    def right(self) -> float:
        """Where the last character's advance ends."""
        return max(g.advance_end for g in self.glyphs if g.char != " ")

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
    matrix = pdfium_c.FS_MATRIX()
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    glyphs: list[Glyph] = []
    try:
        glyphs.extend(_object_spaces(page, raw, height))
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            char = "-" if code == 2 else chr(code)  # PDFium reports a hyphen that ends a line as 0x02
            if char in "\r\n\x03":
                continue
            pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
            size = (pdfium_c.FPDFText_GetFontSize(raw, i) or 10.0) * scale
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


def _object_spaces(page, textpage_raw, height: float) -> list[Glyph]:
    """Space glyphs PDFium's text page reports as generated: empty, zero-width text objects.

    Chromium and LibreOffice write a space as a glyph without a Unicode mapping and without
    extent; PDFium then "generates" the space it sees, as it does for any gap. Such an object
    is a real space of the document.
    """
    import pypdfium2.raw as pdfium_c

    spaces = []
    buffer = (ctypes.c_ushort * 8)()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        if x1 - x0 >= 0.01:
            continue
        n = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage_raw, buffer, 8)
        text = bytes(buffer)[: max(n - 1, 0) * 2].decode("utf-16-le", "replace").replace("\x00", "")
        if text.strip():
            continue
        spaces.append(Glyph(" ", x0, height - y1, x0, height - y0, 1.0, x0 + 0.01, x0 + 0.01))
    return spaces


def group_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """Group glyphs into lines (a glyph whose middle lies inside a line's extent joins it).

    The lines come top to bottom, each left to right, without text yet (see :func:`set_text`).
    """
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
        if all(g.char == " " for g in members):
            continue
        members.sort(key=lambda g: (g.origin, g.x0))
        out.append(TextLine(members))
    out.sort(key=lambda line: (round(line.top), line.bbox[0]))
    return out


def set_text(lines: list[TextLine], space_glyphs: bool) -> list[TextLine]:
    """Give each line its text (see :func:`line_text`); lines left empty are dropped."""
    for line in lines:
        line.text = line_text(line.glyphs, space_glyphs)
    return [line for line in lines if line.text]


def _gap(a: Glyph, b: Glyph) -> float:
    return b.origin - a.advance_end


def line_text(glyphs: list[Glyph], space_glyphs: bool = False) -> str:
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
        real = id(a) in real_space_after and gap > 0.05 * em
        if cjk_a and cjk_b:
            space = (real and space_glyphs) or gap > usual + 0.2 * em
        elif cjk_a or cjk_b:
            space = real or (not space_glyphs and gap > usual + 0.12 * em)
        else:  # Latin: producers that write space glyphs set words apart with them
            space = real or gap > (0.6 if space_glyphs else 0.15) * em
        if space:
            pieces.append(" ")
        pieces.append(b.char)
    return "".join(pieces).strip()
