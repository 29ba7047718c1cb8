"""`policykg push --sparql` and `query/sparql --endpoint` against a real Apache Jena Fuseki (issue 11).

Needs the Fuseki of `.ci/fuseki.sh` at env FUSEKI_URL (skipped without it, fails under CI=true).
The dataset's contents are replaced: the module starts with `DROP ALL`.
"""
from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import assert_named_query_as_on_the_workspace

from policykg.cli import cli
from policykg.graph.namespaces import GRAPH_BASE, VOCABULARY_GRAPH
from policykg.queries.library import query_names
from policykg.stores.sparql_endpoint_store import SparqlEndpointStore

pytestmark = pytest.mark.fuseki

AI = "ai-new-ten-major-constructions-2026-01"
NET_ZERO = "tw-2050-net-zero-pathway-2022-03-30"
MARKER = '<urn:policykg:test> <urn:policykg:marker> "left by a test" .\n'


def _http(fuseki, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
          auth: bool = True) -> bytes:
    headers = {"Content-Type": content_type} if content_type else {}
    if auth:
        token = base64.b64encode(f"{fuseki.user}:{fuseki.password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers),
                                timeout=60) as response:
        return response.read()


def raw_select(fuseki, text: str) -> list[dict]:
    """A SELECT sent to Fuseki as any client sends it: no dataset description, the store's default graph."""
    url = fuseki.query_url + "?" + urllib.parse.urlencode({"query": text})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        result = json.loads(response.read())
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def remote_counts(fuseki) -> dict[str, int]:
    rows = raw_select(fuseki, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def local_count(workspace, graph: str) -> int:
    return sum(1 for _ in workspace.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def add_marker(fuseki, graph: str) -> None:
    """POST (add, not replace) one triple into a graph on the store."""
    _http(fuseki, "POST", fuseki.data_url + "?" + urllib.parse.urlencode({"graph": graph}),
          MARKER.encode(), "application/n-triples")


def push(fuseki, workspace, *args, password=None):
    return CliRunner().invoke(cli, ["push", "--sparql", fuseki.data_url, "--user", fuseki.user,
                                    "--workspace", str(workspace.path), *args],
                              env={"SPARQL_PASSWORD": password or fuseki.password})


@pytest.fixture(scope="module")
def workspace(two_plan_workspace):
    """The shipped plan and the net-zero PDF in one workspace: two plan graphs."""
    return two_plan_workspace


@pytest.fixture(scope="module")
def pushed(fuseki, workspace):
    """Fuseki emptied, then the workspace pushed with `policykg push`; the command's result."""
    _http(fuseki, "POST", fuseki.update_url, urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
          "application/x-www-form-urlencoded")
    result = push(fuseki, workspace)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def remote(fuseki, pushed):
    return SparqlEndpointStore(fuseki.query_url)


def test_push_says_what_it_replaced_plan_by_plan(pushed, workspace, fuseki):
    lines = pushed.output.splitlines()
    assert lines[0] == f"pushing 2 plans from {workspace.store_name} to {fuseki.data_url}"
    vocabulary = local_count(workspace, str(VOCABULARY_GRAPH))
    assert lines[1].startswith(f"  vocabularies: {vocabulary} triples in ")
    ai = local_count(workspace, GRAPH_BASE + AI)
    ai_analysis = local_count(workspace, f"{GRAPH_BASE}analysis/{AI}")
    assert ai > 20000 and ai_analysis > 0
    assert lines[2].startswith(f"  {AI}: {ai} triples, {ai_analysis} analysis triples in ")
    assert lines[3].startswith(f"  {NET_ZERO}: {local_count(workspace, GRAPH_BASE + NET_ZERO)} triples, ")
    assert lines[4].startswith("pushed 2 plans (5 graphs, ")


def test_the_store_holds_each_graph_as_in_the_workspace(pushed, workspace, fuseki):
    counts = remote_counts(fuseki)
    expected = {g: local_count(workspace, g) for g in
                [str(VOCABULARY_GRAPH), GRAPH_BASE + AI, f"{GRAPH_BASE}analysis/{AI}", GRAPH_BASE + NET_ZERO]}
    assert {g: counts.get(g) for g in expected} == expected


def test_the_store_lists_the_two_plans(remote):
    assert remote.plan_ids == [AI, NET_ZERO]


def test_fusekis_default_graph_is_the_union_of_the_plan_graphs(pushed, fuseki):
    """The configuration of .ci/fuseki/config.ttl (tdb2:unionDefaultGraph), as docs/serving.md tells users."""
    rows = raw_select(fuseki, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/policykg/ontology#Measure> }")
    assert rows == [{"n": "143"}]
    rows = raw_select(fuseki, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/policykg/ontology#Plan> }")
    assert rows == [{"n": "2"}]


def test_the_library_has_twenty_named_queries():
    assert len(query_names()) == 20


@pytest.mark.parametrize("name", query_names())
def test_a_named_query_gives_the_same_rows_on_fuseki_as_on_the_embedded_store(remote, workspace, name):
    assert_named_query_as_on_the_workspace(remote, workspace, name)


def test_query_endpoint_prints_what_the_workspace_prints_and_names_the_store(remote, workspace, fuseki):
    runner = CliRunner()
    args = ["query", "measures_of_pillar", "-p", "pillar_no", "5", "--plan", AI, "--csv"]
    there = runner.invoke(cli, [*args, "--endpoint", fuseki.query_url])
    here = runner.invoke(cli, [*args, "--workspace", str(workspace.path)])
    assert there.exit_code == 0 and here.exit_code == 0, there.output + here.output
    assert there.output == here.output and there.output.count("\n") == 36  # header + 35 schedule rows
    table = runner.invoke(cli, ["query", "measures_of_pillar", "-p", "pillar_no", "5", "--endpoint", fuseki.query_url])
    assert table.output.splitlines()[0] == f"measures_of_pillar (sparql) — SPARQL endpoint {fuseki.query_url}"


def test_agency_parameters_resolve_before_they_reach_the_store(remote, workspace):
    by_abbreviation = remote.query("co_organizing_network", agency="數產署", plan=AI)
    assert len(by_abbreviation) > 0
    assert by_abbreviation.equals(workspace.query("co_organizing_network", agency="數位發展部數位產業署", plan=AI))


def test_ad_hoc_sparql_select_ask_construct_on_the_endpoint(remote, workspace):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?m a pkg:Measure }"
    assert remote.sparql(count).equals(workspace.sparql(count))
    ordered = "SELECT ?n ?p WHERE { ?p a pkg:Pillar ; pkg:ordinal ?n } ORDER BY DESC(?n) LIMIT 3"
    assert remote.sparql(ordered, plan=AI).equals(workspace.sparql(ordered, plan=AI))
    assert remote.sparql(ordered, plan=AI)["n"].tolist() == [10, 9, 8]
    assert remote.sparql("ASK { ?p a pkg:Pillar ; pkg:ordinal ?n }", n=5) is True
    assert remote.sparql("ASK { ?p a pkg:Pillar ; pkg:ordinal ?n }", n=11) is False
    construct = "CONSTRUCT WHERE { ?p a pkg:Pillar ; pkg:ordinal ?n }"
    assert set(remote.sparql(construct, n=5)) == set(workspace.sparql(construct, n=5))
    assert len(remote.sparql(construct, n=5)) == 2


def test_named_graphs_stay_addressable_within_one_plans_question(remote, workspace):
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a pkg:Plan } } GROUP BY ?g ORDER BY ?g"
    assert remote.sparql(text, plan=AI).equals(workspace.sparql(text, plan=AI))


def test_a_hostile_string_parameter_comes_back_as_one_literal_and_the_store_is_intact(remote, fuseki):
    evil = 'x" } } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> "c" } #\n'
    result = CliRunner().invoke(cli, ["sparql", "SELECT ?v WHERE { }", "-p", "v", evil, "--plan", AI,
                                      "--endpoint", fuseki.query_url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"plan": AI, "v": evil}]
    assert GRAPH_BASE + AI in remote_counts(fuseki)


def test_pushing_again_replaces_the_graph_instead_of_adding_to_it(pushed, workspace, fuseki):
    add_marker(fuseki, GRAPH_BASE + AI)
    assert remote_counts(fuseki)[GRAPH_BASE + AI] == local_count(workspace, GRAPH_BASE + AI) + 1
    result = push(fuseki, workspace)
    assert result.exit_code == 0, result.output
    assert remote_counts(fuseki)[GRAPH_BASE + AI] == local_count(workspace, GRAPH_BASE + AI)
    assert not raw_select(fuseki, "SELECT ?o WHERE { <urn:policykg:test> ?p ?o }")


def test_pushing_one_plan_leaves_the_other_plans_graph_untouched(pushed, workspace, fuseki):
    add_marker(fuseki, GRAPH_BASE + NET_ZERO)
    add_marker(fuseki, GRAPH_BASE + AI)
    result = push(fuseki, workspace, "--plan", AI)
    assert result.exit_code == 0, result.output
    assert "pushing 1 plan " in result.output and NET_ZERO not in result.output
    counts = remote_counts(fuseki)
    assert counts[GRAPH_BASE + NET_ZERO] == local_count(workspace, GRAPH_BASE + NET_ZERO) + 1  # marker kept
    assert counts[GRAPH_BASE + AI] == local_count(workspace, GRAPH_BASE + AI)  # replaced
    push(fuseki, workspace, "--plan", NET_ZERO)
    assert remote_counts(fuseki)[GRAPH_BASE + NET_ZERO] == local_count(workspace, GRAPH_BASE + NET_ZERO)


def test_wrong_credentials_exit_1_with_one_line_naming_the_url_and_write_nothing(pushed, workspace, fuseki):
    before = remote_counts(fuseki)
    result = push(fuseki, workspace, password="not-the-password")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        f"error: {fuseki.data_url}: 401 Unauthorized: the graph store refused user {fuseki.user!r} "
        "(give --user / env SPARQL_USER and env SPARQL_PASSWORD)"]
    assert "not-the-password" not in result.output
    assert remote_counts(fuseki) == before


