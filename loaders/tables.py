"""TSV tables of a plan document: find them, name their columns, mark page breaks.

A table is a run of tab-separated lines (blank lines allowed inside). Its first line is the
header; a later line equal to the header is a page break (the PDF repeats the header on each
page). Columns are recognised by name, never by position, so layouts with other column
orders or separate 主辦機關 / 協辦機關 columns load too.

Example
-------
>>> t, = find_tables(["具體措施\\t執行內容\\t起訖時程\\t主/協辦 機關單位", "甲\\t乙\\t114/01-117/12\\t國科會"], "x.md")
>>> t.roles
('measure', 'content', 'period', 'agencies')
>>> t.rows[0].cells["agencies"]
'國科會'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.errors import PlanParseError
from policykg.loaders.text import clean_text

__all__ = ["TableRow", "Table", "column_role", "find_tables", "MEASURE_TABLE_ROLES"]

#: roles a measures table must have (agencies may also come as lead + co columns)
MEASURE_TABLE_ROLES = ("measure", "content", "period")

_ROLE_PATTERNS = (
    ("agencies", re.compile(r"主\s*/\s*協辦|主協辦|主辦\s*/\s*協辦")),
    ("lead", re.compile(r"主辦|主政|負責機關|主責")),
    ("co", re.compile(r"協辦|協力|配合機關")),
    ("measure", re.compile(r"具體措施|措施|工作項目")),
    ("content", re.compile(r"執行內容|內容|說明")),
    ("period", re.compile(r"起訖|期程|時程|期間")),
    ("pillar", re.compile(r"建設|項目|主軸|面向")),
)


def column_role(header_cell: str) -> str | None:
    """Name the role of a header cell, or None if unknown.

    >>> column_role("起訖時程 (年/月-年/月)"), column_role("主/協辦 機關單位"), column_role("主政部會")
    ('period', 'agencies', 'lead')
    """
    text = clean_text(header_cell)
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return None


@dataclass
class TableRow:
    """One data line of a table: cells by role (raw text), its line, and whether a page break preceded it."""

    line: int
    cells: dict[str, str]
    after_page_break: bool = False


@dataclass
class Table:
    """A table: header cells, their roles, data rows, and the caption above it (if any)."""

    header_line: int
    header: tuple[str, ...]
    roles: tuple[str | None, ...]
    rows: list[TableRow] = field(default_factory=list)
    caption: str | None = None
    caption_line: int | None = None
    last_line: int = 0

    @property
    def is_measures_table(self) -> bool:
        """A table with a 具體措施 column, or with two of 執行內容 / 起訖時程 / 主/協辦 (a broken one)."""
        if "measure" in self.roles:
            return True
        known = {"content", "period"} & set(self.roles)
        return len(known) + ("agencies" in self.roles or "co" in self.roles) >= 2

    @property
    def is_lead_table(self) -> bool:
        return not self.is_measures_table and "lead" in self.roles and "pillar" in self.roles


_CAPTION = re.compile(r"^\s*表\s*\d+")


def _header_key(line: str) -> str:
    return re.sub(r"\s+", "", line)


def find_tables(lines: list[str], path, first_line: int = 1, breaks_rejoined: bool = False) -> list[Table]:
    """Find every table in ``lines`` (line numbers start at ``first_line``).

    ``breaks_rejoined``: the reader already re-joined the rows cut by page breaks from the
    source's cell geometry (a PDF reader's ``merges_known``), so a repeated header is only a page
    break, and the row after it never continues the row before it.

    A row shorter than its header (trailing empty cells trimmed, as editors and converters
    leave them) is padded with empty cells; extra empty cells are dropped. Raises
    :class:`PlanParseError` only for a row with text in a cell beyond the header's columns.

    >>> t, = find_tables(["甲\\t乙\\t丙", "1\\t", "2\\t3\\t\\t"], "x.md")
    >>> [r.line for r in t.rows], t.rows[0].cells
    ([2, 3], {})
    """
    tables: list[Table] = []
    current: Table | None = None
    header_key = ""
    pending_break = False
    last_caption: tuple[str, int] | None = None
    for offset, line in enumerate(lines):
        lineno = first_line + offset
        if "\t" in line:
            cells = line.split("\t")
            if current is None:
                roles = tuple(column_role(c) for c in cells)
                current = Table(lineno, tuple(clean_text(c) for c in cells), roles, last_line=lineno)
                if last_caption and lineno - last_caption[1] <= 3:
                    current.caption, current.caption_line = last_caption
                header_key = _header_key(line)
                pending_break = False
                tables.append(current)
                continue
            if _header_key(line) == header_key:
                pending_break = bool(current.rows) and not breaks_rejoined
                current.last_line = lineno
                continue
            width = len(current.header)
            if len(cells) > width:
                if any(c.strip() for c in cells[width:]):
                    raise PlanParseError(
                        path,
                        lineno,
                        f"table row has {len(cells)} cells but the table header (line "
                        f"{current.header_line}) has {width}: the text of cell {width + 1} "
                        "has no column to go in",
                    )
                cells = cells[:width]
            cells += [""] * (width - len(cells))
            row = {role: cell for role, cell in zip(current.roles, cells) if role}
            current.rows.append(TableRow(lineno, row, pending_break))
            current.last_line = lineno
            pending_break = False
        elif line.strip() == "":
            continue
        else:
            current = None
            if _CAPTION.match(line):
                last_caption = (clean_text(line), lineno)
    return tables
