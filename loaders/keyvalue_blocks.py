"""Key–value blocks: measures written as a heading followed by 「鍵：值」 lines.

The layout of Taiwan's Open Government National Action Plan commitments::

    (一) 推動資料開放及數據運用法制化          ← the measure (a commitment)
    主（協）辦機關：國發會、(行政院及所屬各機關)   ← lead agency first, parenthesised ones co-organize
    起迄時間：2021/01 ~ 2024/05                ← AD year/month range with ~
    承諾事項內容：研擬「資料開放法」草案……
    1. 辦理資料開放法制研析及公眾諮詢          ← a milestone: a sub-heading
    2021/01 ~ 2021/12                          ←   followed by its date range

A heading whose own lines hold an agencies or period key is a measure; its milestones become
its execution items and schedule rows (one row per milestone with the milestone's period and the
measure's agencies; one row with the measure's period when it has no milestones). The heading
above the measures is their pillar; the layout has no strategy level, so each pillar has one
strategy with the pillar's title. The keys are data: ``keyvalue_keys.tsv``.

Example
-------
>>> from policykg.loaders.outline import build_outline
>>> lines = ["壹、承諾事項", "一、資料開放", "(一) 資料開放法制化", "主（協）辦機關：國發會、(各機關)",
...          "起迄時間：2021/01 ~ 2024/05", "1. 完成草案", "2021/01 ~ 2022/12"]
>>> pillar = keyvalue_pillars(build_outline(lines), lines)[0]
>>> m = pillar.strategies[0].measures[0]
>>> m.name, m.schedule[0].agencies, m.schedule[0].periods[0].start, m.schedule[0].periods[0].end
('資料開放法制化', ['國發會', '各機關'], '2021-01', '2022-12')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from policykg.loaders.agencies import split_agency_cell
from policykg.loaders.outline import OutlineNode, marker_number
from policykg.loaders.periods import parse_period_cell
from policykg.loaders.plan_model import ExecutionItem, Measure, Pillar, ScheduleEntry, Span, Strategy
from policykg.loaders.text import clean_text, join_fragments

__all__ = ["KEYS_FILE", "keyvalue_keys", "read_fields", "keyvalue_pillars"]

KEYS_FILE = "keyvalue_keys.tsv"

_KEY_LINE = re.compile(r"^\s*(?:[#>*-]+\s*)?(?:\*\*)?(?P<key>[^:：]{2,16}?)(?:\*\*)?\s*[:：]\s*(?P<value>.*)$")
_KEY_NOISE = re.compile(r"[\s（）()/／、]")
_DATE_RANGE = re.compile(
    r"^\s*\d{3,4}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{1,2})?\s*[~～〜\-–—至]\s*\d{3,4}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{1,2})?\s*$"
)
_PARENTHESISED = re.compile(r"^[(（](.*)[)）]$")


@lru_cache(maxsize=1)
def keyvalue_keys() -> dict[str, str]:
    """Normalised key → field (``agencies``, ``lead``, ``co``, ``period``, ``description``, ``content``)."""
    text = (resources.files("policykg.loaders") / KEYS_FILE).read_text(encoding="utf-8")
    keys: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, key = line.split("\t")[:2]
            keys[_KEY_NOISE.sub("", key)] = name.strip()
    return keys


@dataclass
class _Field:
    value: str
    span: Span


@dataclass
class _Fields:
    fields: dict[str, _Field] = field(default_factory=dict)
    first_text: tuple[int, str] | None = None  # first non-key line: a milestone's date range

    def get(self, name: str) -> str:
        return self.fields[name].value if name in self.fields else ""


def _own_lines(node: OutlineNode) -> range:
    """Line numbers under ``node``'s heading up to its first child (its own text)."""
    end = node.children[0].line - 1 if node.children else node.line_end
    return range(node.line + 1, end + 1)


