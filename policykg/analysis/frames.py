"""Measures as one row each, and the text and rule helpers the analyses share.

Overlaps, dependencies, collaboration and comparison all read plans through this module: a
Plan, a Corpus or a list of plans (anything with ``.doc``, ``.rdf``, ``.graph`` and ``.plan_id``)
becomes one DataFrame row per measure with its texts, line spans and linked entity IRIs. It never
imports :mod:`policykg.plan` (the facade imports the analyses, not the other way round).

Example
-------
>>> normalise_text("1. 建置 平臺 2. 推動 AI")
'建置平臺推動AI'
>>> span_text(None), month_index("2025-01")
('', 24300)
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from rdflib import Graph, Literal, URIRef

from policykg.graph.namespaces import GRAPH_BASE, PKG, PKID, RDFS, SKOS, XSD

#: named graph for analysis edges that span several plans (Corpus)
ANALYSIS_GRAPH = URIRef(GRAPH_BASE + "analysis")

__all__ = [
    "ANALYSIS_GRAPH",
    "MEASURE_FRAME_COLUMNS",
    "TEXT_METHODS",
    "plans_of",
    "entity_labels",
    "measure_frame",
    "IDENTITY_COLUMNS",
    "identity_classes",
    "DIVISION_FRAME_COLUMNS",
    "division_frame",
    "read_rule_table",
    "measure_themes",
    "normalise_text",
    "span_text",
    "outline_columns",
    "month_index",
    "locate_lines",
    "tfidf_char_ngrams",
    "tfidf_words",
    "text_vectors",
    "decimal_literal",
]

MEASURE_FRAME_COLUMNS = [
    "plan", "iri", "identifier", "pillar_no", "pillar", "strategy_no", "strategy", "measure_no", "measure",
    "content", "start", "end", "period_raw", "lead_agencies", "co_agencies", "agencies", "technologies",
    "regions", "source_lines", "narrative", "narrative_lines",
]


def span_text(span) -> str:
    """``"436"`` for one line, ``"444-447"`` for several, ``""`` for none."""
    if span is None:
        return ""
    return str(span.start) if span.start == span.end else f"{span.start}-{span.end}"


def outline_columns(pillar, strategy, measure) -> dict:
    """Where a measure sits: pillar_no, pillar, strategy_no, strategy, measure_no, measure."""
    return {
        "pillar_no": pillar.number,
        "pillar": pillar.title,
        "strategy_no": strategy.number,
        "strategy": strategy.title,
        "measure_no": measure.number,
        "measure": measure.name,
    }


def month_index(value: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` string (for period arithmetic)."""
    return int(value[:4]) * 12 + int(value[5:7]) - 1


def locate_lines(lines: list[str], span, needle: str) -> str:
    """The lines (``"1133-1135"``) of ``span`` where ``needle`` is written, whitespace ignored.

    Falls back to the whole span when the words are not found as written (e.g. they were joined
    from two table cells).

    >>> from types import SimpleNamespace
    >>> locate_lines(["甲", "臺灣主", "", "權 AI 平臺"], SimpleNamespace(start=1, end=4), "主權AI")
    '2-4'
    """
    if span is None:
        return ""
    chunk = [re.sub(r"\s+", "", line) for line in lines[span.start - 1:span.end]]
    joined = "".join(chunk)
    at = joined.find(re.sub(r"\s+", "", needle)) if needle else -1
    if at < 0:
        return span_text(span)
    ends, total = [], 0
    for text in chunk:
        total += len(text)
        ends.append(total)
    first = next(i for i, e in enumerate(ends) if e > at)
    last = next(i for i, e in enumerate(ends) if e >= at + len(re.sub(r"\s+", "", needle)))
    a, b = span.start + first, span.start + last
    return str(a) if a == b else f"{a}-{b}"

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
                    **outline_columns(pillar, strategy, measure),
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
                    "narrative": getattr(measure, "narrative", ""),
                    "narrative_lines": span_text(getattr(measure, "narrative_span", None)),
                }
            )
    return pd.DataFrame(rows, columns=MEASURE_FRAME_COLUMNS)


#: what two measures must share to be identical: everything the overlap score reads
IDENTITY_COLUMNS = ("measure", "content", "narrative", "start", "end", "agencies", "technologies", "regions")


