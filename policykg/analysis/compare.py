"""Compare two plans: shared and exclusive entities, matched measures, totals side by side.

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

from policykg.analysis.overlaps import entity_labels, measure_frame, text_vectors

__all__ = ["ENTITY_COLUMNS", "MATCH_COLUMNS", "TOTAL_COLUMNS", "Comparison", "match_measures", "compare"]

ENTITY_COLUMNS = ["kind", "entity", "status", "measures_a", "measures_b", "iri"]
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


def _entity_counts(frame: pd.DataFrame, column: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for values in frame[column]:
        for v in set(values):
            counts[v] = counts.get(v, 0) + 1
    return counts


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
    return {key: int(v) if key[0] == "count" else v for key, v in out.items()}


def compare(a, b, min_similarity: float = 0.5, method="tfidf") -> Comparison:
    """Compare plan ``a`` with plan ``b`` (two :class:`policykg.Plan`).

    * ``entities`` (``ENTITY_COLUMNS``): every agency, technology and region linked to a measure of
      either plan, ``status`` shared / only_a / only_b, with how many measures use it in each;
    * ``matches`` (``MATCH_COLUMNS``): one-to-one matched measures with their text similarity;
    * ``totals`` (``TOTAL_COLUMNS``): budget sums per amount kind, target sums per unit and counts,
      side by side (``difference`` = b − a). Sums add every amount found in the texts as written;
      percentages are counted, not added (``count`` / ``targets in %``); counts are integers.
    """
    fa, fb = measure_frame(a), measure_frame(b)
    labels = {**entity_labels(a), **entity_labels(b)}
    rows = []
    for kind, column in (("agency", "agencies"), ("technology", "technologies"), ("region", "regions")):
        ca, cb = _entity_counts(fa, column), _entity_counts(fb, column)
        for iri in sorted(set(ca) | set(cb), key=lambda x: labels.get(x, x)):
            status = "shared" if iri in ca and iri in cb else ("only_a" if iri in ca else "only_b")
            rows.append({"kind": kind, "entity": labels.get(iri, iri), "status": status,
                         "measures_a": ca.get(iri, 0), "measures_b": cb.get(iri, 0), "iri": iri})
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
