"""Agencies through time: the 2022 net-zero pathway's 科技部, 行政院環境保護署 and
行政院農業委員會, their successors (W3C ORG org:ChangeEvent with a date), and following a line of
responsibility across the reorganisation (``agency_table(..., follow_renamings=True)``,
``policykg agencies --follow-renamings``)."""
from __future__ import annotations

import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib import namespace

from net_zero_text import NET_ZERO_PDF, real_net_zero
from policykg.analysis.agency_workload import agency_table
from policykg.loaders.agencies import AgencyRegistry, agency_iri

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.load()


def label(registry, iri):
    return registry.get(iri).label_zh if iri else None


@pytest.mark.parametrize(
    ("written", "predecessor", "successor", "date"),
    [
        ("科技部", "科技部", "國家科學及技術委員會", "2022-07-27"),
        ("行政院環境保護署", "行政院環境保護署", "環境部", "2023-08-22"),
        ("環保署", "行政院環境保護署", "環境部", "2023-08-22"),
        ("行政院農業委員會", "行政院農業委員會", "農業部", "2023-08-01"),
        ("農委會", "行政院農業委員會", "農業部", "2023-08-01"),
    ],
)
def test_a_predecessor_as_written_in_2022_resolves_to_itself_with_its_successor_and_date(
    registry, written, predecessor, successor, date
):
    [mention] = registry.resolve_cell(written)
    assert registry.get(mention.agency_iri).full_name == predecessor
    assert label(registry, mention.successor_iri) == successor
    assert registry.change_of(mention.agency_iri).date == date
    assert registry.current(mention.agency_iri) == registry.by_full_name(successor).iri
    assert registry.predecessors_of(mention.successor_iri) == [mention.agency_iri]


def test_every_cover_agency_of_the_net_zero_pathway_resolves_and_the_renamed_three_carry_successors(registry):
    cover = real_net_zero("國家發展委員會 行政院環境保護署經濟部 科技部 交通部 內政部行政院農業委員會、金融監督管理委員會2022 年 3 月 30 日")
    names = ["國家發展委員會", "行政院環境保護署", "經濟部", "科技部", "交通部", "內政部", "行政院農業委員會", "金融監督管理委員會"]
    assert "".join(names) == cover.replace(" ", "").replace("、", "").replace("2022年3月30日", "")
    resolved = [(m.label_zh, m.label_en, label(registry, m.successor_iri)) for n in names for m in registry.resolve_cell(n)]
    assert resolved == [
        ("國家發展委員會", "National Development Council", None),
        ("環境保護署", "Environmental Protection Administration, Executive Yuan", "環境部"),
        ("經濟部", "Ministry of Economic Affairs", None),
        ("科技部", "Ministry of Science and Technology", "國家科學及技術委員會"),
        ("交通部", "Ministry of Transportation and Communications", None),
        ("內政部", "Ministry of the Interior", None),
        ("農業委員會", "Council of Agriculture, Executive Yuan", "農業部"),
        ("金融監督管理委員會", "Financial Supervisory Commission", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "written", "full_name", "parent"),
    [
        ("推動台電台中減碳技術園區建立碳捕捉技術示範先導廠", "台電", "台灣電力股份有限公司", "經濟部"),
        ("短期由國營事業中鋼與中油公司啟動「鋼化聯產」", "中油公司", "台灣中油股份有限公司", "經濟部"),
        ("由行政院國家永續發展委員會負責協調", "行政院國家永續發展委員會", "行政院國家永續發展委員會", None),
        ("預定 111 年 4 月送立法院審議", "立法院", "立法院", None),
        ("環保署已於 111 年 2 月 7 日將修正草案送行政院", "環保署", "行政院環境保護署", None),
        ("依經濟部能源局2020年我國燃料燃燒二氧化碳排放統計", "經濟部能源局", "經濟部能源署", "經濟部"),
    ],
)
def test_bodies_the_net_zero_text_names_are_in_the_registry(registry, sentence, written, full_name, parent):
    assert written in real_net_zero(sentence)
    match = registry.resolve_name(written)
    assert match.agency.full_name == full_name
    assert label(registry, match.agency.parent_iri) == parent


def test_change_events_are_w3c_org_with_a_date_and_both_directions(registry):
    graph = registry.to_graph()
    events = sorted(graph.subjects(namespace.ORG.originalOrganization, None))
    assert [str(e).rsplit("/", 1)[1] for e in events] == [
        "2022-07-27-most-to-nstc", "2023-08-01-coa-to-moa", "2023-08-22-epa-to-moenv",
    ]
    most, nstc = URIRef(agency_iri("科技部")), URIRef(agency_iri("國家科學及技術委員會"))
    event = events[0]
    assert graph.value(event, namespace.ORG.originalOrganization) == most
    assert graph.value(event, namespace.ORG.resultingOrganization) == nstc
    assert graph.value(event, namespace.DCTERMS.date) == Literal("2022-07-27", datatype=namespace.XSD.date)
    assert (most, namespace.ORG.changedBy, event) in graph and (nstc, namespace.ORG.resultedFrom, event) in graph


