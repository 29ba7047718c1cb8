"""Plan report: one page per plan (and a comparison when there are several), HTML or Markdown.

The report is first built as a list of blocks (headings, paragraphs, tables, charts, the
timeline and the Taiwan map), then written either as one offline HTML page (charts, timeline
and map drawn by ``viz/static/views.js``; every document text escaped) or as Markdown for a
paper's appendix (charts as tables; timeline and map left to ``--png``). Every number carries
the source lines it was counted from.

Example
-------
>>> import policykg
>>> text = plan_report(policykg.load_plan(), format="md")
>>> text.splitlines()[0]
'# AI 新十大建設推動方案: plan report'
>>> "| measures | 143 |" in text
True
"""
from __future__ import annotations

import html as html_lib
from collections import defaultdict

from policykg.errors import PolicyKGError
from policykg.viz.geo import _cite, geo_data
from policykg.viz.timeline import _plans, period_statuses, timeline_data
from policykg.viz.views import deliver, pillar_colour, render_view_page

__all__ = ["FORMATS", "report_blocks", "plan_report", "render_markdown", "render_html"]

FORMATS = ("html", "md")
_TOP = 10


def _lines_of(frame) -> list[int]:
    lines = []
    for text in frame["source_lines"]:
        text = str(text)
        if not text:
            continue
        head, _, tail = text.partition("-")
        lines.extend(range(int(head), int(tail or head) + 1))
    return lines


def _ministries(plan) -> dict:
    """Lead-agency rows per top-level agency (sub-units rolled up to their ministry): name → lines."""
    from policykg.viz.maps import _label

    pg = plan.to_networkx()
    parent = {}
    for u, v, rel in pg.edges(keys=True):
        if rel == "SUB_ORGANIZATION_OF":
            parent.setdefault(u, v)

    def top(agency, seen=()):
        return top(parent[agency], seen + (agency,)) if agency in parent and parent[agency] not in seen else agency

    owner = {v: u for u, v, rel in pg.edges(keys=True) if rel == "HAS_SCHEDULE_ENTRY"}
    found: dict[str, dict] = defaultdict(lambda: {"measures": set(), "lines": set()})
    for entry, agency, rel in pg.edges(keys=True):
        if rel != "LEAD_AGENCY" or entry not in owner:
            continue
        ministry = top(agency)
        name = _label(pg.nodes[ministry], "Agency")
        found[name]["measures"].add(owner[entry])
        start = pg.nodes[entry].get("line_start")
        if start is not None:
            found[name]["lines"].add(int(start))
    return found


def _bar(label, value, lines, colour=None, what="measures") -> dict:
    return {"label": label, "value": value, "colour": colour or "#4e79a7", "lines": _cite(lines),
            "tip": f"{label}: {value} {what}\nSource lines: {_cite(lines)}"}


