"""The local Neo4j 5.26 server (or the one NEO4J_URI names) speaks Bolt, stores data and enforces auth."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from conftest import require_module

neo4j = require_module("neo4j")

pytestmark = pytest.mark.neo4j

PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "ai-new-ten-major-constructions-2026-01.md"


def _plan_title() -> str:
    """The plan's first heading, e.g. 'AI 新十大建設推動方案'."""
    for line in PLAN.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"no heading in {PLAN}")


@pytest.fixture()
def driver(neo4j_credentials):
    with neo4j.GraphDatabase.driver(
        neo4j_credentials.uri, auth=(neo4j_credentials.user, neo4j_credentials.password)
    ) as bolt_driver:
        yield bolt_driver


def test_server_agent_and_kernel_report_neo4j_5_26(driver):
    agent = driver.get_server_info().agent
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions RETURN name, versions")
    kernel = {record["name"]: record["versions"] for record in records}["Neo4j Kernel"]
    assert agent.startswith("Neo4j/5.26."), agent
    assert kernel[0].startswith("5.26."), kernel


def test_node_written_in_a_transaction_is_read_back_in_another_session(driver):
    title = _plan_title()
    assert title == "AI 新十大建設推動方案"
    key = f"test-{uuid.uuid4()}"

    def write(tx):
        tx.run("CREATE (:PolicykgTestPlan {key: $key, title: $title})", key=key, title=title).consume()

    def read(tx):
        return [record["title"] for record in tx.run("MATCH (p:PolicykgTestPlan {key: $key}) RETURN p.title AS title", key=key)]

    try:
        with driver.session() as session:
            session.execute_write(write)
        with driver.session() as session:
            assert session.execute_read(read) == ["AI 新十大建設推動方案"]
    finally:
        driver.execute_query("MATCH (p:PolicykgTestPlan {key: $key}) DELETE p", key=key)


def test_wrong_password_raises_auth_error(neo4j_credentials):
    wrong = neo4j_credentials.password + "-wrong"
    with neo4j.GraphDatabase.driver(neo4j_credentials.uri, auth=(neo4j_credentials.user, wrong)) as bad_driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            bad_driver.verify_connectivity()
