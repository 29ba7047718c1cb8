"""Facts found inside texts, added to the graph: agencies resolved against the registry,
KPI targets and money, regions, technologies and references to other plans and laws.

An enricher is a callable ``(builder, owner, text, span, *, narrative)`` that adds nodes linked
from ``owner`` (a plan, pillar, strategy, measure or highlight IRI). ``narrative`` is True for
the plan's background chapters (前言 …): their quantities report results, not targets, and
their place and technology names describe the world, not the plan's own work.
"""
from __future__ import annotations

from functools import lru_cache, partial

from rdflib import Graph, Literal, URIRef

from policykg.graph.build import AMOUNT_KIND, integer_literal
from policykg.graph.namespaces import PKG, RDF, SDO, XSD
from policykg.graph.validate import turtle_triples
from policykg.loaders.agencies import AgencyRegistry
from policykg.loaders.mentions import (
    VocabularyLabel,
    VocabularyMatcher,
    region_graph,
    region_matcher,
    technology_graph,
    technology_matcher,
)
from policykg.loaders.quantities import extract_money, extract_quantities
from policykg.loaders.references import ReferenceRegistry

__all__ = [
    "quantities_enricher",
    "regions_enricher",
    "technologies_enricher",
    "references_enricher",
    "agency_text_matcher",
    "agencies_enricher",
    "agency_registry",
    "reference_registry",
    "vocabulary_graph",
    "vocabulary_types",
    "PackagedVocabularies",
    "VOCABULARY_FILES",
    "vocabulary_turtle",
    "default_enrichers",
]

_REFERENCE_RELATION = {
    "references": PKG.references,
    "buildsOn": PKG.buildsOn,
    "alignsWith": PKG.alignsWith,
    "mergedInto": PKG.mergedInto,
}


@lru_cache(maxsize=1)
def agency_registry() -> AgencyRegistry:
    """The packaged agency registry (graph/agencies.ttl), loaded once."""
    return AgencyRegistry.load()


@lru_cache(maxsize=1)
def reference_registry() -> ReferenceRegistry:
    """The packaged registry of plans and laws (graph/references.ttl), loaded once."""
    return ReferenceRegistry.load()


#: the packaged Turtle files of the vocabulary graph
VOCABULARY_FILES = ("agencies.ttl", "regions.ttl", "technologies.ttl", "references.ttl")


def vocabulary_turtle() -> list[bytes]:
    """The packaged vocabulary files (:data:`VOCABULARY_FILES`) as Turtle bytes, for a store's bulk loader."""
    from importlib import resources

    folder = resources.files("policykg.graph")
    return [(folder / name).read_bytes() for name in VOCABULARY_FILES]


@lru_cache(maxsize=1)
def vocabulary_graph() -> Graph:
    """Agencies, regions, technologies and references as one graph (shared by all plans):
    the triples of :data:`VOCABULARY_FILES` (no prefixes bound but rdflib's own)."""
    graph, terms = Graph(), {}
    for data in vocabulary_turtle():
        graph.addN((s, p, o, graph) for s, p, o in turtle_triples(data.decode("utf-8"), terms)[0])
    return graph


@lru_cache(maxsize=1)
def vocabulary_types() -> dict[str, frozenset]:
    """IRI → the ``rdf:type`` classes the packaged vocabularies give it (those of
    :func:`vocabulary_graph`, read without making that graph: a plan's build counts its nodes by them).

    >>> sorted(str(c) for c in vocabulary_types()["https://w3id.org/policykg/id/region/taipei-city"])
    ['http://www.w3.org/2004/02/skos/core#Concept', 'https://schema.org/Place', 'https://w3id.org/policykg/ontology#Region']
    """
    import pyoxigraph as ox

    rdf_type = ox.NamedNode(str(RDF.type))
    found: dict[str, set] = {}
    for data in vocabulary_turtle():
        for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
            if t.predicate == rdf_type and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode):
                found.setdefault(t.subject.value, set()).add(URIRef(t.object.value))
    return {iri: frozenset(classes) for iri, classes in found.items()}


class PackagedVocabularies:
    """The vocabulary graphs of a plan built without a dataset: the packaged graph
    (:func:`vocabulary_graph`, made only when something asks for it) and a researcher's ``extra`` graphs."""

    def __init__(self, extra=()):
        self.extra = tuple(extra)

    def graphs(self) -> list[Graph]:
        return [vocabulary_graph(), *self.extra]

    def types_of(self, iri) -> set:
        """The classes the vocabularies give ``iri`` (an rdflib IRI)."""
        found = set(vocabulary_types().get(str(iri), ()))
        for graph in self.extra:
            found.update(graph.objects(iri, RDF.type))
        return found


