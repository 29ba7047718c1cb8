"""Overlapping measures (``pkg:overlapsWith``): a score per pair and the signals that fired.

Signals: ``text`` (character n-gram TF-IDF cosine of measure name + 執行內容), ``technology``
(shared technologies, each weighted by its rarity), ``agency`` (shared lead / co-organizing
agencies), ``region`` (shared regions), ``period`` (overlapping periods). The score is a
weighted sum (``DEFAULT_WEIGHTS``); a pair is kept when the score reaches ``min_score`` and at
least one substantive signal (text or technology) fired.

Candidates come from blocking, never from an all-pairs loop: sparse nearest neighbours of
the text vectors (chunked sparse products, top-``k`` per measure, within each plan and across
plans) plus small blocks of measures that share a rare technology or region.

Example
-------
>>> import policykg
>>> df = overlaps(policykg.load_plan())
>>> row = df[(df.identifier_a == "5.3.1") & (df.identifier_b == "5.5.3")].iloc[0]
>>> (float(row.text_similarity), row.signals)
(1.0, 'text;same_name;technology;agency;period')
"""
from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from collections import defaultdict
from itertools import combinations
from typing import Callable, Iterable

import numpy as np
import pandas as pd
from rdflib import Graph, Literal, URIRef

from policykg.graph.namespaces import DCTERMS, GRAPH_BASE, PKG, PKID, PROV, RDF, RDFS, SKOS, XSD
from policykg.plan import span_text

__all__ = [
    "MEASURE_FRAME_COLUMNS",
    "OVERLAP_COLUMNS",
    "DEFAULT_WEIGHTS",
    "TEXT_METHODS",
    "ANALYSIS_GRAPH",
    "plans_of",
    "measure_frame",
    "entity_labels",
    "read_rule_table",
    "measure_themes",
    "normalise_text",
    "tfidf_char_ngrams",
    "nearest_neighbour_pairs",
    "overlaps",
    "write_overlaps",
]

#: named graph for analysis edges that span several plans (Corpus)
ANALYSIS_GRAPH = URIRef(GRAPH_BASE + "analysis")

MEASURE_FRAME_COLUMNS = [
    "plan", "iri", "identifier", "pillar_no", "pillar", "strategy_no", "strategy", "measure_no", "measure",
    "content", "start", "end", "period_raw", "lead_agencies", "co_agencies", "agencies", "technologies",
    "regions", "source_lines",
]

OVERLAP_COLUMNS = [
    "plan_a", "identifier_a", "measure_a", "pillar_a", "plan_b", "identifier_b", "measure_b", "pillar_b",
    "score", "signals", "text_similarity", "shared_technologies", "shared_agencies", "shared_regions",
    "shared_themes", "period_overlap_months", "name_similarity", "cross_pillar", "cross_plan", "lines_a", "lines_b", "iri_a", "iri_b",
]

#: weights of the signals in the score (they sum to 1)
DEFAULT_WEIGHTS = {"text": 0.45, "technology": 0.2, "theme": 0.1, "agency": 0.1, "region": 0.05, "period": 0.1}


# -- measures as one row each -------------------------------------------------------------
def plans_of(source) -> list:
    """The plans of a Plan, a Corpus (``.plans``) or an iterable of plans."""
    if hasattr(source, "doc"):
        return [source]
    if hasattr(source, "plans"):
        return list(source.plans)
    return list(source)


_LABEL_CACHE: dict[int, tuple] = {}


def entity_labels(plan) -> dict[str, str]:
    """IRI → zh-Hant label of the shared vocabularies and of every plan in the plan's dataset.

    Cached per dataset and its size (a store that grows is read again).
    """
    key = id(plan.rdf)
    cached = _LABEL_CACHE.get(key)
    if cached and cached[0] is plan.rdf and cached[1] == len(plan.rdf):
        return cached[2]
    labels: dict[str, str] = {}
    others: dict[str, str] = {}
    for graph in (plan.rdf,):
        for s, label in [*graph.subject_objects(RDFS.label), *graph.subject_objects(SKOS.prefLabel)]:
            if isinstance(label, Literal) and (label.language or "zh-hant").lower() == "zh-hant":
                labels.setdefault(str(s), str(label))
            elif isinstance(label, Literal):
                others.setdefault(str(s), str(label))
    result = {**others, **labels}
    _LABEL_CACHE.clear()
    _LABEL_CACHE[key] = (plan.rdf, len(plan.rdf), result)
    return result


def _month(value: str | None, end: bool = False) -> str | None:
    if not value:
        return None
    return value if len(value) == 7 else f"{value}-{'12' if end else '01'}"


def _links(graph: Graph, prop: URIRef) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for s, o in graph.subject_objects(prop):
        if str(o) not in out[str(s)]:
            out[str(s)].append(str(o))
    return out


