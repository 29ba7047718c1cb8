"""The shipped plan printed to PDF by two producers reads back to the markdown build's measures.

The renderings are the readers-office helper's (``tests/renderers``: an HTML page with
rowspan/colspan tables, a python-docx Word file with repeated header rows, vertical merges and
rows that split across pages). The HTML is printed by Chromium (playwright) with a page-number
footer and a stylesheet that keeps the white space a writer typed (``pre-wrap``, a space before
each typed line break) and sets paragraphs apart: then every character is in the PDF and the
read-back is exact. The shared renderings as printed (the Word file by LibreOffice headless,
the HTML by Chromium with its own stylesheet) drop the space where a line wraps at one and
set paragraphs without spacing; the reader restores both from the line geometry (see
``loaders/readers/pdf_pages.py``) and reads them exactly too, but for the one cell where the
PDF holds no trace of what was typed (``NO_EVIDENCE``).
"""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from policykg.loaders.readers.pdf import read_pdf
from policykg.plan import load_plan

pytestmark = pytest.mark.slow

STEM = "ai-new-ten-major-constructions-2026-01"
#: where a row came from (canonical lines, pages) differs by format; everything else must not
PROVENANCE = ["source_lines", "pages"]

PRINT_CSS = (
    "th, td { white-space: pre-wrap; padding: 2pt 4pt; } td p, th p { margin: 0 0 5pt 0; } "
    "table { border-collapse: collapse; } th, td { border: 0.75pt solid #000; }"
)
FOOTER = '<div style="font-size:9pt;width:100%;text-align:center"><span class="pageNumber"></span></div>'
#: (column, text of the markdown build) → what the shared PDFs read there. The plan types a
#: space after the hyphen of one period (「114/07- 118/12」; the 161 other period rows have
#: none); the renderers print it as a line break after 「114/07-」, which is exactly where both
#: producers wrap a period such as 「114/01-117/12」 in the narrow period column: no glyph, gap
#: or position tells the two apart, and the document's other periods say "no space".
NO_EVIDENCE = {("period_raw", "114/07- 118/12"): "114/07-118/12"}


@pytest.fixture(scope="module")
def reference(plan):
    return plan.measures().drop(columns=PROVENANCE, errors="ignore")


