"""Remote-store plumbing without a server: VALUES binding (queries/value_binding.py), query forms,
one-line HTTP errors (issue 11).

The parity of the VALUES binding is checked on the embedded Oxigraph store itself: every named
query, bound by the VALUES block the remote store receives, gives the rows the embedded
substitution gives. (tests/test_fuseki.py checks the same against a real Fuseki.)
"""
from __future__ import annotations

import socket

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import QueryError, StoreUnavailable
from policykg.queries.library import bind_params, list_queries, query_names
from policykg.queries.runner import normalise_rows
from policykg.stores.oxigraph_store import select
from policykg.queries.value_binding import query_form, with_values
from policykg.stores.sparql_endpoint_store import GraphStore, SparqlEndpointStore, public_url
from policykg.workspace import build_workspace

INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return build_workspace([], tmp_path_factory.mktemp("values") / "ws")


@pytest.mark.parametrize("name", query_names())
def test_a_named_query_bound_by_values_gives_the_rows_of_the_embedded_substitution(workspace, name):
    query = next(q for q in list_queries() if q.name == name)
    bound = bind_params(query, query.example_params())
    (plan_id,) = workspace.plan_ids
    graphs = workspace.graphs(plan_id)
    text = with_values(query.sparql, bound)
    assert (text != query.sparql) == bool(bound)
    extra = {p.name for p in query.params}
    by_values = normalise_rows(select(workspace.store, text, default_graph=graphs)[1], query.columns, name, extra)
    expected = workspace.query(name, **query.example_params())
    assert len(expected) > 0
    assert by_values.equals(expected)


def test_values_go_first_in_the_where_group_not_in_a_construct_template():
    assert with_values("CONSTRUCT { ?s ?p ?n } WHERE { ?s ?p ?n }", {"n": 5}) == (
        f'CONSTRUCT {{ ?s ?p ?n }} WHERE {{ VALUES (?n) {{ ("5"^^{INTEGER}) }} ?s ?p ?n }}')


def test_short_construct_where_is_written_out_so_values_can_join():
    text = with_values("CONSTRUCT WHERE { ?s ?p ?n }", {"n": 5})
    assert text == f'CONSTRUCT {{ ?s ?p ?n }} WHERE {{ VALUES (?n) {{ ("5"^^{INTEGER}) }} ?s ?p ?n }}'
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("5", datatype=ox.NamedNode(INTEGER[1:-1]))))
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("6", datatype=ox.NamedNode(INTEGER[1:-1]))))
    assert [t.object.value for t in store.query(text)] == ["5"]


def test_a_where_group_that_is_a_bare_subquery_is_wrapped():
    text = with_values("SELECT * WHERE { SELECT ?n { ?s ?p ?n } }", {"n": 1})
    assert text == f'SELECT * WHERE {{ VALUES (?n) {{ ("1"^^{INTEGER}) }} {{ SELECT ?n {{ ?s ?p ?n }} }} }}'
    ox.Store().query(text)  # valid SPARQL


def test_a_joined_subquery_projecting_the_parameter_gets_the_values_too():
    text = with_values("SELECT * { { SELECT ?n { ?s ?p ?n } } UNION { GRAPH ?g { SELECT * { ?s ?p ?n } } } }", {"n": 1})
    assert text.count(f'VALUES (?n) {{ ("1"^^{INTEGER}) }}') == 3
    ox.Store().query(text)


@pytest.mark.parametrize("query", [
    "SELECT * { OPTIONAL { SELECT ?n { ?s ?p ?n } } }",          # restricting it would keep unmatched rows
    "SELECT * { FILTER NOT EXISTS { SELECT ?n { ?s ?p ?n } } }",
    "SELECT * { MINUS { SELECT ?n { ?s ?p ?n } } }",
    "SELECT * { { SELECT ?n { ?s ?p ?n } LIMIT 1 } }",            # the first row before the values ≠ after
    "SELECT * { { SELECT (COUNT(*) AS ?n) { ?s ?p ?o } } }",      # ?n is computed there, not bound
    "SELECT * { { SELECT ?m { ?s ?p ?m } } }",                    # does not project ?n
])
def test_a_subquery_whose_rows_the_values_would_change_is_left_alone(query):
    text = with_values(query, {"n": 1})
    assert text.count("VALUES (?n)") == 1 and text.startswith(f'SELECT * {{ VALUES (?n) {{ ("1"^^{INTEGER}) }} ')


