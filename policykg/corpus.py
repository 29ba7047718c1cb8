"""Several plans in one RDF dataset: one named graph per plan, shared entities across plans.

Agencies, regions, technologies and references have plan-independent IRIs and live once in
the vocabulary graph, so cross-plan questions are plain queries over ``corpus.rdf`` (a
``Dataset(default_union=True)``). Plans are parsed and built in parallel worker processes
(``workers``, optional); the parent then only adds each plan's triples to the shared dataset.

Example
-------
>>> import policykg
>>> corpus = Corpus([policykg.default_plan_path()])
>>> [p.plan_id for p in corpus.plans]
['ai-new-ten-major-constructions-2026-01']
>>> corpus.measures().shape[0] == policykg.load_plan().measures().shape[0]
True
"""
from __future__ import annotations

import gc
from array import array
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import pandas as pd
from rdflib import Dataset

from policykg.errors import PolicyKGError
from policykg.graph.namespaces import VOCABULARY_GRAPH, plan_graph_iri

__all__ = ["Corpus", "load_corpus"]


def _build_encoded(path: str, vocabulary=None):
    """Worker: parse and build one plan; return (doc, warnings, unique terms, flat term indexes)."""
    from policykg.graph.assemble import assemble_plan, new_dataset
    from policykg.loaders.plan_document import parse_plan_document

    doc = parse_plan_document(Path(path))
    dataset = new_dataset()
    plan = assemble_plan(doc, dataset, vocabulary)
    index: dict = {}
    terms: list = []
    flat = array("i")
    for triple in plan.graph:
        for term in triple:
            i = index.get(term)
            if i is None:
                i = index[term] = len(terms)
                terms.append(term)
            flat.append(i)
    return doc, plan.warnings, terms, flat


