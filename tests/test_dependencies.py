"""Dependencies (pkg:dependsOn / pkg:precedes) of the shipped plan, with their evidence."""
import pytest
from rdflib import URIRef

import policykg
from policykg.analysis.collaboration import collaboration_centrality, collaboration_edges
from policykg.analysis.dependencies import DEPENDENCY_COLUMNS, capability_rules, dependencies, write_dependencies
from policykg.graph.namespaces import PKG


@pytest.fixture(scope="module")
def plan():
    return policykg.load_plan()


@pytest.fixture(scope="module")
def found(plan):
    return plan.dependencies()


def _rows(frame, **where):
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame


def test_dependencies_have_the_documented_columns(found):
    assert list(found.columns) == DEPENDENCY_COLUMNS


def test_capability_rules_come_from_the_readable_rule_file():
    rules = capability_rules()
    assert {"national-compute", "sovereign-ai-corpus", "sovereign-models", "data-exchange"} <= set(rules.capability)


def test_medical_decision_system_depends_on_national_compute_and_taide(found):
    rows = _rows(found, source_identifier="1.1.7", kind="shared_infrastructure")
    assert sorted(zip(rows.capability, rows.target_identifier)) == [
        ("national-compute", "7.1.1"), ("national-compute", "7.1.2"), ("sovereign-models", "7.3.4")]
    assert "導入算力、TAIDE" in rows.iloc[0].evidence


def test_corpus_measures_depend_on_the_sovereign_ai_training_corpus_platform(found):
    rows = _rows(found, capability="sovereign-ai-corpus")
    assert sorted(rows.source_identifier) == ["7.3.2", "7.3.3"]
    assert set(rows.target) == {"打造臺灣主權 AI 訓練語料平臺"}


def test_data_exchange_platform_is_the_most_depended_on_in_pillar_8(found):
    rows = _rows(found, capability="data-exchange")
    assert set(rows.target_identifier) == {"8.3.2"}
    assert {"8.3.1", "8.3.3", "1.1.2"} <= set(rows.source_identifier)


def test_cross_reference_to_the_six_regions_plan_is_found_after_the_cue_配合(found):
    row = _rows(found, kind="cross_reference", source_identifier="1.8.1").iloc[0]
    assert (row.target, row.target_type) == ("六大區域產業及生活圈", "LegalOrPolicyReference")
    assert row.evidence.startswith("配合: ")


def test_the_four_smart_building_phases_precede_each_other_and_nothing_else_does(found):
    rows = _rows(found, kind="precedes")
    assert list(zip(rows.source_identifier, rows.target_identifier)) == [
        ("1.4.1", "1.4.2"), ("1.4.2", "1.4.3"), ("1.4.3", "1.4.4")]
    assert rows.iloc[1].evidence == "1.4.2 115/08-115/12 → 1.4.3 116/01-116/12"


def test_only_chosen_kinds_are_returned(plan):
    assert set(dependencies(plan, kinds=["precedes"]).kind) == {"precedes"}


def test_dependencies_are_written_as_edges_and_reified_nodes():
    plan = policykg.load_plan()
    frame = plan.dependencies()
    write_dependencies(plan, frame)
    g = plan.graph
    base = "https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01/pillar/"
    assert (URIRef(base + "1/strategy/1/measure/7"), PKG.dependsOn, URIRef(base + "7/strategy/3/measure/4")) in g
    assert (URIRef(base + "1/strategy/4/measure/1"), PKG.precedes, URIRef(base + "1/strategy/4/measure/2")) in g
    assert len(set(g.subjects(None, PKG.Dependency))) == len(frame)


def test_agency_collaboration_network_ranks_the_ministry_of_economic_affairs_first(plan):
    ministries = collaboration_centrality(plan, level="ministry")
    assert ministries.iloc[0].agency == "經濟部"
    edges = collaboration_edges(plan)
    row = edges[(edges.agency_a == "工業技術研究院") & (edges.agency_b == "產業技術司")].iloc[0]
    assert row.measures == 5 and row.pillars == "矽光子技術全球領先"
