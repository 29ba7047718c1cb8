"""The map in real headless Chromium with every network request blocked.

Proves: the default plan's map loads with no console error and no request leaving the page;
the number of nodes drawn equals the map graph's; the type and pillar filters hide nodes;
search focuses the node searched; hovering a node shows a plain-text tooltip; the XSS
fixture runs no script and shows its text as characters. Takes a screenshot of the default
map into the test's temporary folder (never into the working tree).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from policykg.viz.maps import map_graph, plan_map

from conftest import require_module
from test_map_html import HREF_PAYLOAD, IMG_PAYLOAD, PAYLOADS, SCRIPT_PAYLOAD, xss_graph

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class OpenMap:
    """A page showing one map file, with the requests it tried and the errors it logged."""

    def __init__(self, browser, path: Path, ready: str = "window.__mapReady && window.__mapReady.ms"):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.goto(self.url)
        self.wait_for(ready, timeout=30.0)

    def wait_for(self, expression: str, arg=None, timeout: float = 5.0) -> None:
        """Poll ``expression`` until it is truthy. (Playwright's wait_for_function evaluates a
        string predicate with eval inside the page when it has to poll, which the map's
        Content-Security-Policy rightly forbids; page.evaluate runs over the DevTools protocol.)"""
        import time

        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression, arg):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {expression}")
            self.page.wait_for_timeout(50)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="module")
def browser(chromium_path):
    sync_api = require_module("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def plan_view(plan):
    return map_graph(plan)


@pytest.fixture(scope="module")
def plan_map_file(plan, tmp_path_factory):
    return plan_map(plan, out=tmp_path_factory.mktemp("map") / "plan.html")


@pytest.fixture()
def opened(browser, plan_map_file):
    page = OpenMap(browser, plan_map_file)
    yield page
    page.context.close()


def test_default_plan_map_loads_without_errors_or_requests_and_draws_every_node(opened, plan_view, tmp_path):
    assert opened.errors == []
    assert opened.requests == []
    ready = opened.js("window.__mapReady")
    assert ready["nodes"] == plan_view.number_of_nodes()
    assert opened.js("window.policykgMap.network.body.data.nodes.length") == plan_view.number_of_nodes()
    assert opened.js("document.title") == "AI 新十大建設推動方案"
    assert opened.js("window.policykgView") == {"view": "plan", "items": plan_view.number_of_nodes(),
                                                "ms": opened.js("window.__mapReady.ms")}
    screenshot = tmp_path / "map-default-plan.png"
    opened.page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 10_000


def test_unchecking_a_type_in_the_legend_hides_exactly_the_nodes_of_that_type(opened, plan_view):
    technologies = sum(1 for _, d in plan_view.nodes(data=True) if d["type"] == "Technology")
    assert technologies > 0
    opened.page.locator('input[data-type="Technology"]').uncheck()
    visible = opened.js("window.policykgMap.visibleNodeIds().length")
    hidden_types = opened.js("""() => { const m = window.policykgMap;
        return [...new Set(m.data.nodes.filter(n => !m.network.body.nodeIndices.includes(n.id)).map(n => n.type))]; }""")
    assert visible == plan_view.number_of_nodes() - technologies
    assert hidden_types == ["Technology"]
    opened.page.locator('input[data-type="Technology"]').check()
    assert opened.js("window.policykgMap.visibleNodeIds().length") == plan_view.number_of_nodes()


def test_pillar_filter_shows_only_that_pillar_and_the_plan(opened, plan_view):
    opened.page.select_option("#pillar-filter", "5")
    expected = sum(1 for _, d in plan_view.nodes(data=True) if "5" in d["pillars"] or d["type"] == "Plan")
    assert opened.js("window.policykgMap.visibleNodeIds().length") == expected


def test_search_focuses_and_selects_the_node_searched(opened, plan_view):
    opened.page.fill("#search", "國科會")
    opened.page.press("#search", "Enter")
    selected = opened.js("window.policykgMap.network.getSelectedNodes()")
    assert len(selected) == 1
    node = opened.js("id => window.policykgMap.data.nodes[id]", selected[0])
    assert node["label"] == "國科會"
    assert node["iri"] == "https://w3id.org/policykg/id/agency/" + "%E5%9C%8B%E5%AE%B6%E7%A7%91%E5%AD%B8%E5%8F%8A%E6%8A%80%E8%A1%93%E5%A7%94%E5%93%A1%E6%9C%83"
    # the focus animation ends with the searched node in the centre of the view
    opened.wait_for("""id => { const n = window.policykgMap.network;
        const c = n.getViewPosition(), p = n.getPositions([id])[id];
        return Math.abs(c.x - p.x) < 1 && Math.abs(c.y - p.y) < 1; }""", arg=selected[0], timeout=5.0)
    assert opened.page.locator("#search-status").text_content() == "found: 國家科學及技術委員會"
    assert "國家科學及技術委員會" in opened.page.locator("#details").text_content()


def test_hovering_a_node_shows_its_plain_text_tooltip_with_source_lines(opened):
    node_id = opened.js("window.policykgMap.findNode('次世代數位醫療平臺計畫')")
    opened.js("id => window.policykgMap.network.moveTo({position: window.policykgMap.network.getPositions([id])[id], scale: 2})", node_id)
    point = opened.js("""() => { const m = window.policykgMap; const id = m.findNode('次世代數位醫療平臺計畫');
        const p = m.network.getPositions([id])[id]; const d = m.network.canvasToDOM(p);
        const r = document.getElementById('map').getBoundingClientRect(); return {x: d.x + r.left, y: d.y + r.top}; }""")
    opened.page.mouse.move(point["x"] - 200, point["y"] - 200)
    opened.page.mouse.move(point["x"], point["y"], steps=8)
    tooltip = opened.page.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    text = tooltip.text_content()
    assert text.startswith("次世代數位醫療平臺計畫\nmeasure (具體措施) 1.1.1\nSource lines: 436")
    assert opened.js("document.getElementById('tooltip').children.length") == 0


def test_xss_fixture_runs_no_script_and_shows_the_text_as_characters(browser, tmp_path):
    path = plan_map(xss_graph(), out=tmp_path / "xss.html")
    opened = OpenMap(browser, path)
    try:
        assert opened.js("typeof window.__xss") == "undefined"
        assert opened.errors == [] and opened.requests == []
        assert opened.js("document.querySelectorAll('img').length") == 0
        assert opened.js("document.scripts.length") == 3
        assert opened.page.locator("#heading").text_content() == SCRIPT_PAYLOAD + " plan"
        names = opened.js("window.policykgMap.data.nodes.map(n => n.name)")
        assert set(PAYLOADS) <= set(names)
        for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, HREF_PAYLOAD):
            opened.js("q => window.policykgMap.focusNode(window.policykgMap.findNode(q))", payload)
            details = opened.page.locator("#details").text_content()
            assert details.startswith(payload + "\n")
            assert opened.js("document.querySelectorAll('#details a, #details img, #details script').length") == 0
        assert opened.js("typeof window.__xss") == "undefined"
    finally:
        opened.context.close()


def test_empty_overlaps_view_shows_its_note_when_the_graph_has_no_overlap_links(browser, plan, tmp_path):
    view = map_graph(plan, view="overlaps")
    path = plan_map(plan, view="overlaps", out=tmp_path / "overlaps.html")
    opened = OpenMap(browser, path)
    try:
        assert opened.errors == [] and opened.requests == []
        assert opened.js("window.__mapReady.nodes") == view.number_of_nodes()
        if view.number_of_nodes() == 0:
            assert opened.page.locator("#empty").text_content() == view.graph["note"]
    finally:
        opened.context.close()


def test_labels_shown_at_the_default_zoom_do_not_overlap(browser, plan, tmp_path):
    path = plan_map(plan, view="pillar", pillar=5, out=tmp_path / "p5.html")
    opened = OpenMap(browser, path)
    try:
        opened.js("window.policykgMap.network.setOptions({physics: false})")  # the layout holds still
        opened.js("window.policykgMap.declutter()")
        opened.page.wait_for_timeout(300)
        boxes = opened.js("""() => { const m = window.policykgMap, n = m.network;
            return m.shownLabels().map(id => { const s = n.body.nodes[id].labelModule.size;
                const a = n.canvasToDOM({x: s.left, y: s.top}), b = n.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
                return [a.x, a.y, b.x, b.y]; }); }""")
        assert len(boxes) >= 10
        overlaps = [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[:i])
                    if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]
        assert overlaps == []
        heights = {round(b[3] - b[1]) for b in boxes}
        assert max(heights) <= 20  # drawn at a readable size whatever the zoom
    finally:
        opened.context.close()


def test_agency_view_draws_edges_wider_the_more_measures_two_agencies_share(browser, plan, tmp_path):
    opened = OpenMap(browser, plan_map(plan, view="agencies", out=tmp_path / "agencies.html"))
    try:
        pairs = opened.js("""() => { const m = window.policykgMap;
            return m.data.edges.map(e => [e.w, m.network.body.edges[e.id].options.width]); }""")
        assert max(w for w, _ in pairs) >= 4
        widths = {}
        for weight, width in pairs:
            widths.setdefault(weight, set()).add(width)
        assert all(len(v) == 1 for v in widths.values())
        ordered = [widths[w].pop() for w in sorted(widths)]
        assert ordered == sorted(ordered) and ordered[0] == 1 and ordered[-1] > 4
    finally:
        opened.context.close()


def _hover_node(opened, query: str):
    """Move the mouse onto the node found by ``query`` the way a reader does; return the tooltip."""
    node_id = opened.js("q => window.policykgMap.findNode(q)", query)
    opened.js("id => window.policykgMap.network.moveTo({position: window.policykgMap.network.getPositions([id])[id], scale: 2})", node_id)
    point = opened.js("""id => { const m = window.policykgMap; const p = m.network.getPositions([id])[id];
        const d = m.network.canvasToDOM(p); const r = document.getElementById('map').getBoundingClientRect();
        return {x: d.x + r.left, y: d.y + r.top}; }""", node_id)
    opened.page.mouse.move(point["x"] - 200, point["y"] - 200)
    opened.page.mouse.move(point["x"], point["y"], steps=8)
    tooltip = opened.page.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    return tooltip


def test_hovering_the_xss_fixtures_nodes_shows_their_markup_as_plain_text(browser, tmp_path):
    path = plan_map(xss_graph(), out=tmp_path / "xss.html")
    opened = OpenMap(browser, path)
    try:
        for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, HREF_PAYLOAD):
            tooltip = _hover_node(opened, payload)
            assert tooltip.text_content().startswith(payload)
            assert opened.js("document.getElementById('tooltip').children.length") == 0
            assert opened.js("document.querySelectorAll('img, a[href^=\"javascript\"]').length") == 0
            opened.page.mouse.move(1, 1)
        assert opened.js("typeof window.__xss") == "undefined"
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.context.close()


def test_overlaps_view_of_a_plan_with_overlap_links_draws_them(browser, tmp_path):
    import policykg
    from policykg.analysis.overlaps import overlaps, write_overlaps

    plan = policykg.load_plan()
    found = overlaps(plan)
    write_overlaps(plan, found)
    view = map_graph(plan, view="overlaps")
    assert view.number_of_edges() > 0
    path = plan_map(plan, view="overlaps", out=tmp_path / "overlaps.html")
    opened = OpenMap(browser, path)
    try:
        assert opened.errors == [] and opened.requests == []
        assert opened.js("window.__mapReady.nodes") == view.number_of_nodes()
        # one drawn link per pair of nodes, whatever the direction
        assert opened.js("window.policykgMap.data.edges.length") == len({frozenset(e) for e in view.edges()})
        assert sum(1 for *_, key in view.edges(keys=True) if key == "OVERLAPS_WITH") == 2 * len(found)  # both ways
        # the duplicated 表6 measure (5.3.1 = 5.5.3) is drawn with its overlap link
        names = opened.js("window.policykgMap.data.nodes.map(n => n.name)")
        assert any(name.startswith("持續建置量子電腦關鍵零組件技術") for name in names)
        assert opened.page.locator("#empty").count() == 0 or not opened.page.locator("#empty").is_visible()
    finally:
        opened.context.close()
