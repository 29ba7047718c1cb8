"""Tests for graph/ontology.ttl and graph/shapes.ttl.

They prove that both files parse, that every pkg: term is labelled in zh-Hant and
English and commented, that every term named in docs/graph-model.md is defined,
and that the SHACL shapes accept a small plan graph hand-built from the real
document (表2 rows of 「全民智慧生活圈」) while rejecting specific broken variants
with the expected focus node, path and message.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from policykg.graph.validate import validate_graph
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

PKG = Namespace("https://w3id.org/policykg/ontology#")
PKID = Namespace("https://w3id.org/policykg/id/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
# An open Namespace: pytest probes module attributes, and rdflib's closed XSD namespace warns on that.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

REPO = Path(__file__).resolve().parents[1]
GRAPH_MODEL_DOC = REPO / "docs" / "graph-model.md"
PLAN_ID = "ai-new-ten-major-constructions-2026-01"
PLAN_FILE = REPO / "data" / "plans" / f"{PLAN_ID}.md"


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------

def _load_packaged_turtle(name: str) -> Graph:
    """Parse a Turtle file shipped in policykg.graph, e.g. _load_packaged_turtle("ontology.ttl")."""
    resource = importlib.resources.files("policykg.graph") / name
    return Graph().parse(data=resource.read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _load_packaged_turtle("ontology.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _load_packaged_turtle("shapes.ttl")


@pytest.fixture(scope="module")
def plan_lines() -> list[str]:
    """The real plan document, one entry per line (index 0 = line 1)."""
    return PLAN_FILE.read_text(encoding="utf-8").splitlines()


# ---------------------------------------------------------------------------
# Term names from the contract (docs/graph-model.md)
# ---------------------------------------------------------------------------

def _doc_section(title: str) -> str:
    """Text of the '## {title}' section of docs/graph-model.md, up to the next '## '."""
    text = GRAPH_MODEL_DOC.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


# The contract's datatype list says "pkg:nameZh? no — rdfs:label@zh-Hant": a rejected name.
_REJECTED_IN_DOC = {"nameZh"}


def _pkg_names(text: str) -> set[str]:
    """All local names written as pkg:Name in text, e.g. {"hasPart", "partOf"}."""
    return set(re.findall(r"\bpkg:([A-Za-z][A-Za-z0-9]*)", text)) - _REJECTED_IN_DOC


def _doc_class_names() -> set[str]:
    """Class names of the 'Classes (pkg:)' list, written bare ("Plan (⊑ prov:Plan, …), Pillar, …")."""
    section = _doc_section("Classes (pkg:)")
    listing = section.split("\n", 1)[1].split("Concept schemes:")[0]
    while re.search(r"\([^()]*\)", listing):
        listing = re.sub(r"\([^()]*\)", "", listing)
    return {name.strip(" \n.") for name in listing.split(",") if name.strip(" \n.")}


def _doc_property_names(title: str) -> set[str]:
    """Property names (camelCase, lower-case initial) written as pkg:name in a section of the contract."""
    return {name for name in _pkg_names(_doc_section(title)) if name[0].islower()}


def _doc_concept_schemes() -> dict[str, set[str]]:
    """Concept schemes and their concepts, e.g. {"AgencyRole": {"LeadRole", ...}, ...}."""
    section = _doc_section("Classes (pkg:)").split("Concept schemes:")[1]
    return {
        scheme: _pkg_names(members)
        for scheme, members in re.findall(r"pkg:(\w+)\s*\(([^)]*)\)", section)
    }


def test_contract_lists_seventeen_classes_and_three_concept_schemes():
    assert len(_doc_class_names()) == 17
    assert "AgencyCollective" in _doc_class_names()
    assert {scheme: len(concepts) for scheme, concepts in _doc_concept_schemes().items()} == {
        "PeriodStatus": 6, "AmountKind": 6, "AgencyRole": 4,
    }


# ---------------------------------------------------------------------------
# Ontology
# ---------------------------------------------------------------------------

def test_ontology_parses_with_header_title_description_and_version(ontology):
    header = URIRef("https://w3id.org/policykg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) == Literal("0.1.0")
    assert {t.language for t in ontology.objects(header, DCTERMS.title)} == {"en", "zh-Hant"}
    assert ontology.value(header, DCTERMS.description) is not None


def test_shapes_parse_into_46_node_shapes_that_each_say_what_they_check(shapes):
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) == 37 + 9  # + prose-plan divisions, their links, table pillars, page provenance (section 6)
    for shape in node_shapes:
        assert shapes.value(shape, RDFS.comment) is not None, shape
        for prop in shapes.objects(shape, SH.property):
            assert shapes.value(prop, SH.message) is not None, (shape, shapes.value(prop, SH.path))


def _pkg_terms(ontology: Graph) -> set[URIRef]:
    """Every pkg: IRI the ontology says something about (classes, properties, schemes, concepts, ROCCalendar)."""
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(PKG))}


def test_ontology_declares_26_classes_43_object_and_44_datatype_properties_6_schemes_29_concepts(ontology):
    def count(kind):
        return len({s for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(PKG))})
    assert [count(k) for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                               SKOS.ConceptScheme, SKOS.Concept)] == [26, 43, 44, 6, 29]  # + pkg:identicalTo


def test_every_pkg_term_has_zh_hant_and_en_label_and_a_comment(ontology):
    terms = _pkg_terms(ontology)
    assert len(terms) == 26 + 43 + 44 + 6 + 29 + 1  # … + pkg:ROCCalendar
    for term in terms:
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"zh-Hant", "en"} <= languages, term
        assert any(c.language == "en" for c in ontology.objects(term, RDFS.comment)), term


def test_every_class_named_in_the_contract_is_an_owl_class(ontology):
    for name in _doc_class_names():
        assert (PKG[name], RDF.type, OWL.Class) in ontology, name


def test_every_object_property_named_in_the_contract_is_an_owl_object_property(ontology):
    names = _doc_property_names("Object properties")
    assert len(names) == 30
    for name in names:
        assert (PKG[name], RDF.type, OWL.ObjectProperty) in ontology, name


def test_every_datatype_property_named_in_the_contract_is_an_owl_datatype_property(ontology):
    names = _doc_property_names("Datatype properties")
    assert len(names) == 18
    # Listed with the datatype properties, but graph/agencies.ttl gives it pkg:AgencyType concepts.
    assert (PKG.agencyType, RDF.type, OWL.ObjectProperty) in ontology
    for name in names - {"agencyType"}:
        assert (PKG[name], RDF.type, OWL.DatatypeProperty) in ontology, name


def test_every_pkg_name_anywhere_in_the_contract_is_defined(ontology):
    defined = {str(t)[len(str(PKG)):] for t in _pkg_terms(ontology)}
    missing = _pkg_names(GRAPH_MODEL_DOC.read_text(encoding="utf-8")) - defined
    assert missing == set()


def test_concept_schemes_hold_their_concepts_with_bilingual_pref_labels_and_definitions(ontology):
    for scheme, concepts in _doc_concept_schemes().items():
        assert (PKG[scheme], RDF.type, SKOS.ConceptScheme) in ontology
        in_scheme = set(ontology.subjects(SKOS.inScheme, PKG[scheme]))
        assert in_scheme == {PKG[c] for c in concepts}, scheme
        for concept in in_scheme:
            assert (concept, RDF.type, SKOS.Concept) in ontology
            assert {p.language for p in ontology.objects(concept, SKOS.prefLabel)} == {"zh-Hant", "en"}
            assert ontology.value(concept, SKOS.definition) is not None


def test_period_status_not_yet_funded_is_labelled_as_the_document_writes_it(ontology):
    assert Literal("目前無計畫", lang="zh-Hant") in set(ontology.objects(PKG.NotYetFunded, SKOS.prefLabel))


def test_ontology_reuses_org_time_prov_schema_and_dcterms(ontology):
    ORG = Namespace("http://www.w3.org/ns/org#")
    TIME = Namespace("http://www.w3.org/2006/time#")
    expected = [
        (PKG.Agency, RDFS.subClassOf, ORG.Organization),
        (PKG.Period, RDFS.subClassOf, TIME.ProperInterval),
        (PKG.MonetaryAmount, RDFS.subClassOf, SCHEMA.MonetaryAmount),
        (PKG.Target, RDFS.subClassOf, SCHEMA.QuantitativeValue),
        (PKG.Plan, RDFS.subClassOf, PROV.Plan),
        (PKG.SourceDocument, RDFS.subClassOf, PROV.Entity),
        (PKG.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
        (PKG.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
        (PKG.hasPart, RDFS.subPropertyOf, DCTERMS.hasPart),
        (PKG.hasPart, OWL.inverseOf, PKG.partOf),
        (PKG.hasPillar, RDFS.subPropertyOf, PKG.hasPart),
        (PKG.overlapsWith, RDF.type, OWL.SymmetricProperty),
        (PKG.precedes, RDF.type, OWL.TransitiveProperty),
        (PKG.ROCCalendar, RDF.type, TIME.TRS),
    ]
    assert [t for t in expected if t not in ontology] == []


# ---------------------------------------------------------------------------
# A conforming plan graph, hand-built from the real document
# ---------------------------------------------------------------------------

PLAN = PKID[PLAN_ID]
SOURCE = PKID[f"{PLAN_ID}/source"]
PILLAR = PKID[f"{PLAN_ID}/pillar/1"]
STRATEGY = PKID[f"{PLAN_ID}/pillar/1/strategy/1"]
MEASURE = PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/1"]
SCHEDULE = PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/1/schedule/1"]
PERIOD = PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/1/schedule/1/period"]
MENTION = PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/1/schedule/1/agency/1"]
MEASURE_2 = PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/2"]
PERIOD_2 = PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/2/schedule/1/period"]
PILLAR_LEAD = PKID[f"{PLAN_ID}/pillar/1/lead"]
HIGHLIGHT = PKID[f"{PLAN_ID}/pillar/1/highlight/4"]
TARGET = PKID[f"{PLAN_ID}/pillar/1/highlight/4/target/1"]
CONCEPT_MENTION = PKID[f"{PLAN_ID}/pillar/1/highlight/4/mention/1"]
AI_TECH = PKID["tech/artificial-intelligence"]
HIGHLIGHT_4_TEXT = "智慧建築：完成智慧建築 AI 科技實證場域10處，展現智慧建築導入AI科技場域節能百分比、維護成本降低、緊急應變時間、使用者滿意度等成效。"
AMOUNT = PKID[f"{PLAN_ID}/amount/1"]
NSTC = PKID["agency/%E5%9C%8B%E5%AE%B6%E7%A7%91%E5%AD%B8%E5%8F%8A%E6%8A%80%E8%A1%93%E5%A7%94%E5%93%A1%E6%9C%83"]
MOHW = PKID["agency/%E8%A1%9B%E7%94%9F%E7%A6%8F%E5%88%A9%E9%83%A8"]
MOHW_IT = PKID["agency/%E8%A1%9B%E7%94%9F%E7%A6%8F%E5%88%A9%E9%83%A8%E8%B3%87%E8%A8%8A%E8%99%95"]

# Line spans in data/plans/ai-new-ten-major-constructions-2026-01.md and the text found there.
QUOTED_LINES = {
    PLAN: (3, 3, "AI 新十大建設推動方案"),
    PILLAR: (115, 115, "全民智慧生活圈\t國科會"),
    PILLAR_LEAD: (115, 115, "全民智慧生活圈\t國科會"),
    STRATEGY: (435, 435, "1. 智慧醫療"),
    MEASURE: (436, 436, "次世代數位醫療平臺計畫\t"),
    SCHEDULE: (436, 436, "\t113/01-116/12\t衛福部資訊處"),
    MENTION: (436, 436, "\t衛福部資訊處"),
    MEASURE_2: (442, 442, "設置智慧醫療創新園區\t"),
    PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/2/schedule/1"]:
        (442, 442, "目前無計畫，如核定經費，依計畫期程執行至 117/12"),
    PKID[f"{PLAN_ID}/pillar/1/strategy/1/measure/2/schedule/1/agency/1"]: (442, 442, "\t衛福部資訊處"),
    HIGHLIGHT: (536, 538, "智慧建築 AI 科技實證場域10處"),
    CONCEPT_MENTION: (536, 538, "智慧建築 AI 科技實證場域"),
    TARGET: (536, 536, "10處"),
    AMOUNT: (89, 89, "逾 15 兆元的產值"),
}


def _add_span(g: Graph, node: URIRef) -> None:
    start, end, _ = QUOTED_LINES[node]
    g.add((node, PROV.wasDerivedFrom, SOURCE))
    g.add((node, PKG.lineStart, Literal(start)))
    g.add((node, PKG.lineEnd, Literal(end)))


def _add_schedule(g: Graph, measure: URIRef, raw: str, status: URIRef,
                  start: Literal | None, end: Literal | None) -> tuple[URIRef, URIRef]:
    """One 表2 row: schedule entry, its period, and its single lead mention 「衛福部資訊處」."""
    schedule = URIRef(f"{measure}/schedule/1")
    period = URIRef(f"{schedule}/period")
    mention = URIRef(f"{schedule}/agency/1")
    g.add((measure, PKG.hasScheduleEntry, schedule))
    g.add((schedule, RDF.type, PKG.ScheduleEntry))
    g.add((schedule, PKG.hasPeriod, period))
    g.add((measure, PKG.hasPeriod, period))
    g.add((schedule, PKG.periodRaw, Literal(raw)))
    g.add((schedule, PKG.agenciesRaw, Literal("衛福部資訊處")))
    g.add((schedule, PKG.leadAgency, MOHW_IT))
    g.add((measure, PKG.leadAgency, MOHW_IT))
    g.add((schedule, PKG.hasAgencyMention, mention))
    g.add((mention, RDF.type, PKG.AgencyMention))
    g.add((mention, PKG.mentionText, Literal("衛福部資訊處")))
    g.add((mention, PKG.mentionOf, MOHW_IT))
    g.add((mention, PKG.agencyRole, PKG.LeadRole))
    g.add((mention, PKG.position, Literal(0)))
    _add_span(g, schedule)
    _add_span(g, mention)
    g.add((period, RDF.type, PKG.Period))
    g.add((period, PKG.periodStatus, status))
    g.add((period, PKG.periodRaw, Literal(raw)))
    if start is not None:
        g.add((period, PKG.start, start))
    if end is not None:
        g.add((period, PKG.end, end))
    return schedule, period


def build_conforming_plan_graph() -> Graph:
    """Pillar 1, strategy 「1. 智慧醫療」, its first two 表2 measures, highlight 4 and the 15-兆 goal."""
    g = Graph()
    gym = lambda value: Literal(value, datatype=XSD.gYearMonth)  # noqa: E731

    g.add((SOURCE, RDF.type, PKG.SourceDocument))
    g.add((SOURCE, DCTERMS.source, Literal(PLAN_FILE.name)))
    g.add((SOURCE, PKG.sha256, Literal(hashlib.sha256(PLAN_FILE.read_bytes()).hexdigest())))

    g.add((PLAN, RDF.type, PKG.Plan))
    g.add((PLAN, DCTERMS.title, Literal("AI 新十大建設推動方案", lang="zh-Hant")))
    g.add((PLAN, PKG.planId, Literal(PLAN_ID)))
    g.add((PLAN, PKG.version, Literal("核定本")))
    g.add((PLAN, DCTERMS.issued, gym("2026-01")))
    g.add((PLAN, PKG.hasPillar, PILLAR))
    g.add((PLAN, PKG.hasPart, PILLAR))
    plan_period = PKID[f"{PLAN_ID}/period"]
    g.add((PLAN, PKG.hasPeriod, plan_period))
    g.add((plan_period, RDF.type, PKG.Period))
    g.add((plan_period, PKG.periodStatus, PKG.Scheduled))
    g.add((plan_period, PKG.start, Literal("2025", datatype=XSD.gYear)))
    g.add((plan_period, PKG.end, Literal("2028", datatype=XSD.gYear)))

    for agency, name in ((NSTC, "國家科學及技術委員會"), (MOHW, "衛生福利部"), (MOHW_IT, "衛生福利部資訊處")):
        g.add((agency, RDF.type, PKG.Agency))
        g.add((agency, RDFS.label, Literal(name, lang="zh-Hant")))
    g.add((MOHW_IT, PKG.subOrganizationOf, MOHW))
    g.add((NSTC, SKOS.altLabel, Literal("國科會", lang="zh-Hant")))

    g.add((PILLAR, RDF.type, PKG.Pillar))
    g.add((PILLAR, RDFS.label, Literal("全民智慧生活圈", lang="zh-Hant")))
    g.add((PILLAR, PKG.ordinal, Literal(1)))
    g.add((PILLAR, PKG.partOf, PLAN))
    g.add((PILLAR, PKG.pillarLeadAgency, NSTC))
    g.add((PILLAR, PKG.hasAgencyMention, PILLAR_LEAD))
    g.add((PILLAR_LEAD, RDF.type, PKG.AgencyMention))
    g.add((PILLAR_LEAD, PKG.mentionText, Literal("國科會")))
    g.add((PILLAR_LEAD, PKG.mentionOf, NSTC))
    g.add((PILLAR_LEAD, PKG.agencyRole, PKG.PillarLeadRole))
    _add_span(g, PILLAR_LEAD)

    g.add((PILLAR, PKG.hasStrategy, STRATEGY))
    g.add((PILLAR, PKG.hasPart, STRATEGY))
    g.add((STRATEGY, RDF.type, PKG.Strategy))
    g.add((STRATEGY, RDFS.label, Literal("智慧醫療", lang="zh-Hant")))
    g.add((STRATEGY, PKG.ordinal, Literal(1)))
    g.add((STRATEGY, DCTERMS.identifier, Literal("1.1")))
    g.add((STRATEGY, PKG.partOf, PILLAR))
    _add_span(g, STRATEGY)

    # Measure 1.1.1: 次世代數位醫療平臺計畫, 113/01-116/12, 衛福部資訊處 (表2, line 436).
    g.add((STRATEGY, PKG.hasMeasure, MEASURE))
    g.add((STRATEGY, PKG.hasPart, MEASURE))
    g.add((MEASURE, RDF.type, PKG.Measure))
    g.add((MEASURE, PKG.name, Literal("次世代數位醫療平臺計畫")))
    g.add((MEASURE, RDFS.label, Literal("次世代數位醫療平臺計畫", lang="zh-Hant")))
    g.add((MEASURE, DCTERMS.identifier, Literal("1.1.1")))
    g.add((MEASURE, PKG.ordinal, Literal(1)))
    g.add((MEASURE, PKG.partOf, STRATEGY))
    _add_span(g, MEASURE)
    items = [
        "落實三大標準(SNOMED CT、LOINC、RxNorm)應用與推廣",
        "推動三大平臺建置(FHIR 資料標準平臺、Rule Library 規則平臺、Smart on FHIR 應用平臺)",
        "成立三大 AI 中心(負責任 AI 執行中心、AI 取證驗證中心、AI 影響性研究中心)",
    ]
    g.add((MEASURE, PKG.content, Literal(" ".join(f"{i}. {t}" for i, t in enumerate(items, 1)), lang="zh-Hant")))
    for i, text in enumerate(items, 1):
        item = URIRef(f"{MEASURE}/item/{i}")
        g.add((MEASURE, PKG.hasExecutionItem, item))
        g.add((MEASURE, PKG.hasPart, item))
        g.add((item, RDF.type, PKG.ExecutionItem))
        g.add((item, PKG.partOf, MEASURE))
        g.add((item, PKG.content, Literal(text, lang="zh-Hant")))
        g.add((item, PKG.ordinal, Literal(i)))
    _add_schedule(g, MEASURE, "113/01-116/12", PKG.Scheduled, gym("2024-01"), gym("2027-12"))

    # Measure 1.1.2: 設置智慧醫療創新園區, not yet funded, would run to 117/12 (line 442).
    g.add((STRATEGY, PKG.hasMeasure, MEASURE_2))
    g.add((STRATEGY, PKG.hasPart, MEASURE_2))
    g.add((MEASURE_2, RDF.type, PKG.Measure))
    g.add((MEASURE_2, PKG.name, Literal("設置智慧醫療創新園區")))
    g.add((MEASURE_2, PKG.partOf, STRATEGY))
    _add_span(g, MEASURE_2)
    _add_schedule(g, MEASURE_2, "目前無計畫，如核定經費，依計畫期程執行至 117/12",
                  PKG.NotYetFunded, None, gym("2028-12"))

    # Highlight 4 of pillar 1 with its target 「智慧建築 AI 科技實證場域10處」.
    g.add((PILLAR, PKG.hasHighlight, HIGHLIGHT))
    g.add((PILLAR, PKG.hasPart, HIGHLIGHT))
    g.add((HIGHLIGHT, RDF.type, PKG.Highlight))
    g.add((HIGHLIGHT, PKG.partOf, PILLAR))
    g.add((HIGHLIGHT, PKG.ordinal, Literal(4)))
    g.add((HIGHLIGHT, PKG.content, Literal(HIGHLIGHT_4_TEXT, lang="zh-Hant")))
    _add_span(g, HIGHLIGHT)
    g.add((AI_TECH, RDF.type, PKG.Technology))
    g.add((HIGHLIGHT, PKG.usesTechnology, AI_TECH))
    g.add((HIGHLIGHT, PKG.hasConceptMention, CONCEPT_MENTION))
    g.add((CONCEPT_MENTION, RDF.type, PKG.ConceptMention))
    g.add((CONCEPT_MENTION, PKG.mentionText, Literal("AI")))
    g.add((CONCEPT_MENTION, PKG.mentionOf, AI_TECH))
    g.add((CONCEPT_MENTION, PKG.charStart, Literal(HIGHLIGHT_4_TEXT.index("AI"))))
    g.add((CONCEPT_MENTION, PKG.charEnd, Literal(HIGHLIGHT_4_TEXT.index("AI") + len("AI"))))
    _add_span(g, CONCEPT_MENTION)
    g.add((HIGHLIGHT, PKG.hasTarget, TARGET))
    g.add((TARGET, RDF.type, PKG.Target))
    g.add((TARGET, SCHEMA.value, Literal(Decimal("10"))))
    g.add((TARGET, SCHEMA.unitText, Literal("處")))
    g.add((TARGET, PKG.mentionText, Literal("10處")))
    g.add((TARGET, PKG.deadline, Literal("2028", datatype=XSD.gYear)))
    _add_span(g, TARGET)

    # Plan goal 「於 2040 年創造新臺幣(下同)逾 15 兆元的產值」 (line 89).
    g.add((PLAN, PKG.hasBudget, AMOUNT))
    g.add((AMOUNT, RDF.type, PKG.MonetaryAmount))
    g.add((AMOUNT, SCHEMA.value, Literal(Decimal("15000000000000"))))
    g.add((AMOUNT, SCHEMA.currency, Literal("TWD")))
    g.add((AMOUNT, PKG.amountKind, PKG.OutputValue))
    g.add((AMOUNT, PKG.qualifier, Literal("more_than")))
    g.add((AMOUNT, PKG.mentionText, Literal("逾 15 兆元")))
    _add_span(g, AMOUNT)
    return g


def validate(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, set[tuple[URIRef, URIRef, str]]]:
    """policykg's validation (no range entailment); returns (conforms, {(focus, path, message)})."""
    result = validate_graph(data)
    return result.conforms, {(v.focus, v.path, v.message) for v in result.results}


