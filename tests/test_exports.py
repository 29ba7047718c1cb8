"""Exports for Gephi, Cytoscape, D3 and RDF tools re-read to the same graph."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import Graph

from policykg.errors import PolicyKGError
from policykg.loaders.exports import export_graph
from policykg.viz.maps import map_graph

MEASURE_1_1_1 = "https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01/pillar/1/strategy/1/measure/1"


@pytest.fixture(scope="module")
def property_graph(plan):
    return plan.to_networkx()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_reread_with_networkx_give_the_same_node_and_edge_counts(plan, property_graph, fmt, tmp_path):
    path = export_graph(plan, fmt, tmp_path / f"plan.{fmt}")
    reread = getattr(nx, f"read_{fmt}")(path)
    assert reread.number_of_nodes() == property_graph.number_of_nodes()
    assert reread.number_of_edges() == property_graph.number_of_edges()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_nodes_carry_type_pillar_and_label_for_gephi(plan, fmt, tmp_path):
    reread = getattr(nx, f"read_{fmt}")(export_graph(plan, fmt, tmp_path / f"plan.{fmt}"))
    assert all({"type", "pillar", "label"} <= set(d) for _, d in reread.nodes(data=True))
    measure = reread.nodes[MEASURE_1_1_1]
    assert (measure["type"], measure["pillar"], measure["label"]) == ("Measure", "1", "次世代數位醫療平臺計畫")
    assert measure["line_start"] == 436


def test_exported_map_view_rereads_to_the_views_counts(plan, tmp_path):
    view = map_graph(plan, view="agencies")
    reread = nx.read_gexf(export_graph(plan, "gexf", tmp_path / "agencies.gexf", view="agencies"))
    assert (reread.number_of_nodes(), reread.number_of_edges()) == (view.number_of_nodes(), view.number_of_edges())
    assert {d["type"] for _, d in reread.nodes(data=True)} == {"Agency"}


def test_node_link_json_has_d3_nodes_and_links(plan, property_graph, tmp_path):
    data = json.loads(export_graph(plan, "json", tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == property_graph.number_of_nodes()
    assert len(data["links"]) == property_graph.number_of_edges()
    measure = next(n for n in data["nodes"] if n["id"] == MEASURE_1_1_1)
    assert measure["type"] == "Measure" and measure["pillars"] == ["1"]


def test_ntriples_export_is_sorted_and_byte_identical_twice(plan, tmp_path):
    first = export_graph(plan, "nt", tmp_path / "a.nt").read_bytes()
    second = export_graph(plan, "nt", tmp_path / "b.nt").read_bytes()
    assert first == second
    lines = first.decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(plan.union)


@pytest.mark.parametrize("fmt, rdf_format", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_turtle_and_jsonld_reparse_to_the_plan_union(plan, fmt, rdf_format, tmp_path):
    path = export_graph(plan, fmt, tmp_path / f"plan.{fmt}")
    assert len(Graph().parse(path, format=rdf_format)) == len(plan.union)


def test_unknown_format_and_view_with_rdf_raise_policykg_errors(plan, tmp_path):
    with pytest.raises(PolicyKGError, match="unknown export format"):
        export_graph(plan, "xlsx", tmp_path / "x")
    with pytest.raises(PolicyKGError, match="--view applies to graph formats"):
        export_graph(plan, "ttl", tmp_path / "x.ttl", view="agencies")


def _node_table(graph):
    """{node: {attribute: text}}: GraphML/GEXF keep each attribute's type, compare the text."""
    return {str(n): {k: str(v) for k, v in d.items()} for n, d in graph.nodes(data=True)}


def _edge_multiset(graph, relationship):
    from collections import Counter

    return Counter((str(u), str(v), str(d.get(relationship, ""))) for u, v, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt, relationship", [("graphml", "type"), ("gexf", "relationship")])
def test_graphml_and_gexf_round_trip_every_node_edge_and_attribute(plan, property_graph, fmt, relationship, tmp_path):
    from policykg.loaders.exports import gephi_graph

    written = gephi_graph(property_graph)
    reread = getattr(nx, f"read_{fmt}")(export_graph(plan, fmt, tmp_path / f"plan.{fmt}"))
    assert _node_table(reread) == _node_table(written)
    assert _edge_multiset(reread, relationship) == _edge_multiset(written, "type")
    # every edge keeps its relationship type (GEXF reserves `type` for directed/undirected)
    assert all(d.get(relationship) for *_, d in reread.edges(data=True))


def _by_value(graph):
    """Triples with typed literals compared by value (``"40"`` and ``"40.0"`` are one decimal)."""
    from rdflib import Literal

    out = set()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None and o.value is not None:
            o = (o.datatype, o.value)
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("fmt, rdf_format", [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_rdf_exports_round_trip_to_exactly_the_plans_triples(plan, fmt, rdf_format, tmp_path):
    path = export_graph(plan, fmt, tmp_path / f"plan.{fmt}")
    reread = Graph().parse(path, format=rdf_format)
    assert _by_value(reread) == _by_value(plan.union)


def test_node_link_json_round_trips_the_property_graph(plan, property_graph, tmp_path):
    data = json.loads(export_graph(plan, "json", tmp_path / "plan.json").read_text(encoding="utf-8"))
    reread = nx.node_link_graph(data, edges="links", multigraph=True, directed=True)
    assert set(reread.nodes) == set(property_graph.nodes)
    assert _edge_multiset(reread, "type") == _edge_multiset(
        nx.MultiDiGraph([(u, v, {"type": k}) for u, v, k in property_graph.edges(keys=True)]), "type"
    )
