"""Dependencies between measures (``pkg:dependsOn`` / ``pkg:precedes``), each with its evidence.

Three kinds:

* ``shared_infrastructure`` — a measure uses a capability another measure provides (national
  compute, the sovereign-AI training corpus, TAIDE, the data-exchange platform, test labs, talent
  programmes …). The rules live in ``queries/rules/capabilities.tsv`` (capability, provider,
  consumer and exclude patterns, technologies), not in code.
* ``cross_reference`` — a cue word of ``queries/rules/cross_reference_cues.tsv`` (奠基、配合、結合、
  扣合、依據、串聯 …) followed by the name of another measure or of a cited plan / programme.
* ``precedes`` — the phases of one strategy ordered by period (each next measure starts later and
  ends no earlier), e.g. the four 智慧建築 phases 1.4.1 → 1.4.2 → 1.4.3 → 1.4.4.

Example
-------
>>> import policykg
>>> df = dependencies(policykg.load_plan())
>>> sorted(set(df.kind))
['cross_reference', 'precedes', 'shared_infrastructure']
>>> df[(df.kind == "precedes") & (df.source_identifier == "1.4.1")].target_identifier.tolist()
['1.4.2']
"""
from __future__ import annotations

import hashlib
import re

import pandas as pd
from rdflib import Graph, Literal, URIRef

from policykg.analysis.overlaps import (
    _month_index,
    entity_labels,
    measure_frame,
    normalise_text,
    plans_of,
    read_rule_table,
)
from policykg.graph.namespaces import PKG, PKID, PROV, RDF, RDFS

__all__ = [
    "DEPENDENCY_COLUMNS",
    "DEPENDENCY_KINDS",
    "capability_rules",
    "shared_infrastructure",
    "cross_references",
    "sequencing",
    "dependencies",
    "write_dependencies",
]

DEPENDENCY_KINDS = ("shared_infrastructure", "cross_reference", "precedes")

DEPENDENCY_COLUMNS = [
    "plan", "kind", "relation", "source_identifier", "source", "source_pillar", "target_identifier",
    "target", "target_type", "capability", "evidence", "source_lines", "target_lines", "source_iri",
    "target_iri",
]

_CONTEXT = 12


def capability_rules(path=None) -> pd.DataFrame:
    """The capability → provider rules (``queries/rules/capabilities.tsv`` unless ``path``)."""
    return read_rule_table("capabilities.tsv", path)


def _snippet(text: str, start: int, end: int, width: int = _CONTEXT) -> str:
    left = "…" if start - width > 0 else ""
    right = "…" if end + width < len(text) else ""
    return f"{left}{text[max(0, start - width):end + width]}{right}"


def _row(kind, relation, source, target_identifier, target, target_type, target_lines, target_iri,
         capability="", evidence="") -> dict:
    return {
        "plan": source.plan,
        "kind": kind,
        "relation": relation,
        "source_identifier": source.identifier,
        "source": source.measure,
        "source_pillar": source.pillar,
        "target_identifier": target_identifier,
        "target": target,
        "target_type": target_type,
        "capability": capability,
        "evidence": evidence,
        "source_lines": source.source_lines,
        "target_lines": target_lines,
        "source_iri": source.iri,
        "target_iri": target_iri,
    }


