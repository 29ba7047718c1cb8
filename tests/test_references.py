"""Tests for loaders/references.py, graph/references.ttl and loaders/reference_cues.tsv
against the real plan data/plans/ai-new-ten-major-constructions-2026-01.md."""
from __future__ import annotations

from collections import Counter
from importlib.resources import files

import pytest
from rdflib import Graph

from policykg.loaders.references import (
    ReferenceMention,
    ReferenceRegistry,
    discover_candidates,
    reference_iri,
)

PLAN = "ai-new-ten-major-constructions-2026-01.md"


@pytest.fixture(scope="module")
def document() -> str:
    return (files("policykg.data.plans") / PLAN).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def registry() -> ReferenceRegistry:
    return ReferenceRegistry.load()


@pytest.fixture(scope="module")
def mentions(document, registry) -> list[ReferenceMention]:
    return registry.find(document)


def line_with(document: str, snippet: str) -> str:
    """The one line of the document that holds ``snippet``."""
    lines = [ln for ln in document.splitlines() if snippet in ln]
    assert len(lines) == 1, (snippet, len(lines))
    return lines[0]


def labelled(found: list[ReferenceMention]) -> list[tuple[str, str, str]]:
    return [(m.label, m.text, m.relation) for m in found]


# ---- relations from cue words in real sentences ------------------------------------------------

def test_plan_is_built_on_the_five_policies_listed_before_zheng_ce_ji_chu_shang(document, registry):
    line = line_with(document, "等政策基礎上")
    assert "於亞洲·矽谷、智慧國家2.0新綱領、六大區域產業及生活圈計畫、國家人才競爭力躍升方案、亞灣2.0-智慧科技創新園區推動方案等政策基礎上" in line
    assert labelled(registry.find(line)) == [
        ("亞洲·矽谷", "亞洲·矽谷", "buildsOn"),
        ("智慧國家2.0新綱領", "智慧國家2.0新綱領", "buildsOn"),
        ("六大區域產業及生活圈", "六大區域產業及生活圈計畫", "buildsOn"),
        ("國家人才競爭力躍升方案", "國家人才競爭力躍升方案", "buildsOn"),
        ("亞灣2.0-智慧科技創新園區推動方案", "亞灣2.0-智慧科技創新園區推動方案", "buildsOn"),
        ("五大信賴產業", "五大信賴產業", "references"),
    ]


def test_policy_positioning_builds_on_asia_silicon_valley_and_aligns_with_what_it_rong_he(document, registry):
    line = line_with(document, "融合智慧國家2.0新綱領與六大區域產業及生活圈")
    assert labelled(registry.find(line)) == [
        ("亞洲·矽谷", "亞洲·矽谷", "buildsOn"),
        ("智慧國家2.0新綱領", "智慧國家2.0新綱領", "alignsWith"),
        ("六大區域產業及生活圈", "六大區域產業及生活圈", "alignsWith"),
        ("五大信賴產業", "五大信賴產業", "references"),
    ]


def test_ai_smart_city_pei_he_six_regional_living_circles_aligns_with_it_even_across_a_wrap_space(document, registry):
    prose = line_with(document, "(2)推動區域主題式 AI 智慧城市應用：配合行政院「六大區域產業及生活圈」規劃")
    table = line_with(document, "配合行政院「六大區域產業 及生活圈」規劃")
    for line, written in ((prose, "六大區域產業及生活圈"), (table, "六大區域產業 及生活圈")):
        assert labelled(registry.find(line)) == [("六大區域產業及生活圈", written, "alignsWith")]


def test_asia_silicon_valley_3_0_is_merged_into_the_plan(document, registry):
    line = line_with(document, "後續將併入本方案")
    found = registry.find(line)
    assert labelled(found) == [
        ("亞洲·矽谷3.0—智慧物聯", "亞洲·矽谷3.0—智慧物聯", "mergedInto"),
        ("亞洲·矽谷3.0—智慧物聯", "亞洲·矽谷3.0—智慧物聯", "mergedInto"),
    ]
    assert found[0].ref_iri == reference_iri("亞洲·矽谷3.0—智慧物聯")