def _number(value) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def report_blocks(plan, panel_prefix: str = "p") -> list[tuple]:
    """The report of one plan as blocks: ("h2"|"h3"|"p", text), ("table", dict), ("chart", dict),
    ("timeline", data), ("geo", data)."""
    doc = plan.doc
    measures = plan.measures()
    statuses = period_statuses()
    blocks: list[tuple] = [("h2", f"{doc.title} ({doc.version or ''} {doc.issued or ''})".replace(" )", ")").replace("( ", "("))]
    blocks.append(("p", f"Source: {doc.file_name}, {doc.line_count} lines, sha256 {doc.sha256[:16]}…; plan id {doc.plan_id}."))
    strategies = [(p, s) for p in doc.pillars for s in p.strategies]
    all_measures = list(doc.measures())
    agency_names = sorted({a for col in ("lead_agency",) for a in measures[col] if a}
                          | {a for co in measures["co_agencies"] for a in str(co).split(";") if a})
    summary = [
        ["pillars", len(doc.pillars), _cite(l for p in doc.pillars for l in _span(p))],
        ["strategies", len(strategies), _cite(l for _, s in strategies for l in _span(s))],
        ["measures", len(all_measures), _cite(l for _, _, m in all_measures for l in _span(m))],
        ["measure × period rows", len(measures), _cite(_lines_of(measures))],
        ["agencies named (lead or co-organizing, as written)", len(agency_names), _cite(_lines_of(measures))],
    ]
    for status in ("scheduled", "open_ended", "planning", "pending_approval", "not_yet_funded", "unspecified"):
        rows = measures[measures["period_status"] == status]
        if len(rows):
            summary.append([f"rows {statuses[status]['label']}", len(rows), _cite(_lines_of(rows))])
    if doc.period_start and doc.period_end:
        span = doc.period_span
        summary.append(["plan period (執行期程)", f"{doc.period_start}–{doc.period_end}", _cite(_span_of(span))])
    blocks.append(("h3", "Summary"))
    blocks.append(("table", {"columns": ["quantity", "value", "source lines"], "rows": summary, "num": [1]}))

    blocks.append(("h3", "Pillars"))
    rows, bars = [], []
    for p in doc.pillars:
        ms = [m for s in p.strategies for m in s.measures]
        frame = measures[measures["pillar_no"] == p.number]
        leads = "、".join(sorted({a for a in frame["lead_agency"] if a})[:6])
        rows.append([p.number, p.title, len(p.strategies), len(ms), len(frame), leads, _cite(_span(p))])
        bars.append(_bar(f"{p.number} {p.title}", len(ms), [l for m in ms for l in _span(m)], pillar_colour(p.number)))
    blocks.append(("table", {"columns": ["no", "pillar", "strategies", "measures", "rows", "lead agencies (as written, first 6)", "source lines"],
                             "rows": rows, "num": [0, 2, 3, 4]}))
    blocks.append(("chart", {"title": "Measures per pillar", "bars": bars, "id": f"{panel_prefix}-pillars"}))

    ministries = _ministries(plan)
    ordered = sorted(ministries.items(), key=lambda kv: (-len(kv[1]["measures"]), kv[0]))[:15]
    blocks.append(("chart", {"title": f"Measures per ministry (lead agency rolled up to its ministry; top {len(ordered)} of {len(ministries)})",
                             "bars": [_bar(name, len(v["measures"]), v["lines"]) for name, v in ordered],
                             "id": f"{panel_prefix}-ministries"}))

    per_year: dict[int, dict] = defaultdict(lambda: {"measures": set(), "lines": []})
    for r in measures.itertuples(index=False):
        if not r.start:
            continue
        first = int(r.start[:4])
        last = int(r.end[:4]) if r.end else max(first, int(doc.period_end or first))
        for year in range(first, last + 1):
            per_year[year]["measures"].add((r.pillar_no, r.strategy_no, r.measure_no))
            per_year[year]["lines"].extend(_lines_of({"source_lines": [r.source_lines]}))
    blocks.append(("chart", {"title": "Measures running per year (rows with a start; open-ended rows counted to the end of the plan period)",
                             "bars": [_bar(str(y), len(v["measures"]), v["lines"]) for y, v in sorted(per_year.items())],
                             "id": f"{panel_prefix}-years", "labelWidth": 80}))

    blocks.append(("h3", "Timeline"))
    blocks.append(("timeline", timeline_data(plan)))
    blocks.append(("h3", "Where: measures per county"))
    blocks.append(("geo", geo_data(plan)))

    blocks.append(("h3", "Not yet funded, pending, planning and open-ended rows"))
    rows = []
    for r in measures.itertuples(index=False):
        if r.period_status == "scheduled":
            continue
        rows.append([f"{r.pillar_no}.{r.strategy_no}.{r.measure_no}", r.measure, r.period_raw,
                     statuses.get(r.period_status, {}).get("label", r.period_status), r.lead_agency, r.source_lines])
    blocks.append(("table", {"columns": ["measure", "name", "period as written", "status", "lead agency", "source lines"], "rows": rows}))

    budgets = plan.budgets()
    blocks.append(("h3", "Budgets and money amounts by kind"))
    rows = []
    for (kind, currency), frame in budgets.groupby(["kind", "currency"], sort=True):
        rows.append([kind, currency, len(frame), _number(frame["value"].sum()), "；".join(frame["text"].head(4)),
                     _cite(_lines_of(frame))])
    blocks.append(("table", {"columns": ["kind", "currency", "amounts", "sum of values", "as written (first 4)", "source lines"],
                             "rows": rows, "num": [2, 3]}))
    blocks.append(("p", "Sums add amounts of one kind as the plan states them; amounts of different owners or years may overlap."))

    targets = plan.targets()
    blocks.append(("h3", "Targets by year"))
    rows = []
    targets = targets.assign(year=targets["deadline"].replace("", "(no year)"))
    for year, frame in sorted(targets.groupby("year"), key=lambda kv: str(kv[0])):
        rows.append([year, len(frame), "；".join(frame["text"].head(5)), _cite(_lines_of(frame))])
    blocks.append(("table", {"columns": ["year", "targets", "as written (first 5)", "source lines"], "rows": rows, "num": [1]}))

    deps = plan.dependencies()
    blocks.append(("h3", f"Top dependencies ({min(_TOP, len(deps))} of {len(deps)})"))
    rows = [[d.source_identifier, d.source, d.relation, d.target_identifier, d.target, d.kind, d.capability,
             f"{d.source_lines} → {d.target_lines}"] for d in deps.head(_TOP).itertuples(index=False)]
    blocks.append(("table", {"columns": ["measure", "name", "relation", "on", "name", "kind", "capability", "source lines"], "rows": rows}))
    overlaps = plan.overlaps()
    blocks.append(("h3", f"Top overlaps ({min(_TOP, len(overlaps))} of {len(overlaps)})"))
    top = overlaps.sort_values("score", ascending=False).head(_TOP)
    rows = [[o.identifier_a, o.measure_a, o.identifier_b, o.measure_b, f"{o.score:.3f}", o.signals,
             f"{o.lines_a} / {o.lines_b}"] for o in top.itertuples(index=False)]
    blocks.append(("table", {"columns": ["measure", "name", "measure", "name", "score", "signals", "source lines"], "rows": rows, "num": [4]}))
    return blocks


