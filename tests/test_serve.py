"""``policykg serve``: the SPARQL 1.1 Protocol, tested with SPARQLWrapper as a real client (issue 11)."""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from conftest import assert_named_query_as_on_the_workspace
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from policykg.queries.library import query_names
from policykg.serve import make_server
from policykg.workspace import build_workspace

COUNT = "SELECT (COUNT(?p) AS ?pillars) WHERE { ?p a pkg:Pillar }"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return build_workspace([], tmp_path_factory.mktemp("serve") / "ws")


def serving(workspace, timeout):
    server = make_server(workspace, "127.0.0.1", 0, timeout=timeout)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def served(workspace, timeout):
    """Yield the base URL of a server over ``workspace`` on a free port; stop it afterwards."""
    server, url = serving(workspace, timeout)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def endpoint(workspace):
    """The base URL of a server over a workspace of the shipped plan, on a free port."""
    yield from served(workspace, 20)


def test_a_query_beyond_the_timeout_gets_503(workspace):
    server, url = serving(workspace, 0.001)
    try:
        # Bounded (4 million joined rows, about a second) so the abandoned worker ends soon.
        heavy = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a { ?a ?b ?c } LIMIT 2000 } "
                 "{ SELECT ?d { ?d ?e ?f } LIMIT 2000 } }")
        with pytest.raises(urllib.error.HTTPError) as slow:
            urllib.request.urlopen(f"{url}/sparql?" + urllib.parse.urlencode({"query": heavy}))
        assert slow.value.code == 503 and b"timed out after 0.001 s" in slow.value.read()
    finally:
        server.shutdown()
        server.server_close()


