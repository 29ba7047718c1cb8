"""The shipped plan as format-neutral blocks: headings, paragraphs and Word-style tables.

Every renderer of :mod:`renderers` writes these blocks, so all renderings carry the same
document. Prose comes from the markdown lines (a ``#`` line is a heading of that depth, ``**``
/ ``<b>`` runs are bold, ``<sup>n</sup>`` is a superscript run); each table of the markdown
becomes one table, and a measures table is rebuilt from what the plan parser read, the way a
ministry's Word file holds it: one header row (repeated on each page), a group row
(「1. 智慧醫療」) spanning all columns, one row per period of a measure, and a vertically
merged cell wherever several rows share one cell (a measure's name over its period rows, one
content cell shared by several measures). Cell text is the parser's clean text, cut into
paragraphs at numbered items ("1. 甲 2. 乙") and into lines at safe places, so a reader that
joins them as documented gets the same text back.

Example
-------
>>> doc = plan_blocks()
>>> [b.text for b in doc.blocks if isinstance(b, Heading)][:3]
['AI 新十大建設推動方案', '目錄', '壹、前言']
>>> t = next(b for b in doc.blocks if isinstance(b, TableBlock) and b.kind == "measures")
>>> [c.text for c in t.rows[1] if c], t.rows[1][0].colspan
(['1. 智慧醫療'], 4)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from policykg.loaders.measures_table import read_measures_table
from policykg.loaders.plan_document import default_plan_path
from policykg.loaders.tables import Table, find_tables
from policykg.loaders.text import clean_text, is_cjk

__all__ = ["Run", "Heading", "Paragraph", "CellSpec", "TableBlock", "PlanBlocks", "plan_blocks", "markdown_lines"]


@dataclass(frozen=True)
class Run:
    """A piece of text with its character formatting."""

    text: str
    bold: bool = False
    superscript: bool = False


@dataclass
class Heading:
    level: int
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Paragraph:
    runs: list[Run]
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class CellSpec:
    """A table cell: paragraphs of lines (a line break between lines), its spans, bold or not."""

    paragraphs: list[list[str]]
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False

    @property
    def text(self) -> str:
        texts = [t for t in (_join_lines(lines) for lines in self.paragraphs) if t]
        return texts[0] if len(texts) == 1 else "".join(f"<p>{t}</p>" for t in texts)


def _join_lines(lines: list[str]) -> str:
    from policykg.loaders.text import join_fragments

    out = ""
    for line in lines:
        out = join_fragments(out, line)
    return out


@dataclass
class TableBlock:
    """Rows of cells; ``None`` marks a grid position covered by a span from above or the left."""

    kind: str  # "measures", "lead" or "other"
    rows: list[list[CellSpec | None]]
    header_rows: int = 1

    @property
    def columns(self) -> int:
        return len(self.rows[0])


@dataclass
class PlanBlocks:
    blocks: list = field(default_factory=list)


# -- cell text --------------------------------------------------------------------
_ITEM = re.compile(r"(?<= )(\d{1,2})\.\s*(?=\D)")


def _item_paragraphs(text: str) -> list[str]:
    """Cut ``1. 甲 2. 乙`` into ``['1. 甲', '2. 乙']`` at the spaces before items 2, 3, …"""
    if not re.match(r"1\.\s*\D", text):
        return [text]
    cuts, expected = [], 2
    for m in _ITEM.finditer(text):
        if int(m.group(1)) == expected:
            cuts.append(m.start())
            expected += 1
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(text[start:cut].rstrip())
        start = cut
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _line_pieces(text: str, role: str) -> list[str]:
    """Line breaks where a Word user types them and a reader can undo them exactly.

    Periods break at a space between two non-CJK characters ("114/01-114/12 115/01-117/12"),
    long agency lists after 「、」.
    """
    if role == "period":
        parts = re.split(r"(?<=[^\s]) (?=[^\s])", text)
        merged = []
        for part in parts:
            if merged and (is_cjk(merged[-1][-1]) or is_cjk(part[0])):
                merged[-1] += " " + part
            else:
                merged.append(part)
        return merged
    if role == "agencies" and len(text) > 12 and "、" in text:
        pieces = re.split(r"(?<=、)", text)
        return [p for p in pieces if p]
    return [text]


def _cell(text: str, role: str = "", **kw) -> CellSpec:
    return CellSpec([_line_pieces(p, role) for p in _item_paragraphs(text)], **kw)


_PARAGRAPH_TAG = re.compile(r"</?(?:li|p|ol|ul|br)\b[^>]*>", re.I)


def _model_cell(cell, role: str, **kw) -> CellSpec:
    """A cell of the parsed table: one paragraph per ``<li>`` / ``<p>`` of its source, each cut
    at its numbered items (the parser joins a cell's paragraphs with one space)."""
    if cell is None:
        return CellSpec([[""]], **kw)
    paragraphs = []
    for piece in _PARAGRAPH_TAG.split(cell.raw):
        text = clean_text(piece)
        paragraphs.extend(_line_pieces(p, role) for p in _item_paragraphs(text) if text)
    return CellSpec(paragraphs or [[""]], **kw)


# -- tables -------------------------------------------------------------------------
def _raw_rows(table: Table, lines: list[str]) -> list[list[str]]:
    """Every data row of a table from its lines, repeated headers (page breaks) left out."""
    header_key = re.sub(r"\s+", "", lines[table.header_line - 1])
    rows = []
    for line in lines[table.header_line: table.last_line]:
        if "\t" in line and re.sub(r"\s+", "", line) != header_key:
            rows.append(line.split("\t"))
    return rows


def _simple_table(table: Table, lines: list[str], kind: str) -> TableBlock:
    rows = [[_cell(clean_text(c)) for c in table.header]]
    for cells in _raw_rows(table, lines):
        rows.append([_cell(clean_text(c)) for c in cells])
    return TableBlock(kind, rows)


def _measures_table(table: Table, path) -> TableBlock:
    roles = [r for r in table.roles]
    ncols = len(roles)
    rows: list[list[CellSpec | None]] = [[_cell(h, bold=True) for h in table.header]]
    # grid of the model's Cell objects (identity = one merged Word cell)
    grid: list[list[object]] = []
    kinds: list[str] = []
    for group in read_measures_table(table, path):
        if not group.implicit:
            grid.append([f"{group.number}. {group.title}"] + [None] * (ncols - 1))
            kinds.append("group")
        for measure in group.measures:
            for schedule in measure.schedule:
                row = []
                for role in roles:
                    if role == "measure":
                        row.append(measure.name_cell)
                    elif role == "content":
                        row.append(schedule.content)
                    elif role == "period":
                        row.append(schedule.period)
                    elif role in schedule.agencies:
                        row.append(schedule.agencies[role])
                    else:
                        row.append(None)
                grid.append(row)
                kinds.append("measure")
    body: list[list[CellSpec | None]] = []
    for i, row in enumerate(grid):
        if kinds[i] == "group":
            body.append([_cell(row[0], colspan=ncols, bold=True)] + [None] * (ncols - 1))
            continue
        out: list[CellSpec | None] = []
        for j, cell in enumerate(row):
            above = grid[i - 1][j] if i and kinds[i - 1] == "measure" else None
            if cell is not None and cell is above:
                out.append(None)
                continue
            span = 1
            while i + span < len(grid) and kinds[i + span] == "measure" and grid[i + span][j] is cell and cell is not None:
                span += 1
            out.append(_model_cell(cell, roles[j] or "", rowspan=span))
        body.append(out)
    return TableBlock("measures", rows + body)


# -- prose --------------------------------------------------------------------------
_INLINE = re.compile(r"(\*\*|</?b>|<sup>[^<]*</sup>)")


def _runs(text: str) -> list[Run]:
    runs, bold = [], False
    for piece in _INLINE.split(text):
        if piece in ("**", "<b>", "</b>"):
            bold = (not bold) if piece == "**" else piece == "<b>"
            continue
        if piece.startswith("<sup>"):
            runs.append(Run(piece[5:-6], bold, superscript=True))
        elif piece:
            runs.append(Run(piece.replace("&amp;", "&"), bold))
    return [r for r in runs if r.text.strip() or r.superscript] or [Run(text)]


def markdown_lines() -> list[str]:
    """The shipped plan's lines, exactly as in the file."""
    return default_plan_path().read_text(encoding="utf-8").split("\n")


@lru_cache(maxsize=1)
def plan_blocks() -> PlanBlocks:
    """The shipped plan as blocks (cached; treat as read-only)."""
    path = default_plan_path()
    lines = markdown_lines()
    tables = {t.header_line: t for t in find_tables(lines, path)}
    covered: set[int] = set()
    for t in tables.values():
        covered.update(range(t.header_line, t.last_line + 1))
    doc = PlanBlocks()
    for lineno, line in enumerate(lines, 1):
        if lineno in tables:
            t = tables[lineno]
            if t.is_measures_table:
                doc.blocks.append(_measures_table(t, path))
            else:
                doc.blocks.append(_simple_table(t, lines, "lead" if t.is_lead_table else "other"))
            continue
        if lineno in covered:
            continue
        stripped = line.strip()
        if not stripped or stripped in ("---", "***", "___"):
            continue
        m = re.match(r"^(#+)\s*(.*)$", stripped)
        if m:
            doc.blocks.append(Heading(min(len(m.group(1)), 6), _runs(m.group(2).strip())))
        elif stripped.startswith("- "):
            doc.blocks.append(Paragraph(_runs(stripped[2:].strip()), bullet=True))
        else:
            doc.blocks.append(Paragraph(_runs(stripped)))
    return doc
