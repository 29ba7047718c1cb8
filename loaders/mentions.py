"""Find mentions of SKOS concepts (regions, technologies) in Chinese / English plan text.

A :class:`VocabularyMatcher` is built from a SKOS Turtle file and matches every
``skos:prefLabel``, ``skos:altLabel`` and ``skos:hiddenLabel`` of both scripts:

- longest match first, mentions never overlap ("量子電腦" beats "量子");
- Latin text is matched case- and width-insensitively (NFKC + casefold: "ＦＨＩＲ", "fhir");
- a label that begins or ends with a Latin letter or digit only matches on a word boundary
  there ("SOC" not inside "SOCIAL", "AI" not inside "SAIL" or "AIoT");
- blanks next to a CJK character are ignored, so PDF line-wrap spaces ("無人 機", "量 子電腦")
  and optional spaces ("生成式AI" / "生成式 AI") do not matter; a tab (table cell border) or a
  paragraph break (three or more newlines) stops a match;
- offsets (``start``/``end``) index the ORIGINAL text, and ``text`` is the substring as written.

The packaged vocabularies are loaded once by :func:`region_matcher` and
:func:`technology_matcher`; :func:`zone_of` and :func:`county_of` walk region containment
(site -> county -> zone).

Example
-------
>>> [m.concept_iri.rsplit("/", 1)[1] for m in technology_matcher().find("以 UAV 及無人 機巡檢")]
['uav', 'uav']
>>> m = technology_matcher().find("建置 ＦＨＩＲ 平臺")[0]
>>> (m.text, m.start, m.end, m.label)
('ＦＨＩＲ', 3, 7, 'FHIR')
>>> zone_of("https://w3id.org/policykg/id/region/shalun")
'https://w3id.org/policykg/id/region/zone-south'
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from os import PathLike
from typing import Iterable

from rdflib import Graph, Literal, URIRef

from policykg.graph.namespaces import PKG, RDF, SKOS
from policykg.loaders.text import is_cjk

__all__ = [
    "Mention",
    "VocabularyLabel",
    "VocabularyMatcher",
    "normalise_for_matching",
    "region_matcher",
    "technology_matcher",
    "region_graph",
    "technology_graph",
    "zone_of",
    "county_of",
    "REGION_SCHEME",
    "TECHNOLOGY_SCHEME",
]

REGION_SCHEME = "https://w3id.org/policykg/id/region/scheme"
TECHNOLOGY_SCHEME = "https://w3id.org/policykg/id/tech/scheme"

#: label properties matched, best first (decides which concept wins a label two concepts share)
_LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
#: a blank run with this many newlines or more is a paragraph break that no match may cross
_PARAGRAPH_BREAK_NEWLINES = 3


@dataclass(frozen=True)
class Mention:
    """One concept mention: ``text`` is ``original[start:end]`` as written; ``label`` is the
    vocabulary label it matched, e.g. Mention(".../tech/uav", "UAV", "ＵＡＶ", 3, 6)."""

    concept_iri: str
    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class VocabularyLabel:
    """A label of a concept, e.g. VocabularyLabel(".../tech/uav", "無人機", "zh-Hant", "prefLabel")."""

    concept_iri: str
    label: str
    language: str | None
    kind: str  # "prefLabel", "altLabel" or "hiddenLabel"


def _is_word_char(ch: str) -> bool:
    """Latin letters and digits (and other non-CJK alphanumerics) form words; CJK does not."""
    return (ch.isalnum() or ch == "_") and not is_cjk(ch)


class _FoldTable(dict):
    """Code point → that character's NFKC + casefold form (may be several characters, or none), for
    ``str.translate``, filled as characters are met; :data:`_NOT_ONE_TO_ONE` collects the
    characters that fold to more or fewer than one."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = unicodedata.normalize("NFKC", chr(code)).casefold()
        if len(folded) != 1:
            _NOT_ONE_TO_ONE.add(chr(code))
        return folded


_FOLD = _FoldTable()
_NOT_ONE_TO_ONE: set[str] = set()
#: a run of blanks (a tab is not one: it ends a table cell)
_BLANK_RUN = re.compile(r"[^\S\t]+")