@pytest.fixture()
def plan_graph() -> Graph:
    return build_conforming_plan_graph()


def test_hand_built_plan_quotes_the_real_document_at_its_line_spans(plan_graph, plan_lines):
    for node, (start, end, quoted) in QUOTED_LINES.items():
        span_text = "\n".join(plan_lines[start - 1:end])
        assert quoted in span_text, (node, start, end)
        if (node, PKG.lineStart, None) in plan_graph:
            assert plan_graph.value(node, PKG.lineStart).toPython() == start
            assert plan_graph.value(node, PKG.lineEnd).toPython() == end


def test_hand_built_plan_graph_conforms_with_zero_results(plan_graph, shapes, ontology):
    conforms, results = validate(plan_graph, shapes, ontology)
    assert results == set()
    assert conforms


def _messages_at(results, focus: URIRef, path: URIRef) -> list[str]:
    return [message for f, p, message in results if f == focus and p == path]


def test_measure_without_line_span_fails_on_line_start_and_line_end(plan_graph, shapes, ontology):
    plan_graph.remove((MEASURE, PKG.lineStart, None))
    plan_graph.remove((MEASURE, PKG.lineEnd, None))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert not conforms
    assert {(f, p) for f, p, _ in results} == {(MEASURE, PKG.lineStart), (MEASURE, PKG.lineEnd)}
    for path in (PKG.lineStart, PKG.lineEnd):
        assert ["source line span" in m for m in _messages_at(results, MEASURE, path)] == [True]