def test_no_credentials_is_401_too(pushed, workspace, fuseki):
    result = CliRunner().invoke(cli, ["push", "--sparql", fuseki.data_url, "--workspace", str(workspace.path)],
                                env={"SPARQL_USER": None, "SPARQL_PASSWORD": None})
    assert result.exit_code == 1
    assert f"error: {fuseki.data_url}: 401 Unauthorized: the graph store refused a request without credentials" \
        in result.output


def test_a_dataset_that_is_not_there_is_a_404_line_for_push_and_query(pushed, workspace, fuseki):
    base = fuseki.url.rsplit("/", 1)[0]
    result = push(fuseki, workspace, "--sparql", f"{base}/no-such-dataset/data")
    assert result.exit_code == 1
    assert f"error: {base}/no-such-dataset/data: 404 Not Found: no dataset or endpoint at this URL" in result.output
    result = CliRunner().invoke(cli, ["query", "agency_workload", "--endpoint", f"{base}/no-such-dataset/sparql"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {base}/no-such-dataset/sparql: 404 Not Found: ")
    assert result.output.count("\n") == 1


def test_a_plan_not_on_the_store_names_the_plans_there(remote):
    result = CliRunner().invoke(cli, ["query", "agency_workload", "--endpoint", remote.url, "--plan", "ai-new-ten"])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: no plan 'ai-new-ten' at {remote.url}; did you mean {AI}?"


def test_a_bad_query_is_the_stores_parser_line_with_the_users_line_number(remote):
    result = CliRunner().invoke(cli, ["sparql", "SELECT ?x WHERE {\n  ?x }", "--endpoint", remote.url])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {remote.url}: 400 Bad Request: ")
    assert "line 2, column" in result.output and result.output.count("\n") == 1


def test_push_without_a_workspace_builds_the_shipped_plan_on_the_fly(pushed, fuseki, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no out/ here
    result = CliRunner().invoke(cli, ["push", "--sparql", fuseki.data_url, "--user", fuseki.user],
                                env={"SPARQL_PASSWORD": fuseki.password, "POLICYKG_WORKSPACE": None})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"pushing 1 plan from the shipped plan, built on the fly to {fuseki.data_url}"
    assert list(tmp_path.iterdir()) == []
    analysis = remote_counts(fuseki)[f"{GRAPH_BASE}analysis/{AI}"]
    assert analysis > 0  # the on-the-fly build computes the analysis edges, as `policykg build` does


def test_pushing_to_the_query_endpoint_says_it_is_not_a_graph_store(pushed, workspace, fuseki):
    result = push(fuseki, workspace, "--sparql", fuseki.query_url)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        f"error: {fuseki.query_url}: 405 Method Not Allowed: not a graph store "
        "(Fuseki: http://HOST:PORT/DATASET/data to push, …/DATASET/sparql to query)"]
