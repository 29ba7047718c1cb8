"""Canonical lines for structured formats (DOCX, ODT, HTML): paragraphs, headings, table rows.

Readers of structured documents call :class:`CanonicalLines` once per paragraph, heading and
table row in document order; it writes the canonical lines the plan parser reads and one
:class:`Location` per line. A *block* is a paragraph or a table row: ``Location.line`` is the
block's number on its page when the document has explicit page breaks (``Location.page`` is
then the page, counted from those breaks), else its number in the document (``page`` None).

Cell text: the lines of one paragraph (a line break inside it) are re-joined with
:func:`join_fragments` (no space between two CJK characters, one between Latin words); a cell
of several paragraphs (list items) is written as ``<p>…</p><p>…</p>``, the markup the plan
parser already reads in converted markdown: its clean text joins the paragraphs with one space
("1. 甲 2. 乙"), and each paragraph is one execution item.

Example
-------
>>> out = CanonicalLines()
>>> out.paragraph("一、緣起", heading=2)
>>> out.row(["甲", ""], merged_columns=[1])
>>> doc = out.build("x.docx", b"", "docx")
>>> doc.lines, sorted(doc.merged), doc.merges_known, doc.where(2)
(['## 一、緣起', '甲\\t'], [(2, 1)], True, 'line 2')
>>> cell_text([["衛福部醫事", "司"]]), cell_text([["1. 甲"], ["2. AI", "agent"]])
('衛福部醫事司', '<p>1. 甲</p><p>2. AI agent</p>')
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from policykg.loaders.document_model import DocumentText, Location
from policykg.loaders.text import join_fragments

__all__ = ["CanonicalLines", "cell_text", "inline_text"]

_BLANKS = re.compile(r"[ \t\u00a0\u3000\r]+")


def inline_text(text: str) -> str:
    """One paragraph's text on one line: tabs and no-break spaces become spaces, line breaks
    are re-joined with :func:`join_fragments`."""
    out = ""
    for piece in text.split("\n"):
        out = join_fragments(out, _BLANKS.sub(" ", piece))
    return out


def cell_text(paragraphs: list[list[str]]) -> str:
    """A table cell's text from its paragraphs (each a list of lines)."""
    texts = [t for t in (inline_text("\n".join(lines)) for lines in paragraphs) if t]
    if len(texts) == 1:
        return texts[0]
    return "".join(f"<p>{t}</p>" for t in texts)


class CanonicalLines:
    """Collects canonical lines with their block locations (see module docstring)."""

    def __init__(self):
        self.lines: list[str] = []
        self._where: list[tuple[int, int, int]] = []  # (page, block on page, block in document)
        self.merged: set[tuple[int, int]] = set()
        self.page = 1
        self.breaks = 0
        self._block = 0
        self._block_on_page = 0

    def page_break(self) -> None:
        """An explicit page break: the next block starts a new page."""
        if self._block:
            self.page += 1
            self.breaks += 1
            self._block_on_page = 0

    def _next_block(self) -> tuple[int, int, int]:
        self._block += 1
        self._block_on_page += 1
        return self.page, self._block_on_page, self._block

    def paragraph(self, text: str, heading: int | None = None) -> None:
        """A paragraph (or a heading of level ``heading``, written as ``#`` × level + text)."""
        where = self._next_block()
        text = inline_text(text)
        if not text:
            return
        if heading:
            text = "#" * min(heading, 9) + " " + text
        self.lines.append(text)
        self._where.append(where)

    def row(self, cells: list[str], merged_columns=()) -> None:
        """A table row; ``merged_columns`` are cells vertically merged with the cell above."""
        where = self._next_block()
        cells = [c.replace("\t", " ").replace("\n", " ") for c in cells]
        self.lines.append("\t".join(cells) if len(cells) > 1 else cells[0] + "\t")
        self._where.append(where)
        line = len(self.lines)
        self.merged.update((line, c) for c in merged_columns)

    def build(self, path, data: bytes, format: str) -> DocumentText:
        path = Path(path)
        paged = self.breaks > 0
        locations = [Location(page, on_page) if paged else Location(None, block) for page, on_page, block in self._where]
        return DocumentText(
            path=str(path),
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            format=format,
            lines=self.lines,
            locations=locations,
            pages=max(page for page, _, _ in self._where) if paged and self._where else None,
            merged=self.merged,
            merges_known=True,
        )
