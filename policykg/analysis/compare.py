"""Compare two plans: shared and exclusive entities, matched measures, totals side by side.

Entities are the agencies, technologies and regions a plan links to anywhere: from its measures
(lead / co-organizing agencies), its pillars (表1 lead ministries), its cover (issuing agencies)
and the free text of a prose plan's divisions. Agencies are compared through renamings: a body
that was reorganised (科技部 → 國家科學及技術委員會, 2022-07) counts as its successor today
(W3C ORG change events of graph/agencies.ttl), and the name each plan used is kept.

Measures are matched one-to-one by text similarity of name + 執行內容 (character n-gram TF-IDF,
greedy best-first), never by position, so renumbered or moved measures still match.

Example
-------
>>> import policykg
>>> plan = policykg.load_plan()
>>> result = compare(plan, plan)
>>> (set(result.entities.status), len(result.matches) == len(list(plan.doc.measures())))
({'shared'}, True)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from policykg.analysis.frames import entity_labels, measure_frame, text_vectors
from policykg.graph.namespaces import PKG, RDF

__all__ = ["ENTITY_COLUMNS", "MATCH_COLUMNS", "TOTAL_COLUMNS", "Comparison", "match_measures", "compare"]

ENTITY_COLUMNS = ["kind", "entity", "status", "measures_a", "measures_b", "iri", "nodes_a", "nodes_b",
                  "as_written_a", "as_written_b"]

#: edges that link a plan's nodes to an entity of each kind
ENTITY_LINKS = {
    "agency": (PKG.leadAgency, PKG.coOrganizingAgency, PKG.pillarLeadAgency, PKG.issuingAgency, PKG.mentionsAgency),
    "technology": (PKG.usesTechnology,),
    "region": (PKG.targetsRegion, PKG.locatedIn),
}
MATCH_COLUMNS = [
    "identifier_a", "measure_a", "identifier_b", "measure_b", "similarity", "same_identifier", "lines_a",
    "lines_b",
]
TOTAL_COLUMNS = ["metric", "group", "a", "b", "difference"]
#: target units that are shares (summing them means nothing): counted in ``totals`` instead
PERCENT_UNITS = frozenset({"%", "％", "percent", "百分比", "成"})


@dataclass
class Comparison:
    """The result of :func:`compare`: three DataFrames and the two plan ids."""

    plan_a: str
    plan_b: str
    entities: pd.DataFrame
    matches: pd.DataFrame
    totals: pd.DataFrame

    def __repr__(self) -> str:
        counts = self.entities.status.value_counts().to_dict()
        return (f"<Comparison {self.plan_a} vs {self.plan_b}: {len(self.matches)} matched measures, "
                f"entities {counts}>")


def match_measures(a: pd.DataFrame, b: pd.DataFrame, min_similarity: float = 0.5, method="tfidf",
                   ) -> list[tuple[int, int, float]]:
    """One-to-one matches (row of ``a``, row of ``b``, cosine) of two measure frames, best first.

    Ties (a measure listed twice with the same text) go to the pair with the same identifier, then
    to the nearest position. Pairs under ``min_similarity`` stay unmatched.
    """
    if a.empty or b.empty:
        return []
    texts = (pd.concat([a["measure"], b["measure"]]) + "。" + pd.concat([a["content"], b["content"]])).tolist()
    matrix = text_vectors(texts, method)
    sims = (matrix[: len(a)] @ matrix[len(a):].T).toarray()
    same_id = (a["identifier"].to_numpy()[:, None] == b["identifier"].to_numpy()[None, :])
    same_name = (a["measure"].to_numpy()[:, None] == b["measure"].to_numpy()[None, :])
    position = np.abs(np.arange(len(a))[:, None] / max(1, len(a)) - np.arange(len(b))[None, :] / max(1, len(b)))
    candidates = np.argwhere(sims >= min_similarity)
    order = sorted(
        candidates.tolist(),
        key=lambda ij: (-round(float(sims[ij[0], ij[1]]), 6), not same_name[ij[0], ij[1]],
                        not same_id[ij[0], ij[1]], position[ij[0], ij[1]]),
    )
    used_a, used_b, out = set(), set(), []
    for i, j in order:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j, min(1.0, float(sims[i, j]))))
    return out


def _entity_counts(frame: pd.DataFrame, column: str, rename=lambda iri: iri) -> dict[str, int]:
    counts: dict[str, int] = {}
    for values in frame[column]:
        for v in {rename(v) for v in values}:
            counts[v] = counts.get(v, 0) + 1
    return counts


def plan_entities(plan, kind: str, rename=lambda iri: iri) -> dict[str, tuple[set[str], set[str]]]:
    """Entity IRI (after ``rename``) → (nodes of the plan linking to it, IRIs as the plan wrote them).

    Nodes are counted once (a measure, not also each of its schedule rows).
    """
    graph = plan.graph
    rows = set(graph.subjects(RDF.type, PKG.ScheduleEntry))
    out: dict[str, tuple[set[str], set[str]]] = {}
    for prop in ENTITY_LINKS[kind]:
        for owner, entity in graph.subject_objects(prop):
            if owner in rows:
                continue
            nodes, written = out.setdefault(rename(str(entity)), (set(), set()))
            nodes.add(str(owner))
            written.add(str(entity))
    return out


def _renaming():
    """Agency IRI → the body that carries its responsibilities today (itself if never renamed)."""
    from policykg.graph.enrichment import agency_registry

    registry = agency_registry()
    current = getattr(registry, "current", None)
    if current is None:
        return lambda iri: iri
    return lambda iri: current(iri) if iri in registry else iri


def _totals(plan, name: str) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    budgets = plan.budgets()
    for (kind, currency), value in budgets.groupby(["kind", "currency"])["value"].sum().items():
        out[("budget", f"{kind} ({currency})")] = float(value)
    targets = plan.targets()
    for unit, group in targets.groupby("unit"):
        if unit in PERCENT_UNITS:  # shares of different wholes do not add up: count them
            out[("count", f"targets in {unit}")] = len(group)
        else:
            out[("target", unit or "(no unit)")] = float(group["value"].sum())
    doc = plan.doc
    out[("count", "pillars")] = len(doc.pillars)
    out[("count", "strategies")] = sum(len(p.strategies) for p in doc.pillars)
    out[("count", "measures")] = len(list(doc.measures()))
    out[("count", "divisions")] = sum(1 for _ in doc.all_divisions())
    return {key: int(v) if key[0] == "count" else v for key, v in out.items()}


def compare(a, b, min_similarity: float = 0.5, method="tfidf", follow_renamings: bool = True) -> Comparison:
    """Compare plan ``a`` with plan ``b`` (two :class:`policykg.Plan`).

    * ``entities`` (``ENTITY_COLUMNS``): every agency, technology and region either plan links to,
      ``status`` shared / only_a / only_b (in that order within each kind), how many measures (``measures_*``) and nodes of any kind
      (``nodes_*``: measures, pillars, the plan, divisions) link to it in each, and the names each
      plan wrote when they differ from the entity's (``as_written_*``: 科技部 for
      國家科學及技術委員會 with ``follow_renamings``);
    * ``matches`` (``MATCH_COLUMNS``): one-to-one matched measures with their text similarity;
    * ``totals`` (``TOTAL_COLUMNS``): budget sums per amount kind, target sums per unit and counts,
      side by side (``difference`` = b − a). Sums add every amount found in the texts as written;
      percentages are counted, not added (``count`` / ``targets in %``); counts are integers.
    """
    fa, fb = measure_frame(a), measure_frame(b)
    labels = {**entity_labels(a), **entity_labels(b)}
    rows = []
    for kind, column in (("agency", "agencies"), ("technology", "technologies"), ("region", "regions")):
        rename = _renaming() if kind == "agency" and follow_renamings else (lambda iri: iri)
        ca, cb = _entity_counts(fa, column, rename), _entity_counts(fb, column, rename)
        ea, eb = plan_entities(a, kind, rename), plan_entities(b, kind, rename)
        for iri in sorted(set(ca) | set(cb) | set(ea) | set(eb), key=lambda x: labels.get(x, x)):
            in_a, in_b = iri in ca or iri in ea, iri in cb or iri in eb
            status = "shared" if in_a and in_b else ("only_a" if in_a else "only_b")
            written = [
                "；".join(sorted(labels.get(w, w) for w in e.get(iri, (set(), set()))[1] if w != iri)) for e in (ea, eb)
            ]
            rows.append({"kind": kind, "entity": labels.get(iri, iri), "status": status,
                         "measures_a": ca.get(iri, 0), "measures_b": cb.get(iri, 0), "iri": iri,
                         "nodes_a": len(ea.get(iri, ((),))[0]), "nodes_b": len(eb.get(iri, ((),))[0]),
                         "as_written_a": written[0], "as_written_b": written[1]})
    order = {"shared": 0, "only_a": 1, "only_b": 2}
    rows.sort(key=lambda r: (list(ENTITY_LINKS).index(r["kind"]), order[r["status"]]))  # stable: labels within
    entities = pd.DataFrame(rows, columns=ENTITY_COLUMNS)
    matched = []
    for i, j, sim in match_measures(fa, fb, min_similarity, method):
        ra, rb = fa.iloc[i], fb.iloc[j]
        matched.append({"identifier_a": ra.identifier, "measure_a": ra.measure, "identifier_b": rb.identifier,
                        "measure_b": rb.measure, "similarity": round(sim, 3),
                        "same_identifier": ra.identifier == rb.identifier, "lines_a": ra.source_lines,
                        "lines_b": rb.source_lines})
    matches = pd.DataFrame(matched, columns=MATCH_COLUMNS)
    ta, tb = _totals(a, "a"), _totals(b, "b")
    totals = pd.DataFrame(
        [{"metric": m, "group": g, "a": ta.get((m, g), 0), "b": tb.get((m, g), 0),
          "difference": tb.get((m, g), 0) - ta.get((m, g), 0)}
         for m, g in sorted(set(ta) | set(tb))],
        columns=TOTAL_COLUMNS, dtype=object,  # counts stay integers next to sums
    )
    return Comparison(a.plan_id, b.plan_id, entities, matches, totals)
