"""Dependencies between measures (``pkg:dependsOn`` / ``pkg:precedes``), each with evidence a researcher can cite.

A dependency is: measure A needs a capability that measure B provides, with evidence in A's
own text — its table row (name + 執行內容) or the narrative item of 「(一) 推動策略」 about the
same measure (``Measure.narrative``). Three kinds:

* ``shared_infrastructure`` — rules of ``queries/rules/capabilities.tsv``: A names B's platform
  (confidence 0.9) or uses the capability in words of use (0.7, not when A is itself a programme
  of the same kind); a shared technology alone gives 0.4, below the default ``min_confidence``.
  In a corpus, a measure of a plan without a provider of its own may depend on a provider of another
  plan (named or used words only; identical providers of plan copies once, the first).
* ``cross_reference`` — a cue of ``queries/rules/cross_reference_cues.tsv`` (奠基、配合、結合 …)
  followed by another measure's name (a leading verb such as 打造 may be left out) or a cited plan.
* ``precedes`` — the phases of one strategy ordered by period (1.4.1 → 1.4.2 → 1.4.3 → 1.4.4).

Each row has ``confidence``, ``matched`` (the words), ``why`` (one sentence), ``evidence`` (the
text around the words), ``evidence_section`` / ``evidence_lines`` (where they are written) and
the line spans of both measures. A researcher's verdicts (:mod:`policykg.analysis.judgements`)
drop rejected edges.

Example
-------
>>> import policykg
>>> df = dependencies(policykg.load_plan())
>>> row = df[(df.source_identifier == "7.3.4") & (df.target_identifier == "7.3.1")].iloc[0]
>>> row.kind, row.matched, row.evidence_section, row.evidence_lines
('cross_reference', '結合 臺灣主權AI訓練語料平臺', 'narrative', '1133-1135')
"""
from __future__ import annotations

import hashlib
import re
from types import SimpleNamespace

import pandas as pd
from rdflib import Graph, Literal, URIRef

from policykg.analysis.frames import (
    ANALYSIS_GRAPH,
    decimal_literal,
    division_frame,
    entity_labels,
    identity_classes,
    locate_lines,
    measure_frame,
    month_index,
    normalise_text,
    plans_of,
    read_rule_table,
)
from policykg.analysis.judgements import apply_judgements
from policykg.graph.namespaces import PKG, PKID, PROV, RDF, RDFS

__all__ = [
    "DEPENDENCY_COLUMNS",
    "DEPENDENCY_KINDS",
    "CONFIDENCE",
    "capability_rules",
    "shared_infrastructure",
    "cross_references",
    "sequencing",
    "dependencies",
    "dependency_iri",
    "write_dependencies",
]

DEPENDENCY_KINDS = ("shared_infrastructure", "cross_reference", "precedes")

#: confidence of each kind of evidence (see docs/analysis.md for the precision measured on each)
CONFIDENCE = {"named": 0.9, "uses": 0.7, "technology": 0.4, "cross_reference": 0.9,
              "cross_reference_cited": 0.8, "precedes": 0.8}

DEPENDENCY_COLUMNS = [
    "plan", "kind", "relation", "source_identifier", "source", "source_type", "source_pillar", "target_plan",
    "target_identifier", "target", "target_type", "capability", "confidence", "matched", "why",
    "evidence", "evidence_section", "evidence_lines", "source_lines", "target_lines", "cross_plan",
    "source_iri", "target_iri", "judgement", "judgement_reason",
]

_CONTEXT = 12
#: division kinds of prose plans (policykg.loaders.plan_model.Division) → their pkg: class
_SOURCE_TYPES = {"part": "PlanPart", "appendix": "Appendix", "section": "PlanSection", "sector": "Sector",
                 "key_strategy": "KeyStrategy"}
_SNIPPET = 24
#: leading verbs a measure's name may be cited without (「結合臺灣主權AI訓練語料平臺」 for 打造臺灣主權…)
_LEADING_VERB = re.compile(r"^(打造|建構|建置|建立|推動|發展|設置|設立|成立|制定|訂定|強化|促進|提供|辦理|推廣)")


def capability_rules(path=None) -> pd.DataFrame:
    """The capability rules (``queries/rules/capabilities.tsv`` unless ``path``)."""
    return read_rule_table("capabilities.tsv", path)


def _short(name: str, width: int = 30) -> str:
    """A measure's name for a sentence: long names (a whole row of items) are cut with an ellipsis."""
    return name if len(name) <= width else name[:width].rstrip() + "…"


