"""Overlapping measures (``pkg:overlapsWith``): a score per pair and the signals that fired.

Signals: ``text`` (character n-gram TF-IDF cosine of measure name + 執行內容), ``technology``
(shared technologies, each weighted by its rarity), ``agency`` (shared lead / co-organizing
agencies), ``region`` (shared regions), ``period`` (overlapping periods). The score is a
weighted sum (``DEFAULT_WEIGHTS``); a pair is kept when the score reaches ``min_score`` and at
least one substantive signal (text or technology) fired.

Identical measures (the same name, texts, agencies, period, technologies and regions: plan copies,
rows a later version left unchanged) form one identity class: statistics, candidates and scores
come from one row per class; each plan keeps its own overlaps and the copies are rows of signal
``identical``, written as ``pkg:identicalTo`` (n copies give n − 1 rows, not n²).

Candidates come from blocking, never from an all-pairs loop: sparse nearest neighbours of
the text vectors (chunked sparse products, top-``k`` per measure, within each plan and across
plans) plus small blocks of measures that share a rare technology or region.

Example
-------
>>> import policykg
>>> df = overlaps(policykg.load_plan())
>>> row = df[(df.identifier_a == "5.3.1") & (df.identifier_b == "5.5.3")].iloc[0]
>>> (float(row.text_similarity), row.signals)
(1.0, 'text;same_name;technology;theme;agency;period;words')
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from functools import lru_cache
from itertools import combinations
from typing import Iterable

import numpy as np
import pandas as pd
from rdflib import Graph, Literal, URIRef

from policykg.analysis.frames import (
    decimal_literal,
    entity_labels,
    identity_classes,
    measure_frame,
    measure_themes,
    month_index,
    normalise_text,
    plans_of,
    read_rule_table,
    text_vectors,
    ANALYSIS_GRAPH,
)
from policykg.analysis.judgements import apply_judgements
from policykg.graph.namespaces import DCTERMS, PKG, PKID, PROV, RDF, RDFS

__all__ = [
    "OVERLAP_COLUMNS",
    "DEFAULT_WEIGHTS",
    "nearest_neighbour_pairs",
    "shared_words",
    "overlaps",
    "overlap_iri",
    "write_overlaps",
]

OVERLAP_COLUMNS = [
    "plan_a", "identifier_a", "measure_a", "pillar_a", "plan_b", "identifier_b", "measure_b", "pillar_b",
    "score", "signals", "text_similarity", "shared_technologies", "shared_agencies", "shared_regions",
    "shared_themes", "shared_words", "word_specificity", "why", "period_overlap_months", "name_similarity",
    "cross_pillar", "cross_plan", "lines_a", "lines_b", "iri_a", "iri_b", "judgement", "judgement_reason",
]

#: weights of the signals in the score (they sum to 1); calibrated on tests/data/judged_sample.tsv
DEFAULT_WEIGHTS = {"text": 0.25, "words": 0.2, "theme": 0.45, "agency": 0.1, "technology": 0.0, "region": 0.0,
                   "period": 0.0}

#: shared rare trigrams at which the word signal is full (word_specificity = 1)
_WORDS_FULL = 12


def _trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


def shared_words(a: str, b: str, rare: set[str], limit: int = 6, grams_b: set[str] | None = None,
                 common: set[str] | None = None) -> list[str]:
    """Longest runs of text two measures share that contain a rare trigram, longest first.

    ``a`` and ``b`` are normalised texts; ``rare`` is the set of trigrams few measures use.
    A run is a maximal stretch of ``a`` whose trigrams all occur in ``b``; only runs around a rare
    trigram both texts hold can qualify, so the runs are grown from those. ``grams_b``
    (``_trigrams(b)``) and ``common`` (the rare trigrams of both) when the caller has them already.

    >>> shared_words("建置矽光量測實驗室支援試製", "升級矽光量測實驗室", {"量測實"})
    ['矽光量測實驗室']
    """
    grams = _trigrams(b) if grams_b is None else grams_b
    common = _trigrams(a) & grams & rare if common is None else common
    if not common:
        return []
    runs = []
    position, end = 0, len(a) - 2  # the positions a trigram starts at: 0 … end - 1
    while position < end:  # one pass: each maximal stretch of a's trigrams that b holds too
        gram = a[position:position + 3]
        if gram not in grams:
            position += 1
            continue
        start, seeded = position, False
        while gram in grams:
            seeded = seeded or gram in common
            position += 1
            if position == end:
                break
            gram = a[position:position + 3]
        if seeded:  # it holds a rare trigram both texts have
            word = a[start:position + 2].strip("，。、；：「」()（）")
            if not rare.isdisjoint(_trigrams(word)):
                runs.append(word)
    return sorted(dict.fromkeys(runs), key=lambda w: (-len(w), w))[:limit]


def nearest_neighbour_pairs(matrix, rows: np.ndarray, columns: np.ndarray, k: int, threshold: float,
                            chunk: int = 512) -> dict[tuple[int, int], float]:
    """Top-``k`` cosine neighbours (≥ ``threshold``) of each of ``rows`` among ``columns``.

    Chunked sparse products keep memory at ``chunk × len(columns)``; returns {(i, j): sim} with i < j.
    """
    pairs: dict[tuple[int, int], float] = {}
    if len(rows) == 0 or len(columns) == 0:
        return pairs
    target = matrix[columns].T.tocsc()
    for begin in range(0, len(rows), chunk):
        block_rows = rows[begin:begin + chunk]
        sims = (matrix[block_rows] @ target).toarray()
        kk = min(k + 1, sims.shape[1])
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r, i in enumerate(block_rows):
            for c in top[r]:
                j = int(columns[c])
                sim = float(sims[r, c])
                if j == i or sim < threshold:
                    continue
                key = (int(i), j) if i < j else (j, int(i))
                if sim > pairs.get(key, -1.0):
                    pairs[key] = sim
    return pairs


def _pair_similarity(matrix, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
    pairs = list(pairs)
    if not pairs:
        return {}
    a = matrix[[i for i, _ in pairs]]
    b = matrix[[j for _, j in pairs]]
    sims = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return {p: float(s) for p, s in zip(pairs, sims)}


def _member_pairs(a: dict[str, list[int]], b: dict[str, list[int]], same_class: bool) -> list[tuple[int, int]]:
    """The measure pairs an overlap of two identity classes (plan → member rows) is reported for.

    Both classes in one plan: the pairs inside each such plan (every plan sees its own overlaps;
    across those plans they repeat as identical measures). Never in one plan: the first member of
    each (one pair, whatever the number of copies; ``why`` counts the pairs it stands for).
    One class with itself (a row listed twice in a plan): the pairs inside each plan.
    """
    if same_class:
        return [pair for rows in a.values() for pair in combinations(rows, 2)]
    common = [plan_id for plan_id in a if plan_id in b]
    if common:
        return [(x, y) for plan_id in common for x in a[plan_id] for y in b[plan_id]]
    return [(min(r for rows in a.values() for r in rows), min(r for rows in b.values() for r in rows))]


def _copies(a: dict[str, list[int]], b: dict[str, list[int]]) -> int:
    """How many measure pairs an overlap of two classes without a common plan stands for."""
    return sum(map(len, a.values())) * sum(map(len, b.values()))


def _ordered(a, b):
    if (a.plan, a.pillar_no, a.strategy_no, a.measure_no) > (b.plan, b.pillar_no, b.strategy_no, b.measure_no):
        return b, a
    return a, b


def _overlap_row(a, b, shared: dict, why: str) -> dict:
    return {
        "plan_a": a.plan,
        "identifier_a": a.identifier,
        "measure_a": a.measure,
        "pillar_a": a.pillar,
        "plan_b": b.plan,
        "identifier_b": b.identifier,
        "measure_b": b.measure,
        "pillar_b": b.pillar,
        **shared,
        "why": why,
        "cross_pillar": a.plan != b.plan or a.pillar_no != b.pillar_no,
        "cross_plan": a.plan != b.plan,
        "lines_a": a.source_lines,
        "lines_b": b.source_lines,
        "iri_a": a.iri,
        "iri_b": b.iri,
        "judgement": "",
        "judgement_reason": "",
    }


def _identical_rows(records, members: dict[int, dict[str, list[int]]], classes: list,
                    labels: dict[str, str]) -> list[dict]:
    """Signal ``identical``: each member of an identity class in another plan, with the class's first measure.

    ``records``: every measure row; ``classes``: one row per class (with its themes).
    """
    rows = []
    for c, plans in members.items():
        if len(plans) < 2:
            continue
        first_plan, first_rows = next(iter(plans.items()))
        first = records[first_rows[0]]
        themes = classes[c].themes
        months = _period_overlap(first.start, first.end, first.start, first.end)
        for plan_id, rows_of_plan in plans.items():
            if plan_id == first_plan:
                continue
            for y in rows_of_plan:
                a, b = _ordered(first, records[y])
                shared = {
                    "score": 1.0, "signals": "identical", "text_similarity": 1.0,
                    "shared_technologies": ";".join(labels.get(t, t) for t in sorted(first.technologies)),
                    "shared_agencies": ";".join(labels.get(t, t) for t in sorted(first.agencies)),
                    "shared_regions": ";".join(labels.get(t, t) for t in sorted(first.regions)),
                    "shared_themes": ";".join(themes), "shared_words": "", "word_specificity": 1.0,
                    "period_overlap_months": months, "name_similarity": 1.0,
                }
                why = (f"{b.identifier} {b.measure[:30]} of plan {b.plan} is identical to {a.identifier} of plan "
                       f"{a.plan} (same name, 執行內容, agencies and period; lines {b.source_lines} and "
                       f"{a.source_lines}).")
                rows.append(_overlap_row(a, b, shared, why))
    return rows


# -- scoring -------------------------------------------------------------------------------
def _period_overlap(a_start, a_end, b_start, b_end) -> int:
    if not (a_start and a_end and b_start and b_end):
        return 0
    lo = max(month_index(a_start), month_index(b_start))
    hi = min(month_index(a_end), month_index(b_end))
    return max(0, hi - lo + 1)


def _weighted_jaccard(a: tuple, b: tuple, weight: dict[str, float]) -> tuple[float, list[str]]:
    sa, sb = set(a), set(b)
    union = sa | sb
    if not union:
        return 0.0, []
    shared = sorted(sa & sb)
    total = sum(weight.get(x, 1.0) for x in union)
    return (sum(weight.get(x, 1.0) for x in shared) / total if total else 0.0), shared


def _why(a, b, themes: list[str], words: list[str], theme_labels: dict[str, str], text_sim: float,
         same_name: bool) -> str:
    """One sentence: what the two measures share, with the words and the rows to check."""
    def lines(x) -> str:
        return f"line{'s' if '-' in x.source_lines else ''} {x.source_lines}"

    first = f"{a.identifier} {a.measure[:30]} ({lines(a)}) and {b.identifier} {b.measure[:30]} ({lines(b)})"
    if same_name:
        reason = "have the same name"
    elif themes:
        reason = f"share the purpose {theme_labels.get(themes[0], themes[0])}"
    else:
        reason = f"have similar texts (cosine {text_sim:.2f})"
    said = f", both writing 「{'」「'.join(words[:3])}」" if words else ""
    return f"{first} {reason}{said}."


def _in_scope(scope: str, a, b) -> bool:
    if scope == "all":
        return True
    if a.plan != b.plan:
        return True
    if scope == "cross_pillar":
        return a.pillar_no != b.pillar_no
    if scope == "cross_strategy":
        return (a.pillar_no, a.strategy_no) != (b.pillar_no, b.strategy_no)
    raise ValueError(f"unknown scope {scope!r} (cross_pillar, cross_strategy or all)")


def overlaps(
    source,
    min_score: float = 0.25,
    text_threshold: float = 0.3,
    scope: str = "cross_strategy",
    method="tfidf",
    k: int = 10,
    candidate_threshold: float = 0.15,
    max_technology_share: float = 0.2,
    max_block: int = 60,
    weights: dict[str, float] | None = None,
    measures: pd.DataFrame | None = None,
    same_name_threshold: float = 0.9,
    themes: pd.DataFrame | None = None,
    rare_share: float = 0.03,
    judgements=None,
    show_rejected: bool = False,
) -> pd.DataFrame:
    """Overlapping measures of a Plan / Corpus / list of plans → DataFrame (``OVERLAP_COLUMNS``).

    ``scope``: ``cross_strategy`` (default: pairs of different strategies or plans),
    ``cross_pillar`` (different pillars or plans) or ``all``. ``text_threshold``: cosine at which
    the ``text`` signal fires. ``max_technology_share``: a technology used by more than this share
    of measures (人工智慧) neither fires the ``technology`` signal nor forms a block.
    ``method``: a key of ``TEXT_METHODS`` or a callable(texts) → L2-normalised sparse matrix.
    Two measures whose names alone have cosine ≥ ``same_name_threshold`` fire ``same_name`` and their
    text score is the name similarity (a measure listed twice with different execution texts).
    ``themes``: a table like ``queries/rules/themes.tsv`` (the default). ``shared_words``: runs of
    text both measures write that hold a trigram used by at most ``rare_share`` of the measures;
    ``word_specificity`` (0–1) counts those rare trigrams (full at 12) and drives the ``words`` signal.
    ``judgements``: a judgements TSV path or DataFrame; rejected pairs are dropped unless ``show_rejected``.
    Shared entities are listed by label, ``;``-separated; ``signals`` likewise.
    """
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    frame = measure_frame(source) if measures is None else measures
    if frame.empty:
        return pd.DataFrame(columns=OVERLAP_COLUMNS)
    # identical measures (plan copies, rows a later version left unchanged) are one class: the
    # statistics, candidates and scores come from one row per class (copies weigh nothing), the
    # overlaps found are then reported for the member pairs (see _member_pairs)
    full = frame.reset_index(drop=True)
    classes = identity_classes(full)
    members: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, (c, plan_id) in enumerate(zip(classes, full["plan"])):
        members[int(c)][plan_id].append(i)
    frame = full.iloc[np.unique(classes, return_index=True)[1]].reset_index(drop=True)  # row c: class c
    plans = plans_of(source)
    labels: dict[str, str] = {}
    for plan in plans[:1] + [p for p in plans[1:] if p.rdf is not plans[0].rdf]:
        labels.update(entity_labels(plan))
    n = len(frame)
    texts = (frame["measure"] + "。" + frame["content"] + "。" + frame["narrative"]).tolist()
    matrix = text_vectors(texts, method)
    normalised = [normalise_text(t) for t in texts]
    trigram_count: dict[str, int] = defaultdict(int)
    for text in normalised:
        for gram in _trigrams(text):
            trigram_count[gram] += 1
    rare = {g for g, c in trigram_count.items() if c <= max(2, rare_share * n) and not re.search(r"[，。、；：「」()（）]", g)}
    # each class's rare trigrams are kept (small); its full trigram set only for the pairs that
    # share a rare one (all of them at once cost tens of kilobytes a measure on a large corpus)
    rare_grams = [_trigrams(text) & rare for text in normalised]
    grams = lru_cache(maxsize=4096)(lambda k: _trigrams(normalised[k]))

    # rarity weights of technologies, agencies and regions (log inverse document frequency)
    def idf(column: str) -> tuple[dict[str, float], dict[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for values in frame[column]:
            for v in set(values):
                counts[v] += 1
        return {v: math.log((n + 1) / (c + 1)) + 1e-3 for v, c in counts.items()}, counts

    theme_table = read_rule_table("themes.tsv") if themes is None else themes
    theme_labels = {t.theme: t.label.split(" / ", 1)[-1] for t in theme_table.itertuples(index=False)}
    frame = frame.assign(themes=measure_themes(frame, theme_table))
    tech_weight, tech_count = idf("technologies")
    theme_weight, _ = idf("themes")
    max_theme_weight = math.log(n + 1)
    agency_weight, _ = idf("agencies")
    region_weight, region_count = idf("regions")
    specific_tech = {t for t, c in tech_count.items() if c <= max(2, max_technology_share * n)}
    specific_region = {r for r, c in region_count.items() if c <= max(2, max_technology_share * n)}

    # candidates: text neighbours within each plan and across plans, plus rare-entity blocks
    candidates: dict[tuple[int, int], float] = {}
    plan_codes = frame["plan"].to_numpy()
    for plan_id in dict.fromkeys(plan_codes):
        rows = np.flatnonzero(plan_codes == plan_id)
        candidates.update(nearest_neighbour_pairs(matrix, rows, rows, k, candidate_threshold))
    if full["plan"].nunique() > 1:
        everything = np.arange(n)
        for (i, j), s in nearest_neighbour_pairs(matrix, everything, everything, k, candidate_threshold).items():
            candidates.setdefault((i, j), s)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, (techs, regions) in enumerate(zip(frame["technologies"], frame["regions"])):
        for key in set(techs) & specific_tech:
            blocks[key].append(i)
        for key in set(regions) & specific_region:
            blocks[key].append(i)
    for i, themes_of in enumerate(frame["themes"]):
        for key in themes_of:
            blocks["theme:" + key].append(i)
    missing = set()
    for members_of_block in blocks.values():
        if 2 <= len(members_of_block) <= max_block:
            missing.update(p for p in combinations(sorted(members_of_block), 2) if p not in candidates)
    # a measure listed twice in one plan with the very same row: the pair of its class with itself
    missing.update((c, c) for c in range(n) if any(len(rows) > 1 for rows in members[c].values()))
    candidates.update(_pair_similarity(matrix, missing))

    records = list(frame.itertuples(index=False))
    full_records = list(full.itertuples(index=False))
    expanded = {}
    for (i, j), text_sim in candidates.items():
        pairs = [(x, y) for x, y in _member_pairs(members[i], members[j], i == j)
                 if _in_scope(scope, full_records[x], full_records[y])]
        if pairs:
            expanded[(i, j)] = (text_sim, pairs)
    name_matrix = text_vectors(frame["measure"].tolist(), method)
    name_sims = _pair_similarity(name_matrix, expanded)
    rows_out = []
    for (i, j), (text_sim, pairs) in expanded.items():
        a, b = records[i], records[j]
        name_sim = name_sims[(i, j)]
        if name_sim >= same_name_threshold:
            text_sim = max(text_sim, name_sim)
        shared_theme = sorted(set(a.themes) & set(b.themes), key=lambda t: (-theme_weight[t], t))
        # the rarest shared theme counts (squared rarity): one shared purpose is enough, broad fields weigh little
        theme_score = (theme_weight[shared_theme[0]] / max_theme_weight) ** 2 if shared_theme else 0.0
        tech_score, shared_tech = _weighted_jaccard(a.technologies, b.technologies, tech_weight)
        agency_score, shared_agency = _weighted_jaccard(a.agencies, b.agencies, agency_weight)
        region_score, shared_region = _weighted_jaccard(a.regions, b.regions, region_weight)
        months = _period_overlap(a.start, a.end, b.start, b.end)
        spans = [
            month_index(x.end) - month_index(x.start) + 1 for x in (a, b) if x.start and x.end
        ]
        period_score = months / min(spans) if months and spans else 0.0
        signals = []
        if text_sim >= text_threshold:
            signals.append("text")
        if name_sim >= same_name_threshold:
            signals.append("same_name")
        if set(shared_tech) & specific_tech:
            signals.append("technology")
        if shared_theme:
            signals.append("theme")
        if shared_agency:
            signals.append("agency")
        if set(shared_region) & specific_region:
            signals.append("region")
        if months:
            signals.append("period")
        common = rare_grams[i] & rare_grams[j]
        word_score = min(1.0, len(common) / _WORDS_FULL)
        if word_score >= 0.25:
            signals.append("words")
        if not ({"text", "technology", "theme", "words"} & set(signals)):
            continue
        score = (
            weights["text"] * min(1.0, text_sim)
            + weights["words"] * word_score
            + weights["technology"] * tech_score
            + weights["theme"] * theme_score
            + weights["agency"] * agency_score
            + weights["region"] * region_score
            + weights["period"] * period_score
        )
        score = round(score, 3)  # the score as reported: a pair shown as 0.4 passes min_score=0.4
        if score < min_score:
            continue
        # the words themselves only for a pair that is kept (the score counts the rare trigrams)
        words = shared_words(normalised[i], normalised[j], rare, grams_b=grams(j) if common else set(), common=common)
        shared = {
            "score": score,
            "signals": ";".join(signals),
            "text_similarity": round(min(1.0, text_sim), 3),
            "shared_technologies": ";".join(labels.get(t, t) for t in shared_tech),
            "shared_agencies": ";".join(labels.get(t, t) for t in shared_agency),
            "shared_regions": ";".join(labels.get(t, t) for t in shared_region),
            "shared_themes": ";".join(shared_theme),
            "shared_words": ";".join(words),
            "word_specificity": round(word_score, 3),
            "period_overlap_months": months,
            "name_similarity": round(min(1.0, name_sim), 3),
        }
        copies = _copies(members[i], members[j]) if len(pairs) == 1 and i != j else 1
        for x, y in pairs:
            a, b = _ordered(full_records[x], full_records[y])
            why = _why(a, b, shared_theme, words, theme_labels, text_sim, name_sim >= same_name_threshold)
            if copies > 1:
                why += f" The same pair stands for {copies} pairs of identical copies in other plans."
            rows_out.append(_overlap_row(a, b, shared, why))
    rows_out += _identical_rows(full_records, members, records, labels)
    out = pd.DataFrame(rows_out, columns=OVERLAP_COLUMNS)
    out = out.sort_values(["score", "iri_a", "iri_b"], ascending=[False, True, True], ignore_index=True)
    return apply_judgements(out, judgements, "overlap", show_rejected)


# -- graph ---------------------------------------------------------------------------------
def overlap_iri(iri_a: str, iri_b: str) -> URIRef:
    """Deterministic IRI of the reified overlap of two measures (order-independent)."""
    key = "|".join(sorted((iri_a, iri_b)))
    return URIRef(f"{PKID}overlap/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}")


def write_overlaps(source, frame: pd.DataFrame | None = None, graph: Graph | None = None, **options) -> Graph:
    """Add ``pkg:overlapsWith`` both ways plus a ``pkg:Overlap`` node per pair; returns the graph.

    Rows of signal ``identical`` (the same measure in two plans) become ``pkg:identicalTo`` both ways.

    Default graph: the plan's named graph for a Plan, the ``analysis`` named graph of a Corpus.
    The node carries ``pkg:edgeSource`` / ``pkg:edgeTarget`` (the two measures), ``pkg:score``,
    one ``pkg:signal`` per fired signal, ``pkg:textSimilarity`` and ``pkg:evidence`` (the reasons).
    """
    frame = overlaps(source, **options) if frame is None else frame
    if graph is None:
        graph = source.graph if hasattr(source, "doc") else source.rdf.graph(ANALYSIS_GRAPH)
    # signals repeat across rows: one Literal each (rdflib terms are immutable; decimals are cached too)
    signal_literals: dict[str, Literal] = {}

    def decimal(value: float) -> Literal:
        return decimal_literal(value, 3)

    # terms looked up once: rdflib's closed namespaces (RDFS, DCTERMS, PROV) resolve attributes slowly
    rdfs_label, identifier, derived_from, rdf_type = RDFS.label, DCTERMS.identifier, PROV.wasDerivedFrom, RDF.type
    for row in frame.itertuples(index=False):
        a, b = URIRef(row.iri_a), URIRef(row.iri_b)
        if row.signals == "identical":  # the same measure in two plans: no overlap node, one edge kind
            graph.add((a, PKG.identicalTo, b))
            graph.add((b, PKG.identicalTo, a))
            continue
        graph.add((a, PKG.overlapsWith, b))
        graph.add((b, PKG.overlapsWith, a))
        node = overlap_iri(row.iri_a, row.iri_b)
        graph.add((node, rdf_type, PKG.Overlap))
        graph.add((node, PKG.edgeSource, a))
        graph.add((node, PKG.edgeTarget, b))
        graph.add((node, PKG.score, decimal(row.score)))
        graph.add((node, PKG.textSimilarity, decimal(row.text_similarity)))
        for signal in row.signals.split(";"):
            if signal not in signal_literals:
                signal_literals[signal] = Literal(signal)
            graph.add((node, PKG.signal, signal_literals[signal]))
        reasons = [f"text {row.text_similarity:.2f}"]
        for label, value in (("technologies", row.shared_technologies), ("themes", row.shared_themes),
                             ("agencies", row.shared_agencies),
                             ("regions", row.shared_regions)):
            if value:
                reasons.append(f"{label}: {value}")
        if row.period_overlap_months:
            reasons.append(f"periods overlap {row.period_overlap_months} months")
        if row.shared_words:
            reasons.append(f"shared words: {row.shared_words}")
            graph.add((node, PKG.matchedWords, Literal(row.shared_words)))
        graph.add((node, PKG.why, Literal(row.why, lang="en")))
        graph.add((node, PKG.evidence, Literal("; ".join(reasons))))
        graph.add((node, rdfs_label, Literal(f"{row.identifier_a} ↔ {row.identifier_b}")))
        graph.add((node, identifier, Literal(f"{row.identifier_a}~{row.identifier_b}")))
        for plan_id in {row.plan_a, row.plan_b}:
            graph.add((node, derived_from, URIRef(f"{PKID}{plan_id}/source")))
    return graph
