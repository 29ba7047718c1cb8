"""Pushing to a real Neo4j 5 server: idempotent, all-or-nothing per plan, clear errors."""
from __future__ import annotations

import copy
import socket

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.errors import StoreUnavailable
from policykg.graph.property_graph import project

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def pg(plan):
    return project(plan.union)


@pytest.fixture()
def driver(neo4j_credentials):
    from policykg.stores.neo4j_store import connect

    return connect(neo4j_credentials.uri, neo4j_credentials.user, neo4j_credentials.password)


def _plan_counts(driver, plan_id):
    nodes = driver.execute_query("MATCH (n:Resource) WHERE $p IN n.plans RETURN count(n) AS c", p=plan_id).records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() WHERE $p IN r.plans RETURN count(r) AS c", p=plan_id).records[0]["c"]
    return nodes, rels


def test_pushing_twice_leaves_identical_node_and_relationship_counts(driver, plan, pg):
    from policykg.stores.neo4j_store import database_counts, push_plan

    first = push_plan(driver, plan)
    counts_after_first = database_counts(driver)
    second = push_plan(driver, plan, batch_size=250)
    assert database_counts(driver) == counts_after_first
    assert (first.nodes, first.relationships) == (second.nodes, second.relationships)
    assert _plan_counts(driver, plan.plan_id) == (len(pg.nodes), len(set(pg.relationships)))


def test_key_constraints_exist_for_resource_and_measure(driver, plan):
    from policykg.stores.neo4j_store import push_plan

    push_plan(driver, plan)
    names = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    assert {"policykg_resource_iri", "policykg_measure_iri", "policykg_agency_iri"} <= names


def test_failed_replacement_mid_load_leaves_the_previous_version_intact(driver, plan, pg):
    from policykg.stores.neo4j_store import push_graph, push_plan

    push_plan(driver, plan)
    before = _plan_counts(driver, plan.plan_id)
    measure = next(iri for iri, labels in pg.labels.items() if labels == ["Measure"])
    original = driver.execute_query("MATCH (m:Measure {iri: $iri}) RETURN m.name AS name", iri=measure).records[0]["name"]

    changed = copy.deepcopy(pg)
    changed.nodes[measure]["name"] = "CHANGED BY A FAILED PUSH"
    # A bad row, rejected by the server after earlier batches ran: a map is no property value.
    bad = "https://w3id.org/policykg/id/test/bad-row"
    changed.nodes[bad] = {"iri": bad, "content": {"not": "allowed"}}
    changed.labels[bad] = ["Measure"]
    with pytest.raises(StoreUnavailable, match="rolled back and the previous version is intact"):
        push_graph(driver, plan.plan_id, changed, batch_size=100)

    assert _plan_counts(driver, plan.plan_id) == before
    name = driver.execute_query("MATCH (m:Measure {iri: $iri}) RETURN m.name AS name", iri=measure).records[0]["name"]
    assert name == original
    assert driver.execute_query("MATCH (n {iri: $iri}) RETURN count(n) AS c", iri=bad).records[0]["c"] == 0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_on_a_closed_port_raises_store_unavailable_and_cli_exits_1(neo4j_credentials):
    from policykg.stores.neo4j_store import connect

    uri = f"bolt://127.0.0.1:{_closed_port()}"
    with pytest.raises(StoreUnavailable, match=f"cannot reach Neo4j at {uri}"):
        connect(uri, neo4j_credentials.user, neo4j_credentials.password)
    result = CliRunner().invoke(cli, ["neo4j", "push", "--uri", uri])
    assert result.exit_code == 1
    assert "cannot reach Neo4j" in result.output


def test_wrong_password_raises_store_unavailable_and_cli_exits_1(neo4j_credentials):
    from policykg.stores.neo4j_store import connect

    wrong = neo4j_credentials.password + "-wrong"
    with pytest.raises(StoreUnavailable, match="wrong user name or password"):
        connect(neo4j_credentials.uri, neo4j_credentials.user, wrong)
    result = CliRunner().invoke(cli, ["neo4j", "push", "--uri", neo4j_credentials.uri, "--password", wrong])
    assert result.exit_code == 1
    assert "wrong user name or password" in result.output
