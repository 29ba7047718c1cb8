"""Agency workload: who leads and who co-organizes how many measures, per unit and rolled up.

A unit's roll-up counts the measures led (or co-organized) by the unit or by any of its
sub-units, so a ministry's roll-up covers its whole family (數位發展部 ⊇ 數位產業署 …).

Agencies through time: a body renamed or reorganised since the plan was written (科技部,
行政院農業委員會) has its successor and the date in ``successor_zh`` / ``renamed_on``; with
``follow_renamings=True`` its measures are credited to today's body instead (行政院農業委員會 →
農業部), so plans from before and after a reorganisation line up.

Example
-------
>>> import policykg
>>> table = agency_table(policykg.load_plan())
>>> row = table.set_index("agency_zh").loc["數位產業署"]
>>> (row.parent_zh, row.ministry_zh, int(row.lead_measures) > 20)
('數位發展部', '數位發展部', True)
"""
from __future__ import annotations

from collections import defaultdict

import pandas as pd

from policykg.graph.enrichment import agency_registry
from rdflib import URIRef

from policykg.graph.namespaces import PKG, RDF, RDFS

__all__ = ["AGENCY_COLUMNS", "agency_table"]

AGENCY_COLUMNS = [
    "agency_zh", "agency_en", "agency_type", "parent_zh", "ministry_zh", "variants",
    "lead_measures", "co_measures", "lead_measures_rollup", "co_measures_rollup", "iri",
    "successor_zh", "successor_en", "renamed_on", "issuing", "mentioning_divisions",
]


def agency_table(plan, follow_renamings: bool = False) -> pd.DataFrame:
    """One row per agency named in the plan (``AGENCY_COLUMNS``), sorted by roll-up lead count.

    ``follow_renamings``: count a renamed or reorganised body's measures for its current
    successor (and list the name as written among the successor's variants). Prose plans have
    no measure tables: ``issuing`` marks the agencies on the cover (pkg:issuingAgency) and
    ``mentioning_divisions`` counts the divisions whose text names the agency (pkg:mentionsAgency).
    """
    registry = agency_registry()
    graph = plan.graph

    def today(iri: str) -> str:
        return registry.current(iri) if follow_renamings and iri in registry else iri

    lead: dict[str, set] = defaultdict(set)
    co: dict[str, set] = defaultdict(set)
    for measure in graph.subjects(RDF.type, PKG.Measure):
        for agency in graph.objects(measure, PKG.leadAgency):
            lead[today(str(agency))].add(measure)
        for agency in graph.objects(measure, PKG.coOrganizingAgency):
            co[today(str(agency))].add(measure)
    for agency in graph.objects(None, PKG.pillarLeadAgency):
        lead.setdefault(today(str(agency)), set())
    issuing = {today(str(agency)) for agency in graph.objects(None, PKG.issuingAgency)}
    mentioning: dict[str, set] = defaultdict(set)
    for division, agency in graph.subject_objects(PKG.mentionsAgency):
        mentioning[today(str(agency))].add(division)
    variants: dict[str, set] = defaultdict(set)
    cells = {str(raw) for raw in graph.objects(None, PKG.agenciesRaw)}
    cells |= {plan_pillar.lead_agencies_raw for plan_pillar in plan.doc.pillars if plan_pillar.lead_agencies_raw}
    cells |= set(getattr(plan.doc, "issuing_agencies", None) or ())
    for cell in cells:
        for mention in registry.resolve_cell(cell):
            variants[today(mention.agency_iri)].add(mention.matched or mention.text)
    for owner, mention in graph.subject_objects(PKG.hasConceptMention):
        agency = graph.value(mention, PKG.mentionOf)
        if agency is not None and (owner, PKG.mentionsAgency, agency) in graph:
            variants[today(str(agency))].add(str(graph.value(mention, PKG.mentionText)))

    named = set(lead) | set(co) | set(variants) | issuing | set(mentioning)
    family = set(named)
    for iri in named:
        if iri in registry:
            family.update(registry.ancestors(iri))
    rolled_lead: dict[str, set] = defaultdict(set)
    rolled_co: dict[str, set] = defaultdict(set)
    for iri in named:
        chain = [iri] + (registry.ancestors(iri) if iri in registry else [])
        for holder in chain:
            rolled_lead[holder] |= lead.get(iri, set())
            rolled_co[holder] |= co.get(iri, set())

    rows = []
    for iri in sorted(family):
        known = iri in registry
        agency = registry.get(iri) if known else None
        parent = registry.parent_of(iri) if known else None
        ministry = registry.ministry_of(iri) if known else None
        change = registry.change_of(iri) if known else None
        successor = registry.get(registry.current(iri)) if change else None
        rows.append(
            {
                "agency_zh": agency.label_zh if agency else str(graph.value(URIRef(iri), RDFS.label) or iri),
                "agency_en": agency.label_en if agency else "",
                "agency_type": agency.agency_type.split("#")[-1] if agency else "",
                "parent_zh": registry.get(parent).label_zh if parent else "",
                "ministry_zh": registry.get(ministry).label_zh if ministry else "",
                "variants": ";".join(sorted(variants.get(iri, ()))),
                "lead_measures": len(lead.get(iri, ())),
                "co_measures": len(co.get(iri, ())),
                "lead_measures_rollup": len(rolled_lead.get(iri, ())),
                "co_measures_rollup": len(rolled_co.get(iri, ())),
                "iri": iri,
                "successor_zh": successor.label_zh if successor else "",
                "successor_en": successor.label_en if successor else "",
                "renamed_on": change.date if change else "",
                "issuing": iri in issuing,
                "mentioning_divisions": len(mentioning.get(iri, ())),
            }
        )
    table = pd.DataFrame(rows, columns=AGENCY_COLUMNS)
    order = ["lead_measures_rollup", "lead_measures", "issuing", "mentioning_divisions", "agency_zh"]
    return table.sort_values(order, ascending=[False, False, False, False, True]).reset_index(drop=True)