def test_line_start_after_line_end_fails(plan_graph, shapes, ontology):
    plan_graph.set((HIGHLIGHT, PKG.lineStart, Literal(539)))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert not conforms
    assert {(f, p) for f, p, _ in results} == {(HIGHLIGHT, PKG.lineStart)}


def test_scheduled_period_without_end_fails_on_end(plan_graph, shapes, ontology):
    plan_graph.remove((PERIOD, PKG.end, None))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert not conforms
    assert {(f, p) for f, p, _ in results} == {(PERIOD, PKG.end)}
    assert _messages_at(results, PERIOD, PKG.end)[0].startswith("A Scheduled period needs an end")


def test_open_ended_period_without_start_fails_on_start(plan_graph, shapes, ontology):
    plan_graph.set((PERIOD, PKG.periodStatus, PKG.OpenEnded))
    plan_graph.remove((PERIOD, PKG.start, None))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(PERIOD, PKG.start)}
    assert _messages_at(results, PERIOD, PKG.start)[0].startswith("An OpenEnded period needs a start")


def test_unspecified_period_with_an_end_fails_on_end(plan_graph, shapes, ontology):
    plan_graph.set((PERIOD_2, PKG.periodStatus, PKG.Unspecified))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(PERIOD_2, PKG.end)}


