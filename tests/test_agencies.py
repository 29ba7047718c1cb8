"""Agency registry (graph/agencies.ttl) and agency-cell resolver, checked on the real plan.

The agency cells are read from the document itself with a plain TSV scan: every data line of
the measure tables (表2–表11) has exactly three tabs and its last cell is 「主/協辦 機關單位」;
table 1 lines have one tab and the 主政部會 in the second cell. A cell cut by a page break
("衛福部醫事" … "司") is re-joined only when neither fragment resolves alone and the two
together do.
"""
from __future__ import annotations

import re
from importlib.resources import files
from urllib.parse import quote

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from policykg.loaders.agencies import (
    AGENCY_BASE,
    PKG,
    VIA_RULES,
    AgencyRegistry,
    agency_iri,
    normalize_agency_text,
    split_agency_cell,
)

PLAN_FILE = "ai-new-ten-major-constructions-2026-01.md"
MEASURE_TABLE_HEADER = "具體措施\t"
TABLE_1_HEADER = "AI 新十大建設\t主政部會"


def iri_of(full_name: str) -> str:
    return AGENCY_BASE + quote(full_name, safe="")


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.load()


@pytest.fixture(scope="module")
def plan_lines() -> list[str]:
    return files("policykg.data.plans").joinpath(PLAN_FILE).read_text(encoding="utf-8").split("\n")


