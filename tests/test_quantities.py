"""Tests for policykg.loaders.quantities on real sentences of the AI 新十大建設 plan."""

from decimal import Decimal
from importlib import resources

import pytest

from policykg.loaders.quantities import (
    MoneyAmount,
    Quantity,
    extract_money,
    extract_quantities,
    load_quantity_rules,
    parse_chinese_number,
)

PLAN_FILE = "ai-new-ten-major-constructions-2026-01.md"
DOCUMENT = resources.files("policykg.data.plans").joinpath(PLAN_FILE).read_text(encoding="utf-8")


def real(sentence: str) -> str:
    """The sentence, after checking that it is written exactly so in the plan."""
    assert sentence in DOCUMENT, sentence
    return sentence


def quantity_facts(text: str) -> list[tuple]:
    return [(q.text, q.value, q.unit, q.qualifier, q.deadline) for q in extract_quantities(text)]


def money_facts(text: str) -> list[tuple]:
    return [(m.text, m.value, m.currency, m.kind, m.qualifier, m.deadline) for m in extract_money(text)]


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,500", Decimal("1500")),
        ("9,189", Decimal("9189")),
        ("2.6", Decimal("2.6")),
        ("百", Decimal("100")),
        ("千", Decimal("1000")),
        ("百萬", Decimal("1000000")),
        ("十", Decimal("10")),
        ("二十", Decimal("20")),
        ("兩百", Decimal("200")),
        ("一億三千萬", Decimal("130000000")),
        ("15兆", Decimal("15e12")),
        ("15 兆", Decimal("15e12")),
        ("1,500億", Decimal("1.5e11")),
        ("13.9億", Decimal("1.39e9")),
        ("50萬", Decimal("500000")),
        ("七成", Decimal("0.7")),
        ("7成", Decimal("0.7")),
        ("１２", Decimal("12")),
    ],
)
def test_parse_chinese_number_reads_arabic_chinese_and_multiplied_numbers(written, value):
    assert parse_chinese_number(written) == value


@pytest.mark.parametrize("written", ["", "萬", "1,50", "SEMI E187", "百萬瓦", "約20"])
def test_parse_chinese_number_rejects_other_text_naming_it(written):
    with pytest.raises(ValueError, match=repr(written).replace("(", r"\(")):
        parse_chinese_number(written)


def test_parsed_whole_numbers_are_written_without_exponent():
    assert str(parse_chinese_number("13.9億")) == "1390000000"


def test_rules_file_is_read_from_the_package():
    rules = load_quantity_rules()
    assert rules.qualifier_before["至少"] == "at_least"
    assert rules.qualifier_clause["累計"] == "cumulative"
    assert ("匡列", "allocation") in rules.money_kinds
    assert {u.written: u.unit for u in rules.units}["百萬瓦"] == "MW"


# --------------------------------------------------------------------------- vision 2040


VISION = real("於 2040 年創造新臺幣(下同)逾 15 兆元的產值，產生 50 萬個高薪就業機會，並打造出 3 個國際級實驗室")


def test_vision_over_15_trillion_twd_output_value_by_2040():
    assert money_facts(VISION) == [
        ("逾 15 兆元", Decimal("15000000000000"), "TWD", "output_value", "more_than", "2040"),
    ]


def test_vision_500_thousand_jobs_and_3_labs_by_2040():
    assert quantity_facts(VISION) == [
        ("50 萬個", Decimal("500000"), "個", None, "2040"),
        ("3 個", Decimal("3"), "個", None, "2040"),
    ]


def test_spans_are_character_offsets_into_the_input():
    amount = extract_money(VISION)[0]
    assert isinstance(amount, MoneyAmount)
    assert VISION[amount.start: amount.end] == amount.text
    jobs = extract_quantities(VISION)[0]
    assert isinstance(jobs, Quantity)
    assert (jobs.start, jobs.end) == (VISION.index("50 萬個"), VISION.index("50 萬個") + len("50 萬個"))


# --------------------------------------------------------------------------- money kinds


def test_fundraising_goal_of_1500_yi_per_year_by_2028():
    sentence = real("並於2028年達成每年1,500億元之募資目標")
    assert money_facts(sentence) == [
        ("每年1,500億元", Decimal("150000000000"), "TWD", "fundraising_goal", "per_year", "2028"),
    ]


