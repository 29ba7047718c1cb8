"""PDF plans (text PDFs as Word, LibreOffice, Chromium or ODF tools export them).

Each page's text layer is read with pypdfium2 (fast, no model, nothing downloaded) and turned
into canonical lines in reading order: one line per PDF text line, top to bottom, with the
spaces justified CJK text spreads between characters removed (:mod:`.pdf_text`). Running
headers, footers and page numbers are dropped and listed in ``DocumentText.skipped``
(:mod:`.pdf_furniture`). Ruled tables become tab-separated rows in their reading position,
from the geometry of their cell borders (:mod:`.pdf_tables`). Every line keeps its
``Location(page, line on the page, bbox)``.

Example
-------
>>> from policykg.loaders.plan_document import default_plan_path
>>> p = default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf")
>>> doc = read(p, p.read_bytes())
>>> doc.format, doc.pages, doc.lines[0]
('pdf', 82, '臺灣 2050 淨零排放')
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from policykg.errors import PlanParseError
from policykg.loaders.document_model import CellBox, DocumentText, Location
from policykg.loaders.readers.pdf_furniture import furniture_lines
from policykg.loaders.readers.pdf_pages import continue_tables, page_content
from policykg.loaders.readers.pdf_tables import GridRow, find_grids, page_rules
from policykg.loaders.readers.pdf_text import page_glyphs

__all__ = ["read", "read_pdf"]

#: PDFium's error codes (FPDF_GetLastError) as the sentence a researcher reads
_OPEN_ERRORS = {
    2: "the file cannot be opened",
    3: "not a readable PDF (the file is damaged or truncated)",
    4: "the PDF is encrypted; save an unprotected copy and try again",
    5: "the PDF's security handler is not supported; save an unprotected copy and try again",
    6: "a page of the PDF is damaged",
}


def _open(path: Path, data: bytes):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = pdfium_c.FPDF_GetLastError()
        raise PlanParseError(path, None, _OPEN_ERRORS.get(code, f"not a readable PDF ({exc})")) from None


def _page_layer(path: Path, pdf, index: int):
    """(height, glyphs, ruled grids) of page ``index``; a page PDFium cannot read names its number."""
    try:
        page = pdf[index]
    except Exception as exc:  # PDFium reports a broken page object as a generic error
        raise PlanParseError(path, None, f"page {index + 1}: the page cannot be read ({exc})") from None
    try:
        return page.get_height(), page_glyphs(page), find_grids(page_rules(page))
    except Exception as exc:
        raise PlanParseError(path, None, f"page {index + 1}: cannot read the text ({exc})") from None
    finally:
        page.close()


def read(path, data: bytes) -> DocumentText:
    """Canonical lines of every page, in reading order, with page / line / box provenance."""
    return read_pdf(path, data)[0]


def read_pdf(path, data: bytes) -> tuple[DocumentText, list[int]]:
    """:func:`read`, and the canonical lines of the table rows re-joined across a page break."""
    path = Path(path)
    pdf = _open(path, data)
    try:
        page_count = len(pdf)
        word = "Microsoft" in " ".join(str(v) for v in pdf.get_metadata_dict().values())
        layers = [_page_layer(path, pdf, i) for i in range(page_count)]
    finally:
        pdf.close()
    # Word writes no glyph for its automatic Asian/Latin spacing but means it as a word space
    # (「2050 淨零」); LibreOffice and Chromium write a glyph for every space they mean
    space_glyphs = not word and any(g.char == " " for _, glyphs, _ in layers for g in glyphs)
    pages = [page_content(i + 1, h, glyphs, grids, space_glyphs) for i, (h, glyphs, grids) in enumerate(layers)]
    furniture = {id(pages[p].items[i]) for p, i in furniture_lines([(pg.height, pg.items) for pg in pages])}
    resolved: set[int] = set()
    joins = continue_tables(pages, furniture, resolved)
    out = DocumentText(
        path=str(path),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        lines=[],
        locations=[],
        pages=page_count,
    )
    line_of = _emit(pages, furniture, out)
    out.resolved_breaks = {line_of[i] for i in resolved if i in line_of}
    out.merges_known = any(isinstance(item, GridRow) for page in pages for item in page.items)
    if not out.lines:
        if page_count == 0:
            raise PlanParseError(path, None, "the PDF has no pages")
        raise PlanParseError(path, None, "the PDF has no text layer (a scanned document?); OCR is not supported")
    return out, [line_of[id(join.row)] for join in joins]


def _emit(pages, furniture: set[int], out: DocumentText) -> dict[int, int]:
    """Append every page's lines and rows to ``out`` with their locations, cells and merges.

    Returns the canonical line of each emitted item (by ``id``).
    """
    line_of: dict[int, int] = {}
    for page in pages:
        for i, item in enumerate(page.items):
            location = Location(page.number, i + 1, item.bbox)
            if id(item) in furniture:
                out.skipped.append((location, item.text))
                continue
            out.lines.append(item.text)
            out.locations.append(location)
            line_of[id(item)] = len(out.lines)
            if isinstance(item, GridRow):
                line = len(out.lines)
                for c, box in enumerate(item.boxes):
                    if box is not None:
                        out.cells[(line, c)] = (CellBox(page.number, _round(box)),)
                for c, more in item.more_boxes.items():
                    out.cells[(line, c)] = out.cells.get((line, c), ()) + tuple(
                        CellBox(page.number + 1, _round(box)) for _, box in more if box is not None
                    )
                out.merged.update((line, c) for c in item.merged)
    return line_of


def _round(box) -> tuple[float, float, float, float]:
    return tuple(round(v, 2) for v in box)
