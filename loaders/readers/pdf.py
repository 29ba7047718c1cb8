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
from policykg.loaders.document_model import DocumentText, Location
from policykg.loaders.readers.pdf_furniture import furniture_lines
from policykg.loaders.readers.pdf_text import group_lines, page_glyphs

__all__ = ["read"]

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


def _page_lines(path: Path, pdf, index: int):
    try:
        page = pdf[index]
    except Exception as exc:  # PDFium reports a broken page object as a generic error
        raise PlanParseError(path, None, f"page {index + 1}: the page cannot be read ({exc})") from None
    try:
        height = page.get_height()
        return height, group_lines(page_glyphs(page))
    except PlanParseError:
        raise
    except Exception as exc:
        raise PlanParseError(path, None, f"page {index + 1}: cannot read the text ({exc})") from None
    finally:
        page.close()


def read(path, data: bytes) -> DocumentText:
    """Canonical lines of every page, in reading order, with page / line / box provenance."""
    path = Path(path)
    pdf = _open(path, data)
    try:
        page_count = len(pdf)
        pages = [_page_lines(path, pdf, i) for i in range(page_count)]
    finally:
        pdf.close()
    furniture = furniture_lines(pages)
    lines: list[str] = []
    locations: list[Location] = []
    skipped: list[tuple[Location, str]] = []
    for p, (_height, page_lines) in enumerate(pages):
        for i, line in enumerate(page_lines):
            location = Location(p + 1, i + 1, line.bbox)
            if (p, i) in furniture:
                skipped.append((location, line.text))
                continue
            lines.append(line.text)
            locations.append(location)
    if not lines:
        if page_count == 0:
            raise PlanParseError(path, None, "the PDF has no pages")
        raise PlanParseError(path, None, "the PDF has no text layer (a scanned document?); OCR is not supported")
    return DocumentText(
        path=str(path),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        lines=lines,
        locations=locations,
        pages=page_count,
        skipped=skipped,
    )
