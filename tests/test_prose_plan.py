"""The shipped prose plan 「臺灣 2050 淨零排放路徑及策略總說明」 (PDF): parts, sectors, key
strategies, cover agencies, mining and page provenance, with exact values from the document."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, Namespace, URIRef

import policykg
from policykg.graph.namespaces import DCTERMS, PKG, PKID, RDF, RDFS, XSD
from policykg.loaders.plan_document import (
    default_plan_path,
    net_zero_plan_path,
    parse_plan_document,
    shipped_plan_paths,
)

PLAN_ID = "tw-2050-net-zero-pathway-2022-03-30"

KEY_STRATEGIES = [  # (number, title as written, PDF page of its heading)
    (1, "風電/光電", 72),
    (2, "氫能", 73),
    (3, "前瞻能源", 73),
    (4, "電力系統與儲能", 73),
    (5, "節能 - 創新科技、能源有效運用", 73),
    (6, "碳捕捉利用及封存 CCUS", 74),
    (7, "運具電動化及無碳化", 74),
    (8, "資源循環零廢棄", 74),
    (9, "自然碳匯", 74),
    (10, "淨零綠生活", 75),
    (11, "綠色金融", 75),
    (12, "公正轉型", 75),
]

PARTS = [  # (marker, number, title, subtitle, first page, last page)
    ("Ⅰ", 1, "總論", None, 3, 14),
    ("Ⅱ", 2, "能源及產業轉型篇", "零碳能源供給與綠色成長商機", 15, 46),
    ("Ⅲ", 3, "未來生活篇", "從推動淨零生活開始", 47, 51),
    ("Ⅳ", 4, "社會支持體系篇", "落實公正轉型及公民參與", 52, 55),
    ("Ⅴ", 5, "科研基礎篇", "研發淨零科技", 56, 63),
    ("Ⅵ", 6, "法制基礎篇", "完善基礎環境", 64, 71),
    ("Ⅶ", 7, "淨零轉型之十二項關鍵戰略", None, 72, 77),
    ("結語", None, "結語", None, 78, 78),
    ("附錄", None, "轉型過程中的外界關切議題", None, 79, 82),
]

COVER_AGENCIES = [
    "國家發展委員會", "行政院環境保護署", "經濟部", "科技部", "交通部", "內政部",
    "行政院農業委員會", "金融監督管理委員會",
]


@pytest.fixture(scope="module")
def doc():
    return parse_plan_document(net_zero_plan_path())


@pytest.fixture(scope="module")
def net_zero():
    return policykg.load_plan(net_zero_plan_path())


def test_both_shipped_plans_are_reachable_and_the_markdown_plan_stays_the_default():
    paths = shipped_plan_paths()
    assert list(paths) == ["ai-new-ten-major-constructions-2026-01", PLAN_ID]
    assert paths[PLAN_ID] == net_zero_plan_path() and net_zero_plan_path().is_file()
    assert next(iter(paths.values())) == default_plan_path()


def test_cover_gives_title_date_and_the_eight_issuing_agencies_as_written(doc):
    assert doc.title == "臺灣 2050 淨零排放路徑及策略總說明"  # Word's Asian/Latin gap read as a space
    assert doc.issued == "2022-03-30"
    assert doc.issuing_agencies == COVER_AGENCIES
    assert doc.issuing_agencies_raw == (
        "國家發展委員會 行政院環境保護署 經濟部 科技部 交通部 內政部 行政院農業委員會、金融監督管理委員會"
    )
    assert doc.source.pages_of(doc.issuing_span.start, doc.issuing_span.end) == (1, 1)


def test_seven_numbered_parts_a_closing_part_and_an_appendix_with_titles_and_pages(doc):
    got = [
        (d.marker, d.number, d.title, d.subtitle, *doc.source.pages_of(d.span.start, d.span.end))
        for d in doc.divisions
    ]
    assert got == PARTS
    assert [d.kind for d in doc.divisions] == ["part"] * 8 + ["appendix"]
    assert doc.pillars == [] and list(doc.measures()) == []


def test_sectors_are_the_five_部門_sections_of_part_two(doc):
    sectors = [d for d in doc.all_divisions() if d.kind == "sector"]
    assert [(d.marker, d.title) for d in sectors] == [
        ("壹", "能源部門"), ("貳", "製造部門"), ("參", "商業部門"), ("肆", "住宅部門"), ("伍", "運輸部門"),
    ]
    part_two = doc.divisions[1]
    assert [d.title for d in part_two.children] == [d.title for d in sectors] + ["協助產業淨零轉型"]
    assert [doc.source.pages_of(d.span.start, d.span.end) for d in sectors] == [
        (15, 20), (21, 30), (31, 34), (35, 39), (40, 42),
    ]


def test_twelve_key_strategies_with_exact_titles_and_heading_pages(doc):
    keys = [d for d in doc.all_divisions() if d.kind == "key_strategy"]
    assert [(d.number, d.title, doc.source.location(d.span.start).page) for d in keys] == KEY_STRATEGIES
    list_section = doc.divisions[6].children[0]
    assert list_section.title == "關鍵戰略項目" and list_section.children == keys


def test_key_strategy_text_is_kept_for_mining(doc):
    wind = next(d for d in doc.all_divisions() if d.kind == "key_strategy" and d.number == 1)
    text = "".join(b.text for b in wind.blocks)
    assert text.startswith("以風電與光電為再生能源發展主力")  # the title is the node's name, not its text
    assert text.endswith("規劃太陽光電 2030 年設置裝置量達 30GW、2050 年 40~80GW。")


# -- graph -----------------------------------------------------------------------------

def _divisions_of(graph, cls):
    return sorted(
        (int(graph.value(n, PKG.ordinal)), str(graph.value(n, PKG.name)), int(graph.value(n, PKG.pageStart)))
        for n in graph.subjects(RDF.type, cls)
    )


def test_graph_types_parts_sectors_and_key_strategies(net_zero):
    g = net_zero.graph
    assert len(set(g.subjects(RDF.type, PKG.PlanPart))) == 9
    assert len(set(g.subjects(RDF.type, PKG.Appendix))) == 1
    assert [name for _, name, _ in _divisions_of(g, PKG.Sector)] == ["能源部門", "製造部門", "商業部門", "住宅部門", "運輸部門"]
    assert _divisions_of(g, PKG.KeyStrategy) == KEY_STRATEGIES
    plan = PKID[PLAN_ID]
    part_two = URIRef(f"{plan}/part/2")
    assert (plan, PKG.hasDivision, part_two) in g and (part_two, PKG.partOf, plan) in g
    assert g.value(part_two, PKG.subtitle) == Literal("零碳能源供給與綠色成長商機", lang="zh-Hant")
    wind = URIRef(f"{plan}/part/7/section/1/key-strategy/1")
    assert (wind, RDF.type, PKG.KeyStrategy) in g
    assert str(g.value(wind, DCTERMS.identifier)) == "7.1.1"
    assert (int(g.value(wind, PKG.pageStart)), int(g.value(wind, PKG.pageEnd))) == (72, 73)


def test_issuing_agencies_all_resolve_and_the_renamed_ones_lead_to_their_successors(net_zero):
    assert not [w for w in net_zero.warnings if "unresolved" in w]
    union = net_zero.union
    ORG = Namespace("http://www.w3.org/ns/org#")
    successors = {}
    for agency in union.objects(PKID[PLAN_ID], PKG.issuingAgency):
        for event in union.objects(agency, ORG.changedBy):
            for result in union.objects(event, ORG.resultingOrganization):
                successors[str(union.value(agency, PKG.fullName))] = result
    names = {old: {str(l) for l in union.objects(new, RDFS.label) if l.language == "zh-Hant"} for old, new in successors.items()}
    assert {k: v for k, v in names.items()} == {
        "科技部": {"國家科學及技術委員會"}, "行政院環境保護署": {"環境部"}, "行政院農業委員會": {"農業部"},
    }


def test_issuing_agencies_are_mentions_with_the_issuing_role(net_zero):
    g = net_zero.graph
    plan = PKID[PLAN_ID]
    mentions = sorted(g.objects(plan, PKG.hasAgencyMention), key=lambda m: int(g.value(m, PKG.position)))
    assert [str(g.value(m, PKG.mentionText)) for m in mentions] == COVER_AGENCIES
    assert {g.value(m, PKG.agencyRole) for m in mentions} == {PKG.IssuingRole}
    issuers = set(g.objects(plan, PKG.issuingAgency))
    assert len(issuers) == 8
    labels = {str(label) for a in issuers for label in net_zero.union.objects(a, RDFS.label)}
    assert {"國家發展委員會", "經濟部", "交通部", "內政部", "金融監督管理委員會"} <= labels
    assert g.value(plan, DCTERMS.issued) == Literal("2022-03-30", datatype=XSD.date)


def test_prose_text_is_mined_for_gw_range_targets_with_pages(net_zero):
    t = net_zero.targets()
    wind = t[t.owner.str.endswith("/key-strategy/1")]
    assert wind[["value", "unit", "qualifier", "deadline", "text", "pages"]].values.tolist() == [
        [Decimal("13.1"), "GW", "reaching", "2030", "達 13.1GW", "72-73"],
        [Decimal("40"), "GW", "reaching;range_min", "2050", "達 40~55GW", "72-73"],
        [Decimal("55"), "GW", "reaching;range_max", "2050", "達 40~55GW", "72-73"],
        [Decimal("30"), "GW", "reaching", "2030", "達 30GW", "72-73"],
        [Decimal("40"), "GW", "range_min", "2050", "40~80GW", "72-73"],
        [Decimal("80"), "GW", "range_max", "2050", "40~80GW", "72-73"],
    ]


def test_prose_text_is_mined_for_the_budget_of_預算規劃_with_pages(net_zero):
    b = net_zero.budgets()
    budget = b[b.owner.str.endswith("/part/7/section/2")]
    assert budget[["value", "pages"]].values.tolist()[:4] == [
        [Decimal("900000000000"), "76-77"],  # 「約有 9 千億的預算需求」
        [Decimal("210000000000"), "76-77"],  # 「約需預算 2,100 億元」
        [Decimal("207800000000"), "76-77"],
        [Decimal("41500000000"), "76-77"],
    ]
    assert list(budget.text[:4]) == ["約有 9 千億", "2,100 億元", "約需 2,078 億元", "約需 415 億元"]
    assert Decimal("440000000000") in set(budget.value)  # 「4,400 億來自各國營事業」


def test_agencies_named_in_the_text_are_mentioned_by_their_division(net_zero):
    g = net_zero.graph
    energy = URIRef(f"{PKID[PLAN_ID]}/part/2/section/1")
    assert (g.value(energy, PKG.name)) == Literal("能源部門")
    named = {str(label) for a in g.objects(energy, PKG.mentionsAgency) for label in net_zero.union.objects(a, RDFS.label)}
    assert "經濟部" in named  # 「成立「經濟部氫能推動小組」」


def test_every_fact_with_a_line_span_has_a_page_span(net_zero):
    g = net_zero.graph
    with_lines = set(g.subjects(PKG.lineStart, None))
    with_pages = set(g.subjects(PKG.pageStart, None))
    assert len(with_lines) > 200 and with_lines == with_pages
    for node in with_lines:
        start, end = int(g.value(node, PKG.pageStart)), int(g.value(node, PKG.pageEnd))
        assert 1 <= start <= end <= 82
        assert net_zero.doc.source.location(int(g.value(node, PKG.lineStart))).page == start


def test_markdown_plan_has_no_page_spans_and_an_empty_pages_column(plan):
    assert not set(plan.graph.subjects(PKG.pageStart, None))
    assert set(plan.measures().pages) == {""} and set(plan.targets().pages) == {""}


def test_prose_plan_graph_conforms_to_the_shapes(net_zero):
    result = net_zero.validate()
    assert result.conforms, result.report


def test_a_plan_with_neither_table_nor_parts_is_still_refused(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# 筆記\n\n壹、前言\n\n一、緣起\n\n本文。\n", encoding="utf-8")
    with pytest.raises(policykg.PlanParseError) as info:
        parse_plan_document(path)
    assert "without finding a measures table" in info.value.message
    assert "parts of a prose plan" in info.value.message


# -- cross-plan analysis -----------------------------------------------------------------

@pytest.fixture(scope="module")
def comparison():
    from policykg.corpus import Corpus

    return Corpus([default_plan_path(), net_zero_plan_path()], workers=1).compare(0, 1)


def _shared(comparison, kind):
    e = comparison.entities
    return e[(e.kind == kind) & (e.status == "shared")].set_index("entity")


def test_compare_names_the_agencies_both_plans_share_through_renamings(comparison):
    agencies = _shared(comparison, "agency")
    assert {"經濟部", "交通部", "內政部", "國家發展委員會", "金融監督管理委員會", "國家科學及技術委員會", "環境部",
            "農業部"} <= set(agencies.index)
    # the 2022 plan wrote the predecessors' names; the AI plan (2026) names the successors
    assert agencies.loc["國家科學及技術委員會", "as_written_b"] == "科技部"
    assert agencies.loc["國家科學及技術委員會", "as_written_a"] == ""
    assert agencies.loc["農業部", "as_written_b"] == "農業委員會"
    assert agencies.loc["環境部", "as_written_b"] == "環境保護署"
    assert agencies.loc["經濟部", "nodes_b"] >= 2 and agencies.loc["經濟部", "measures_b"] == 0


def test_without_following_renamings_科技部_is_not_shared():
    from policykg.analysis.compare import compare
    from policykg.corpus import Corpus

    corpus = Corpus([default_plan_path(), net_zero_plan_path()], workers=1)
    e = compare(corpus.plan(0), corpus.plan(1), follow_renamings=False).entities
    agencies = e[e.kind == "agency"].set_index("entity").status
    assert agencies["科技部"] == "only_b" and agencies["國家科學及技術委員會"] == "only_a"


def test_compare_names_shared_technologies_and_regions(comparison):
    assert {"再生能源", "智慧電網", "能源效率", "人工智慧", "半導體"} <= set(_shared(comparison, "technology").index)
    assert {"臺灣", "臺中市"} <= set(_shared(comparison, "region").index)
    counts = comparison.totals[comparison.totals.metric == "count"].set_index("group")
    assert (counts.loc["measures", "a"], counts.loc["divisions", "b"]) == (143, 41)


def test_sector_text_does_not_name_an_agency(net_zero):
    g = net_zero.graph
    texts = {str(g.value(m, PKG.mentionText)) for m in g.subjects(RDF.type, PKG.ConceptMention)}
    assert "農業部" not in texts and "環境部" not in texts  # 「農業部門」「環境部門」 are sectors