def _english(label: str) -> str:
    return label.split(" / ", 1)[-1]


def _snippet(text: str, start: int, end: int, width: int = _SNIPPET) -> str:
    left = "…" if start - width > 0 else ""
    right = "…" if end + width < len(text) else ""
    return f"{left}{text[max(0, start - width):end + width]}{right}"


def _span(lines: str):
    if not lines:
        return None
    a, _, b = lines.partition("-")
    return SimpleNamespace(start=int(a), end=int(b or a))


class _Texts:
    """A measure's own texts, whitespace removed: the table row and the narrative item."""

    def __init__(self, record, document=None):
        self.record = record
        self.document = document
        self.lines = document.lines if document is not None else ()  # shared, never copied per measure
        blocks = getattr(record, "blocks", None)
        if isinstance(blocks, tuple):  # a division of a prose plan: its own text blocks
            self.sections = [("text", normalise_text(text), lines) for text, lines in blocks]
            return
        self.sections = [("table row", normalise_text(record.measure + "。" + record.content), record.source_lines)]
        if record.narrative:
            self.sections.append(("narrative", normalise_text(record.narrative), record.narrative_lines))

    def where(self, section: str, span_lines: str, words: str) -> str:
        return locate_lines(self.lines, _span(span_lines), words) if self.lines else span_lines

    def cite(self, where: str) -> str:
        """``line 448`` / ``lines 1133-1135``, with the page of a paged document (``page 18, line 250``)."""
        text = f"line{'s' if '-' in where else ''} {where}"
        first = _span(where.split(",")[0].strip()) if where else None
        if self.document is not None and self.document.pages and first is not None:
            page = self.document.locations[first.start - 1].page
            text = f"page {page}, {text}"
        return text


def _row(kind, relation, source, target, target_type, confidence, matched, why, evidence, section, lines,
         capability="") -> dict:
    return {
        "plan": source.plan,
        "kind": kind,
        "relation": relation,
        "source_identifier": source.identifier,
        "source": source.measure,
        "source_type": _SOURCE_TYPES.get(getattr(source, "kind", ""), "Measure"),
        "source_pillar": source.pillar,
        "target_plan": target.plan,
        "target_identifier": target.identifier,
        "target": target.measure,
        "target_type": target_type,
        "capability": capability,
        "confidence": confidence,
        "matched": matched,
        "why": why,
        "evidence": evidence,
        "evidence_section": section,
        "evidence_lines": lines,
        "source_lines": source.source_lines,
        "target_lines": target.source_lines,
        "cross_plan": source.plan != target.plan,
        "source_iri": source.iri,
        "target_iri": target.iri,
        "judgement": "",
        "judgement_reason": "",
    }


def _first_match(texts: _Texts, pattern: re.Pattern, exclude: re.Pattern | None):
    for section, text, lines in texts.sections:
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - _CONTEXT):match.end() + _CONTEXT]
            if exclude and exclude.search(around):
                continue
            return section, text, lines, match
    return None


def _compile(pattern: str):
    return re.compile(pattern) if pattern else None


def _plan_documents(source) -> dict:
    """Plan id → the plan's DocumentText (lines and their pages), None when it was not kept."""
    return {plan.plan_id: getattr(plan.doc, "source", None) for plan in plans_of(source)}


