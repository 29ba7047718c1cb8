"""SHACL validation of plan graphs against ``graph/shapes.ttl`` (pyshacl).

Example
-------
>>> import policykg
>>> result = validate_graph(policykg.load_plan().graph)
>>> result.conforms, result.violations
(True, 0)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph
from rdflib.namespace import SH

__all__ = ["ValidationResult", "ontology_graph", "shapes_graph", "validate_graph", "packaged_turtle"]


@dataclass(frozen=True)
class ValidationResult:
    """Outcome of a SHACL run: ``conforms``, the number of violations, and the text report."""

    conforms: bool
    violations: int
    report: str

    def __bool__(self) -> bool:
        return self.conforms


def packaged_turtle(name: str) -> Graph:
    """Parse one of the Turtle files shipped in ``policykg.graph`` (ontology, shapes, vocabularies)."""
    graph = Graph()
    graph.parse(data=(resources.files("policykg.graph") / name).read_text(encoding="utf-8"), format="turtle")
    return graph


@lru_cache(maxsize=None)
def ontology_graph() -> Graph:
    return packaged_turtle("ontology.ttl")


@lru_cache(maxsize=None)
def shapes_graph(name: str = "shapes.ttl") -> Graph:
    return packaged_turtle(name)


def validate_graph(graph: Graph, shapes: str = "shapes.ttl") -> ValidationResult:
    """Validate ``graph`` (with RDFS inference over the ontology) against a shapes file."""
    from pyshacl import validate

    conforms, report_graph, report_text = validate(
        graph,
        shacl_graph=shapes_graph(shapes),
        ont_graph=ontology_graph(),
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = len(set(report_graph.subjects(SH.resultSeverity, SH.Violation)))
    return ValidationResult(bool(conforms), violations, report_text)
