"""Find the plans, programmes, policies and laws a plan cites.

Two data files drive this module:

- ``graph/references.ttl`` (packaged as ``policykg.graph``): the registry of known references,
  one ``pkg:LegalOrPolicyReference`` each, with a zh-Hant label, altLabels, a type and, for foreign
  items, a ``pkg:jurisdiction``;
- ``loaders/reference_cues.tsv`` (packaged as ``policykg.loaders``): cue words that turn a plain
  mention into ``buildsOn`` / ``alignsWith`` / ``mergedInto``, and the name rules used by
  :func:`discover_candidates`.

Matching ignores blanks (PDF line wraps put spaces between CJK characters), folds the interpunct
variants ``·‧・`` and the dash variants ``-–—``, full-width forms and Latin case. At each position
the longest label wins. The relation comes from the nearest cue word in the same clause (or
sentence, for cues whose scope says so) on the side the cue rule allows; without a cue it is
``references``.

Example
-------
>>> registry = ReferenceRegistry.load()
>>> [(m.label, m.relation) for m in registry.find("配合行政院「六大區域產業 及生活圈」規劃")]
[('六大區域產業及生活圈', 'alignsWith')]
>>> discover_candidates("推動「海洋臺灣推動方案」")
['海洋臺灣推動方案']
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "REF_NAMESPACE",
    "RELATIONS",
    "ReferenceMention",
    "Reference",
    "CueRule",
    "ReferenceCues",
    "ReferenceRegistry",
    "reference_iri",
    "discover_candidates",
]

REF_NAMESPACE = "https://w3id.org/policykg/id/ref/"
PKG = "https://w3id.org/policykg/ontology#"
RELATIONS = ("references", "buildsOn", "alignsWith", "mergedInto")

_CLAUSE_BREAKS = frozenset("，,；;：:。！？!?\n\t")
_SENTENCE_BREAKS = frozenset("；;。！？!?\n\t")
_SPACES = frozenset(" \u00a0\u3000")
_INTERPUNCTS = frozenset("·‧・•∙･")
_DASHES = frozenset("-‐‑‒–—―−－")
_MASK = "\u0000"


def reference_iri(name: str) -> str:
    """IRI of a reference from its canonical name.

    >>> reference_iri("產業創新條例")
    'https://w3id.org/policykg/id/ref/%E7%94%A2%E6%A5%AD%E5%89%B5%E6%96%B0%E6%A2%9D%E4%BE%8B'
    """
    return REF_NAMESPACE + quote(name, safe="")


@dataclass(frozen=True)
class ReferenceMention:
    """One mention of a known reference in a text.

    ``text`` is the span as written (may hold PDF wrap spaces), ``start``/``end`` are offsets into
    the searched text, ``label`` is the canonical zh-Hant name, ``relation`` one of
    :data:`RELATIONS`. ``mergedInto`` means the cited item is merged into the citing plan.
    """

    ref_iri: str
    label: str
    text: str
    start: int
    end: int
    relation: str


@dataclass(frozen=True)
class Reference:
    """A registry entry read from ``graph/references.ttl``."""

    iri: str
    label: str
    label_en: str | None
    alt_labels: tuple[str, ...]
    reference_type: str
    jurisdiction: str | None = None


@dataclass(frozen=True)
class CueRule:
    """A relation cue: ``text`` near a mention gives ``relation``.

    >>> CueRule("基礎上", "buildsOn", "after", "clause").relation
    'buildsOn'
    """

    text: str
    relation: str
    position: str  # before | after | either
    scope: str  # clause | sentence


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    """One character as compared: '' for blanks, one canonical form for look-alikes."""
    if ch in _SPACES:
        return ""
    if ch in _INTERPUNCTS:
        return "·"
    if ch in _DASHES:
        return "-"
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    return folded.lower()


def _normalise(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, its offset in ``text``.

    >>> _normalise("數發部 數產署")[0]
    '數發部數產署'
    """
    folded = list(map(_fold_char, text))  # '' for a blank: joined away, and its offset left out
    return "".join(folded), [i for i, ch in enumerate(folded) if ch]


