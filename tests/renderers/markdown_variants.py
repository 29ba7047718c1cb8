"""The shipped markdown as other converters and editors leave it.

* :func:`render_gfm_markdown`: each TSV table (each page's part) as a GFM pipe table with its
  delimiter row, as docling- or marker-style PDF converters emit;
* :func:`render_rstripped_markdown`: every line right-stripped (an editor's save), so TSV rows
  lose their trailing empty cells and a group row 「1. 智慧醫療」 loses every tab;
* :func:`render_ragged_tsv_markdown`: TSV rows with trailing empty cells trimmed (down to two
  cells) and some rows with an extra empty cell;
* :func:`render_html_tables_markdown`: each table part as a ``<table>`` block.

Example
-------
>>> import tempfile
>>> text = render_gfm_markdown(tempfile.mkdtemp()).read_text()
>>> "| 具體措施 | 執行內容 | 起訖時程 (年/月-年/月) | 主/協辦 機關單位 |\\n| --- | --- | --- | --- |" in text
True
"""
from __future__ import annotations

import re
from pathlib import Path

from policykg.loaders.plan_document import default_plan_path
from policykg.loaders.tables import find_tables
from renderers.blocks import markdown_lines

__all__ = [
    "render_gfm_markdown",
    "render_rstripped_markdown",
    "render_ragged_tsv_markdown",
    "render_html_tables_markdown",
]

NAME = "ai-new-ten-major-constructions-2026-01.md"


def _table_lines() -> tuple[list[str], dict[int, int], set[int]]:
    """The plan's lines, {first line of a table part: header line}, and every table row's line."""
    lines = markdown_lines()
    starts: dict[int, int] = {}
    rows: set[int] = set()
    for table in find_tables(lines, default_plan_path()):
        key = re.sub(r"\s+", "", lines[table.header_line - 1])
        for lineno in range(table.header_line, table.last_line + 1):
            line = lines[lineno - 1]
            if "\t" not in line:
                continue
            rows.add(lineno)
            if re.sub(r"\s+", "", line) == key:
                starts[lineno] = table.header_line
    return lines, starts, rows


def _write(directory, lines: list[str]) -> Path:
    path = Path(directory) / NAME
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.strip().replace("|", "\\|") for c in cells) + " |"


def render_gfm_markdown(directory) -> Path:
    """The plan with its TSV tables as GFM pipe tables (a delimiter row under each header)."""
    lines, starts, rows = _table_lines()
    out = []
    for lineno, line in enumerate(lines, 1):
        if lineno in rows:
            cells = line.split("\t")
            out.append(_pipe_row(cells))
            if lineno in starts:
                out.append("| " + " | ".join("---" for _ in cells) + " |")
        else:
            out.append(line)
    return _write(directory, out)


def render_rstripped_markdown(directory) -> Path:
    """The plan with every line right-stripped."""
    return _write(directory, [line.rstrip() for line in markdown_lines()])


def render_ragged_tsv_markdown(directory) -> Path:
    """The plan with ragged TSV rows: trailing empty cells trimmed, every 7th row one cell longer."""
    lines, starts, rows = _table_lines()
    out = []
    for lineno, line in enumerate(lines, 1):
        if lineno in rows and lineno not in starts:
            cells = line.split("\t")
            while len(cells) > 2 and not cells[-1].strip():
                cells.pop()
            if lineno % 7 == 0:
                cells.append("")
            line = "\t".join(cells)
        out.append(line)
    return _write(directory, out)


def render_html_tables_markdown(directory) -> Path:
    """The plan with each table part as a ``<table>`` block (cells keep their inline HTML)."""
    lines, starts, rows = _table_lines()
    out = []
    open_table = False
    for lineno, line in enumerate(lines, 1):
        if lineno in rows:
            if lineno in starts:
                if open_table:
                    out.append("</table>")
                out.append("<table>")
                open_table = True
                tag = "th"
            else:
                tag = "td"
            out.append("<tr>" + "".join(f"<{tag}>{c.strip()}</{tag}>" for c in line.split("\t")) + "</tr>")
            continue
        if open_table:
            out.append("</table>")
            open_table = False
        out.append(line)
    if open_table:
        out.append("</table>")
    return _write(directory, out)