def client(endpoint, query, fmt=JSON, method="GET"):
    wrapper = SPARQLWrapper(endpoint + "/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    wrapper.setMethod(method)
    return wrapper.query()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_as_json_by_get_and_post(endpoint, method):
    result = client(endpoint, COUNT, JSON, method).convert()
    assert result["head"]["vars"] == ["pillars"]
    assert result["results"]["bindings"][0]["pillars"]["value"] == "10"


def test_select_as_xml_csv_tsv(endpoint):
    xml = client(endpoint, COUNT, XML).convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == "10"
    assert list(csv.reader(io.StringIO(client(endpoint, COUNT, CSV).convert().decode()))) == [["pillars"], ["10"]]
    assert client(endpoint, COUNT, TSV).convert().decode().splitlines() == ["?pillars", "10"]


def test_order_by_limit_and_ask(endpoint):
    rows = client(endpoint, "SELECT ?n WHERE { ?p a pkg:Pillar ; pkg:ordinal ?n } ORDER BY DESC(?n) LIMIT 2").convert()
    assert [b["n"]["value"] for b in rows["results"]["bindings"]] == ["10", "9"]
    assert client(endpoint, "ASK { ?p a pkg:Pillar ; pkg:ordinal 10 }").convert()["boolean"] is True


def test_construct_as_turtle(endpoint):
    text = client(endpoint, "CONSTRUCT { ?p pkg:ordinal ?n } WHERE { ?p a pkg:Pillar ; pkg:ordinal ?n }", TURTLE).convert()
    assert len(Graph().parse(data=text, format="turtle")) == 10


def test_direct_post_of_a_query(endpoint):
    request = urllib.request.Request(endpoint + "/sparql", data=COUNT.encode(), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.read().decode().splitlines() == ["pillars", "10"]


@pytest.mark.parametrize("headers, body", [
    ({"Content-Type": "application/sparql-update"}, b"INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"update=INSERT+DATA+%7B+%3Curn%3Aa%3E+%3Curn%3Ab%3E+%3Curn%3Ac%3E+%7D"),
    ({"Content-Type": "application/sparql-query"}, b"DROP ALL"),
])
def test_updates_are_refused_and_change_nothing(endpoint, headers, body):
    request = urllib.request.Request(endpoint + "/sparql", data=body, method="POST", headers=headers)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    assert client(endpoint, COUNT).convert()["results"]["bindings"][0]["pillars"]["value"] == "10"


def test_a_bad_query_is_a_400_with_the_whole_message(endpoint):
    with pytest.raises(QueryBadFormed, match="undeclared prefix nope:"):
        client(endpoint, "SELECT ?x WHERE { ?x a nope:Thing }")


def test_the_page_and_the_named_queries_are_served_offline(endpoint):
    with urllib.request.urlopen(endpoint + "/") as response:
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        page = response.read().decode()
    assert 'src="/serve.js"' in page and "http" not in page.split("<body>")[0].replace('charset="utf-8"', "")
    with urllib.request.urlopen(endpoint + "/queries.json") as response:
        names = [q["name"] for q in json.loads(response.read())]
    assert len(names) == 20 and "co_organizing_network" in names


@pytest.mark.browser
def test_the_page_runs_a_named_query_in_headless_chromium_with_no_outside_request(endpoint, chromium_path):
    from conftest import require_module

    sync_api = require_module("playwright.sync_api")
    outside, errors = [], []

    def route(request_route):
        if request_route.request.url.startswith(endpoint + "/"):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path),
                                    args=["--headless=new", "--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking", "--disable-component-update"])
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(endpoint + "/")
            page.locator("#named option").nth(20).wait_for(state="attached")  # (ad hoc) + the 20 named queries
            page.select_option("#named", "measures_of_pillar")
            assert "pkg:Pillar" in page.input_value("#editor")
            page.click("#run")
            page.locator("#status", has_text=re.compile(r"^\d+ rows$")).wait_for()
            header = page.eval_on_selector_all("#results tr:first-child th", "cells => cells.map(c => c.textContent)")
            rows = page.eval_on_selector_all("#results tr", "rows => rows.length") - 1
        finally:
            browser.close()
    assert header == ["identifier", "measure", "lead_agency", "start", "end", "pillar_no"]
    assert rows > 10
    assert outside == [] and errors == []


# -- the Protocol's dataset description (default-graph-uri, named-graph-uri) over two plans ------

AI = "ai-new-ten-major-constructions-2026-01"
NET_ZERO = "tw-2050-net-zero-pathway-2022-03-30"
MEASURES_AND_PLANS = ("SELECT (COUNT(DISTINCT ?m) AS ?measures) (COUNT(DISTINCT ?p) AS ?plans) "
                      "WHERE { { ?m a pkg:Measure } UNION { ?p a pkg:Plan } }")


def graph_iri(plan_id: str) -> str:
    from policykg.graph.namespaces import GRAPH_BASE

    return GRAPH_BASE + plan_id


@pytest.fixture(scope="module")
def two_plans(two_plan_workspace):
    """The base URL of a server over the workspace of both shipped plans, on a free port."""
    yield from served(two_plan_workspace, 60)


def ask(endpoint: str, query: str, fields: list[tuple[str, str]] = (), method: str = "GET") -> dict:
    """SPARQL JSON results of ``query`` with extra protocol fields (repeatable), by GET, form POST
    or ("direct") a POST of the query itself with the fields in the URL."""
    form = urllib.parse.urlencode([("query", query), *fields])
    headers = {"Accept": "application/sparql-results+json"}
    if method == "GET":
        request = urllib.request.Request(f"{endpoint}/sparql?{form}", headers=headers)
    elif method == "direct":
        request = urllib.request.Request(f"{endpoint}/sparql?{urllib.parse.urlencode(list(fields))}",
                                         data=query.encode(), method="POST",
                                         headers={**headers, "Content-Type": "application/sparql-query"})
    else:
        request = urllib.request.Request(f"{endpoint}/sparql", data=form.encode(), method="POST",
                                         headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def counts(result: dict) -> tuple[int, ...]:
    row = result["results"]["bindings"][0]
    return tuple(int(row[v]["value"]) for v in result["head"]["vars"])


@pytest.mark.parametrize("method", ["GET", "POST", "direct"])
def test_default_graph_uri_of_one_plan_counts_only_its_measures(two_plans, method):
    assert counts(ask(two_plans, MEASURES_AND_PLANS)) == (143, 2)  # no description: the union
    assert counts(ask(two_plans, MEASURES_AND_PLANS, [("default-graph-uri", graph_iri(AI))], method)) == (143, 1)
    assert counts(ask(two_plans, MEASURES_AND_PLANS, [("default-graph-uri", graph_iri(NET_ZERO))], method)) == (0, 1)


@pytest.mark.parametrize("method", ["GET", "POST", "direct"])
def test_several_default_graph_uris_are_merged(two_plans, method):
    targets = "SELECT (COUNT(DISTINCT ?t) AS ?targets) WHERE { ?t a pkg:Target }"
    one = [("default-graph-uri", graph_iri(AI))]
    both = [*one, ("default-graph-uri", graph_iri(NET_ZERO))]
    assert counts(ask(two_plans, targets, one, method)) == (65,)
    assert counts(ask(two_plans, targets, both, method)) == (65 + 116,)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_named_graph_uri_says_which_graphs_graph_can_see(two_plans, method):
    plans = "SELECT ?g WHERE { GRAPH ?g { ?p a pkg:Plan } } ORDER BY ?g"

    def graphs(fields):
        return [row["g"]["value"] for row in ask(two_plans, plans, fields, method)["results"]["bindings"]]

    assert graphs([]) == [graph_iri(AI), graph_iri(NET_ZERO)]
    assert graphs([("named-graph-uri", graph_iri(NET_ZERO))]) == [graph_iri(NET_ZERO)]
    assert graphs([("named-graph-uri", graph_iri(AI)), ("named-graph-uri", graph_iri(NET_ZERO))]) == \
        [graph_iri(AI), graph_iri(NET_ZERO)]
    # A description with only a default graph has no named graphs, and only named graphs an empty default graph.
    assert graphs([("default-graph-uri", graph_iri(AI))]) == []
    assert counts(ask(two_plans, MEASURES_AND_PLANS, [("named-graph-uri", graph_iri(AI))], method)) == (0, 0)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_add_default_graph_and_add_named_graph_scope_the_query(two_plans, method):
    wrapper = SPARQLWrapper(two_plans + "/sparql")
    wrapper.setQuery(MEASURES_AND_PLANS)
    wrapper.setReturnFormat(JSON)
    wrapper.setMethod(method)
    wrapper.addDefaultGraph(graph_iri(NET_ZERO))
    assert counts(wrapper.query().convert()) == (0, 1)
    wrapper.setQuery("SELECT ?g WHERE { GRAPH ?g { ?p a pkg:Plan } }")
    wrapper.addNamedGraph(graph_iri(AI))
    rows = wrapper.query().convert()["results"]["bindings"]
    assert [row["g"]["value"] for row in rows] == [graph_iri(AI)]


def test_the_description_overrides_from_and_without_one_from_is_kept(two_plans):
    from_ai = MEASURES_AND_PLANS.replace("WHERE", f"FROM <{graph_iri(AI)}> WHERE")
    assert counts(ask(two_plans, from_ai)) == (143, 1)  # was (143, 2): the union used to win over FROM
    assert counts(ask(two_plans, from_ai, [("default-graph-uri", graph_iri(NET_ZERO))])) == (0, 1)
    named = f"SELECT ?g FROM NAMED <{graph_iri(NET_ZERO)}> WHERE {{ GRAPH ?g {{ ?p a pkg:Plan }} }}"
    rows = ask(two_plans, named, [("named-graph-uri", graph_iri(AI))])["results"]["bindings"]
    assert [row["g"]["value"] for row in rows] == [graph_iri(AI)]


def test_an_unknown_graph_is_an_empty_graph_and_a_non_iri_a_400(two_plans):
    assert counts(ask(two_plans, MEASURES_AND_PLANS, [("default-graph-uri", "urn:policykg:no-such-graph")])) == (0, 0)
    with pytest.raises(urllib.error.HTTPError) as bad:
        ask(two_plans, MEASURES_AND_PLANS, [("default-graph-uri", "not an iri")])
    assert bad.value.code == 400
    assert bad.value.read().decode().splitlines() == [
        "default-graph-uri 'not an iri' is not an absolute IRI (Invalid IRI code point ' ')"]


@pytest.fixture(scope="module")
def served_store(two_plans):
    from policykg.stores.sparql_endpoint_store import SparqlEndpointStore

    return SparqlEndpointStore(f"{two_plans}/sparql")


def test_serve_lists_the_two_plans_as_an_endpoint_store(served_store):
    assert served_store.plan_ids == [AI, NET_ZERO]


@pytest.mark.parametrize("name", query_names())
def test_a_named_query_gives_the_same_rows_through_serve_as_on_the_embedded_store(served_store, two_plan_workspace,
                                                                                   name):
    assert_named_query_as_on_the_workspace(served_store, two_plan_workspace, name)


def test_query_endpoint_on_serve_prints_what_the_workspace_prints(served_store, two_plan_workspace):
    from click.testing import CliRunner

    from policykg.cli import cli

    runner = CliRunner()
    args = ["query", "measures_of_pillar", "-p", "pillar_no", "5", "--csv"]
    there = runner.invoke(cli, [*args, "--endpoint", served_store.url])
    here = runner.invoke(cli, [*args, "--workspace", str(two_plan_workspace.path)])
    assert there.exit_code == 0 and here.exit_code == 0, there.output + here.output
    assert there.output == here.output
    assert there.output.splitlines()[0] == "plan,identifier,measure,lead_agency,start,end"
    assert there.output.count(f"\n{AI},") == 35 and NET_ZERO not in there.output
