"""SHACL validation of plan graphs against ``graph/shapes.ttl`` (pyshacl), without range entailment.

The data is validated as it is, plus the types its ``rdfs:subClassOf`` axioms imply (so that
``sh:class pkg:Agency`` accepts a ``pkg:AgencyCollective``; :func:`add_superclass_types`). Nothing is inferred from
``rdfs:domain`` / ``rdfs:range``: with RDFS inference a range would *make* every object of a
property the required class, and ``sh:class`` could never fail.

SHACL-SPARQL constraints of node shapes are evaluated set-at-a-time in Oxigraph: one query per
constraint with ``$this`` left free, rows kept for the shape's focus nodes, instead of pyshacl's
one rdflib query per focus node (1,098 on the shipped plan). Core constraints run in pyshacl,
with property shapes hoisted to top level (same results, 4× faster).

Example
-------
>>> import policykg
>>> result = validate_graph(policykg.load_plan().union)
>>> result.conforms, result.violations
(True, 0)
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from policykg.graph.namespaces import RDF, RDFS

__all__ = [
    "ValidationResult", "Violation", "ontology_graph", "shapes_graph", "validate_graph", "packaged_turtle",
    "translated_queries_reused", "add_superclass_types", "RDF_FORMATS", "validate_file",
]

#: file suffix → rdflib parser name, for :func:`validate_file`
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
               ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: focus node, path, value, message and the constraint that reported it."""

    focus: Node
    path: Node | None
    value: Node | None
    message: str
    component: URIRef
    shape: Node
    severity: URIRef = SH.Violation


@dataclass(frozen=True)
class ValidationResult:
    """Outcome of a SHACL run: ``conforms``, the number of violations, a text report, the results."""

    conforms: bool
    violations: int
    report: str
    results: tuple[Violation, ...] = field(default=(), repr=False)

    def __bool__(self) -> bool:
        return self.conforms


def packaged_turtle(name: str) -> Graph:
    """Parse one of the Turtle files shipped in ``policykg.graph`` (ontology, shapes, vocabularies)."""
    return turtle_graph((resources.files("policykg.graph") / name).read_text(encoding="utf-8"))


_LANGUAGE_TAG = re.compile(r"""["']@([A-Za-z]+(?:-[A-Za-z0-9]+)*)""")


def turtle_graph(text: str) -> Graph:
    """Turtle text as an rdflib Graph, with the triples and prefixes rdflib's parser gives
    (parsed by pyoxigraph: see :func:`turtle_triples`).

    >>> g = turtle_graph('@prefix s: <urn:s#> . s:a s:label "甲"@zh-Hant , "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .')
    >>> sorted((str(o), o.language) for o in g.objects()), dict(g.namespaces())["s"]
    ([('1.50', None), ('甲', 'zh-Hant')], rdflib.term.URIRef('urn:s#'))
    """
    triples, prefixes = turtle_triples(text)
    graph = Graph()
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def turtle_triples(text: str, terms: dict | None = None) -> tuple[list, dict]:
    """(triples as rdflib terms, prefixes) of Turtle text: what rdflib's parser gives, parsed by
    pyoxigraph (twice as fast). ``terms``: a cache of converted terms to share between files.

    pyoxigraph writes language tags in lower case; each gets back the case the text writes it in.
    Text pyoxigraph rejects, or that writes one tag in two cases, is parsed by rdflib.
    """
    import pyoxigraph as ox

    from policykg.stores.oxigraph_store import rdflib_term

    written: dict[str, str] = {}
    for tag in _LANGUAGE_TAG.findall(text):
        if written.setdefault(tag.lower(), tag) != tag:
            return _rdflib_turtle(text)
    terms = {} if terms is None else terms

    def term(found):
        converted = terms.get(found)
        if converted is None:
            if isinstance(found, ox.Literal) and found.language:
                converted = Literal(found.value, lang=written[found.language])
            else:
                converted = rdflib_term(found)  # xsd:string as a plain literal, like rdflib's parser
            terms[found] = converted
        return converted

    try:
        parser = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return [(term(t.subject), term(t.predicate), term(t.object)) for t in parser], parser.prefixes
    except (SyntaxError, KeyError):  # not pyoxigraph's Turtle, or a tag the scan did not find as written
        return _rdflib_turtle(text)


