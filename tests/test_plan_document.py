"""The parser on the real 「AI 新十大建設推動方案」: exact values for the tricky rows of every table."""
from __future__ import annotations

import pytest

from policykg.loaders.plan_document import default_plan_path, parse_plan_document


@pytest.fixture(scope="module")
def doc():
    return parse_plan_document(default_plan_path())


def measure_at(doc, line):
    """The measure whose row starts on ``line``, with its pillar and strategy numbers."""
    for pillar, strategy, measure in doc.measures():
        if measure.span.start == line:
            return pillar.number, strategy.number, measure
    raise LookupError(line)


def periods(measure):
    return [(p.start, p.end, p.status) for e in measure.schedule for p in e.periods]


def test_plan_metadata_title_version_issued_and_period(doc):
    assert doc.title == "AI 新十大建設推動方案"
    assert doc.version == "核定本"
    assert doc.issued == "2026-01"
    assert (doc.period_start, doc.period_end) == ("2025", "2028")
    assert doc.plan_id == "ai-new-ten-major-constructions-2026-01"


def test_vision_2040_text_is_kept(doc):
    assert "於 2040 年創造新臺幣(下同)逾 15 兆元的產值" in doc.vision_text
    assert "產生 50 萬個高薪就業機會" in doc.vision_text


def test_ten_pillars_with_their_lead_ministries_from_table_1(doc):
    assert [(p.number, p.title, p.lead_agencies_raw) for p in doc.pillars] == [
        (1, "全民智慧生活圈", "國科會"),
        (2, "百工百業智慧應用", "經濟部"),
        (3, "AI 數位產業登峰", "數發部"),
        (4, "矽光子技術全球領先", "經濟部"),
        (5, "全球量子能力登頂", "國科會"),
        (6, "全球 AI 機器人供應鏈樞紐", "國科會"),
        (7, "主權 AI 及算力建設", "國科會"),
        (8, "智慧政府與資料治理", "數發部"),
        (9, "AI 人才生態系引領國際", "國發會"),
        (10, "千億資金驅動創新", "國發會"),
    ]


def test_every_measure_row_of_tables_2_to_11_is_read(doc):
    per_pillar = [sum(len(s.measures) for s in p.strategies) for p in doc.pillars]
    assert per_pillar == [40, 10, 8, 6, 19, 11, 8, 11, 14, 16]
    assert [p.table_caption for p in doc.pillars][1] == "表 3 「百工百業智慧應用」推動策略與具體措施表"


def test_group_rows_become_strategies_including_one_right_after_a_page_break(doc):
    titles = [s.title for s in doc.pillars[0].strategies]
    assert titles[:6] == ["智慧醫療", "樂齡長照", "智慧交通", "智慧建築", "智慧電網", "智慧韌性"]
    assert len(titles) == 12
    assert [s.title for s in doc.pillars[1].strategies] == [
        "推動產業 AI 升級", "帶動 AI 產業發展", "建立 AI 誘因", "發展農業智慧化", "AI 專區",
    ]


def test_table_2_unfunded_row_without_plan(doc):
    _, _, m = measure_at(doc, 441)
    assert m.name.startswith("提升醫療院所資安韌性計畫(成立專案辦公室")
    assert periods(m) == [(None, None, "not_yet_funded")]
    assert m.schedule[0].period_raw == "目前無計畫"


def test_table_2_unfunded_row_ends_2028_12_if_funded(doc):
    _, _, m = measure_at(doc, 442)
    assert m.name == "設置智慧醫療創新園區"
    assert periods(m) == [(None, "2028-12", "not_yet_funded")]


def test_table_2_row_split_by_a_page_break_is_rejoined_in_every_cell(doc):
    pillar, strategy, m = measure_at(doc, 444)
    assert (pillar, strategy, m.number) == (1, 1, 6)
    assert m.name == "以人體生物資料庫布局智慧醫療環境"
    entry = m.schedule[0]
    assert entry.period_raw == "目前無計畫，如核定經費，依計畫期程執行至117/12"
    assert entry.agencies_raw == "衛福部醫事司"
    assert (m.span.start, m.span.end) == (444, 447)
    assert m.content.startswith("精進全國各人體生物資料庫之資料標準互通性")


