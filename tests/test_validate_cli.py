"""``policykg validate FILE`` checks RDF files as well as plan documents (issue 10)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from policykg.graph.namespaces import PKID

PILLAR = PKID["ai-new-ten-major-constructions-2026-01/pillar/1"]
STRATEGY = PKID["ai-new-ten-major-constructions-2026-01/pillar/1/strategy/1"]


def _validate(*args):
    return subprocess.run([sys.executable, "-m", "policykg", "validate", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def built_turtle(tmp_path_factory, plan):
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    path.write_bytes(plan.union.serialize(format="turtle", encoding="utf-8"))
    return path


def test_a_built_graph_file_conforms(built_turtle):
    run = _validate(built_turtle)
    assert (run.returncode, run.stdout) == (0, f"{built_turtle}: conforms (0 violations)\n")


def test_a_hand_added_pillar_lead_agency_pointing_at_a_strategy_is_reported_in_one_line(built_turtle, tmp_path):
    extended = tmp_path / "extended.ttl"
    extended.write_text(built_turtle.read_text(encoding="utf-8")
                        + f"\n<{PILLAR}> <https://w3id.org/policykg/ontology#pillarLeadAgency> <{STRATEGY}> .\n",
                        encoding="utf-8")
    run = _validate(extended)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{extended}: 1 violations",
        f"<{PILLAR}>  pkg:pillarLeadAgency  <{STRATEGY}>: Every pillar needs its lead ministry from 表1 主政部會 "
        "(pkg:pillarLeadAgency → pkg:Agency).",
    ]


def test_an_n_triples_file_of_a_few_hand_written_triples_is_checked_with_the_shipped_vocabularies(tmp_path):
    path = tmp_path / "note.nt"
    agency = PKID["agency/%E5%9C%8B%E5%AE%B6%E7%A7%91%E5%AD%B8%E5%8F%8A%E6%8A%80%E8%A1%93%E5%A7%94%E5%93%A1%E6%9C%83"]
    path.write_text(f"<urn:x:m> <https://w3id.org/policykg/ontology#leadAgency> <{agency}> .\n"
                    f"<urn:x:n> <https://w3id.org/policykg/ontology#leadAgency> <urn:x:m> .\n", encoding="utf-8")
    run = _validate(path)
    assert run.returncode == 1
    assert run.stdout.splitlines()[1:] == [
        "<urn:x:n>  pkg:leadAgency  <urn:x:m>: A lead agency (pkg:leadAgency) of a measure or schedule row "
        "must be a pkg:Agency."]


def test_a_broken_turtle_file_is_one_line_naming_file_and_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix x: <urn:x#> .\nx:a x:b .\n", encoding="utf-8")
    run = _validate(path)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith(f"error: {path}:2: not valid turtle") and run.stderr.count("\n") == 1