def quantities_enricher(builder, owner: URIRef, text: str, span, *, narrative: bool = False) -> None:
    """Money amounts everywhere; KPI targets except in background chapters."""
    for money in extract_money(text):
        node = builder.next_iri(owner, "amount")
        builder.add(owner, PKG.hasBudget, node)
        builder.add(node, RDF.type, PKG.MonetaryAmount)
        builder.add(node, SDO.value, Literal(money.value, datatype=XSD.decimal))
        builder.add(node, SDO.currency, Literal(money.currency))
        builder.add(node, PKG.amountKind, AMOUNT_KIND.get(money.kind, PKG.OtherAmount))
        builder.add(node, PKG.mentionText, Literal(money.text))
        if money.qualifier:
            builder.add(node, PKG.qualifier, Literal(money.qualifier))
        if money.deadline:
            builder.add(node, PKG.deadline, Literal(money.deadline, datatype=XSD.gYear))
        _add_range_and_baseline(builder, node, money)
        builder.provenance(node, span)
    if narrative:
        return
    for quantity in extract_quantities(text):
        node = builder.next_iri(owner, "target")
        builder.add(owner, PKG.hasTarget, node)
        builder.add(node, RDF.type, PKG.Target)
        builder.add(node, SDO.value, Literal(quantity.value, datatype=XSD.decimal))
        builder.add(node, SDO.unitText, Literal(quantity.unit))
        builder.add(node, PKG.mentionText, Literal(quantity.text))
        if quantity.qualifier:
            builder.add(node, PKG.qualifier, Literal(quantity.qualifier))
        if quantity.deadline:
            builder.add(node, PKG.deadline, Literal(quantity.deadline, datatype=XSD.gYear))
        _add_range_and_baseline(builder, node, quantity)
        builder.provenance(node, span)


def _add_range_and_baseline(builder, node: URIRef, fact) -> None:
    """schema:minValue / schema:maxValue of a range (「40~55GW」) and the baseline of a change
    (「由 2021 年 97.4%，降至 …」: pkg:baselineValue, pkg:baselineYear)."""
    if fact.min_value is not None:
        builder.add(node, SDO.minValue, Literal(fact.min_value, datatype=XSD.decimal))
        builder.add(node, SDO.maxValue, Literal(fact.max_value, datatype=XSD.decimal))
    if fact.baseline_value is not None:
        builder.add(node, PKG.baselineValue, Literal(fact.baseline_value, datatype=XSD.decimal))
        if fact.baseline_year:
            builder.add(node, PKG.baselineYear, Literal(fact.baseline_year, datatype=XSD.gYear))


def _concept_mention(builder, owner: URIRef, concept: str, text: str, start: int, end: int, span) -> None:
    """Evidence for an owner → concept edge: one node per (owner, concept), first occurrence kept."""
    seen = builder.state.get("mentions")
    if seen is None:
        seen = builder.state["mentions"] = {}
        builder.finishers.append(_add_occurrences)
    key = (owner, concept)
    if key in seen:
        seen[key][1] += 1
        return
    node = builder.next_iri(owner, "mention")
    seen[key] = [node, 1]
    builder.add(owner, PKG.hasConceptMention, node)
    builder.add(node, RDF.type, PKG.ConceptMention)
    builder.add(node, PKG.mentionOf, URIRef(concept))
    builder.add(node, PKG.mentionText, Literal(text))
    builder.add(node, PKG.charStart, integer_literal(start))
    builder.add(node, PKG.charEnd, integer_literal(end))
    builder.provenance(node, span)


def _add_occurrences(builder) -> None:
    for node, count in builder.state["mentions"].values():
        builder.add(node, PKG.occurrences, integer_literal(count))


@lru_cache(maxsize=1)
def _sites() -> frozenset[str]:
    return frozenset(str(s) for s in region_graph().subjects(PKG.regionType, PKG.Site))


def regions_enricher(builder, owner: URIRef, text: str, span, *, narrative: bool = False) -> None:
    """``locatedIn`` for named sites and parks, ``targetsRegion`` for every other region."""
    if narrative:
        return
    for mention in region_matcher().find(text):
        prop = PKG.locatedIn if mention.concept_iri in _sites() else PKG.targetsRegion
        builder.add(owner, prop, URIRef(mention.concept_iri))
        _concept_mention(builder, owner, mention.concept_iri, mention.text, mention.start, mention.end, span)


