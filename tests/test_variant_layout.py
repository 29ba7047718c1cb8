"""A hand-written plan in another layout loads: separate 主辦機關 / 協辦機關 columns, AD dates, 「期程」."""
from pathlib import Path

import pytest

import policykg

VARIANT = Path(__file__).parent / "fixtures" / "variant_plan.md"


@pytest.fixture(scope="module")
def plan():
    return policykg.load_plan(VARIANT)


def test_variant_plan_has_two_pillars_with_their_lead_agencies_from_table_1(plan):
    assert [(p.number, p.title, p.lead_agencies) for p in plan.doc.pillars] == [
        (1, "智慧農業", ["農業部"]), (2, "數位服務", ["數發部"])]
    assert (plan.doc.title, plan.doc.period_start, plan.doc.period_end) == ("智慧農村數位轉型計畫", "2025", "2028")


def test_ad_dates_in_the_期程_column_are_read_as_year_months(plan):
    rows = plan.measures()
    assert list(zip(rows.measure, rows.start, rows.end)) == [
        ("建置農田感測網路", "2025-01", "2026-12"),
        ("推廣無人機植保", "2026-01", "2028-12"),
        ("培育數位農業人才", "2025-07", "2027-06"),
        ("建置農村遠距醫療站", "2025-01", "2028-12"),
    ]


def test_separate_lead_and_co_columns_give_lead_and_co_organizers(plan):
    rows = plan.measures()
    assert list(zip(rows.lead_agency, rows.co_agencies)) == [
        ("農業部", "數發部"), ("農業部", ""), ("農業部", "教育部;勞動部"), ("數發部", "衛福部")]


def test_an_empty_co_column_beside_a_filled_lead_column_is_not_inherited_from_the_row_above(plan):
    _, strategy, measure = list(plan.doc.measures())[1]
    assert (strategy.title, measure.name, measure.schedule[0].agencies) == ("精準農業", "推廣無人機植保", ["農業部"])


def test_variant_plan_strategies_and_execution_items(plan):
    assert [(s.number, s.title, len(s.measures)) for p in plan.doc.pillars for s in p.strategies] == [
        (1, "精準農業", 2), (2, "農業人才", 1), (1, "農村數位服務", 1)]
    first = plan.doc.pillars[0].strategies[0].measures[0]
    assert [i.text for i in first.items] == ["布建土壤感測器", "建立農業資料平臺"]


def test_variant_plan_can_be_diffed_and_analysed(plan):
    from policykg.analysis.diff import diff

    assert diff(VARIANT, VARIANT).empty
    deps = plan.dependencies()
    assert list(deps.columns)[:3] == ["plan", "kind", "relation"]
