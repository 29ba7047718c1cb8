"""One mapping from the RDF graph to a property graph, shared by networkx and Neo4j.

Rules (also in the README):

* every IRI typed with a ``pkg:`` class becomes a node; its labels are the local names of
  those classes (``pkg:Measure`` → ``Measure``); other types (``prov:Entity`` …) add no label;
* the IRI is the unique key ``iri``;
* a literal becomes a property named after the predicate in snake_case
  (``pkg:lineStart`` → ``line_start``); ``rdfs:label``/``skos:prefLabel``/``dcterms:title``
  become ``name_zh`` / ``name_en`` by language; several values become a list;
* an object property between two nodes becomes a relationship named in UPPER_SNAKE_CASE
  (``pkg:leadAgency`` → ``LEAD_AGENCY``); ``pkg:hasPart`` / ``pkg:partOf`` are left out
  because the specific relations (``HAS_PILLAR`` … ``HAS_EXECUTION_ITEM``) carry the same edges;
* an IRI object that is not a node (a concept such as ``pkg:Scheduled``) becomes a property
  holding its snake_case local name (``period_status = "scheduled"``).

Example
-------
>>> import policykg
>>> pg = project(policykg.load_plan().union)   # the plan with the agencies it names
>>> pg.nodes[next(iter(pg.nodes))]["iri"].startswith("https://w3id.org/policykg/")
True
>>> "LEAD_AGENCY" in pg.relationship_types
True
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from policykg.graph.namespaces import DCTERMS, PKG, RDF, RDFS, SKOS

__all__ = ["PropertyGraph", "project", "relationship_type", "property_name", "to_networkx"]

_NAME_PREDICATES = {RDFS.label: "name", SKOS.prefLabel: "name", DCTERMS.title: "title"}
_SKIPPED = {PKG.hasPart, PKG.partOf}


def _local(iri) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def relationship_type(predicate) -> str:
    """``pkg:leadAgency`` → ``LEAD_AGENCY``.

    >>> relationship_type(PKG.subOrganizationOf)
    'SUB_ORGANIZATION_OF'
    """
    return _snake(_local(predicate)).upper()


def property_name(predicate, lang: str | None = None) -> str:
    """``pkg:lineStart`` → ``line_start``; ``rdfs:label`` with ``zh-Hant`` → ``name_zh``.

    >>> property_name(PKG.lineStart), property_name(RDFS.label, "zh-Hant"), property_name(RDFS.label, "en")
    ('line_start', 'name_zh', 'name_en')
    """
    if predicate in _NAME_PREDICATES:
        base = _NAME_PREDICATES[predicate]
        return f"{base}_{lang.split('-')[0].lower()}" if lang else base
    if predicate == SKOS.altLabel:
        return "alt_labels"
    return _snake(_local(predicate))


def _python(literal: Literal):
    """Plain Python value for a property: numbers stay numbers, dates and others become text."""
    value = literal.toPython()
    if isinstance(value, Literal):
        return str(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(literal)


@dataclass
class PropertyGraph:
    """Nodes keyed by IRI (``labels`` + properties) and relationships (source, type, target)."""

    nodes: dict[str, dict] = field(default_factory=dict)
    labels: dict[str, list[str]] = field(default_factory=dict)
    relationships: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def relationship_types(self) -> set[str]:
        return {t for _, t, _ in self.relationships}

    @property
    def node_labels(self) -> set[str]:
        return {label for labels in self.labels.values() for label in labels}


def project(graph: Graph, allowed_labels: set[str] | None = None) -> PropertyGraph:
    """Project an RDF graph (or a Dataset's union) to a :class:`PropertyGraph`."""
    types: dict[URIRef, list[str]] = defaultdict(list)
    for s, t in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(t, URIRef) and str(t).startswith(str(PKG)):
            label = _local(t)
            if allowed_labels is None or label in allowed_labels:
                if label not in types[s]:
                    types[s].append(label)
    pg = PropertyGraph()
    for s in sorted(types):
        pg.nodes[str(s)] = {"iri": str(s)}
        pg.labels[str(s)] = sorted(types[s])
    multi: dict[tuple[str, str], list] = defaultdict(list)
    for s, p, o in graph:
        key = str(s)
        if key not in pg.nodes or p == RDF.type or p in _SKIPPED:
            continue
        if isinstance(o, Literal):
            multi[(key, property_name(p, o.language))].append(_python(o))
        elif isinstance(o, URIRef):
            if str(o) in pg.nodes:
                pg.relationships.append((key, relationship_type(p), str(o)))
            else:
                multi[(key, property_name(p))].append(_snake(_local(o)))
    for (key, name), values in multi.items():
        values = sorted(set(values), key=str)
        pg.nodes[key][name] = values[0] if len(values) == 1 else values
    pg.relationships.sort()
    return pg


def to_networkx(graph: Graph):
    """The projection as a ``networkx.MultiDiGraph`` (node attrs: properties + ``labels``; edge key: type)."""
    import networkx as nx

    pg = project(graph)
    g = nx.MultiDiGraph()
    for iri, props in pg.nodes.items():
        g.add_node(iri, labels=pg.labels[iri], **props)
    for source, rel, target in pg.relationships:
        g.add_edge(source, target, key=rel, type=rel)
    return g
