"""Parse a plan document of the 「推動方案」 family into a :class:`PlanDocument`.

Generic by structure: headings by their numbering markers, tables by their header column
names, pillars as the chapters that hold a measures table, table 1 by its 主政 column.

Example
-------
>>> from policykg.loaders.plan_document import parse_plan_document, default_plan_path
>>> doc = parse_plan_document(default_plan_path())
>>> len(doc.pillars), doc.pillars[0].title, doc.period_start, doc.period_end
(10, '全民智慧生活圈', '2025', '2028')
"""
from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

from policykg.errors import PlanParseError
from policykg.loaders.agencies import split_agency_cell
from policykg.loaders.measures_table import (
    MeasureRow,
    StrategyGroup,
    raw_item_texts,
    read_measures_table,
    strip_item_number,
)
from policykg.loaders.outline import OutlineNode, build_outline, footnotes, marker_number
from policykg.loaders.outline import PART_LEVEL
from policykg.loaders.periods import Period, parse_period_cell, roc_to_ad
from policykg.loaders.keyvalue_blocks import keyvalue_pillars
from policykg.loaders.prose_plan import Cover, cover_page, read_divisions
from policykg.loaders.plan_model import (
    ExecutionItem,
    Highlight,
    Measure,
    Pillar,
    PlanDocument,
    ScheduleEntry,
    Span,
    Strategy,
    TextBlock,
)
from policykg.loaders.tables import Table, find_tables
from policykg.loaders.text import clean_text, split_numbered_items

__all__ = ["DEFAULT_PLAN_NAME", "NET_ZERO_PLAN_NAME", "default_plan_path", "net_zero_plan_path", "shipped_plan_paths", "plan_id_from_path", "read_plan_lines", "parse_plan_document"]

DEFAULT_PLAN_NAME = "ai-new-ten-major-constructions-2026-01.md"
#: the second shipped plan: 「臺灣 2050 淨零排放路徑及策略總說明」 (國家發展委員會 et al., 2022-03-30, PDF)
NET_ZERO_PLAN_NAME = "tw-2050-net-zero-pathway-2022-03-30.pdf"

def default_plan_path() -> Path:
    """The plan shipped with policykg (「AI 新十大建設推動方案」, Jan 2026)."""
    return Path(str(resources.files("policykg.data.plans") / DEFAULT_PLAN_NAME))


def net_zero_plan_path() -> Path:
    """The shipped prose plan 「臺灣 2050 淨零排放路徑及策略總說明」 (PDF, 82 pages, 2022-03-30)."""
    return Path(str(resources.files("policykg.data.plans") / NET_ZERO_PLAN_NAME))


def shipped_plan_paths() -> dict[str, Path]:
    """Plan id → path of every plan shipped with policykg, the default plan first.

    >>> list(shipped_plan_paths())
    ['ai-new-ten-major-constructions-2026-01', 'tw-2050-net-zero-pathway-2022-03-30']
    """
    return {plan_id_from_path(p): p for p in (default_plan_path(), net_zero_plan_path())}


def plan_id_from_path(path) -> str:
    """A stable ASCII id from the file name.

    >>> plan_id_from_path("data/plans/ai-new-ten-major-constructions-2026-01.md")
    'ai-new-ten-major-constructions-2026-01'
    """
    stem = Path(path).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if not slug:
        slug = "plan-" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:10]
    return slug


def read_plan_lines(path) -> tuple[list[str], bytes]:
    """Read a markdown plan as lines; empty files and non-UTF-8 bytes raise :class:`PlanParseError`."""
    from policykg.loaders.readers import markdown, read_bytes

    data = read_bytes(path)
    return markdown.read(path, data).lines, data


def _front_matter(lines: list[str]) -> tuple[str, str | None, str | None]:
    title, version, issued = None, None, None
    for line in lines[:40]:
        stripped = line.strip()
        if not stripped:
            continue
        if title is None and stripped.startswith("#") and "目錄" not in stripped:
            title = clean_text(stripped.lstrip("#"))
            continue
        m = re.match(r"^[(（]\s*(\S*本)\s*[)）]$", stripped)
        if m and version is None:
            version = m.group(1)
            continue
        m = re.match(r"^(\d{2,4})\s*年\s*(\d{1,2})\s*月$", stripped)
        if m and issued is None:
            year = int(m.group(1))
            year = roc_to_ad(year) if year < 1000 else year
            issued = f"{year:04d}-{int(m.group(2)):02d}"
    if title is None:
        title = clean_text(next(line for line in lines if line.strip()).lstrip("#"))
    return title, version, issued


