"""The agency collaboration network: agencies co-organizing a measure, with centralities.

Two agencies are linked when both are lead or co-organizing agencies of one measure
(``pkg:leadAgency`` / ``pkg:coOrganizingAgency``, registry IRIs); the edge weight is the number
of such measures and the edge keeps their identifiers as evidence. ``level="ministry"`` folds
every agency into its top ancestor (經濟部產發署 → 經濟部) before linking.

Example
-------
>>> import policykg
>>> edges = collaboration_edges(policykg.load_plan())
>>> list(edges.columns[:4])
['agency_a', 'agency_b', 'measures', 'identifiers']
>>> collaboration_centrality(policykg.load_plan(), level="ministry").iloc[0].agency
'經濟部'
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
import pandas as pd

from policykg.analysis.frames import entity_labels, measure_frame, plans_of

__all__ = ["EDGE_COLUMNS", "CENTRALITY_COLUMNS", "collaboration_graph", "collaboration_edges",
           "collaboration_centrality"]

EDGE_COLUMNS = ["agency_a", "agency_b", "measures", "identifiers", "pillars", "iri_a", "iri_b"]
CENTRALITY_COLUMNS = [
    "agency", "measures_led", "measures_co_organized", "partners", "weighted_degree", "degree_centrality",
    "betweenness", "pagerank", "iri",
]


def _ministry_map(iris) -> dict[str, str]:
    from policykg.loaders.agencies import AgencyRegistry

    registry = AgencyRegistry.load()
    out = {}
    for iri in iris:
        try:
            out[iri] = registry.ministry_of(iri) or iri
        except Exception:  # unresolved agencies (not in the registry) stay themselves
            out[iri] = iri
    return out


def collaboration_graph(source, level: str = "agency") -> nx.Graph:
    """An undirected ``networkx.Graph``: nodes = agency IRIs (attrs ``label``, ``led``, ``co``),
    edges with ``weight`` (shared measures), ``identifiers`` and ``pillars``."""
    if level not in ("agency", "ministry"):
        raise ValueError("level must be 'agency' or 'ministry'")
    frame = measure_frame(source)
    labels: dict[str, str] = {}
    for plan in plans_of(source):
        labels.update(entity_labels(plan))
    every = {a for agencies in frame["agencies"] for a in agencies}
    fold = _ministry_map(every) if level == "ministry" else {a: a for a in every}
    graph = nx.Graph()
    led: dict[str, int] = defaultdict(int)
    co: dict[str, int] = defaultdict(int)
    for row in frame.itertuples(index=False):
        leads = list(dict.fromkeys(fold[a] for a in row.lead_agencies))
        cos = list(dict.fromkeys(fold[a] for a in row.co_agencies if fold[a] not in leads))
        for a in leads:
            led[a] += 1
        for a in cos:
            co[a] += 1
        members = sorted(set(leads + cos))
        graph.add_nodes_from(members)
        identifier = row.identifier if frame["plan"].nunique() == 1 else f"{row.plan}:{row.identifier}"
        for a, b in combinations(members, 2):
            data = graph.get_edge_data(a, b) or {"weight": 0, "identifiers": [], "pillars": []}
            data["weight"] += 1
            data["identifiers"].append(identifier)
            if row.pillar not in data["pillars"]:
                data["pillars"].append(row.pillar)
            graph.add_edge(a, b, **data)
    for node in graph.nodes:
        graph.nodes[node].update(label=labels.get(node, node), led=led[node], co=co[node])
    return graph


def collaboration_edges(source, level: str = "agency") -> pd.DataFrame:
    """One row per collaborating agency pair (``EDGE_COLUMNS``), most shared measures first."""
    graph = collaboration_graph(source, level)
    rows = []
    for a, b, data in graph.edges(data=True):
        la, lb = graph.nodes[a]["label"], graph.nodes[b]["label"]
        if (la, a) > (lb, b):
            a, b, la, lb = b, a, lb, la
        rows.append({"agency_a": la, "agency_b": lb, "measures": data["weight"],
                     "identifiers": ";".join(data["identifiers"]), "pillars": ";".join(data["pillars"]),
                     "iri_a": a, "iri_b": b})
    out = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return out.sort_values(["measures", "agency_a", "agency_b"], ascending=[False, True, True], ignore_index=True)


def collaboration_centrality(source, level: str = "agency") -> pd.DataFrame:
    """One row per agency (``CENTRALITY_COLUMNS``): measures led / co-organized, partners, weighted
    degree, degree centrality, betweenness (unweighted) and PageRank (weighted; robust on a
    disconnected network);
    sorted by weighted degree, then measures led."""
    graph = collaboration_graph(source, level)
    degree = nx.degree_centrality(graph) if len(graph) > 1 else {n: 0.0 for n in graph}
    betweenness = nx.betweenness_centrality(graph)
    pagerank = nx.pagerank(graph, weight="weight") if len(graph) else {}
    rows = []
    for node, data in graph.nodes(data=True):
        rows.append({
            "agency": data["label"],
            "measures_led": data["led"],
            "measures_co_organized": data["co"],
            "partners": graph.degree(node),
            "weighted_degree": graph.degree(node, weight="weight"),
            "degree_centrality": round(degree.get(node, 0.0), 4),
            "betweenness": round(betweenness.get(node, 0.0), 4),
            "pagerank": round(pagerank.get(node, 0.0), 4),
            "iri": node,
        })
    out = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
    return out.sort_values(["weighted_degree", "measures_led", "agency"], ascending=[False, False, True],
                           ignore_index=True)
