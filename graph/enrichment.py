"""Text enrichers: facts found inside texts (targets, money, …) added to the graph.

An enricher is a callable ``(builder, owner, text, span, *, narrative)`` that adds nodes
linked from ``owner`` (a plan, pillar, strategy, measure or highlight IRI). ``narrative`` is
True for the plan's background chapters, whose quantities report results, not targets.
"""
from __future__ import annotations

from rdflib import Literal, URIRef

from policykg.graph.namespaces import PKG, RDF, SDO, XSD
from policykg.loaders.quantities import extract_money, extract_quantities

__all__ = ["quantities_enricher", "default_enrichers"]

_AMOUNT_KIND = {
    "allocation": PKG.Allocation,
    "fundraising_goal": PKG.FundraisingGoal,
    "output_value": PKG.OutputValue,
    "achieved": PKG.Achieved,
    "investment": PKG.Investment,
    "other": PKG.OtherAmount,
}


def _next(builder, owner: URIRef, kind: str) -> URIRef:
    counters = builder.__dict__.setdefault("_counters", {})
    key = (owner, kind)
    counters[key] = counters.get(key, 0) + 1
    return URIRef(f"{owner}/{kind}/{counters[key]}")


def quantities_enricher(builder, owner: URIRef, text: str, span, *, narrative: bool = False) -> None:
    """Money amounts everywhere; KPI targets except in background chapters."""
    for money in extract_money(text):
        node = _next(builder, owner, "amount")
        builder.add(owner, PKG.hasBudget, node)
        builder.add(node, RDF.type, PKG.MonetaryAmount)
        builder.add(node, SDO.value, Literal(money.value, datatype=XSD.decimal))
        builder.add(node, SDO.currency, Literal(money.currency))
        builder.add(node, PKG.amountKind, _AMOUNT_KIND.get(money.kind, PKG.OtherAmount))
        builder.add(node, PKG.mentionText, Literal(money.text))
        if money.qualifier:
            builder.add(node, PKG.qualifier, Literal(money.qualifier))
        if money.deadline:
            builder.add(node, PKG.deadline, Literal(money.deadline, datatype=XSD.gYear))
        builder.provenance(node, span)
    if narrative:
        return
    for quantity in extract_quantities(text):
        node = _next(builder, owner, "target")
        builder.add(owner, PKG.hasTarget, node)
        builder.add(node, RDF.type, PKG.Target)
        builder.add(node, SDO.value, Literal(quantity.value, datatype=XSD.decimal))
        builder.add(node, SDO.unitText, Literal(quantity.unit))
        builder.add(node, PKG.mentionText, Literal(quantity.text))
        if quantity.qualifier:
            builder.add(node, PKG.qualifier, Literal(quantity.qualifier))
        if quantity.deadline:
            builder.add(node, PKG.deadline, Literal(quantity.deadline, datatype=XSD.gYear))
        builder.provenance(node, span)


def default_enrichers(doc, warnings: list[str]):
    """(agency resolver or None, list of text enrichers) used by :func:`assemble_plan`."""
    return None, [quantities_enricher]
