"""Parameter values are data: hostile strings find nothing, change nothing and raise nothing."""
from __future__ import annotations

import pytest

from policykg.errors import QueryError
from policykg.queries.runner import run_query

HOSTILE = [
    "x'}) DETACH DELETE n //",
    '"} UNION SELECT * {',
    "國家科學及技術委員會' OR 1=1 //",
    "$agency",
    "?agency",
]


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_agency_name_is_matched_as_data_and_finds_nothing(plan, engine, value):
    frame = run_query(plan, "co_organizing_network", engine, {"agency": value})
    assert frame.empty
    path = run_query(plan, "shortest_collaboration_path", engine, {"from_agency": value, "to_agency": "原住民族委員會"})
    assert path.empty


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_graph_is_unchanged_after_hostile_parameters(plan, engine):
    before = run_query(plan, "agency_workload", engine)
    for value in HOSTILE:
        run_query(plan, "co_organizing_network", engine, {"agency": value})
    assert run_query(plan, "agency_workload", engine).equals(before)


@pytest.mark.parametrize("value", ["2026) OR (1=1", "2026'}", "20260"])
def test_non_year_value_for_a_year_parameter_is_rejected(plan, value):
    with pytest.raises(QueryError, match="4-digit year"):
        run_query(plan, "measures_active_in_year", "sparql", {"year": value})


@pytest.mark.neo4j
def test_hostile_values_on_neo4j_delete_nothing(plan, neo4j_credentials):
    from policykg.stores.neo4j_store import connect, database_counts, push_plan, run_cypher_neo4j
    from policykg.queries.library import load_query

    driver = connect(neo4j_credentials.uri, neo4j_credentials.user, neo4j_credentials.password)
    push_plan(driver, plan)
    before = database_counts(driver)
    query = load_query("co_organizing_network")
    for value in HOSTILE:
        assert run_cypher_neo4j(driver, query.text("neo4j"), {"agency": value}) == []
    assert database_counts(driver) == before