class Corpus:
    """Plans loaded into one dataset. ``.plans`` (list of :class:`policykg.Plan`), ``.rdf`` (Dataset).

    ``workers``: processes for parsing/building (default 1: plans are built straight into the
    shared dataset; with more, worker processes build and the parent adds their triples — this
    pays only on machines whose cores really run in parallel). ``vocabularies``: SKOS files of a
    researcher's own terms, matched in every plan (see ``load_plan``).
    """

    def __init__(self, paths, workers: int | None = None, vocabularies=None):
        from policykg.graph.assemble import new_dataset
        from policykg.graph.enrichment import vocabulary_graph
        from policykg.plan import Plan

        paths = [Path(p) for p in paths]
        if not paths:
            raise PolicyKGError("a corpus needs at least one plan document")
        from policykg.loaders.domain_vocabularies import domain_vocabulary

        self._vocabulary = domain_vocabulary(vocabularies)
        self.rdf: Dataset = new_dataset()
        self.rdf.graph(VOCABULARY_GRAPH).__iadd__(vocabulary_graph())
        if self._vocabulary is not None:
            self.rdf.graph(VOCABULARY_GRAPH).__iadd__(self._vocabulary.graph)
        self.plans: list[Plan] = []
        gc_was_enabled = gc.isenabled()
        gc.disable()  # bulk load: millions of small objects, no cycles worth collecting meanwhile
        try:
            if (workers or 1) <= 1:
                self._build_serially(paths, Plan)
            else:
                with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
                    build = partial(_build_encoded, vocabulary=self._vocabulary)
                    self._add_all(pool.map(build, map(str, paths), chunksize=1), Plan)
        finally:
            if gc_was_enabled:
                gc.enable()

    @classmethod
    def from_plans(cls, plans) -> "Corpus":
        """A corpus of Plan objects already built (sharing one Dataset, or not: the first one's is used)."""
        corpus = cls.__new__(cls)
        corpus.plans = list(plans)
        if not corpus.plans:
            raise PolicyKGError("a corpus needs at least one plan")
        corpus.rdf = corpus.plans[0].rdf
        return corpus

    def query(self, name: str, engine: str = "sparql", plan=None, **params) -> pd.DataFrame:
        """A named query over every plan (or ``plan``) → DataFrame with a ``plan`` column when there are several."""
        return self.workspace().query(name, engine=engine, plan=plan, **params)

    def sparql(self, text: str, plan=None, **params) -> pd.DataFrame:
        """Ad-hoc SPARQL SELECT over every plan (see :meth:`policykg.workspace.Workspace.sparql`)."""
        return self.workspace().sparql(text, plan=plan, **params)

    def cypher(self, text: str, plan=None, **params) -> pd.DataFrame:
        """Ad-hoc Cypher over every plan (see :meth:`policykg.workspace.Workspace.cypher`)."""
        return self.workspace().cypher(text, plan=plan, **params)

    def workspace(self):
        """The plans as an in-memory :class:`policykg.workspace.Workspace` (rebuilt when plans change)."""
        from policykg.stores.oxigraph_store import plan_version
        from policykg.workspace import Workspace

        version = tuple(plan_version(p) for p in self.plans)
        cached = getattr(self, "_workspace", None)
        if cached is None or cached[0] != version:
            cached = self._workspace = (version, Workspace.from_plans(self.plans))
        return cached[1]

    def _build_serially(self, paths, plan_class) -> None:
        from policykg.graph.assemble import assemble_plan
        from policykg.loaders.plan_document import parse_plan_document

        seen: dict[str, str] = {}
        for path in paths:
            doc = parse_plan_document(path)
            self._check_unique(doc, seen)
            plan = assemble_plan(doc, self.rdf, self._vocabulary)
            self.plans.append(plan_class(doc, self.rdf, plan.warnings))

    @staticmethod
    def _check_unique(doc, seen: dict[str, str]) -> None:
        if doc.plan_id in seen:
            raise PolicyKGError(
                f"{doc.path}: plan id {doc.plan_id!r} is already used by {seen[doc.plan_id]} "
                "(plan ids come from file names; rename one file)"
            )
        seen[doc.plan_id] = doc.path

    def _add_all(self, results, plan_class) -> None:
        seen: dict[str, str] = {}
        for doc, warnings, terms, flat in results:
            self._check_unique(doc, seen)
            graph = self.rdf.graph(plan_graph_iri(doc.plan_id))
            graph.addN(
                (terms[flat[i]], terms[flat[i + 1]], terms[flat[i + 2]], graph) for i in range(0, len(flat), 3)
            )
            self.plans.append(plan_class(doc, self.rdf, warnings))

    def __repr__(self) -> str:
        return f"<Corpus: {len(self.plans)} plans, {len(self.rdf)} quads>"

    def __len__(self) -> int:
        return len(self.plans)

    def __getitem__(self, plan_id: str):
        """The plan with this id (``corpus["ai-new-ten-major-constructions-2026-01"]``)."""
        for plan in self.plans:
            if plan.plan_id == plan_id:
                return plan
        raise KeyError(plan_id)

    def plan(self, key):
        """A plan by id, by index, or itself (for ``compare``)."""
        if hasattr(key, "doc"):
            return key
        if isinstance(key, int):
            return self.plans[key]
        try:
            return self[key]
        except KeyError:
            raise PolicyKGError(
                f"no plan {key!r} in the corpus (plans: {', '.join(p.plan_id for p in self.plans)})"
            ) from None

    # -- tables ------------------------------------------------------------------------
    def measures(self) -> pd.DataFrame:
        """``Plan.measures()`` of every plan, concatenated (column ``plan`` tells them apart)."""
        return pd.concat([p.measures() for p in self.plans], ignore_index=True)

    def targets(self) -> pd.DataFrame:
        return pd.concat([p.targets() for p in self.plans], ignore_index=True)

    def budgets(self) -> pd.DataFrame:
        return pd.concat([p.budgets() for p in self.plans], ignore_index=True)

    # -- analysis ----------------------------------------------------------------------
    def overlaps(self, **options) -> pd.DataFrame:
        """Overlapping measures within and across plans (see :func:`policykg.analysis.overlaps.overlaps`)."""
        from policykg.analysis.overlaps import overlaps

        return overlaps(self, **options)

    def dependencies(self, **options) -> pd.DataFrame:
        """Dependencies of every plan (see :func:`policykg.analysis.dependencies.dependencies`)."""
        from policykg.analysis.dependencies import dependencies

        return dependencies(self, **options)

    def compare(self, a, b, **options):
        """Compare two plans of the corpus (ids, indexes or Plans) → :class:`policykg.analysis.compare.Comparison`."""
        from policykg.analysis.compare import compare

        return compare(self.plan(a), self.plan(b), **options)


def load_corpus(paths, workers: int | None = None, vocabularies=None) -> Corpus:
    """Same as ``Corpus(paths, workers, vocabularies)``."""
    return Corpus(paths, workers, vocabularies)
