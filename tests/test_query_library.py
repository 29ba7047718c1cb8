"""The query library: every named question has a SPARQL and a Cypher file with one shared header,
uses only allowlisted labels and relationship types, and binds its parameters."""
from __future__ import annotations

import pytest

from policykg.errors import QueryError
from policykg.queries.library import (
    QUERY_DIR,
    allowed_labels,
    allowed_relationship_types,
    bind_params,
    cypher_schema_names,
    list_queries,
    load_query,
    parse_header,
    query_names,
)

REQUIRED = {
    "measures_of_pillar", "agency_workload", "ministry_workload", "agencies_in_several_pillars",
    "co_organizing_network", "measures_active_in_year", "measures_beyond_plan_period",
    "unfunded_or_pending_measures", "measures_per_region", "measures_per_zone", "technologies_by_pillar",
    "technology_cooccurrence", "references_and_citers", "targets_due_by", "shortest_collaboration_path",
    "overlap_candidates",
}


def test_library_holds_the_sixteen_research_questions_of_the_issue():
    assert REQUIRED <= set(query_names())
    assert len(query_names()) >= 12


@pytest.mark.parametrize("name", query_names())
def test_every_query_has_sparql_and_cypher_files_with_the_same_header(name):
    query = load_query(name)  # raises QueryError on a missing file or a differing header
    assert (QUERY_DIR / "sparql" / f"{name}.rq").is_file()
    assert (QUERY_DIR / "cypher" / f"{name}.cypher").is_file()
    assert query.question.endswith("?")
    assert query.columns
    for param in query.params:
        assert param.example, f"{name}: parameter {param.name} has no example"


@pytest.mark.parametrize("name", query_names())
def test_cypher_uses_only_allowlisted_labels_and_relationship_types(name):
    query = load_query(name)
    for text in filter(None, (query.cypher, query.ladybug_cypher)):
        labels, types = cypher_schema_names(text)
        assert labels <= allowed_labels(), labels - allowed_labels()
        assert types <= allowed_relationship_types(), types - allowed_relationship_types()


def test_only_shortest_path_needs_an_engine_specific_variant():
    assert [q.name for q in list_queries() if q.ladybug_cypher] == ["shortest_collaboration_path"]


def test_header_of_measures_of_pillar_names_question_params_and_columns():
    query = load_query("measures_of_pillar")
    assert query.question == "Which measures does a pillar have, with their lead agency and period?"
    assert [(p.name, p.type, p.example) for p in query.params] == [("pillar_no", "integer", "5")]
    assert query.columns == ["identifier", "measure", "lead_agency", "start", "end"]


def test_year_parameter_is_bound_as_four_digit_text_and_integer_as_int():
    assert bind_params(load_query("measures_active_in_year"), {"year": 2026}) == {"year": "2026"}
    assert bind_params(load_query("measures_of_pillar"), {"pillar_no": "5"}) == {"pillar_no": 5}


def test_unknown_missing_and_malformed_parameters_raise_query_error():
    query = load_query("measures_of_pillar")
    with pytest.raises(QueryError, match="has no parameter colour"):
        bind_params(query, {"pillar_no": 5, "colour": "red"})
    with pytest.raises(QueryError, match="needs pillar_no"):
        bind_params(query, {})
    with pytest.raises(QueryError, match="must be an integer"):
        bind_params(query, {"pillar_no": "5 OR 1=1"})


def test_unknown_query_name_and_path_like_names_are_rejected():
    for name in ("no_such_query", "../sparql/measures_of_pillar", "Measures"):
        with pytest.raises(QueryError, match="unknown query"):
            load_query(name)


def test_header_without_columns_is_an_error():
    with pytest.raises(QueryError, match="missing columns"):
        parse_header("# name: q\n# question: Why?\n# params: none\nSELECT * WHERE {}")


def test_allowlist_comes_from_the_ontology_and_reused_predicates():
    assert {"Measure", "Agency", "Pillar", "Region", "Technology"} <= allowed_labels()
    assert {"LEAD_AGENCY", "SUB_ORGANIZATION_OF", "BROADER", "USES_TECHNOLOGY"} <= allowed_relationship_types()
    assert "Resource" not in allowed_labels()
