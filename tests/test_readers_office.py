"""DOCX, ODT, HTML and converter-markdown renderings of the shipped plan read to the same measures.

Each rendering is made here from the shipped plan by :mod:`renderers` (python-docx, odfpy,
LibreOffice headless, HTML, four markdown variants) into a session tmp dir; its measures must
equal the markdown build's in every column but ``source_lines`` (143 measures, 178 rows).
"""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pandas as pd
import pytest

import policykg
import renderers
from policykg.errors import PlanParseError
from policykg.loaders.plan_document import parse_plan_document
from policykg.loaders.readers import markdown as markdown_reader
from policykg.loaders.readers import read_document, sniff_format
from policykg.loaders.tables import find_tables

PLAN_STEM = "ai-new-ten-major-constructions-2026-01"

#: renderings whose measures must equal the markdown build's (see conftest.PLAN_RENDERINGS)
READ_BACK = [
    "docx-python-docx", "odt-odfpy", "odt-libreoffice", "docx-libreoffice", "html", "html-pdftohtml-like",
    "markdown-gfm-pipe-tables", "markdown-right-stripped", "markdown-ragged-tsv", "markdown-html-tables",
]


@pytest.fixture(scope="session")
def rendered(plan_rendering):
    return plan_rendering


@pytest.fixture(scope="session")
def markdown_measures(plan) -> pd.DataFrame:
    return plan.measures()


def assert_same_measures(expected: pd.DataFrame, got: pd.DataFrame, label: str) -> None:
    """Equal frames except ``source_lines``; on failure, the first differing cells, readably."""
    columns = [c for c in expected.columns if c != "source_lines"]
    a = expected[columns].reset_index(drop=True)
    b = got[columns].reset_index(drop=True)
    if a.equals(b):
        return
    lines = [f"{label}: {len(b)} measure rows, expected {len(a)}"]
    for i in range(min(len(a), len(b))):
        for c in columns:
            if a.at[i, c] != b.at[i, c]:
                lines.append(f"  row {i} ({a.at[i, 'measure'][:20]}) {c}:\n    expected {a.at[i, c]!r}\n    got      {b.at[i, c]!r}")
        if len(lines) > 12:
            break
    pytest.fail("\n".join(lines), pytrace=False)


@pytest.mark.parametrize("name", READ_BACK)
def test_rendering_of_the_shipped_plan_has_the_markdown_builds_measures(name, rendered, markdown_measures, plan):
    path = rendered(name)
    assert path.stem == PLAN_STEM
    other = policykg.load_plan(path)
    got = other.measures()
    assert len(got) == 178 and got["measure"].count() == 178
    assert len(got.drop_duplicates(["pillar_no", "strategy_no", "measure_no"])) == 143
    assert_same_measures(markdown_measures, got, name)
    # the prose reads the same too: every budget and target, with its owner, value and text
    for frame in ("budgets", "targets"):
        expected, found = getattr(plan, frame)(), getattr(other, frame)()
        columns = [c for c in expected.columns if c != "source_lines"]
        pd.testing.assert_frame_equal(expected[columns], found[columns], obj=f"{name} {frame}")
    assert other.counts() == plan.counts()


def test_format_is_chosen_by_content(rendered, tmp_path):
    for name, fmt in [("docx-python-docx", "docx"), ("odt-odfpy", "odt"), ("html", "html")]:
        data = rendered(name).read_bytes()
        assert sniff_format(data, "plan.bin") == fmt
    assert sniff_format(rendered("markdown-gfm-pipe-tables").read_bytes(), "plan.txt") == "markdown"


def test_docx_rendering_is_word_style(rendered):
    xml = zipfile.ZipFile(rendered("docx-python-docx")).read("word/document.xml").decode()
    assert xml.count("<w:tblHeader") == 12  # every table repeats its header row
    assert 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    assert '<w:gridSpan w:val="4"/>' in xml  # group rows 「1. 智慧醫療」
    assert "w:cantSplit" not in xml  # rows may split across pages
    assert '<w:pStyle w:val="Heading3"/>' in xml