def _plan_period(lines: list[str]) -> tuple[str | None, str | None, Span | None]:
    pattern = re.compile(r"(?:執行期程|計畫期程|推動期程|期程)為?\s*(\d{3,4})\s*年\s*[至到\-~]\s*(\d{3,4})\s*年")
    for i, line in enumerate(lines, 1):
        m = pattern.search(line)
        if m:
            start, end = (int(g) for g in m.groups())
            start = roc_to_ad(start) if start < 1000 else start
            end = roc_to_ad(end) if end < 1000 else end
            return str(start), str(end), Span(i, i)
    return None, None, None


def _chapters(root: OutlineNode) -> list[tuple[OutlineNode, int]]:
    """Level-1 and level-2 nodes with the line where the next one starts."""
    nodes = [n for n in root.walk() if n.level <= 2]
    ends = [n.line for n in nodes[1:]] + [10**9]
    return list(zip(nodes, ends))


def _entry(row, path) -> ScheduleEntry:
    period_raw = row.period_raw
    periods = parse_period_cell(period_raw) if period_raw else [Period("", None, None, "unspecified")]
    agency_cells = list(row.agencies.values())
    agency_span = (
        Span(min(c.line_start for c in agency_cells), max(c.line_end for c in agency_cells))
        if agency_cells
        else None
    )
    return ScheduleEntry(
        periods=periods,
        period_raw=period_raw,
        agencies_raw=row.agencies_raw,
        agencies=split_agency_cell(row.agencies_raw),
        content=row.content_text,
        span=Span(row.line_start, row.line_end),
        agency_span=agency_span,
    )


def _items(measure_row: MeasureRow) -> list[ExecutionItem]:
    texts: list[str] = []
    for raw in measure_row.raw_content:
        listed = raw_item_texts(raw)
        if listed is not None:
            texts.extend(strip_item_number(t) for t in listed)
        else:
            texts.extend(i.text for i in split_numbered_items(clean_text(raw)))
    return [ExecutionItem(n, t) for n, t in enumerate((t for t in texts if t), 1)]


def _measure(number: int, row: MeasureRow, path) -> Measure:
    return Measure(
        number=number,
        name=row.name,
        content=row.content,
        items=_items(row),
        schedule=[_entry(r, path) for r in row.schedule],
        span=Span(row.line_start, row.line_end),
    )


def _title_and_lead(node: OutlineNode) -> tuple[str, str]:
    """A narrative heading written as a sentence ("拓展創新應用：協助…") splits at its colon."""
    title, sep, rest = node.title.partition("：")
    if sep and rest:
        return title.strip(), rest.strip()
    return node.title, ""


def _narrative_strategies(chapter: OutlineNode) -> dict[int, OutlineNode]:
    for section in chapter.children:
        if section.level == 3 and "策略" in section.title:
            return {
                int(n.marker): n for n in section.children if n.level == 4 and n.marker.isdigit()
            }
    return {}


def _highlights(chapter: OutlineNode) -> list[Highlight]:
    section = next(
        (s for s in chapter.children if s.level == 3 and ("亮點" in s.title or "成果" in s.title)), None
    )
    if section is None:
        return []
    highlights: list[Highlight] = []

    def visit(node: OutlineNode, label: str, strategy: int | None) -> None:
        own = node.text
        has_own_text = not node.children or node.body or "：" in node.title
        if has_own_text and own.strip():
            highlights.append(
                Highlight(len(highlights) + 1, label, clean_text(own), Span(node.line, node.line_end), strategy)
            )
        for child in node.children:
            child_label = f"{label}.({child.marker})" if child.level >= 5 else f"{label}.{child.marker}"
            visit(child, child_label, strategy)

    for node in section.children:
        strategy = int(node.marker) if node.children and node.marker.isdigit() else None
        visit(node, node.marker, strategy)
    return highlights


