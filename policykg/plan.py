"""The researcher-facing object: one parsed plan with its RDF graph and tidy tables.

Example
-------
>>> import policykg
>>> plan = policykg.load_plan()
>>> plan.measures().shape[1]
17
>>> int(plan.measures()["pillar_no"].nunique())
10
"""
from __future__ import annotations

import re
import threading
from functools import cached_property
from pathlib import Path

import pandas as pd
from rdflib import Dataset, Graph, Literal, URIRef

from policykg.graph.namespaces import PKG, PKID, RDF, SDO, XSD, plan_graph_iri
from policykg.loaders.plan_document import default_plan_path, parse_plan_document
from policykg.analysis.frames import outline_columns, span_text
from policykg.loaders.plan_model import PlanDocument, Span

__all__ = ["MEASURE_COLUMNS", "TARGET_COLUMNS", "BUDGET_COLUMNS", "Plan", "load_plan", "span_text"]

MEASURE_COLUMNS = [
    "plan", "pillar_no", "pillar", "strategy_no", "strategy", "measure_no", "measure", "content",
    "start", "end", "period_raw", "period_status", "lead_agency", "co_agencies", "agencies_raw",
    "source_lines", "pages",
]
#: range bounds (「40~55GW」) and the baseline of a change (「由 2021 年 97.4%，降至 …」), appended last
QUANTITY_EXTRA_COLUMNS = ["min_value", "max_value", "baseline_value", "baseline_year"]
TARGET_COLUMNS = [
    "plan", "pillar_no", "owner", "owner_type", "value", "unit", "qualifier", "deadline", "text",
    "source_lines", "pages", *QUANTITY_EXTRA_COLUMNS,
]
BUDGET_COLUMNS = [
    "plan", "pillar_no", "owner", "owner_type", "value", "currency", "kind", "qualifier", "deadline",
    "text", "source_lines", "pages", *QUANTITY_EXTRA_COLUMNS,
]
_QUANTITY_EXTRA_PROPERTIES = {
    "min_value": SDO.minValue, "max_value": SDO.maxValue,
    "baseline_value": PKG.baselineValue, "baseline_year": PKG.baselineYear,
}


def _pages_text(doc: PlanDocument, span: Span | None) -> str:
    """The page span of ``span`` as ``"72"`` or ``"72-73"``; empty for documents without pages."""
    source = doc.source
    if span is None or source is None or not source.pages:
        return ""
    pages = source.pages_of(span.start, min(span.end, source.line_count))
    return "" if pages is None else span_text(Span(*pages))