@lru_cache(maxsize=512)
def normalise_for_matching(text: str) -> tuple[str, list[int]]:
    """Matching form of ``text`` and, for each of its characters, the index in ``text`` it came from.

    NFKC + casefold per character (full-width "ＡＩ" -> "ai"); blank runs touching a CJK
    character are dropped; other blank runs become one space; tabs stay (they end a table cell);
    a blank run with three newlines or more is a paragraph break (one newline).

    >>> normalise_for_matching("無人 機 UAV\\u3000ｘ")
    ('無人機uav x', [0, 1, 3, 5, 6, 7, 8, 9])
    """
    chars = text.translate(_FOLD)  # fills _FOLD with every character of text
    if _NOT_ONE_TO_ONE.isdisjoint(text):  # the usual case: one character for one
        origins = range(len(text))
    else:
        origins = [index for index, ch in enumerate(text) for _ in _FOLD[ord(ch)]]
    norm: list[str] = []
    norm_origins: list[int] = []
    done = 0
    for run in _BLANK_RUN.finditer(chars):
        start, end = run.span()
        norm.append(chars[done:start])
        norm_origins.extend(origins[done:start])
        before = chars[start - 1] if start else ""
        after = chars[end] if end < len(chars) else ""
        if run.group().count("\n") >= _PARAGRAPH_BREAK_NEWLINES:
            norm.append("\n")  # paragraph break: kept as a barrier
            norm_origins.append(origins[start])
        elif not (before and after and after != "\t" and before != "\t" and (is_cjk(before) or is_cjk(after))):
            norm.append(" ")
            norm_origins.append(origins[start])
        # else: a line-wrap or optional space next to CJK, dropped
        done = end
    norm.append(chars[done:])
    norm_origins.extend(origins[done:])
    return "".join(norm), norm_origins


class VocabularyMatcher:
    """Longest-first, non-overlapping matcher of SKOS concept labels.

    >>> matcher = VocabularyMatcher([VocabularyLabel("ex:soc", "SOC", "en", "altLabel")])
    >>> [m.text for m in matcher.find("SOCIAL SOC (soc)")]
    ['SOC', 'soc']
    """

    def __init__(self, labels: Iterable[VocabularyLabel]):
        rank = {"prefLabel": 0, "altLabel": 1, "hiddenLabel": 2}
        chosen: dict[str, VocabularyLabel] = {}
        shared: dict[str, set[str]] = {}
        self.labels: tuple[VocabularyLabel, ...] = tuple(labels)
        for entry in sorted(self.labels, key=lambda e: (rank[e.kind], e.concept_iri, e.label)):
            key, _ = normalise_for_matching(entry.label.strip())
            if not key.strip():
                continue
            if key in chosen:
                if chosen[key].concept_iri != entry.concept_iri:
                    shared.setdefault(key, {chosen[key].concept_iri}).add(entry.concept_iri)
                continue
            chosen[key] = entry
        self._by_key = chosen
        #: normalised labels claimed by more than one concept (the best-ranked label wins)
        self.shared_labels: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in shared.items()}
        lengths: dict[str, set[int]] = {}
        for key in chosen:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths_by_first = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}
        self.concept_iris: frozenset[str] = frozenset(e.concept_iri for e in self.labels)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_graph(cls, graph: Graph, scheme: str | None = None) -> "VocabularyMatcher":
        """Matcher over the ``skos:Concept`` s of ``graph`` (only those in ``scheme`` if given)."""
        labels = []
        scheme_ref = URIRef(scheme) if scheme else None
        for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
            if not isinstance(concept, URIRef):
                continue
            if scheme_ref is not None and (concept, SKOS.inScheme, scheme_ref) not in graph:
                continue
            for prop in _LABEL_PROPERTIES:
                for value in graph.objects(concept, prop):
                    if isinstance(value, Literal):
                        kind = prop.split("#")[-1]
                        labels.append(VocabularyLabel(str(concept), str(value), value.language, kind))
        return cls(labels)

    @classmethod
    def from_turtle(
        cls, source: str | PathLike[str] | Traversable, scheme: str | None = None
    ) -> "VocabularyMatcher":
        """Matcher from a SKOS Turtle file: a path or an ``importlib.resources`` resource."""
        return cls.from_graph(_parse_turtle(source), scheme)

    # ------------------------------------------------------------------ matching
    def find(self, text: str) -> list[Mention]:
        """All mentions in ``text``, in text order: longest labels first, never overlapping."""
        norm, origins = normalise_for_matching(text)
        candidates: list[tuple[int, int, VocabularyLabel]] = []
        for start, ch in enumerate(norm):
            for length in self._lengths_by_first.get(ch, ()):
                end = start + length
                if end > len(norm):
                    continue
                entry = self._by_key.get(norm[start:end])
                if entry is None:
                    continue
                if _is_word_char(norm[start]) and start > 0 and _is_word_char(norm[start - 1]):
                    continue
                if _is_word_char(norm[end - 1]) and end < len(norm) and _is_word_char(norm[end]):
                    continue
                candidates.append((start, end, entry))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = [False] * len(norm)
        mentions = []
        for start, end, entry in candidates:
            if any(taken[start:end]):
                continue
            for k in range(start, end):
                taken[k] = True
            begin, finish = origins[start], origins[end - 1] + 1
            mentions.append(Mention(entry.concept_iri, entry.label, text[begin:finish], begin, finish))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def concepts_in(self, text: str) -> set[str]:
        """The set of concept IRIs mentioned in ``text``."""
        return {m.concept_iri for m in self.find(text)}


