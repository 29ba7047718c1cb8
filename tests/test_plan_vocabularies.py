"""Agencies, regions, technologies and references resolved in the default plan's graph."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Literal

import policykg
from policykg.cli import cli
from policykg.graph.enrichment import agency_registry, vocabulary_graph
from policykg.graph.namespaces import DCTERMS, PKG, PKID
from policykg.graph.validate import validate_graph

TECH = "https://w3id.org/policykg/id/tech/"
REGION = "https://w3id.org/policykg/id/region/"


def measure(plan, identifier):
    return next(plan.graph.subjects(DCTERMS.identifier, Literal(identifier)))


def objects(plan, subject, prop):
    return {str(o) for o in plan.graph.objects(subject, prop)}


def test_no_agency_mention_of_the_default_plan_is_unresolved(plan):
    assert plan.warnings == []
    assert not list(plan.graph.subjects(PKG.unresolved, Literal(True)))


def test_registry_iris_replace_written_forms(plan):
    registry = agency_registry()
    digital_industries = registry.by_full_name("數位發展部數位產業署").iri
    leads = {str(a) for a in plan.graph.objects(measure(plan, "1.6.1"), PKG.leadAgency)}
    assert leads == {digital_industries}
    assert registry.ministry_of(digital_industries) == registry.by_full_name("數位發展部").iri


def test_a_parenthesised_mention_names_two_bodies(plan):
    registry = agency_registry()
    leads = objects(plan, measure(plan, "7.1.1"), PKG.leadAgency)
    assert leads == {
        registry.by_full_name("國家科學及技術委員會前瞻及應用科技處").iri,
        registry.by_full_name("國家實驗研究院國家高速網路與計算中心").iri,
    }


def test_pillar_leads_come_from_table_1(plan):
    registry = agency_registry()
    pillar = PKID["ai-new-ten-major-constructions-2026-01/pillar/9"]
    assert objects(plan, pillar, PKG.pillarLeadAgency) == {registry.by_full_name("國家發展委員會").iri}


@pytest.mark.parametrize(
    "identifier, techs",
    [
        ("1.1.1", {"artificial-intelligence", "fhir", "loinc", "rxnorm", "smart-on-fhir", "snomed-ct"}),
        ("1.1.9", {"uav"}),
        ("1.10.2", {"digital-twin", "uav"}),
        ("3.2.3", {"ai-chip", "cybersecurity", "semi-e187", "semiconductor"}),
        ("5.3.5", {"3d-packaging", "flip-chip", "quantum-processing-unit"}),
        ("2.3.3", {"aiaas", "artificial-intelligence"}),
    ],
)
def test_hand_checked_measures_use_exactly_these_technologies(plan, identifier, techs):
    assert objects(plan, measure(plan, identifier), PKG.usesTechnology) == {TECH + t for t in techs}


def test_named_site_is_located_in_and_remote_areas_are_targeted(plan):
    assert objects(plan, measure(plan, "6.1.3"), PKG.locatedIn) == {REGION + "shalun"}
    assert REGION + "remote-areas" in objects(plan, measure(plan, "1.1.9"), PKG.targetsRegion)


def test_every_usage_edge_has_evidence_with_a_line_span(plan):
    g = plan.graph
    for owner, tech in g.subject_objects(PKG.usesTechnology):
        evidence = [m for m in g.objects(owner, PKG.hasConceptMention) if (m, PKG.mentionOf, tech) in g]
        assert len(evidence) == 1
        assert g.value(evidence[0], PKG.lineStart) is not None


def test_plan_builds_on_its_predecessor_policies_and_absorbs_asia_silicon_valley_3(plan):
    refs = {str(o).rsplit("/", 1)[-1] for o in plan.graph.objects(plan.iri, PKG.buildsOn)}
    assert "%E4%BA%9E%E6%B4%B2%C2%B7%E7%9F%BD%E8%B0%B7" in refs  # 亞洲·矽谷
    merged = list(plan.graph.subjects(PKG.mergedInto, plan.iri))
    assert len(merged) == 1


def test_a_measure_is_not_a_citation_of_itself(plan):
    assert objects(plan, measure(plan, "1.1.1"), PKG.references) == set()


def test_vocabulary_files_pass_their_shapes():
    graph = vocabulary_graph()
    assert validate_graph(graph, "agency_shapes.ttl").conforms
    assert validate_graph(graph, "vocabulary_shapes.ttl").conforms


def test_agencies_command_lists_variants_parent_and_rollup():
    result = CliRunner().invoke(cli, ["agencies", "--csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "agency_zh,agency_en,agency_type,parent_zh,ministry_zh,variants,lead_measures,co_measures,"
        "lead_measures_rollup,co_measures_rollup,iri,successor_zh,successor_en,renamed_on,issuing,mentioning_divisions"
    )
    row = next(l for l in lines if l.startswith("數位產業署,"))
    assert ",數位發展部,數位發展部,數發部數產署,23,4,23,4," in row


def test_unknown_agency_is_kept_and_reported_with_file_and_line(tmp_path):
    lines = policykg.default_plan_path().read_text(encoding="utf-8").split("\n")
    row = next(i for i, l in enumerate(lines) if l.startswith("智慧景區服務優化\t"))
    lines[row] = lines[row].replace("\t交通部觀光署", "\t火星開發署、交通部觀光署")
    path = tmp_path / "plan.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    plan = policykg.load_plan(path)
    assert plan.warnings == [f"{path}:{row + 1}: unresolved agency mention '火星開發署' in cell '火星開發署、交通部觀光署'"]
    unresolved = list(plan.graph.subjects(PKG.unresolved, Literal(True)))
    assert len(unresolved) == 1
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert f"warning: {path}:{row + 1}: unresolved agency mention '火星開發署'" in result.output


def test_vocabulary_types_are_the_types_of_the_vocabulary_graph():
    from rdflib import RDF, URIRef

    from policykg.graph.enrichment import vocabulary_types

    expected: dict = {}
    for subject, cls in vocabulary_graph().subject_objects(RDF.type):
        if isinstance(subject, URIRef) and isinstance(cls, URIRef):
            expected.setdefault(str(subject), set()).add(cls)
    assert {iri: set(classes) for iri, classes in vocabulary_types().items()} == expected and len(expected) > 300


def test_a_plan_counts_vocabulary_nodes_alike_with_or_without_the_vocabulary_graph():
    """A build counts agencies, regions and technologies by the packaged types, not by an rdflib graph."""
    from policykg.graph.assemble import assemble_plan
    from policykg.loaders.plan_document import default_plan_path, parse_plan_document
    from policykg.plan import Plan

    doc = parse_plan_document(default_plan_path())
    built = assemble_plan(doc)
    with_graph = Plan(doc, None, triples=built.triples(), vocabularies=[vocabulary_graph()])
    nodes, edges = built.counts()
    assert (nodes, edges) == with_graph.counts()
    assert nodes["pkg:Agency"] > 20 and nodes["pkg:Region"] > 5 and nodes["pkg:Measure"] == 143