def test_national_development_fund_allocates_100_yi_and_invests_at_least_5_yi_by_2026():
    sentence = real(
        "國發基金匡列100億元，配合民間出資，共同投入 AI 新創事業，該方案已於114年11月累計遴選36家搭配投資人，"
        "並於114年3月28日正式受理投資案申請，預計115年底累計投資至少8家 AI 新創，"
        "累計投資金額至少5億、帶動民間投資至少5億，並持續提升投資家數及金額"
    )
    assert money_facts(sentence) == [
        ("100億元", Decimal("10000000000"), "TWD", "allocation", None, None),
        ("至少5億", Decimal("500000000"), "TWD", "investment", "cumulative;at_least", "2026"),
        ("至少5億", Decimal("500000000"), "TWD", "investment", "at_least", "2026"),
    ]
    assert quantity_facts(sentence) == [
        ("36家", Decimal("36"), "家", "cumulative", "2025"),
        ("至少8家", Decimal("8"), "家", "cumulative;at_least", "2026"),
    ]


def test_cumulative_digital_economy_output_9189_yi_since_113_is_achieved():
    sentence = real(
        "113年起透過補助、採購及租稅誘因等多元措施，協助產業推動 AI 落地應用，數位經濟產業累計產值達9,189億元。"
    )
    # 113年起 is a start year: a progress report, not a deadline.
    assert money_facts(sentence) == [
        ("達9,189億元", Decimal("918900000000"), "TWD", "achieved", "cumulative;reaching", None),
    ]


def test_cumulative_output_clause_alone_has_no_past_cue_so_is_output_value():
    clause = real("數位經濟產業累計產值達9,189億元")
    assert [m.kind for m in extract_money(clause)] == ["output_value"]


def test_amounts_under_the_already_achieved_heading_are_achieved_in_the_whole_document():
    achieved = {m.text: (m.value, m.kind) for m in extract_money(DOCUMENT) if m.kind == "achieved"}
    assert achieved["達11億元"] == (Decimal("1100000000"), "achieved")  # 衍生投資達11億元
    assert achieved["13.9億元"] == (Decimal("1390000000"), "achieved")  # 另完成...帶動13.9億元 AI 投資


def test_expected_highlight_revenue_40_yi_is_output_value_not_achieved():
    sentence = real("7. 智慧零售：協助5萬家店家導入智慧服務，提升營收40億元。")
    assert money_facts(sentence) == [("40億元", Decimal("4000000000"), "TWD", "output_value", None, None)]
    whole = [m.kind for m in extract_money(DOCUMENT) if m.text == "40億元"]
    assert whole == ["output_value"]
    assert quantity_facts(sentence) == [("5萬家", Decimal("50000"), "家", None, None)]


def test_startup_funding_statistics_1038_yi_twd_and_34_6_yi_usd_are_achieved_in_2024():
    sentence = real("113年新創獲投金額初步統計約1,038億元(34.6億美元)")
    assert money_facts(sentence) == [
        ("約1,038億元", Decimal("103800000000"), "TWD", "achieved", "about", "2024"),
        ("34.6億美元", Decimal("3460000000"), "USD", "achieved", None, "2024"),
    ]


def test_quantum_market_900_to_1700_yi_usd_by_2040_is_a_range_of_two_amounts():
    sentence = real("波士頓顧問公司(Boston Consulting Group, BCG)於2024年時預估2040年全球市場規模達900至1,700億美元")
    assert money_facts(sentence) == [
        ("達900至1,700億美元", Decimal("90000000000"), "USD", "output_value", "reaching;range_min", "2040"),
        ("達900至1,700億美元", Decimal("170000000000"), "USD", "output_value", "reaching;range_max", "2040"),
    ]


def test_global_gdp_2_6_to_4_4_trillion_usd_per_year_is_output_value():
    sentence = real("根據 McKinsey 於2023年的研究報告顯示，AI 預計可為全球經濟每年帶來2.6兆至4.4兆美元 GDP 增長")
    assert money_facts(sentence) == [
        ("2.6兆至4.4兆美元", Decimal("2600000000000"), "USD", "output_value", "range_min", None),
        ("2.6兆至4.4兆美元", Decimal("4400000000000"), "USD", "output_value", "range_max", None),
    ]


