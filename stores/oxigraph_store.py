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

import re
import weakref

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

__all__ = ["evaluate", "oxigraph_graph", "oxigraph_dataset", "plan_store", "plan_version", "clear_cache", "term_value", "bound_term", "select", "sparql_prefixes", "rdflib_term", "rdflib_triples"]

_cache: "weakref.WeakKeyDictionary[object, tuple[tuple, Graph]]" = weakref.WeakKeyDictionary()


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


def plan_version(plan) -> tuple[int, int, int]:
    """Sizes of the plan graph, the vocabularies and the analysis graph: a cached store is stale once they change.

    Writing analysis edges (``write_dependencies``, ``write_overlaps``) into a plan after a first
    query changes its graph; the next query rebuilds the embedded stores instead of answering
    from the old copy.
    """
    from rdflib import URIRef

    from policykg.graph.namespaces import GRAPH_BASE, VOCABULARY_GRAPH

    return len(plan.graph), len(plan.rdf.graph(VOCABULARY_GRAPH)), len(plan.rdf.graph(URIRef(GRAPH_BASE + "analysis")))


def plan_store(plan) -> Graph:
    """The plan's union graph (plan graph + shared vocabularies) in Oxigraph, cached per plan object."""
    version = plan_version(plan)
    cached = _cache.get(plan)
    if cached is None or cached[0] != version:
        cached = _cache[plan] = (version, oxigraph_graph(plan.union))
    return cached[1]


def clear_cache() -> None:
    """Forget every cached store (e.g. after a plan object was changed in place)."""
    _cache.clear()


# -- pyoxigraph used directly (the workspace's persistent store) -------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def term_value(term):
    """A pyoxigraph term as plain Python: numbers as numbers, booleans as bool, everything else as text.

    >>> term_value(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    3
    >>> term_value(ox.NamedNode("urn:a"))
    'urn:a'
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype == _XSD + "decimal":
            from decimal import Decimal

            return Decimal(term.value)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(term.value)
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value if hasattr(term, "value") else str(term)


def bound_term(value):
    """A Python parameter value as the pyoxigraph literal it is bound to (int → xsd:integer, …)."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    return ox.Literal(str(value))


def sparql_prefixes() -> dict[str, str]:
    """Prefixes every ad-hoc query may use without declaring them (pkg, pkid, rdf, rdfs, xsd, skos, …)."""
    from policykg.graph.namespaces import PKID
    from policykg.loaders.rdf_serialization import output_prefixes

    return {**output_prefixes(), "pkid": str(PKID)}


_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def evaluate(store: ox.Store, text: str, params: dict | None = None, default_graph=None,
             union: bool = False, prefixes: dict | None = None):
    """Any SPARQL query form on a pyoxigraph store → its pyoxigraph result (solutions, boolean or triples).

    Parameters are bound as SEP-0007 substitutions, never pasted into the text. Oxigraph
    substitutes only projected variables; a parameter the SELECT does not project is bound by a
    trailing ``VALUES`` block of the serialised typed RDF term instead (still no user text pasted).

    >>> store = ox.Store()
    >>> bool(evaluate(store, "ASK { ?s ?p ?o }"))
    False
    >>> [s["m"].value for s in evaluate(store, "SELECT (?n + 1 AS ?m) {}", {"n": 4})]
    ['5']
    """
    terms = {k: bound_term(v) for k, v in (params or {}).items()}
    options = {"default_graph": default_graph, "use_default_graph_as_union": union and default_graph is None,
               "prefixes": prefixes}
    try:
        return store.query(text, substitutions={ox.Variable(k): t for k, t in terms.items()} or None, **options)
    except RuntimeError as error:
        if "SELECT projection" not in str(error):
            raise
    names = " ".join(f"?{k}" for k in terms if _VARIABLE.match(k))
    if len(names.split()) != len(terms):
        raise ValueError(f"not a SPARQL variable name: {sorted(terms)}")
    row = " ".join(str(t) for t in terms.values())
    return store.query(f"{text}\nVALUES ({names}) {{ ({row}) }}", **options)


def select(store: ox.Store, text: str, params: dict | None = None, default_graph=None,
           union: bool = False, prefixes: dict | None = None) -> tuple[list[str], list[dict]]:
    """SPARQL SELECT on a pyoxigraph store → (column names, rows of plain Python values).

    ``default_graph``: the graphs that form the query's default graph (e.g. one plan graph, the
    vocabularies and the plan's analysis edges); ``union``: all graphs. Parameters are bound as
    SEP-0007 substitutions, never pasted into the text.
    """
    result = evaluate(store, text, params, default_graph, union, prefixes)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("not a SELECT query")
    names = [v.value for v in result.variables]
    return names, [{name: term_value(solution[name]) for name in names} for solution in result]


def rdflib_term(term):
    """A pyoxigraph term as an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD + "string" else URIRef(datatype))


def rdflib_triples(store: ox.Store, graph_name):
    """The triples of one named graph of a pyoxigraph store as rdflib terms (terms converted once)."""
    from functools import lru_cache

    convert = lru_cache(maxsize=None)(rdflib_term)
    for quad in store.quads_for_pattern(None, None, None, graph_name):
        yield convert(quad.subject), convert(quad.predicate), convert(quad.object)
