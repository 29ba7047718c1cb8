"""Every constraint of graph/shapes.ttl can fail: one planted fault per constraint.

The faults are data (tests/fixtures/validation_mutations.tsv). They are planted in copies of
the graph built from the shipped plan, several per copy on different nodes, and each must be
reported with its focus node, path and constraint. The list of constraints is read from
shapes.ttl: a constraint without a planted fault fails the coverage test.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.util import from_n3

from policykg.graph.validate import ValidationResult, shapes_graph, validate_graph

FIXTURE = Path(__file__).parent / "fixtures" / "validation_mutations.tsv"
COMPONENTS = ["minCount", "maxCount", "class", "datatype", "pattern", "minInclusive", "maxInclusive",
              "minExclusive", "maxExclusive", "minLength", "maxLength", "in", "or", "and", "not", "xone",
              "node", "hasValue", "lessThan", "lessThanOrEquals", "equals", "disjoint", "nodeKind",
              "uniqueLang", "languageIn", "qualifiedValueShape"]


@dataclass(frozen=True)
class Mutation:
    shape: str
    path: str
    constraint: str
    focus: str
    fault: str


def _mutations() -> list[Mutation]:
    lines = [line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    assert header == ["shape", "path", "constraint", "focus", "fault"]
    return [Mutation(*line.split("\t")) for line in lines[1:]]


MUTATIONS = _mutations()


def _curie(graph: Graph, node) -> str:
    return graph.namespace_manager.normalizeUri(node)


def _sparql_key(shapes: Graph, constraint) -> str:
    return "sparql: " + " ".join(str(shapes.value(constraint, SH.message)).split()[:6])


def constraints_of_shapes() -> set[tuple[str, str, str]]:
    """(node shape, path, component) for every constraint of shapes.ttl; SPARQL ones by message."""
    shapes = shapes_graph()
    found = set()
    for node in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node, SH.property):
            path = _curie(shapes, shapes.value(prop, SH.path))
            found |= {(_curie(shapes, node), path, c) for c in COMPONENTS if (prop, SH[c], None) in shapes}
        found |= {(_curie(shapes, node), "-", c) for c in COMPONENTS if (node, SH[c], None) in shapes}
        found |= {(_curie(shapes, node), "sparql", _sparql_key(shapes, c)) for c in shapes.objects(node, SH.sparql)}
    return found


def _key(mutation: Mutation) -> tuple[str, str, str]:
    if mutation.constraint.startswith("sparql: "):
        return (mutation.shape, "sparql", mutation.constraint)
    return (mutation.shape, mutation.path, mutation.constraint)


def test_every_constraint_of_the_shapes_has_a_planted_fault_and_every_fault_a_constraint():
    planted = {_key(m) for m in MUTATIONS}
    constraints = constraints_of_shapes()
    assert sorted(constraints - planted) == [], "constraints no planted fault trips"
    assert sorted(planted - constraints) == [], "faults for constraints shapes.ttl does not have"


# -- planting faults ------------------------------------------------------------------------------

class Planter:
    """Applies the faults of the fixture to one graph, each on a node not yet used for that path."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.used: set[tuple] = set()
        self.touched_nodes: set = set()
        self.minted: set = set()

    def term(self, text: str):
        return None if text == "-" else from_n3(text, nsm=shapes_graph().namespace_manager)

    def _candidates(self, focus: str, predicate, must_have: bool) -> list:
        parts = focus.split()
        nodes = set(self.graph.subjects(RDF.type, self.term(parts[0])))
        if len(parts) == 3:
            nodes = {n for n in nodes if (n, self.term(parts[1]), self.term(parts[2])) in self.graph}
        nodes -= self.minted
        having = sorted(n for n in nodes if (n, predicate, None) in self.graph)
        return having if must_have else having + sorted(nodes - set(having))

    def value(self, focus_node, predicate, spec: str):
        g = self.graph
        if spec.startswith("a "):
            cls = self.term(spec[2:])
            return min(n for n in g.subjects(RDF.type, cls) if n != focus_node)
        if spec.startswith(("same ", "after ")):
            base = g.value(focus_node, self.term(spec.split()[1])).toPython()
            return Literal(base if spec.startswith("same ") else base + 1)
        if spec == "another":
            current = g.value(focus_node, predicate)
            if isinstance(current, Literal):
                number = current.toPython()
                if isinstance(number, (int, Decimal)) and not isinstance(number, bool):
                    return Literal(number + 1, datatype=current.datatype)
                return Literal(f"{current}·2", lang=current.language, datatype=current.datatype)
            if current is None:
                return Literal("another")
            types = set(g.objects(current, RDF.type))
            others = sorted(n for t in types for n in g.subjects(RDF.type, t) if n != current)
            if others:
                return others[0]
            fresh = URIRef(f"urn:policykg:test:another-{len(self.minted)}")
            self.minted.add(fresh)
            for t in types:
                g.add((fresh, RDF.type, t))
            return fresh
        term = self.term(spec)
        return Literal(Decimal(spec)) if isinstance(term, Literal) and term.datatype and "." in spec else term

    def plant(self, mutation: Mutation) -> URIRef | None:
        """Plant ``mutation`` on a fresh node (or None if every candidate is used in this graph)."""
        actions = [a.split(maxsplit=2) for a in mutation.fault.split(" ; ")]
        predicates = {self.term(a[1]) for a in actions}
        expected = self.term(mutation.path) or RDF.type
        must_have = actions[0][0] == "remove" or any(a[2].startswith(("same ", "after ")) for a in actions if len(a) > 2)
        candidates = self._candidates(mutation.focus, self.term(actions[0][1]), must_have)
        fresh = [n for n in candidates if n not in self.touched_nodes]
        shared = [n for n in candidates if not {(n, p) for p in predicates | {expected}} & self.used]
        for node in fresh[:1] or shared[:1]:
            keys = {(node, p) for p in predicates | {expected}}
            self.used |= keys
            self.touched_nodes.add(node)
            for verb, predicate, *rest in actions:
                predicate = self.term(predicate)
                value = self.value(node, predicate, rest[0]) if rest else None
                if verb in ("remove", "set"):
                    self.graph.remove((node, predicate, None))
                if verb in ("set", "add"):
                    self.graph.add((node, predicate, value))
            return node
        return None