def test_governments_already_invested_over_420_yi_usd_in_2023_is_achieved():
    sentence = real("2023年全球政府包含美、日、歐洲等國已投入逾420億美元研發量子科技")
    assert money_facts(sentence) == [
        ("逾420億美元", Decimal("42000000000"), "USD", "achieved", "more_than", "2023"),
    ]


# --------------------------------------------------------------------------- quantities


def test_about_200_thousand_businesses_apply_ai():
    sentence = real("1. 約20萬家業者 AI 普及應用")
    assert quantity_facts(sentence) == [("約20萬家", Decimal("200000"), "家", "about", None)]


def test_agricultural_technology_transfer_cumulative_at_least_20_items():
    sentence = real("2. 推動農業領域相關研發與開發應用智慧化技術移轉，累計至少20項。")
    assert quantity_facts(sentence) == [("累計至少20項", Decimal("20"), "項", "cumulative;at_least", None)]


def test_16_pflops_compute_completed():
    sentence = real("完成16 Pflops 算力建置")
    assert quantity_facts(sentence) == [("16 Pflops", Decimal("16"), "PFLOPS", None, None)]


def test_serving_more_than_a_hundred_institutions():
    sentence = real("服務超過百家產官學單位")
    assert quantity_facts(sentence) == [("超過百家", Decimal("100"), "家", "more_than", None)]


def test_more_than_a_hundred_startups_listed():
    sentence = real("3. 藉由亞洲創新籌資平臺，促成逾百家新創上市櫃，強化 AI 新創募資管道。")
    assert quantity_facts(sentence) == [("逾百家", Decimal("100"), "家", "more_than", None)]
    assert extract_money(sentence) == []


def test_million_businesses_by_2040_is_one_million_家():
    sentence = real("預計2040年推動全國累計百萬家企業導入 AI 應用")
    assert quantity_facts(sentence) == [("累計百萬家", Decimal("1000000"), "家", "cumulative", "2040")]


def test_400_thousand_ai_talent_person_times_by_2028():
    sentence = real("預計至2028年培育及延攬 AI 相關人才達40萬人次")
    assert quantity_facts(sentence) == [("達40萬人次", Decimal("400000"), "人次", "reaching", "2028")]


def test_20_million_watt_written_in_chinese_is_20_mw_by_2028():
    sentence = real("國科會至2028年累計建置達約20百萬瓦電力規模運算能量")
    assert quantity_facts(sentence) == [
        ("達約20百萬瓦", Decimal("20"), "MW", "cumulative;reaching;about", "2028"),
    ]


def test_20_mw_by_2028_and_23_mw_by_2029_take_the_nearest_year_before_them():
    sentence = real(
        "兩項重點科技政策，預計至2028年，將以完成累計能耗約20MW，至2029年約23MW 之算力建設為目標"
    )
    assert quantity_facts(sentence) == [
        ("兩項", Decimal("2"), "項", None, None),
        ("約20MW", Decimal("20"), "MW", "cumulative;about", "2028"),
        ("約23MW", Decimal("23"), "MW", "about", "2029"),
    ]


def test_percentages_with_roc_year_113_are_2024():
    sentence = real("我國12歲以上人口的上網率已於113年達87.6%，故我國數位人口已逾87%。")
    assert quantity_facts(sentence) == [
        ("達87.6%", Decimal("87.6"), "%", "reaching", "2024"),
        ("逾87%", Decimal("87"), "%", "more_than", "2024"),
    ]


def test_ten_wan_records_or_more():
    sentence = real("技術蒐集、整合、分析 10 萬筆以上多來源詐騙相關情資")
    assert quantity_facts(sentence) == [("10 萬筆以上", Decimal("100000"), "筆", "or_more", None)]


def test_more_than_150_items_or_more_keeps_both_qualifiers():
    sentence = real("未來預計投入超過150項以上的地方基礎建設")
    assert quantity_facts(sentence) == [("超過150項以上", Decimal("150"), "項", "more_than;or_more", None)]


def test_nearly_7_cheng_market_share_is_70_percent():
    sentence = real("球市占率近7成")
    assert quantity_facts(sentence) == [("近7成", Decimal("70"), "%", "nearly", None)]


def test_achievements_of_ai_talent_line():
    sentence = real("另產碩專班114年 AI 相關班級計核定14校19班外加266名額")
    assert quantity_facts(sentence) == [
        ("14校", Decimal("14"), "校", None, "2025"),
        ("19班", Decimal("19"), "班", None, "2025"),
        ("266名額", Decimal("266"), "名額", None, "2025"),
    ]


