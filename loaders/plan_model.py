"""The parsed plan document: plain dataclasses, independent of RDF.

``parse_plan_document`` (in :mod:`policykg.loaders.plan_document`) returns a
:class:`PlanDocument`; :mod:`policykg.graph.build` turns it into RDF. Every element keeps its
1-based source line span so each fact can be cited.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from policykg.loaders.document_model import DocumentText
from policykg.loaders.periods import Period

__all__ = [
    "Span",
    "ScheduleEntry",
    "ExecutionItem",
    "Measure",
    "Strategy",
    "Highlight",
    "Pillar",
    "TextBlock",
    "Division",
    "PlanDocument",
]


@dataclass(frozen=True)
class Span:
    """Lines ``start``..``end`` (1-based, inclusive) of the source document."""

    start: int
    end: int


@dataclass
class ScheduleEntry:
    """One period row of a measure: its period(s), agencies and the content it carries."""

    periods: list[Period]
    period_raw: str
    agencies_raw: str
    agencies: list[str]
    content: str
    span: Span
    agency_span: Span | None = None


@dataclass
class ExecutionItem:
    """A numbered item of a measure's 執行內容."""

    number: int
    text: str


@dataclass
class Measure:
    """A 具體措施 row (or block of rows) of a pillar's measures table."""

    number: int
    name: str
    content: str
    items: list[ExecutionItem]
    schedule: list[ScheduleEntry]
    span: Span
    #: the narrative item of 「(一) 推動策略」 that describes this measure (matched by name), as written
    narrative: str = ""
    narrative_span: Span | None = None


@dataclass
class Strategy:
    """A pillar's numbered strategy: a table group row and/or a narrative 推動策略 heading."""

    number: int
    title: str
    narrative_title: str | None
    description: str
    span: Span
    measures: list[Measure] = field(default_factory=list)
    narrative_span: Span | None = None


@dataclass
class Highlight:
    """An item of a pillar's 「預期亮點成果」."""

    number: int
    label: str
    text: str
    span: Span
    strategy_number: int | None = None


@dataclass
class Pillar:
    """One of the plan's main constructions (a 參 section chapter with its measures table)."""

    number: int
    title: str
    description: str
    span: Span
    lead_agencies_raw: str | None = None
    lead_agencies: list[str] = field(default_factory=list)
    lead_span: Span | None = None
    table_caption: str | None = None
    strategies: list[Strategy] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    description_span: Span | None = None


@dataclass
class TextBlock:
    """Narrative text outside the pillars (for amounts and quantities found anywhere)."""

    text: str
    span: Span
    heading: str


@dataclass
class Division:
    """A titled division of a prose plan: a part (Ⅰ、…, 附錄, 結語), a section (壹、…), a sector
    (a section on one emission sector, 能源部門) or a key strategy (十二項關鍵戰略 一、…).

    ``kind`` is ``"part"``, ``"appendix"``, ``"section"``, ``"sector"`` or ``"key_strategy"``;
    ``number`` the value of its numeral (None for 附錄 / 結語); ``blocks`` the texts inside it that
    no sub-division owns, each with its own span (for mining with exact provenance).
    """

    kind: str
    number: int | None
    marker: str
    title: str
    span: Span
    subtitle: str | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    children: list["Division"] = field(default_factory=list)

    def walk(self):
        """This division and every sub-division, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PlanDocument:
    """Everything parsed from one plan document."""

    plan_id: str
    path: str
    file_name: str
    sha256: str
    line_count: int
    title: str
    version: str | None
    issued: str | None
    period_start: str | None
    period_end: str | None
    period_span: Span | None
    vision_text: str | None
    vision_span: Span | None
    pillars: list[Pillar]
    narrative: list[TextBlock] = field(default_factory=list)
    #: a prose plan's parts, sections, sectors and key strategies (empty for a measures-table plan)
    divisions: list[Division] = field(default_factory=list)
    #: the agencies that issue the plan, as written on its cover, and their names split
    issuing_agencies_raw: str | None = None
    issuing_agencies: list[str] = field(default_factory=list)
    issuing_span: Span | None = None
    #: the canonical lines the parser read, with page / line provenance (see document_model)
    source: DocumentText | None = field(default=None, repr=False, compare=False)

    def all_divisions(self):
        """Every division (parts, sections, sectors, key strategies), depth first."""
        for division in self.divisions:
            yield from division.walk()

    def measures(self):
        """Iterate (pillar, strategy, measure) triples in document order."""
        for pillar in self.pillars:
            for strategy in pillar.strategies:
                for measure in strategy.measures:
                    yield pillar, strategy, measure
