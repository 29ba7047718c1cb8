"""Markdown (and plain text) plans, as converters and editors write them.

The file's lines are the canonical lines, with three tolerances:

* a GFM pipe table (header row, ``| --- |`` delimiter row, body rows, as docling- or
  marker-style PDF converters emit) becomes TSV rows; the delimiter row becomes a blank line,
  so canonical line *i* is still line *i* of the file;
* a ``<table>`` block becomes one TSV row per ``<tr>`` (rowspan / colspan as in the HTML
  reader); each row's location is the file line of its ``<tr>``;
* inside a TSV table, lines that lost all their tabs (a right-stripped row 「1. 智慧醫療」 whose
  other cells were empty) are still rows when they follow a TSV row without a blank line and
  the next non-blank line after them is a TSV row too (headings ``#`` and captions 「表 n」
  never are). Short rows are
  padded by :func:`policykg.loaders.tables.find_tables`.

Example
-------
>>> doc = read("plan.md", "# 方案\\n| a | b |\\n| --- | --- |\\n| 1 | 2 |\\n".encode())
>>> doc.lines, doc.where(4)
(['# 方案', 'a\\tb', '', '1\\t2', ''], 'line 4')
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from policykg.errors import PlanParseError
from policykg.loaders.document_model import DocumentText, Location

__all__ = ["read"]

_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_TABLE_OPEN = re.compile(r"^\s*<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_NOT_A_ROW = re.compile(r"^\s*(#|表\s*\d)")


def _pipe_cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip().replace("\\|", "|") for c in _PIPE_SPLIT.split(text)]


def _pipe_tables(lines: list[str]) -> list[str]:
    out = list(lines)
    i = 0
    while i < len(lines) - 1:
        if lines[i].lstrip().startswith("|") and _DELIMITER.match(lines[i + 1]) and "-" in lines[i + 1]:
            out[i] = "\t".join(_pipe_cells(lines[i]))
            out[i + 1] = ""
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                out[i] = "\t".join(_pipe_cells(lines[i]))
                i += 1
            continue
        i += 1
    return out


def _html_tables(path, lines: list[str]) -> tuple[list[str], list[int]]:
    """Replace each ``<table>`` block by its rows; returns the lines and their file line numbers."""
    import lxml.html
    from lxml import etree

    from policykg.loaders.readers.html import table_rows

    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(lines):
        if not _TABLE_OPEN.match(lines[i]):
            out.append(lines[i])
            where.append(i + 1)
            i += 1
            continue
        start = i
        while i < len(lines) and not _TABLE_CLOSE.search(lines[i]):
            i += 1
        if i == len(lines):
            raise PlanParseError(path, start + 1, "a <table> block is never closed (no </table>)")
        block = "\n".join(lines[start: i + 1])
        try:
            table = lxml.html.fragment_fromstring(block, create_parent="div").find(".//table")
        except (etree.ParserError, ValueError) as exc:
            raise PlanParseError(path, start + 1, f"cannot read the <table> block ({exc})") from exc
        for cells, _merged, tr in table_rows(table):
            if cells:
                out.append("\t".join(c.replace("\t", " ") for c in cells) if len(cells) > 1 else cells[0] + "\t")
                where.append(start + (tr.sourceline or 1))
        i += 1
    return out, where


def _tabless_rows(lines: list[str]) -> list[str]:
    """Give a lost tab back to row lines that sit between TSV rows (see module docstring)."""
    out = list(lines)
    i = 1
    while i < len(lines):
        if "\t" in lines[i] or not lines[i].strip() or "\t" not in out[i - 1] or _NOT_A_ROW.match(lines[i]):
            i += 1
            continue
        end = i  # a run of tab-less lines without blank lines between them
        while end + 1 < len(lines) and lines[end + 1].strip() and "\t" not in lines[end + 1] \
                and not _NOT_A_ROW.match(lines[end + 1]):
            end += 1
        following = next((line for line in lines[end + 1:] if line.strip()), "")
        if "\t" in following:
            for k in range(i, end + 1):
                out[k] = lines[k] + "\t"
        i = end + 1
    return out


def read(path, data: bytes) -> DocumentText:
    """Decode UTF-8 (a BOM is dropped, CRLF is LF); other bytes raise :class:`PlanParseError`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PlanParseError(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column})"
        ) from exc
    text = text.lstrip("\ufeff")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    lines = _pipe_tables(lines)
    if any(_TABLE_OPEN.match(line) for line in lines):
        lines, where = _html_tables(path, lines)
    else:
        where = list(range(1, len(lines) + 1))
    lines = _tabless_rows(lines)
    path = Path(path)
    return DocumentText(
        path=str(path),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        format="markdown",
        lines=lines,
        locations=[Location(None, n) for n in where],
    )