def test_docx_reader_knows_its_vertical_merges_and_pages(rendered):
    doc = read_document(rendered("docx-python-docx"))
    assert doc.format == "docx" and doc.merges_known
    row = next(i for i, line in enumerate(doc.lines, 1) if line.startswith("協助學研成果商業化\t"))
    assert doc.lines[row] == "\t探勘學研機構具創業潛力之重大研發成果，補助進行初步驗證及建立可行商業模式，完成商業化準備成為市場需求之產品或服務\t115/01-115/12\t國科會產學處"
    assert (row + 1, 0) in doc.merged and (row + 1, 1) not in doc.merged
    group = next(i for i, line in enumerate(doc.lines, 1) if line.startswith("1. 智慧醫療\t"))
    assert doc.lines[group].startswith("次世代數位醫療平臺計畫\t") and (group, 1) not in doc.merged  # a column span, not a merge
    # a page break precedes each level-1 heading but the first (title, 目錄, 壹, the running
    # header 「AI新十大建設推動方案」); on page 4: that header, 圖 2, 三、推動架構, its paragraph,
    # the caption of 表 1, 表 1's 11 rows, then 參 as the 17th block
    chapter = doc.lines.index("## 參、AI 新十大建設推動策略與具體措施") + 1
    assert doc.where(chapter) == "page 4, line 17"
    assert doc.pages == 4


def test_a_content_cell_shared_by_several_measures_is_one_merged_cell(rendered):
    doc = read_document(rendered("docx-python-docx"))
    row = next(i for i, line in enumerate(doc.lines, 1) if line.startswith("補助各地方消防機關複雜地形攜帶型無人機各2架"))
    assert doc.lines[row - 1] == "補助各地方消防機關複雜地形攜帶型無人機各2架(共44架)\t\t\t"
    assert {c for line, c in doc.merged if line == row} == {1, 2, 3}


@pytest.mark.parametrize("render", [renderers.render_docx, renderers.render_odt, renderers.render_html,
                                    renderers.render_gfm_markdown, renderers.render_html_tables_markdown])
def test_renderings_are_deterministic(render, tmp_path):
    made = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        made.append(render(tmp_path / name).read_bytes())
    assert made[0] == made[1]


def test_odt_and_html_readers_record_row_spans_as_merges(rendered):
    for name in ("odt-odfpy", "html"):
        doc = read_document(rendered(name))
        row = next(i for i, line in enumerate(doc.lines, 1) if line.startswith("協助學研成果商業化\t"))
        assert (row + 1, 0) in doc.merged, name
        assert doc.merges_known


def test_libreoffice_odt_is_another_producer(rendered):
    path = rendered("odt-libreoffice")
    meta = zipfile.ZipFile(path).read("meta.xml").decode()
    assert "LibreOffice" in meta
    assert "table:covered-table-cell" in zipfile.ZipFile(path).read("content.xml").decode()


def test_cell_paragraphs_are_execution_items(rendered):
    doc = parse_plan_document(rendered("docx-python-docx"))
    measure = next(m for _, _, m in doc.measures() if m.name == "場域計畫啟動與徵選")
    assert [i.text for i in measure.items] == ["發布徵選公告與說明會", "受理申請與初步審查", "專家評選與場域擇定"]


def pages_with_the_measures_header(pdf) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return sum("主/協辦機關單位" in (page.extract_text() or "").replace(" ", "") for page in document.pages)


@pytest.mark.slow
def test_pdf_rendering_with_libreoffice_repeats_the_header_row_on_each_table_page(rendered):
    pdf = rendered("pdf-libreoffice")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stem == PLAN_STEM
    assert pages_with_the_measures_header(pdf) > 20  # 10 tables, most over several pages


@pytest.mark.slow
def test_pdf_rendering_with_chromium_repeats_the_header_row_on_each_table_page(rendered):
    pdf = rendered("pdf-chromium")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stem == PLAN_STEM
    assert pages_with_the_measures_header(pdf) > 20


# -- short and long table rows ------------------------------------------------------
def test_a_short_tsv_row_is_padded():
    table, = find_tables(["具體措施\t執行內容\t起訖時程\t主/協辦 機關單位", "甲\t乙", "\t丙\t114/01-114/12\t"], "x.md")
    assert table.rows[0].cells == {"measure": "甲", "content": "乙", "period": "", "agencies": ""}


def test_a_row_with_text_beyond_the_header_names_file_and_line():
    with pytest.raises(PlanParseError) as info:
        find_tables(["甲\t乙", "1\t2\t", "1\t2\t3"], "x.md")
    assert str(info.value) == "x.md:3: table row has 3 cells but the table header (line 1) has 2: the text of cell 3 has no column to go in"


def test_a_gfm_table_keeps_the_file_line_numbers():
    doc = markdown_reader.read("x.md", "前文\n\n| 甲 | 乙 |\n| --- | :-: |\n| 1 | a \\| b |\n\n後文".encode())
    assert doc.lines == ["前文", "", "甲\t乙", "", "1\ta | b", "", "後文"]


