"""Parameter values are data: hostile strings find nothing and change nothing (an unknown agency is refused)."""
from __future__ import annotations

import pytest

from policykg.errors import QueryError
from policykg.queries.library import load_query
from policykg.queries.runner import run_query

HOSTILE = [
    "x'}) DETACH DELETE n //",
    '"} UNION SELECT * {',
    "國家科學及技術委員會' OR 1=1 //",
    "$agency",
    "?agency",
]


def _raw(plan, engine: str, name: str, params: dict) -> list[dict]:
    """The query run with ``params`` bound as given (no entity resolution): the stores' own binding."""
    from policykg.queries.runner import run_cypher_text, run_sparql
    from policykg.stores.oxigraph_store import plan_store

    text = load_query(name).text(engine)
    return run_sparql(plan_store(plan), text, params) if engine == "sparql" else run_cypher_text(plan, text, params, engine)


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_agency_name_is_matched_as_data_and_finds_nothing(plan, engine, value):
    # The named-query layer refuses an agency the registry does not know (issue 11: never a silent 0 rows) …
    with pytest.raises(QueryError, match="unknown agency"):
        run_query(plan, "co_organizing_network", engine, {"agency": value})
    # … and the stores bind the raw text as data: it finds nothing.
    assert _raw(plan, engine, "co_organizing_network", {"agency": value}) == []
    assert _raw(plan, engine, "shortest_collaboration_path", {"from_agency": value, "to_agency": "原住民族委員會"}) == []


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
def test_graph_is_unchanged_after_hostile_parameters(plan, engine):
    before = run_query(plan, "agency_workload", engine)
    for value in HOSTILE:
        _raw(plan, engine, "co_organizing_network", {"agency": value})
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