def _reported(result: ValidationResult, shapes: Graph, graph: Graph) -> set[tuple]:
    """(focus, path, constraint key) of every result. A property shape shared by several node
    shapes (pkgsh:BaselineValue) counts for those whose target class the focus node has."""
    parents: dict = {}
    for node, prop in shapes.subject_objects(SH.property):
        parents.setdefault(prop, []).append(node)

    def parent(shape, focus):
        nodes = parents.get(shape, [shape])
        if len(nodes) == 1:
            return nodes
        types = set(graph.objects(focus, RDF.type))
        return [n for n in nodes if set(shapes.objects(n, SH.targetClass)) & types] or nodes

    sparql = {(node, str(shapes.value(c, SH.message))): _sparql_key(shapes, c) for node, c in shapes.subject_objects(SH.sparql)}
    reported = set()
    for v in result.results:
        path = _curie(shapes, v.path) if v.path is not None else "-"
        if v.component == SH.SPARQLConstraintComponent:
            reported.add((v.focus, path, (_curie(shapes, v.shape), "sparql", sparql[(v.shape, v.message)])))
        else:
            component = str(v.component).split("#")[-1].removesuffix("ConstraintComponent")
            component = component[0].lower() + component[1:]
            for node in parent(v.shape, v.focus):
                reported.add((v.focus, path, (_curie(shapes, node), path, component)))
    return reported