def test_about_260_plus_matchmaking_sessions():
    sentence = real("透過約260+場產業對接(輔導18家新創)")
    assert quantity_facts(sentence) == [
        ("約260+場", Decimal("260"), "場", "about;or_more", None),
        ("18家", Decimal("18"), "家", None, None),
    ]


def test_drones_2_each_44_in_total():
    sentence = real("補助各地方消防機關複雜地形攜帶型無人機各2架(共44架)")
    assert quantity_facts(sentence) == [
        ("各2架", Decimal("2"), "架", "each", None),
        ("共44架", Decimal("44"), "架", "total", None),
    ]


def test_factory_visits_40_廠家次_and_80_家次():
    assert quantity_facts(real("2. 研發成果擴散40廠家次。")) == [("40廠家次", Decimal("40"), "廠家次", None, None)]
    assert quantity_facts(real("散應用至80家次業者。")) == [("80家次", Decimal("80"), "家次", None, None)]


# --------------------------------------------------------------------------- not quantities


def test_plan_period_years_are_not_quantities():
    sentence = real("本方案執行期程為 2025 年至 2028 年，2040 年相關目標為本方案持續推動下之未來推估數據。")
    assert extract_quantities(sentence) == []
    assert extract_money(sentence) == []


def test_roc_periods_114_01_to_117_12_in_a_table_row_are_not_quantities():
    row = real("強化業者在產品開發與上市過程的法規遵循能力\t透過提供法規諮詢輔導，協助業者產品開發與上市及增加業者落地成功率\t114/01-114/12 115/01-117/12\t衛福部食品藥物管理署")
    assert extract_quantities(row) == []
    assert extract_money(row) == []


def test_roc_year_ranges_113_116_are_not_quantities():
    sentence = real("- (1)廣續推動住宿式機構照顧品質獎勵計畫(113-116年)：鼓勵機構建置資訊系統")
    assert extract_quantities(sentence) == []


def test_list_numbers_and_headings_are_not_quantities():
    for text in ("##### 1. 智慧醫療", "## (2)衛福數位基礎建設計畫", "- (3)失能者居家環境導入智慧科技輔具(自115年7月1日起)"):
        assert extract_quantities(real(text)) == []


def test_ranks_after_第_are_not_quantities():
    sentence = real("臺灣於2025年11月全球算力排名第13、亞洲排名第4")
    assert extract_quantities(sentence) == []
    rounds = real("「IC Taiwan Grand Challenge」第1~3梯次共376隊報名")
    assert quantity_facts(rounds) == [("共376隊", Decimal("376"), "隊", "total", None)]


def test_model_and_standard_names_are_not_quantities():
    for text in (
        "推動產業廣泛採用 SEMI E187 標準",
        "逐步完成 L3 自駕公車沙盒實驗進入服務應用",
        "完成2-Qubits 量子糾纏",
        "建立關鍵4K低溫電路設計智財",
        "促成輝達於臺設立 AI 研發中心 Taipei-1",
        "促進 R2R、B2B",
        "融合智慧國家2.0新綱領",
    ):
        assert extract_quantities(real(text)) == [], text


def test_lone_一_article_and_programme_names_without_元_are_not_extracted():
    assert extract_quantities(real("建立一個覆蓋全臺的偏鄉無人機運輸網路")) == []
    assert extract_money(real("十、千億資金驅動創新")) == []
    assert extract_money(real("B. 規劃百億主題式投資，結合 AI 產業轉型")) == []


# --------------------------------------------------------------------------- whole document


def test_both_extractors_run_over_the_whole_plan_and_spans_slice_back_to_text():
    quantities = extract_quantities(DOCUMENT)
    amounts = extract_money(DOCUMENT)
    assert quantities and amounts
    for item in [*quantities, *amounts]:
        assert DOCUMENT[item.start: item.end] == item.text
        assert item.deadline is None or (len(item.deadline) == 4 and item.deadline.isdigit())
    assert {m.kind for m in amounts} <= {
        "allocation", "fundraising_goal", "output_value", "achieved", "investment", "other",
    }
    assert {m.currency for m in amounts} == {"TWD", "USD"}


