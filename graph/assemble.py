"""Assemble a plan's full graph: structure, resolved agencies, quantities, mentions, references.

This is the one place that wires the parsers of :mod:`policykg.loaders` to the graph builder,
so ``load_plan`` and ``Corpus`` build plans the same way.
"""
from __future__ import annotations

from rdflib import Dataset

from policykg.graph.build import build_plan_dataset
from policykg.graph.enrichment import default_enrichers
from policykg.loaders.plan_model import PlanDocument

__all__ = ["assemble_plan"]


def assemble_plan(doc: PlanDocument, dataset: Dataset | None = None):
    """Build ``doc`` into ``dataset`` (new if None) and return a :class:`policykg.plan.Plan`."""
    from policykg.plan import Plan

    warnings: list[str] = []
    resolver, enrichers = default_enrichers(doc, warnings)
    dataset = build_plan_dataset(doc, dataset, agency_resolver=resolver, text_enrichers=enrichers)
    return Plan(doc, dataset, warnings)
