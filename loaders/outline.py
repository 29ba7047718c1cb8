"""The heading tree of a plan document, by its numbering markers (not by ``#`` depth).

Levels: Ⅰ、 (a part, level 0) → 壹、 → 一、 → (一) → 1. → (1) → A. → (A) → a; 附錄、 and a lone
結語 line are parts too (level 0). The markdown ``#`` depth of the PDF
conversion is unreliable ("#### 四、…" beside "## 五、…"), so only the markers count.
Page-break noise is removed first: repeated running headers (the plan title), ``<b>`` and
``**`` decoration, footnote marks ``<sup>n</sup>``, footnote lines, figure captions and the
table of contents (from a 目錄 line to its last dot-leader entry).

Example
-------
>>> doc = ["# 方案", "# 壹、前言", "## 一、緣起", "本文。", "### (一) 推動策略", "1. 智慧醫療", "內容"]
>>> root = build_outline(doc, title="方案")
>>> [(n.level, n.marker, n.title) for n in root.walk()]
[(1, '壹', '前言'), (2, '一', '緣起'), (3, '一', '推動策略'), (4, '1', '智慧醫療')]
>>> root.children[0].children[0].body
'本文。'
"""
from __future__ import annotations

import re
from functools import reduce
from dataclasses import dataclass, field

from policykg.loaders.text import clean_text, join_fragments

__all__ = ["PART_LEVEL", "OutlineNode", "marker_of", "build_outline", "is_noise_line", "footnotes", "contents_lines", "marker_number"]