# -- bad input --------------------------------------------------------------------------
def bad_inputs(tmp_path, rendered):
    good = rendered("docx-python-docx").read_bytes()
    text = tmp_path / "renamed.docx"
    text.write_text("這不是 Word 檔\n", encoding="utf-8")
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good[: len(good) // 2])
    corrupt = tmp_path / "corrupt.docx"
    with zipfile.ZipFile(rendered("docx-python-docx")) as src, zipfile.ZipFile(corrupt, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data[: len(data) // 3] if info.filename == "word/document.xml" else data)
    no_content = tmp_path / "no-content.odt"
    with zipfile.ZipFile(no_content, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("styles.xml", "<office:document-styles/>")
    legacy = tmp_path / "legacy.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return {
        legacy: "a legacy Word .doc or a password-protected Office file: save an unprotected .docx",
        text: "not a readable DOCX (not a ZIP package",
        truncated: "not a readable DOCX (not a ZIP package, or a truncated one",
        corrupt: "not a readable DOCX (word/document.xml:",
        no_content: "not a readable ODT (the package has no content.xml)",
    }


def test_bad_office_files_raise_one_line_errors_naming_the_file(tmp_path, rendered):
    for path, message in bad_inputs(tmp_path, rendered).items():
        with pytest.raises(PlanParseError) as info:
            parse_plan_document(path)
        assert str(info.value).startswith(f"{path}: {message}"), str(info.value)
        assert "\n" not in str(info.value)


def test_cli_build_of_a_bad_office_file_exits_1_and_writes_nothing(tmp_path, rendered):
    for path, message in bad_inputs(tmp_path, rendered).items():
        out = tmp_path / f"out-{path.stem}"
        result = subprocess.run(
            [sys.executable, "-m", "policykg", "build", str(path), "--out", str(out)],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 1
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and message in lines[0] and str(path) in lines[0], result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert not out.exists()


# -- Word's automatic numbering ----------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADING_NUMBERING = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseLegalSimplified"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="taiwaneseCountingThousand"/><w:lvlText w:val="%2、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="taiwaneseCountingThousand"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>"""


def test_headings_numbered_by_word_get_their_markers(tmp_path):
    import docx
    from lxml import etree

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, etree.fromstring(HEADING_NUMBERING))
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in [(0, "前言"), (1, "緣起"), (1, "成果"), (2, "推動策略"), (0, "政策定位"), (1, "願景")]:
        paragraph = document.add_paragraph(text, style=f"Heading {level + 1}")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = 90
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    assert read_document(path).lines == [
        "# 壹、前言", "## 一、緣起", "## 二、成果", "### (一) 推動策略", "# 貳、政策定位", "## 一、願景",
    ]


def test_a_saved_page_starting_with_a_comment_is_html():
    assert sniff_format(b"<!-- saved from url=(0042)https://www.ndc.gov.tw/ -->\n<html><body></body></html>", "plan") == "html"


def test_real_pdftohtml_output_of_the_net_zero_pdf_reads_with_its_pages(pdftohtml, tmp_path):
    from policykg.loaders.plan_document import default_plan_path

    pdf = default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf")
    subprocess.run([pdftohtml, "-noframes", "-i", "-q", str(pdf), str(tmp_path / "net-zero")], check=True, timeout=120)
    doc = read_document(tmp_path / "net-zero.html")
    assert doc.format == "html" and doc.pages == 82  # one <hr/> after each page
    assert doc.lines[:2] == ["臺灣 2050 淨零排放", "路徑及策略總說明"]  # &#160; read as spaces, <br/> as lines
    assert doc.where(1) == "page 1, line 1"  # the three lines holding only a bold &#160; are blank
    toc = doc.lines.index("目錄") + 1
    assert doc.location(toc).page == 2


def test_real_footnotes_come_back_as_marks_and_note_lines(rendered):
    """The odfpy ODT holds the plan's two footnotes as text:note, LibreOffice's DOCX of it as
    w:footnoteReference + footnotes.xml; both read as the markdown's mark and note line."""
    assert "<text:note " in zipfile.ZipFile(rendered("odt-odfpy")).read("content.xml").decode()
    footnotes = zipfile.ZipFile(rendered("docx-libreoffice")).read("word/footnotes.xml").decode()
    assert footnotes.count("<w:footnote w:id=") >= 2 and "未來推估數據" in footnotes
    for name in ("odt-odfpy", "docx-libreoffice"):
        doc = read_document(rendered(name))
        vision = next(i for i, line in enumerate(doc.lines) if line.startswith("本方案期能協助臺灣掌握 AI 發展契機"))
        assert "3 個國際級實驗室<sup>2</sup>(如圖 2)" in doc.lines[vision], name
        assert doc.lines[vision + 1] == "<sup>2</sup> 本方案執行期程為 2025 年至 2028 年，2040 年相關目標為本方案持續推動下之未來推估數據。"
        plan = parse_plan_document(rendered(name))
        assert (plan.period_start, plan.period_end) == ("2025", "2028")
