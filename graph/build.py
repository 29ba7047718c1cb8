"""Build the RDF graph of a parsed plan: one named graph per plan, provenance on every fact.

IRIs are deterministic (plan id + structural path), so the same input always gives the same
graph (byte-identical sorted N-Triples).

Example
-------
>>> from policykg.loaders.plan_document import parse_plan_document, default_plan_path
>>> ds = build_plan_dataset(parse_plan_document(default_plan_path()))
>>> g = ds.graph(plan_graph_iri("ai-new-ten-major-constructions-2026-01"))
>>> len(set(g.subjects(RDF.type, PKG.Pillar)))
10
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef

from policykg.graph.namespaces import (
    DCTERMS,
    PKG,
    PKID,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    XSD,
    agency_iri,
    bind_prefixes,
    plan_graph_iri,
)
from policykg.loaders.periods import Period
from policykg.loaders.plan_model import PlanDocument, Span

__all__ = ["PERIOD_STATUS", "AMOUNT_KIND", "plan_triples", "build_plan_graph", "build_plan_dataset", "period_literal",
           "integer_literal"]

ZH = "zh-Hant"

PERIOD_STATUS = {
    "scheduled": PKG.Scheduled,
    "open_ended": PKG.OpenEnded,
    "not_yet_funded": PKG.NotYetFunded,
    "planning": PKG.Planning,
    "pending_approval": PKG.PendingApproval,
    "unspecified": PKG.Unspecified,
}

AMOUNT_KIND = {
    "allocation": PKG.Allocation,
    "fundraising_goal": PKG.FundraisingGoal,
    "output_value": PKG.OutputValue,
    "achieved": PKG.Achieved,
    "investment": PKG.Investment,
    "other": PKG.OtherAmount,
}

ROLE = {"lead": PKG.LeadRole, "co": PKG.CoOrganizingRole, "pillar_lead": PKG.PillarLeadRole, "issuing": PKG.IssuingRole}

#: division kind (see :class:`policykg.loaders.plan_model.Division`) → (IRI segment, pkg: classes)
DIVISION_TYPES = {
    "part": ("part", (PKG.PlanPart,)),
    "appendix": ("part", (PKG.PlanPart, PKG.Appendix)),
    "section": ("section", (PKG.PlanSection,)),
    "sector": ("section", (PKG.PlanSection, PKG.Sector)),
    "key_strategy": ("key-strategy", (PKG.KeyStrategy,)),
}


@lru_cache(maxsize=8192, typed=True)
def integer_literal(value: int) -> Literal:
    """``Literal(value)`` (xsd:integer), made once per number: a build writes tens of thousands of
    line numbers and character offsets, and rdflib spends ~20 µs making each literal.

    >>> integer_literal(12) is integer_literal(12), integer_literal(12) == Literal(12)
    (True, True)
    """
    return Literal(value)


def period_literal(value: str) -> Literal:
    """``YYYY-MM-DD`` → xsd:date, ``YYYY-MM`` → xsd:gYearMonth, ``YYYY`` → xsd:gYear.

    >>> period_literal("2025-01").datatype == XSD.gYearMonth, period_literal("2028").datatype == XSD.gYear
    (True, True)
    >>> period_literal("2022-03-30").datatype == XSD.date
    True
    """
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    return Literal(value, datatype=XSD.gYearMonth if len(value) == 7 else XSD.gYear)


class _Builder:
    def __init__(self, doc: PlanDocument, agency_resolver=None, text_enrichers=()):
        self.doc = doc
        self.plan = PKID[doc.plan_id]
        self.source = URIRef(f"{self.plan}/source")
        self.resolve_agency = agency_resolver
        self.text_enrichers = list(text_enrichers)
        self.triples: dict = {}  # insertion-ordered set of (s, p, o)
        self.names: dict[URIRef, str] = {}  # measure IRI → name, for enrichers
        self.finishers: list = []  # callables run once the plan is built (e.g. occurrence counts)
        self.state: dict = {}  # scratch space of the text enrichers, one entry per enricher
        self.divisions: set[URIRef] = set()  # prose-plan division IRIs (owners of free text)
        self._counters: dict = {}
        source = doc.source
        self._paged = source is not None and bool(source.pages)
        self._pages: dict[Span, tuple[int, int] | None] = {}

    # -- small helpers ---------------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.triples[(s, p, o)] = None

    def next_iri(self, owner: URIRef, kind: str) -> URIRef:
        """``{owner}/{kind}/{n}`` with n = 1, 2, … per owner and kind (deterministic order)."""
        key = (owner, kind)
        self._counters[key] = self._counters.get(key, 0) + 1
        return URIRef(f"{owner}/{kind}/{self._counters[key]}")

    def finish(self) -> list[tuple]:
        """Run the finishers; the triples, each once, in the order they were first added."""
        for finish in self.finishers:
            finish(self)
        return list(self.triples)

    def provenance(self, node: URIRef, span: Span) -> None:
        """Source document, line span and, for a paged document (PDF), the page span."""
        self.add(node, PROV.wasDerivedFrom, self.source)
        self.add(node, PKG.lineStart, integer_literal(span.start))
        self.add(node, PKG.lineEnd, integer_literal(span.end))
        if self._paged:
            pages = self.pages(span)
            if pages is not None:
                self.add(node, PKG.pageStart, integer_literal(pages[0]))
                self.add(node, PKG.pageEnd, integer_literal(pages[1]))

    def pages(self, span: Span) -> tuple[int, int] | None:
        """First and last page of the canonical lines of ``span`` (None without pages)."""
        if not self._paged:
            return None
        if span not in self._pages:
            source = self.doc.source
            end = min(span.end, source.line_count)
            self._pages[span] = source.pages_of(span.start, end) if span.start <= end else None
        return self._pages[span]

    def part(self, parent: URIRef, child: URIRef, specific) -> None:
        self.add(parent, specific, child)
        self.add(parent, PKG.hasPart, child)
        self.add(child, PKG.partOf, parent)

    def label(self, node: URIRef, text: str) -> None:
        if text:
            self.add(node, RDFS.label, Literal(text, lang=ZH))

    def period(self, node: URIRef, period: Period) -> None:
        self.add(node, RDF.type, PKG.Period)
        self.add(node, RDF.type, TIME.ProperInterval)
        self.add(node, PKG.periodStatus, PERIOD_STATUS[period.status])
        self.add(node, PKG.periodRaw, Literal(period.raw))
        if period.start:
            self.add(node, PKG.start, period_literal(period.start))
        if period.end:
            self.add(node, PKG.end, period_literal(period.end))
        if period.note:
            self.add(node, PKG.note, Literal(period.note, lang=ZH))

    def agency(self, name: str) -> URIRef:
        """Fallback node for a mention the registry cannot resolve (kept, never dropped)."""
        iri = agency_iri(name)
        self.add(iri, RDF.type, PKG.Agency)
        self.add(iri, PKG.unresolved, Literal(True))
        self.label(iri, name)
        return iri

    def agency_mentions(self, owner: URIRef, base: str, cell: str, names: list[str], role_of, span: Span | None):
        """Add one AgencyMention per written agency of ``cell``; returns [(role, [agency IRIs])]."""
        resolved = self.resolve_agency(cell, span) if self.resolve_agency else {}
        out = []
        for position, name in enumerate(names):
            role = role_of(position)
            node = URIRef(f"{base}/{position + 1}")
            targets = resolved.get(position) or [self.agency(name)]
            self.add(owner, PKG.hasAgencyMention, node)
            self.add(node, RDF.type, PKG.AgencyMention)
            self.add(node, PKG.mentionText, Literal(name))
            self.add(node, PKG.position, integer_literal(position))
            self.add(node, PKG.agencyRole, ROLE[role])
            for target in targets:
                self.add(node, PKG.mentionOf, target)
            if span:
                self.provenance(node, span)
            out.append((role, targets))
        return out

    def enrich(self, owner: URIRef, text: str, span: Span, narrative: bool = False) -> None:
        for enricher in self.text_enrichers:
            enricher(self, owner, text, span, narrative=narrative)

    # -- structure -------------------------------------------------------------------
    def build(self) -> None:
        doc, plan = self.doc, self.plan
        self.add(self.source, RDF.type, PKG.SourceDocument)
        self.add(self.source, RDF.type, PROV.Entity)
        self.add(self.source, DCTERMS.source, Literal(doc.file_name))
        self.add(self.source, PKG.sha256, Literal(doc.sha256))
        self.add(self.source, PKG.lineCount, Literal(doc.line_count))
        self.label(self.source, doc.title)

        self.add(plan, RDF.type, PKG.Plan)
        self.add(plan, DCTERMS.title, Literal(doc.title, lang=ZH))
        self.label(plan, doc.title)
        self.add(plan, PKG.planId, Literal(doc.plan_id))
        if doc.version:
            self.add(plan, PKG.version, Literal(doc.version, lang=ZH))
        if doc.issued:
            self.add(plan, DCTERMS.issued, period_literal(doc.issued))
        self.provenance(plan, Span(1, doc.line_count))
        if doc.period_start or doc.period_end:
            node = URIRef(f"{plan}/period")
            raw = f"{doc.period_start or ''}–{doc.period_end or ''}"
            status = "scheduled" if doc.period_start and doc.period_end else "open_ended"
            self.period(node, Period(raw, doc.period_start, doc.period_end, status))
            self.add(plan, PKG.hasPeriod, node)
        if doc.vision_text and doc.vision_span:
            self.add(plan, PKG.vision, Literal(doc.vision_text, lang=ZH))
            self.enrich(plan, doc.vision_text, doc.vision_span)
        for block in doc.narrative:
            self.enrich(plan, block.text, block.span, narrative=True)
        for pillar in doc.pillars:
            self.pillar(pillar)
        if doc.issuing_agencies:
            cell = "、".join(doc.issuing_agencies)
            mentions = self.agency_mentions(
                plan, f"{plan}/issuer", cell, doc.issuing_agencies, lambda position: "issuing", doc.issuing_span,
            )
            for _, agencies in mentions:
                for agency in agencies:
                    self.add(plan, PKG.issuingAgency, agency)
        for position, division in enumerate(doc.divisions, 1):
            self.division(plan, str(position), position, division)

    def division(self, parent: URIRef, identifier: str, position: int, division) -> None:
        """A part, section, sector or key strategy of a prose plan, with its texts mined."""
        segment, classes = DIVISION_TYPES[division.kind]
        node = URIRef(f"{parent}/{segment}/{position}")
        self.divisions.add(node)
        self.part(parent, node, PKG.hasDivision)
        self.add(node, RDF.type, PKG.PlanDivision)
        for cls in classes:
            self.add(node, RDF.type, cls)
        self.add(node, PKG.name, Literal(division.title))
        self.label(node, division.title)
        self.add(node, PKG.marker, Literal(division.marker))
        if division.subtitle:
            self.add(node, PKG.subtitle, Literal(division.subtitle, lang=ZH))
        if division.number is not None:
            self.add(node, PKG.ordinal, Literal(division.number))
        self.add(node, DCTERMS.identifier, Literal(identifier))
        self.provenance(node, division.span)
        for block in division.blocks:
            self.enrich(node, block.text, block.span)
        for k, child in enumerate(division.children, 1):
            self.division(node, f"{identifier}.{k}", k, child)

    def pillar(self, pillar) -> None:
        node = URIRef(f"{self.plan}/pillar/{pillar.number}")
        self.part(self.plan, node, PKG.hasPillar)
        self.add(node, RDF.type, PKG.Pillar)
        self.label(node, pillar.title)
        self.add(node, PKG.ordinal, Literal(pillar.number))
        self.add(node, DCTERMS.identifier, Literal(str(pillar.number)))
        if pillar.description:
            self.add(node, PKG.description, Literal(pillar.description, lang=ZH))
        if pillar.table_caption:
            self.add(node, PKG.tableCaption, Literal(pillar.table_caption, lang=ZH))
        self.provenance(node, pillar.span)
        mentions = self.agency_mentions(
            node, f"{node}/lead", pillar.lead_agencies_raw or "", pillar.lead_agencies,
            lambda position: "pillar_lead", pillar.lead_span,
        )
        for _, agencies in mentions:
            for agency in agencies:
                self.add(node, PKG.pillarLeadAgency, agency)
        if pillar.description and pillar.description_span:
            self.enrich(node, pillar.description, pillar.description_span)
        for strategy in pillar.strategies:
            self.strategy(node, pillar, strategy)
        for highlight in pillar.highlights:
            h = URIRef(f"{node}/highlight/{highlight.number}")
            self.part(node, h, PKG.hasHighlight)
            self.add(h, RDF.type, PKG.Highlight)
            self.add(h, PKG.ordinal, Literal(highlight.number))
            self.add(h, DCTERMS.identifier, Literal(f"{pillar.number}.{highlight.label}"))
            self.add(h, PKG.content, Literal(highlight.text, lang=ZH))
            if highlight.strategy_number is not None:
                self.add(h, PKG.aboutStrategy, URIRef(f"{node}/strategy/{highlight.strategy_number}"))
            self.provenance(h, highlight.span)
            self.enrich(h, highlight.text, highlight.span)

    def strategy(self, pillar_node: URIRef, pillar, strategy) -> None:
        node = URIRef(f"{pillar_node}/strategy/{strategy.number}")
        self.part(pillar_node, node, PKG.hasStrategy)
        self.add(node, RDF.type, PKG.Strategy)
        self.label(node, strategy.title)
        if strategy.narrative_title and strategy.narrative_title != strategy.title:
            self.add(node, SKOS.altLabel, Literal(strategy.narrative_title, lang=ZH))
        self.add(node, PKG.ordinal, Literal(strategy.number))
        self.add(node, DCTERMS.identifier, Literal(f"{pillar.number}.{strategy.number}"))
        if strategy.description:
            self.add(node, PKG.description, Literal(strategy.description, lang=ZH))
        self.provenance(node, strategy.span)
        if strategy.narrative_span:
            self.add(node, PKG.narrativeLineStart, Literal(strategy.narrative_span.start))
            self.add(node, PKG.narrativeLineEnd, Literal(strategy.narrative_span.end))
            if strategy.description:
                self.enrich(node, strategy.description, strategy.narrative_span)
        for measure in strategy.measures:
            self.measure(node, f"{pillar.number}.{strategy.number}", measure)

    def measure(self, strategy_node: URIRef, prefix: str, measure) -> None:
        node = URIRef(f"{strategy_node}/measure/{measure.number}")
        self.part(strategy_node, node, PKG.hasMeasure)
        self.add(node, RDF.type, PKG.Measure)
        self.add(node, PKG.name, Literal(measure.name))
        self.names[node] = measure.name
        self.label(node, measure.name)
        self.add(node, PKG.ordinal, Literal(measure.number))
        self.add(node, DCTERMS.identifier, Literal(f"{prefix}.{measure.number}"))
        if measure.content:
            self.add(node, PKG.content, Literal(measure.content, lang=ZH))
        self.provenance(node, measure.span)
        if measure.narrative_span:
            # the narrative item describing the measure (its mentions are already the strategy's)
            self.add(node, PKG.description, Literal(measure.narrative, lang=ZH))
            self.add(node, PKG.narrativeLineStart, Literal(measure.narrative_span.start))
            self.add(node, PKG.narrativeLineEnd, Literal(measure.narrative_span.end))
        for item in measure.items:
            item_node = URIRef(f"{node}/item/{item.number}")
            self.part(node, item_node, PKG.hasExecutionItem)
            self.add(item_node, RDF.type, PKG.ExecutionItem)
            self.add(item_node, PKG.ordinal, Literal(item.number))
            self.add(item_node, PKG.content, Literal(item.text, lang=ZH))
            self.provenance(item_node, measure.span)
        k = 0
        for entry in measure.schedule:
            for period in entry.periods:
                k += 1
                e = URIRef(f"{node}/schedule/{k}")
                self.add(node, PKG.hasScheduleEntry, e)
                self.add(e, RDF.type, PKG.ScheduleEntry)
                self.add(e, PKG.ordinal, Literal(k))
                self.add(e, PKG.periodRaw, Literal(entry.period_raw))
                self.add(e, PKG.agenciesRaw, Literal(entry.agencies_raw))
                if entry.content:
                    self.add(e, PKG.content, Literal(entry.content, lang=ZH))
                self.provenance(e, entry.span)
                p = URIRef(f"{e}/period")
                self.period(p, period)
                self.add(e, PKG.hasPeriod, p)
                self.add(node, PKG.hasPeriod, p)
                mentions = self.agency_mentions(
                    e, f"{e}/agency", entry.agencies_raw, entry.agencies,
                    lambda position: "lead" if position == 0 else "co", entry.agency_span or entry.span,
                )
                for role, agencies in mentions:
                    prop = PKG.leadAgency if role == "lead" else PKG.coOrganizingAgency
                    for agency in agencies:
                        self.add(e, prop, agency)
                        self.add(node, prop, agency)
        self.enrich(node, measure.name + "。" + measure.content, measure.span)


def plan_triples(doc: PlanDocument, agency_resolver=None, text_enrichers: Iterable = ()) -> list[tuple]:
    """The triples of one plan's graph as a list of rdflib ``(s, p, o)``, each once, in build order.

    No graph is built: a workspace bulk-loads them into Oxigraph, a :class:`policykg.plan.Plan`
    puts them in rdflib only when asked (rdflib's Memory store costs ~15 µs a triple).
    ``agency_resolver(cell, span) -> {position: [URIRef]}`` maps the written agencies of a
    cell to registry IRIs (a mention may name several agencies);
    ``text_enrichers`` are callables ``(builder, owner, text, span)`` that add targets,
    amounts, regions, technologies or references found in a text.

    >>> from policykg.loaders.plan_document import parse_plan_document, default_plan_path
    >>> triples = plan_triples(parse_plan_document(default_plan_path()))
    >>> len(triples) == len(set(triples)), sum(1 for _, p, o in triples if o == PKG.Pillar)
    (True, 10)
    """
    builder = _Builder(doc, agency_resolver, text_enrichers)
    builder.build()
    return builder.finish()


def build_plan_graph(doc: PlanDocument, graph: Graph | None = None, agency_resolver=None, text_enrichers: Iterable = ()) -> Graph:
    """Add the triples of one plan (:func:`plan_triples`) to ``graph`` (a new Graph if None) and return it."""
    if graph is None:
        graph = Graph()
    bind_prefixes(graph)
    graph.addN((s, p, o, graph) for s, p, o in plan_triples(doc, agency_resolver, text_enrichers))
    return graph


def build_plan_dataset(doc: PlanDocument, dataset: Dataset | None = None, **kwargs) -> Dataset:
    """Add one plan as its own named graph to ``dataset`` (a new in-memory Dataset if None)."""
    if dataset is None:
        dataset = Dataset()
    bind_prefixes(dataset)
    graph = dataset.graph(plan_graph_iri(doc.plan_id))
    build_plan_graph(doc, graph, **kwargs)
    return dataset

