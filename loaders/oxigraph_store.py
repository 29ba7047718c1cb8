"""Oxigraph-backed SPARQL stores that researchers still use through rdflib.

rdflib's own SPARQL engine takes seconds per query on large graphs; Oxigraph (Rust) answers the
same queries in milliseconds. The store is wrapped by ``oxrdflib`` so the object handed out is
an ordinary ``rdflib.Graph`` / ``rdflib.Dataset`` (``graph.query(q, initBindings=...)`` works as
usual; avoid ``len(graph)`` on hot paths: it counts through a SPARQL query).

Loading goes straight into ``pyoxigraph`` (N-Quads serialised by rdflib, bulk-parsed by Oxigraph),
which is several times faster than adding triples one by one through rdflib.

Example
-------
>>> import policykg
>>> plan = policykg.load_plan()
>>> graph = plan_store(plan)
>>> q = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/policykg/ontology#Measure> }"
>>> int(next(iter(graph.query(q)))[0])
143
"""
from __future__ import annotations

import weakref

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

__all__ = ["oxigraph_graph", "oxigraph_dataset", "plan_store", "clear_cache"]

_cache: "weakref.WeakKeyDictionary[object, Graph]" = weakref.WeakKeyDictionary()


def _oxigraph_store(store: ox.Store):
    from oxrdflib.store import OxigraphStore

    return OxigraphStore(store=store)


def oxigraph_graph(graph: Graph) -> Graph:
    """Copy an rdflib graph into a new in-memory Oxigraph store; return it as an rdflib ``Graph``.

    The triples sit in Oxigraph's default graph.

    >>> from rdflib import URIRef
    >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> [str(r[0]) for r in oxigraph_graph(g).query("SELECT ?o WHERE { <urn:a> ?p ?o }")]
    ['urn:b']
    """
    store = ox.Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return Graph(store=_oxigraph_store(store), identifier=DATASET_DEFAULT_GRAPH_ID)


def oxigraph_dataset(dataset: Dataset) -> Dataset:
    """Copy every named graph of ``dataset`` into Oxigraph; SPARQL's default graph is their union.

    Use it for a corpus of plans loaded into one shared rdflib ``Dataset``.
    """
    store = ox.Store()
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return Dataset(store=_oxigraph_store(store), default_union=True)


def plan_store(plan) -> Graph:
    """The plan's union graph (plan graph + shared vocabularies) in Oxigraph, cached per plan object."""
    cached = _cache.get(plan)
    if cached is None:
        cached = oxigraph_graph(plan.union)
        _cache[plan] = cached
    return cached


def clear_cache() -> None:
    """Forget every cached store (e.g. after a plan object was changed in place)."""
    _cache.clear()