def measure_frame(source) -> pd.DataFrame:
    """One row per measure (``MEASURE_FRAME_COLUMNS``): texts, period envelope, linked entity IRIs.

    ``start``/``end`` are the earliest start and latest end over the measure's periods (YYYY-MM);
    ``lead_agencies`` / ``co_agencies`` / ``technologies`` / ``regions`` are tuples of IRIs.
    """
    rows = []
    plans = plans_of(source)
    links: dict[int, tuple] = {}
    for plan in plans:
        key = id(plan.rdf)
        if key not in links:
            # one pass over the whole store (measure IRIs carry their plan id), not one per plan:
            # a per-plan graph scan of a shared in-memory store visits every plan's triples
            graph = plan.rdf if sum(p.rdf is plan.rdf for p in plans) > 1 else plan.graph
            region = _links(graph, PKG.targetsRegion)
            for s, regions in _links(graph, PKG.locatedIn).items():
                region[s].extend(r for r in regions if r not in region[s])
            links[key] = (_links(graph, PKG.leadAgency), _links(graph, PKG.coOrganizingAgency),
                          _links(graph, PKG.usesTechnology), region)
    for plan in plans:
        lead, co, tech, region = links[id(plan.rdf)]
        base = f"{PKID}{plan.plan_id}"
        for pillar, strategy, measure in plan.doc.measures():
            iri = f"{base}/pillar/{pillar.number}/strategy/{strategy.number}/measure/{measure.number}"
            periods = [p for e in measure.schedule for p in e.periods]
            starts = [_month(p.start) for p in periods if p.start]
            ends = [_month(p.end, end=True) for p in periods if p.end]
            leads = tuple(lead.get(iri, ()))
            cos = tuple(a for a in co.get(iri, ()) if a not in leads)
            rows.append(
                {
                    "plan": plan.plan_id,
                    "iri": iri,
                    "identifier": f"{pillar.number}.{strategy.number}.{measure.number}",
                    "pillar_no": pillar.number,
                    "pillar": pillar.title,
                    "strategy_no": strategy.number,
                    "strategy": strategy.title,
                    "measure_no": measure.number,
                    "measure": measure.name,
                    "content": measure.content,
                    "start": min(starts) if starts else "",
                    "end": max(ends) if ends and len(ends) == len(periods) else "",
                    "period_raw": "；".join(dict.fromkeys(e.period_raw for e in measure.schedule if e.period_raw)),
                    "lead_agencies": leads,
                    "co_agencies": cos,
                    "agencies": leads + cos,
                    "technologies": tuple(tech.get(iri, ())),
                    "regions": tuple(region.get(iri, ())),
                    "source_lines": span_text(measure.span),
                }
            )
    return pd.DataFrame(rows, columns=MEASURE_FRAME_COLUMNS)


# -- rule tables (queries/rules/*.tsv) -----------------------------------------------------
def read_rule_table(name: str, path=None) -> pd.DataFrame:
    """A tab-separated rule table of ``queries/rules`` (``#`` lines are comments), all cells text."""
    from importlib import resources

    source = path or resources.files("policykg.queries") / "rules" / name
    lines = [line for line in Path(str(source)).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    header, *body = [line.split("\t") for line in lines]
    return pd.DataFrame([dict(zip(header, cells + [""] * (len(header) - len(cells)))) for cells in body],
                        columns=header)


def measure_themes(frame: pd.DataFrame, themes: pd.DataFrame | None = None) -> list[tuple[str, ...]]:
    """Themes (``queries/rules/themes.tsv``) of each measure: pattern in the name, or twice in the content."""
    themes = read_rule_table("themes.tsv") if themes is None else themes
    compiled = [(t.theme, re.compile(t.pattern)) for t in themes.itertuples(index=False)]
    out = []
    for name, content in zip(frame["measure"], frame["content"]):
        name, content = normalise_text(name), normalise_text(content)
        out.append(tuple(t for t, pattern in compiled
                         if pattern.search(name) or len(pattern.findall(content)) >= 2))
    return out


# -- text similarity -----------------------------------------------------------------------
_ITEM_NUMBER = re.compile(r"(?:(?<=\s)|^)\d{1,2}\s*[.．、]\s*(?=\D)")


def normalise_text(text: str) -> str:
    """Text for similarity: item numbers and all whitespace removed (PDF wraps split CJK words).

    >>> normalise_text("1. 建置 平臺 2. 推動 AI")
    '建置平臺推動AI'
    """
    return re.sub(r"\s+", "", _ITEM_NUMBER.sub(" ", text))


def tfidf_char_ngrams(texts: list[str]):
    """L2-normalised TF-IDF vectors of character 2- and 3-grams (a sparse CSR matrix)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True, dtype=np.float32)
    return vectorizer.fit_transform([normalise_text(t) for t in texts]).tocsr()


def tfidf_words(texts: list[str]):
    """TF-IDF of whitespace/punctuation tokens (for plans in languages with word spaces)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32).fit_transform(texts).tocsr()