_CN = "一二三四五六七八九十"
#: the level of a plan's parts (Ⅰ、Ⅱ、…, 附錄、, 結語), above 壹 (level 1); the root is level -1
PART_LEVEL = 0
_MARKERS = (
    (PART_LEVEL, re.compile(r"^([\u2160-\u216b]+)\s*、\s*(.*)$")),
    (PART_LEVEL, re.compile(rf"^(附錄[{_CN}]*)\s*[、：:]\s*(.*)$")),
    (PART_LEVEL, re.compile(r"^(結語|結論)()$")),
    (1, re.compile(r"^([壹貳參肆伍陸柒捌玖拾]+)\s*、\s*(.*)$")),
    (2, re.compile(rf"^([{_CN}]+)\s*、\s*(.*)$")),
    (3, re.compile(rf"^[(（]\s*([{_CN}]+)\s*[)）]\s*(.*)$")),
    (4, re.compile(r"^(\d{1,2})\s*[.．](?![\d])\s*(.*)$")),
    (5, re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*(.*)$")),
    (6, re.compile(r"^([A-Z])\s*[.．](?![A-Za-z0-9])\s*(.*)$")),
    (7, re.compile(r"^[(（]\s*([A-Z])\s*[)）]\s*(.*)$")),
    (8, re.compile(r"^([a-z])\s*[.．](?![A-Za-z0-9])\s*(.*)$")),
)


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FORMAL = str.maketrans("壹貳參肆伍陸柒捌玖拾", "一二三四五六七八九十")


def marker_number(marker: str) -> int | None:
    """The value of a numbering marker up to 99: 一 → 1, 十二 → 12, 參 → 3, Ⅶ → 7, 12 → 12.

    >>> [marker_number(m) for m in ("一", "十", "十二", "二十一", "參", "Ⅶ", "Ⅻ", "3", "附錄")]
    [1, 10, 12, 21, 3, 7, 12, 3, None]
    """
    if marker.isdigit() and marker.isascii():
        return int(marker)
    if len(marker) == 1 and "\u2160" <= marker <= "\u216b":
        return ord(marker) - 0x215F
    text = marker.translate(_FORMAL)
    if not text or any(ch not in _CN for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS.get(text)
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)


@dataclass
class OutlineNode:
    """A numbered heading or list item, with the text under it until the next marker."""

    level: int
    marker: str
    title: str
    line: int
    line_end: int
    body_lines: list[str] = field(default_factory=list)
    children: list["OutlineNode"] = field(default_factory=list)
    parent: "OutlineNode | None" = field(default=None, repr=False)
    #: on the root: non-blank lines the outline left out (title page, contents, page furniture,
    #: captions, footnote lines), for the coverage report; lines of ``skip`` (tables) are not listed
    ignored: list[int] = field(default_factory=list, repr=False)

    @property
    def body(self) -> str:
        return reduce(join_fragments, self.body_lines, "")

    @property
    def text(self) -> str:
        """Title and body as one string."""
        return self.title + self.body

    @property
    def full_text(self) -> str:
        """Own text plus every descendant's text."""
        return " ".join([self.text] + [c.full_text for c in self.children]).strip()

    @property
    def subtree_end(self) -> int:
        return max([self.line_end] + [c.subtree_end for c in self.children])

    def walk(self):
        """Every descendant, depth first (the root itself excluded)."""
        for child in self.children:
            yield child
            yield from child.walk()

    def find(self, predicate):
        return [n for n in self.walk() if predicate(n)]


_DECORATION = re.compile(r"^\s*(?:#+\s*|[-*]\s+|\*\*|<b>)*")


def _undecorate(line: str) -> str:
    text = _DECORATION.sub("", line)
    text = re.sub(r"(\*\*|</?b>)", "", text)
    return clean_text(text)


def marker_of(line: str) -> tuple[int, str, str] | None:
    """(level, marker, rest) when a line starts with a numbering marker.

    >>> marker_of("##### (1)次世代數位醫療平臺計畫")
    (5, '1', '次世代數位醫療平臺計畫')
    >>> marker_of("2040 年創造") is None
    True
    """
    text = _undecorate(line)
    for level, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            return level, m.group(1), m.group(2).strip()
    return None


_FOOTNOTE = re.compile(r"^\s*<sup>\s*\d+\s*</sup>")
_FIGURE = re.compile(r"^\s*圖\s*\d+\s*[\s、:：]")
_LEADER = re.compile(r"(?:\.{5,}|…{3,})\s*\**\s*(?:<b>)?\s*\d+\s*(?:</b>)?\s*\**\s*$")


def is_noise_line(line: str, title_key: str | None) -> bool:
    """Page furniture: running headers, separators, footnotes, figure captions, TOC leaders."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped in ("---", "***", "___"):
        return True
    if "....." in stripped or "…" * 3 in stripped:
        return True
    if _FOOTNOTE.match(stripped) or _FIGURE.match(stripped):
        return True
    key = re.sub(r"[\s#*]|</?b>", "", stripped)
    if title_key and key == title_key:
        return True
    return key == "目錄"


def footnotes(lines: list[str], first_line: int = 1) -> list[tuple[int, str]]:
    """Footnote texts with their line numbers (they are noise for the outline, data for metadata)."""
    return [
        (first_line + i, clean_text(_FOOTNOTE.sub("", line)))
        for i, line in enumerate(lines)
        if _FOOTNOTE.match(line.strip())
    ]


def contents_lines(lines: list[str], first_line: int = 1, reach: int = 80) -> set[int]:
    """Line numbers of the table of contents: a 目錄 line up to its last dot-leader entry.

    An entry wrapped over two lines (「Ⅱ、能源及產業轉型篇：」 / 「零碳能源… ..... 13」) is
    inside the range, so its first half is not taken for a heading.

    >>> sorted(contents_lines(["封面", "目錄", "Ⅰ、總論 ....... 1", "Ⅱ、能源篇：", "零碳 ..... 13", "Ⅰ、總論"]))
    [2, 3, 4, 5]
    """
    out: set[int] = set()
    for i, line in enumerate(lines):
        if re.sub(r"[\s#*]|</?b>", "", line) != "目錄":
            continue
        last = max((j for j in range(i + 1, min(len(lines), i + 1 + reach)) if _LEADER.search(lines[j])), default=None)
        if last is not None:
            out.update(range(first_line + i, first_line + last + 1))
    return out


def build_outline(lines: list[str], title: str | None = None, first_line: int = 1, skip=()) -> OutlineNode:
    """Build the heading tree of ``lines``; ``skip`` holds line numbers to leave out (tables).

    Lines before the first part or level-1 heading (title page, contents) are ignored. The
    root has level -1, parts (Ⅰ、…) level 0, 壹、 level 1.
    """
    title_key = re.sub(r"\s", "", title) if title else None
    root = OutlineNode(PART_LEVEL - 1, "", "", first_line, first_line)
    stack = [root]
    started = False
    contents = contents_lines(lines, first_line)
    skip = set(skip)
    for offset, line in enumerate(lines):
        lineno = first_line + offset
        if lineno in skip:
            continue
        if lineno in contents or "\t" in line or is_noise_line(line, title_key):
            if line.strip():
                root.ignored.append(lineno)
            continue
        found = marker_of(line)
        if found and found[0] <= 1:
            started = True
        if not started:
            root.ignored.append(lineno)
            continue
        if found:
            level, marker, rest = found
            while stack[-1].level >= level:
                stack.pop()
            node = OutlineNode(level, marker, rest, lineno, lineno, parent=stack[-1])
            stack[-1].children.append(node)
            stack.append(node)
        else:
            node = stack[-1]
            if re.match(r"^\s*表\s*\d+", line):
                continue  # a table caption: read with its table
            node.body_lines.append(_undecorate(line))
            node.line_end = lineno
    return root
