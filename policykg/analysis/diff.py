"""Differences between two versions of a plan: one row per change, measures matched by content.

Measures of the old and new version are matched one-to-one by the text of name + 執行內容
(:func:`policykg.analysis.compare.match_measures`), not by position. Then:

* ``removed`` / ``added`` — a measure without a match;
* ``moved`` — a matched measure now under another pillar or strategy (``field`` = ``strategy``), or
  whose order among the matched measures of unchanged strategy changed (``field`` = ``position``;
  measures outside the longest subsequence kept in order). A measure renumbered only because a row before it was dropped or
  added is not moved;
* ``changed`` — one row per differing field of a matched measure: ``measure`` (name), ``content``,
  ``period`` (the 起訖時程 cells, ``；``-joined), ``lead_agency``, ``co_agencies`` (as written).

Example
-------
>>> import policykg
>>> diff(policykg.default_plan_path(), policykg.default_plan_path()).empty
True
"""
from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import pandas as pd

from policykg.analysis.compare import match_measures
from policykg.loaders.plan_model import PlanDocument
from policykg.analysis.frames import span_text

__all__ = ["DIFF_COLUMNS", "DIFF_FIELDS", "plan_document_of", "measure_versions", "diff"]

DIFF_COLUMNS = [
    "change", "pillar", "measure", "field", "old", "new", "strategy", "identifier_old", "identifier_new",
    "lines_old", "lines_new",
]
DIFF_FIELDS = ("measure", "content", "period", "lead_agency", "co_agencies")
_CHANGE_ORDER = {"removed": 0, "moved": 1, "changed": 2, "added": 3}


def plan_document_of(source) -> PlanDocument:
    """A :class:`PlanDocument` from a Plan, a PlanDocument or a path."""
    if isinstance(source, PlanDocument):
        return source
    if hasattr(source, "doc"):
        return source.doc
    from policykg.loaders.plan_document import parse_plan_document

    return parse_plan_document(Path(source))


def measure_versions(doc: PlanDocument) -> pd.DataFrame:
    """One row per measure with the compared fields, as written (document order)."""
    rows = []
    for order, (pillar, strategy, measure) in enumerate(doc.measures()):
        leads = list(dict.fromkeys(e.agencies[0] for e in measure.schedule if e.agencies))
        cos = list(dict.fromkeys(a for e in measure.schedule for a in e.agencies[1:] if a not in leads))
        rows.append({
            "order": order,
            "identifier": f"{pillar.number}.{strategy.number}.{measure.number}",
            "pillar": pillar.title,
            "strategy": f"{pillar.number}.{strategy.number} {strategy.title}",
            "strategy_key": (pillar.title, strategy.title),
            "measure": measure.name,
            "content": measure.content,
            "period": "；".join(e.period_raw for e in measure.schedule),
            "lead_agency": "；".join(leads),
            "co_agencies": "；".join(cos),
            "source_lines": span_text(measure.span),
        })
    return pd.DataFrame(rows)


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions (in ``values``) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_pos: list[int] = []
    previous = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(i)
        else:
            tails[k] = v
            tail_pos[k] = i
        previous[i] = tail_pos[k - 1] if k else -1
    keep, i = set(), tail_pos[-1] if tail_pos else -1
    while i != -1:
        keep.add(i)
        i = previous[i]
    return keep


def diff(old, new, min_similarity: float = 0.5, method="tfidf") -> pd.DataFrame:
    """Changes from ``old`` to ``new`` (paths, Plans or PlanDocuments) → DataFrame (``DIFF_COLUMNS``).

    ``pillar`` and ``strategy`` are the new version's (the old one's for removed measures);
    ``measure`` is the new name (old for removed). Rows are sorted by change kind then position.
    """
    a, b = measure_versions(plan_document_of(old)), measure_versions(plan_document_of(new))
    matches = match_measures(a, b, min_similarity, method) if len(a) and len(b) else []
    matches.sort(key=lambda m: a.iloc[m[0]]["order"])
    stayed = [n for n, (i, j, _) in enumerate(matches) if a.iloc[i]["strategy_key"] == b.iloc[j]["strategy_key"]]
    in_order = {stayed[k] for k in _longest_increasing([int(b.iloc[matches[n][1]]["order"]) for n in stayed])}
    rows = []

    def row(change, ra, rb, field, old_value, new_value):
        ref = rb if rb is not None else ra
        rows.append({
            "change": change, "pillar": ref["pillar"], "measure": ref["measure"], "field": field,
            "old": old_value, "new": new_value, "strategy": ref["strategy"],
            "identifier_old": ra["identifier"] if ra is not None else "",
            "identifier_new": rb["identifier"] if rb is not None else "",
            "lines_old": ra["source_lines"] if ra is not None else "",
            "lines_new": rb["source_lines"] if rb is not None else "",
            "_order": ref["order"],
        })

    matched_a, matched_b = set(), set()
    for position, (i, j, _) in enumerate(matches):
        ra, rb = a.iloc[i], b.iloc[j]
        matched_a.add(i)
        matched_b.add(j)
        if ra["strategy_key"] != rb["strategy_key"]:
            row("moved", ra, rb, "strategy", ra["strategy"], rb["strategy"])
        elif position not in in_order:
            row("moved", ra, rb, "position", ra["identifier"], rb["identifier"])
        for field in DIFF_FIELDS:
            if ra[field] != rb[field]:
                row("changed", ra, rb, field, ra[field], rb[field])
    for i in range(len(a)):
        if i not in matched_a:
            ra = a.iloc[i]
            row("removed", ra, None, "measure", ra["measure"], "")
    for j in range(len(b)):
        if j not in matched_b:
            rb = b.iloc[j]
            row("added", None, rb, "measure", "", rb["measure"])
    out = pd.DataFrame(rows, columns=DIFF_COLUMNS + ["_order"])
    out["_kind"] = out["change"].map(_CHANGE_ORDER)
    return out.sort_values(["_kind", "_order", "field"], ignore_index=True)[DIFF_COLUMNS]
