"""The shipped plan as an OpenDocument text (odfpy), tables with real spans.

Headings are ``text:h`` with ``text:outline-level`` (style 「Heading n」), a page break precedes
each level-1 heading but the first; tables have ``table:table-header-rows``, group rows
``table:number-columns-spanned``, shared cells ``table:number-rows-spanned`` with
``table:covered-table-cell`` under them; list items in a cell are paragraphs, a line break is
``text:line-break``; footnotes are real notes (``text:note`` with its citation and body) at
their marks.

Example
-------
>>> import tempfile, zipfile
>>> p = render_odt(tempfile.mkdtemp())
>>> xml = zipfile.ZipFile(p).read("content.xml").decode()
>>> "number-rows-spanned" in xml, "covered-table-cell" in xml, "table-header-rows" in xml
(True, True, True)
"""
from __future__ import annotations

from pathlib import Path

from renderers._zip import normalise_zip
from renderers.blocks import CellSpec, Heading, Paragraph, TableBlock, plan_blocks

__all__ = ["render_odt"]


class _Styles:
    def __init__(self, document):
        from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties

        self.headings = {}
        self.breaking_headings = {}
        for level in range(1, 7):
            style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph")
            style.addElement(TextProperties(fontweight="bold", fontsize=f"{20 - 2 * level}pt"))
            document.styles.addElement(style)
            self.headings[level] = style
            breaking = Style(name=f"PH{level}", family="paragraph", parentstylename=style)
            breaking.addElement(ParagraphProperties(breakbefore="page"))
            document.automaticstyles.addElement(breaking)
            self.breaking_headings[level] = breaking
        self.bold = Style(name="TBold", family="text")
        self.bold.addElement(TextProperties(fontweight="bold"))
        self.sup = Style(name="TSup", family="text")
        self.sup.addElement(TextProperties(textposition="super 58%"))
        self.column = Style(name="TCol", family="table-column")
        self.column.addElement(TableColumnProperties(columnwidth="4cm"))
        for s in (self.bold, self.sup, self.column):
            document.automaticstyles.addElement(s)


def _add_text(element, text: str, style=None) -> None:
    from odf import teletype
    from odf.text import Span

    if style is None:
        teletype.addTextToElement(element, text)
        return
    span = Span(stylename=style)
    teletype.addTextToElement(span, text)
    element.addElement(span)


def _cell(spec: CellSpec, styles: _Styles):
    from odf.table import TableCell
    from odf.text import LineBreak, P

    attrs = {"valuetype": "string"}
    if spec.colspan > 1:
        attrs["numbercolumnsspanned"] = spec.colspan
    if spec.rowspan > 1:
        attrs["numberrowsspanned"] = spec.rowspan
    cell = TableCell(**attrs)
    for lines in spec.paragraphs:
        paragraph = P()
        for i, line in enumerate(lines):
            if i:
                paragraph.addElement(LineBreak())
            _add_text(paragraph, line, styles.bold if spec.bold else None)
        cell.addElement(paragraph)
    return cell


def _table(block: TableBlock, styles: _Styles, number: int):
    from odf.table import CoveredTableCell, Table, TableColumn, TableHeaderRows, TableRow

    table = Table(name=f"Table{number}")
    table.addElement(TableColumn(numbercolumnsrepeated=block.columns, stylename=styles.column))
    header = TableHeaderRows()
    table.addElement(header)
    for r, row in enumerate(block.rows):
        tr = TableRow()
        for spec in row:
            tr.addElement(CoveredTableCell() if spec is None else _cell(spec, styles))
        (header if r < block.header_rows else table).addElement(tr)
    return table


def _is_footnote(block) -> bool:
    """A footnote's own paragraph: 「<sup>1</sup> 根據…」 (the markdown keeps it at the page foot)."""
    return isinstance(block, Paragraph) and len(block.runs) > 1 and block.runs[0].superscript


def _footnotes() -> dict[str, str]:
    """Footnote mark → text, for the marks that a paragraph cites."""
    return {b.runs[0].text.strip(): "".join(r.text for r in b.runs[1:]).strip()
            for b in plan_blocks().blocks if _is_footnote(b)}


def _note(mark: str, text: str):
    from odf.text import Note, NoteBody, NoteCitation, P

    note = Note(id=f"ftn{mark}", noteclass="footnote")
    note.addElement(NoteCitation(text=mark))
    body = NoteBody()
    paragraph = P()
    _add_text(paragraph, text)
    body.addElement(paragraph)
    note.addElement(body)
    return note


def render_odt(directory, name: str = "ai-new-ten-major-constructions-2026-01.odt") -> Path:
    """Write the plan as ODT into ``directory``; returns the file's path."""
    from odf.element import Element
    from odf.namespaces import nsdict
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    # odfpy declares the namespaces of a class-wide dict that grows with every document made in
    # the process; declaring all of them, in one order, makes the same bytes every time
    Element.namespaces.clear()
    Element.namespaces.update(sorted(nsdict.items()))
    document = OpenDocumentText()
    styles = _Styles(document)
    first = True
    tables = 0
    notes = _footnotes()
    for block in plan_blocks().blocks:
        if isinstance(block, TableBlock):
            tables += 1
            document.text.addElement(_table(block, styles, tables))
            continue
        if _is_footnote(block):
            continue  # its text is in the note at its mark
        if isinstance(block, Heading):
            style = styles.headings[block.level] if first or block.level > 1 else styles.breaking_headings[1]
            element = H(outlinelevel=block.level, stylename=style)
            first = False
        else:
            element = P()
        for run in block.runs:
            if run.superscript and run.text in notes:
                element.addElement(_note(run.text, notes[run.text]))
                continue
            _add_text(element, run.text, styles.sup if run.superscript else styles.bold if run.bold else None)
        document.text.addElement(element)
    path = Path(directory) / name
    document.save(str(path))
    return normalise_zip(path)