def _span(item) -> list[int]:
    return _span_of(getattr(item, "span", None))


def _span_of(span) -> list[int]:
    return [] if span is None else list(range(span.start, span.end + 1))


def _comparison(plans) -> list[tuple]:
    rows = []
    frames = [p.measures() for p in plans]
    for label, fn in (
        ("pillars", lambda p, f: len(p.doc.pillars)),
        ("strategies", lambda p, f: sum(len(x.strategies) for x in p.doc.pillars)),
        ("measures", lambda p, f: len(list(p.doc.measures()))),
        ("measure × period rows", lambda p, f: len(f)),
        ("rows not yet funded", lambda p, f: int((f["period_status"] == "not_yet_funded").sum())),
        ("rows pending approval or planning", lambda p, f: int(f["period_status"].isin(["pending_approval", "planning"]).sum())),
        ("rows open-ended", lambda p, f: int((f["period_status"] == "open_ended").sum())),
    ):
        rows.append([label, *[fn(p, f) for p, f in zip(plans, frames)]])
    return [("h2", "Comparison"),
            ("table", {"columns": ["quantity", *[p.doc.plan_id for p in plans]], "rows": rows,
                       "num": list(range(1, len(plans) + 1))}),
            ("p", "Each plan's section below cites the source lines of every number.")]


def _all_blocks(plans) -> list[tuple]:
    blocks = _comparison(plans) if len(plans) > 1 else []
    for i, plan in enumerate(plans):
        blocks.append(("plan", plan.doc.plan_id))
        blocks.extend(report_blocks(plan, panel_prefix=f"p{i}"))
    return blocks