def technologies_enricher(builder, owner: URIRef, text: str, span, *, narrative: bool = False, matcher=None) -> None:
    """``usesTechnology`` for every technology named in the text (longest match); ``matcher``
    defaults to the packaged technologies (a :class:`~policykg.loaders.domain_vocabularies.DomainVocabulary`
    brings its own)."""
    if narrative:
        return
    for mention in (matcher or technology_matcher()).find(text):
        builder.add(owner, PKG.usesTechnology, URIRef(mention.concept_iri))
        _concept_mention(builder, owner, mention.concept_iri, mention.text, mention.start, mention.end, span)


def references_enricher(builder, owner: URIRef, text: str, span, *, narrative: bool = False) -> None:
    """``references`` (or ``buildsOn`` / ``alignsWith`` where a cue word says so).

    ``mergedInto`` points from the cited programme to the owner (「…3.0 … 併入本方案」: the
    programme is merged into the plan). A measure named exactly like a registered programme is
    that programme, not a citation of it, so that mention is skipped.
    """
    own_name = builder.names.get(owner)
    for mention in reference_registry().find(text):
        ref = URIRef(mention.ref_iri)
        if own_name is not None and mention.start == 0 and mention.end == len(own_name):
            continue
        builder.add(owner, PKG.references, ref)
        if mention.relation == "mergedInto":
            builder.add(ref, PKG.mergedInto, owner)
        elif mention.relation != "references":
            builder.add(owner, _REFERENCE_RELATION[mention.relation], ref)
        _concept_mention(builder, owner, mention.ref_iri, mention.text, mention.start, mention.end, span)


@lru_cache(maxsize=1)
def agency_text_matcher() -> VocabularyMatcher:
    """Matcher of agency names in free text: full names, names and abbreviations of the registry
    that name one body only (bare unit names such as 資訊處 and collectives such as 相關部會 are
    left out: they need a table cell's context)."""
    registry = agency_registry()
    owners: dict[str, set[str]] = {}
    for agency in registry:
        if agency.is_collective:
            continue
        names = {agency.full_name, *agency.alt_labels}
        if agency.agency_type != str(PKG.Department):
            names.add(agency.label_zh)
        for name in names:
            if len(name) >= 2:
                owners.setdefault(name, set()).add(agency.iri)
    labels = [VocabularyLabel(next(iter(iris)), name, "zh-Hant", "prefLabel")
              for name, iris in sorted(owners.items()) if len(iris) == 1]
    return VocabularyMatcher(labels)


def agencies_enricher(builder, owner: URIRef, text: str, span, *, narrative: bool = False) -> None:
    """``mentionsAgency`` for every agency named in the free text of a prose plan's division.

    Measures-table plans name their agencies in the agency columns, so only division owners
    (parts, sections, sectors, key strategies) are mined.
    """
    if owner not in builder.divisions:
        return
    for mention in agency_text_matcher().find(text):
        if mention.text.endswith("部") and text[mention.end:mention.end + 1] == "門":
            continue  # 「農業部門」「環境部門」 name a sector, not 農業部 / 環境部
        builder.add(owner, PKG.mentionsAgency, URIRef(mention.concept_iri))
        _concept_mention(builder, owner, mention.concept_iri, mention.text, mention.start, mention.end, span)


def default_enrichers(doc, warnings: list[str], vocabulary=None):
    """(agency resolver, text enrichers) used by :func:`policykg.graph.assemble.assemble_plan`.

    Unresolved agency mentions are appended to ``warnings`` as ``file:line: …``. ``vocabulary``
    (a :class:`~policykg.loaders.domain_vocabularies.DomainVocabulary`) adds a researcher's terms
    to the technologies matched.
    """
    registry = agency_registry()

    def resolve(cell: str, span) -> dict[int, list[URIRef]]:
        resolved: dict[int, list[URIRef]] = {}
        for mention in registry.resolve_cell(cell):
            resolved.setdefault(mention.position, []).append(URIRef(mention.agency_iri))
        for part in registry.unresolved(cell):
            line = span.start if span else "?"
            warnings.append(f"{doc.path}:{line}: unresolved agency mention {part!r} in cell {cell!r}")
        return resolved

    technologies = technologies_enricher
    if vocabulary is not None:
        technologies = partial(technologies_enricher, matcher=vocabulary.matcher)
    enrichers = [quantities_enricher, regions_enricher, technologies, references_enricher, agencies_enricher]
    return resolve, enrichers
