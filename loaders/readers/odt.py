"""OpenDocument texts (.odt), read from ``content.xml`` with lxml.

* Headings: ``text:h`` with its ``text:outline-level`` becomes ``#`` × level + its text (the
  numbering markers typed in the text stay, so the plan parser finds them).
* Tables: one canonical row per ``table:table-row`` (``number-rows-repeated`` honoured); a
  ``number-columns-spanned`` cell is its text plus empty cells; a ``table:covered-table-cell``
  under a ``number-rows-spanned`` cell is an empty cell recorded in ``DocumentText.merged``
  (one beside a column span is simply empty).
* Footnotes and endnotes (``text:note``): the mark stays as ``<sup>n</sup>``, the note's text
  follows its paragraph (or table) as a line ``<sup>n</sup> text``, as in converted markdown.
* Provenance: ``Location(page, line)`` with ``line`` the paragraph or table row number, on its
  page when the document has page breaks (a paragraph style with ``fo:break-before="page"``,
  or LibreOffice's ``text:soft-page-break``).

Example
-------
>>> import tempfile
>>> from pathlib import Path
>>> from odf.opendocument import OpenDocumentText
>>> from odf.text import H, P
>>> d = OpenDocumentText(); d.text.addElement(H(outlinelevel=2, text="一、緣起")); d.text.addElement(P(text="本文"))
>>> p = Path(tempfile.mkdtemp()) / "x.odt"; d.save(str(p))
>>> read(p, p.read_bytes()).lines
['## 一、緣起', '本文']
"""
from __future__ import annotations

import io
import zipfile
import zlib

from policykg.errors import PlanParseError
from policykg.loaders.readers.canonical import CanonicalLines, cell_text

__all__ = ["read"]

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


class _Styles:
    """Which paragraph styles break the page before, and which text styles are superscript."""

    def __init__(self, *roots):
        self.parent: dict[str, str | None] = {}
        self.breaks: set[str] = set()
        self.sup: set[str] = set()
        for root in roots:
            if root is None:
                continue
            for style in root.iter(f"{STYLE}style"):
                name = style.get(f"{STYLE}name")
                self.parent[name] = style.get(f"{STYLE}parent-style-name")
                para = style.find(f"{STYLE}paragraph-properties")
                if para is not None and para.get(f"{FO}break-before") == "page":
                    self.breaks.add(name)
                text = style.find(f"{STYLE}text-properties")
                if text is not None and (text.get(f"{STYLE}text-position") or "").startswith(("super", "33%")):
                    self.sup.add(name)

    def breaks_page(self, name: str | None) -> bool:
        seen = set()
        while name and name not in seen:
            if name in self.breaks:
                return True
            seen.add(name)
            name = self.parent.get(name)
        return False