@pytest.fixture(scope="module")
def both_plans(plan):
    """The shipped plan's graph with the net-zero prose plan's (whose divisions and issuing
    agencies the AI plan does not have), and the vocabularies."""
    import policykg

    net_zero = policykg.load_plan(policykg.default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf"))
    union = plan.union
    union += net_zero.graph
    return union


def _copy(graph: Graph) -> Graph:
    """A fresh copy to plant one round of faults in (with the same prefixes)."""
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    copy += graph
    return copy


def test_both_shipped_plans_conform_with_no_result_at_all(both_plans):
    result = validate_graph(_copy(both_plans))
    assert (result.conforms, result.violations, result.results) == (True, 0, ())


@pytest.fixture(scope="module")
def planted_runs(both_plans):
    """Rounds of (result, [(mutation, focus node)], mutated graph) until every fault is planted."""
    pending, runs = list(MUTATIONS), []
    while pending:
        planter, planted, left = Planter(_copy(both_plans)), [], []
        for mutation in pending:
            node = planter.plant(mutation)
            (planted.append((mutation, node)) if node is not None else left.append(mutation))
        assert planted, f"cannot plant {left[0]}"
        runs.append((validate_graph(planter.graph), planted, planter.graph))
        pending = left
    return runs


def test_the_built_plan_conforms_with_no_result_at_all(plan):
    result = validate_graph(plan.union)
    assert (result.conforms, result.violations, result.results) == (True, 0, ())


@pytest.mark.slow
def test_every_planted_fault_is_reported_at_its_node_path_and_constraint(planted_runs):
    shapes = shapes_graph()
    missed = []
    for result, planted, graph in planted_runs:
        assert not result.conforms
        reported = _reported(result, shapes, graph)
        for mutation, node in planted:
            if (node, mutation.path, _key(mutation)) not in reported:
                missed.append((mutation, str(node)))
    assert missed == []
    assert len(planted_runs) <= 6  # several faults share one validation


@pytest.mark.slow
def test_the_faults_quoted_in_issue_10_are_reported(planted_runs):
    """pillarLeadAgency → a Strategy, a Measure's hasPeriod → an Agency, leadAgency → a Period,
    a malformed date: each conformed before (RDFS range inference, or no class constraint)."""
    shapes = shapes_graph()
    quoted = {
        ("pkgsh:PillarShape", "pkg:pillarLeadAgency", "class", "set pkg:pillarLeadAgency a pkg:Strategy"),
        ("pkgsh:HasPeriodLinkShape", "pkg:hasPeriod", "class", "set pkg:hasPeriod a pkg:Agency"),
        ("pkgsh:LeadAgencyLinkShape", "pkg:leadAgency", "class", "set pkg:leadAgency a pkg:Period"),
        ("pkgsh:PeriodShape", "pkg:start", "or", 'set pkg:start "2025-13"^^xsd:gYearMonth'),
    }
    seen = set()
    for result, planted, _ in planted_runs:
        messages = {(v.focus, _curie(shapes, v.path)): v.message for v in result.results if v.path is not None}
        for mutation, node in planted:
            row = (mutation.shape, mutation.path, mutation.constraint, mutation.fault)
            if row in quoted:
                assert (node, mutation.path) in messages, row
                seen.add(row)
    assert seen == quoted


def test_each_constraint_kind_is_planted_at_least_once():
    kinds = Counter(m.constraint.split(":")[0] for m in MUTATIONS)
    assert {"minCount", "maxCount", "class", "datatype", "pattern", "minInclusive", "minLength", "in", "or",
            "lessThan", "lessThanOrEquals", "sparql"} <= set(kinds)


@pytest.mark.slow
def test_fast_validation_reports_what_plain_pyshacl_reports(planted_runs):
    """Hoisted property shapes and set-at-a-time SPARQL give pyshacl's own results, on the graph
    with the most planted faults (pyshacl run as documented: shapes.ttl as written, no inference)."""
    from pyshacl import validate

    from policykg.graph.validate import add_superclass_types

    result, _, graph = planted_runs[0]
    data = Graph()
    data += graph
    add_superclass_types(data)
    _, report, _ = validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True)
    plain = {(report.value(r, SH.focusNode), report.value(r, SH.resultPath), str(report.value(r, SH.resultMessage)))
             for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert {(v.focus, v.path, v.message) for v in result.results} == plain
    assert len(plain) > 150
