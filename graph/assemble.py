"""Assemble a plan's full graph: structure, resolved agencies, quantities, mentions, references.

This is the one place that wires the parsers of :mod:`policykg.loaders` to the graph builder,
so ``load_plan`` and ``Corpus`` build plans the same way. The shared vocabularies (agencies,
regions, technologies, references) go into their own named graph, once per dataset.
"""
from __future__ import annotations

from rdflib import Dataset

from policykg.graph.build import build_plan_dataset, plan_triples
from policykg.graph.enrichment import PackagedVocabularies, default_enrichers, vocabulary_graph
from policykg.graph.namespaces import VOCABULARY_GRAPH, bind_prefixes
from policykg.loaders.plan_model import PlanDocument

__all__ = ["assemble_plan", "new_dataset"]


def new_dataset() -> Dataset:
    """An empty in-memory dataset whose default graph is the union of its named graphs."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    return dataset


def assemble_plan(doc: PlanDocument, dataset: Dataset | None = None, vocabulary=None):
    """Build ``doc`` into ``dataset`` and return a :class:`policykg.plan.Plan`.

    With no ``dataset``, the plan keeps its triples as a list and puts them in an rdflib dataset
    of its own only when something asks for ``plan.rdf`` (a workspace build and ``validate``
    never do: rdflib's Memory store is the slow part of a build).
    ``vocabulary``: a researcher's extra terms
    (:func:`policykg.loaders.domain_vocabularies.load_domain_vocabularies`), matched in the text
    and added to the dataset's vocabulary graph.

    >>> from policykg.loaders.plan_document import parse_plan_document, default_plan_path
    >>> plan = assemble_plan(parse_plan_document(default_plan_path()))
    >>> len(plan.triples()) == len(plan.graph)
    True
    """
    from policykg.plan import Plan

    warnings: list[str] = []
    resolver, enrichers = default_enrichers(doc, warnings, vocabulary)
    extra = [vocabulary.graph] if vocabulary is not None else []
    if dataset is None:
        triples = plan_triples(doc, agency_resolver=resolver, text_enrichers=enrichers)
        return Plan(doc, None, warnings, triples=triples, vocabularies=PackagedVocabularies(extra))
    vocabularies = [vocabulary_graph(), *extra]
    shared = dataset.graph(VOCABULARY_GRAPH)
    if len(shared) == 0:
        shared += vocabularies[0]
    for extra in vocabularies[1:]:
        shared += extra
    dataset = build_plan_dataset(doc, dataset, agency_resolver=resolver, text_enrichers=enrichers)
    return Plan(doc, dataset, warnings)