class Plan:
    """A plan document with its graph (``.rdf``) and tidy tables (``.measures()`` …)."""

    def __init__(self, doc: PlanDocument, dataset: Dataset | None, warnings: list[str] | None = None, *,
                 triples: list | None = None, vocabularies=()):
        """``dataset`` holds the plan graph; or None with ``triples`` (the plan graph's triples) and
        ``vocabularies`` (graphs of the shared vocabulary graph, or a
        :class:`policykg.graph.enrichment.PackagedVocabularies`): the dataset is then made on first use.
        """
        self.doc = doc
        self._rdf = dataset
        self._triples = None if dataset is not None else tuple(triples or ())
        self._vocabularies = vocabularies if hasattr(vocabularies, "graphs") else tuple(vocabularies)
        self.warnings = warnings or []

    @property
    def rdf(self) -> Dataset:
        """The rdflib Dataset holding the plan graph (and the vocabularies graph), made on first use."""
        if self._rdf is None:
            with _MAKING_DATASET:
                if self._rdf is None:  # another thread may have made it meanwhile
                    self._rdf = self._make_dataset()
                    self._triples = None
        return self._rdf

    def _make_dataset(self) -> Dataset:
        from policykg.graph.assemble import new_dataset
        from policykg.graph.namespaces import VOCABULARY_GRAPH, bind_prefixes

        dataset = new_dataset()
        shared = dataset.graph(VOCABULARY_GRAPH)
        for vocabulary in self._vocabulary_graphs():
            shared += vocabulary
        graph = dataset.graph(plan_graph_iri(self.doc.plan_id))
        bind_prefixes(graph)
        graph.addN((s, p, o, graph) for s, p, o in self._triples)
        return dataset

    @rdf.setter
    def rdf(self, dataset: Dataset) -> None:
        self._rdf, self._triples = dataset, None

    def triples(self):
        """The triples of the plan graph, a sequence of ``(s, p, o)`` (without making the rdflib
        dataset if it is not made yet).

        >>> plan = load_plan()
        >>> len(plan.triples()) == len(plan.graph)
        True
        """
        triples = self._triples
        if triples is not None:
            return triples
        return list(self.graph.triples((None, None, None)))

    def _vocabulary_graphs(self) -> list[Graph]:
        from policykg.graph.namespaces import VOCABULARY_GRAPH

        if self._rdf is not None:
            return [self._rdf.graph(VOCABULARY_GRAPH)]
        vocabularies = self._vocabularies
        return vocabularies.graphs() if hasattr(vocabularies, "graphs") else list(vocabularies)

    def _vocabulary_types(self):
        """A function: IRI → the classes the vocabularies give it (without making the packaged
        vocabulary graph when the plan has none yet)."""
        if self._rdf is None and hasattr(self._vocabularies, "types_of"):
            return self._vocabularies.types_of
        vocabularies = self._vocabulary_graphs()
        return lambda iri: {cls for vocabulary in vocabularies for cls in vocabulary.objects(iri, RDF.type)}

    def __repr__(self) -> str:
        divisions = sum(1 for _ in self.doc.all_divisions())
        extra = f", {divisions} divisions" if divisions else ""
        return (f"<Plan {self.doc.plan_id!r}: {len(self.doc.pillars)} pillars, "
                f"{len(list(self.doc.measures()))} measures{extra}>")

    @property
    def plan_id(self) -> str:
        return self.doc.plan_id

    @property
    def iri(self) -> URIRef:
        return PKID[self.doc.plan_id]

    @property
    def graph(self) -> Graph:
        """The plan's own named graph."""
        return self.rdf.graph(plan_graph_iri(self.doc.plan_id))

    @property
    def union(self) -> Graph:
        """The plan graph plus the shared vocabularies (agencies, regions, technologies, references)."""
        union = Graph()
        union.addN((s, p, o, union) for s, p, o in self.triples())
        for vocabulary in self._vocabulary_graphs():
            union.addN((s, p, o, union) for s, p, o in vocabulary.triples((None, None, None)))
        return union

    # -- other views -------------------------------------------------------------------
    def to_networkx(self):
        """The property-graph projection (see README) as a ``networkx.MultiDiGraph``."""
        from policykg.graph.property_graph import to_networkx

        return to_networkx(self.union)

    def query(self, name: str, engine: str = "sparql", **params) -> pd.DataFrame:
        """Run a named query of the library (``policykg query --list``) → DataFrame."""
        from policykg.queries.runner import run_query

        return run_query(self, name, engine=engine, params=params)

    def map(self, **options):
        """An interactive HTML network map of the plan (see ``policykg map --help``)."""
        from policykg.viz.maps import plan_map

        return plan_map(self, **options)

    def timeline(self, **options):
        """The timeline page of the plan's measure × period rows (see ``policykg map --view timeline``)."""
        from policykg.viz.timeline import plan_timeline

        return plan_timeline(self, **options)

    def geo(self, **options):
        """The map of Taiwan's counties shaded by measures (see ``policykg map --view geo``)."""
        from policykg.viz.geo import plan_geo

        return plan_geo(self, **options)

    def report(self, **options):
        """The plan report, HTML (shown inline in Jupyter) or ``format="md"`` (see ``policykg report``)."""
        from policykg.viz.report import plan_report

        return plan_report(self, **options)

    def _repr_html_(self) -> str:
        """Jupyter shows a plan as its timeline."""
        return self.timeline()._repr_html_()

    def dependencies(self, **options) -> pd.DataFrame:
        """Measures that depend on capabilities other measures provide, with the evidence."""
        from policykg.analysis.dependencies import dependencies

        return dependencies(self, **options)

    def overlaps(self, **options) -> pd.DataFrame:
        """Overlapping measures of different pillars, with a score and the signals that fired."""
        from policykg.analysis.overlaps import overlaps

        return overlaps(self, **options)

    # -- tidy tables -------------------------------------------------------------------
    def measures(self) -> pd.DataFrame:
        """One row per measure × period (the columns of ``MEASURE_COLUMNS``)."""
        rows = []
        for pillar, strategy, measure in self.doc.measures():
            for entry in measure.schedule:
                for period in entry.periods:
                    rows.append(
                        {
                            "plan": self.doc.plan_id,
                            **outline_columns(pillar, strategy, measure),
                            "content": entry.content or measure.content,
                            "start": period.start or "",
                            "end": period.end or "",
                            "period_raw": entry.period_raw,
                            "period_status": period.status,
                            "lead_agency": entry.agencies[0] if entry.agencies else "",
                            "co_agencies": ";".join(entry.agencies[1:]),
                            "agencies_raw": entry.agencies_raw,
                            "source_lines": span_text(entry.span),
                            "pages": _pages_text(self.doc, entry.span),
                        }
                    )
        return pd.DataFrame(rows, columns=MEASURE_COLUMNS)

    def _pillar_number(self, node: URIRef, cache: dict) -> int | None:
        """Ordinal of the pillar a node belongs to (walking pkg:partOf), None for plan-level nodes."""
        if node not in cache:
            graph = self.graph
            if (node, RDF.type, PKG.Pillar) in graph:
                cache[node] = int(graph.value(node, PKG.ordinal))
            else:
                parent = graph.value(node, PKG.partOf)
                cache[node] = self._pillar_number(parent, cache) if parent is not None else None
        return cache[node]

    def _quantities(self, cls: URIRef, link: URIRef, optional: dict[str, URIRef], columns: list[str]) -> pd.DataFrame:
        """Rows for every ``cls`` node linked by ``link``; ``optional`` maps column → property."""
        graph = self.graph
        pillars: dict = {}
        rows = []
        for owner, node in graph.subject_objects(link):
            if (node, RDF.type, cls) not in graph:
                continue
            owner_type = _owner_type(graph, owner)
            row = {
                "plan": self.doc.plan_id,
                "pillar_no": self._pillar_number(owner, pillars),
                "owner": str(owner),
                "owner_type": owner_type,
                "value": graph.value(node, SDO.value).toPython(),
                "source_lines": span_text(
                    Span(int(graph.value(node, PKG.lineStart)), int(graph.value(node, PKG.lineEnd)))
                ),
                "_order": (int(graph.value(node, PKG.lineStart)), str(owner), int(str(node).rsplit("/", 1)[-1])),
            }
            page_start, page_end = graph.value(node, PKG.pageStart), graph.value(node, PKG.pageEnd)
            row["pages"] = span_text(Span(int(page_start), int(page_end))) if page_start is not None else ""
            for column, prop in optional.items():
                value = graph.value(node, prop)
                row[column] = "" if value is None else _short(value)
            rows.append(row)
        rows.sort(key=lambda r: r.pop("_order"))
        frame = pd.DataFrame(rows, columns=columns)
        frame["pillar_no"] = frame["pillar_no"].astype("Int64")
        return frame

    def targets(self) -> pd.DataFrame:
        """KPI quantities (``TARGET_COLUMNS``) found in the plan's texts."""
        optional = {"unit": SDO.unitText, "qualifier": PKG.qualifier, "deadline": PKG.deadline, "text": PKG.mentionText}
        optional.update(_QUANTITY_EXTRA_PROPERTIES)
        return self._quantities(PKG.Target, PKG.hasTarget, optional, TARGET_COLUMNS)

    def budgets(self) -> pd.DataFrame:
        """Money amounts (``BUDGET_COLUMNS``) with their kind, value in whole currency units."""
        optional = {
            "currency": SDO.currency,
            "kind": PKG.amountKind,
            "qualifier": PKG.qualifier,
            "deadline": PKG.deadline,
            "text": PKG.mentionText,
            **_QUANTITY_EXTRA_PROPERTIES,
        }
        return self._quantities(PKG.MonetaryAmount, PKG.hasBudget, optional, BUDGET_COLUMNS)

    # -- graph summaries ---------------------------------------------------------------
    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes per pkg: class, edges per pkg: object property) of the plan graph.

        Shared entities the plan refers to (agencies, regions, technologies, references) are
        counted with the types the vocabularies give them.
        """
        triples, types_of = self.triples(), self._vocabulary_types()
        pkg, rdf_type = str(PKG), RDF.type
        typed: dict = {}
        # predicates are few: each is classified once (== on rdflib terms runs Python code)
        is_type: dict = {}
        edge_key: dict = {}
        for node, p, cls in triples:
            flag = is_type.get(p)
            if flag is None:
                flag = is_type[p] = p == rdf_type
            if flag:
                typed.setdefault(node, set()).add(cls)
        edges: dict[str, int] = {}
        looked_up: set = set()  # objects whose vocabulary types were read (found or not)
        for _, p, o in triples:
            if type(o) is not URIRef and not isinstance(o, URIRef):
                continue
            key = edge_key.get(p, False)
            if key is False:
                key = edge_key[p] = "pkg:" + str(p)[len(pkg):] if str(p).startswith(pkg) else None
            if key is None:
                continue
            edges[key] = edges.get(key, 0) + 1
            if o not in typed and o not in looked_up:
                looked_up.add(o)
                found = types_of(o)
                if found:
                    typed[o] = found
        nodes: dict[str, int] = {}
        for classes in typed.values():
            for cls in classes:
                if str(cls).startswith(pkg):
                    key = "pkg:" + str(cls)[len(pkg):]
                    nodes[key] = nodes.get(key, 0) + 1
        return dict(sorted(nodes.items())), dict(sorted(edges.items()))

    @cached_property
    def _validation(self):
        from policykg.graph.validate import validate_graph

        return validate_graph(self.union, copy=False)

    def validate(self):
        """SHACL validation of the plan graph with the vocabularies it uses (graph/shapes.ttl)."""
        return self._validation


_MAKING_DATASET = threading.Lock()

#: generic pkg: classes a node also has; the owner type shown is the most specific one
_GENERIC_TYPES = {"PlanDivision": 2, "PlanSection": 1, "PlanPart": 1}


def _owner_type(graph, owner) -> str:
    """The most specific pkg: class of ``owner`` (Sector before PlanSection before PlanDivision)."""
    names = [str(t).split("#")[-1] for t in graph.objects(owner, RDF.type) if str(t).startswith(str(PKG))]
    return min(names, key=lambda n: (_GENERIC_TYPES.get(n, 0), n), default="")


def _short(term) -> str:
    """A literal as text; a pkg: concept IRI as its snake_case name (pkg:FundraisingGoal → fundraising_goal)."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return term.toPython()  # min / max / baseline values stay exact Decimals, like "value"
    if isinstance(term, URIRef):
        name = str(term).split("#")[-1]
        return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("other_amount", "other")
    return str(term)


def load_plan(path=None, dataset: Dataset | None = None, vocabularies=None) -> Plan:
    """Parse a plan document (default: the shipped 「AI 新十大建設推動方案」) and build its graph.

    ``vocabularies``: SKOS Turtle files of a researcher's own terms, matched as technologies
    (see :mod:`policykg.loaders.domain_vocabularies`; or one ``DomainVocabulary`` already
    loaded); checked before the plan is read.
    """
    from policykg.graph.assemble import assemble_plan
    from policykg.loaders.domain_vocabularies import domain_vocabulary

    vocabulary = domain_vocabulary(vocabularies)
    doc = parse_plan_document(Path(path) if path else default_plan_path())
    return assemble_plan(doc, dataset, vocabulary)
