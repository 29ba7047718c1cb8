"""The document model every reader produces: canonical text lines with their provenance.

A reader (one module per format in :mod:`policykg.loaders.readers`) turns a file into a
:class:`DocumentText`: the lines the plan parser reads — headings and paragraphs as text lines,
tables as tab-separated rows whose header row is repeated where a page break cut the table,
merged cells as empty cells — plus one :class:`Location` per line saying where in the source the
line came from (page, line on the page, bounding box). The parser and the graph builder cite
facts by canonical line number; :meth:`DocumentText.where` turns that into a citation.

Example
-------
>>> text = DocumentText.from_lines("plan.md", b"# T", ["# T", "正文"], "markdown")
>>> text.line_count, text.where(2)
(2, 'line 2')
>>> pdf = DocumentText("p.pdf", "p.pdf", "00", "pdf", ["甲", "乙"], [Location(3, 1), Location(3, 2)])
>>> pdf.where(2), pdf.pages_of(1, 2)
('page 3, line 2', (3, 3))
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Location", "CellBox", "DocumentText"]


@dataclass(frozen=True)
class Location:
    """Where one canonical line came from.

    ``page`` is 1-based (None for formats without pages, such as markdown), ``line`` is the
    1-based line on that page (or in the file when there are no pages), ``bbox`` is
    ``(x0, top, x1, bottom)`` in PDF points from the page's top-left corner, when known.
    """

    page: int | None
    line: int
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class CellBox:
    """The box of one table cell on a page (PDF readers), for citing a cell exactly."""

    page: int
    bbox: tuple[float, float, float, float]


@dataclass
class DocumentText:
    """A document as canonical lines with one :class:`Location` per line.

    ``cells`` maps ``(canonical line, column index)`` of a table row to the boxes its text came
    from (several when a cell continues across a page break); ``merged`` holds the
    ``(line, column)`` cells a reader knows to be vertically merged with the cell above
    (an empty cell not in ``merged`` is simply empty, when the reader can tell the two apart:
    ``merges_known``). ``skipped`` lists (location, text) of source lines a reader dropped as
    page furniture (running headers, footers, page numbers), for the coverage report.
    ``resolved_breaks`` holds the lines of repeated table headers whose page break the reader
    settled from the geometry (the row cut by it re-joined, or no row cut): the parser then does
    not guess whether the next row continues the one before the break.
    """

    path: str
    file_name: str
    sha256: str
    format: str
    lines: list[str]
    locations: list[Location]
    pages: int | None = None
    cells: dict[tuple[int, int], tuple[CellBox, ...]] = field(default_factory=dict)
    merged: set[tuple[int, int]] = field(default_factory=set)
    merges_known: bool = False
    skipped: list[tuple[Location, str]] = field(default_factory=list)
    resolved_breaks: set[int] = field(default_factory=set)

    @classmethod
    def from_lines(cls, path, data: bytes, lines: list[str], format: str) -> "DocumentText":
        """A document without pages: line ``i`` of the file is canonical line ``i``."""
        path = Path(path)
        return cls(
            path=str(path),
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            format=format,
            lines=list(lines),
            locations=[Location(None, i) for i in range(1, len(lines) + 1)],
        )

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def location(self, line: int) -> Location:
        """The location of canonical line ``line`` (1-based)."""
        return self.locations[line - 1]

    def where(self, line: int) -> str:
        """A human citation of canonical line ``line``: ``'page 3, line 2'`` or ``'line 12'``."""
        loc = self.location(line)
        return f"page {loc.page}, line {loc.line}" if loc.page is not None else f"line {loc.line}"

    def pages_of(self, start: int, end: int) -> tuple[int, int] | None:
        """First and last page of canonical lines ``start``..``end``, or None without pages."""
        pages = [self.locations[i - 1].page for i in range(start, end + 1) if self.locations[i - 1].page]
        return (min(pages), max(pages)) if pages else None
