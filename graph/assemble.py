"""Assemble a plan's full graph: structure, resolved agencies, quantities, mentions, references.

This is the one place that wires the parsers of :mod:`policykg.loaders` to the graph builder,
so ``load_plan`` and ``Corpus`` build plans the same way. The shared vocabularies (agencies,
regions, technologies, references) go into their own named graph, once per dataset.
"""
from __future__ import annotations

from rdflib import Dataset

from policykg.graph.build import build_plan_dataset
from policykg.graph.enrichment import default_enrichers, vocabulary_graph
from policykg.graph.namespaces import VOCABULARY_GRAPH, bind_prefixes
from policykg.loaders.plan_model import PlanDocument

__all__ = ["assemble_plan", "new_dataset"]


def new_dataset() -> Dataset:
    """An empty in-memory dataset whose default graph is the union of its named graphs."""
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    return dataset


def assemble_plan(doc: PlanDocument, dataset: Dataset | None = None):
    """Build ``doc`` into ``dataset`` (new if None) and return a :class:`policykg.plan.Plan`."""
    from policykg.plan import Plan

    if dataset is None:
        dataset = new_dataset()
    vocabulary = dataset.graph(VOCABULARY_GRAPH)
    if len(vocabulary) == 0:
        vocabulary += vocabulary_graph()
    warnings: list[str] = []
    resolver, enrichers = default_enrichers(doc, warnings)
    dataset = build_plan_dataset(doc, dataset, agency_resolver=resolver, text_enrichers=enrichers)
    return Plan(doc, dataset, warnings)
