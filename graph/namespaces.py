"""Namespaces of policykg: the ontology (``pkg:``), instances (``pkid:``) and named graphs.

Reused vocabularies come from rdflib (ORG, TIME, PROV, SKOS, SDO, DCTERMS).

>>> str(PKG.Measure)
'https://w3id.org/policykg/ontology#Measure'
>>> str(plan_graph_iri("x"))
'https://w3id.org/policykg/graph/x'
"""
from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib import namespace as _rdflib_namespaces

__all__ = [
    "PKG",
    "PKID",
    "GRAPH_BASE",
    "GEO",
    "VOCABULARY_GRAPH",
    "plan_graph_iri",
    "agency_iri",
    "bind_prefixes",
    "DCTERMS",
    "ORG",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SKOS",
    "TIME",
    "XSD",
]



class _Namespace(Namespace):
    """An rdflib Namespace that makes each attribute term once (``PKG.hasPart`` is read ~20,000
    times in one build; rdflib makes a new URIRef at every read).

    >>> ns = _Namespace("urn:x#")
    >>> ns.a is ns.a, ns.a == URIRef("urn:x#a"), ns["b"] == URIRef("urn:x#b")
    (True, True, True)
    """

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        object.__setattr__(self, name, term)
        return term


class _ClosedTerms:
    """One of rdflib's closed namespaces (``RDF``, ``SKOS`` …) whose terms are looked up once.

    rdflib resolves ``RDF.type`` through its namespace metaclass at every read (about 2 µs; a
    build reads it tens of thousands of times). A name the namespace does not define still
    raises ``AttributeError``; ``str()``, ``[]`` and ``in`` are the namespace's own.

    >>> RDF.type is RDF.type, RDF.type == URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    (True, True)
    >>> RDF.tpye
    Traceback (most recent call last):
    AttributeError: term 'tpye' not in namespace 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
    >>> str(SKOS), SKOS["prefLabel"] == SKOS.prefLabel, SKOS.prefLabel in SKOS
    ('http://www.w3.org/2004/02/skos/core#', True, True)
    """

    def __init__(self, namespace):
        object.__setattr__(self, "namespace", namespace)

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self.namespace, name)  # AttributeError for a term the namespace does not define
        object.__setattr__(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self.namespace[name]

    def __contains__(self, item) -> bool:
        return item in self.namespace

    def __str__(self) -> str:
        return str(self.namespace)

    def __repr__(self) -> str:
        return repr(self.namespace)


DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD = (
    _ClosedTerms(getattr(_rdflib_namespaces, name))
    for name in ("DCTERMS", "ORG", "PROV", "RDF", "RDFS", "SDO", "SKOS", "TIME", "XSD"))

PKG = _Namespace("https://w3id.org/policykg/ontology#")
PKID = _Namespace("https://w3id.org/policykg/id/")
GRAPH_BASE = "https://w3id.org/policykg/graph/"
GEO = _Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
#: named graph holding the shared vocabularies (agencies, regions, technologies, references)
VOCABULARY_GRAPH = URIRef(GRAPH_BASE + "vocabularies")


def plan_graph_iri(plan_id: str) -> URIRef:
    """The named graph of one plan."""
    return URIRef(GRAPH_BASE + plan_id)


def agency_iri(name: str) -> URIRef:
    """IRI of an agency from its canonical Chinese name (shared by all plans).

    >>> str(agency_iri("國科會"))
    'https://w3id.org/policykg/id/agency/%E5%9C%8B%E7%A7%91%E6%9C%83'
    """
    return URIRef(PKID + "agency/" + quote(name, safe=""))


def bind_prefixes(graph) -> None:
    """Bind the prefixes used in policykg output (for readable Turtle)."""
    for prefix, ns in (
        ("pkg", PKG),
        ("pkid", PKID),
        ("org", ORG),
        ("time", TIME),
        ("prov", PROV),
        ("skos", SKOS),
        ("schema", SDO),
        ("dcterms", DCTERMS),
        ("geo", GEO),
    ):
        graph.bind(prefix, ns.namespace if isinstance(ns, _ClosedTerms) else ns, override=True)