@pytest.fixture(scope="module")
def chromium_pdf(plan_rendering, chromium_path, tmp_path_factory):
    directory = tmp_path_factory.mktemp("pdf-chromium-playwright")
    html = directory / f"{STEM}.html"
    page_text = plan_rendering("html").read_text(encoding="utf-8")
    html.write_text(page_text.replace("<br/>", " <br/>").replace("</style>", PRINT_CSS + "</style>"), encoding="utf-8")
    return _print(html, directory / f"{STEM}.pdf", chromium_path, format="A4", display_header_footer=True,
                  header_template="<span></span>", footer_template=FOOTER,
                  margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"})


def _print(html, pdf, chromium, **options):
    """Print the page ``html`` to ``pdf`` with Chromium (playwright's ``page.pdf`` options)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium))
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri())
            page.pdf(path=str(pdf), **options)
        finally:
            browser.close()
    return pdf


def _measures(pdf, tmp_path):
    path = tmp_path / f"{STEM}.pdf"
    shutil.copy(pdf, path)
    return load_plan(path).measures().drop(columns=PROVENANCE, errors="ignore")


def test_chromium_pdf_gives_every_measure_of_the_markdown_build_exactly(chromium_pdf, reference, tmp_path):
    got = _measures(chromium_pdf, tmp_path)
    assert len(got) == 178 and got[["pillar_no", "strategy_no", "measure_no"]].drop_duplicates().shape[0] == 143
    pd.testing.assert_frame_equal(got, reference)


def test_chromium_pdf_rows_cut_by_page_breaks_are_rejoined_from_the_open_border(chromium_pdf):
    doc, rejoined = read_pdf(chromium_pdf, chromium_pdf.read_bytes())
    assert len(rejoined) >= 5 and all("\t" in doc.lines[line - 1] for line in rejoined)
    # a cell that goes on after a break has its box on both pages
    across = [key for key, boxes in doc.cells.items() if len({box.page for box in boxes}) == 2]
    assert len(across) >= len(rejoined)
    assert doc.merges_known and doc.merged
    header = "具體措施\t執行內容\t起訖時程 (年/月-年/月)\t主/協辦機關單位"
    repeated = [i for i, line in enumerate(doc.lines, 1) if re.sub(r"\s", "", line) == re.sub(r"\s", "", header)]
    assert len(repeated) > 20 and set(repeated) >= doc.resolved_breaks and doc.resolved_breaks
    # the page-number footer is furniture: one number per page, none left in the lines
    assert [text for _, text in doc.skipped] == [str(n) for n in range(1, doc.pages + 1)]


def test_chromium_pdf_group_rows_span_all_columns_and_merged_cells_are_known(chromium_pdf):
    doc, _ = read_pdf(chromium_pdf, chromium_pdf.read_bytes())
    line = doc.lines.index("1. 智慧醫療\t\t\t") + 1
    (box,) = doc.cells[(line, 0)]
    assert (line, 1) not in doc.cells and box.bbox[2] - box.bbox[0] > 400  # one cell over four columns
    # a cell merged with the one above is empty in its own row
    assert doc.merged and all(doc.lines[line - 1].split("\t")[column] == "" for line, column in doc.merged)
    assert sum(1 for line, column in doc.merged if column == 0) > 20  # a measure over its period rows


def _expected(reference: pd.DataFrame) -> pd.DataFrame:
    """The markdown build's measures with the cells of ``NO_EVIDENCE`` as a PDF shows them."""
    expected = reference.copy()
    for (column, typed), printed in NO_EVIDENCE.items():
        assert (expected[column] == typed).sum() == 1
        expected.loc[expected[column] == typed, column] = printed
    return expected


@pytest.mark.parametrize("rendering", ["pdf-libreoffice", "pdf-chromium"])
def test_the_shared_pdf_renderings_give_every_measure_exactly(plan_rendering, rendering, reference, tmp_path):
    """The shared renderings as printed (LibreOffice from the Word file; Chromium with the page's
    own stylesheet, which drops wrapped spaces and paragraph spacing): all 178 period rows of
    the 143 measures, exact to the character (but the one cell of ``NO_EVIDENCE``)."""
    got = _measures(plan_rendering(rendering), tmp_path)
    assert len(got) == 178 and got[["pillar_no", "strategy_no", "measure_no"]].drop_duplicates().shape[0] == 143
    pd.testing.assert_frame_equal(got, _expected(reference))
    doc, rejoined = read_pdf(plan_rendering(rendering), plan_rendering(rendering).read_bytes())
    assert doc.merges_known and doc.resolved_breaks


def _letter_by_libreoffice(plan_rendering, directory):
    """The Word file set up for US Letter with 0.9 in margins, exported by LibreOffice."""
    from docx import Document
    from docx.shared import Inches
    from renderers import render_pdf_with_libreoffice

    document = Document(str(plan_rendering("docx-python-docx")))
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Inches(0.9)
    docx = directory / f"{STEM}.docx"
    document.save(str(docx))
    return render_pdf_with_libreoffice(docx, directory / "pdf")


def _a5_by_chromium(plan_rendering, directory, chromium):
    """The HTML page with its own stylesheet printed on A5 with 1 cm margins."""
    return _print(plan_rendering("html"), directory / f"{STEM}.pdf", chromium, format="A5",
                  margin={"top": "1cm", "bottom": "1cm", "left": "1cm", "right": "1cm"})


@pytest.mark.parametrize("page_setup", ["letter-libreoffice", "a5-chromium"])
def test_other_page_setups_give_every_measure_exactly(page_setup, plan_rendering, reference, request, tmp_path):
    """Other paper and margins move every wrap and page break; the reading stays exact (the
    rules read the producers' geometry, not positions learnt from one printing)."""
    if page_setup == "letter-libreoffice":
        request.getfixturevalue("soffice")
        pdf = _letter_by_libreoffice(plan_rendering, tmp_path)
    else:
        pdf = _a5_by_chromium(plan_rendering, tmp_path, request.getfixturevalue("chromium_path"))
    (tmp_path / "read").mkdir()
    got = _measures(pdf, tmp_path / "read")
    pd.testing.assert_frame_equal(got, _expected(reference))
