"""Text clean-up for plan documents converted from PDF.

PDF line wraps leave a space between two CJK characters ("數發部 數產署"); cells carry
HTML remnants (``<b>``, ``<ol><li>``, ``<p>``, ``<sup>``). These helpers undo that without
changing any character of the text itself (no script conversion).

Example
-------
>>> clean_text("數發部 數產署")
'數發部數產署'
>>> clean_text("<b>8. AI 智慧城市</b>")
'8. AI 智慧城市'
>>> join_fragments("衛福部醫事", "司")
'衛福部醫事司'
>>> [i.text for i in split_numbered_items("1. 甲 2. 乙")]
['甲', '乙']
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

__all__ = [
    "is_cjk",
    "clean_text",
    "strip_tags",
    "join_fragments",
    "NumberedItem",
    "split_numbered_items",
    "normalise_spaces",
]

_CJK_RANGES = (
    (0x2E80, 0x2FFF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation 、。「」
    (0x3040, 0x30FF),  # kana
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF0F),  # full-width punctuation ！＂（）
    (0xFF1A, 0xFF20),  # ：；＜＝＞？＠
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65),
    (0x20000, 0x2FA1F),
)


@lru_cache(maxsize=None)
def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and CJK/full-width punctuation.

    >>> is_cjk("數"), is_cjk("，"), is_cjk("A")
    (True, True, False)
    """
    if not ch:
        return False
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


_TAG_BREAK = re.compile(r"</?(?:li|p|ol|ul|br)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SUP = re.compile(r"<sup>[^<]*</sup>", re.I)
_WS = re.compile(r"[ \t\u00a0\u3000]+")
_CJK_CLASS = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _CJK_RANGES)  # the characters is_cjk accepts
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_CLASS}]) (?=[{_CJK_CLASS}])")


def strip_tags(text: str) -> str:
    """Remove HTML remnants; list and paragraph tags become spaces, footnote marks vanish.

    >>> strip_tags("<ol> <li>1. 甲</li> <li>2. 乙</li> </ol>")
    ' 1. 甲 2. 乙 '
    """
    text = _SUP.sub("", text)
    text = _TAG_BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    return _WS.sub(" ", text.replace("\n", " "))


def normalise_spaces(text: str) -> str:
    """Collapse runs of blanks and drop a blank that sits between two CJK characters.

    >>> normalise_spaces("跨部會協作推動百 萬用戶")
    '跨部會協作推動百萬用戶'
    >>> normalise_spaces("AI 智慧城市")
    'AI 智慧城市'
    """
    text = _WS.sub(" ", text).strip()
    if " " not in text:
        return text
    return _SPACE_BETWEEN_CJK.sub("", text)


def clean_text(text: str) -> str:
    """Strip HTML remnants and PDF wrap spaces; keep every other character as written.

    List items and paragraphs (``<li>``, ``<p>``) stay separated by one space.

    >>> clean_text("<ol> <li>研擬授權條款</li> <li>研訂獎勵機制</li> </ol>")
    '研擬授權條款 研訂獎勵機制'
    """
    text = _SUP.sub("", text)
    pieces = _TAG_BREAK.split(text)
    cleaned = (normalise_spaces(_TAG.sub("", piece)) for piece in pieces)
    return " ".join(piece for piece in cleaned if piece)


def join_fragments(first: str, second: str) -> str:
    """Re-join a cell split at a line or page break.

    A space is kept only between two non-CJK characters ("AI" + "model").

    >>> join_fragments("Python AI 實作入", "門」多元選修課程")
    'Python AI 實作入門」多元選修課程'
    >>> join_fragments("AI", "agent")
    'AI agent'
    """
    first, second = first.strip(), second.strip()
    if not first:
        return second
    if not second:
        return first
    if is_cjk(first[-1]) or is_cjk(second[0]):
        return first + second
    return first + " " + second


@dataclass(frozen=True)
class NumberedItem:
    """One numbered item of a list written inline ("1. 甲 2. 乙")."""

    number: int
    text: str


_ITEM_MARK = re.compile(r"(?:(?<=^)|(?<=\s)|(?<=[。；;]))(\d{1,2})\.\s*(?=\D)")


def split_numbered_items(text: str) -> list[NumberedItem]:
    """Split an inline numbered list; numbers must run 1, 2, 3 … to count as markers.

    Text without a leading ``1.`` is one item numbered 1. Decimal numbers such as
    "2.0" are never markers.

    >>> [(i.number, i.text) for i in split_numbered_items("1. 甲 2. 乙 智慧國家2.0")]
    [(1, '甲'), (2, '乙 智慧國家2.0')]
    >>> [(i.number, i.text) for i in split_numbered_items("沒有編號")]
    [(1, '沒有編號')]
    """
    text = text.strip()
    if not text:
        return []
    marks = []
    expected = 1
    for m in _ITEM_MARK.finditer(text):
        if int(m.group(1)) == expected:
            if expected == 1 and m.start() != 0:
                break
            marks.append(m)
            expected += 1
    if not marks:
        return [NumberedItem(1, text)]
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        items.append(NumberedItem(int(m.group(1)), text[m.end():end].strip()))
    return items
