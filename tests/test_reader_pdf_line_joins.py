"""How the PDF reader joins two lines of a table cell, one rule at a time, on lines laid out
as a producer sets them (11 pt CJK characters, 6 pt Latin ones, a 3 pt space).

The real renderings (``test_reader_pdf_renderings.py``) exercise the same rules on whole PDFs;
these pin each rule to the geometry it reads.
"""
from __future__ import annotations

import pytest

from policykg.loaders.readers.pdf_pages import Wrapping, _glue, _paragraphs
from policykg.loaders.readers.pdf_text import Glyph, TextLine, line_text
from policykg.loaders.text import is_cjk

#: a cell whose text runs from x = 0 to x = 66 (six CJK characters)
RIGHT = 66.0
PAINTS = Wrapping(paints=True, space=3.0)
DROPS = Wrapping(paints=False, space=3.0)


def _line(text: str, top: float = 0.0) -> TextLine:
    glyphs, x = [], 0.0
    for ch in text:
        width = 11.0 if is_cjk(ch) else 3.0 if ch == " " else 6.0
        glyphs.append(Glyph(ch, x, top, x + width, top + 11.0, 11.0, x, x + width))
        x += width
    line = TextLine(glyphs)
    line.text = line_text(glyphs, space_glyphs=True)
    return line


def test_a_cjk_line_ended_by_hand_ends_a_paragraph():
    # 「演」 would have fitted after 「擬情境」 (x = 33 to 44 of 66): a paragraph ended there
    lines = [_line("擬情境"), _line("演練", 13.0)]
    assert _glue(lines[0], lines[1], RIGHT, PAINTS) is None
    assert _paragraphs(lines, 2.0, RIGHT, PAINTS) == ["擬情境", "演練"]


def test_a_line_ended_by_hand_after_an_enumeration_comma_goes_on():
    assert _glue(_line("數發部、"), _line("各機關"), RIGHT, PAINTS) == ""


def test_a_full_cjk_line_wraps_without_a_space():
    assert _glue(_line("六個中文字元"), _line("再一行"), RIGHT, DROPS) == ""


@pytest.mark.parametrize("wrapping", [PAINTS, DROPS])
def test_a_latin_word_wider_than_a_line_broken_at_the_edge_joins_without_a_space(wrapping):
    # 「115/01~11」 reaches x = 54; 「7」 (6 pt) would end at 60 > 57, the cell's edge
    assert _glue(_line("115/01~11"), _line("7/12"), 57.0, wrapping) == ""


def test_a_latin_line_that_stops_short_of_the_edge_is_a_space():
    # 「114/12」 ends at 36, 「1」 would fit before 66: not a broken word, a break at a space
    assert _glue(_line("114/12"), _line("115/01-117/12"), RIGHT, PAINTS) == " "


def test_no_space_after_a_hyphen_at_a_wrap():
    assert _glue(_line("114/01-"), _line("117/12"), 45.0, PAINTS) == ""


def test_a_word_that_fitted_only_without_a_space_follows_a_dropped_space():
    # the line ends at 56: 「操」 would end at 67 (the edge) without a space, at 70 after one
    assert _glue(_line("推動饋線AI"), _line("操作優化"), 67.0, DROPS) == " "


@pytest.mark.parametrize("before, expected", [("推動饋線 AI", " "), ("創業實踐AI", "")])
def test_a_dropped_cjk_latin_space_follows_the_paragraphs_own_spacing(before, expected):
    a = _line(before)
    assert _glue(a, _line("創新應用"), a.right + 5.0, DROPS) == expected


def test_a_producer_that_paints_wrapped_spaces_painted_none_where_one_would_have_fitted():
    a = _line("實踐 AI")
    assert _glue(a, _line("創新應用"), a.right + 5.0, PAINTS) == ""


def test_a_painted_space_at_the_wrap_is_a_space():
    assert _glue(_line("實踐AI "), _line("創新"), 40.0, PAINTS) == " "