def measure_table_agency_cells(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based line, last cell) of every non-empty agency cell of the measure tables."""
    cells = []
    for number, line in enumerate(lines, start=1):
        if line.count("\t") != 3 or line.startswith(MEASURE_TABLE_HEADER):
            continue
        cell = normalize_agency_text(line.split("\t")[3])
        if cell:
            cells.append((number, cell))
    return cells


def table_1_lead_cells(lines: list[str]) -> list[tuple[str, str]]:
    """(pillar, 主政部會) rows of 表 1, which runs from its caption to the next heading."""
    start = next(i for i, line in enumerate(lines) if line.startswith("表 1"))
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if line.count("\t") == 1 and line != TABLE_1_HEADER:
            pillar, lead = line.split("\t")
            rows.append((pillar.strip(), lead.strip()))
    return rows


def join_page_break_fragments(cells: list[tuple[int, str]], registry: AgencyRegistry):
    """Re-join consecutive cells that resolve only together; returns (cells, joined pairs)."""
    joined_cells: list[tuple[int, str]] = []
    joined_pairs: list[tuple[str, str]] = []
    for number, cell in cells:
        if joined_cells and registry.unresolved(cell):
            previous_number, previous = joined_cells[-1]
            if registry.unresolved(previous) and not registry.unresolved(previous + cell):
                joined_cells[-1] = (previous_number, previous + cell)
                joined_pairs.append((previous, cell))
                continue
        joined_cells.append((number, cell))
    return joined_cells, joined_pairs


@pytest.fixture(scope="module")
def agency_cells(plan_lines, registry) -> list[tuple[int, str]]:
    cells, _ = join_page_break_fragments(measure_table_agency_cells(plan_lines), registry)
    return cells


# --------------------------------------------------------------------------- text helpers


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("數發部 數產署", "數發部數產署"),
        ("經濟部商業 發展署", "經濟部商業發展署"),
        ("國科會自然 處", "國科會自然處"),
        ("  交通部  ", "交通部"),
    ],
)
def test_normalize_agency_text_removes_pdf_wrap_spaces_between_cjk(written, normalized):
    assert normalize_agency_text(written) == normalized


@pytest.mark.parametrize(
    ("cell", "mentions"),
    [
        ("經濟部產發署、經濟部中企署", ["經濟部產發署", "經濟部中企署"]),
        ("金管會/國科會", ["金管會", "國科會"]),
        (
            "衛福部健保署/資訊處、國家衛生研究院、醫藥品查驗中心",
            ["衛福部健保署", "資訊處", "國家衛生研究院", "醫藥品查驗中心"],
        ),
        ("國科會前瞻處(國網中心)", ["國科會前瞻處(國網中心)"]),
        ("內政部消防署(各地方消防機關)", ["內政部消防署(各地方消防機關)"]),
        ("數發部(資料創新司)、各機關、地方政府", ["數發部(資料創新司)", "各機關", "地方政府"]),
        (
            "數發部(數位政府司)、相關部會(內政部、交通部、法務部)",
            ["數發部(數位政府司)", "相關部會(內政部、交通部、法務部)"],
        ),
        ("數發部 數產署", ["數發部數產署"]),
        ("—", []),
        ("", []),
    ],
)
def test_split_agency_cell_keeps_order_and_brackets(cell, mentions):
    assert split_agency_cell(cell) == mentions


# --------------------------------------------------------------------------- whole document


def test_the_only_agency_cell_cut_by_a_page_break_is_medical_affairs_line_444(plan_lines, registry):
    cells = measure_table_agency_cells(plan_lines)
    joined, pairs = join_page_break_fragments(cells, registry)
    assert pairs == [("衛福部醫事", "司")]
    assert (444, "衛福部醫事司") in joined


def test_every_agency_cell_of_tables_2_to_11_resolves_with_no_unresolved_mentions(agency_cells, registry):
    assert len(agency_cells) == 155
    failures = {cell: registry.unresolved(cell) for _, cell in agency_cells if registry.unresolved(cell)}
    assert failures == {}
    for _, cell in agency_cells:
        resolved = registry.resolve_cell(cell)
        assert {m.position for m in resolved} == set(range(len(split_agency_cell(cell))))
        assert all(m.via in VIA_RULES for m in resolved)


def test_the_measure_tables_have_71_distinct_agency_cells_naming_73_distinct_agencies(agency_cells, registry):
    distinct_cells = {cell for _, cell in agency_cells}
    agencies = {m.agency_iri for cell in distinct_cells for m in registry.resolve_cell(cell)}
    assert len(distinct_cells) == 71
    assert len(agencies) == 73


def test_table_1_lead_agencies_are_four_top_level_bodies(plan_lines, registry):
    rows = table_1_lead_cells(plan_lines)
    assert len(rows) == 10
    leads = {}
    for pillar, cell in rows:
        assert registry.unresolved(cell) == []
        (mention,) = registry.resolve_cell(cell)
        assert mention.parent_iri is None and mention.ministry_iri == mention.agency_iri
        leads[pillar] = mention.label_zh
    assert leads["全民智慧生活圈"] == "國家科學及技術委員會"
    assert leads["百工百業智慧應用"] == "經濟部"
    assert leads["AI 數位產業登峰"] == "數位發展部"
    assert leads["千億資金驅動創新"] == "國家發展委員會"
    assert set(leads.values()) == {"國家科學及技術委員會", "經濟部", "數位發展部", "國家發展委員會"}


def test_narrative_abbreviations_name_the_same_agency_as_the_full_name(plan_lines, registry):
    paragraph = next(line for line in plan_lines if line.startswith("本方案係由國家發展委員會"))
    pairs = re.findall(r"([\u4e00-\u9fff]+)\(下稱([^)]+)\)", paragraph)
    assert [abbreviation for _, abbreviation in pairs] == [
        "國發會", "數發部", "國科會", "衛福部", "中研院", "國發基金", "個資會籌備處",
    ]
    for written, abbreviation in pairs:
        # the capture may start with preceding words (本方案係由…): use the longest suffix that resolves
        full = next(
            match for start in range(len(written))
            if (match := registry.resolve_name(written[start:])) is not None
        )
        assert registry.resolve_name(abbreviation).agency == full.agency


# --------------------------------------------------------------------------- tricky forms


@pytest.mark.parametrize("written", ["數發部數產署", "數發部 數產署", "數位產業署", "數產署", "數位發展部數位產業署"])
def test_moda_administration_for_digital_industries_written_five_ways_is_one_iri(registry, written):
    match = registry.resolve_name(written)
    assert match.agency.iri == iri_of("數位發展部數位產業署")
    assert match.agency.label_zh == "數位產業署"
    assert match.agency.label_en == "Administration for Digital Industries, Ministry of Digital Affairs"
    assert match.agency.parent_iri == iri_of("數位發展部")


@pytest.mark.parametrize(
    ("written", "full_name", "via"),
    [
        ("經濟部產發署", "經濟部產業發展署", "prefix+unit"),
        ("衛福部食品藥物管理署", "衛生福利部食品藥物管理署", "prefix+unit"),
        ("衛福部醫事司", "衛生福利部醫事司", "prefix+unit"),
        ("經濟部商業署", "經濟部商業發展署", "prefix+unit"),
        ("經濟部商業發展署", "經濟部商業發展署", "exact"),
        ("經濟部能源局", "經濟部能源署", "prefix+unit"),
        ("經濟部技術司", "經濟部產業技術司", "prefix+unit"),
        ("經濟部智慧局", "經濟部智慧財產局", "prefix+unit"),
        ("國發會產業處", "國家發展委員會產業發展處", "prefix+unit"),
        ("金管會證券期貨局", "金融監督管理委員會證券期貨局", "prefix+unit"),
        ("國發基金", "行政院國家發展基金管理會", "alt_label"),
        ("工研院", "工業技術研究院", "alt_label"),
        ("各機關", "各機關", "collective"),
    ],
)
def test_name_forms_resolve_to_the_agency_of_their_full_name(registry, written, full_name, via):
    match = registry.resolve_name(written)
    assert (match.agency.iri, match.via) == (iri_of(full_name), via)


def test_health_insurance_slash_information_office_are_both_units_of_mohw(registry):
    resolved = registry.resolve_cell("衛福部健保署/資訊處、國家衛生研究院、醫藥品查驗中心")
    assert [(m.position, m.label_zh, m.via) for m in resolved] == [
        (0, "中央健康保險署", "prefix+unit"),
        (1, "資訊處", "context_ministry"),
        (2, "國家衛生研究院", "exact"),
        (3, "醫藥品查驗中心", "exact"),
    ]
    mohw = iri_of("衛生福利部")
    assert resolved[0].agency_iri == iri_of("衛生福利部中央健康保險署")
    assert resolved[1].agency_iri == iri_of("衛生福利部資訊處")
    assert resolved[1].label_en == "Department of Information Management, Ministry of Health and Welfare"
    assert [m.parent_iri for m in resolved] == [mohw] * 4
    assert [m.ministry_iri for m in resolved] == [mohw] * 4


def test_a_generic_unit_name_without_its_ministry_stays_unresolved(registry):
    assert registry.resolve_name("資訊處") is None
    assert registry.unresolved("資訊處") == ["資訊處"]
    assert registry.unresolved("衛福部醫事") == ["衛福部醫事"]
    assert registry.resolve_cell("資訊處") == []


def test_nstc_frontier_department_with_nchc_in_brackets_gives_both_and_the_nchc_chain(registry):
    resolved = registry.resolve_cell("國科會前瞻處(國網中心)")
    assert [(m.position, m.text, m.matched, m.via) for m in resolved] == [
        (0, "國科會前瞻處(國網中心)", "國科會前瞻處", "prefix+unit"),
        (0, "國科會前瞻處(國網中心)", "國網中心", "parenthesised_member"),
    ]
    nstc = iri_of("國家科學及技術委員會")
    assert resolved[0].agency_iri == iri_of("國家科學及技術委員會前瞻及應用科技處")
    nchc = resolved[1].agency_iri
    assert nchc == iri_of("國家實驗研究院國家高速網路與計算中心")
    assert registry.ancestors(nchc) == [iri_of("國家實驗研究院"), nstc]
    assert registry.ministry_of(nchc) == nstc
    assert registry.get(nchc).label_en == "National Center for High-performance Computing, National Applied Research Laboratories"


def test_fire_agency_with_local_fire_departments_in_brackets_adds_the_collective(registry):
    resolved = registry.resolve_cell("內政部消防署(各地方消防機關)")
    assert [(m.agency_iri, m.via, m.ministry_iri) for m in resolved] == [
        (iri_of("內政部消防署"), "exact", iri_of("內政部")),
        (iri_of("各地方消防機關"), "parenthesised_member", None),
    ]


def test_a_unit_in_brackets_replaces_its_ministry(registry):
    resolved = registry.resolve_cell("國發會(法制協調處)、數發部(資料創新司)、經濟部智慧財產局、個資會籌備處")
    assert [(m.position, m.agency_iri, m.via) for m in resolved] == [
        (0, iri_of("國家發展委員會法制協調處"), "parenthesised_unit"),
        (1, iri_of("數位發展部資料創新司"), "parenthesised_unit"),
        (2, iri_of("經濟部智慧財產局"), "exact"),
        (3, iri_of("個人資料保護委員會籌備處"), "alt_label"),
    ]


def test_relevant_ministries_in_brackets_expand_to_sixteen_members_plus_the_collective(plan_lines, registry):
    cell = next(cell for _, cell in measure_table_agency_cells(plan_lines) if "相關部會(" in cell)
    resolved = registry.resolve_cell(cell)
    assert (resolved[0].position, resolved[0].label_zh, resolved[0].via) == (0, "數位政府司", "parenthesised_unit")
    second = [m for m in resolved if m.position == 1]
    assert (second[0].agency_iri, second[0].via) == (iri_of("相關部會"), "collective")
    assert [m.matched for m in second[1:]] == [
        "內政部", "交通部", "法務部", "衛福部", "財政部", "經濟部", "農業部", "農業科技司",
        "環境部", "文化部", "銓敘部", "國發會", "工程會", "原民會", "人事總處", "故宮",
    ]
    assert {m.via for m in second[1:]} == {"parenthesised_member"}
    agricultural_technology = next(m for m in second if m.matched == "農業科技司")
    assert agricultural_technology.agency_iri == iri_of("農業部農業科技司")
    assert agricultural_technology.parent_iri == iri_of("農業部")


def test_fsc_slash_nstc_is_two_mentions(registry):
    resolved = registry.resolve_cell("金管會/國科會")
    assert [(m.position, m.agency_iri, m.label_en) for m in resolved] == [
        (0, iri_of("金融監督管理委員會"), "Financial Supervisory Commission"),
        (1, iri_of("國家科學及技術委員會"), "National Science and Technology Council"),
    ]


def test_unit_alone_after_a_ministry_is_looked_up_in_that_ministry(registry):
    resolved = registry.resolve_cell("交通部中央氣象署、運輸研究所、公路局、高速公路局")
    motc = iri_of("交通部")
    assert [m.agency_iri for m in resolved] == [
        iri_of("交通部中央氣象署"), iri_of("交通部運輸研究所"), iri_of("交通部公路局"), iri_of("交通部高速公路局"),
    ]
    assert {m.ministry_iri for m in resolved} == {motc}


# --------------------------------------------------------------------------- registry as a graph


def test_every_agency_iri_is_the_percent_encoded_full_name(registry):
    for agency in registry:
        assert agency.iri == agency_iri(agency.full_name) == iri_of(agency.full_name)


def test_registry_conforms_to_agency_shapes(registry):
    shapes = Graph().parse(data=files("policykg.graph").joinpath("agency_shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    conforms, _, report = validate(registry.to_graph(), shacl_graph=shapes)
    assert conforms, report


def test_agency_shapes_reject_an_iri_that_does_not_match_the_full_name_and_an_unknown_parent(registry):
    shapes = Graph().parse(data=files("policykg.graph").joinpath("agency_shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    data = registry.to_graph()
    wrong = URIRef(AGENCY_BASE + "mohw-information")
    data.add((wrong, RDF.type, PKG.Agency))
    data.add((wrong, RDFS.label, Literal("資訊處", lang="zh-Hant")))
    data.add((wrong, RDFS.label, Literal("Department of Information Management", lang="en")))
    data.add((wrong, PKG.fullName, Literal("衛生福利部資訊處")))
    data.add((wrong, PKG.agencyType, PKG.Department))
    data.add((wrong, PKG.subOrganizationOf, URIRef(AGENCY_BASE + "nowhere")))
    conforms, _, report = validate(data, shacl_graph=shapes)
    assert not conforms
    assert iri_of("衛生福利部資訊處") in report
    assert "the parent is a pkg:Agency" in report or "same single parent" in report


def test_ministry_roll_up_of_foundations_and_collectives(registry):
    assert registry.ministry_of(iri_of("工業技術研究院")) == iri_of("經濟部")
    assert registry.ministry_of(iri_of("數位發展部")) == iri_of("數位發展部")
    assert registry.ministry_of(iri_of("地方政府")) is None
    assert registry.parent_of(iri_of("經濟部產業發展署")) == iri_of("經濟部")
    assert registry.label_en(iri_of("經濟部產業發展署")) == "Industrial Development Administration, Ministry of Economic Affairs"