def shared_infrastructure(frame: pd.DataFrame, rules: pd.DataFrame | None = None) -> list[dict]:
    """Rows of kind ``shared_infrastructure`` for the measures of ``frame`` (one plan or several)."""
    rules = capability_rules() if rules is None else rules
    rows = []
    for plan_id, measures in frame.groupby("plan", sort=False):
        records = list(measures.itertuples(index=False))
        texts = {r.iri: normalise_text(r.measure + "。" + r.content) for r in records}
        for rule in rules.itertuples(index=False):
            provider_pattern = re.compile(rule.provider)
            consumer_pattern = re.compile(rule.consumer)
            exclude = re.compile(rule.exclude) if rule.exclude else None
            techs = {f"{PKID}tech/{slug}" for slug in rule.technologies.split()}
            providers = [r for r in records if provider_pattern.search(normalise_text(r.measure))]
            if not providers:
                continue
            for consumer in records:
                if any(consumer.iri == p.iri for p in providers):
                    continue
                text = texts[consumer.iri]
                evidence = ""
                for match in consumer_pattern.finditer(text):
                    around = text[max(0, match.start() - _CONTEXT):match.end() + _CONTEXT]
                    if exclude and exclude.search(around):
                        continue
                    evidence = _snippet(text, match.start(), match.end())
                    break
                if not evidence:
                    used = sorted(techs & set(consumer.technologies))
                    if not used:
                        continue
                    evidence = "usesTechnology " + ", ".join(u.rsplit("/", 1)[-1] for u in used)
                for provider in providers:
                    rows.append(_row("shared_infrastructure", "dependsOn", consumer, provider.identifier,
                                     provider.measure, "Measure", provider.source_lines, provider.iri,
                                     rule.capability, evidence))
    return rows


def cross_references(frame: pd.DataFrame, plans, cues: pd.DataFrame | None = None,
                     min_name_length: int = 5) -> list[dict]:
    """Rows of kind ``cross_reference``: cue word + another measure's name or a cited reference."""
    cues = read_rule_table("cross_reference_cues.tsv") if cues is None else cues
    cue_list = [(c.cue, int(c.window)) for c in cues.itertuples(index=False)]
    rows = []
    all_plans = plans_of(plans)
    by_plan = {p.plan_id: p for p in all_plans}
    mentions: dict[str, list[tuple[str, str]]] = {}
    for store in {id(p.rdf): p.rdf for p in all_plans}.values():
        # one pass over the store: reference mentions of every owner (measure IRIs carry the plan id)
        mention_of = dict(store.subject_objects(PKG.mentionOf))
        mention_text = dict(store.subject_objects(PKG.mentionText))
        refs = set(store.subject_objects(PKG.references))
        for owner, mention in store.subject_objects(PKG.hasConceptMention):
            ref = mention_of.get(mention)
            if ref is not None and (owner, ref) in refs and mention in mention_text:
                mentions.setdefault(str(owner), []).append((normalise_text(str(mention_text[mention])), str(ref)))
    for plan_id, measures in frame.groupby("plan", sort=False):
        plan = by_plan[plan_id]
        labels = entity_labels(plan)
        records = list(measures.itertuples(index=False))
        names = [(normalise_text(r.measure), r) for r in records if len(normalise_text(r.measure)) >= min_name_length]
        for source in records:
            text = normalise_text(source.measure + "。" + source.content)
            seen = set()
            for cue, window in cue_list:
                for match in re.finditer(cue, text):
                    after = text[match.end():match.end() + window]
                    targets = [
                        (r.identifier, r.measure, "Measure", r.source_lines, r.iri, name)
                        for name, r in names if r.iri != source.iri and name in after
                    ]
                    targets += [
                        ("", labels.get(ref, mention), "LegalOrPolicyReference", "", ref, mention)
                        for mention, ref in mentions.get(source.iri, []) if mention and mention in after
                    ]
                    for identifier, name, kind, lines, iri, written in targets:
                        if iri in seen:
                            continue
                        seen.add(iri)
                        at = text.find(written, match.end())
                        rows.append(_row("cross_reference", "dependsOn", source, identifier, name, kind, lines,
                                         iri, "", f"{cue}: " + _snippet(text, match.start(), at + len(written), 4)))
    return rows


def sequencing(frame: pd.DataFrame) -> list[dict]:
    """Rows of kind ``precedes`` for strategies whose measures form phases ordered by period.

    A strategy is phased when it has at least two measures, all with a start and an end, each next
    measure (in document order) starts strictly later and ends no earlier than the previous, and in
    most (more than half) of the consecutive pairs the next measure starts after the previous ends.
    """
    rows = []
    for _, measures in frame.groupby(["plan", "pillar_no", "strategy_no"], sort=False):
        records = sorted(measures.itertuples(index=False), key=lambda r: r.measure_no)
        if len(records) < 2 or not all(r.start and r.end for r in records):
            continue
        pairs = list(zip(records, records[1:]))
        if not all(_month_index(b.start) > _month_index(a.start) and _month_index(b.end) >= _month_index(a.end)
                   for a, b in pairs):
            continue
        sequential = sum(_month_index(b.start) > _month_index(a.end) for a, b in pairs)
        if sequential * 2 <= len(pairs):
            continue
        for a, b in pairs:
            evidence = f"{a.identifier} {a.period_raw} → {b.identifier} {b.period_raw}"
            rows.append(_row("precedes", "precedes", a, b.identifier, b.measure, "Measure", b.source_lines,
                             b.iri, "", evidence))
    return rows