def test_money_is_never_also_a_quantity():
    amounts = extract_money(DOCUMENT)
    for quantity in extract_quantities(DOCUMENT):
        assert quantity.unit not in ("元", "美元", "TWD", "USD")
        assert not any(m.start < quantity.end and quantity.start < m.end for m in amounts), quantity


def test_whole_plan_money_includes_the_three_national_development_fund_allocations():
    allocations = [m for m in extract_money(DOCUMENT) if m.kind == "allocation"]
    assert [(m.text, m.value) for m in allocations] == [("100億元", Decimal("10000000000"))] * 3
    assert all(DOCUMENT[m.start - 4: m.start] == "基金匡列" for m in allocations)


# --------------------------------------------------------------------------- the net-zero PDF
# Sentences quoted from data/plans/tw-2050-net-zero-pathway-2022-03-30.pdf (its text layer).

from net_zero_text import real_net_zero  # noqa: E402  (tests/net_zero_text.py)


def range_facts(text: str) -> list[tuple]:
    return [(q.text, q.value, q.unit, q.qualifier, q.deadline, q.min_value, q.max_value) for q in extract_quantities(text)]


def test_offshore_wind_40_to_55_gw_by_2050_is_a_range_with_min_40_and_max_55():
    sentence = real_net_zero("離岸風電則朝浮動式、大型化機組、擴大設置場域，規劃 2050 年設置裝置量達 40~55GW；")
    assert range_facts(sentence) == [
        ("達 40~55GW", Decimal("40"), "GW", "reaching;range_min", "2050", Decimal("40"), Decimal("55")),
        ("達 40~55GW", Decimal("55"), "GW", "reaching;range_max", "2050", Decimal("40"), Decimal("55")),
    ]


def test_key_strategy_one_offshore_wind_13_1_gw_by_2030_then_40_to_55_gw_by_2050():
    sentence = real_net_zero("規劃離岸風電2030年設置裝置量達13.1GW、2050 年達 40~55GW；")
    assert range_facts(sentence) == [
        ("達13.1GW", Decimal("13.1"), "GW", "reaching", "2030", None, None),
        ("達 40~55GW", Decimal("40"), "GW", "reaching;range_min", "2050", Decimal("40"), Decimal("55")),
        ("達 40~55GW", Decimal("55"), "GW", "reaching;range_max", "2050", Decimal("40"), Decimal("55")),
    ]


def test_solar_30_gw_by_2030_and_40_to_80_gw_by_2050():
    sentence = real_net_zero("規劃太陽光電 2030 年設置裝置量達 30GW、2050 年 40~80GW。")
    assert range_facts(sentence) == [
        ("達 30GW", Decimal("30"), "GW", "reaching", "2030", None, None),
        ("40~80GW", Decimal("40"), "GW", "range_min", "2050", Decimal("40"), Decimal("80")),
        ("40~80GW", Decimal("80"), "GW", "range_max", "2050", Decimal("40"), Decimal("80")),
    ]


def test_solar_and_offshore_wind_cumulative_gw_by_2025_and_per_year_to_2030():
    sentence = real_net_zero(
        "致力達成太陽光電 2025 年累計設置 20GW與 2026-2030 年每年 2GW，以及離岸風電 2025 年累計設置 5.6GW 與 2026-2030 年每年 1.5GW 目標。"
    )
    assert quantity_facts(sentence) == [
        ("20GW", Decimal("20"), "GW", "cumulative", "2025"),
        ("每年 2GW", Decimal("2"), "GW", "per_year", "2030"),
        ("5.6GW", Decimal("5.6"), "GW", "cumulative", "2025"),
        ("每年 1.5GW", Decimal("1.5"), "GW", "per_year", "2030"),
    ]


def test_achieved_solar_7_70_gw_and_offshore_wind_237_mw_in_2021():
    sentence = real_net_zero("2021 年太陽光電裝置容量已達 7.70GW，成長 5.15 倍；離岸風電則從無到有完成 237MW。")
    assert quantity_facts(sentence) == [
        ("達 7.70GW", Decimal("7.7"), "GW", "reaching", "2021"),
        ("5.15 倍", Decimal("5.15"), "倍", None, "2021"),
        ("237MW", Decimal("237"), "MW", None, None),
    ]