def read_fields(node: OutlineNode, lines: list[str]) -> _Fields:
    """The 「鍵：值」 fields of a heading's own lines; a line without a key continues the value above.

    >>> from policykg.loaders.outline import build_outline
    >>> lines = ["壹、甲", "主辦機關：國發會", "起迄時間：2021/01 ~", "2024/05"]
    >>> f = read_fields(build_outline(lines).children[0], lines)
    >>> f.get("lead"), f.get("period"), f.fields["period"].span
    ('國發會', '2021/01 ~ 2024/05', Span(start=3, end=4))
    """
    keys = keyvalue_keys()
    out = _Fields()
    last: str | None = None
    for lineno in _own_lines(node):
        text = lines[lineno - 1].strip()
        if not text:
            continue
        match = _KEY_LINE.match(text)
        name = keys.get(_KEY_NOISE.sub("", match["key"])) if match else None
        if name is not None:
            out.fields[name] = _Field(clean_text(match["value"]), Span(lineno, lineno))
            last = name
        elif last is not None:
            previous = out.fields[last]
            value = join_fragments(previous.value, clean_text(text))
            if previous.value.endswith(("~", "～")):
                value = f"{previous.value} {clean_text(text)}"
            out.fields[last] = _Field(value, Span(previous.span.start, lineno))
        elif out.first_text is None:
            out.first_text = (lineno, clean_text(text))
    return out


def _agencies(fields: _Fields) -> tuple[str, list[str], Span | None]:
    """(cell as written, names lead first, span) of the agency fields."""
    if "agencies" in fields.fields:
        raw, span = fields.get("agencies"), fields.fields["agencies"].span
        names = [_PARENTHESISED.sub(r"\1", part).strip() for part in split_agency_cell(raw)]
        return raw, [n for n in names if n], span
    parts = [fields.fields[k] for k in ("lead", "co") if k in fields.fields]
    if not parts:
        return "", [], None
    raw = "、".join(p.value for p in parts if p.value)
    names = [n for p in parts for n in split_agency_cell(p.value)]
    return raw, names, Span(min(p.span.start for p in parts), max(p.span.end for p in parts))


def _measure(number: int, node: OutlineNode, fields: _Fields, lines: list[str]) -> Measure:
    agencies_raw, agencies, agency_span = _agencies(fields)
    schedule: list[ScheduleEntry] = []
    items: list[ExecutionItem] = []
    for child in node.children:
        first = read_fields(child, lines).first_text
        if first is None or not _DATE_RANGE.match(first[1]):
            continue
        title = clean_text(child.title)
        items.append(ExecutionItem(len(items) + 1, title))
        schedule.append(ScheduleEntry(
            periods=parse_period_cell(first[1]),
            period_raw=first[1],
            agencies_raw=agencies_raw,
            agencies=list(agencies),
            content=title,
            span=Span(child.line, first[0]),
            agency_span=agency_span,
        ))
    if not schedule:
        period_raw = fields.get("period")
        schedule.append(ScheduleEntry(
            periods=parse_period_cell(period_raw),
            period_raw=period_raw,
            agencies_raw=agencies_raw,
            agencies=list(agencies),
            content="",
            span=fields.fields["period"].span if "period" in fields.fields else Span(node.line, node.line),
            agency_span=agency_span,
        ))
    return Measure(
        number=number,
        name=clean_text(node.title),
        content=fields.get("content") or fields.get("description"),
        items=items,
        schedule=schedule,
        span=Span(node.line, node.subtree_end),
    )


def _is_measure(fields: _Fields) -> bool:
    return any(k in fields.fields for k in ("agencies", "lead", "period"))


def keyvalue_pillars(root: OutlineNode, lines: list[str]) -> list[Pillar]:
    """Pillars (with one strategy each) of the key–value measures of an outline, in document order."""
    groups: dict[int, tuple[OutlineNode, list[Measure]]] = {}

    def visit(node: OutlineNode) -> None:
        for child in node.children:
            fields = read_fields(child, lines)
            if _is_measure(fields):
                parent = child.parent if child.parent is not None and child.parent.level >= 0 else child
                _, measures = groups.setdefault(id(parent), (parent, []))
                measures.append(_measure(len(measures) + 1, child, fields, lines))
            else:
                visit(child)

    visit(root)
    pillars: list[Pillar] = []
    numbers = [marker_number(parent.marker) for parent, _ in groups.values()]
    if None in numbers or len(set(numbers)) < len(numbers):
        numbers = list(range(1, len(numbers) + 1))
    for number, (parent, measures) in zip(numbers, groups.values()):
        title = clean_text(parent.title)
        span = Span(parent.line, max(parent.subtree_end, *(m.span.end for m in measures)))
        strategy = Strategy(number=1, title=title, narrative_title=None, description="", span=span, measures=measures)
        pillars.append(Pillar(
            number=number,
            title=title,
            description=clean_text(parent.body),
            span=span,
            strategies=[strategy],
            description_span=Span(parent.line, parent.line_end),
        ))
    return pillars