def test_period_starting_after_it_ends_fails(plan_graph, shapes, ontology):
    plan_graph.set((PERIOD, PKG.start, Literal("2028", datatype=XSD.gYear)))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(PERIOD, PKG.start)}
    assert "after its end" in _messages_at(results, PERIOD, PKG.start)[0]


def test_period_start_as_plain_string_fails_on_datatype(plan_graph, shapes, ontology):
    plan_graph.set((PERIOD, PKG.start, Literal("2024-01")))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(PERIOD, PKG.start)}


def test_amount_without_kind_fails_on_amount_kind(plan_graph, shapes, ontology):
    plan_graph.remove((AMOUNT, PKG.amountKind, None))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert not conforms
    assert {(f, p) for f, p, _ in results} == {(AMOUNT, PKG.amountKind)}
    assert "needs exactly one kind" in _messages_at(results, AMOUNT, PKG.amountKind)[0]


def test_amount_value_as_integer_literal_fails_on_decimal_datatype(plan_graph, shapes, ontology):
    plan_graph.set((AMOUNT, SCHEMA.value, Literal(15000000000000)))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(AMOUNT, SCHEMA.value)}


def test_agency_mention_without_mention_of_fails_and_leaves_the_row_lead_agency_unexplained(plan_graph, shapes, ontology):
    plan_graph.remove((MENTION, PKG.mentionOf, None))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert not conforms
    assert {(f, p) for f, p, _ in results} == {(MENTION, PKG.mentionOf), (SCHEDULE, PKG.leadAgency)}
    assert "must resolve to an agency" in _messages_at(results, MENTION, PKG.mentionOf)[0]