def test_shortest_collaboration_path_binds_its_agencies_inside_each_of_its_subqueries():
    query = next(q for q in list_queries() if q.name == "shortest_collaboration_path")
    bound = with_values(query.sparql, bind_params(query, query.example_params()))
    # one per chain length (3) and per pair test of the 2- and 3-hop chains (2), the outer group;
    # each end's neighbours of the 2- and 3-hop chains bind their own end only (2 + 2)
    assert query.sparql.count("{ SELECT") == 9
    assert bound.count("VALUES (?from_agency ?to_agency)") == 6
    assert bound.count("VALUES (?from_agency) {") == bound.count("VALUES (?to_agency) {") == 2


def test_braces_in_strings_and_comments_are_not_groups_nor_a_hash_in_an_iri_a_comment():
    text = with_values('SELECT ("{" AS ?b) # a { in a comment\nFROM <urn:g#x> { ?s ?p ?n }', {"n": 2})
    assert text.endswith(f'FROM <urn:g#x> {{ VALUES (?n) {{ ("2"^^{INTEGER}) }} ?s ?p ?n }}')
    ox.Store().query(text)


def test_a_string_parameter_stays_one_literal_whatever_it_holds():
    evil = 'x" } } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> "c" } #\n\\'
    text = with_values("SELECT ?v WHERE { }", {"v": evil})
    assert [s["v"].value for s in ox.Store().query(text)] == [evil]


def test_parameter_names_must_be_variables_and_a_describe_needs_a_where():
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        with_values("SELECT * { ?s ?p ?o }", {"o } DROP ALL": 1})
    with pytest.raises(QueryError, match="no WHERE group"):
        with_values("DESCRIBE <urn:a>", {"n": 1})


def test_query_forms_skip_prologue_comments_and_strings():
    assert query_form("PREFIX select: <urn:x#>\n# CONSTRUCT\nASK { ?s ?p 'SELECT' }") == "ASK"
    assert query_form("DROP ALL") is None


def test_urls_shown_never_carry_the_password():
    assert public_url("https://ann:s3cret@store.example:8443/ds/data?x=1") == "https://store.example:8443/ds/data?x=1"
    assert GraphStore("http://ann:s3cret@127.0.0.1:1/ds/data").url == "http://127.0.0.1:1/ds/data"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_one_line_naming_the_url():
    url = f"http://127.0.0.1:{_closed_port()}/policykg/sparql"
    with pytest.raises(StoreUnavailable) as error:
        SparqlEndpointStore(url).query("agency_workload")
    assert str(error.value) == f"{url}: connection refused (is the SPARQL endpoint running there?)"


def test_cli_push_to_a_closed_port_exits_1_with_one_line_and_no_password(tmp_path, workspace):
    url = f"http://127.0.0.1:{_closed_port()}/policykg/data"
    result = CliRunner().invoke(cli, ["push", "--sparql", url, "--user", "ann", "--workspace", str(workspace.path)],
                                env={"SPARQL_PASSWORD": "s3cret-pw"})
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {url}: connection refused (is the graph store running there?)"]
    assert "s3cret-pw" not in result.output


def test_not_an_http_url_is_refused_before_anything_is_read():
    result = CliRunner().invoke(cli, ["query", "agency_workload", "--endpoint", "ftp://127.0.0.1/ds"])
    assert result.exit_code == 1
    assert result.output.strip() == "error: ftp://127.0.0.1/ds: not an http(s) URL of a SPARQL endpoint"


def test_endpoint_cannot_take_another_engine_or_plan_documents():
    runner = CliRunner()
    result = runner.invoke(cli, ["query", "agency_workload", "--endpoint", "http://127.0.0.1:1/ds/sparql",
                                 "--engine", "cypher"])
    assert result.exit_code == 1 and "cannot run --engine cypher" in result.output
    from policykg.loaders.plan_document import default_plan_path

    result = runner.invoke(cli, ["query", "agency_workload", "--endpoint", "http://127.0.0.1:1/ds/sparql",
                                 "--plan", str(default_plan_path())])
    assert result.exit_code == 1 and "push plan documents" in result.output
