"""Timeline of a plan: every measure × period row (``plan.measures()``) as a bar on a year axis.

Rows are grouped by pillar → strategy (``by="pillar"``) or by lead agency (``by="agency"``);
with several plans the plan title is the first level. The plan's execution period (執行期程,
e.g. 2025–2028, line 99 of the shipped plan) is drawn as a band. Each period status has its own
style (``viz/static/period_statuses.tsv``): scheduled solid, open-ended faded to the axis end
with an arrow, planning hatched, pending approval dashed; rows with no start (目前無計畫, "—")
are listed in place with their text as written and drawn as no bar. The page filters by pillar,
agency and status; tooltips carry the text, the period as written and the source lines.

Example
-------
>>> import policykg
>>> data = timeline_data(policykg.load_plan())
>>> sum(1 for r in data["rows"] if r["start"]), data["band"]["short"]
(173, 'plan period 2025–2028')
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from policykg.errors import PolicyKGError
from policykg.viz.views import deliver, pillar_colour, single_panel_page

__all__ = ["BY", "period_statuses", "timeline_data", "plan_timeline"]

BY = ("pillar", "agency")
STATUSES = Path(__file__).resolve().parent / "static" / "period_statuses.tsv"
_TEXT_LIMIT = 280


@lru_cache(maxsize=1)
def period_statuses() -> dict[str, dict]:
    """Label and description per period status, from ``viz/static/period_statuses.tsv``.

    >>> period_statuses()["open_ended"]["label"]
    'open-ended'
    """
    with STATUSES.open(encoding="utf-8", newline="") as handle:
        return {row["status"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _plans(source) -> list:
    if isinstance(source, (list, tuple)):
        return list(source)
    plans = getattr(source, "plans", None)  # a Corpus
    return list(plans) if plans is not None else [source]


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _year(value: str) -> int:
    return int(str(value)[:4])


def timeline_data(source, by: str = "pillar", pillar=None) -> dict:
    """The data the timeline panel draws: rows (one per measure × period), axis, band, filters.

    ``pillar``: only that pillar's rows (``N``, or ``PLAN_ID:N`` with several plans)."""
    if by not in BY:
        raise PolicyKGError(f"unknown grouping {by!r}; choose one of {', '.join(BY)}")
    plans = _plans(source)
    if not plans:
        raise PolicyKGError("no plan to draw")
    statuses = period_statuses()
    multi = len(plans) > 1
    rows, agencies, pillars = [], set(), {}
    counts: dict[str, int] = {}
    years = []
    for plan in plans:
        frame = plan.measures()
        title = plan.doc.title or plan.plan_id
        previous = None
        for i, r in enumerate(frame.itertuples(index=False)):
            ident = f"{r.pillar_no}.{r.strategy_no}.{r.measure_no}"
            key = f"{r.plan}/{ident}"
            pillar_key = f"{r.plan}:{r.pillar_no}" if multi else str(r.pillar_no)
            if pillar is not None and pillar_key != str(pillar):
                continue
            pillars.setdefault(pillar_key, f"{r.pillar_no} {r.pillar}" + (f" ({title})" if multi else ""))
            names = [a for a in [r.lead_agency, *str(r.co_agencies).split(";")] if a]
            agencies.update(names)
            if by == "agency":
                group = [r.lead_agency or "(no agency)"]
            else:
                group = [f"{r.pillar_no} {r.pillar}", f"{r.pillar_no}.{r.strategy_no} {r.strategy}"]
            if multi:
                group = [f"{title} · {r.plan}", *group]
            status = r.period_status
            counts[status] = counts.get(status, 0) + 1
            for value in (r.start, r.end):
                if value:
                    years.append(_year(value))
            label_status = statuses.get(status, {}).get("label", status)
            when = f"{r.start or '?'} – {r.end or 'open'}" if r.start else "no start"
            tip = "\n".join(line for line in (
                f"{ident} {r.measure}",
                f"Pillar {r.pillar_no} {r.pillar} › {r.pillar_no}.{r.strategy_no} {r.strategy}",
                f"Period as written: {r.period_raw}",
                f"Period: {when} ({label_status})",
                f"Lead agency: {r.lead_agency}" + (f"; co-organizing: {r.co_agencies.replace(';', '、')}" if r.co_agencies else ""),
                f"Agencies as written: {r.agencies_raw}" if r.agencies_raw else "",
                f"Content: {_clip(r.content, _TEXT_LIMIT)}" if r.content else "",
                f"Source lines: {r.source_lines}",
                f"Plan: {title}" if multi else "",
            ) if line)
            rows.append({
                "key": f"{key}#{i}", "group": group, "label": _clip(f"{ident} {r.measure}", 30),
                "first": key != previous, "start": r.start, "end": r.end, "status": status, "raw": r.period_raw,
                "pillar": pillar_key, "agencies": names, "lines": r.source_lines, "colour": pillar_colour(r.pillar_no),
                "tip": tip,
            })
            previous = key
    if pillar is not None and not rows:
        raise PolicyKGError(f"no measure rows in pillar {pillar}" + ("; with several plans give PLAN_ID:N" if multi else ""))
    if by == "agency":  # busiest agencies first, rows in plan order inside each
        size: dict[str, int] = {}
        for row in rows:
            size[row["group"][-1]] = size.get(row["group"][-1], 0) + 1
        rows.sort(key=lambda row: (row["group"][:-1], -size[row["group"][-1]], row["group"][-1]))
        for row in rows:
            row["group"][-1] = f"{row['group'][-1]} ({size[row['group'][-1]]} rows)"
    band = None
    periods = {(p.doc.period_start, p.doc.period_end) for p in plans}
    if len(periods) == 1:
        start, end = periods.pop()
        if start and end:
            span = plans[0].doc.period_span
            where = f", line {span.start}" if span and not multi else ""
            band = {"start": f"{start}-01", "end": f"{end}-12", "short": f"plan period {start}–{end}",
                    "label": f"plan period {start}–{end} (執行期程{where})"}
            years += [int(start), int(end)]
    if not years:
        years = [2025]
    return {
        "by": by,
        "rows": rows,
        "axis": {"from": min(years), "to": max(years)},
        "band": band,
        "pillars": [{"key": k, "name": v} for k, v in pillars.items()],
        "agencies": sorted(agencies),
        "statuses": [{"key": k, "label": v["label"], "count": counts[k]} for k, v in statuses.items() if k in counts],
        "labelWidth": 420 if multi else 380,
    }


def plan_timeline(source, by: str = "pillar", out=None, title: str | None = None, pillar=None):
    """The timeline page (an ``HtmlPage`` that Jupyter shows inline), or the Path written to ``out``.

    >>> import policykg
    >>> page = plan_timeline(policykg.load_plan())
    >>> "policykgView" in page
    True
    """
    plans = _plans(source)
    data = timeline_data(plans, by=by, pillar=pillar)
    drawn = sum(1 for r in data["rows"] if r["start"])
    heading = title or (plans[0].doc.title if len(plans) == 1 else f"{len(plans)} plans") or "policykg timeline"
    subtitle = (f"timeline · {len(data['rows'])} measure × period rows · {drawn} with a start · "
                f"grouped by {'pillar → strategy' if by == 'pillar' else 'lead agency'}")
    return deliver(single_panel_page("timeline", heading, subtitle, "timeline", data), out)
