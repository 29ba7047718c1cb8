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
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

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
        graph.bind(prefix, ns, override=True)