def _strategies(groups: list[StrategyGroup], narrative: dict[int, OutlineNode], path) -> list[Strategy]:
    strategies: list[Strategy] = []
    for group in groups:
        story = narrative.get(group.number)
        measures = [_measure(i, row, path) for i, row in enumerate(group.measures, 1)]
        if story:
            _link_narrative(measures, story)
        lines = [group.line] + [m.span.end for m in measures]
        strategies.append(
            Strategy(
                number=group.number,
                title=group.title or (_title_and_lead(story)[0] if story else ""),
                narrative_title=_title_and_lead(story)[0] if story else None,
                description=_narrative_text(story) if story else "",
                span=Span(min(lines), max(lines)),
                measures=measures,
                narrative_span=Span(story.line, story.subtree_end) if story else None,
            )
        )
    known = {s.number for s in strategies}
    for number, story in sorted(narrative.items()):
        if number not in known:
            strategies.append(
                Strategy(
                    number=number,
                    title=_title_and_lead(story)[0],
                    narrative_title=_title_and_lead(story)[0],
                    description=_narrative_text(story),
                    span=Span(story.line, story.subtree_end),
                    narrative_span=Span(story.line, story.subtree_end),
                )
            )
    strategies.sort(key=lambda s: s.number)
    return strategies


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s\W_]+", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _link_narrative(measures: list[Measure], story: OutlineNode, threshold: float = 0.6) -> None:
    """Give each measure the narrative item of its strategy whose title matches its name.

    Names are compared by character bigrams (overlap coefficient of the measure name and the item
    title before its colon, or the whole title) over all items below the strategy heading; pairs
    are taken best first (an item nearer the heading wins a tie), one-to-one, from ``threshold`` up. A strategy with one measure and no numbered items gives that measure the
    strategy's own paragraph.
    """
    items = [n for n in story.walk() if n is not story]
    if not items:
        if len(measures) == 1:
            measures[0].narrative = _narrative_text(story)
            measures[0].narrative_span = Span(story.line, story.subtree_end)
        return
    scored = []
    for m, measure in enumerate(measures):
        name = _bigrams(measure.name)
        for i, item in enumerate(items):
            best = 0.0
            for title in {_title_and_lead(item)[0], item.title}:
                grams = _bigrams(title)
                if name and grams:
                    best = max(best, len(name & grams) / min(len(name), len(grams)))
            if best >= threshold:
                scored.append((-best, item.level, m, i))
    used_m, used_i = set(), set()
    for _, _, m, i in sorted(scored):
        if m in used_m or i in used_i:
            continue
        used_m.add(m)
        used_i.add(i)
        item = items[i]
        measures[m].narrative = clean_text(item.full_text)
        measures[m].narrative_span = Span(item.line, item.subtree_end)


def _narrative_text(node: OutlineNode) -> str:
    parts = [_title_and_lead(node)[1], node.body] + [c.full_text for c in node.children]
    return clean_text(" ".join(p for p in parts if p))


def _lead_table(tables: list[Table]) -> dict[str, tuple[str, Span]]:
    leads: dict[str, tuple[str, Span]] = {}
    for table in tables:
        if not table.is_lead_table:
            continue
        for row in table.rows:
            name = re.sub(r"\s", "", clean_text(row.cells.get("pillar", "")))
            if name:
                leads[name] = (clean_text(row.cells.get("lead", "")), Span(row.line, row.line))
    return leads


def _prose_plan(path: Path, plan_id, source, root: OutlineNode, title, version, issued, cover: Cover | None) -> PlanDocument:
    """A plan without a measures table: its parts (Ⅰ、Ⅱ、…) and their divisions (see prose_plan)."""
    lines = source.lines
    has_parts = any(node.level == PART_LEVEL for node in root.children)
    pillars = keyvalue_pillars(root, lines)
    if not has_parts and not pillars:
        raise PlanParseError(
            path,
            len(lines),
            "reached the end of the document without finding a measures table "
            "(a header with 具體措施 / 執行內容 / 起訖時程 / 主/協辦 機關單位) "
            "or the parts of a prose plan (Ⅰ、Ⅱ、…) or key–value measures (主（協）辦機關：… / 起迄時間：…)",
        )
    agencies = cover.agencies if cover else []
    return _plan(
        path, plan_id, source, title, version, issued,
        vision_text=None,
        vision_span=None,
        pillars=pillars,
        narrative=_narrative(root, lines, pillars, None) if pillars else [],
        divisions=read_divisions(root) if has_parts else [],
        issuing_agencies_raw=cover.agencies_raw if cover else None,
        issuing_agencies=list(agencies),
        issuing_span=cover.agency_span if cover else None,
    )


