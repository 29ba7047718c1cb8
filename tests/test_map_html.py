"""The map page as text: self-contained, no network URL, document text escaped, views exact.

Also home of the XSS fixture (``xss_graph``) that tests/test_map_browser.py opens in Chromium.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from rdflib import Graph, Literal, URIRef

import policykg
from policykg.errors import PolicyKGError
from policykg.graph.namespaces import DCTERMS, PKG, PKID, RDF, RDFS
from policykg.viz.maps import json_for_script, map_graph, plan_map

SCRIPT_PAYLOAD = "</script><script>window.__xss=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1">'
HREF_PAYLOAD = 'see <a href="javascript:window.__xss=1">href</a> & more'
PAYLOADS = (SCRIPT_PAYLOAD, IMG_PAYLOAD, HREF_PAYLOAD)


def xss_graph() -> Graph:
    """A tiny plan graph whose titles, names and contents are script-injection attempts."""
    g = Graph(identifier=URIRef("https://w3id.org/policykg/graph/xss-fixture"))
    plan = PKID["xss-fixture"]
    pillar = PKID["xss-fixture/pillar/1"]
    strategy = PKID["xss-fixture/pillar/1/strategy/1"]
    agency = PKID["agency/xss"]
    g.add((plan, RDF.type, PKG.Plan))
    g.add((plan, DCTERMS.title, Literal(SCRIPT_PAYLOAD + " plan", lang="zh-Hant")))
    g.add((plan, PKG.hasPillar, pillar))
    g.add((pillar, RDF.type, PKG.Pillar))
    g.add((pillar, RDFS.label, Literal(IMG_PAYLOAD, lang="zh-Hant")))
    g.add((pillar, PKG.ordinal, Literal(1)))
    g.add((pillar, PKG.hasStrategy, strategy))
    g.add((strategy, RDF.type, PKG.Strategy))
    g.add((strategy, RDFS.label, Literal(HREF_PAYLOAD, lang="zh-Hant")))
    g.add((agency, RDF.type, PKG.Agency))
    g.add((agency, RDFS.label, Literal(IMG_PAYLOAD + " agency", lang="zh-Hant")))
    for i, payload in enumerate(PAYLOADS, start=1):
        measure = PKID[f"xss-fixture/pillar/1/strategy/1/measure/{i}"]
        g.add((measure, RDF.type, PKG.Measure))
        g.add((measure, RDFS.label, Literal(payload, lang="zh-Hant")))
        g.add((measure, PKG.content, Literal(payload + " content")))
        g.add((measure, PKG.lineStart, Literal(10 + i)))
        g.add((measure, PKG.lineEnd, Literal(10 + i)))
        g.add((strategy, PKG.hasMeasure, measure))
        g.add((measure, PKG.leadAgency, agency))
    return g


@pytest.fixture(scope="module")
def plan_page(plan):
    return plan_map(plan)


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_page_has_no_network_url_in_src_href_or_css_url(plan_page):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", plan_page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", plan_page, re.I)
    assert not re.search(r"""@import""", plan_page)
    assert "cdn" not in plan_page.lower().replace("cdn_resources", "")


def test_page_inlines_vis_network_and_loads_no_external_script(plan_page):
    assert "@version 9.1.2" in plan_page
    assert "<link" not in plan_page
    assert not re.search(r"<script[^>]*\bsrc=", plan_page)


def test_content_security_policy_allows_exactly_the_pages_own_scripts(plan_page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', plan_page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    hashes = re.findall(r"'sha256-([^']+)'", csp)
    bodies = re.findall(r"<script>(.*?)</script>", plan_page, re.S)
    assert len(bodies) == 2
    assert hashes == [base64.b64encode(hashlib.sha256(b.encode("utf-8")).digest()).decode() for b in bodies]


def test_embedded_data_has_every_node_of_the_plan_view(plan, plan_page):
    data = embedded_data(plan_page)
    view = map_graph(plan)
    assert len(data["nodes"]) == view.number_of_nodes()
    counts = {t["type"]: t["count"] for t in data["types"]}
    assert counts["Plan"] == 1 and counts["Pillar"] == 10 and counts["Strategy"] == 49 and counts["Measure"] == 143
    assert not {"ConceptMention", "AgencyMention", "ScheduleEntry", "Period"} & set(counts)


def test_measure_tooltip_is_plain_text_with_source_line_and_period(plan_page):
    data = embedded_data(plan_page)
    measure = next(n for n in data["nodes"] if n["name"] == "次世代數位醫療平臺計畫")
    assert "Source lines: 436" in measure["tip"]
    assert "Period: 113/01-116/12 → 2024-01–2027-12 (scheduled)" in measure["tip"]
    assert measure["pillars"] == ["1"]


def test_json_for_script_escapes_angle_brackets_ampersand_and_line_separators():
    text = json_for_script({"t": "</script>&\u2028\u2029"})
    assert text == '{"t":"\\u003c/script\\u003e\\u0026\\u2028\\u2029"}'
    assert json.loads(text) == {"t": "</script>&\u2028\u2029"}


def test_xss_fixture_strings_appear_only_escaped_in_the_page():
    page = plan_map(xss_graph())
    for payload in PAYLOADS:
        assert payload not in page
    assert "window.__xss=1" in page  # present, but only as JSON-escaped text
    assert "<img" not in page and 'onerror="' not in page
    data = embedded_data(page)
    names = {n["name"] for n in data["nodes"]}
    assert set(PAYLOADS) <= names
    assert data["title"] == SCRIPT_PAYLOAD + " plan"


def test_heading_given_by_the_caller_is_escaped_in_the_title_element():
    page = plan_map(xss_graph(), title=SCRIPT_PAYLOAD)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == "&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;"
    assert page.count("</script>") == 3  # data block, vis-network, app: nothing injected


def test_pillar_view_keeps_only_nodes_of_that_pillar(plan):
    view = map_graph(plan, view="pillar", pillar=5)
    assert view.number_of_nodes() > 0
    assert all("5" in d["pillars"] for _, d in view.nodes(data=True))
    assert {d["label"] for _, d in view.nodes(data=True) if d["type"] == "Pillar"} == {"5 全球量子能力登頂"}


def test_agencies_view_weights_equal_shared_measures(plan):
    pg = plan.to_networkx()
    agencies_of = {}
    for u, v, key in pg.edges(keys=True):
        if key in ("LEAD_AGENCY", "CO_ORGANIZING_AGENCY"):
            owner = u
            if "ScheduleEntry" in pg.nodes[u]["labels"]:
                owner = next(p for p, _, k in pg.in_edges(u, keys=True) if k == "HAS_SCHEDULE_ENTRY")
            agencies_of.setdefault(owner, set()).add(v)
    view = map_graph(plan, view="agencies")
    assert {d["type"] for _, d in view.nodes(data=True)} == {"Agency"}
    shared = [(u, v, d["weight"]) for u, v, k, d in view.edges(keys=True, data=True) if k == "SHARES_MEASURES"]
    assert shared
    for u, v, weight in shared:
        assert weight == sum(1 for ags in agencies_of.values() if u in ags and v in ags)


def test_focus_keeps_the_named_node_and_its_neighbours(plan):
    full = map_graph(plan)
    view = map_graph(plan, focus="國科會")
    node = view.graph["focus"]
    assert view.graph["focus_label"] == "國科會"
    assert set(view) == {node} | set(full.predecessors(node)) | set(full.successors(node))


def test_unknown_focus_and_missing_pillar_raise_policykg_errors(plan):
    with pytest.raises(PolicyKGError, match="no node named"):
        map_graph(plan, focus="沒有這個機關")
    with pytest.raises(PolicyKGError, match="needs --pillar"):
        map_graph(plan, view="pillar")
    with pytest.raises(PolicyKGError, match="two or more plans"):
        map_graph(plan, view="compare")


def test_overlaps_view_draws_the_graphs_overlap_links_or_explains_why_it_is_empty(plan):
    pg = plan.to_networkx()
    links = [(u, v) for u, v, k in pg.edges(keys=True) if k == "OVERLAPS_WITH"]
    view = map_graph(plan, view="overlaps")
    drawn = [(u, v) for u, v, k in view.edges(keys=True) if k == "OVERLAPS_WITH"]
    assert sorted(drawn) == sorted(links)
    if not links:
        assert view.graph["note"].startswith("Nothing to draw: this graph has no pkg:overlapsWith links")


def test_compare_view_colours_nodes_by_the_plans_they_belong_to(tmp_path):
    source = policykg.default_plan_path()
    copy = tmp_path / "copy-of-plan-2026-01.md"
    copy.write_bytes(source.read_bytes())
    first = policykg.load_plan()
    second = policykg.load_plan(copy, dataset=first.rdf)
    view = map_graph([first, second], view="compare")
    plans_of = {n: tuple(d["plans"]) for n, d in view.nodes(data=True)}
    measures = [n for n, d in view.nodes(data=True) if d["type"] == "Measure"]
    assert len(measures) == 2 * 143
    assert all(len(plans_of[m]) == 1 for m in measures)
    shared = [n for n, d in view.nodes(data=True) if d["type"] == "Agency" and len(d["plans"]) == 2]
    assert shared and all(view.nodes[n]["iri"].startswith("https://w3id.org/policykg/id/agency/") for n in shared)
    data = embedded_data(plan_map([first, second], view="compare"))
    assert data["colourBy"] == "plan" and [p["id"] for p in data["plans"]][-1] == "*"