def _parse_turtle(source: str | PathLike[str] | Traversable) -> Graph:
    graph = Graph()
    if isinstance(source, Traversable) and not isinstance(source, (str, PathLike)):
        graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    else:
        graph.parse(str(source), format="turtle")
    return graph


# ---------------------------------------------------------------------- packaged vocabularies
@cache
def region_graph() -> Graph:
    """The packaged ``graph/regions.ttl`` (parsed once)."""
    from policykg.graph.validate import packaged_turtle

    return packaged_turtle("regions.ttl")


@cache
def technology_graph() -> Graph:
    """The packaged ``graph/technologies.ttl`` (parsed once)."""
    from policykg.graph.validate import packaged_turtle

    return packaged_turtle("technologies.ttl")


@cache
def region_matcher() -> VocabularyMatcher:
    """Matcher of the packaged region vocabulary, e.g. 臺南/台南/臺南市 -> region/tainan-city."""
    return VocabularyMatcher.from_graph(region_graph(), REGION_SCHEME)


@cache
def technology_matcher() -> VocabularyMatcher:
    """Matcher of the packaged technology vocabulary, e.g. 無人機/UAV -> tech/uav."""
    return VocabularyMatcher.from_graph(technology_graph(), TECHNOLOGY_SCHEME)


# ---------------------------------------------------------------------- region containment
def _region_type(iri: URIRef) -> URIRef | None:
    value = region_graph().value(iri, PKG.regionType)
    return value if isinstance(value, URIRef) else None


def _enclosing(region_iri: str, wanted_type: URIRef) -> str | None:
    """The region itself or the nearest region it is pkg:locatedIn (transitively) of ``wanted_type``."""
    graph = region_graph()
    seen: set[URIRef] = set()
    frontier = [URIRef(region_iri)]
    while frontier:
        node = frontier.pop(0)
        if node in seen:
            continue
        seen.add(node)
        if _region_type(node) == wanted_type:
            return str(node)
        frontier.extend(sorted(o for o in graph.objects(node, PKG.locatedIn) if isinstance(o, URIRef)))
    return None


def zone_of(region_iri: str) -> str | None:
    """Primary zone (六大區域) of a zone, county or site; None for Taiwan, macro and generic areas.

    >>> zone_of("https://w3id.org/policykg/id/region/yilan-county")
    'https://w3id.org/policykg/id/region/zone-north'
    """
    return _enclosing(region_iri, PKG.Zone)


def county_of(region_iri: str) -> str | None:
    """County or city of a county or site; None for larger or generic areas.

    >>> county_of("https://w3id.org/policykg/id/region/stsp-luzhu-park")
    'https://w3id.org/policykg/id/region/kaohsiung-city'
    """
    return _enclosing(region_iri, PKG.County)
