"""Ad-hoc queries the way SPARQL and Cypher users expect (issue 11), through the CLI on a workspace.

Each test quotes the failing case of the issue it guards.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from policykg.cli import cli
from policykg.workspace import build_workspace

PKG = "https://w3id.org/policykg/ontology#"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A workspace of the shipped plan, built once for the module."""
    return build_workspace([], tmp_path_factory.mktemp("adhoc") / "ws")


def run(workspace, *args) -> str:
    result = CliRunner().invoke(cli, [*args, "--workspace", str(workspace.path)])
    assert result.exit_code == 0, result.output
    return result.output


def fail(workspace, *args) -> str:
    result = CliRunner().invoke(cli, [*args, "--workspace", str(workspace.path)])
    assert result.exit_code == 1, result.output
    return result.output


def test_order_by_limit_is_kept_not_re_sorted(workspace):
    """Issue: "`ORDER BY … LIMIT` results come back re-sorted"."""
    text = "SELECT ?n WHERE { ?p a pkg:Pillar ; pkg:ordinal ?n } ORDER BY DESC(?n) LIMIT 3"
    rows = json.loads(run(workspace, "sparql", text, "--json"))
    assert [row["n"] for row in rows] == [10, 9, 8]


def test_ask_prints_true_or_false(workspace):
    """Issue: "`ASK` and `CONSTRUCT` crash (`TypeError: 'NoneType' object is not iterable`)"."""
    assert run(workspace, "sparql", "ASK { ?p a pkg:Pillar ; pkg:ordinal ?n }", "-p", "n", "5") == "true\n"
    assert run(workspace, "sparql", "ASK { ?p a pkg:Pillar ; pkg:ordinal ?n }", "-p", "n", "11") == "false\n"
    assert workspace.sparql("ASK { ?p a pkg:Pillar ; pkg:ordinal 10 }") is True


CONSTRUCT = "CONSTRUCT { ?p pkg:ordinal ?n } WHERE { ?p a pkg:Pillar ; pkg:ordinal ?n }"


def test_construct_prints_turtle_with_the_usual_prefixes(workspace):
    text = run(workspace, "sparql", CONSTRUCT)
    assert "@prefix pkg: <https://w3id.org/policykg/ontology#> ." in text
    graph = Graph().parse(data=text, format="turtle")
    assert sorted(int(o) for o in graph.objects(None, URIRef(PKG + "ordinal"))) == list(range(1, 11))


@pytest.mark.parametrize("fmt, parser", [("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_in_other_formats(workspace, fmt, parser):
    graph = Graph().parse(data=run(workspace, "sparql", CONSTRUCT, "--format", fmt), format=parser)
    assert len(graph) == 10


def test_describe_prints_the_resource(workspace):
    text = "DESCRIBE ?p WHERE { ?p a pkg:Pillar ; pkg:ordinal 5 }"
    graph = Graph().parse(data=run(workspace, "sparql", text, "--format", "nt"), format="nt")
    subjects = set(graph.subjects(URIRef(PKG + "ordinal"), None))
    assert len(subjects) == 1 and len(graph) > 3


def test_an_undeclared_prefix_gives_the_whole_parser_message(workspace):
    """Issue: "an undeclared `pkg:` prefix gives a cut-off parser message"."""
    out = fail(workspace, "sparql", "SELECT ?x WHERE { ?x a nope:Thing }")
    assert out.startswith("error: SPARQL: ") and out.count("\n") == 1
    assert "nope" in out and "prefix" in out.lower()


def test_predefined_prefixes_need_no_declaration(workspace):
    rows = json.loads(run(workspace, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?p a pkg:Pillar ; rdfs:label ?l }",
                          "--json"))
    assert rows[0]["n"] >= 10


def test_an_empty_result_prints_its_header(workspace):
    """Issue: "an empty result prints no header"."""
    out = run(workspace, "sparql", "SELECT ?pillar ?ordinal WHERE { ?pillar a pkg:Pillar ; pkg:ordinal 99 }", "--csv")
    assert out.splitlines() == ["pillar,ordinal"]


def test_p_values_are_typed_the_same_in_sparql_and_cypher(workspace):
    """Issue: "`sparql -p n 5` binds the string "5"" (an integer); a quoted value forces a string."""
    sparql = "SELECT (STR(?label) AS ?name) WHERE { ?p a pkg:Pillar ; pkg:ordinal ?n ; rdfs:label ?label }"
    cypher = "MATCH (p:Pillar) WHERE p.ordinal = $n RETURN p.name_zh AS name"
    by_sparql = json.loads(run(workspace, "sparql", sparql, "-p", "n", "5", "--json"))
    by_cypher = json.loads(run(workspace, "cypher", cypher, "-p", "n", "5", "--json"))
    assert by_sparql == by_cypher == [{"name": "全球量子能力登頂"}]
    # "5" (quoted) is the string 5: no integer ordinal equals it, the text identifier does.
    assert json.loads(run(workspace, "sparql", sparql, "-p", "n", '"5"', "--json")) == []
    for engine, echo in (("sparql", "SELECT (?n AS ?v) {}"), ("cypher", "RETURN $n AS v")):
        assert json.loads(run(workspace, engine, echo, "-p", "n", "5", "--json")) == [{"v": 5}]
        assert json.loads(run(workspace, engine, echo, "-p", "n", '"5"', "--json")) == [{"v": "5"}]
        assert json.loads(run(workspace, engine, echo, "-p", "n", "2.5", "--json")) == [{"v": 2.5}]
    by_identifier = "SELECT (STR(?label) AS ?name) WHERE { ?p a pkg:Pillar ; dcterms:identifier ?n ; rdfs:label ?label }"
    assert json.loads(run(workspace, "sparql", by_identifier, "-p", "n", '"5"', "--json")) == by_sparql