def test_measure_without_schedule_entry_fails(plan_graph, shapes, ontology):
    plan_graph.remove((MEASURE_2, PKG.hasScheduleEntry, None))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(MEASURE_2, PKG.hasScheduleEntry)}


def test_agency_collective_counts_as_agency_for_a_lead_mention(plan_graph, shapes, ontology):
    collective = PKID["agency/%E7%9B%B8%E9%97%9C%E9%83%A8%E6%9C%83"]
    plan_graph.add((collective, RDF.type, PKG.AgencyCollective))
    plan_graph.add((collective, RDFS.label, Literal("相關部會", lang="zh-Hant")))
    plan_graph.set((MENTION, PKG.mentionOf, collective))
    plan_graph.set((SCHEDULE, PKG.leadAgency, collective))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert results == set()


def test_lead_agency_not_named_by_the_rows_lead_mention_fails(plan_graph, shapes, ontology):
    plan_graph.set((SCHEDULE, PKG.leadAgency, MOHW))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(SCHEDULE, PKG.leadAgency)}
    assert "lead mention" in _messages_at(results, SCHEDULE, PKG.leadAgency)[0]


def test_lead_mention_naming_two_bodies_gives_two_lead_agencies_and_conforms(plan_graph, shapes, ontology):
    plan_graph.add((MENTION, PKG.mentionOf, MOHW))
    plan_graph.add((SCHEDULE, PKG.leadAgency, MOHW))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert results == set()


