"""Prose plans: parts, sections, sectors and key strategies of a plan without a measures table.

A 「總說明」 such as 「臺灣 2050 淨零排放路徑及策略總說明」 has no 具體措施 table; its structure is
its headings: parts marked Ⅰ、Ⅱ、… (plus 附錄 and 結語) above 壹、 sections, some of which treat
one emission sector (能源部門, 製造部門, …), and a list of key strategies (十二項關鍵戰略 一、…).
Which headings are sectors or key strategies is decided by ``division_rules.tsv`` (editable).
Each division keeps the texts no sub-division owns, line by line, so the graph builder can
mine them (agencies, technologies, regions, targets, money) with exact provenance.

The cover page of a paged document gives the title, the issuing agencies and the date.

Example
-------
>>> from policykg.loaders.outline import build_outline
>>> lines = ["Ⅰ、總論", "本文。", "Ⅱ、產業篇", "壹、 能源部門", "一、 轉型", "內容。",
...          "Ⅲ、關鍵戰略篇", "壹、 關鍵戰略項目", "一、 風電/光電", "以風電為主。"]
>>> parts = read_divisions(build_outline(lines))
>>> [(d.kind, d.number, d.title) for p in parts for d in p.walk()]
[('part', 1, '總論'), ('part', 2, '產業篇'), ('sector', 1, '能源部門'), ('part', 3, '關鍵戰略篇'), ('section', 1, '關鍵戰略項目'), ('key_strategy', 1, '風電/光電')]
>>> parts[1].children[0].blocks[0].text, parts[1].children[0].blocks[0].span
('轉型內容。', Span(start=5, end=6))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from policykg.loaders.document_model import DocumentText
from policykg.loaders.outline import PART_LEVEL, OutlineNode, marker_number
from policykg.loaders.plan_model import Division, Span, TextBlock
from policykg.loaders.text import clean_text, join_fragments

__all__ = ["RULES_FILE", "DivisionRule", "division_rules", "read_divisions", "Cover", "cover_page"]

RULES_FILE = "division_rules.tsv"

#: the last characters of a government body's name (部, 署, 委員會, …): a cover line made only of
#: such names lists the issuing agencies
_AGENCY_NAME = re.compile(r"^\S{2,}(?:部|署|委員會|會|院|局|處|中心|所|府)$")
_COVER_SPLIT = re.compile(r"[\s、，,；;]+")
_DATE = re.compile(r"^(\d{2,4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")


@dataclass(frozen=True)
class DivisionRule:
    """One line of ``division_rules.tsv``: headings at ``level`` whose title matches are ``kind``."""

    kind: str
    level: int
    title: re.Pattern
    parent_title: re.Pattern | None

    def matches(self, node: OutlineNode) -> bool:
        if node.level != self.level or not self.title.search(node.title):
            return False
        parent = node.parent
        return self.parent_title is None or (parent is not None and bool(self.parent_title.search(parent.title)))


@lru_cache(maxsize=1)
def division_rules() -> tuple[DivisionRule, ...]:
    """The rules of the packaged ``division_rules.tsv``, in file order."""
    text = (resources.files("policykg.loaders") / RULES_FILE).read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, level, title, parent = (line.split("\t") + ["", "", "", ""])[:4]
        rules.append(DivisionRule(kind.strip(), int(level), re.compile(title), re.compile(parent) if parent.strip() else None))
    return tuple(rules)


def _kind(node: OutlineNode, rules) -> str | None:
    for rule in rules:
        if rule.matches(node):
            return rule.kind
    if node.level == PART_LEVEL:
        return "appendix" if node.marker.startswith("附錄") else "part"
    if node.level == PART_LEVEL + 1:
        return "section"
    return None


def _title_and_subtitle(node: OutlineNode) -> tuple[str, str | None]:
    """「未來生活篇：從推動淨零生活開始」 → (未來生活篇, 從推動淨零生活開始); a part whose heading
    has no colon takes a short first body line (before any sub-heading) as its subtitle."""
    title = clean_text(node.title) or node.marker
    head, sep, rest = title.partition("：")
    if sep and rest.strip():
        return head.strip(), rest.strip()
    if sep:
        title = head.strip()
    if node.level == PART_LEVEL and len(node.body_lines) == 1 and len(node.body_lines[0]) <= 30 \
            and not re.search(r"[。，；]", node.body_lines[0]):
        return title, node.body_lines[0]
    return title, None


def _own_blocks(node: OutlineNode, rules, heading: str, skip_title: bool) -> tuple[list[TextBlock], list[OutlineNode]]:
    """Texts of ``node`` and its descendants up to the next divisions (returned apart)."""
    blocks: list[TextBlock] = []
    divisions: list[OutlineNode] = []
    text = clean_text(node.body if skip_title else node.text)
    if text:
        start = node.line + 1 if skip_title and node.body_lines and node.line_end > node.line else node.line
        blocks.append(TextBlock(text, Span(start, node.line_end), heading))
    for child in node.children:
        if _kind(child, rules) is not None:
            divisions.append(child)
            continue
        more, deeper = _own_blocks(child, rules, heading, skip_title=False)
        blocks.extend(more)
        divisions.extend(deeper)
    return blocks, divisions


def _division(node: OutlineNode, rules) -> Division:
    kind = _kind(node, rules)
    title, subtitle = _title_and_subtitle(node)
    is_subtitle = subtitle is not None and not node.title.count("：")
    blocks, inner = _own_blocks(node, rules, title, skip_title=True)
    if is_subtitle:
        blocks = [b for b in blocks if b.text != subtitle]
    division = Division(
        kind=kind or "section",
        number=marker_number(node.marker),
        marker=node.marker,
        title=title,
        subtitle=subtitle,
        span=Span(node.line, node.subtree_end),
        blocks=blocks,
    )
    division.children = [_division(child, rules) for child in inner]
    return division


def read_divisions(root: OutlineNode, rules=None) -> list[Division]:
    """The divisions of an outline: its parts with their sections, sectors and key strategies.

    An outline without parts (壹、 at the top) gives its level-1 sections.
    """
    rules = division_rules() if rules is None else rules
    return [_division(node, rules) for node in root.children if _kind(node, rules) is not None]


@dataclass(frozen=True)
class Cover:
    """A cover page: title as one string, the issuing agencies as written and split, the date."""

    title: str | None
    agencies_raw: str | None
    agencies: list[str]
    agency_span: Span | None
    issued: str | None


def cover_page(source: DocumentText) -> Cover | None:
    """Title, issuing agencies and date from page 1 of a paged document (None without pages).

    Title lines come first, then lines made only of agency names (「國家發展委員會 行政院環境保護署」),
    then the date (「2022 年 3 月 30 日」 → ``2022-03-30``; 「111 年 3 月」 → ``2022-03``).
    """
    if not source.pages:
        return None
    first = [i for i, loc in enumerate(source.locations, 1) if loc.page == 1]
    title_lines: list[str] = []
    agencies: list[str] = []
    agency_lines: list[int] = []
    issued = None
    for lineno in first:
        raw_line = source.lines[lineno - 1]
        text = clean_text(raw_line)
        if not text:
            continue
        date = _DATE.match(text)
        if date:
            year = int(date.group(1))
            year = year + 1911 if year < 1000 else year
            issued = f"{year:04d}-{int(date.group(2)):02d}" + (f"-{int(date.group(3)):02d}" if date.group(3) else "")
            continue
        pieces = [clean_text(p) for p in _COVER_SPLIT.split(raw_line) if clean_text(p)]
        if pieces and all(_AGENCY_NAME.match(p) for p in pieces) and (agency_lines or title_lines):
            agencies.extend(pieces)
            agency_lines.append(lineno)
        elif not agency_lines:
            title_lines.append(text)
    title = None
    if title_lines:
        title = title_lines[0]
        for line in title_lines[1:]:
            title = join_fragments(title, line)
    raw = " ".join(source.lines[i - 1].strip() for i in agency_lines) or None
    span = Span(min(agency_lines), max(agency_lines)) if agency_lines else None
    return Cover(title, raw, agencies, span, issued)
