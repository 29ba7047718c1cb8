"""Agency registry (W3C ORG) and resolver for the 「主/協辦 機關單位」 cells of plan tables.

The registry is the Turtle file ``graph/agencies.ttl`` (one block per government body:
labels, abbreviations, type, parent). This module loads it and turns the free text of an
agency cell into registry IRIs, saying for every mention which rule resolved it.

Cell forms handled (all from the AI 新十大建設推動方案 tables):

- list separators 、 ， and a slash between agencies: 「金管會/國科會」
- ministry prefix + unit: 「經濟部產發署」, 「數發部 數產署」 (PDF line-wrap space), 「衛福部食品藥物管理署」
- unit alone after a ministry named earlier in the cell: 「衛福部健保署/資訊處」, 「交通部、鐵道局」
- parenthesised unit of the outer agency: 「數發部(數位政府司)」 → 數位政府司 only
- parenthesised member that is not a unit of the outer agency: 「國科會前瞻處(國網中心)」 → 前瞻處 + 國網中心,
  「內政部消防署(各地方消防機關)」 → 消防署 + 各地方消防機關
- collective with its listed members: 「相關部會(內政部、交通部、…)」 → 相關部會 + each member

Agencies through time: a renamed or reorganised body keeps its own entry (科技部, as the 2022
net-zero pathway writes it) and an ``org:ChangeEvent`` links it to its successor with the date
(:class:`AgencyChange`); :meth:`AgencyRegistry.successor_of` and :meth:`AgencyRegistry.current`
follow those links, and every :class:`ResolvedMention` carries the body's current successor.

Example
-------
>>> registry = AgencyRegistry.load()
>>> [(m.label_zh, m.via) for m in registry.resolve_cell("衛福部健保署/資訊處")]
[('中央健康保險署', 'prefix+unit'), ('資訊處', 'context_ministry')]
>>> registry.resolve_name("數產署").agency.full_name
'數位發展部數位產業署'
>>> most = registry.resolve_cell("科技部")[0]
>>> (most.label_zh, registry.get(most.successor_iri).label_zh, registry.change_of(most.agency_iri).date)
('科技部', '國家科學及技術委員會', '2022-07-27')
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef

from policykg.graph.namespaces import DCTERMS, RDF, RDFS, SKOS

__all__ = [
    "AGENCY_BASE",
    "PKG",
    "ORG",
    "VIA_RULES",
    "agency_iri",
    "normalize_agency_text",
    "split_agency_cell",
    "Agency",
    "AgencyChange",
    "NameMatch",
    "ResolvedMention",
    "AgencyRegistry",
]

AGENCY_BASE = "https://w3id.org/policykg/id/agency/"
PKG = Namespace("https://w3id.org/policykg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")

#: Values of ``ResolvedMention.via`` / ``NameMatch.via``, i.e. the rule that resolved a name.
VIA_RULES = (
    "exact",  # the registry's rdfs:label@zh-Hant or pkg:fullName
    "alt_label",  # a skos:altLabel (abbreviation, former name)
    "collective",  # the name of a pkg:AgencyCollective (各機關, 相關部會 …)
    "prefix+unit",  # an agency name followed by the name of one of its units (數發部數產署)
    "context_ministry",  # a unit name alone, looked up in the ministry named before it in the cell
    "parenthesised_unit",  # 數發部(數位政府司): the bracket names a unit of the outer agency
    "parenthesised_member",  # 國科會前瞻處(國網中心), 相關部會(內政部、…): a further agency in brackets
)

# Characters between which a PDF line-wrap space is removed: CJK ideographs and punctuation,
# full-width forms, brackets and the slash.
_JOINABLE = r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef()/]"
_WRAP_SPACE = re.compile(rf"(?<={_JOINABLE})\s+(?={_JOINABLE})")
_SEPARATORS = frozenset("、，,/／;；")
_OPEN, _CLOSE = "(（", ")）"
_EMPTY_CELLS = frozenset({"", "—", "－", "-", "–", "──", "——", "無"})
_PARENTHESISED = re.compile(r"^(?P<outer>[^()（）]*)[(（](?P<inner>.*)[)）]$")


def agency_iri(full_name: str) -> str:
    """IRI of an agency from its pkg:fullName.

    >>> agency_iri("行政院")
    'https://w3id.org/policykg/id/agency/%E8%A1%8C%E6%94%BF%E9%99%A2'
    """
    return AGENCY_BASE + quote(full_name, safe="")


def normalize_agency_text(text: str) -> str:
    """Remove PDF line-wrap spaces between CJK characters and strip; characters are kept as written.

    >>> normalize_agency_text(" 數發部 數產署 ")
    '數發部數產署'
    >>> normalize_agency_text("經濟部商業 發展署")
    '經濟部商業發展署'
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    return _WRAP_SPACE.sub("", text)