def identity_classes(frame: pd.DataFrame) -> np.ndarray:
    """A class number per measure row; rows with the same ``IDENTITY_COLUMNS`` share it.

    >>> frame = pd.DataFrame({"measure": ["甲", "乙", "甲"], "content": ["x", "x", "x"], "narrative": "",
    ...                       "start": "", "end": "", "agencies": [("a", "b"), (), ("b", "a")],
    ...                       "technologies": [()] * 3, "regions": [()] * 3})
    >>> identity_classes(frame).tolist()
    [0, 1, 0]
    """
    keys: dict[tuple, int] = {}
    out = np.empty(len(frame), dtype=np.int64)
    columns = [frame[c] for c in IDENTITY_COLUMNS]
    for i, key in enumerate(zip(*columns)):
        key = tuple(tuple(sorted(v)) if isinstance(v, tuple) else v for v in key)
        out[i] = keys.setdefault(key, len(keys))
    return out


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
    """Themes (``queries/rules/themes.tsv``) of each measure: pattern in the name, or twice in content + narrative."""
    themes = read_rule_table("themes.tsv") if themes is None else themes
    compiled = [(t.theme, re.compile(t.pattern)) for t in themes.itertuples(index=False)]
    out = []
    narratives = frame["narrative"] if "narrative" in frame else [""] * len(frame)
    for name, content, narrative in zip(frame["measure"], frame["content"], narratives):
        content = content + "。" + narrative
        name, content = normalise_text(name), normalise_text(content)
        out.append(tuple(t for t, pattern in compiled
                         if pattern.search(name) or len(pattern.findall(content)) >= 2))
    return out


# -- text similarity -----------------------------------------------------------------------
_ITEM_NUMBER = re.compile(r"(?:(?<=\s)|^)\d{1,2}\s*[.．、]\s*(?=\D)")


@lru_cache(maxsize=1 << 16)  # the same measure names and contents are normalised for every rule and plan
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


DIVISION_FRAME_COLUMNS = ["plan", "iri", "identifier", "kind", "measure", "content", "blocks", "source_lines",
                          "pillar", "technologies"]


def division_frame(source) -> pd.DataFrame:
    """One row per division of a prose plan (part, section, sector, key strategy) that has text of its own.

    Columns ``DIVISION_FRAME_COLUMNS``: ``identifier`` as in the graph (``2.1`` = first sector of the
    second part), ``measure`` its title (so consumers of dependency rules read divisions like
    measures), ``content`` its own text blocks joined, ``blocks`` a tuple of (text, lines) per block,
    ``pillar`` the title of its top division. Plans without divisions give no rows.
    """
    from policykg.graph.build import DIVISION_TYPES

    rows = []
    for plan in plans_of(source):
        def visit(division, iri: str, identifier: str, top: str) -> None:
            if division.blocks:
                rows.append({
                    "plan": plan.plan_id,
                    "iri": iri,
                    "identifier": identifier,
                    "kind": division.kind,
                    "measure": division.title,
                    "content": "。".join(b.text for b in division.blocks),
                    "blocks": tuple((b.text, span_text(b.span)) for b in division.blocks),
                    "source_lines": span_text(division.span),
                    "pillar": top,
                    "technologies": (),
                })
            for k, child in enumerate(division.children, 1):
                visit(child, f"{iri}/{DIVISION_TYPES[child.kind][0]}/{k}", f"{identifier}.{k}", top)

        for position, division in enumerate(getattr(plan.doc, "divisions", None) or [], 1):
            visit(division, f"{PKID}{plan.plan_id}/{DIVISION_TYPES[division.kind][0]}/{position}", str(position),
                  division.title)
    return pd.DataFrame(rows, columns=DIVISION_FRAME_COLUMNS)


@lru_cache(maxsize=4096)
def decimal_literal(value: float, places: int) -> Literal:
    """``value`` rounded to ``places`` as an ``xsd:decimal`` in its canonical form, the one a
    triple store writes back (no trailing zeros: ``0.55``, ``1``), so the exports' fast path keeps
    the line as it is instead of sending it through a store.

    >>> str(decimal_literal(0.5504, 3)), str(decimal_literal(1.0, 2)), str(decimal_literal(-0.0001, 3))
    ('0.55', '1', '0')
    """
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal("0" if text == "-0" else text, datatype=XSD.decimal)
