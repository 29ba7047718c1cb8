"""Timeline, Taiwan map and report in real headless Chromium with every network request blocked.

Proves for each page: no request and no console error; ``window.policykgView`` counts what was
drawn (173 bars = the rows with a start, 22 county tiles, the report's charts); filters and the
county click work; tooltips are plain text; the hostile plan runs nothing and its text shows as
characters, also in the hovered tooltips; ``--png`` / ``--svg`` write real figures.
"""
from __future__ import annotations

import pytest

from policykg.viz.figure import save_figure
from policykg.viz.geo import plan_geo
from policykg.viz.report import plan_report
from policykg.viz.timeline import plan_timeline

from test_map_browser import OpenMap, browser  # noqa: F401  (module-scoped browser fixture)
from test_map_html import HREF_PAYLOAD, IMG_PAYLOAD, SCRIPT_PAYLOAD
from test_timeline import hostile_plan

pytestmark = pytest.mark.browser
READY = "window.policykgView && window.policykgView.ms"


def open_view(browser, path):
    return OpenMap(browser, path, ready=READY)


@pytest.fixture(scope="module")
def hostile():
    return hostile_plan()


def test_timeline_draws_a_bar_for_every_row_with_a_start_and_filters(browser, plan, tmp_path):
    page = open_view(browser, plan_timeline(plan, out=tmp_path / "t.html"))
    try:
        assert page.errors == [] and page.requests == []
        starts = int((plan.measures()["start"] != "").sum())
        assert page.js("window.policykgView.view") == "timeline"
        assert page.js("window.policykgView.items") == starts == 173
        assert page.js("document.querySelectorAll('rect.bar').length") == 173
        statuses = page.js("[...new Set([...document.querySelectorAll('rect.bar')].map(r => r.dataset.status))].sort()")
        assert statuses == ["open_ended", "pending_approval", "planning", "scheduled"]
        page.page.select_option("select >> nth=0", "5")
        pillar5 = int(((plan.measures()["pillar_no"] == 5) & (plan.measures()["start"] != "")).sum())
        assert page.js("window.policykgView.items") == pillar5
        page.page.select_option("select >> nth=0", "")
        page.page.locator('.legend .item[data-status="scheduled"]').click()
        assert page.js("window.policykgView.items") == 173 - 164
    finally:
        page.context.close()


def test_timeline_tooltip_on_hover_is_plain_text(browser, plan, tmp_path):
    page = open_view(browser, plan_timeline(plan, out=tmp_path / "t.html"))
    try:
        page.page.locator("g.bar-row rect.bar").first.hover()
        tooltip = page.page.locator("#tooltip")
        tooltip.wait_for(state="visible", timeout=3000)
        assert tooltip.text_content().startswith("1.1.1 次世代數位醫療平臺計畫\nPillar 1 全民智慧生活圈 › 1.1 智慧醫療\nPeriod as written: 113/01-116/12")
        assert page.js("document.getElementById('tooltip').children.length") == 0
    finally:
        page.context.close()


def test_geo_draws_all_22_counties_and_lists_a_countys_measures_on_click(browser, plan, tmp_path):
    page = open_view(browser, plan_geo(plan, out=tmp_path / "g.html"))
    try:
        assert page.errors == [] and page.requests == []
        assert page.js("window.policykgView") == {"view": "geo", "items": 22, "panels": [{"kind": "geo", "target": "panel-0", "items": 22}],
                                                  "data": page.js("window.policykgView.data"), "ms": page.js("window.policykgView.ms"),
                                                  "scriptMs": page.js("window.policykgView.scriptMs")}
        assert page.js("document.querySelectorAll('g.county').length") == 22
        page.page.locator('g.county[data-region="tainan-city"]').click()
        details = page.page.locator(".details").text_content()
        assert details.startswith("臺南市 Tainan City2 measure(s) target it: 1 directly, 1 through their strategy")
        assert "6.2.2 推動柳營科技園區第三期之機器人生產製造基地" in details
    finally:
        page.context.close()


def test_report_draws_its_charts_timeline_and_map(browser, plan, tmp_path):
    page = open_view(browser, plan_report(plan, out=tmp_path / "r.html"))
    try:
        assert page.errors == [] and page.requests == []
        panels = page.js("window.policykgView.panels.map(p => [p.kind, p.items])")
        assert panels == [["bars", 10], ["bars", 15], ["bars", 16], ["timeline", 173], ["geo", 22]]
        assert page.js("window.policykgView.items") == 5
    finally:
        page.context.close()


@pytest.mark.parametrize("kind", ["timeline", "geo", "report"])
def test_hostile_plan_runs_nothing_in_the_new_views_and_its_tooltips_are_text(browser, hostile, tmp_path, kind):
    make = {"timeline": plan_timeline, "geo": plan_geo, "report": plan_report}[kind]
    page = open_view(browser, make(hostile, out=tmp_path / f"{kind}.html"))
    try:
        assert page.errors == [] and page.requests == []
        assert page.js("typeof window.__xss") == "undefined"
        assert page.js("document.querySelectorAll('img, main a, main script, main iframe').length") == 0
        assert page.js("document.scripts.length") == 2
        if kind != "geo":
            assert page.page.locator("#heading").text_content().startswith(SCRIPT_PAYLOAD)
        target = 'g.bar-row' if kind != "geo" else 'g.county[data-region="taipei-city"]'
        page.page.locator(target).first.hover()
        tooltip = page.page.locator("#tooltip")
        tooltip.wait_for(state="visible", timeout=3000)
        text = tooltip.text_content()
        if kind == "geo":
            assert SCRIPT_PAYLOAD in text
            page.page.locator(target).click()
            assert SCRIPT_PAYLOAD in page.page.locator(".details").text_content()
        else:
            assert text.startswith("1.1.1 " + SCRIPT_PAYLOAD)
            assert f"Period as written: 113/01-116/12 {HREF_PAYLOAD}" in text and IMG_PAYLOAD in text
        assert page.js("document.getElementById('tooltip').children.length") == 0
        assert page.js("typeof window.__xss") == "undefined"
    finally:
        page.context.close()


def test_png_and_svg_figures_of_a_view_and_of_a_network_map(chromium_path, plan, tmp_path):
    html = plan_geo(plan, out=tmp_path / "g.html")
    png, svg = save_figure(html, png=tmp_path / "g.png", svg=tmp_path / "g.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    text = svg.read_text(encoding="utf-8")
    assert text.count('class="county"') == 22 and "金門縣" in text
    network = plan.map(view="pillar", pillar=5, out=tmp_path / "p5.html")
    (svg5,) = save_figure(network, svg=tmp_path / "p5.svg")
    assert svg5.read_text(encoding="utf-8").count("<circle") > 20