def test_wan_kilowatt_is_ten_megawatt():
    sentence = real_net_zero("其中燃氣機組即約淨增加 1,460 萬瓩，高於核能 2025 除役的 387 萬瓩。")
    assert quantity_facts(sentence) == [
        ("1,460 萬瓩", Decimal("14600"), "MW", None, None),
        ("387 萬瓩", Decimal("3870"), "MW", None, None),
    ]
    assert quantity_facts(real_net_zero("契約容量 5,000 瓩以上電力用戶")) == [
        ("5,000 瓩以上", Decimal("5000"), "kW", "or_more", None),
    ]


def test_yi_du_of_electricity_is_kwh_not_money_and_a_year_followed_by_hou_is_no_deadline():
    sentence = real_net_zero("2036 年後每年將可產生綠電達 620 億度以上，因其皆採競價具價格競爭力")
    assert quantity_facts(sentence) == [("達 620 億度以上", Decimal("62000000000"), "kWh", "reaching;or_more", None)]
    assert extract_money(sentence) == []
    assert quantity_facts(real_net_zero("全球暖化將在近20年內升溫至攝氏1.5度，")) == []


def test_import_dependence_from_97_4_percent_in_2021_to_at_most_50_percent_by_2050_is_one_target_with_a_baseline():
    sentence = real_net_zero("使進口能源依存度由 2021 年 97.4%，降至 2050 年 50%以下，降低國際能源市場衝擊與價格波動對我國能源安全影響。")
    [target] = extract_quantities(sentence)
    assert (target.text, target.value, target.unit, target.qualifier, target.deadline) == (
        "由 2021 年 97.4%，降至 2050 年 50%以下", Decimal("50"), "%", "or_less", "2050",
    )
    assert (target.baseline_value, target.baseline_year) == (Decimal("97.4"), "2021")
    assert sentence[target.start: target.end] == target.text


def test_nine_thousand_yi_budget_need_to_2030_is_9e11_twd_without_the_word_yuan():
    sentence = real_net_zero("經初步盤點，從 2022年至 2030 年約有 9 千億的預算需求")
    assert money_facts(sentence) == [("約有 9 千億", Decimal("900000000000"), "TWD", "allocation", "about", "2030")]


def test_sources_of_the_nine_thousand_yi_4400_1200_and_3200_yi_twd():
    sentence = real_net_zero(
        "此 9 千億的預算，預計其中 4,400 億來自各國營事業投入能源轉型及淨零轉型的投資，"
        "約 1,200 億來自既有推動能源轉型及農業綠色給付等中長程計畫，而 3,200 億則是新增計畫。"
    )
    assert [(m.text, m.value, m.currency) for m in extract_money(sentence)] == [
        ("9 千億", Decimal("900000000000"), "TWD"),
        ("4,400 億", Decimal("440000000000"), "TWD"),
        ("約 1,200 億", Decimal("120000000000"), "TWD"),
        ("3,200 億", Decimal("320000000000"), "TWD"),
    ]
    assert extract_quantities(sentence) == []


def test_forest_carbon_sinks_847_yi_and_net_zero_living_210_yi_where_only_the_second_writes_yuan():
    sentence = real_net_zero("強化森林碳匯及推動淨零生活，則分別需要 847 億及 210 億元。")
    assert money_facts(sentence) == [
        ("847 億", Decimal("84700000000"), "TWD", "allocation", None, None),
        ("210 億元", Decimal("21000000000"), "TWD", "allocation", None, None),
    ]


def test_smart_grid_and_storage_about_2078_yi_needed_is_about_207_8e9_twd():
    sentence = real_net_zero("搭配再生能源大量提升而需強化智慧電網及儲能系統，約需 2,078 億元。")
    assert money_facts(sentence) == [("約需 2,078 億元", Decimal("207800000000"), "TWD", "other", "about", None)]


def test_budgets_table_carries_range_ends_as_exact_decimals_in_the_appended_columns():
    import policykg
    from policykg.plan import BUDGET_COLUMNS, TARGET_COLUMNS

    assert TARGET_COLUMNS[-4:] == BUDGET_COLUMNS[-4:] == ["min_value", "max_value", "baseline_value", "baseline_year"]
    budgets = policykg.load_plan().budgets()
    quantum = budgets[budgets.text == "達900至1,700億美元"]
    assert quantum[["value", "min_value", "max_value", "baseline_value"]].values.tolist() == [
        [Decimal("90000000000"), Decimal("90000000000"), Decimal("170000000000"), ""],
        [Decimal("170000000000"), Decimal("90000000000"), Decimal("170000000000"), ""],
    ]