def _split_top_level(text: str) -> list[str]:
    """Split on list separators that are not inside brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in _SEPARATORS:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def split_agency_cell(cell: str) -> list[str]:
    """The agency mentions of a cell as written, in order (first = lead); brackets stay attached.

    >>> split_agency_cell("經濟部產發署、經濟部中企署")
    ['經濟部產發署', '經濟部中企署']
    >>> split_agency_cell("金管會/國科會")
    ['金管會', '國科會']
    >>> split_agency_cell("國科會前瞻處(國網中心)")
    ['國科會前瞻處(國網中心)']
    >>> split_agency_cell("—")
    []
    """
    text = normalize_agency_text(cell)
    if text in _EMPTY_CELLS:
        return []
    return _split_top_level(text)


def _outer_and_inner(mention: str) -> tuple[str, str | None]:
    """``'國科會前瞻處(國網中心)'`` → ``('國科會前瞻處', '國網中心')``; no brackets → ``(mention, None)``."""
    match = _PARENTHESISED.match(mention)
    if not match:
        return mention, None
    return match["outer"].strip(), match["inner"].strip()


@dataclass(frozen=True)
class Agency:
    """One registry entry (a pkg:Agency block of graph/agencies.ttl)."""

    iri: str
    label_zh: str
    label_en: str
    full_name: str
    alt_labels: tuple[str, ...]
    agency_type: str
    parent_iri: str | None
    is_collective: bool


@dataclass(frozen=True)
class AgencyChange:
    """One renaming or reorganisation (an org:ChangeEvent of graph/agencies.ttl): the body before
    (``original_iri``), the body or bodies after (``resulting_iris``) and the ISO ``date``."""

    iri: str
    original_iri: str
    resulting_iris: tuple[str, ...]
    date: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class NameMatch:
    """Result of :meth:`AgencyRegistry.resolve_name`: the agency and the rule that found it."""

    agency: Agency
    via: str


@dataclass(frozen=True)
class ResolvedMention:
    """One agency resolved from a cell mention.

    ``text`` is the mention as written (after removing line-wrap spaces), ``position`` its index
    in :func:`split_agency_cell` (0 = lead); a mention can yield several agencies with the same
    position (國科會前瞻處(國網中心)). ``matched`` is the part of the mention that named this agency.
    ``ministry_iri`` is the top ancestor (the agency itself for a ministry; None for collectives).
    """

    text: str
    position: int
    agency_iri: str
    label_zh: str
    label_en: str
    parent_iri: str | None
    ministry_iri: str | None
    via: str
    matched: str = ""
    successor_iri: str | None = None  # today's body when this one was renamed or reorganised


def _default_registry_path():
    return files("policykg.graph").joinpath("agencies.ttl")


class AgencyRegistry:
    """The agencies of graph/agencies.ttl, indexed for resolving agency cells.

    >>> registry = AgencyRegistry.load()
    >>> registry.get(registry.resolve_name("國網中心").agency.parent_iri).label_zh
    '國家實驗研究院'
    """

    def __init__(self, graph: Graph):
        self._graph = graph
        self.agencies: dict[str, Agency] = {}
        for subject in set(graph.subjects(RDF.type, PKG.Agency)) | set(graph.subjects(RDF.type, PKG.AgencyCollective)):
            agency = self._read_agency(graph, subject)
            self.agencies[agency.iri] = agency
        self._by_full_name: dict[str, Agency] = {}
        self._by_name: dict[str, list[tuple[Agency, str]]] = {}
        for agency in self.agencies.values():
            if agency.full_name in self._by_full_name:
                raise ValueError(f"two agencies share the full name {agency.full_name!r}")
            self._by_full_name[agency.full_name] = agency
            names = [(agency.label_zh, "exact")] + [(alt, "alt_label") for alt in agency.alt_labels]
            for name, kind in names:
                entries = self._by_name.setdefault(name, [])
                if all(a.iri != agency.iri for a, _ in entries):
                    entries.append((agency, kind))
        #: reorganisations by the IRI of the body they ended (its org:changedBy event)
        self.changes: dict[str, AgencyChange] = {}
        for event in graph.subjects(RDF.type, ORG.ChangeEvent):
            change = self._read_change(graph, event)
            if change.original_iri in self.changes:
                raise ValueError(f"{change.original_iri} is the original organization of two change events")
            self.changes[change.original_iri] = change

    # ------------------------------------------------------------------ loading
    @staticmethod
    def _read_agency(graph: Graph, subject: URIRef) -> Agency:
        def one_label(lang: str) -> str:
            values = [str(o) for o in graph.objects(subject, RDFS.label) if isinstance(o, Literal) and o.language == lang]
            if len(values) != 1:
                raise ValueError(f"{subject} needs exactly one rdfs:label@{lang}, has {values}")
            return values[0]

        label_zh = one_label("zh-Hant")
        full_name = graph.value(subject, PKG.fullName)
        parents = set(graph.objects(subject, PKG.subOrganizationOf)) | set(graph.objects(subject, ORG.subOrganizationOf))
        if len(parents) > 1:
            raise ValueError(f"{subject} has more than one parent: {sorted(parents)}")
        alt_labels = tuple(sorted(str(o) for o in graph.objects(subject, SKOS.altLabel)))
        agency_type = graph.value(subject, PKG.agencyType)
        return Agency(
            iri=str(subject),
            label_zh=label_zh,
            label_en=one_label("en"),
            full_name=str(full_name) if full_name is not None else label_zh,
            alt_labels=alt_labels,
            agency_type=str(agency_type) if agency_type is not None else "",
            parent_iri=str(next(iter(parents))) if parents else None,
            is_collective=(subject, RDF.type, PKG.AgencyCollective) in graph,
        )

    @staticmethod
    def _read_change(graph: Graph, event: URIRef) -> AgencyChange:
        originals = [str(o) for o in graph.objects(event, ORG.originalOrganization)]
        resulting = tuple(sorted(str(o) for o in graph.objects(event, ORG.resultingOrganization)))
        date = graph.value(event, DCTERMS.date)
        if len(originals) != 1 or not resulting or date is None:
            raise ValueError(f"{event} needs one org:originalOrganization, org:resultingOrganization and a dcterms:date")
        labels = {o.language: str(o) for o in graph.objects(event, RDFS.label) if isinstance(o, Literal)}
        return AgencyChange(str(event), originals[0], resulting, str(date), labels.get("zh-Hant", ""), labels.get("en", ""))

    @classmethod
    def load(cls, path: str | Path | None = None) -> "AgencyRegistry":
        """Load a registry file; by default the packaged graph/agencies.ttl."""
        from policykg.graph.validate import turtle_graph

        source = _default_registry_path() if path is None else Path(path)
        return cls(turtle_graph(source.read_text(encoding="utf-8")))

    def to_graph(self) -> Graph:
        """A copy of the registry as an rdflib Graph (agencies, agency types, prefixes bound)."""
        copy = Graph()
        for prefix, namespace in self._graph.namespaces():
            copy.bind(prefix, namespace, override=True)
        for triple in self._graph:
            copy.add(triple)
        return copy

    # ------------------------------------------------------------------ lookup by IRI
    def __len__(self) -> int:
        return len(self.agencies)

    def __contains__(self, iri: object) -> bool:
        return str(iri) in self.agencies

    def __iter__(self):
        return iter(self.agencies.values())

    def get(self, iri: str) -> Agency:
        """The agency with this IRI (KeyError if unknown)."""
        return self.agencies[str(iri)]

    def by_full_name(self, full_name: str) -> Agency:
        """The agency whose pkg:fullName is exactly ``full_name`` (KeyError if unknown)."""
        return self._by_full_name[full_name]

    def label_en(self, iri: str) -> str:
        return self.get(iri).label_en

    def parent_of(self, iri: str) -> str | None:
        return self.get(iri).parent_iri

    def ancestors(self, iri: str) -> list[str]:
        """Parent, grandparent, … of an agency (nearest first)."""
        chain: list[str] = []
        current = self.get(iri).parent_iri
        while current is not None and current not in chain:
            chain.append(current)
            current = self.agencies[current].parent_iri if current in self.agencies else None
        return chain

    def ministry_of(self, iri: str, follow_renamings: bool = False) -> str | None:
        """Top ancestor (ministry / council) of an agency; the agency itself if it has no parent;
        None for a collective (各機關, 地方政府 …). With ``follow_renamings``, the top ancestor's
        current successor (行政院農業委員會 → 農業部)."""
        agency = self.get(iri)
        if agency.is_collective:
            return None
        chain = self.ancestors(iri)
        top = chain[-1] if chain else agency.iri
        return self.current(top) if follow_renamings else top

    # ------------------------------------------------------------------ agencies through time
    def change_of(self, iri: str) -> AgencyChange | None:
        """The reorganisation that ended this body, or None if it still exists."""
        return self.changes.get(str(iri))

    def successor_of(self, iri: str) -> str | None:
        """The body that directly succeeded this one (the first, when a body was split).

        >>> registry = AgencyRegistry.load()
        >>> registry.get(registry.successor_of(registry.resolve_name("環保署").agency.iri)).label_zh
        '環境部'
        """
        change = self.change_of(iri)
        return change.resulting_iris[0] if change else None

    def current(self, iri: str) -> str:
        """The body that carries this one's responsibilities today: its successors followed to
        the end (the body itself when it was never renamed)."""
        seen = [str(iri)]
        while (following := self.successor_of(seen[-1])) is not None and following not in seen:
            seen.append(following)
        return seen[-1]

    def predecessors_of(self, iri: str) -> list[str]:
        """Bodies this one directly succeeded (農業部 → [行政院農業委員會])."""
        return sorted(c.original_iri for c in self.changes.values() if str(iri) in c.resulting_iris)

    # ------------------------------------------------------------------ resolving names
    def _standalone(self, name: str) -> NameMatch | None:
        """A name that identifies one agency without context: a full name, or a label /
        abbreviation used by one agency only that is not a bare department (司/處) name."""
        agency = self._by_full_name.get(name)
        if agency is not None:
            return NameMatch(agency, "collective" if agency.is_collective else "exact")
        entries = self._by_name.get(name, [])
        if len(entries) == 1:
            agency, kind = entries[0]
            if agency.agency_type != str(PKG.Department):
                return NameMatch(agency, "collective" if agency.is_collective else kind)
        return None

    def _within(self, name: str, root_iri: str) -> Agency | None:
        """The one descendant of ``root_iri`` called ``name`` (label or altLabel), if any."""
        found = [agency for agency, _ in self._by_name.get(name, []) if root_iri in self.ancestors(agency.iri)]
        return found[0] if len(found) == 1 else None

    def _prefix_and_unit(self, name: str) -> NameMatch | None:
        """``'數發部數產署'`` → 數產署 of 數發部: an agency name followed by the name of one of its units."""
        for cut in range(len(name) - 1, 0, -1):
            head = self._standalone(name[:cut])
            if head is None or head.agency.is_collective:
                continue
            unit = self._within(name[cut:], head.agency.iri)
            if unit is not None:
                return NameMatch(unit, "prefix+unit")
        return None

    def resolve_name(self, text: str, context_ministry: str | None = None) -> NameMatch | None:
        """Resolve one agency name (no brackets, no list) to a registry agency, or None.

        ``context_ministry`` is the IRI of an agency named earlier in the same cell; a unit name
        that needs context (資訊處) is looked up among the units of that agency's ministry.

        >>> registry = AgencyRegistry.load()
        >>> registry.resolve_name("經濟部產發署").via
        'prefix+unit'
        >>> registry.resolve_name("資訊處") is None
        True
        >>> ministry = registry.resolve_name("衛福部").agency.iri
        >>> registry.resolve_name("資訊處", context_ministry=ministry).agency.full_name
        '衛生福利部資訊處'
        """
        name = normalize_agency_text(text)
        if not name:
            return None
        match = self._standalone(name)
        if match is not None:
            return match
        if context_ministry is not None and context_ministry in self.agencies:
            ministry = self.ministry_of(context_ministry) or context_ministry
            unit = self._within(name, ministry)
            if unit is not None:
                return NameMatch(unit, "context_ministry")
        return self._prefix_and_unit(name)

    # ------------------------------------------------------------------ resolving cells
    def _mention(self, text: str, position: int, agency: Agency, via: str, matched: str) -> ResolvedMention:
        return ResolvedMention(
            text=text,
            position=position,
            agency_iri=agency.iri,
            label_zh=agency.label_zh,
            label_en=agency.label_en,
            parent_iri=agency.parent_iri,
            ministry_iri=self.ministry_of(agency.iri),
            via=via,
            matched=matched,
            successor_iri=self.current(agency.iri) if agency.iri in self.changes else None,
        )

    def _resolve_cell(self, cell: str) -> tuple[list[ResolvedMention], list[str]]:
        resolved: list[ResolvedMention] = []
        failed: list[str] = []
        context: str | None = None  # IRI of the last non-collective agency named in the cell
        for position, mention in enumerate(split_agency_cell(cell)):
            outer_text, inner_text = _outer_and_inner(mention)
            outer = self.resolve_name(outer_text, context) if outer_text else None
            if outer_text and outer is None:
                failed.append(outer_text)
            if outer is not None and not outer.agency.is_collective:
                context = outer.agency.iri
            units: list[tuple[NameMatch, str]] = []
            members: list[tuple[NameMatch, str]] = []
            inner_context = context
            for part in _split_top_level(inner_text or ""):
                match = self.resolve_name(part, inner_context)
                if match is None:
                    failed.append(part)
                    continue
                if not match.agency.is_collective:
                    inner_context = match.agency.iri
                is_unit = (
                    outer is not None
                    and not outer.agency.is_collective
                    and outer.agency.iri in self.ancestors(match.agency.iri)
                )
                (units if is_unit else members).append((match, part))
            if units:
                for match, part in units:
                    resolved.append(self._mention(mention, position, match.agency, "parenthesised_unit", part))
            elif outer is not None:
                resolved.append(self._mention(mention, position, outer.agency, outer.via, outer_text))
            for match, part in members:
                resolved.append(self._mention(mention, position, match.agency, "parenthesised_member", part))
            if outer is None and inner_context is not None:
                context = inner_context
        return resolved, failed

    def resolve_cell(self, cell: str) -> list[ResolvedMention]:
        """Every agency named in a cell, mention by mention in written order (unresolved parts are
        left out; see :meth:`unresolved`).

        >>> registry = AgencyRegistry.load()
        >>> [(m.label_zh, m.via) for m in registry.resolve_cell("國科會前瞻處(國網中心)")]
        [('前瞻及應用科技處', 'prefix+unit'), ('國家高速網路與計算中心', 'parenthesised_member')]
        """
        return self._resolve_cell(cell)[0]

    def unresolved(self, cell: str) -> list[str]:
        """The parts of a cell's mentions that name no registry agency.

        >>> AgencyRegistry.load().unresolved("衛福部醫事")
        ['衛福部醫事']
        """
        return self._resolve_cell(cell)[1]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m policykg.loaders.agencies iri 衛生福利部資訊處`` prints the IRI to
    use for a new registry entry; ``… resolve "衛福部健保署/資訊處"`` shows how a cell resolves."""
    parser = argparse.ArgumentParser(prog="python -m policykg.loaders.agencies", description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("iri", help="IRI for a pkg:fullName").add_argument("full_name")
    sub.add_parser("resolve", help="resolve an agency cell").add_argument("cell")
    args = parser.parse_args(argv)
    if args.command == "iri":
        print(agency_iri(normalize_agency_text(args.full_name)))
        return 0
    registry = AgencyRegistry.load()
    for m in registry.resolve_cell(args.cell):
        renamed = f"\trenamed to {registry.get(m.successor_iri).label_zh}" if m.successor_iri else ""
        print(f"{m.position}\t{m.text}\t{m.matched}\t{m.label_zh}\t{m.via}\t{m.agency_iri}{renamed}")
    for part in registry.unresolved(args.cell):
        print(f"unresolved\t{part}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
