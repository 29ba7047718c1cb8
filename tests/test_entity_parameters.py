"""Entity parameters of named queries resolve through the agency registry (issue 11)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import QueryError
from policykg.queries.entity_parameters import entity_kinds, resolve_entity
from policykg.queries.library import load_query
from policykg.workspace import build_workspace

FORMS = ["數產署", "數位產業署", "數位發展部數位產業署", "Administration for Digital Industries",
         "Administration for Digital Industries, Ministry of Digital Affairs", "ADI"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return build_workspace([], tmp_path_factory.mktemp("entities") / "ws")


def test_every_mapped_parameter_exists_in_its_query():
    for (name, parameter), kind in entity_kinds().items():
        assert parameter in [p.name for p in load_query(name).params] and kind == "agency"


@pytest.mark.parametrize("form", FORMS)
def test_an_agency_by_any_form(form):
    assert resolve_entity("agency", form) == "數位發展部數位產業署"


def test_co_organizing_network_gives_the_same_rows_for_every_form(workspace):
    """Issue: "`co_organizing_network -p agency 數產署` (the form the plan writes) returns 0 rows"."""
    full = workspace.query("co_organizing_network", agency="數位發展部數位產業署")
    assert len(full) > 0
    for form in FORMS[:4]:
        result = CliRunner().invoke(cli, ["query", "co_organizing_network", "-p", "agency", form, "--json",
                                          "--workspace", str(workspace.path)])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == full.to_dict("records")


def test_shortest_path_resolves_both_ends(workspace):
    by_full = workspace.query("shortest_collaboration_path", from_agency="國家科學及技術委員會", to_agency="原住民族委員會")
    by_alias = workspace.query("shortest_collaboration_path", from_agency="國科會", to_agency="原民會")
    assert len(by_full) > 0 and by_alias.equals(by_full)


def test_an_unknown_agency_gives_one_line_with_the_nearest_matches(workspace):
    with pytest.raises(QueryError, match=r"unknown agency '數位產業處' .*nearest: 數位產業署"):
        resolve_entity("agency", "數位產業處")
    result = CliRunner().invoke(cli, ["query", "co_organizing_network", "-p", "agency", "數位產業處",
                                      "--workspace", str(workspace.path)])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "nearest: 數位產業署" in result.output