def _narrative(root: OutlineNode, lines: list[str], pillars: list[Pillar], vision) -> list[TextBlock]:
    """Texts outside the pillars (and the vision), and the footnotes: mined for money only."""
    pillar_lines = [(p.span.start, p.span.end) for p in pillars]
    blocks = []
    for node in root.walk():
        if node is vision or any(a <= node.line <= b for a, b in pillar_lines):
            continue
        text = clean_text(node.text)
        if text:
            blocks.append(TextBlock(text, Span(node.line, node.line_end), node.title))
    for line, note in footnotes(lines):
        blocks.append(TextBlock(note, Span(line, line), "footnote"))
    return blocks


def _plan(path: Path, plan_id, source, title, version, issued, **parts) -> PlanDocument:
    """A :class:`PlanDocument` with the fields every layout shares (file, title, plan period)."""
    period_start, period_end, period_span = _plan_period(source.lines)
    return PlanDocument(
        plan_id=plan_id or plan_id_from_path(path),
        path=str(path),
        file_name=path.name,
        sha256=source.sha256,
        line_count=len(source.lines),
        title=title,
        version=version,
        issued=issued,
        period_start=period_start,
        period_end=period_end,
        period_span=period_span,
        source=source,
        **parts,
    )


def parse_plan_document(path, plan_id: str | None = None) -> PlanDocument:
    """Parse one plan document (any format of :mod:`policykg.loaders.readers`).

    Raises :class:`PlanParseError` naming the file and line (or page).
    """
    from policykg.loaders.readers import read_document

    path = Path(path)
    source = read_document(path)
    lines = source.lines
    title, version, issued = _front_matter(lines)
    cover = cover_page(source)
    if cover is not None and cover.title:
        title, issued = cover.title, cover.issued or issued
    tables = find_tables(lines, path, resolved_breaks=source.resolved_breaks)
    measure_tables = [t for t in tables if t.is_measures_table]
    table_lines = {t.header_line for t in tables}
    for t in tables:
        table_lines.update(r.line for r in t.rows)
    root = build_outline(lines, title=title, skip=table_lines)
    if not measure_tables:
        return _prose_plan(path, plan_id, source, root, title, version, issued, cover)
    chapters = _chapters(root)
    leads = _lead_table(tables)

    pillars: list[Pillar] = []
    by_chapter: dict[int, Pillar] = {}
    for table in measure_tables:
        groups = read_measures_table(table, path)
        chapter = next(
            (n for n, end in chapters if n.level == 2 and n.line < table.header_line < end), None
        )
        if chapter is None:
            raise PlanParseError(path, table.header_line, "measures table is not inside a numbered chapter (一、二、…)")
        pillar = by_chapter.get(id(chapter))
        if pillar is None:
            number = marker_number(chapter.marker) or len(pillars) + 1
            key = re.sub(r"\s", "", chapter.title)
            lead = leads.get(key) or next((v for k, v in leads.items() if k in key or key in k), None)
            pillar = Pillar(
                number=number,
                title=chapter.title,
                description=clean_text(chapter.body),
                span=Span(chapter.line, max(chapter.subtree_end, table.last_line)),
                lead_agencies_raw=lead[0] if lead else None,
                lead_agencies=split_agency_cell(lead[0]) if lead else [],
                lead_span=lead[1] if lead else None,
                table_caption=table.caption,
                highlights=_highlights(chapter),
                description_span=Span(chapter.line, chapter.line_end),
            )
            by_chapter[id(chapter)] = pillar
            pillars.append(pillar)
            narrative = _narrative_strategies(chapter)
            pillar.strategies = _strategies(groups, narrative, path)
        else:
            pillar.strategies.extend(_strategies(groups, {}, path))
            pillar.span = Span(pillar.span.start, max(pillar.span.end, table.last_line))

    vision = next((n for n in root.walk() if n.level == 2 and "願景" in n.title), None)
    narrative_blocks = _narrative(root, lines, pillars, vision)
    return _plan(
        path, plan_id, source, title, version, issued,
        vision_text=clean_text(vision.body) if vision and vision.body else None,
        vision_span=Span(vision.line, vision.line_end) if vision else None,
        pillars=pillars,
        narrative=narrative_blocks,
    )
