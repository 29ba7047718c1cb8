"""Fast RDF serialization through Oxigraph (Rust), with rdflib for readable Turtle.

rdflib's serializers take seconds for a plan; Oxigraph writes N-Triples, N-Quads, TriG and
JSON-LD in milliseconds once the terms are converted. Turtle stays with rdflib because its
output groups each subject's triples, which is what a person reading ``graph.ttl`` wants.

Example
-------
>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph()
>>> _ = g.add((URIRef("urn:b"), URIRef("urn:p"), Literal("乙"))).add((URIRef("urn:a"), URIRef("urn:p"), Literal("甲")))
>>> print(sorted_ntriples(g), end="")
<urn:a> <urn:p> "甲" .
<urn:b> <urn:p> "乙" .
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

__all__ = ["to_oxigraph_term", "oxigraph_quads", "serialize_quads", "sorted_ntriples"]


def to_oxigraph_term(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def oxigraph_quads(named_graphs: dict) -> list:
    """Quads of ``{graph IRI: rdflib Graph}`` as pyoxigraph quads."""
    quads = []
    cache: dict = {}

    def convert(term):
        found = cache.get(term)
        if found is None:
            found = cache[term] = to_oxigraph_term(term)
        return found

    for name, graph in named_graphs.items():
        context = ox.NamedNode(str(name)) if name is not None else ox.DefaultGraph()
        for s, p, o in graph:
            quads.append(ox.Quad(convert(s), convert(p), convert(o), context))
    return quads


def serialize_quads(quads: list, format: str) -> bytes:
    """Serialize quads as ``nquads``, ``trig`` or ``json-ld``; triples of them as ``nt``."""
    formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD}
    if format == "nt":
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(quads, format=formats[format])


def sorted_ntriples(graph: Graph) -> str:
    """N-Triples sorted line by line and de-duplicated: byte-identical for the same graph."""
    data = serialize_quads(oxigraph_quads({None: graph}), "nt").decode("utf-8")
    lines = sorted({line for line in data.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"