def shared_infrastructure(frame: pd.DataFrame, rules: pd.DataFrame | None = None,
                          lines: dict | None = None, divisions: pd.DataFrame | None = None) -> list[dict]:
    """Rows of kind ``shared_infrastructure`` for the measures of ``frame`` (one plan or several).

    ``lines``: plan id → its DocumentText, to give ``evidence_lines`` to the line (else the span).
    ``divisions``: rows of :func:`policykg.analysis.frames.division_frame` — sections and key
    strategies of prose plans, read as consumers (never providers) with their own text blocks.
    """
    rules = capability_rules() if rules is None else rules
    lines = lines or {}
    records = list(frame.itertuples(index=False))
    identity = dict(zip(frame["iri"], identity_classes(frame))) if len(frame) else {}
    consumers = records + (list(divisions.itertuples(index=False)) if divisions is not None else [])
    texts = {r.iri: _Texts(r, lines.get(r.plan)) for r in consumers}
    rows = []
    for rule in rules.itertuples(index=False):
        provider_pattern = re.compile(rule.provider)
        named, uses = _compile(rule.named), _compile(rule.uses)
        same_kind, exclude = _compile(rule.same_kind), _compile(rule.exclude)
        techs = {f"{PKID}tech/{slug}" for slug in rule.technologies.split()}
        providers = [r for r in records if provider_pattern.search(normalise_text(r.measure))]
        if not providers:
            continue
        provider_iris = {p.iri for p in providers}
        label = _english(rule.label)
        for consumer in consumers:
            if consumer.iri in provider_iris:
                continue
            text = texts[consumer.iri]
            found, how = (_first_match(text, named, exclude), "named") if named else (None, "")
            if found is None and uses and not (same_kind and same_kind.search(normalise_text(consumer.measure))):
                found, how = _first_match(text, uses, exclude), "uses"
            if found is not None:
                section, body, span_lines, match = found
                words = match.group(0)
                evidence = _snippet(body, match.start(), match.end())
                where = text.where(section, span_lines, words)
                verb = "names" if how == "named" else "uses"
            else:
                used = sorted(techs & set(consumer.technologies))
                if not used:
                    continue
                how, section, words = "technology", "technology links", ", ".join(u.rsplit("/", 1)[-1] for u in used)
                evidence, where, verb = "usesTechnology " + words, consumer.source_lines, "uses the technology of"
            for provider in _providers_for(consumer, providers, identity, how):
                why = (f"{consumer.identifier} {_short(consumer.measure)} {verb} {label}, which "
                       f"{provider.identifier} {_short(provider.measure)} provides"
                       + (f" (plan {provider.plan})" if provider.plan != consumer.plan else "")
                       + (f": its {section} ({text.cite(where)}) says 「{words}」." if how != "technology"
                          else f" ({words}); no words of use in its text."))
                rows.append(_row("shared_infrastructure", "dependsOn", consumer, provider, "Measure",
                                 CONFIDENCE[how], words, why, evidence, section, where, rule.capability))
    return rows


def _providers_for(consumer, providers: list, identity: dict, how: str) -> list:
    """The providers a consumer is linked to: those of its own plan; when its plan has none (and the
    words name or use the capability), those of other plans, identical ones (plan copies) once."""
    own = [p for p in providers if p.plan == consumer.plan]
    if own or how == "technology":
        return own
    first: dict = {}
    for provider in providers:
        first.setdefault(identity.get(provider.iri, provider.iri), provider)
    return list(first.values())


def _reference_mentions(all_plans) -> dict[str, list[tuple[str, str]]]:
    """Owner IRI → [(normalised mention text, reference IRI)] of its pkg:references mentions."""
    mentions: dict[str, list[tuple[str, str]]] = {}
    for store in {id(p.rdf): p.rdf for p in all_plans}.values():
        mention_of = dict(store.subject_objects(PKG.mentionOf))
        mention_text = dict(store.subject_objects(PKG.mentionText))
        refs = set(store.subject_objects(PKG.references))
        for owner, mention in store.subject_objects(PKG.hasConceptMention):
            ref = mention_of.get(mention)
            if ref is not None and (owner, ref) in refs and mention in mention_text:
                mentions.setdefault(str(owner), []).append((normalise_text(str(mention_text[mention])), str(ref)))
    return mentions


def cross_references(frame: pd.DataFrame, plans, cues: pd.DataFrame | None = None, min_name_length: int = 5,
                     lines: dict | None = None) -> list[dict]:
    """Rows of kind ``cross_reference``: cue word + another measure's name or a cited reference."""
    cues = read_rule_table("cross_reference_cues.tsv") if cues is None else cues
    cue_list = [(c.cue, int(c.window), c.meaning) for c in cues.itertuples(index=False)]
    lines = lines or {}
    all_plans = plans_of(plans)
    mentions = _reference_mentions(all_plans)
    rows = []
    for plan_id, measures in frame.groupby("plan", sort=False):
        plan = next(p for p in all_plans if p.plan_id == plan_id)
        labels = entity_labels(plan)
        records = list(measures.itertuples(index=False))
        names = []
        for r in records:
            full = normalise_text(r.measure)
            for name in dict.fromkeys([full, _LEADING_VERB.sub("", full)]):
                if len(name) >= min_name_length:
                    names.append((name, r))
        for source in records:
            text = _Texts(source, lines.get(plan_id))
            seen = set()
            for section, body, span_lines in text.sections:
                for cue, window, meaning in cue_list:
                    for match in re.finditer(cue, body):
                        after = body[match.end():match.end() + window]
                        targets = [(r, "Measure", name) for name, r in names if r.iri != source.iri and name in after]
                        targets += [
                            (SimpleNamespace(plan=plan_id, identifier="", measure=labels.get(ref, mention),
                                             source_lines="", iri=ref), "LegalOrPolicyReference", mention)
                            for mention, ref in mentions.get(source.iri, []) if mention and mention in after
                        ]
                        for target, kind, written in targets:
                            if target.iri in seen:
                                continue
                            seen.add(target.iri)
                            at = body.find(written, match.end())
                            matched = f"{cue} {written}"
                            where = text.where(section, span_lines, body[match.start():at + len(written)])
                            named = f"{target.identifier} {_short(target.measure)}".strip()
                            why = (f"{source.identifier} {_short(source.measure)} says it {meaning} {named}: "
                                   f"its {section} ({text.cite(where)}) writes 「{cue}…{written}」.")
                            confidence = CONFIDENCE["cross_reference" if kind == "Measure" else "cross_reference_cited"]
                            rows.append(_row("cross_reference", "dependsOn", source, target, kind, confidence, matched,
                                             why, _snippet(body, match.start(), at + len(written), 8), section, where))
    return rows


