"""Every named query answers the question it asks, checked against rows worked out from the plan.

Parity (tests/test_query_parity.py) proves the engines agree with each other; these tests prove
the answers are right. Each expectation says how it was derived from
``data/plans/ai-new-ten-major-constructions-2026-01.md`` (line numbers of the shipped markdown):
exact rows where there are few, exact counts plus named rows (the boundary cases: a period that
ends exactly in the asked year, an open-ended one, a not-yet-funded one) where there are many.
Where a question is a plain filter over the measure × period table, a second, independent
implementation over ``plan.measures()`` (pandas, whose values the parser tests pin to the text)
checks the whole answer for every year, on the SPARQL and the embedded Cypher engine alike.
"""
from __future__ import annotations

import pytest

ENGINES = ("sparql", "cypher")


def _rows(frame, columns):
    """The answer as a set of tuples of the documented columns (engines may add e.g. ``plan``)."""
    return {tuple("" if v is None else str(v) for v in row) for row in frame[columns].itertuples(index=False)}


@pytest.fixture(scope="module")
def periods(plan):
    """measure × period rows with the measure identifier (pillar.strategy.measure)."""
    frame = plan.measures().copy()
    frame["identifier"] = (
        frame.pillar_no.astype(str) + "." + frame.strategy_no.astype(str) + "." + frame.measure_no.astype(str)
    )
    return frame


# -- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_active_in_2028_include_the_boundary_rows(plan, engine):
    rows = _rows(plan.query("measures_active_in_year", engine=engine, year=2028), ["identifier", "start", "end"])
    # 133 distinct (measure, start, end) rows: counted over the 178 period rows of the tables,
    # keeping those that start in or before 2028 and end in or after 2028 or never.
    assert len(rows) == 133
    # line 443: 1.1.5 「114/01-114/12 115/01-117/12」: the second period ends exactly in 2028 (ROC 117)
    assert ("1.1.5", "2026-01", "2028-12") in rows
    # ... and its first period (2025) does not cover 2028
    assert ("1.1.5", "2025-01", "2025-12") not in rows
    # line 457: 1.2.3 「115/07-」 is open-ended: it runs in 2028
    assert ("1.2.3", "2026-07", "") in rows
    # lines 444-447: 1.1.6 「目前無計畫，如核定經費，依計畫期程執行至117/12」 is not yet funded: it has
    # no start, so it is not active in any year although its end is 2028-12
    assert not any(r[0] == "1.1.6" for r in rows)


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_active_in_2029_drop_periods_that_end_in_2028(plan, engine):
    rows = _rows(plan.query("measures_active_in_year", engine=engine, year=2029), ["identifier", "start", "end"])
    assert len(rows) == 39
    assert ("1.1.5", "2026-01", "2028-12") not in rows  # ends in the year before
    assert ("1.1.2", "2026-01", "2029-12") in rows  # line 437: 「115/01-118/12」 ends exactly in 2029
    assert ("1.2.3", "2026-07", "") in rows  # open-ended


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_active_in_2025_include_periods_that_end_in_2025(plan, engine):
    rows = _rows(plan.query("measures_active_in_year", engine=engine, year=2025), ["identifier", "start", "end"])
    assert len(rows) == 96
    assert ("1.1.5", "2025-01", "2025-12") in rows  # line 443: 「114/01-114/12」
    assert ("5.1.1", "2025-01", "2025-12") in rows  # line 865: 「114/01-114/12」
    assert not any(r[0] == "1.1.2" for r in rows)  # line 437: starts 2026-01
    assert ("1.2.3", "2026-07", "") not in rows  # open-ended, but starts in 2026


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_active_in_year_equal_an_independent_filter_for_every_year(plan, periods, engine):
    dated = periods[periods.start != ""]
    for year in range(2020, 2036):
        y = str(year)
        keep = dated[(dated.start.str[:4] <= y) & ((dated.end == "") | (dated.end.str[:4] >= y))]
        expected = _rows(keep, ["identifier", "start", "end"])
        got = _rows(plan.query("measures_active_in_year", engine=engine, year=year), ["identifier", "start", "end"])
        assert got == expected, year


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_beyond_2028_are_those_that_end_later_or_never(plan, periods, engine):
    rows = _rows(
        plan.query("measures_beyond_plan_period", engine=engine, after_year=2028), ["identifier", "start", "end"]
    )
    assert ("1.1.2", "2026-01", "2029-12") in rows  # line 437: ends 2029
    assert ("1.1.5", "2026-01", "2028-12") not in rows  # ends exactly in 2028: inside the plan period
    # line 457: 1.2.3 「115/07-」 has no end: it runs past the plan period
    assert ("1.2.3", "2026-07", "") in rows
    # not-yet-funded 1.1.6 ends 2028-12: not beyond
    assert not any(r[0] == "1.1.6" for r in rows)
    # 32 periods end after 2028 (23 in 2029, 4 in 2030, 1 in 2031, 2 in 2033, 1 each in 2034
    # and 2035) plus 7 open-ended ones (1.2.3, 1.9.1, 1.9.2, 9.1.1 ×3, 9.1.2)
    assert len(rows) == 39
    for year in range(2024, 2036):
        y = str(year)
        keep = periods[(periods.end.str[:4] > y) | ((periods.end == "") & (periods.period_status == "open_ended"))]
        got = plan.query("measures_beyond_plan_period", engine=engine, after_year=year)
        assert _rows(got, ["identifier", "start", "end"]) == _rows(keep, ["identifier", "start", "end"]), year


