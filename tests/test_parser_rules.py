"""One small table per reading rule of the measures table, each one that only its rule reads right.

The rules overlap on the shipped plan (most page breaks there satisfy two or three of them), so
removing one rule leaves the plan read correctly; each fixture below is built so that exactly
one rule decides it: the page-break continuation rules of
``loaders/measures_table.py::_TableReader._continues_previous_row`` and the merged-cell rules
(empty cells inherit the cell above; an empty measure cell with a period is another period row).
``benchmarks/mutation.py`` removes each rule in turn and checks that its test here fails.
"""
from __future__ import annotations

from policykg.loaders.measures_table import read_measures_table
from policykg.loaders.tables import find_tables

HEADER = "具體措施\t執行內容\t起訖時程 (年/月-年/月)\t主/協辦 機關單位"
SPLIT_HEADER = "具體措施\t執行內容\t起訖時程\t主辦機關\t協辦機關"
GROUP = "1. 智慧醫療\t\t\t"


def _read(*rows: str, header: str = HEADER):
    """Strategies read from a table whose repeated ``header`` rows mark page breaks."""
    lines = [header if row == "<page break>" else row for row in (header, *rows)]
    (table,) = find_tables(lines, "rules.md")
    return read_measures_table(table, "rules.md")


def _measures(*rows: str, header: str = HEADER):
    return [m for group in _read(*rows, header=header) for m in group.measures]


# -- page-break continuation rules ----------------------------------------------------------


def test_an_unfinished_period_cell_continues_on_the_next_page():
    # the period 「目前無計畫，如核定經費，依計畫期程執行至」 is cut before its year; the next page
    # starts with the rest of the measure name and 「117/12」, which looks like a new period
    (m,) = _measures(
        GROUP,
        "發展輔助醫政管理\t1. 建置決策系統\t目前無計畫，如核定經費，依計畫期程執行至\t衛福部醫事司",
        "<page break>",
        "決策系統\t\t117/12\t",
    )
    assert m.name == "發展輔助醫政管理決策系統"
    assert [r.period_raw for r in m.schedule] == ["目前無計畫，如核定經費，依計畫期程執行至117/12"]


def test_a_cell_cut_after_a_separator_takes_the_next_pages_period_and_agency():
    # the period cell ends with 「、」 and the agency cell with 「、」: both lists go on over the
    # page; the next row (another agency, so not the next-month rule) is their rest, not a new row
    (m,) = _measures(
        GROUP,
        "建置國家級算力平臺\t1. 建置\t114/01-114/12、\t國科會、",
        "<page break>",
        "\t\t115/01-117/12\t數發部",
    )
    assert [(r.period_raw, r.agencies_raw) for r in m.schedule] == [("114/01-114/12、115/01-117/12", "國科會、數發部")]


def test_a_period_fragment_after_a_page_break_continues_the_cut_period():
    # 「目前無計畫」 is a complete period cell by itself, but the next page starts with
    # 「，如核定經費，…」, which does not begin like a period: it is the rest of the cut cell
    (m,) = _measures(
        GROUP,
        "以人體生物資料庫布局\t1. 建置資料庫\t目前無計畫\t衛福部醫事司",
        "<page break>",
        "智慧醫療環境\t\t，如核定經費，依計畫期程執行至117/12\t",
    )
    assert m.name == "以人體生物資料庫布局智慧醫療環境"
    assert [r.period_raw for r in m.schedule] == ["目前無計畫，如核定經費，依計畫期程執行至117/12"]


def test_text_without_period_or_agency_after_a_page_break_continues_the_cut_row():
    (m,) = _measures(
        GROUP,
        "發展智慧零售\t1. 推動智慧零售 2. 建立示範\t116/01-119/12\t經濟部商業發展署",
        "<page break>",
        "服務應用\t3. 擴散成果\t\t",
    )
    assert m.name == "發展智慧零售服務應用"
    assert m.content == "1. 推動智慧零售 2. 建立示範 3. 擴散成果"
    assert len(m.schedule) == 1 and m.schedule[0].agencies_raw == "經濟部商業發展署"