def dependencies(source, kinds=DEPENDENCY_KINDS, rules: pd.DataFrame | None = None,
                 cues: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dependencies of a Plan / Corpus / list of plans → DataFrame (``DEPENDENCY_COLUMNS``).

    ``relation`` is ``dependsOn`` (source depends on target) or ``precedes`` (source comes first);
    ``evidence`` quotes the text (or periods) that gave the row; ``kinds`` selects the kinds.
    """
    unknown = set(kinds) - set(DEPENDENCY_KINDS)
    if unknown:
        raise ValueError(f"unknown dependency kinds {sorted(unknown)} (choose from {', '.join(DEPENDENCY_KINDS)})")
    frame = measure_frame(source)
    rows: list[dict] = []
    if "shared_infrastructure" in kinds:
        rows += shared_infrastructure(frame, rules)
    if "cross_reference" in kinds:
        rows += cross_references(frame, source, cues)
    if "precedes" in kinds:
        rows += sequencing(frame)
    out = pd.DataFrame(rows, columns=DEPENDENCY_COLUMNS)
    order = {k: i for i, k in enumerate(DEPENDENCY_KINDS)}
    out["_kind"] = out["kind"].map(order)
    out = out.sort_values(["plan", "_kind", "source_iri", "target_iri"], ignore_index=True).drop(columns="_kind")
    return out


def dependency_iri(source_iri: str, kind: str, target_iri: str) -> URIRef:
    """Deterministic IRI of a reified dependency: ``{source}/dependency/{hash of kind + target}``."""
    digest = hashlib.sha1(f"{kind}|{target_iri}".encode("utf-8")).hexdigest()[:12]
    return URIRef(f"{source_iri}/dependency/{digest}")


def write_dependencies(source, frame: pd.DataFrame | None = None, graph: Graph | None = None, **options) -> Graph:
    """Add the dependency edges to the graph and return it.

    Per row: the direct edge (``pkg:dependsOn`` or ``pkg:precedes``, source → target) and a
    ``pkg:Dependency`` node with ``pkg:edgeSource``, ``pkg:edgeTarget``, ``pkg:dependencyKind`` (string),
    ``pkg:capability`` (string, shared_infrastructure only), ``pkg:evidence`` and
    ``prov:wasDerivedFrom`` the plan's source document. Default graph: the plan's named graph for
    a Plan, each plan's named graph for a Corpus.
    """
    frame = dependencies(source, **options) if frame is None else frame
    plans = {p.plan_id: p for p in plans_of(source)}
    for row in frame.itertuples(index=False):
        g = graph if graph is not None else plans[row.plan].graph
        s, t = URIRef(row.source_iri), URIRef(row.target_iri)
        g.add((s, PKG.precedes if row.relation == "precedes" else PKG.dependsOn, t))
        node = dependency_iri(row.source_iri, row.kind, row.target_iri)
        g.add((node, RDF.type, PKG.Dependency))
        g.add((node, PKG.edgeSource, s))
        g.add((node, PKG.edgeTarget, t))
        g.add((node, PKG.dependencyKind, Literal(row.kind)))
        if row.capability:
            g.add((node, PKG.capability, Literal(row.capability)))
        g.add((node, PKG.evidence, Literal(row.evidence)))
        g.add((node, RDFS.label, Literal(f"{row.source_identifier} → {row.target_identifier or row.target}")))
        g.add((node, PROV.wasDerivedFrom, URIRef(f"{PKID}{row.plan}/source")))
    return graph if graph is not None else (plans[next(iter(plans))].graph if len(plans) == 1 else None)