def shapes() -> Graph:
    return Graph().parse(data=files("policykg.graph").joinpath("agency_shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def test_agency_shapes_reject_a_change_event_without_date_or_without_its_back_link(registry):
    graph = registry.to_graph()
    assert validate(graph, shacl_graph=shapes())[0]
    event = URIRef("https://w3id.org/policykg/id/agency-change/2023-08-01-coa-to-moa")
    graph.remove((event, namespace.DCTERMS.date, None))
    graph.remove((URIRef(agency_iri("農業部")), namespace.ORG.resultedFrom, event))
    conforms, _, report = validate(graph, shacl_graph=shapes())
    assert not conforms
    assert "exactly one dcterms:date" in report
    assert "Each resulting organization of a change event is org:resultedFrom it" in report


def test_ministry_roll_up_can_follow_renamings(registry):
    coa = agency_iri("行政院農業委員會")
    assert label(registry, registry.ministry_of(coa)) == "農業委員會"
    assert label(registry, registry.ministry_of(coa, follow_renamings=True)) == "農業部"


# ---------------------------------------------------------------------- two versions of a plan
@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    """The variant fixture plan (2025, 農業部) and the same plan as written before the
    reorganisation (農業部 → 行政院農業委員會 / 農委會)."""
    import policykg

    text = (FIXTURES / "variant_plan.md").read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("versions")
    old = folder / "rural-plan-2022.md"
    old_text = text.replace("智慧農業\t農業部", "智慧農業\t行政院農業委員會").replace("\t農業部", "\t農委會")
    assert "農業部" not in old_text
    old.write_text(old_text, encoding="utf-8")
    new = folder / "rural-plan-2025.md"
    new.write_text(text, encoding="utf-8")
    return policykg.load_plan(old), policykg.load_plan(new), old


def test_agency_table_shows_the_successor_of_a_body_renamed_since_the_plan(plans):
    old, _, _ = plans
    row = agency_table(old).set_index("agency_zh").loc["農業委員會"]
    assert (row.lead_measures, row.successor_zh, row.successor_en, row.renamed_on) == (
        3, "農業部", "Ministry of Agriculture", "2023-08-01",
    )
    assert row.variants == "行政院農業委員會;農委會"


def test_following_renamings_lines_up_the_plan_before_and_after_the_reorganisation(plans):
    old, new, _ = plans
    before = agency_table(old, follow_renamings=True).set_index("agency_zh")
    after = agency_table(new).set_index("agency_zh")
    assert "農業委員會" not in before.index
    assert before.loc["農業部", "variants"] == "行政院農業委員會;農委會"
    columns = ["lead_measures", "co_measures", "lead_measures_rollup"]
    assert before.loc["農業部", columns].tolist() == after.loc["農業部", columns].tolist() == [3, 0, 3]
    assert before.loc["農業部", "successor_zh"] == ""


def run(*args: str):
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal, so the table does not fold
    return subprocess.run([sys.executable, "-m", "policykg", *args], capture_output=True, text=True, timeout=180, env=env)


def test_agencies_command_shows_renamed_to_and_follows_renamings_with_the_flag(plans):
    _, _, old_path = plans
    shown = run("agencies", str(old_path), "--level", "ministry")
    assert shown.returncode == 0, shown.stderr
    assert "renamed to" in shown.stdout and "農業部 (2023-08-01)" in shown.stdout
    followed = run("agencies", str(old_path), "--follow-renamings", "--csv")
    assert followed.returncode == 0, followed.stderr
    rows = [line.split(",") for line in followed.stdout.splitlines()]
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert "農業委員會" not in by_name
    assert by_name["農業部"]["lead_measures"] == "3"
    assert header[-5:] == ["successor_zh", "successor_en", "renamed_on", "issuing", "mentioning_divisions"]


# ---------------------------------------------------------------------- the net-zero pathway itself
@pytest.fixture(scope="module")
def net_zero():
    import policykg

    return policykg.load_plan(NET_ZERO_PDF)


def test_net_zero_cover_agencies_are_its_issuers_with_the_three_successors(net_zero):
    table = agency_table(net_zero)
    issuers = table[table.issuing]
    assert sorted(zip(issuers.agency_zh, issuers.successor_zh, issuers.renamed_on)) == [
        ("交通部", "", ""),
        ("內政部", "", ""),
        ("國家發展委員會", "", ""),
        ("環境保護署", "環境部", "2023-08-22"),
        ("科技部", "國家科學及技術委員會", "2022-07-27"),
        ("經濟部", "", ""),
        ("農業委員會", "農業部", "2023-08-01"),
        ("金融監督管理委員會", "", ""),
    ]


def test_net_zero_issuers_followed_across_the_reorganisations_are_todays_bodies(net_zero):
    table = agency_table(net_zero, follow_renamings=True)
    issuers = set(table[table.issuing].agency_zh)
    assert issuers == {"國家發展委員會", "環境部", "經濟部", "國家科學及技術委員會", "交通部", "內政部", "農業部", "金融監督管理委員會"}
    assert "科技部" in table.set_index("agency_zh").loc["國家科學及技術委員會", "variants"].split(";")


def test_cross_plan_the_2026_ai_plan_shares_three_more_net_zero_issuers_once_renamings_are_followed(net_zero):
    import policykg

    registry = AgencyRegistry.load()

    def ministries(table):
        return {registry.get(registry.ministry_of(iri, follow_renamings=True) or iri).label_zh
                for iri in table.iri if iri in registry}

    ai = policykg.load_plan()
    shared = {}
    for follow in (False, True):
        issuers = agency_table(net_zero, follow_renamings=follow)
        issuers = set(issuers[issuers.issuing].agency_zh)
        shared[follow] = issuers & ministries(agency_table(ai, follow_renamings=follow))
    assert shared[False] == {"交通部", "內政部", "國家發展委員會", "經濟部", "金融監督管理委員會"}
    assert shared[True] - shared[False] == {"國家科學及技術委員會", "環境部", "農業部"}
