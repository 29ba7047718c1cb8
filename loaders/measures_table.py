"""Read a pillar's 「推動策略與具體措施表」 into strategies, measures and schedule entries.

The PDF conversion leaves four kinds of rows, all handled here by structure:

* group rows (「1. 智慧醫療」, only the first cell filled) start a Strategy;
* measure rows (first cell filled) start a Measure; empty cells inherit the cell of the row
  above (a merged cell in the PDF), so several measures may share one content cell;
* rows with an empty first cell and a period add a schedule entry (another period row of the
  same measure, with its own content and agency when given);
* the first row after a repeated header continues the cells cut by the page break
  (see :func:`_continues_previous_row` for the rule).

Example
-------
>>> from policykg.loaders.tables import find_tables
>>> lines = ["具體措施\\t執行內容\\t起訖時程\\t主/協辦 機關單位",
...          "1. 智慧醫療\\t\\t\\t", "甲計畫\\t1. 建平臺 2. 建標準\\t114/01-114/12\\t國科會",
...          "\\t\\t115/01-117/12\\t"]
>>> strategies = read_measures_table(find_tables(lines, "x.md")[0], "x.md")
>>> m = strategies[0].measures[0]
>>> (strategies[0].title, m.name, [e.period_raw for e in m.schedule], m.schedule[1].agencies_raw)
('智慧醫療', '甲計畫', ['114/01-114/12', '115/01-117/12'], '國科會')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.errors import PlanParseError
from policykg.loaders.periods import (
    is_complete_period_cell,
    looks_like_period_start,
    month_after,
    parse_period_cell,
)
from policykg.loaders.tables import Table, TableRow
from policykg.loaders.text import clean_text, is_cjk

__all__ = ["Cell", "ScheduleRow", "MeasureRow", "StrategyGroup", "read_measures_table"]

AGENCY_ROLES = ("agencies", "lead", "co")


@dataclass
class Cell:
    """A table cell that may span lines and page breaks; shared when merged over rows."""

    raw: str
    line_start: int
    line_end: int

    @property
    def text(self) -> str:
        return clean_text(self.raw)

    def extend(self, more: str, line: int) -> None:
        """Append the part of this cell that continues on ``line``."""
        left, right = clean_text(self.raw), clean_text(more)
        starts_item = bool(re.match(r"\s*(?:<|\d{1,2}\.\s*\D)", more))
        glue = "" if (left and right and (is_cjk(left[-1]) or is_cjk(right[0])) and not starts_item) else " "
        self.raw = self.raw.rstrip() + glue + more.strip()
        self.line_end = max(self.line_end, line)


@dataclass
class ScheduleRow:
    """One period row of a measure: period, agencies and content cells (shared cells allowed)."""

    period: Cell | None
    content: Cell | None
    agencies: dict[str, Cell]
    line_start: int
    line_end: int

    @property
    def period_raw(self) -> str:
        return self.period.text if self.period else ""

    @property
    def agencies_raw(self) -> str:
        if "agencies" in self.agencies:
            return self.agencies["agencies"].text
        parts = [self.agencies[r].text for r in ("lead", "co") if r in self.agencies and self.agencies[r].text]
        return "、".join(parts)

    @property
    def content_text(self) -> str:
        return self.content.text if self.content else ""

    def cells(self) -> list[Cell]:
        return [c for c in (self.period, self.content, *self.agencies.values()) if c]


@dataclass
class MeasureRow:
    """A measure (具體措施) with its name cell and its schedule rows."""

    name_cell: Cell
    schedule: list[ScheduleRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.name_cell.text

    @property
    def content_cells(self) -> list[Cell]:
        seen: list[Cell] = []
        for row in self.schedule:
            if row.content is not None and all(row.content is not c for c in seen):
                seen.append(row.content)
        return seen

    @property
    def content(self) -> str:
        return " ".join(c.text for c in self.content_cells if c.text)

    @property
    def raw_content(self) -> list[str]:
        return [c.raw for c in self.content_cells]

    @property
    def line_start(self) -> int:
        return min([self.name_cell.line_start] + [r.line_start for r in self.schedule])

    @property
    def line_end(self) -> int:
        cells = [self.name_cell] + [c for r in self.schedule for c in r.cells()]
        own = [c.line_end for c in cells if c.line_start >= self.name_cell.line_start]
        return max(own + [r.line_end for r in self.schedule])


@dataclass
class StrategyGroup:
    """A group row of the table (a Strategy) and its measures."""

    number: int
    title: str
    line: int
    measures: list[MeasureRow] = field(default_factory=list)
    implicit: bool = False


_GROUP = re.compile(r"^\s*(\d{1,2})\s*[.、．]\s*(\S.*)$")


def _is_bold(raw: str) -> bool:
    return bool(re.match(r"^\s*(<b>|\*\*)", raw))


class _TableReader:
    def __init__(self, table: Table, path):
        self.table = table
        self.path = path
        self.agency_roles = [r for r in AGENCY_ROLES if r in table.roles]
        self.groups: list[StrategyGroup] = []
        self.measure: MeasureRow | None = None
        self.last_cell: dict[str, Cell] = {}

    # -- helpers -----------------------------------------------------------------
    def _new_cell(self, role: str, raw: str, line: int) -> Cell:
        cell = Cell(raw.strip(), line, line)
        self.last_cell[role] = cell
        return cell

    def _filled(self, row: TableRow, role: str) -> bool:
        return bool(clean_text(row.cells.get(role, "")))

    def _agencies_filled(self, row: TableRow) -> bool:
        return any(self._filled(row, r) for r in self.agency_roles)

    def _agency_cells(self, row: TableRow, previous: ScheduleRow | None) -> dict[str, Cell]:
        """The agency cells of a new row: its own, or (all empty: a merged cell) the previous row's.

        With separate lead / co columns, a row that fills any agency column states all of them, so
        an empty 協辦機關 next to a filled 主辦機關 means no co-organizer, not a merged cell.
        """
        if not self._agencies_filled(row):
            return dict(previous.agencies) if previous else {}
        return {
            role: self._new_cell(role, row.cells[role], row.line)
            for role in self.agency_roles
            if self._filled(row, role)
        }

    def _last_row(self) -> ScheduleRow | None:
        return self.measure.schedule[-1] if self.measure and self.measure.schedule else None

    def _group(self) -> StrategyGroup:
        if not self.groups:
            self.groups.append(StrategyGroup(1, "", self.table.header_line, implicit=True))
        return self.groups[-1]

    # -- row kinds ---------------------------------------------------------------
    def _is_group_row(self, row: TableRow) -> re.Match | None:
        first = row.cells.get("measure", "")
        others = [r for r in self.table.roles if r and r != "measure"]
        if any(self._filled(row, r) for r in others):
            return None
        m = _GROUP.match(clean_text(first))
        if not m:
            return None
        expected = (self.groups[-1].number + 1) if self.groups and not self.groups[-1].implicit else 1
        if _is_bold(first) or int(m.group(1)) == expected:
            return m
        return None

    def _continues_previous_row(self, row: TableRow) -> bool:
        """Decide whether the first row after a page break continues the row cut by it.

        It does when: its first cell is empty and it has no period (or the cut period cell is
        unfinished); or its period cell does not begin like a period ("核定經費，…"); or the cut
        period cell is unfinished ("目前無計畫，如"); or it has text but no period and no agency; or its period starts the month after the measure's last period while its
        agency is empty or the same (a multi-year measure whose text was cut mid-sentence).
        """
        last = self._last_row()
        if last is None:
            return False
        period = clean_text(row.cells.get("period", ""))
        last_period = last.period.raw if last.period else ""
        if last_period and not is_complete_period_cell(clean_text(last_period)) and period:
            return True
        if not self._filled(row, "measure"):
            return not period
        if period and not looks_like_period_start(period):
            return True
        if not period and not self._agencies_filled(row) and self._filled(row, "content"):
            return True
        if period:
            new_start = parse_period_cell(period)[0].start
            last_end = parse_period_cell(clean_text(last_period))[-1].end if last_period else None
            if new_start and last_end and new_start == month_after(last_end):
                same_agency = all(
                    not self._filled(row, r)
                    or (r in last.agencies and clean_text(row.cells[r]) == last.agencies[r].text)
                    for r in self.agency_roles
                )
                return same_agency
        return False

    def _continue(self, row: TableRow) -> None:
        """Append the cut cells; a period that starts a new year becomes a new schedule row."""
        last = self._last_row()
        period = clean_text(row.cells.get("period", ""))
        last_period_complete = last.period is None or is_complete_period_cell(last.period.text)
        if self._filled(row, "measure"):
            self.measure.name_cell.extend(row.cells["measure"], row.line)
        if period and last_period_complete and looks_like_period_start(period):
            # text continues, but the period is a new period row of the same measure
            if self._filled(row, "content") and "content" in self.last_cell:
                self.last_cell["content"].extend(row.cells["content"], row.line)
            self._add_schedule_row(row, own_content=False)
            return
        for role in ("content", "period", *self.agency_roles):
            if self._filled(row, role):
                if role in self.last_cell:
                    self.last_cell[role].extend(row.cells[role], row.line)
                else:
                    cell = self._new_cell(role, row.cells[role], row.line)
                    if role == "period":
                        last.period = cell
                    elif role == "content":
                        last.content = cell
                    else:
                        last.agencies[role] = cell
        last.line_end = max(last.line_end, row.line)

    def _add_schedule_row(self, row: TableRow, own_content: bool = True) -> None:
        last = self._last_row()
        content = (
            self._new_cell("content", row.cells["content"], row.line)
            if own_content and self._filled(row, "content")
            else (last.content if last else None)
        )
        agencies = self._agency_cells(row, last)
        period = self._new_cell("period", row.cells["period"], row.line)
        self.measure.schedule.append(ScheduleRow(period, content, agencies, row.line, row.line))

    def _start_measure(self, row: TableRow) -> None:
        group = self._group()
        previous = self._last_row() if (self.measure and group.measures and group.measures[-1] is self.measure) else None
        name = self._new_cell("measure", row.cells["measure"], row.line)
        content = (
            self._new_cell("content", row.cells["content"], row.line)
            if self._filled(row, "content")
            else (previous.content if previous else None)
        )
        period = (
            self._new_cell("period", row.cells["period"], row.line)
            if self._filled(row, "period")
            else (previous.period if previous else None)
        )
        agencies = self._agency_cells(row, previous)
        self.measure = MeasureRow(name, [ScheduleRow(period, content, agencies, row.line, row.line)])
        group.measures.append(self.measure)

    # -- driver ------------------------------------------------------------------
    def read(self) -> list[StrategyGroup]:
        for row in self.table.rows:
            if row.after_page_break and self._continues_previous_row(row):
                self._continue(row)
                continue
            group = self._is_group_row(row)
            if group:
                if self.groups and self.groups[-1].implicit and not self.groups[-1].measures:
                    self.groups.pop()
                self.groups.append(StrategyGroup(int(group.group(1)), group.group(2).strip(), row.line))
                self.measure = None
                continue
            if self._filled(row, "measure"):
                self._start_measure(row)
                continue
            if self.measure is None:
                if not any(self._filled(row, r) for r in row.cells):
                    continue
                raise PlanParseError(
                    self.path, row.line, "a table row continues a measure, but no measure precedes it"
                )
            if self._filled(row, "period"):
                self._add_schedule_row(row)
            else:
                self._continue(row)
        return [g for g in self.groups if g.measures or not g.implicit]


def read_measures_table(table: Table, path) -> list[StrategyGroup]:
    """Strategies with their measures from one measures table (see module docstring)."""
    missing = [r for r in ("measure", "content", "period") if r not in table.roles]
    if not any(r in table.roles for r in AGENCY_ROLES):
        missing.append("agencies")
    if missing:
        names = {"measure": "具體措施", "content": "執行內容", "period": "起訖時程", "agencies": "主/協辦 機關單位"}
        raise PlanParseError(
            path,
            table.header_line,
            "measures table is missing the column " + " / ".join(names[m] for m in missing),
        )
    if not table.rows:
        raise PlanParseError(path, table.header_line, "measures table has a header but no rows (truncated table)")
    return _TableReader(table, path).read()


def raw_item_texts(raw: str) -> list[str] | None:
    """Items of a content cell written as an HTML list (``<li>`` / ``<p>``), or None."""
    if not re.search(r"<(li|p)\b", raw, re.I):
        return None
    parts = re.split(r"</?(?:li|p|ol|ul)\b[^>]*>", raw, flags=re.I)
    items = [clean_text(p) for p in parts]
    return [i for i in items if i]


def strip_item_number(text: str) -> str:
    return re.sub(r"^\s*\d{1,2}\s*[.．]\s*", "", text)