def test_table_2_pending_approval_and_planning_states_are_kept(doc):
    _, _, m = measure_at(doc, 437)
    assert periods(m) == [("2026-01", "2029-12", "pending_approval")]
    assert m.schedule[0].periods[0].note == "尚在申請115年公建計畫"
    _, _, retail = measure_at(doc, 493)
    assert retail.name == "發展智慧零售服務應用"
    assert periods(retail) == [("2025-01", "2028-12", "scheduled"), ("2027-01", "2030-12", "planning")]
    assert retail.schedule[1].agencies_raw == "經濟部商業發展署"


def test_table_2_open_ended_114_rows(doc):
    _, _, m = measure_at(doc, 498)
    assert (m.name, periods(m)) == ("金融科技阻詐", [("2025", None, "open_ended")])
    _, _, llm = measure_at(doc, 502)
    assert llm.schedule[0].agencies == ["金管會", "國科會"]


def test_table_2_rows_with_only_a_measure_cell_inherit_content_period_and_agency(doc):
    _, _, first = measure_at(doc, 478)
    _, _, drones = measure_at(doc, 479)
    _, _, training = measure_at(doc, 480)
    assert drones.name == "補助各地方消防機關複雜地形攜帶型無人機各2架(共44架)"
    assert training.name == "辦理各地方消防機關遙控無人機專業操作證培訓考照訓練171人"
    for m in (drones, training):
        assert m.content == first.content
        assert periods(m) == [("2024-01", "2026-12", "scheduled")]
        assert m.schedule[0].agencies_raw == "內政部消防署(各地方消防機關)"


def test_table_2_cell_with_two_periods_gives_two_period_rows(doc):
    _, _, m = measure_at(doc, 443)
    assert periods(m) == [("2025-01", "2025-12", "scheduled"), ("2026-01", "2028-12", "scheduled")]


def test_pdf_wrap_spaces_inside_chinese_are_removed(doc):
    _, _, m = measure_at(doc, 496)
    assert m.name == "跨部會協作推動百萬用戶等級數位公共服務，及依據區域特性，推動跨域創新應用服務。"
    _, _, cyber = measure_at(doc, 486)
    assert cyber.schedule[0].agencies_raw == "數發部數產署"


def test_table_3_second_period_row_has_its_own_content_and_inherits_agencies(doc):
    _, _, m = measure_at(doc, 605)
    assert [e.content for e in m.schedule] == [
        "提供製造業 AI 指引診斷諮詢服務",
        "發展次產業 AI 服務平臺或設備等方式，擴散普及應用 AI",
    ]
    assert [e.agencies for e in m.schedule] == [["經濟部產發署", "經濟部中企署"]] * 2


def test_table_4_period_with_space_inside(doc):
    _, _, m = measure_at(doc, 687)
    assert periods(m) == [("2025-07", "2029-12", "scheduled")]
    assert m.schedule[0].period_raw == "114/07- 118/12"


def test_table_6_multi_period_rows_each_keep_the_agency(doc):
    _, _, m = measure_at(doc, 873)
    assert periods(m) == [
        ("2025-01", "2025-12", "scheduled"),
        ("2026-01", "2026-12", "scheduled"),
        ("2027-01", "2027-12", "scheduled"),
        ("2028-01", "2028-12", "scheduled"),
    ]
    assert {e.agencies_raw for e in m.schedule} == {"國科會自然處"}


def test_table_6_measure_text_cut_by_a_page_break_with_a_new_year_row(doc):
    _, strategy, m = measure_at(doc, 881)
    assert strategy == 3
    assert m.name == (
        "槓桿國際先進研發能量與資源，開發在量子位元及量子電腦周邊低溫次系統的獨到關鍵技術，"
        "並導入晶片製作與封裝測試。此外，同步開發臺灣自製量子與 HPC 混合運算技術"
    )
    assert [e.period_raw for e in m.schedule] == ["114/01-114/12", "115/01-115/12", "116/01-116/12", "117/01-117/12"]
    assert "並加速硬體系統整合及軟體如演算法及應用的研發" in m.content


def test_table_6_measure_cell_continued_after_page_break(doc):
    _, _, m = measure_at(doc, 890)
    assert m.name == "協助訂定次系統晶片之規格，提供硬體測試環境，撰寫搭配次系統晶片之控制軟體"
    assert m.content.endswith("同步開發對應之次系統介面相容之控制軟體，以利整合於完整量子電腦系統架構中。")


def test_table_6_block_of_measures_shares_one_content_cell(doc):
    _, _, third = measure_at(doc, 867)
    _, _, fourth = measure_at(doc, 868)
    assert fourth.name == "4. 提供產業界雛形產品的測試平臺，與產業界共同開創新技術"
    assert fourth.content == third.content
    assert third.content.endswith("並提供技術協助廠商改善產品設計，促進前瞻技術移轉與共同研發機會")


