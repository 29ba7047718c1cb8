"""Periods of the 起訖時程 column: ROC calendar to AD, open ends and textual states.

ROC year + 1911 = AD year. A cell may hold several periods ("114/01-114/12 115/01-117/12"),
an open end ("114-", "115/07-"), a textual state ("目前無計畫", "(規劃中)",
"(尚在申請115年公建計畫)") or nothing ("—"). Textual states are kept as data.

Example
-------
>>> p, = parse_period_cell("114/01-117/12")
>>> (p.start, p.end, p.status)
('2025-01', '2028-12', 'scheduled')
>>> p, = parse_period_cell("目前無計畫，如核定經費，依計畫期程執行至 117/12")
>>> (p.start, p.end, p.status)
(None, '2028-12', 'not_yet_funded')
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "PERIOD_STATUSES",
    "Period",
    "roc_to_ad",
    "parse_period_cell",
    "looks_like_period_start",
    "is_complete_period_cell",
    "month_after",
]

PERIOD_STATUSES = (
    "scheduled",
    "open_ended",
    "not_yet_funded",
    "planning",
    "pending_approval",
    "unspecified",
)


@dataclass(frozen=True)
class Period:
    """One period: ``start``/``end`` are ``YYYY-MM`` or ``YYYY`` (AD) or None."""

    raw: str
    start: str | None
    end: str | None
    status: str
    note: str | None = None


def roc_to_ad(year: int | str) -> int:
    """Convert a ROC (民國) year to AD.

    >>> roc_to_ad(114)
    2025
    """
    return int(year) + 1911


# a date: ROC year with optional month, or an AD year with optional month
_DATE = r"(?P<{n}y>\d{{2,4}})(?:\s*[/.]\s*(?P<{n}m>\d{{1,2}}))?"
_RANGE = re.compile(
    _DATE.format(n="a") + r"\s*(?P<sep>[-~～–—至])\s*(?:" + _DATE.format(n="b") + r")?"
)
_SINGLE_END = re.compile(r"執行至\s*(?P<by>\d{2,4})(?:\s*/\s*(?P<bm>\d{1,2}))?")
_NOTE = re.compile(r"[（(]([^()（）]*)[)）]")


def _to_iso(year: str, month: str | None) -> str:
    y = int(year)
    if y < 1000:
        y = roc_to_ad(y)
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"month {m} out of range")
    return f"{y:04d}-{m:02d}"


def _status_from_note(note: str | None) -> str | None:
    if not note:
        return None
    if "規劃" in note:
        return "planning"
    if "申請" in note or "核定" in note or "審議" in note:
        return "pending_approval"
    return None


def parse_period_cell(cell: str) -> list[Period]:
    """Parse one 起訖時程 cell into one or more periods (never an empty list).

    >>> [(p.start, p.end) for p in parse_period_cell("114/01-114/12 115/01-117/12")]
    [('2025-01', '2025-12'), ('2026-01', '2028-12')]
    >>> [(p.start, p.end, p.status) for p in parse_period_cell("114-")]
    [('2025', None, 'open_ended')]
    >>> [(p.start, p.end, p.status) for p in parse_period_cell("116/01-119/12 (規劃中)")]
    [('2027-01', '2030-12', 'planning')]
    >>> parse_period_cell("—")[0].status
    'unspecified'
    """
    raw = cell.strip()
    text = re.sub(r"\s+", " ", raw)
    notes = _NOTE.findall(text)
    note = "；".join(n.strip() for n in notes) or None
    body = _NOTE.sub(" ", text)
    note_status = _status_from_note(note)

    if "無計畫" in body or "未獲" in body or "尚無經費" in body:
        m = _SINGLE_END.search(body)
        end = _to_iso(m.group("by"), m.group("bm")) if m else None
        return [Period(raw, None, end, "not_yet_funded", note)]

    periods = []
    for m in _RANGE.finditer(body):
        start = _to_iso(m.group("ay"), m.group("am"))
        if m.group("by"):
            end = _to_iso(m.group("by"), m.group("bm"))
            status = note_status or "scheduled"
        else:
            end = None
            status = note_status or "open_ended"
        periods.append(Period(raw, start, end, status, note))
    if periods:
        return periods
    if note_status:
        return [Period(raw, None, None, note_status, note)]
    return [Period(raw, None, None, "unspecified", note)]


_PERIOD_START = re.compile(r"^\s*(?:\d{2,4}\s*(?:[/.]\s*\d{1,2})?\s*[-~～–至]|目前|[（(]|—|–|-|未定|無)")


def looks_like_period_start(cell: str) -> bool:
    """True if a cell begins like a period rather than a fragment of one.

    >>> looks_like_period_start("115/01-117/12"), looks_like_period_start("核定經費，依計畫期程執行至117/12")
    (True, False)
    """
    return bool(_PERIOD_START.match(cell))


def is_complete_period_cell(cell: str) -> bool:
    """False when a period cell was cut at a page break ("目前無計畫，如").

    >>> is_complete_period_cell("目前無計畫，如"), is_complete_period_cell("目前無計畫")
    (False, True)
    """
    text = cell.strip()
    if not text:
        return True
    if text[-1] in "，,、如至依及與和或":
        return False
    open_paren = text.count("(") + text.count("（")
    close_paren = text.count(")") + text.count("）")
    return open_paren <= close_paren


def month_after(iso: str | None) -> str | None:
    """The month after ``YYYY-MM`` (or the year after ``YYYY``).

    >>> month_after("2025-12"), month_after("2026-03"), month_after("2027")
    ('2026-01', '2026-04', '2028')
    """
    if not iso:
        return None
    if len(iso) == 4:
        return f"{int(iso) + 1:04d}"
    y, m = int(iso[:4]), int(iso[5:7])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return f"{y:04d}-{m:02d}"