#: name → callable(list of texts) → L2-normalised sparse matrix; pass a callable to swap methods
TEXT_METHODS: dict[str, Callable] = {"tfidf": tfidf_char_ngrams, "tfidf_words": tfidf_words}


def text_vectors(texts: list[str], method="tfidf"):
    vectorise = TEXT_METHODS[method] if isinstance(method, str) else method
    return vectorise(texts)


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


# -- scoring -------------------------------------------------------------------------------
def _month_index(value: str) -> int:
    return int(value[:4]) * 12 + int(value[5:7]) - 1


def _period_overlap(a_start, a_end, b_start, b_end) -> int:
    if not (a_start and a_end and b_start and b_end):
        return 0
    lo = max(_month_index(a_start), _month_index(b_start))
    hi = min(_month_index(a_end), _month_index(b_end))
    return max(0, hi - lo + 1)


def _weighted_jaccard(a: tuple, b: tuple, weight: dict[str, float]) -> tuple[float, list[str]]:
    sa, sb = set(a), set(b)
    union = sa | sb
    if not union:
        return 0.0, []
    shared = sorted(sa & sb)
    total = sum(weight.get(x, 1.0) for x in union)
    return (sum(weight.get(x, 1.0) for x in shared) / total if total else 0.0), shared


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
) -> pd.DataFrame:
    """Overlapping measures of a Plan / Corpus / list of plans → DataFrame (``OVERLAP_COLUMNS``).

    ``scope``: ``cross_strategy`` (default: pairs of different strategies or plans),
    ``cross_pillar`` (different pillars or plans) or ``all``. ``text_threshold``: cosine at which
    the ``text`` signal fires. ``max_technology_share``: a technology used by more than this share
    of measures (人工智慧) neither fires the ``technology`` signal nor forms a block.
    ``method``: a key of ``TEXT_METHODS`` or a callable(texts) → L2-normalised sparse matrix.
    Two measures whose names alone have cosine ≥ ``same_name_threshold`` fire ``same_name`` and their
    text score is the name similarity (a measure listed twice with different execution texts).
    ``themes``: a table like ``queries/rules/themes.tsv`` (the default).
    Shared entities are listed by label, ``;``-separated; ``signals`` likewise.
    """
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    frame = measure_frame(source) if measures is None else measures
    if frame.empty:
        return pd.DataFrame(columns=OVERLAP_COLUMNS)
    frame = frame.reset_index(drop=True)
    plans = plans_of(source)
    labels: dict[str, str] = {}
    for plan in plans[:1] + [p for p in plans[1:] if p.rdf is not plans[0].rdf]:
        labels.update(entity_labels(plan))
    n = len(frame)
    matrix = text_vectors((frame["measure"] + "。" + frame["content"]).tolist(), method)

    # rarity weights of technologies, agencies and regions (log inverse document frequency)
    def idf(column: str) -> tuple[dict[str, float], dict[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for values in frame[column]:
            for v in set(values):
                counts[v] += 1
        return {v: math.log((n + 1) / (c + 1)) + 1e-3 for v, c in counts.items()}, counts

    frame = frame.assign(themes=measure_themes(frame, themes))
    tech_weight, tech_count = idf("technologies")
    theme_weight, _ = idf("themes")
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
    if len(set(plan_codes)) > 1:
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
    for members in blocks.values():
        if 2 <= len(members) <= max_block:
            missing.update(p for p in combinations(sorted(members), 2) if p not in candidates)
    candidates.update(_pair_similarity(matrix, missing))

    records = list(frame.itertuples(index=False))
    in_scope = {p: s for p, s in candidates.items() if _in_scope(scope, records[p[0]], records[p[1]])}
    name_matrix = text_vectors(frame["measure"].tolist(), method)
    name_sims = _pair_similarity(name_matrix, in_scope)
    rows_out = []
    for (i, j), text_sim in in_scope.items():
        a, b = records[i], records[j]
        name_sim = name_sims[(i, j)]
        if name_sim >= same_name_threshold:
            text_sim = max(text_sim, name_sim)
        theme_score, shared_theme = _weighted_jaccard(a.themes, b.themes, theme_weight)
        tech_score, shared_tech = _weighted_jaccard(a.technologies, b.technologies, tech_weight)
        agency_score, shared_agency = _weighted_jaccard(a.agencies, b.agencies, agency_weight)
        region_score, shared_region = _weighted_jaccard(a.regions, b.regions, region_weight)
        months = _period_overlap(a.start, a.end, b.start, b.end)
        spans = [
            _month_index(x.end) - _month_index(x.start) + 1 for x in (a, b) if x.start and x.end
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
        if not ({"text", "technology", "theme"} & set(signals)):
            continue
        score = (
            weights["text"] * min(1.0, text_sim)
            + weights["technology"] * tech_score
            + weights["theme"] * theme_score
            + weights["agency"] * agency_score
            + weights["region"] * region_score
            + weights["period"] * period_score
        )
        if score < min_score:
            continue
        if (a.plan, a.pillar_no, a.strategy_no, a.measure_no) > (b.plan, b.pillar_no, b.strategy_no, b.measure_no):
            a, b = b, a
        rows_out.append(
            {
                "plan_a": a.plan,
                "identifier_a": a.identifier,
                "measure_a": a.measure,
                "pillar_a": a.pillar,
                "plan_b": b.plan,
                "identifier_b": b.identifier,
                "measure_b": b.measure,
                "pillar_b": b.pillar,
                "score": round(score, 3),
                "signals": ";".join(signals),
                "text_similarity": round(min(1.0, text_sim), 3),
                "shared_technologies": ";".join(labels.get(t, t) for t in shared_tech),
                "shared_agencies": ";".join(labels.get(t, t) for t in shared_agency),
                "shared_regions": ";".join(labels.get(t, t) for t in shared_region),
                "shared_themes": ";".join(shared_theme),
                "period_overlap_months": months,
                "name_similarity": round(min(1.0, name_sim), 3),
                "cross_pillar": a.plan != b.plan or a.pillar_no != b.pillar_no,
                "cross_plan": a.plan != b.plan,
                "lines_a": a.source_lines,
                "lines_b": b.source_lines,
                "iri_a": a.iri,
                "iri_b": b.iri,
            }
        )
    out = pd.DataFrame(rows_out, columns=OVERLAP_COLUMNS)
    return out.sort_values(["score", "iri_a", "iri_b"], ascending=[False, True, True], ignore_index=True)


# -- graph ---------------------------------------------------------------------------------
def overlap_iri(iri_a: str, iri_b: str) -> URIRef:
    """Deterministic IRI of the reified overlap of two measures (order-independent)."""
    key = "|".join(sorted((iri_a, iri_b)))
    return URIRef(f"{PKID}overlap/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}")


def write_overlaps(source, frame: pd.DataFrame | None = None, graph: Graph | None = None, **options) -> Graph:
    """Add ``pkg:overlapsWith`` both ways plus a ``pkg:Overlap`` node per pair; returns the graph.

    Default graph: the plan's named graph for a Plan, the ``analysis`` named graph of a Corpus.
    The node carries ``pkg:edgeSource`` / ``pkg:edgeTarget`` (the two measures), ``pkg:score``,
    one ``pkg:signal`` per fired signal, ``pkg:textSimilarity`` and ``pkg:evidence`` (the reasons).
    """
    frame = overlaps(source, **options) if frame is None else frame
    if graph is None:
        graph = source.graph if hasattr(source, "doc") else source.rdf.graph(ANALYSIS_GRAPH)
    for row in frame.itertuples(index=False):
        a, b = URIRef(row.iri_a), URIRef(row.iri_b)
        graph.add((a, PKG.overlapsWith, b))
        graph.add((b, PKG.overlapsWith, a))
        node = overlap_iri(row.iri_a, row.iri_b)
        graph.add((node, RDF.type, PKG.Overlap))
        graph.add((node, PKG.edgeSource, a))
        graph.add((node, PKG.edgeTarget, b))
        graph.add((node, PKG.score, Literal(f"{row.score:.3f}", datatype=XSD.decimal)))
        graph.add((node, PKG.textSimilarity, Literal(f"{row.text_similarity:.3f}", datatype=XSD.decimal)))
        for signal in row.signals.split(";"):
            graph.add((node, PKG.signal, Literal(signal)))
        reasons = [f"text {row.text_similarity:.2f}"]
        for label, value in (("technologies", row.shared_technologies), ("themes", row.shared_themes),
                             ("agencies", row.shared_agencies),
                             ("regions", row.shared_regions)):
            if value:
                reasons.append(f"{label}: {value}")
        if row.period_overlap_months:
            reasons.append(f"periods overlap {row.period_overlap_months} months")
        graph.add((node, PKG.evidence, Literal("; ".join(reasons))))
        graph.add((node, RDFS.label, Literal(f"{row.identifier_a} ↔ {row.identifier_b}")))
        graph.add((node, DCTERMS.identifier, Literal(f"{row.identifier_a}~{row.identifier_b}")))
        for plan_id in {row.plan_a, row.plan_b}:
            graph.add((node, PROV.wasDerivedFrom, URIRef(f"{PKID}{plan_id}/source")))
    return graph