def _rdflib_turtle(text: str) -> tuple[list, dict]:
    graph = Graph()
    graph.parse(data=text, format="turtle")
    return list(graph), {prefix: str(namespace) for prefix, namespace in graph.namespaces()}


@lru_cache(maxsize=None)
def ontology_graph() -> Graph:
    return packaged_turtle("ontology.ttl")


def shapes_graph(name: str = "shapes.ttl") -> Graph:
    """A packaged shapes file, parsed once (results name its blank-node property shapes)."""
    return _parsed(name)


@lru_cache(maxsize=None)
def _parsed(name: str) -> Graph:
    return packaged_turtle(name)


@lru_cache(maxsize=None)
def _ontology_superclasses() -> dict[Node, frozenset[Node]]:
    return _superclasses(ontology_graph().subject_objects(RDFS.subClassOf))


def _superclasses(pairs) -> dict[Node, frozenset[Node]]:
    """Every class's strict superclasses from ``(subclass, superclass)`` pairs (transitively)."""
    parents: dict[Node, set[Node]] = {}
    for sub, sup in pairs:
        parents.setdefault(sub, set()).add(sup)
    closure: dict[Node, frozenset[Node]] = {}
    for start in parents:
        seen: set[Node] = set()
        todo = list(parents[start])
        while todo:
            cls = todo.pop()
            if cls not in seen and cls != start:
                seen.add(cls)
                todo.extend(parents.get(cls, ()))
        closure[start] = frozenset(seen)
    return closure


def add_superclass_types(data: Graph) -> int:
    """Add ``?x a ?super`` for every ``?x a ?class`` and superclass of it (ontology's and the data's
    own ``rdfs:subClassOf``); return how many triples were added. No other entailment.

    >>> from rdflib import URIRef
    >>> g = Graph(); _ = g.add((URIRef("urn:x"), RDF.type, URIRef("https://w3id.org/policykg/ontology#AgencyCollective")))
    >>> add_superclass_types(g), (URIRef("urn:x"), RDF.type, URIRef("https://w3id.org/policykg/ontology#Agency")) in g
    (2, True)
    """
    own = list(data.subject_objects(RDFS.subClassOf))
    closure = _superclasses(list(ontology_graph().subject_objects(RDFS.subClassOf)) + own) if own \
        else _ontology_superclasses()
    before = len(data)
    for node, cls in list(data.subject_objects(RDF.type)):
        for sup in closure.get(cls, ()):
            data.add((node, RDF.type, sup))
    return len(data) - before