class _Reader:
    def __init__(self, styles: _Styles):
        self.styles = styles
        self.out = CanonicalLines()
        self.pending_breaks = 0
        self.notes: list[str] = []  # footnotes cited and not yet written: 「<sup>1</sup> text」

    def inline(self, element) -> str:
        """Text of a paragraph's content: spans, spaces, tabs, line breaks; notes left out."""
        parts = [element.text or ""]
        for child in element:
            tag = child.tag
            if tag == f"{TEXT}s":
                parts.append(" " * int(child.get(f"{TEXT}c", "1")))
            elif tag == f"{TEXT}tab":
                parts.append("\t")
            elif tag == f"{TEXT}line-break":
                parts.append("\n")
            elif tag == f"{TEXT}soft-page-break":
                self.pending_breaks += 1
            elif tag == f"{TEXT}note":
                citation = "".join(child.find(f"{TEXT}note-citation").itertext()).strip() \
                    if child.find(f"{TEXT}note-citation") is not None else str(len(self.notes) + 1)
                body = child.find(f"{TEXT}note-body")
                text = " ".join(self.inline(p) for p in body.iter(f"{TEXT}p", f"{TEXT}h")) if body is not None else ""
                parts.append(f"<sup>{citation}</sup>")
                self.notes.append(f"<sup>{citation}</sup> {text.strip()}")
            elif tag in (f"{TEXT}bookmark", f"{TEXT}bookmark-start", f"{TEXT}bookmark-end"):
                pass
            elif tag in (f"{TEXT}span", f"{TEXT}a", f"{TEXT}ruby", f"{TEXT}ruby-base", f"{TEXT}meta"):
                inner = self.inline(child)
                if child.get(f"{TEXT}style-name") in self.styles.sup and inner.strip():
                    inner = f"<sup>{inner}</sup>"
                parts.append(inner)
            parts.append(child.tail or "")
        return "".join(parts)

    def _flush_breaks(self) -> None:
        for _ in range(self.pending_breaks):
            self.out.page_break()
        self.pending_breaks = 0

    def paragraph(self, element, heading: int | None) -> None:
        if self.styles.breaks_page(element.get(f"{TEXT}style-name")):
            self.out.page_break()
        self._flush_breaks()
        text = self.inline(element)
        self.out.paragraph(text, heading=heading)
        self._flush_notes()
        self._flush_breaks()

    def _flush_notes(self) -> None:
        """Each footnote cited so far as its own line, as converted markdown has it."""
        for note in self.notes:
            self.out.paragraph(note)
        self.notes.clear()

    def cell_paragraphs(self, cell) -> list[list[str]]:
        paragraphs = []
        for p in cell.iter(f"{TEXT}p", f"{TEXT}h"):
            paragraphs.append(self.inline(p).replace("\t", " ").split("\n"))
        self.pending_breaks = 0  # a page break inside a row is the row's page
        return paragraphs

    def table(self, table) -> None:
        rows = [r for r in table.iter(f"{TABLE}table-row") if next(r.iterancestors(f"{TABLE}table")) is table]
        below: dict[int, int] = {}  # column → rows still covered by a cell spanning rows above
        for row in rows:
            repeat = min(int(row.get(f"{TABLE}number-rows-repeated", "1")), 1000)
            for _ in range(repeat):
                cells: list[str] = []
                merged: list[int] = []
                for cell in row:
                    if cell.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                        continue
                    times = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
                    for _ in range(min(times, 64)):
                        column = len(cells)
                        if cell.tag == f"{TABLE}covered-table-cell":
                            if below.get(column, 0) > 0:
                                merged.append(column)
                            cells.append("")
                            continue
                        span = int(cell.get(f"{TABLE}number-columns-spanned", "1"))
                        rowspan = int(cell.get(f"{TABLE}number-rows-spanned", "1"))
                        cells.append(cell_text(self.cell_paragraphs(cell)))
                        for c in range(column, column + span):
                            below[c] = rowspan  # decremented once for this row below
                for c in list(below):
                    below[c] -= 1
                while len(cells) > 1 and not cells[-1] and len(cells) - 1 not in merged and repeat > 1:
                    cells.pop()
                if cells:
                    self.out.row(cells, merged)

    def body(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{TEXT}h":
                self.paragraph(child, int(child.get(f"{TEXT}outline-level", "1")))
            elif tag == f"{TEXT}p":
                self.paragraph(child, None)
            elif tag == f"{TABLE}table":
                self._flush_breaks()
                self.table(child)
                self._flush_notes()  # notes cited in cells follow the table
            elif tag == f"{TEXT}soft-page-break":
                self.pending_breaks += 1
            elif tag in (f"{TEXT}list", f"{TEXT}list-item", f"{TEXT}list-header", f"{TEXT}section",
                         f"{TEXT}index-body", f"{TEXT}table-of-content"):
                self.body(child)


def _xml(path, archive, name: str, required: bool):
    from lxml import etree

    try:
        data = archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PlanParseError(path, None, f"not a readable ODT ({name} is damaged: {exc})") from exc
    except KeyError:
        if required:
            raise PlanParseError(path, None, f"not a readable ODT (the package has no {name})") from None
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise PlanParseError(path, None, f"not a readable ODT ({name}: {exc})") from exc


def read(path, data: bytes):
    """Headings, paragraphs and tables of an ODT as canonical lines (see module docstring)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = _xml(path, archive, "content.xml", required=True)
            styles = _Styles(_xml(path, archive, "styles.xml", required=False), content)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise PlanParseError(path, None, f"not a readable ODT (not a ZIP package, or a damaged one: {exc})") from exc
    text = content.find(f"{OFFICE}body/{OFFICE}text")
    if text is None:
        raise PlanParseError(path, None, "not a readable ODT (content.xml has no office:text body)")
    reader = _Reader(styles)
    reader.body(text)
    doc = reader.out.build(path, data, "odt")
    if not doc.lines:
        raise PlanParseError(path, None, "the document has no text")
    return doc