def test_a_period_starting_the_month_after_the_cut_one_with_the_same_agency_continues_the_measure():
    # a multi-year measure cut mid-name: its next period (115/01, the month after 114/12) and the
    # rest of its name and text are on the next page, with the same agency
    (m,) = _measures(
        GROUP,
        "建置國家級\t1. 第一年建置\t114/01-114/12\t國科會",
        "<page break>",
        "算力平臺\t2. 第二年擴充\t115/01-117/12\t國科會",
    )
    assert m.name == "建置國家級算力平臺"
    assert [r.period_raw for r in m.schedule] == ["114/01-114/12", "115/01-117/12"]


def test_a_period_starting_the_month_after_with_another_agency_is_a_new_measure():
    measures = _measures(
        GROUP,
        "建置國家級算力平臺\t1. 第一年建置\t114/01-114/12\t國科會",
        "<page break>",
        "推動算力應用\t2. 應用推廣\t115/01-117/12\t數發部",
    )
    assert [m.name for m in measures] == ["建置國家級算力平臺", "推動算力應用"]


def test_an_empty_measure_cell_with_a_period_after_a_page_break_is_the_next_period_row():
    # the second period row of one measure starts the new page: it keeps its own content
    (m,) = _measures(
        GROUP,
        "建置國家級算力平臺\t1. 第一年建置\t114/01-114/12\t國科會",
        "<page break>",
        "\t2. 第二年擴充\t115/01-117/12\t",
    )
    assert [(r.period_raw, r.content_text) for r in m.schedule] == [
        ("114/01-114/12", "1. 第一年建置"),
        ("115/01-117/12", "2. 第二年擴充"),
    ]
    assert m.schedule[1].agencies_raw == "國科會"  # its agency cell is merged with the one above


def test_without_a_page_break_a_filled_measure_cell_always_starts_a_measure():
    measures = _measures(
        GROUP,
        "建置國家級\t1. 第一年建置\t114/01-114/12\t國科會",
        "算力平臺\t2. 第二年擴充\t115/01-117/12\t國科會",
    )
    assert [m.name for m in measures] == ["建置國家級", "算力平臺"]


# -- merged cells --------------------------------------------------------------------------


def test_an_empty_content_cell_is_merged_with_the_one_above():
    first, second = _measures(
        GROUP,
        "甲計畫\t1. 共同建置平臺\t114/01-114/12\t國科會",
        "乙計畫\t\t115/01-115/12\t經濟部",
    )
    assert second.content == first.content == "1. 共同建置平臺"
    assert second.schedule[0].agencies_raw == "經濟部"


def test_an_empty_period_cell_is_merged_with_the_one_above():
    _, second = _measures(
        GROUP,
        "甲計畫\t1. 建置平臺\t114/01-117/12\t國科會",
        "乙計畫\t1. 推廣應用\t\t經濟部",
    )
    assert second.schedule[0].period_raw == "114/01-117/12"


def test_an_empty_agency_cell_is_merged_with_the_one_above():
    _, second = _measures(
        GROUP,
        "甲計畫\t1. 建置平臺\t114/01-117/12\t國科會、數發部",
        "乙計畫\t1. 推廣應用\t115/01-117/12\t",
    )
    assert second.schedule[0].agencies_raw == "國科會、數發部"


def test_with_separate_lead_and_co_columns_an_empty_co_cell_means_no_co_organizer():
    _, second = _measures(
        "1. 智慧醫療\t\t\t\t",
        "甲計畫\t1. 建置平臺\t114/01-117/12\t國科會\t數發部",
        "乙計畫\t1. 推廣應用\t115/01-117/12\t經濟部\t",
        header=SPLIT_HEADER,
    )
    assert second.schedule[0].agencies_raw == "經濟部"


def test_a_bold_group_row_starts_a_strategy_even_out_of_sequence():
    groups = _read(GROUP, "甲計畫\t1. 建置平臺\t114/01-117/12\t國科會", "<b>3. 智慧交通</b>\t\t\t", "乙計畫\t1. 推廣\t115/01-117/12\t交通部")
    assert [(g.number, g.title) for g in groups] == [(1, "智慧醫療"), (3, "智慧交通")]


def test_a_plain_numbered_row_out_of_sequence_is_a_measure_not_a_strategy():
    (group,) = _read(GROUP, "甲計畫\t1. 建置平臺\t114/01-117/12\t國科會", "5. 乙計畫\t\t\t")
    assert [m.name for m in group.measures] == ["甲計畫", "5. 乙計畫"]