@pytest.mark.parametrize("engine", ENGINES)
def test_unfunded_or_pending_measures_are_the_six_rows_of_the_text(plan, engine):
    got = _rows(plan.query("unfunded_or_pending_measures", engine=engine), ["identifier", "period_status", "period_raw"])
    # the period cells as written: lines 437-440, 441, 442, 444-447, 448 and 494
    assert got == {
        ("1.1.2", "pending_approval", "115/01-118/12 (尚在申請115年公建計畫)"),
        ("1.1.3", "not_yet_funded", "目前無計畫"),
        ("1.1.4", "not_yet_funded", "目前無計畫，如核定經費，依計畫期程執行至 117/12"),
        ("1.1.6", "not_yet_funded", "目前無計畫，如核定經費，依計畫期程執行至117/12"),
        ("1.1.7", "not_yet_funded", "目前無計畫，如核定經費，依計畫期程執行至117/12"),
        ("1.7.1", "planning", "116/01-119/12 (規劃中)"),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_of_pillar_5_list_every_period_row_with_its_lead(plan, periods, engine):
    got = plan.query("measures_of_pillar", engine=engine, pillar_no=5)
    rows = _rows(got, ["identifier", "lead_agency", "start", "end"])
    # 表6 (lines 862-915): 19 measures of 全球量子能力登頂 with 35 period rows
    assert len(rows) == 35
    assert len({r[0] for r in rows}) == 19
    # 5.1.1 「114/01-114/12」 中研院, 5.3.1 「111/01-114/12」 and 「115/01-118/12」 經濟部技術司
    assert ("5.1.1", "中央研究院", "2025-01", "2025-12") in rows
    assert ("5.3.1", "經濟部產業技術司", "2022-01", "2025-12") in rows
    assert ("5.3.1", "經濟部產業技術司", "2026-01", "2029-12") in rows
    # 5.5.1 and 5.6.1: the last row of each is 「116/01-117/12」, two years in one period
    assert ("5.5.1", "國家科學及技術委員會自然科學及永續研究發展處", "2027-01", "2028-12") in rows
    assert {r[0] for r in rows} == set(periods[periods.pillar_no == 5].identifier)
    assert plan.query("measures_of_pillar", engine=engine, pillar_no=11).empty  # no such pillar


# -- agencies ----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_agency_workload_counts_lead_and_co_measures(plan, periods, engine):
    got = plan.query("agency_workload", engine=engine)
    by_agency = {r.agency: (r.ministry, int(r.lead_measures), int(r.co_organizing_measures)) for r in got.itertuples()}
    assert len(by_agency) == 73
    # 「數發部數產署」 is the first agency of 23 measures' agency cells and co-organizes 4
    # (counted over the agency cells as written)
    lead = periods[periods.lead_agency == "數發部數產署"].identifier.nunique()
    co = periods[periods.co_agencies.str.contains("數產署")].identifier.nunique()
    assert (lead, co) == (23, 4)
    assert by_agency["數位發展部數位產業署"] == ("數位發展部", 23, 4)
    # 「中研院」 leads the nine measures 5.1.1-5.1.4 and 5.3.4-5.3.8 alone (lines 865-868, 880-893)
    assert by_agency["中央研究院"] == ("中央研究院", 9, 0)
    # 國網中心 is under 國家實驗研究院, itself under 國科會: the roll-up walks two levels
    assert by_agency["國家實驗研究院國家高速網路與計算中心"] == ("國家科學及技術委員會", 3, 0)


@pytest.mark.parametrize("engine", ENGINES)
def test_ministry_workload_rolls_sub_units_up(plan, engine):
    got = plan.query("ministry_workload", engine=engine)
    by_ministry = {r.ministry: (int(r.lead_measures), int(r.co_organizing_measures)) for r in got.itertuples()}
    assert len(by_ministry) == 30
    # 數位發展部: 23 measures led by 數產署, 2 by the ministry itself, 2 by 數位政府司 and the
    # rest by its other units: 36 distinct measures (a measure led by two units counts once)
    assert by_ministry["數位發展部"] == (36, 6)
    assert by_ministry["經濟部"] == (32, 16)
    assert by_ministry["中央研究院"] == (9, 0)
    # a ministry counts at least as many measures as any one of its units
    units = plan.query("agency_workload", engine=engine)
    for r in units.itertuples():
        assert by_ministry[r.ministry][0] >= int(r.lead_measures)


@pytest.mark.parametrize("engine", ENGINES)
def test_agencies_in_at_least_five_pillars(plan, engine):
    got = _rows(plan.query("agencies_in_several_pillars", engine=engine, min_pillars=5), ["agency", "pillars"])
    # 數產署 appears in the tables of pillars 1, 2, 3, 5, 6 and 10; 技術司 and 產發署 in five
    assert got == {("數位發展部數位產業署", "6"), ("經濟部產業技術司", "5"), ("經濟部產業發展署", "5")}
    three = _rows(plan.query("agencies_in_several_pillars", engine=engine, min_pillars=3), ["agency", "pillars"])
    assert len(three) == 8 and got < three  # a lower bound keeps every agency of the higher one
    assert plan.query("agencies_in_several_pillars", engine=engine, min_pillars=11).empty


@pytest.mark.parametrize("engine", ENGINES)
def test_co_organizing_network_of_the_digital_industries_administration(plan, engine):
    got = _rows(
        plan.query("co_organizing_network", engine=engine, agency="數位發展部數位產業署"), ["partner", "shared_measures"]
    )
    assert got == {
        ("國家科學及技術委員會產學及園區業務處", "1"),
        ("教育部青年發展署", "1"),
        ("經濟部產業技術司", "1"),
        ("經濟部產業發展署", "2"),
    }
    # 中研院 is the only agency of each of its nine measures: no partner at all
    assert plan.query("co_organizing_network", engine=engine, agency="中央研究院").empty


def test_shortest_collaboration_path_from_nstc_to_the_indigenous_council(plan):
    got = plan.query(
        "shortest_collaboration_path", from_agency="國家科學及技術委員會", to_agency="原住民族委員會"
    )
    # no measure has both; 經濟部 shares a measure with each: one 2-hop chain
    assert _rows(got, ["hops", "path"]) == {("2", "國家科學及技術委員會 > 經濟部 > 原住民族委員會")}


# -- places, technologies, references, targets ------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_per_zone(plan, engine):
    got = _rows(plan.query("measures_per_zone", engine=engine), ["zone", "measures"])
    # 嘉南高屏: the 大南方 measures 1.6.12, 1.6.13 (lines 487-488) and 1.11.1 plus the 臺南市 one;
    # 中彰投雲: the 中部智慧醫療創新園區 measure
    assert got == {("中彰投雲", "1"), ("嘉南高屏", "4")}


@pytest.mark.parametrize("engine", ENGINES)
def test_measures_per_region_counts_the_named_sites(plan, engine):
    got = {r[0]: (r[1], int(r[2])) for r in _rows(plan.query("measures_per_region", engine=engine), ["region", "region_type", "measures"])}
    assert len(got) == 14
    assert got["大南方"] == ("macro_region", 2)
    assert got["永康科技工業園區"] == ("site", 1)  # line 488: 「(如永康科技工業園區、南科路竹園區等)」
    assert got["南科路竹園區"] == ("site", 1)
    assert got["臺南市"] == ("county", 1)


def test_targets_due_by_2025_and_2028(plan):
    by_2025 = _rows(plan.query("targets_due_by", year=2025), ["target", "value", "unit", "deadline"])
    assert by_2025 == {("36家", "36", "家", "2025")}
    by_2028 = _rows(plan.query("targets_due_by", year=2028), ["target", "value", "unit", "deadline"])
    assert len(by_2028) == 6  # 7 rows: 達40萬人次 is stated twice, by pillar 9 and its highlight 7
    assert ("達約20百萬瓦", "20", "MW", "2028") in by_2028
    assert ("約0.67MW", "0.67", "MW", "2028") in by_2028
    assert ("至少8家", "8", "家", "2026") in by_2028
    assert by_2025 < by_2028
    assert plan.query("targets_due_by", year=2024).empty


@pytest.mark.parametrize("engine", ENGINES)
def test_technology_cooccurrence_at_least_five_measures(plan, engine):
    got = _rows(plan.query("technology_cooccurrence", engine=engine, min_measures=5), ["technology_a", "technology_b", "measures"])
    assert got == {
        ("artificial intelligence", "cybersecurity", "7"),
        ("artificial intelligence", "image recognition", "5"),
        ("artificial intelligence", "unmanned aerial vehicle", "5"),
        ("cryogenic control electronics", "quantum computing", "5"),
        ("quantum computing", "quantum technology", "5"),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_technologies_of_the_quantum_pillar(plan, engine):
    got = {
        r[1]: int(r[2])
        for r in _rows(plan.query("technologies_by_pillar", engine=engine), ["pillar_no", "technology", "measures"])
        if r[0] == "5"
    }
    assert got["quantum computing"] == 11
    assert got["quantum technology"] == 10
    assert got["superconducting qubit"] == 5
    assert got["post-quantum cryptography"] == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_overlap_candidates_of_pillars_1_and_2(plan, engine):
    got = _rows(plan.query("overlap_candidates", engine=engine, pillar_a=1, pillar_b=2), ["measure_a", "measure_b", "agency"])
    assert len(got) == 13
    assert ("1.7.1", "2.1.2", "經濟部商業發展署") in got  # both led by 商業發展署 (lines 494, 559)
    assert all(a.startswith("1.") and b.startswith("2.") for a, b, _ in got)


def test_references_and_citers(plan):
    got = _rows(plan.query("references_and_citers"), ["reference", "reference_type", "citer_type", "citer"])
    assert len(got) == 80
    assert ("AI 新秀計畫", "programme", "Measure", "9.2.1") in got
    assert ("AI 大陸計畫", "foreign_policy", "Plan", "ai-new-ten-major-constructions-2026-01") in got


# -- questions over the analysis edges (a plain build computes them) ---------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from policykg.workspace import build_workspace

    return build_workspace([], tmp_path_factory.mktemp("answers") / "ws")


def test_measure_dependencies_of_1_1_7_are_followed_transitively(workspace):
    got = _rows(workspace.query("measure_dependencies", measure_id="1.1.7"), ["identifier", "depends_on_identifier", "kind"])
    # line 448: 1.1.7 發展輔助醫政管理決策系統 writes 「導入算力」 (national compute, 7.1.1) and 「TAIDE」
    # (the sovereign models of 7.3.4); 7.3.4's narrative (lines 1133-1135) 「結合臺灣主權AI訓練語料平臺」 → 7.3.1
    assert got == {
        ("1.1.7", "7.1.1", "shared_infrastructure"),
        ("1.1.7", "7.3.4", "shared_infrastructure"),
        ("7.3.4", "7.3.1", "cross_reference"),
    }
    # 7.3.1 builds the corpus platform itself: it depends on nothing
    assert workspace.query("measure_dependencies", measure_id="7.3.1").empty


def test_most_depended_on_capability_is_the_quantum_lab(workspace):
    got = {r[0]: (r[1], r[2]) for r in _rows(workspace.query("most_depended_on_capabilities"), ["capability", "provider_identifier", "dependents"])}
    # 5.3.4 (line 887) and 5.3.8 (line 894) both use 「量子研發實驗室」, the foundry service of 5.1.2
    assert got["quantum-lab"] == ("5.1.2", "2")
    assert got["national-compute"] == ("7.1.1", "1")
    assert got["sovereign-ai-corpus"] == ("7.3.1", "1")
    assert len(got) == 5


def test_cross_pillar_overlaps_leave_out_the_pair_inside_one_pillar(workspace):
    got = _rows(workspace.query("cross_pillar_overlaps", min_score=0.5), ["identifier_a", "identifier_b", "pillar_a", "pillar_b"])
    # 2.2.2 (AI solutions by IT-service firms) and 3.1.1 (AI cloud services for every trade), score 0.57;
    # the top pair 5.3.1 = 5.5.3 (score 0.717, the measure 表6 lists twice) is inside pillar 5
    assert got == {("2.2.2", "3.1.1", "2", "3")}
    assert workspace.query("cross_pillar_overlaps", min_score=0.9).empty


def test_overlap_hubs_name_the_cybersecurity_measure_of_pillar_1(workspace):
    got = {r[0]: (r[1], r[2]) for r in _rows(workspace.query("overlap_hubs"), ["identifier", "overlaps", "other_pillars"])}
    # 1.6.8 針對核心產業(半導體、軍工等)，強化資安韌性 overlaps four measures in three other pillars
    assert got["1.6.8"] == ("4", "3")
    assert max(int(o) for o, _ in got.values()) == 4


def _shortest_chains(plan, start: str, end: str) -> set:
    """Every shortest chain of agency names (≤ 3 hops) worked out in Python from the plan's triples,
    e.g. {("2", "國家科學及技術委員會 > 經濟部 > 原住民族委員會")} for the pair of the test above."""
    from itertools import product

    from rdflib import RDF, Namespace

    pkg = Namespace("https://w3id.org/policykg/ontology#")
    graph = plan.union
    names = {a: str(n) for a in graph.subjects(RDF.type, pkg.Agency) for n in graph.objects(a, pkg.fullName)}
    partners = {}
    for measure in graph.subjects(RDF.type, pkg.Measure):
        agencies = {a for p in (pkg.leadAgency, pkg.coOrganizingAgency) for a in graph.objects(measure, p)}
        for a, b in product(agencies & names.keys(), repeat=2):
            if a != b:
                partners.setdefault(a, set()).add(b)
    ends = [[a for a, n in names.items() if n == name] for name in (start, end)]
    for hops in (1, 2, 3):
        chains = set()
        for a, b in product(*ends):
            stack = [[a]]
            while stack:
                chain = stack.pop()
                if len(chain) == hops:
                    if b in partners.get(chain[-1], ()):
                        chains.add((str(hops), " > ".join(names[n] for n in chain + [b])))
                    continue
                stack.extend(chain + [n] for n in partners.get(chain[-1], ()) if n not in chain and n != b)
        if chains:
            return chains
    return set()


@pytest.mark.parametrize("start, end, hops", [
    ("經濟部", "相關部會", "1"),
    ("經濟部", "經濟部產業發展署", "2"),
    ("經濟部", "經濟部產業技術司", "3"),
    ("經濟部", "衛生福利部中央健康保險署", None),   # connected, but more than 3 hops apart
    ("經濟部", "工業技術研究院", None),
    ("中央研究院", "經濟部", None),                  # 中研院 shares none of its measures
])
def test_shortest_collaboration_path_gives_every_shortest_chain_of_a_search_over_the_triples(plan, start, end, hops):
    got = _rows(plan.query("shortest_collaboration_path", from_agency=start, to_agency=end), ["hops", "path"])
    expected = _shortest_chains(plan, start, end)
    assert got == expected
    assert {h for h, _ in got} == ({hops} if hops else set())
