"""The timeline's data: every measure × period row, grouped, styled by status, text as written.

Also home of the hostile plan (``hostile_plan``) that the view browser tests open in Chromium:
the shipped plan with script-injection attempts in its title, a measure name, content,
period cell and agencies cell.
"""
from __future__ import annotations

import re

import pytest
from rdflib import URIRef

import policykg
from policykg.errors import PolicyKGError
from policykg.graph.namespaces import PKG
from policykg.viz.timeline import period_statuses, plan_timeline, timeline_data

from test_map_html import HREF_PAYLOAD, IMG_PAYLOAD, SCRIPT_PAYLOAD

TAIPEI = URIRef("https://w3id.org/policykg/id/region/taipei-city")


def hostile_plan():
    """The shipped plan with payloads in the title, measure 1.1.1 (name, content, period as written,
    agencies as written) and measure 1.1.2's name; measure 1.1.1 also targets 臺北市."""
    from policykg.graph.assemble import assemble_plan

    doc = policykg.parse_plan_document(policykg.default_plan_path())
    doc.title = SCRIPT_PAYLOAD + " plan"
    first, second = doc.pillars[0].strategies[0].measures[:2]
    first.name = SCRIPT_PAYLOAD
    entry = first.schedule[0]
    entry.content = IMG_PAYLOAD + " content"
    entry.period_raw = "113/01-116/12 " + HREF_PAYLOAD
    entry.agencies_raw = IMG_PAYLOAD
    second.name = IMG_PAYLOAD
    plan = assemble_plan(doc)
    plan.graph.add((URIRef(str(plan.iri) + "/pillar/1/strategy/1/measure/1"), PKG.targetsRegion, TAIPEI))
    return plan


@pytest.fixture(scope="module")
def data(plan):
    return timeline_data(plan)


def test_every_measure_period_row_is_a_row_and_those_with_a_start_are_bars(plan, data):
    frame = plan.measures()
    assert len(data["rows"]) == len(frame) == 178
    assert sum(1 for r in data["rows"] if r["start"]) == int((frame["start"] != "").sum()) == 173
    first = data["rows"][0]
    assert first["group"] == ["1 全民智慧生活圈", "1.1 智慧醫療"]
    assert (first["start"], first["end"], first["status"], first["raw"], first["lines"]) == ("2024-01", "2027-12", "scheduled", "113/01-116/12", "436")


def test_plan_period_band_comes_from_the_plans_execution_period_line(data):
    assert data["band"] == {"start": "2025-01", "end": "2028-12", "short": "plan period 2025–2028",
                            "label": "plan period 2025–2028 (執行期程, line 99)"}
    assert data["axis"] == {"from": 2020, "to": 2035}


def test_statuses_are_counted_and_labelled_from_the_tsv(data):
    counts = {s["key"]: s["count"] for s in data["statuses"]}
    assert counts == {"scheduled": 164, "open_ended": 7, "planning": 1, "pending_approval": 1, "not_yet_funded": 4, "unspecified": 1}
    assert period_statuses()["planning"]["label"] == "planning (規劃中)"


def test_tooltip_has_text_period_as_written_and_source_lines(data):
    row = next(r for r in data["rows"] if r["status"] == "pending_approval")
    assert row["tip"].splitlines()[0] == "1.1.2 衛福數位基礎建設計畫"
    assert "Period as written: 115/01-118/12 (尚在申請115年公建計畫)" in row["tip"]
    assert "Period: 2026-01 – 2029-12 (pending approval)" in row["tip"]
    assert row["tip"].endswith("Source lines: 437-440")


def test_grouping_by_agency_puts_the_busiest_lead_agency_first(plan):
    data = timeline_data(plan, by="agency")
    frame = plan.measures()
    top = frame["lead_agency"].value_counts()
    assert data["rows"][0]["group"] == [f"{top.index[0]} ({top.iloc[0]} rows)"]
    assert len(data["rows"]) == 178


def test_unknown_grouping_is_an_error(plan):
    with pytest.raises(PolicyKGError, match="unknown grouping 'ministry'"):
        timeline_data(plan, by="ministry")


def test_hostile_text_appears_only_escaped_in_the_timeline_page():
    page = plan_timeline(hostile_plan())
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, HREF_PAYLOAD):
        assert payload not in page
    assert "<img" not in page and page.count("</script>") == 2
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == "&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt; plan"


def test_pillar_option_keeps_only_that_pillars_rows(plan):
    data = timeline_data(plan, pillar=5)
    frame = plan.measures()
    assert len(data["rows"]) == int((frame["pillar_no"] == 5).sum()) == 35
    assert {r["pillar"] for r in data["rows"]} == {"5"}
    with pytest.raises(PolicyKGError, match="no measure rows in pillar 11"):
        timeline_data(plan, pillar=11)


def test_timeline_of_two_plans_groups_by_plan_first(plan, tmp_path):
    copy = tmp_path / "copy-of-plan-2026-01.md"
    copy.write_bytes(policykg.default_plan_path().read_bytes())
    second = policykg.load_plan(copy)
    data = timeline_data([plan, second])
    assert len(data["rows"]) == 2 * 178
    assert data["rows"][0]["group"][0] == "AI 新十大建設推動方案 · ai-new-ten-major-constructions-2026-01" and data["rows"][0]["pillar"].endswith(":1")
    assert data["rows"][-1]["group"][0] == "AI 新十大建設推動方案 · copy-of-plan-2026-01"
    assert len({r["key"] for r in data["rows"]}) == 2 * 178
    assert data["band"]["label"] == "plan period 2025–2028 (執行期程)"
