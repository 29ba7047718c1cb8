"""PDF plans (text PDFs as Word, LibreOffice or ODF tools export them), read with pdfplumber.

This first version reads the text layer line by line, page by page, with each line's page,
line on the page and box. Tables, page furniture and justified CJK spacing are handled by the
later layers of this module.

Example
-------
>>> from pathlib import Path
>>> from policykg.loaders.plan_document import default_plan_path
>>> p = default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf")
>>> doc = read(p, p.read_bytes())
>>> doc.format, doc.pages
('pdf', 82)
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from policykg.errors import PlanParseError
from policykg.loaders.document_model import DocumentText, Location

__all__ = ["read"]


def _open(path, data: bytes):
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect, PDFEncryptionError
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PlanParseError(path, None, "the PDF is encrypted; save an unprotected copy and try again") from exc
    except PDFSyntaxError as exc:
        raise PlanParseError(path, None, f"not a readable PDF ({exc})") from exc
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        raise PlanParseError(path, None, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc


def read(path, data: bytes) -> DocumentText:
    """Text lines of every page, in reading order, with page / line / box provenance."""
    path = Path(path)
    lines: list[str] = []
    locations: list[Location] = []
    with _open(path, data) as pdf:
        page_count = len(pdf.pages)
        for number, page in enumerate(pdf.pages, 1):
            try:
                page_lines = page.extract_text_lines(return_chars=False)
            except Exception as exc:
                raise PlanParseError(path, None, f"page {number}: cannot read the text ({exc})") from exc
            for i, item in enumerate(page_lines, 1):
                lines.append(item["text"])
                locations.append(Location(number, i, (item["x0"], item["top"], item["x1"], item["bottom"])))
    if not lines:
        raise PlanParseError(path, None, "the PDF has no text layer (a scanned document?); OCR is not supported")
    return DocumentText(
        path=str(path),
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        lines=lines,
        locations=locations,
        pages=page_count,
    )