@contextmanager
def translated_queries_reused():
    """Reuse the parsed and translated form of each SPARQL text while pyshacl runs.

    pyshacl evaluates a SHACL-SPARQL constraint once per focus node with the same text and
    ``$this`` as an initial binding, and rdflib parses the text every time. The translated
    algebra is not changed by evaluation, so it is safe to reuse; the cache lives only for one
    validation. (Constraints this module evaluates set-at-a-time do not go through pyshacl.)
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


# -- SHACL-SPARQL constraints, set-at-a-time ------------------------------------------------

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass(frozen=True)
class _SparqlConstraint:
    shape: Node
    constraint: Node
    query: str
    message: str
    targets: tuple[tuple[URIRef, Node], ...]


def _prefix_header(shapes: Graph, constraint: Node) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _hoist_property_shapes(shapes: Graph) -> None:
    """Give each property shape of a top-level node shape that node shape's targets, in place.

    pyshacl validates a nested property shape once per focus node (14,556 shape runs on the
    shipped plan) but a targeted property shape once for all its focus nodes; the results are
    the same (a result's ``sh:sourceShape`` is the property shape either way), 4× faster.
    Node shapes used by other shapes (``sh:node``, ``sh:or``, …) are left as they are.
    """
    referenced = set(shapes.objects())
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(kind, t) for kind in _TARGETS for t in shapes.objects(node, kind)]
        if (node, RDF.type, RDFS.Class) in shapes:
            targets.append((SH.targetClass, node))
        if node in referenced or not targets or shapes.value(node, SH.deactivated) == Literal(True):
            continue
        for prop in list(shapes.objects(node, SH.property)):
            if prop in set(shapes.subjects(SH.property, None)) or any(shapes.value(prop, k) is not None for k in _TARGETS):
                continue
            shapes.remove((node, SH.property, prop))
            for kind, target in targets:
                shapes.add((prop, kind, target))


@lru_cache(maxsize=None)
def _prepared_shapes(name: str) -> tuple[Graph, tuple[_SparqlConstraint, ...]]:
    """The shapes pyshacl runs (property shapes hoisted, see :func:`_hoist_property_shapes`,
    without the SPARQL constraints evaluated here) and the SPARQL constraints evaluated here.

    A SPARQL constraint is evaluated here when it sits on a node shape and its query is a
    single SELECT (no sub-query); anything else stays with pyshacl.
    """
    shapes = shapes_graph(name)
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    taken: list[_SparqlConstraint] = []
    skip: set[tuple[Node, Node]] = set()
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = shapes.value(constraint, SH.select)
        is_property_shape = shapes.value(shape, SH.path) is not None
        if select is None or is_property_shape or str(select).upper().count("SELECT") != 1:
            continue
        skip.add((shape, constraint))
        if shapes.value(constraint, SH.deactivated) == Literal(True):
            continue
        targets = tuple((kind, t) for kind in _TARGETS for t in shapes.objects(shape, kind))
        if (shape, RDF.type, RDFS.Class) in shapes:
            targets += ((SH.targetClass, shape),)  # implicit class target
        message = str(shapes.value(constraint, SH.message) or shapes.value(shape, SH.message) or "")
        taken.append(_SparqlConstraint(shape, constraint, _prefix_header(shapes, constraint) + str(select),
                                       message, targets))
    for triple in shapes:
        if (triple[0], triple[2]) not in skip:
            core.add(triple)
    _hoist_property_shapes(core)
    return core, tuple(taken)


def _instances(data: Graph, cls: Node) -> set[Node]:
    """SHACL instances of ``cls``: typed with it or with one of its subclasses (in ``data``)."""
    classes = set(data.transitive_subjects(RDFS.subClassOf, cls))
    return {node for c in classes for node in data.subjects(RDF.type, c)}


def _focus_nodes(data: Graph, targets) -> set[Node]:
    nodes: set[Node] = set()
    for kind, target in targets:
        if kind == SH.targetClass:
            nodes |= _instances(data, target)
        elif kind == SH.targetNode:
            nodes.add(target)
        elif kind == SH.targetSubjectsOf:
            nodes |= set(data.subjects(target, None))
        else:
            nodes |= {o for o in data.objects(None, target) if not isinstance(o, Literal)}
    return nodes


def _rdflib_term(term) -> Node | None:
    """A pyoxigraph term as the rdflib term it was loaded from."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _sparql_violations(data: Graph, constraints) -> list[Violation]:
    """Run each constraint once over ``data`` (loaded into Oxigraph), keep rows of its focus nodes."""
    if not constraints:
        return []
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    found = []
    for constraint in constraints:
        focus = _focus_nodes(data, constraint.targets)
        for row in store.query(constraint.query):
            this = _rdflib_term(row["this"])
            if this is None or this not in focus:
                continue
            if _rdflib_term(row["failure"]) == Literal(True):
                raise RuntimeError(f"the SPARQL constraint of {constraint.shape} reported a failure")
            value = _rdflib_term(row["value"])
            found.append(Violation(this, _rdflib_term(row["path"]), this if value is None else value,
                                   constraint.message, SH.SPARQLConstraintComponent, constraint.shape))
    return found


# -- running a validation ---------------------------------------------------------------------

def _core_violations(report: Graph) -> list[Violation]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        found.append(Violation(
            report.value(result, SH.focusNode), report.value(result, SH.resultPath),
            report.value(result, SH.value), str(report.value(result, SH.resultMessage) or ""),
            report.value(result, SH.sourceConstraintComponent), report.value(result, SH.sourceShape),
            report.value(result, SH.resultSeverity) or SH.Violation,
        ))
    return found


def _term(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    if isinstance(node, BNode):
        return "_:" + str(node)
    return node.n3(graph.namespace_manager)


def format_report(violations, graph: Graph) -> str:
    """One line per result: ``focus  path  value: message`` (sorted, CURIEs where a prefix is bound)."""
    lines = sorted(
        f"{_term(graph, v.focus)}  {_term(graph, v.path)}  {_term(graph, v.value)}: {v.message}"
        for v in violations
    )
    return "\n".join(lines)


def validate_graph(graph: Graph, shapes: str = "shapes.ttl", copy: bool = True) -> ValidationResult:
    """Validate ``graph`` plus its superclass types against a shapes file.

    Validate a plan together with the vocabularies (``plan.union``): agencies' names live
    there. ``copy=False`` adds the superclass types to ``graph`` itself (for a throw-away graph).
    """
    from pyshacl import validate

    data = graph
    if copy:
        data = Graph()
        for prefix, namespace in graph.namespaces():
            data.bind(prefix, namespace, override=True)
        data += graph
    add_superclass_types(data)
    core, sparql = _prepared_shapes(shapes)
    with translated_queries_reused():
        _, report_graph, _ = validate(data, shacl_graph=core, inference="none", abort_on_first=False,
                                      allow_warnings=True, advanced=False)
    found = _core_violations(report_graph)
    found.extend(_sparql_violations(data, sparql))
    violations = sum(1 for v in found if v.severity == SH.Violation)
    return ValidationResult(violations == 0, violations, format_report(found, _names(data, shapes)), tuple(found))


def _names(data: Graph, shapes: str) -> Graph:
    """An empty graph with the prefixes of the shapes file, policykg's id space and the data."""
    from policykg.graph.namespaces import PKID

    names = Graph(bind_namespaces="none")
    for prefix, namespace in shapes_graph(shapes).namespaces():
        names.bind(prefix, namespace)
    names.bind("id", PKID)
    for prefix, namespace in data.namespaces():
        names.bind(prefix, namespace, override=False)
    return names


def validate_file(path, shapes: str = "shapes.ttl") -> ValidationResult:
    """Validate an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) with the shipped
    vocabularies (agencies, regions, technologies, references) its nodes point to.

    Every named graph of a TriG / N-Quads / JSON-LD file is validated together with the
    default graph, as one graph. A file that cannot be parsed raises
    :class:`~policykg.errors.PlanParseError` naming the file and, when the parser says, the line.
    """
    import re
    from pathlib import Path

    from rdflib import Dataset

    from policykg.errors import PlanParseError
    from policykg.graph.enrichment import vocabulary_graph

    path = Path(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PlanParseError(path, None, f"not an RDF file (expected one of {', '.join(sorted(RDF_FORMATS))})")
    dataset = Dataset()
    try:
        dataset.parse(path, format=fmt)
    except Exception as error:  # rdflib raises many types: BadSyntax, JSON, SAX, ValueError …
        text = " ".join(str(error).split())
        line = re.search(r"\bline (\d+)", text)
        raise PlanParseError(path, int(line.group(1)) if line else None,
                             f"not valid {fmt}: {text[:200]}") from None
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph += vocabulary_graph()
    return validate_graph(graph, shapes, copy=False)