def test_table_6_lists_the_cryogenic_control_module_measure_twice(doc):
    names = [m.name for p, s, m in doc.measures() if p.number == 5]
    twice = "持續建置量子電腦關鍵零組件技術-低溫微波控制模組技術，降低國內業者進入量子技術領域的門檻"
    assert names.count(twice) == 2


def test_table_8_second_period_row_without_agency_inherits_it(doc):
    _, _, m = measure_at(doc, 1154)
    assert [(e.period_raw, e.agencies_raw) for e in m.schedule] == [
        ("113/01-117/12", "國科會前瞻處(國網中心)"),
        ("115/01-118/12", "國科會前瞻處(國網中心)"),
    ]


def test_table_9_dash_period_is_unspecified_and_month_without_zero(doc):
    _, _, m = measure_at(doc, 1263)
    assert periods(m) == [(None, None, "unspecified")]
    assert m.schedule[0].agencies == ["國發會(法制協調處)", "數發部(資料創新司)", "經濟部智慧財產局", "個資會籌備處"]
    _, _, risk = measure_at(doc, 1268)
    assert periods(risk) == [("2026-01", "2028-12", "scheduled")]


def test_table_10_measure_with_four_period_rows_each_with_own_content(doc):
    _, _, m = measure_at(doc, 1389)
    assert m.name == "大學跨域學習"
    assert [(e.period_raw, e.content[:10]) for e in m.schedule] == [
        ("109/08-", "擴充 STEM 招生"),
        ("114/01-", "非資通訊系所學生修讀"),
        ("113/09-", "推動 TAICA，整"),
        ("114/01-117/12", "補助技專校院對應各產"),
    ]
    assert periods(m)[0] == ("2020-08", None, "open_ended")


def test_table_10_content_cut_by_page_break_is_rejoined(doc):
    _, _, m = measure_at(doc, 1393)
    assert m.schedule[0].content == "與大學協作跨校遠距與大學合作開設「Python AI 實作入門」多元選修課程"
    assert len(m.schedule) == 2


def test_table_11_tilde_separator(doc):
    _, _, m = measure_at(doc, 1513)
    assert periods(m) == [("2026-01", "2028-12", "scheduled")]


def test_execution_items_are_numbered_items_of_the_content(doc):
    _, _, m = measure_at(doc, 436)
    assert [i.text for i in m.items] == [
        "落實三大標準(SNOMED CT、LOINC、RxNorm)應用與推廣",
        "推動三大平臺建置(FHIR 資料標準平臺、Rule Library 規則平臺、Smart on FHIR 應用平臺)",
        "成立三大 AI 中心(負責任 AI 執行中心、AI 取證驗證中心、AI 影響性研究中心)",
    ]
    _, _, licence = measure_at(doc, 1163)
    assert [i.text for i in licence.items] == [
        "研擬授權條款與使用規範", "研提語料授權適用案例說明供機關參考", "機關既有授權與新合約調適作為",
    ]


def test_narrative_strategy_is_joined_to_the_table_group_by_number(doc):
    s = doc.pillars[0].strategies[0]
    assert (s.number, s.title, s.narrative_title) == (1, "智慧醫療", "智慧醫療")
    assert s.description.startswith("對接國際標準，以資料、規則、應用程式統一原則")
    silicon = doc.pillars[3].strategies[2]
    assert (silicon.title, silicon.narrative_title) == ("升級矽光量測實驗室", "購置矽光子測試設備，供我國生態系研發共享")


def test_expected_highlights_are_items_with_their_strategy(doc):
    first = doc.pillars[0].highlights[0]
    assert (first.label, first.strategy_number, first.span.start) == ("1.(1)", 1, 519)
    assert first.text.startswith("透過訂標準、建平臺、生態系")
    assert len(doc.pillars[0].highlights) == 23
    last = doc.pillars[9].highlights[-1]
    assert last.text == "整合各部會資源，以達成新創募資逾1,500億元。"


def test_running_headers_and_footnotes_do_not_leak_into_text(doc):
    texts = [p.description for p in doc.pillars] + [s.description for p in doc.pillars for s in p.strategies]
    assert not any("<sup>" in t or "<b>" in t for t in texts)
    assert not any(block.text == "AI新十大建設推動方案" for block in doc.narrative)
