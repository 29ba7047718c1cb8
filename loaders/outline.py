"""The heading tree of a plan document, by its numbering markers (not by ``#`` depth).

Levels: 壹、 → 一、 → (一) → 1. → (1) → A. → (A) → a. The markdown ``#`` depth of the PDF
conversion is unreliable ("#### 四、…" beside "## 五、…"), so only the markers count.
Page-break noise is removed first: repeated running headers (the plan title), ``<b>`` and
``**`` decoration, footnote marks ``<sup>n</sup>``, footnote lines, figure captions and the
table of contents.

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

__all__ = ["OutlineNode", "marker_of", "build_outline", "is_noise_line", "footnotes"]

_CN = "一二三四五六七八九十"
_MARKERS = (
    (1, re.compile(r"^([壹貳參肆伍陸柒捌玖拾]+)\s*、\s*(.*)$")),
    (2, re.compile(rf"^([{_CN}]+)\s*、\s*(.*)$")),
    (3, re.compile(rf"^[(（]\s*([{_CN}]+)\s*[)）]\s*(.*)$")),
    (4, re.compile(r"^(\d{1,2})\s*[.．](?![\d])\s*(.*)$")),
    (5, re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*(.*)$")),
    (6, re.compile(r"^([A-Z])\s*[.．](?![A-Za-z0-9])\s*(.*)$")),
    (7, re.compile(r"^[(（]\s*([A-Z])\s*[)）]\s*(.*)$")),
    (8, re.compile(r"^([a-z])\s*[.．](?![A-Za-z0-9])\s*(.*)$")),
)


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
_FIGURE = re.compile(r"^\s*圖\s*\d+\s")


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


def build_outline(lines: list[str], title: str | None = None, first_line: int = 1, skip=()) -> OutlineNode:
    """Build the heading tree of ``lines``; ``skip`` holds line numbers to leave out (tables).

    Lines before the first level-1 heading (title page, contents) are ignored.
    """
    title_key = re.sub(r"\s", "", title) if title else None
    root = OutlineNode(0, "", "", first_line, first_line)
    stack = [root]
    started = False
    for offset, line in enumerate(lines):
        lineno = first_line + offset
        if lineno in skip or "\t" in line or is_noise_line(line, title_key):
            continue
        found = marker_of(line)
        if found and found[0] == 1:
            started = True
        if not started:
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
                continue
            node.body_lines.append(_undecorate(line))
            node.line_end = lineno
    return root
