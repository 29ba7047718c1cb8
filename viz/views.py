"""Pages of the non-network views (timeline, Taiwan map, report): template, script, panels.

A page is ``viz/templates/view.html`` with ``viz/static/views.js`` inlined and a JSON block
``{view, title, subtitle, panels: [{kind, target, data}]}``; the script draws each panel into
the element ``target`` (``timeline``, ``geo`` or ``bars``) and then exposes
``window.policykgView = {view, items, panels}``.

Example
-------
>>> page = render_view_page("timeline", "t", "", [{"kind": "bars", "target": "p0",
...     "data": {"title": "x", "bars": []}}], body='<section id="p0"></section>')
>>> page.startswith("<!DOCTYPE html>") and "views.js" not in page
True
"""
from __future__ import annotations

import html as html_lib
from pathlib import Path

from policykg.viz.page import HtmlPage, fill_template, inline_script, json_for_script

__all__ = ["PILLAR_COLOURS", "pillar_colour", "render_view_page", "single_panel_page", "deliver"]

_HERE = Path(__file__).resolve().parent
TEMPLATE = _HERE / "templates" / "view.html"
SCRIPT = _HERE / "static" / "views.js"
#: one colour per pillar (Tableau 10), repeated past ten
PILLAR_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                  "#9c755f", "#bab0ac")


def pillar_colour(number) -> str:
    """The colour of pillar ``number`` (1-based).

    >>> pillar_colour(1)
    '#4e79a7'
    """
    try:
        index = int(str(number).rsplit(":", 1)[-1]) - 1
    except ValueError:
        index = 0
    return PILLAR_COLOURS[index % len(PILLAR_COLOURS)]


def render_view_page(view: str, title: str, subtitle: str, panels: list[dict], body: str) -> HtmlPage:
    """The page: ``body`` is trusted HTML made by policykg (every document text in it escaped)."""
    page = fill_template(TEMPLATE.read_text(encoding="utf-8"), {
        "VIEW": html_lib.escape(view, quote=True),
        "TITLE": html_lib.escape(title, quote=True),
        "BODY": body,
        "DATA": json_for_script({"view": view, "title": title, "subtitle": subtitle, "panels": panels}),
        "VIEWS_JS": inline_script(SCRIPT.read_text(encoding="utf-8"), "viz/static/views.js"),
    })
    return HtmlPage(page)


def single_panel_page(view: str, title: str, subtitle: str, kind: str, data: dict) -> HtmlPage:
    """A page with one panel of ``kind``."""
    return render_view_page(view, title, subtitle, [{"kind": kind, "target": "panel-0", "data": data}],
                            body='<section class="panel" id="panel-0"></section>')


def deliver(page: HtmlPage, out=None):
    """The page itself without ``out``, else the Path written atomically."""
    from policykg.viz.maps import write_atomic

    if out is None:
        return page
    return write_atomic(out, str(page))