# -- Markdown -------------------------------------------------------------------------------
def _md_cell(value) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _md_table(columns, rows) -> list[str]:
    out = ["| " + " | ".join(_md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def render_markdown(title: str, blocks) -> str:
    """Markdown for a paper's appendix (charts as tables; the timeline and map as counts)."""
    out = [f"# {title}", ""]
    for kind, value in blocks:
        if kind == "plan":
            continue
        if kind in ("h2", "h3"):
            out += [("## " if kind == "h2" else "### ") + value, ""]
        elif kind == "p":
            out += [value, ""]
        elif kind == "table":
            out += _md_table(value["columns"], value["rows"])
        elif kind == "chart":
            out += [f"**{value['title']}**", ""]
            out += _md_table(["", "measures", "source lines"], [[b["label"], b["value"], b["lines"]] for b in value["bars"]])
        elif kind == "timeline":
            drawn = sum(1 for r in value["rows"] if r["start"])
            out += [f"{len(value['rows'])} measure × period rows, {drawn} with a start, from {value['axis']['from']} to "
                    f"{value['axis']['to']} (figure: `policykg map --view timeline --png timeline.png`).", ""]
        elif kind == "geo":
            tiles = sorted((t for t in value["tiles"] if t["count"]), key=lambda t: -t["count"])
            out += _md_table(["county", "measures", "how"], [[t["name"], t["count"], t["summary"]] for t in tiles])
            out += [f"Other targets: {' · '.join(value['other'])}." if value["other"] else "", ""]
    return "\n".join(out).rstrip() + "\n"


# -- HTML -------------------------------------------------------------------------------------
def _esc(value) -> str:
    return html_lib.escape(str(value), quote=True)


def render_html(title: str, blocks):
    """The offline page: tables as escaped HTML, charts / timeline / map as panels for views.js."""
    body, panels = ['<div class="report">'], []
    open_plan = False
    for kind, value in blocks:
        if kind == "plan":
            if open_plan:
                body.append("</section>")
            body.append(f'<section class="plan" data-plan="{_esc(value)}">')
            open_plan = True
        elif kind in ("h2", "h3"):
            body.append(f"<{kind}>{_esc(value)}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{_esc(value)}</p>")
        elif kind == "table":
            num = set(value.get("num", ()))
            head = "".join(f'<th{" class=num" if i in num else ""}>{_esc(c)}</th>' for i, c in enumerate(value["columns"]))
            rows = "".join("<tr>" + "".join(
                f'<td class="{"num" if i in num else ("cite" if value["columns"][i] == "source lines" else "")}">{_esc(c)}</td>'
                for i, c in enumerate(row)) + "</tr>" for row in value["rows"])
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        else:
            target = f"panel-{len(panels)}"
            if kind == "chart":
                body.append(f"<h3>{_esc(value['title'])}</h3>")
                panels.append({"kind": "bars", "target": target, "data": value})
            else:
                panels.append({"kind": kind, "target": target, "data": value})
            body.append(f'<section class="panel" id="{target}"></section>')
    if open_plan:
        body.append("</section>")
    body.append("</div>")
    subtitle = f"plan report · {len(panels)} charts, timelines and maps · every number with its source lines"
    return render_view_page("report", title, subtitle, panels, "\n".join(body))


def plan_report(source, format: str = "html", out=None, title: str | None = None):
    """The report as an ``HtmlPage`` (html) or Markdown text, or the Path written to ``out``.

    >>> import policykg
    >>> "policykgView" in plan_report(policykg.load_plan())
    True
    """
    if format not in FORMATS:
        raise PolicyKGError(f"unknown report format {format!r}; choose one of {', '.join(FORMATS)}")
    plans = _plans(source)
    if not plans:
        raise PolicyKGError("no plan to report on")
    heading = title or (f"{plans[0].doc.title}: plan report" if len(plans) == 1 else f"{len(plans)} plans: report")
    blocks = _all_blocks(plans)
    page = render_markdown(heading, blocks) if format == "md" else render_html(heading, blocks)
    return deliver(page, out)
