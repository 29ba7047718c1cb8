"""The PDF reader on the real 82-page 2050 net-zero pathway (Microsoft Word export)."""
from __future__ import annotations

import pytest

from policykg.loaders.plan_document import default_plan_path
from policykg.loaders.readers import read_document
from policykg.loaders.readers.pdf_furniture import is_page_number

NET_ZERO = "tw-2050-net-zero-pathway-2022-03-30.pdf"


@pytest.fixture(scope="module")
def net_zero():
    return read_document(default_plan_path().with_name(NET_ZERO))


def _line_at(doc, page, line):
    for text, loc in zip(doc.lines, doc.locations):
        if (loc.page, loc.line) == (page, line):
            return text
    raise AssertionError(f"no canonical line at page {page}, line {line}")


def test_net_zero_pdf_has_82_pages_read_as_pdf(net_zero):
    assert (net_zero.format, net_zero.pages) == ("pdf", 82)
    assert len(net_zero.lines) == len(net_zero.locations) == 1441


def test_cover_lines_keep_the_spaces_between_agency_names(net_zero):
    assert net_zero.lines[:6] == [
        "臺灣 2050 淨零排放",
        "路徑及策略總說明",
        "國家發展委員會 行政院環境保護署",
        "經濟部 科技部 交通部 內政部",
        "行政院農業委員會、金融監督管理委員會",
        "2022 年 3 月 30 日",
    ]


def test_part_headings_start_their_own_line_on_their_page(net_zero):
    assert _line_at(net_zero, 3, 1) == "Ⅰ、總論"
    assert _line_at(net_zero, 15, 1) == "Ⅱ、能源及產業轉型篇"
    assert _line_at(net_zero, 72, 1) == "Ⅶ、淨零轉型之十二項關鍵戰略"
    assert _line_at(net_zero, 3, 15) == "壹、推動 2050 達到淨零排放的意義及重要性"
    assert _line_at(net_zero, 21, 1) == "貳、製造部門"
    assert _line_at(net_zero, 6, 9).startswith("(1) 持續推動綠能布建")


def test_justified_spaces_between_cjk_characters_are_removed(net_zero):
    # pdftotext reads this line as 「提 出 「 碳 邊 境 調 整 機 制 (Carbon Border Adjustment」;
    # Word writes no glyph for its automatic Asian/Latin spacing: the visible gap is the space
    assert _line_at(net_zero, 3, 18) == "提出「碳邊境調整機制(Carbon Border Adjustment"
    assert _line_at(net_zero, 3, 19) == "Mechanism, CBAM)」要求進口產品依碳含量繳交 CBAM 憑"
    assert _line_at(net_zero, 4, 18) == "(IPCC AR6)指出，全球暖化將在近 20 年內升溫至攝氏 1.5 度，"


def test_punctuation_set_apart_by_word_stays_on_its_line(net_zero):
    # Word places the 「，」 after 」 lower than its neighbours; it belongs to the same line
    assert _line_at(net_zero, 3, 14) == "戰略」，後續提出個別戰略計畫，以落實淨零轉型之長期願景目標。"


def test_table_of_contents_keeps_its_leader_dots(net_zero):
    toc = _line_at(net_zero, 2, 2)
    assert toc.startswith("Ⅰ、總論 ....") and toc.endswith(". 1")
    assert _line_at(net_zero, 2, 9).endswith("..... 70")


def test_page_numbers_are_skipped_with_their_location(net_zero):
    skipped = net_zero.skipped
    assert len(skipped) == 80
    assert [text for _, text in skipped] == [str(n) for n in range(1, 81)]
    first, last = skipped[0][0], skipped[-1][0]
    assert (first.page, first.line) == (3, 24)
    assert (last.page, last.line) == (82, 21)
    assert first.bbox[1] > 780  # at the foot of an A4 page (842 pt)
    assert not any(is_page_number(line) for line in net_zero.lines if line.strip() in {"1", "2", "80"})


def test_every_line_has_page_line_and_box(net_zero):
    for loc in net_zero.locations:
        assert 1 <= loc.page <= 82 and loc.line >= 1
        x0, top, x1, bottom = loc.bbox
        assert 0 <= x0 < x1 <= 842 and 0 <= top < bottom <= 842
    pages = [loc.page for loc in net_zero.locations]
    assert pages == sorted(pages)
    assert net_zero.where(1) == "page 1, line 1"


@pytest.mark.parametrize(
    "text, expected",
    [("12", True), ("- 12 -", True), ("第 3 頁", True), ("3/82", True), ("Page 3 of 82", True), ("iv", True),
     ("2050 淨零", False), ("圖 1", False), ("1. 能源轉型更安全", False)],
)
def test_page_number_forms(text, expected):
    assert is_page_number(text) is expected
