"""Test renderings of the shipped plan in the formats researchers have (test support only).

Each function writes one rendering into a directory the caller owns (a pytest tmp dir) and
returns its path; every file is named after the shipped plan (same stem, so the same plan id).
Renderings are deterministic: the same bytes for the same plan (except LibreOffice's).

* :func:`render_docx` (python-docx), :func:`render_odt` (odfpy), :func:`convert_with_libreoffice`
  (``soffice --headless --convert-to``: DOCX → ODT, DOCX/ODT → PDF), :func:`render_pdf_with_libreoffice`;
* :func:`render_html` (tables with rowspan/colspan, ``<br/>``) and :func:`render_pdftohtml_like`;
  :func:`render_pdf_with_chromium` prints an HTML rendering to PDF (headless Chromium);
* markdown as converters write it: :func:`render_gfm_markdown` (pipe tables),
  :func:`render_rstripped_markdown`, :func:`render_ragged_tsv_markdown`,
  :func:`render_html_tables_markdown` (``<table>`` blocks).
"""
from renderers.blocks import plan_blocks
from renderers.chromium import render_pdf_with_chromium
from renderers.html_pages import render_html, render_pdftohtml_like
from renderers.libreoffice import convert_with_libreoffice, render_pdf_with_libreoffice, soffice_path
from renderers.markdown_variants import (
    render_gfm_markdown,
    render_html_tables_markdown,
    render_ragged_tsv_markdown,
    render_rstripped_markdown,
)
from renderers.opendocument import render_odt
from renderers.word import render_docx

__all__ = [
    "plan_blocks",
    "render_docx",
    "render_odt",
    "convert_with_libreoffice",
    "render_pdf_with_libreoffice",
    "render_pdf_with_chromium",
    "soffice_path",
    "render_html",
    "render_pdftohtml_like",
    "render_gfm_markdown",
    "render_rstripped_markdown",
    "render_ragged_tsv_markdown",
    "render_html_tables_markdown",
]
