"""Page furniture of a PDF: running headers, footers and page numbers.

A line is furniture when it is one of the first or last two text lines of its page, sits in the page's top
or bottom tenth, and either reads as a page number (「1」, 「- 12 -」, 「第 3 頁」, 「3/82」,
「Page 3 of 82」, roman numerals) or, with its digits masked, recurs in the same band on
at least three pages and a fifth of them (a running title, 「機密」 stamps, a footer line).

Example
-------
>>> is_page_number("- 12 -"), is_page_number("第 3 頁"), is_page_number("2050 淨零")
(True, True, False)
"""
from __future__ import annotations

import re
from collections import Counter

__all__ = ["is_page_number", "furniture_lines"]

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:第\s*)?(?:\d{1,4}|[ivxlcdm]{1,7}|[ⅰ-ⅿⅠ-Ⅿ])\s*(?:頁)?"
    r"(?:\s*(?:/|of|共)\s*\d{1,4}\s*頁?)?[-–—\s]*$",
    re.I,
)
_PAGE_WORD = re.compile(r"^\s*(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.I)


def is_page_number(text: str) -> bool:
    """True for a line that is only a page number, in the usual ways of writing one."""
    return bool(_PAGE_NUMBER.match(text) or _PAGE_WORD.match(text))


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def furniture_lines(pages: list[tuple[float, list]]) -> set[tuple[int, int]]:
    """``(page index, line index)`` of the furniture lines of ``pages``.

    ``pages`` holds ``(page height, lines)``; each line has ``.text``, ``.top`` and ``.bottom``
    (a table row, whose text has tabs, is never furniture but counts as a line of its page).
    """
    candidates: list[tuple[int, int, str]] = []
    for p, (height, lines) in enumerate(pages):
        if not lines:
            continue
        for i, line in enumerate(lines[:2]):
            if line.bottom > 0.1 * height or "\t" in line.text:
                break
            candidates.append((p, i, "top"))
        for i in range(len(lines) - 1, max(len(lines) - 3, -1), -1):
            if lines[i].top < 0.9 * height or "\t" in lines[i].text or any(c[:2] == (p, i) for c in candidates):
                break
            candidates.append((p, i, "bottom"))
    recurring = Counter((band, _mask(pages[p][1][i].text)) for p, i, band in candidates)
    enough = max(3, len(pages) // 5)
    found = set()
    for p, i, band in candidates:
        text = pages[p][1][i].text
        if is_page_number(text) or recurring[(band, _mask(text))] >= enough:
            found.add((p, i))
    return found