def test_compute_build_out_is_founded_on_the_chip_programme_2024_2028_and_greater_south_2026_2029(document, registry):
    line = line_with(document, "奠基「晶片驅動臺灣產業創新方案」(2024–2028)")
    assert labelled(registry.find(line)) == [
        ("晶片驅動臺灣產業創新方案", "晶片驅動臺灣產業創新方案", "buildsOn"),
        ("大南方新矽谷推動方案", "大南方新矽谷推動方案", "buildsOn"),
    ]


def test_smart_living_circle_builds_on_the_earlier_smart_city_countryside_programme(document, registry):
    line = line_with(document, "另在過去智慧城鄉推動基礎上")
    assert labelled(registry.find(line)) == [("智慧城鄉", "智慧城鄉", "buildsOn")]


def test_home_care_kou_he_healthy_taiwan_policy_aligns_with_it(document, registry):
    line = line_with(document, "扣合「國家希望工程—打造健康臺灣政策」")
    assert labelled(registry.find(line)) == [
        ("國家希望工程—打造健康臺灣政策", "國家希望工程—打造健康臺灣政策", "alignsWith"),
    ]


def test_article_10_1_of_the_statute_for_industrial_innovation_is_a_mention_of_the_statute(document, mentions):
    start = document.index("(1)產業創新條例第10條之1") + len("(1)")
    found = [m for m in mentions if m.start == start]
    assert found == [
        ReferenceMention(
            ref_iri=reference_iri("產業創新條例"),
            label="產業創新條例",
            text="產業創新條例",
            start=start,
            end=start + 6,
            relation="references",
        )
    ]


def test_park_set_up_yi_the_statute_is_a_plain_reference_because_the_contract_has_no_based_on(document, registry):
    line = line_with(document, "由臺南市政府依產業創新條例申請設置")
    assert labelled(registry.find(line)) == [("產業創新條例", "產業創新條例", "references")]


def test_korean_ai_basic_act_is_foreign_and_taiwans_ai_basic_act_is_the_domestic_law(document, registry):
    korea = line_with(document, "韓國則以「國家 AI 能力強化方案」持續擴大算力，並已完成 AI 基本法立法")
    ours = line_with(document, "並推動我國 AI 基本法")
    assert [(m.label, m.text) for m in registry.find(korea)][-2:] == [
        ("國家 AI 能力強化方案", "國家 AI 能力強化方案"),
        ("韓國 AI 基本法", "AI 基本法"),
    ]
    assert [(m.label, m.text) for m in registry.find(ours)] == [("人工智慧基本法", "AI 基本法")]
    assert registry.by_label("韓國 AI 基本法").reference_type == "ForeignPolicy"
    assert registry.by_label("人工智慧基本法").reference_type == "Law"


def test_foreign_plans_in_the_opening_are_kept_and_typed_foreign(document, registry):
    opening = line_with(document, "如美國「AI 行動計畫」、歐盟「AI 大陸計畫」")
    assert [m.label for m in registry.find(opening)] == ["AI 行動計畫", "AI 大陸計畫"]
    trends = line_with(document, "如美國 Stargate 計畫將建置20座大型 AI 算力中心")
    assert [m.text for m in registry.find(trends)] == [
        "Stargate 計畫", "AI 大陸行動計畫", "InvestAI 計畫", "國家 AI 能力強化方案", "AI 基本法",
    ]
    for label, jurisdiction in (("AI 行動計畫", "美國"), ("Stargate 計畫", "美國"), ("AI 大陸計畫", "歐盟"),
                                ("InvestAI 計畫", "歐盟"), ("量子歐洲戰略", "歐盟"), ("國家 AI 能力強化方案", "韓國")):
        ref = registry.by_label(label)
        assert (ref.reference_type, ref.jurisdiction) == ("ForeignPolicy", jurisdiction)


