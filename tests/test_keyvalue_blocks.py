"""Key–value blocks (Open Government National Action Plan layout): commitments under headings with
「主（協）辦機關：…」 and 「起迄時間：2021/01 ~ 2024/05」 lines, milestones as sub-headings with date ranges."""
from __future__ import annotations

from pathlib import Path

import pytest

import policykg
from policykg.graph.namespaces import PKG, RDFS
from policykg.loaders.plan_document import parse_plan_document

FIXTURE = Path(__file__).parent / "fixtures" / "open-government-nap-commitments.md"


@pytest.fixture(scope="module")
def nap():
    return policykg.load_plan(FIXTURE)


def test_commitments_are_measures_grouped_under_their_theme_headings():
    doc = parse_plan_document(FIXTURE)
    assert [(p.number, p.title, [m.name for s in p.strategies for m in s.measures]) for p in doc.pillars] == [
        (1, "推動資料開放及數據運用", ["推動資料開放及數據運用法制化", "擴大高價值資料集之開放"]),
        (2, "擴大公共參與", ["精進公共政策網路參與平臺", "強化法規草案預告之公眾意見回應"]),
    ]
    assert doc.divisions == []


def test_milestones_are_schedule_rows_with_their_own_ad_periods_and_the_commitments_agencies(nap):
    m = nap.measures()
    first = m[(m.pillar_no == 1) & (m.measure_no == 1)]
    assert first[["start", "end", "period_raw", "lead_agency", "co_agencies", "agencies_raw", "source_lines"]].values.tolist() == [
        ["2021-01", "2021-12", "2021/01 ~ 2021/12", "國發會", "行政院及所屬各機關", "國發會、(行政院及所屬各機關)", "26-28"],
        ["2022-01", "2022-12", "2022/01 ~ 2022/12", "國發會", "行政院及所屬各機關", "國發會、(行政院及所屬各機關)", "30-32"],
        ["2023-01", "2024-05", "2023/01 ~ 2024/05", "國發會", "行政院及所屬各機關", "國發會、(行政院及所屬各機關)", "34-36"],
    ]
    assert set(first.content) == {
        "辦理資料開放法制研析及公眾諮詢", "完成「資料開放法」草案並陳報行政院", "推動各機關依法辦理資料開放並公布執行成果",
    }
    assert set(m.pages) == {""}


def test_separate_lead_and_co_lines_give_lead_and_co_agencies(nap):
    m = nap.measures()
    row = m[(m.pillar_no == 1) & (m.measure_no == 2)].iloc[0]
    assert (row.lead_agency, row.co_agencies, row.agencies_raw) == ("數位發展部", "內政部;交通部", "數位發展部、內政部、交通部")


def test_a_commitment_without_milestones_keeps_its_own_period_and_parenthesised_co_agency(nap):
    m = nap.measures()
    row = m[(m.pillar_no == 2) & (m.measure_no == 2)]
    assert row[["start", "end", "period_status", "lead_agency", "co_agencies", "source_lines"]].values.tolist() == [
        ["2021-07", "2023-12", "scheduled", "法務部", "國發會", "78"],
    ]


def test_content_continues_over_a_wrapped_line():
    doc = parse_plan_document(FIXTURE)
    measure = doc.pillars[0].strategies[0].measures[0]
    assert measure.content == "研擬「資料開放法」草案，建立資料開放及數據運用之法制基礎，並建立民間申請開放資料之機制。"
    assert [i.text for i in measure.items][:1] == ["辦理資料開放法制研析及公眾諮詢"]


def test_agencies_resolve_to_the_registry_with_lead_and_co_roles(nap):
    g = nap.graph
    labels = {}
    for prop in (PKG.leadAgency, PKG.coOrganizingAgency):
        labels[prop] = {str(label) for a in g.objects(None, prop) for label in nap.union.objects(a, RDFS.label)
                        if label.language == "zh-Hant"}
    assert labels[PKG.leadAgency] == {"國家發展委員會", "數位發展部", "法務部"}
    assert {"內政部", "交通部", "國家發展委員會", "行政院及所屬各機關"} == labels[PKG.coOrganizingAgency]
    assert any("unresolved agency mention '行政院及所屬各機關'" in w for w in nap.warnings)


def test_key_value_plan_graph_conforms_to_the_shapes(nap):
    result = nap.validate()
    assert result.conforms, result.report
