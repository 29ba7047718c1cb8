"""The one RDF → property-graph projection: labels, iri key, UPPER_SNAKE types; networkx,
Ladybug and Neo4j hold the same nodes and relationships."""
from __future__ import annotations

import re

import pytest

from policykg.graph.property_graph import project, property_name, relationship_type
from policykg.graph.namespaces import PKG, RDFS, SKOS


@pytest.fixture(scope="module")
def pg(plan):
    return project(plan.union)


def test_labels_are_pkg_class_local_names_and_iri_is_the_key(pg):
    from policykg.queries.library import allowed_labels

    assert pg.node_labels <= allowed_labels()
    assert all(props["iri"] == iri for iri, props in pg.nodes.items())
    plan_iri = "https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01"
    assert pg.labels[plan_iri] == ["Plan"]


def test_relationship_types_are_upper_snake_case_and_has_part_is_left_out(pg):
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", t) for t in pg.relationship_types)
    assert {"LEAD_AGENCY", "SUB_ORGANIZATION_OF", "USES_TECHNOLOGY", "HAS_MEASURE"} <= pg.relationship_types
    assert not {"HAS_PART", "PART_OF"} & pg.relationship_types
    assert relationship_type(PKG.coOrganizingAgency) == "CO_ORGANIZING_AGENCY"


def test_literals_become_snake_case_properties_and_labels_name_zh(pg):
    assert property_name(PKG.lineStart) == "line_start"
    assert property_name(RDFS.label, "zh-Hant") == "name_zh"
    assert property_name(SKOS.altLabel) == "alt_labels"
    pillar = pg.nodes["https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01/pillar/5"]
    assert pillar["ordinal"] == 5 and pillar["name_zh"] == "全球量子能力登頂"


def test_concept_objects_become_snake_case_property_values(pg):
    statuses = {props.get("period_status") for iri, props in pg.nodes.items() if "Period" in pg.labels[iri]}
    assert {"scheduled", "not_yet_funded", "pending_approval"} <= statuses


def test_networkx_and_ladybug_hold_the_same_node_and_relationship_counts(plan, pg):
    from policykg.stores.ladybug_store import plan_database, run_cypher

    graph = plan.to_networkx()
    unique = set(pg.relationships)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(pg.nodes), len(unique))
    db = plan_database(plan)
    nodes = run_cypher(db, "MATCH (n) RETURN count(n) AS c")[0]["c"]
    rels = run_cypher(db, "MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    assert (nodes, rels) == (len(pg.nodes), len(unique))


@pytest.mark.neo4j
def test_neo4j_holds_the_same_node_and_relationship_counts_as_networkx(plan, neo4j_credentials):
    from policykg.stores.neo4j_store import connect, push_plan

    driver = connect(neo4j_credentials.uri, neo4j_credentials.user, neo4j_credentials.password)
    push_plan(driver, plan)
    graph = plan.to_networkx()
    nodes = driver.execute_query("MATCH (n:Resource) WHERE $p IN n.plans RETURN count(n) AS c", p=plan.plan_id).records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() WHERE $p IN r.plans RETURN count(r) AS c", p=plan.plan_id).records[0]["c"]
    assert (nodes, rels) == (graph.number_of_nodes(), graph.number_of_edges())
    by_type = {r["t"]: r["c"] for r in driver.execute_query(
        "MATCH ()-[r:LEAD_AGENCY]->() WHERE $p IN r.plans RETURN 'LEAD_AGENCY' AS t, count(r) AS c", p=plan.plan_id).records}
    assert by_type["LEAD_AGENCY"] == sum(1 for _, _, k in graph.edges(keys=True) if k == "LEAD_AGENCY")