def test_interpunct_variant_and_wrap_space_still_find_asia_silicon_valley_3_0(document, registry):
    line = line_with(document, "後續將併入本方案").replace("亞洲·矽谷3.0", "亞洲‧矽谷 3.0")
    assert [(m.label, m.text) for m in registry.find(line)][0] == ("亞洲·矽谷3.0—智慧物聯", "亞洲‧矽谷 3.0—智慧物聯")


# ---- the whole document -----------------------------------------------------------------------

def test_whole_document_mentions_57_references_103_times(mentions):
    assert len(mentions) == 103
    assert {m.label for m in mentions} == {
        "國力新十大動能", "五大信賴產業", "亞洲·矽谷", "亞洲·矽谷3.0—智慧物聯", "智慧國家2.0新綱領",
        "六大區域產業及生活圈", "國家人才競爭力躍升方案", "亞灣2.0-智慧科技創新園區推動方案",
        "晶片驅動臺灣產業創新方案", "大南方新矽谷推動方案", "智慧城鄉", "國家希望工程—打造健康臺灣政策",
        "百億主題式投資計畫",
        "人工智慧基本法", "產業創新條例", "個人資料保護法", "促進資料創新利用發展條例", "外國專業人才延攬及僱用法",
        "著作權法",
        "人工智慧風險分類框架", "製造業 AI 導入指引", "AI 產業人才認定指引", "臺灣主權 AI 訓練語料授權條款",
        "次世代數位醫療平臺計畫", "衛福數位基礎建設計畫", "提升醫療院所資安韌性計畫", "住宿式機構照顧品質獎勵計畫",
        "科技輔具導入日間照顧中心提升照顧品質計畫", "智慧運輸系統發展建設計畫", "智慧鐵道發展計畫",
        "智慧建築 AI 場域實證示範計畫", "AI 於無人農業之前瞻運用計畫", "大學校院產學合作培育博士級研發人才計畫",
        "高等教育深耕計畫", "實作場域設備精進計畫", "推廣貿易工作計畫", "服務業 AI 人才培育計畫",
        "產業 AI 智慧增值服務整合計畫", "AI 新秀計畫", "機器人實習生計畫", "數位游牧先導專案",
        "IC Taiwan Grand Challenge", "加強投資 AI 新創實施方案", "智慧機器人投資實施方案",
        "加強投資策略性服務業實施方案", "中小微企業多元發展優惠貸款", "亞洲創新籌資平臺推動計畫", "創業綻放計畫",
        "創新創業激勵計畫", "科研創業計畫",
        "AI 行動計畫", "Stargate 計畫", "AI 大陸計畫", "InvestAI 計畫", "量子歐洲戰略", "國家 AI 能力強化方案",
        "韓國 AI 基本法",
    }


def test_whole_document_has_9_builds_on_5_aligns_with_2_merged_into_and_87_plain_references(mentions):
    assert Counter(m.relation for m in mentions) == {
        "references": 87, "buildsOn": 9, "alignsWith": 5, "mergedInto": 2,
    }


def test_every_mention_text_is_the_document_slice_it_points_to(document, mentions):
    assert all(document[m.start:m.end] == m.text for m in mentions)


def test_only_the_foundation_survey_report_is_left_for_a_researcher_to_judge(document, registry):
    # 「2025臺灣產業 AI化大調查暨 AI落地指引」 is a report of 人工智慧科技基金會, not a government plan.
    assert discover_candidates(document, registry) == ["2025臺灣產業 AI化大調查暨 AI落地指引"]


def test_discovery_finds_the_suffixed_plans_a_registry_without_plans_would_miss(document, registry):
    without_plans = ReferenceRegistry([r for r in registry.references if r.reference_type != "Plan"], registry.cues)
    assert discover_candidates(document, without_plans) == [
        "智慧國家2.0新綱領",
        "六大區域產業及生活圈計畫",
        "國家人才競爭力躍升方案",
        "亞灣2.0-智慧科技創新園區推動方案",
        "2025臺灣產業 AI化大調查暨 AI落地指引",
        "晶片驅動臺灣產業創新方案",
        "大南方新矽谷推動方案",
    ]