def test_concept_mention_ending_before_it_starts_fails_on_char_start(plan_graph, shapes, ontology):
    plan_graph.set((CONCEPT_MENTION, PKG.charEnd, Literal(1)))
    conforms, results = validate(plan_graph, shapes, ontology)
    assert {(f, p) for f, p, _ in results} == {(CONCEPT_MENTION, PKG.charStart)}


# ---------------------------------------------------------------------------
# The real plan graph built by policykg (loaders + graph builder + vocabularies)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_plan():
    import policykg
    return policykg.load_plan()


def _pkg_terms_used(graph: Graph) -> set[URIRef]:
    """pkg: IRIs used as predicate, as rdf:type or as any other object (concept values)."""
    used = set()
    for _, p, o in graph:
        used |= {t for t in (p, o) if isinstance(t, URIRef) and str(t).startswith(str(PKG))}
    return used


def test_every_pkg_term_in_the_built_plan_and_vocabularies_is_defined(built_plan, ontology):
    # pkg:AgencyType and its concepts are declared with the agency registry (graph/agencies.ttl).
    defined = _pkg_terms(ontology) | _pkg_terms(_load_packaged_turtle("agencies.ttl"))
    assert _pkg_terms_used(built_plan.union) - defined == set()


@pytest.mark.slow
def test_built_plan_with_vocabularies_conforms_to_the_shapes(built_plan, shapes, ontology):
    conforms, results = validate(built_plan.union, shapes, ontology)
    assert results == set()