def sequencing(frame: pd.DataFrame) -> list[dict]:
    """Rows of kind ``precedes`` for strategies whose measures form phases ordered by period.

    A strategy is phased when it has at least two measures, all with a start and an end, each next
    measure (in document order) starts strictly later and ends no earlier than the previous, and in
    most (more than half) of the consecutive pairs the next measure starts after the previous ends.
    """
    # strategies in order of first appearance (like groupby(sort=False)), from one itertuples pass:
    # itertuples of each small group costs a namedtuple class and a .loc per row
    strategies: dict[tuple, list] = {}
    for record in frame.itertuples(index=False):
        strategies.setdefault((record.plan, record.pillar_no, record.strategy_no), []).append(record)
    rows = []
    for measures in strategies.values():
        records = sorted(measures, key=lambda r: r.measure_no)
        if len(records) < 2 or not all(r.start and r.end for r in records):
            continue
        pairs = list(zip(records, records[1:]))
        if not all(month_index(b.start) > month_index(a.start) and month_index(b.end) >= month_index(a.end)
                   for a, b in pairs):
            continue
        sequential = sum(month_index(b.start) > month_index(a.end) for a, b in pairs)
        if sequential * 2 <= len(pairs):
            continue
        for a, b in pairs:
            evidence = f"{a.identifier} {a.period_raw} → {b.identifier} {b.period_raw}"
            why = (f"{a.identifier} {_short(a.measure)} ({a.period_raw}) is the phase before {b.identifier} {_short(b.measure)} "
                   f"({b.period_raw}) of strategy {a.pillar_no}.{a.strategy_no} {a.strategy}.")
            rows.append(_row("precedes", "precedes", a, b, "Measure", CONFIDENCE["precedes"], evidence, why, evidence,
                             "periods", f"{a.source_lines}, {b.source_lines}"))
    return rows


def _one_per_pair(rows: list[dict]) -> list[dict]:
    """One ``dependsOn`` row per (source, target): a cross-reference wins, the capability is kept."""
    best: dict[tuple, dict] = {}
    order = {k: i for i, k in enumerate(("cross_reference", "shared_infrastructure", "precedes"))}
    for row in rows:
        key = (row["relation"], row["source_iri"], row["target_iri"])
        kept = best.get(key)
        if kept is None:
            best[key] = row
            continue
        first, other = sorted([kept, row], key=lambda r: (order[r["kind"]], -r["confidence"]))
        merged = dict(first)
        merged["capability"] = first["capability"] or other["capability"]
        merged["confidence"] = max(first["confidence"], other["confidence"])
        best[key] = merged
    return list(best.values())


