"""The shipped plan as a Word document (python-docx), tables the way Word holds them.

Headings use the Heading 1–6 styles with their numbering markers in the text; a page break
precedes each level-1 heading but the first; the header row of every table repeats on each page
(``w:tblHeader``); group rows span all columns (``w:gridSpan``); cells shared by several rows are
vertically merged (``w:vMerge``); rows may split across pages (no ``w:cantSplit``); list items
inside a cell are paragraphs, a line break inside a period or agency cell is ``w:br``.

Example
-------
>>> import tempfile, zipfile
>>> p = render_docx(tempfile.mkdtemp())
>>> xml = zipfile.ZipFile(p).read("word/document.xml").decode()
>>> p.suffix, "w:tblHeader" in xml, 'w:vMerge w:val="restart"' in xml, "w:gridSpan" in xml
('.docx', True, True, True)
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from renderers._zip import normalise_zip
from renderers.blocks import CellSpec, Heading, Paragraph, TableBlock, plan_blocks

__all__ = ["render_docx"]


def _write_cell(cell, spec: CellSpec) -> None:
    for k, lines in enumerate(spec.paragraphs):
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = spec.bold or None
            if i + 1 < len(lines):
                run.add_break()


#: column widths in cm of a measures table (具體措施, 執行內容, 起訖時程, 主/協辦) on A4 with 2 cm margins
MEASURE_WIDTHS_CM = (3.4, 7.6, 2.6, 3.4)


def _table(document, block: TableBlock) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = document.add_table(rows=len(block.rows), cols=block.columns)
    table.style = "Table Grid"
    table.autofit = False
    widths = MEASURE_WIDTHS_CM if block.kind == "measures" and block.columns == 4 else (17 / block.columns,) * block.columns
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths):
            tc.width = Cm(width)
    for r in range(block.header_rows):
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        table.rows[r]._tr.get_or_add_trPr().append(header)
    targets = {}
    for r, row in enumerate(block.rows):
        for c, spec in enumerate(row):
            if spec is None:
                continue
            cell = table.cell(r, c)
            if spec.rowspan > 1 or spec.colspan > 1:
                cell = cell.merge(table.cell(r + spec.rowspan - 1, c + spec.colspan - 1))
            targets[(r, c)] = (cell, spec)
    for cell, spec in targets.values():
        _write_cell(cell, spec)


def render_docx(directory, name: str = "ai-new-ten-major-constructions-2026-01.docx") -> Path:
    """Write the plan as DOCX into ``directory``; returns the file's path."""
    import docx

    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    props = document.core_properties
    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.title, props.author, props.last_modified_by = "AI 新十大建設推動方案", "policykg tests", "policykg tests"
    first_chapter = True
    for block in plan_blocks().blocks:
        if isinstance(block, TableBlock):
            _table(document, block)
            continue
        if isinstance(block, Heading):
            paragraph = document.add_paragraph(style=f"Heading {block.level}")
            if block.level == 1 and not first_chapter:
                paragraph.paragraph_format.page_break_before = True
            first_chapter = False
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph(style="List Bullet" if block.bullet else None)
        for piece in block.runs:
            run = paragraph.add_run(piece.text)
            run.bold = piece.bold or None
            run.font.superscript = piece.superscript or None
    path = Path(directory) / name
    document.save(str(path))
    return normalise_zip(path)