def _fold(text: str) -> str:
    return _normalise(text)[0]


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _scope_bounds(norm: str, start: int, end: int, breaks: frozenset[str]) -> tuple[int, int]:
    """[lo, hi) of the clause or sentence around norm[start:end]."""
    lo = start
    while lo > 0 and norm[lo - 1] not in breaks:
        lo -= 1
    hi = end
    while hi < len(norm) and norm[hi] not in breaks:
        hi += 1
    return lo, hi


class ReferenceCues:
    """Rules from ``loaders/reference_cues.tsv``.

    >>> cues = ReferenceCues.load()
    >>> "併入" in [c.text for c in cues.relation_cues]
    True
    """

    def __init__(self, rows: list[dict[str, str]]):
        self.relation_cues: list[CueRule] = []
        self.suffixes_any: list[str] = []
        self.suffixes_quoted: list[str] = []
        self.not_a_suffix: list[str] = []
        self.leading_words: list[str] = []
        self.generic_names: set[str] = set()
        self.generic_endings: list[str] = []
        for row in rows:
            kind, text = row["kind"], row["text"]
            if kind == "relation_cue":
                if row["relation"] not in RELATIONS:
                    raise ValueError(f"unknown relation {row['relation']!r} for cue {text!r}")
                self.relation_cues.append(CueRule(text, row["relation"], row["position"], row["scope"]))
            elif kind == "name_suffix":
                self.suffixes_quoted.append(_fold(text))
                if row["position"] == "any":
                    self.suffixes_any.append(_fold(text))
            elif kind == "not_a_suffix":
                self.not_a_suffix.append(_fold(text))
            elif kind == "leading_word":
                self.leading_words.append(_fold(text))
            elif kind == "generic_name":
                self.generic_names.add(_fold(text))
            elif kind == "generic_ending":
                self.generic_endings.append(_fold(text))
            else:
                raise ValueError(f"unknown cue kind {kind!r}")
        self.suffixes_any.sort(key=len, reverse=True)
        self.suffixes_quoted.sort(key=len, reverse=True)
        self._cue_patterns = [
            (rule, re.compile(".*?".join(re.escape(_fold(part)) for part in rule.text.split("…"))))
            for rule in self.relation_cues
        ]

    @classmethod
    def load(cls, path: str | Path | None = None) -> "ReferenceCues":
        """Read the packaged TSV, or ``path``."""
        source = Path(path) if path else files("policykg.loaders") / "reference_cues.tsv"
        lines = [ln for ln in source.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        rows = list(csv.DictReader(lines, delimiter="\t"))
        return cls([{k: (v or "").strip() for k, v in row.items() if k} for row in rows])

    def relation_for(self, norm: str, start: int, end: int, mention_spans: list[tuple[int, int]]) -> str:
        """Relation of the mention norm[start:end] from the nearest cue in its scope."""
        best: tuple[int, int, str] | None = None  # (distance, rule order, relation)
        for order, (rule, pattern) in enumerate(self._cue_patterns):
            breaks = _SENTENCE_BREAKS if rule.scope == "sentence" else _CLAUSE_BREAKS
            lo, hi = _scope_bounds(norm, start, end, breaks)
            for m in pattern.finditer(norm, lo, hi):
                cs, ce = m.span()
                if any(cs < me and ms < ce for ms, me in mention_spans):
                    continue  # the cue word is part of a name
                if ce <= start and rule.position in ("before", "either"):
                    distance = start - ce
                elif cs >= end and rule.position in ("after", "either"):
                    distance = cs - end
                else:
                    continue
                if best is None or (distance, order) < best[:2]:
                    best = (distance, order, rule.relation)
        return best[2] if best else "references"


class ReferenceRegistry:
    """Known references and a matcher over their labels.

    >>> registry = ReferenceRegistry.load()
    >>> registry.by_label("產業創新條例").reference_type
    'Law'
    """

    def __init__(self, references: list[Reference], cues: ReferenceCues):
        self.references = references
        self.cues = cues
        self._by_iri = {r.iri: r for r in references}
        self._by_norm_label: dict[str, list[Reference]] = {}
        for ref in references:
            for label in (ref.label, *ref.alt_labels):
                bucket = self._by_norm_label.setdefault(_fold(label), [])
                if ref not in bucket:
                    bucket.append(ref)
        for bucket in self._by_norm_label.values():
            bucket.sort(key=lambda r: r.jurisdiction is not None)  # domestic first
        labels = sorted(self._by_norm_label, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(lbl) for lbl in labels))

    @classmethod
    def load(cls, path: str | Path | None = None, cues: ReferenceCues | None = None) -> "ReferenceRegistry":
        """Read the packaged ``references.ttl`` (via ``policykg.graph``), or ``path``."""
        from rdflib import Graph, Literal, Namespace, URIRef
        from policykg.graph.namespaces import RDF, RDFS, SKOS

        pkg = Namespace(PKG)
        source = Path(path) if path else files("policykg.graph") / "references.ttl"
        graph = Graph()
        graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")

        def literals(node: URIRef, prop: URIRef, lang: str | None) -> list[str]:
            values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]
            return sorted(str(o) for o in values if lang is None or o.language == lang)

        references = []
        for node in sorted(graph.subjects(RDF.type, pkg.LegalOrPolicyReference)):
            zh = literals(node, RDFS.label, "zh-Hant")
            en = literals(node, RDFS.label, "en")
            types = [str(t).removeprefix(PKG) for t in graph.objects(node, pkg.referenceType)]
            jurisdiction = literals(node, pkg.jurisdiction, None)
            references.append(
                Reference(
                    iri=str(node),
                    label=zh[0] if zh else "",
                    label_en=en[0] if en else None,
                    alt_labels=tuple(literals(node, SKOS.altLabel, None)),
                    reference_type=types[0] if types else "",
                    jurisdiction=jurisdiction[0] if jurisdiction else None,
                )
            )
        return cls(references, cues or ReferenceCues.load())

    def get(self, iri: str) -> Reference | None:
        """Registry entry by IRI."""
        return self._by_iri.get(iri)

    def by_label(self, label: str) -> Reference | None:
        """First registry entry whose label or altLabel folds to ``label`` (domestic first)."""
        found = self._by_norm_label.get(_fold(label))
        return found[0] if found else None

    def _choose(self, candidates: list[Reference], norm: str, start: int) -> Reference:
        """Pick among entries sharing a label: a foreign one if its jurisdiction is named earlier
        in the same sentence, else a domestic one."""
        if len(candidates) == 1:
            return candidates[0]
        lo, _ = _scope_bounds(norm, start, start, _SENTENCE_BREAKS)
        before = norm[lo:start]
        for ref in candidates:
            if ref.jurisdiction and _fold(ref.jurisdiction) in before:
                return ref
        domestic = [r for r in candidates if not r.jurisdiction]
        return (domestic or candidates)[0]

    def _spans(self, text: str) -> tuple[str, list[int], list[tuple[int, int, Reference]]]:
        norm, index = _normalise(text)
        spans = []
        for m in self._pattern.finditer(norm):
            s, e = m.span()
            o_start, o_end = index[s], index[e - 1] + 1
            if _is_ascii_word(norm[s]) and o_start > 0 and _is_ascii_word(text[o_start - 1]):
                continue
            if _is_ascii_word(norm[e - 1]) and o_end < len(text) and _is_ascii_word(text[o_end]):
                continue
            spans.append((s, e, self._choose(self._by_norm_label[m.group()], norm, s)))
        return norm, index, spans

    def find(self, text: str) -> list[ReferenceMention]:
        """Every mention of a known reference in ``text``, in order, with its relation.

        >>> [(m.label, m.relation) for m in ReferenceRegistry.load().find("依產業創新條例申請設置")]
        [('產業創新條例', 'references')]
        """
        norm, index, spans = self._spans(text)
        mention_spans = [(s, e) for s, e, _ in spans]
        mentions = []
        for s, e, ref in spans:
            o_start, o_end = index[s], index[e - 1] + 1
            mentions.append(
                ReferenceMention(
                    ref_iri=ref.iri,
                    label=ref.label,
                    text=text[o_start:o_end],
                    start=o_start,
                    end=o_end,
                    relation=self.cues.relation_for(norm, s, e, mention_spans),
                )
            )
        return mentions