def dependencies(source, kinds=DEPENDENCY_KINDS, rules: pd.DataFrame | None = None,
                 cues: pd.DataFrame | None = None, min_confidence: float = 0.5, judgements=None,
                 show_rejected: bool = False, measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dependencies of a Plan / Corpus / list of plans → DataFrame (``DEPENDENCY_COLUMNS``).

    ``relation`` is ``dependsOn`` (source depends on target) or ``precedes`` (source comes first).
    ``min_confidence``: rows below are left out (0.4 also shows technology-only candidates).
    ``judgements``: a judgements TSV path or DataFrame (:mod:`policykg.analysis.judgements`);
    rejected edges are dropped unless ``show_rejected``. ``measures``: ``measure_frame(source)``
    when the caller has it already.
    """
    unknown = set(kinds) - set(DEPENDENCY_KINDS)
    if unknown:
        raise ValueError(f"unknown dependency kinds {sorted(unknown)} (choose from {', '.join(DEPENDENCY_KINDS)})")
    frame = measure_frame(source) if measures is None else measures
    lines = _plan_documents(source)
    rows: list[dict] = []
    if "shared_infrastructure" in kinds:
        rows += shared_infrastructure(frame, rules, lines, division_frame(source))
    if "cross_reference" in kinds:
        rows += cross_references(frame, source, cues, lines=lines)
    if "precedes" in kinds:
        rows += sequencing(frame)
    rows = [r for r in _one_per_pair(rows) if r["confidence"] >= min_confidence]
    out = pd.DataFrame(rows, columns=DEPENDENCY_COLUMNS)
    order = {k: i for i, k in enumerate(DEPENDENCY_KINDS)}
    out["_kind"] = out["kind"].map(order)
    out = out.sort_values(["plan", "_kind", "source_iri", "target_iri"], ignore_index=True).drop(columns="_kind")
    return apply_judgements(out, judgements, "dependency", show_rejected)


def dependency_iri(source_iri: str, kind: str, target_iri: str) -> URIRef:
    """Deterministic IRI of a reified dependency: ``{source}/dependency/{hash of kind + target}``."""
    digest = hashlib.sha1(f"{kind}|{target_iri}".encode("utf-8")).hexdigest()[:12]
    return URIRef(f"{source_iri}/dependency/{digest}")


def write_dependencies(source, frame: pd.DataFrame | None = None, graph: Graph | None = None, **options) -> Graph:
    """Add the dependency edges to the graph and return it.

    Per row: the direct edge (``pkg:dependsOn`` or ``pkg:precedes``, source → target) and a
    ``pkg:Dependency`` node with ``pkg:edgeSource``, ``pkg:edgeTarget``, ``pkg:dependencyKind``,
    ``pkg:capability`` (shared_infrastructure), ``pkg:confidence``, ``pkg:matchedWords``, ``pkg:why``,
    ``pkg:evidence``, ``pkg:lineStart`` / ``pkg:lineEnd`` (where the evidence is written) and
    ``prov:wasDerivedFrom`` the plan's source document. Default graph: the plan's named graph; in a
    Corpus an edge between two plans goes to the ``analysis`` named graph.
    """
    frame = dependencies(source, **options) if frame is None else frame
    plans = {p.plan_id: p for p in plans_of(source)}
    for row in frame.itertuples(index=False):
        if graph is not None:
            g = graph
        elif row.cross_plan:
            g = plans[row.plan].rdf.graph(ANALYSIS_GRAPH)
        else:
            g = plans[row.plan].graph
        s, t = URIRef(row.source_iri), URIRef(row.target_iri)
        g.add((s, PKG.precedes if row.relation == "precedes" else PKG.dependsOn, t))
        node = dependency_iri(row.source_iri, row.kind, row.target_iri)
        g.add((node, RDF.type, PKG.Dependency))
        g.add((node, PKG.edgeSource, s))
        g.add((node, PKG.edgeTarget, t))
        g.add((node, PKG.dependencyKind, Literal(row.kind)))
        if row.capability:
            g.add((node, PKG.capability, Literal(row.capability)))
        g.add((node, PKG.confidence, decimal_literal(row.confidence, 2)))
        g.add((node, PKG.matchedWords, Literal(row.matched)))
        g.add((node, PKG.why, Literal(row.why, lang="en")))
        g.add((node, PKG.evidence, Literal(row.evidence)))
        span = _span(str(row.evidence_lines).split(",")[0].strip()) if row.kind != "precedes" else _span(row.source_lines)
        if span is not None:
            g.add((node, PKG.lineStart, Literal(span.start)))
            g.add((node, PKG.lineEnd, Literal(span.end)))
        g.add((node, RDFS.label, Literal(f"{row.source_identifier} → {row.target_identifier or row.target}")))
        for plan_id in dict.fromkeys([row.plan, row.target_plan]):
            g.add((node, PROV.wasDerivedFrom, URIRef(f"{PKID}{plan_id}/source")))
    return graph if graph is not None else (plans[next(iter(plans))].graph if len(plans) == 1 else None)