def test_discovery_finds_an_unquoted_programme_name_and_skips_the_plans_own_title(document, registry):
    without = ReferenceRegistry([r for r in registry.references if r.label != "高等教育深耕計畫"], registry.cues)
    assert discover_candidates(document, without) == ["2025臺灣產業 AI化大調查暨 AI落地指引", "高等教育深耕計畫"]
    # the H1 title "AI 新十大建設推動方案" is left out by default, found when no own title is given
    assert "AI 新十大建設推動方案" in discover_candidates(document, registry, own_titles=[])


# ---- the registry file ------------------------------------------------------------------------

SHAPES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix pkg:  <https://w3id.org/policykg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

pkg:ReferenceShape a sh:NodeShape ;
    sh:targetClass pkg:LegalOrPolicyReference ;
    sh:property [
        sh:path rdfs:label ;
        sh:qualifiedValueShape [ sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> ;
                                 sh:languageIn ( "zh-Hant" ) ] ;
        sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ;
        sh:message "a reference needs exactly one rdfs:label @zh-Hant" ] ;
    sh:property [
        sh:path pkg:referenceType ; sh:minCount 1 ; sh:maxCount 1 ;
        sh:in ( pkg:Law pkg:Plan pkg:Programme pkg:Policy pkg:ForeignPolicy ) ;
        sh:message "a reference needs one pkg:referenceType" ] ;
    sh:property [ sh:path pkg:hasPeriod ; sh:class pkg:Period ; sh:maxCount 1 ] .

pkg:PeriodShape a sh:NodeShape ;
    sh:targetClass pkg:Period ;
    sh:property [ sh:path pkg:start ; sh:datatype xsd:gYear ; sh:maxCount 1 ] ;
    sh:property [ sh:path pkg:end ; sh:datatype xsd:gYear ; sh:maxCount 1 ] .
"""


def validate(data: Graph) -> tuple[bool, str]:
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(data=SHAPES, format="turtle")
    conforms, _, report = shacl_validate(data, shacl_graph=shapes, inference="none")
    return conforms, report


@pytest.fixture(scope="module")
def registry_graph() -> Graph:
    return Graph().parse(data=(files("policykg.graph") / "references.ttl").read_text(encoding="utf-8"), format="turtle")


def test_references_ttl_conforms_every_reference_has_a_zh_hant_label_and_a_type(registry_graph):
    conforms, report = validate(registry_graph)
    assert conforms, report


def test_the_shape_rejects_a_reference_without_zh_hant_label(registry_graph):
    broken = Graph().parse(data="""
        @prefix pkg: <https://w3id.org/policykg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/policykg/id/ref/x> a pkg:LegalOrPolicyReference ;
            rdfs:label "X"@en ; pkg:referenceType pkg:Law .""", format="turtle")
    assert validate(broken)[0] is False


def test_every_reference_iri_is_the_percent_encoded_zh_hant_label(registry):
    assert len(registry.references) == 57
    assert all(r.iri == reference_iri(r.label) for r in registry.references)


def test_periods_come_from_the_plans_own_statements(registry_graph, registry):
    query = """
        PREFIX pkg: <https://w3id.org/policykg/ontology#>
        SELECT ?ref ?start ?end ?raw WHERE {
            ?ref pkg:hasPeriod ?p . ?p pkg:periodRaw ?raw .
            OPTIONAL { ?p pkg:start ?start } OPTIONAL { ?p pkg:end ?end } }"""
    periods = {
        registry.get(str(row.ref)).label: (str(row.start), row.end and str(row.end), str(row.raw))
        for row in registry_graph.query(query)
    }
    assert periods == {
        "晶片驅動臺灣產業創新方案": ("2024", "2028", "(2024–2028)"),
        "大南方新矽谷推動方案": ("2026", "2029", "(2026–2029)"),
        "住宿式機構照顧品質獎勵計畫": ("2024", "2027", "(113-116年)"),
        "科技輔具導入日間照顧中心提升照顧品質計畫": ("2024", "2027", "(113-116年)"),
        "AI 於無人農業之前瞻運用計畫": ("2027", None, "116年度開始"),
    }