@lru_cache(maxsize=1)
def _default_registry() -> ReferenceRegistry:
    return ReferenceRegistry.load()


_H1 = re.compile(r"^#\s+(.+?)\s*$", re.M)
_QUOTED = re.compile(r"「([^「」\n\t]{1,80})」|《([^《》\n\t]{1,80})》")
_DRAFT = re.compile(r"\((?:草案|修正草案)\)$")


def _is_name_char(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or (ch.isascii() and ch.isalnum())
        or ch in "·-."
    )


def discover_candidates(
    text: str,
    registry: ReferenceRegistry | None = None,
    *,
    own_titles: list[str] | None = None,
) -> list[str]:
    """Plan/law names in ``text`` that the registry does not know yet.

    Candidates are 「…」 or 《…》 quoted strings that end in a name suffix (方案, 計畫, 條例, 法,
    綱領, and for quoted strings also 政策, 專案, 戰略, 框架, 指引, 條款) or are directly followed by
    one (「…」計畫), and unquoted names ending in 方案/計畫/條例/法/綱領 (the text before the suffix
    is cut after the last leading word such as 推動/透過/由). Registry labels, the plan's own
    title (``own_titles``, default: the first markdown H1), generic descriptions and generic
    endings from ``reference_cues.tsv`` are left out. Names come back as written (quotes removed,
    blanks kept), first occurrence first. Leading words of two or more characters cut the name
    anywhere; one-character ones (及, 與, 等 …) only at its start, since they also occur inside names.

    >>> discover_candidates("# 本方案\\n奠基產業創新條例及「海洋臺灣推動方案」，並依計畫期程執行")
    ['海洋臺灣推動方案']
    """
    registry = registry or _default_registry()
    cues = registry.cues
    norm, index, spans = registry._spans(text)
    chars = list(norm)
    for s, e, _ in spans:
        chars[s:e] = _MASK * (e - s)
    if own_titles is None:
        heading = _H1.search(text)
        own_titles = [heading.group(1)] if heading else []
    for title in own_titles:
        folded = _fold(title)
        if folded:
            for m in re.finditer(re.escape(folded), norm):
                chars[m.start():m.end()] = _MASK * (m.end() - m.start())
    masked = "".join(chars)

    found: dict[str, str] = {}

    def original(s: int, e: int) -> str:
        return text[index[s]:index[e - 1] + 1]

    def keep(key: str, shown: str) -> None:
        stem_ok = len(key) >= 2 and key not in cues.generic_names
        if stem_ok and not any(key.endswith(g) for g in cues.generic_endings):
            found.setdefault(key, shown)

    # 1. quoted strings
    unquoted = list(masked)
    for m in _QUOTED.finditer(masked):
        group = 1 if m.group(1) is not None else 2
        s, e = m.span(group)
        unquoted[m.start():m.end()] = _MASK * (m.end() - m.start())
        content = masked[s:e]
        if _MASK in content:
            continue
        draft = _DRAFT.search(content)
        stem_end = e - (len(draft.group()) if draft else 0)
        stem = masked[s:stem_end]
        if any(stem.endswith(x) for x in cues.suffixes_quoted):
            keep(stem, original(s, stem_end))
            continue
        after = masked[m.end():]
        suffix = next((x for x in cues.suffixes_any if after.startswith(x)), None)
        if suffix and not any(after.startswith(n) for n in cues.not_a_suffix):
            keep(stem + suffix, original(s, stem_end) + suffix)

    # 2. unquoted names ending in a suffix
    plain = "".join(unquoted)
    for suffix in cues.suffixes_any:
        for m in re.finditer(re.escape(suffix), plain):
            p, e = m.span()
            if any(plain.startswith(n, p) for n in cues.not_a_suffix if n.startswith(suffix)):
                continue
            lo = p
            while lo > 0 and _is_name_char(plain[lo - 1]):
                lo -= 1
            cut = lo
            for word in cues.leading_words:
                if len(word) < 2:
                    continue  # one-character words (及, 等 …) also occur inside names
                for w in re.finditer(re.escape(word), plain[lo:p]):
                    if lo + w.end() < p:  # a leading word right before the suffix belongs to it
                        cut = max(cut, lo + w.end())
            stripped = True
            while stripped:
                stripped = False
                for word in cues.leading_words:
                    if plain.startswith(word, cut) and cut + len(word) < p:
                        cut += len(word)
                        stripped = True
            if p - cut >= 2:
                keep(plain[cut:e], original(cut, e).strip())
    ordered = sorted(found.items(), key=lambda kv: norm.find(kv[0]) if kv[0] in norm else len(norm))
    return [shown for _, shown in ordered]
