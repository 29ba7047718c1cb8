"""Installs that never trace back (issue 10): every command works on the base install (no
extras) or says in one line which extra to install.

The slow test makes a fresh virtual environment with only the base dependencies of
pyproject.toml (pip's cache makes it quick) and policykg itself without dependencies, then runs
every command of the CLI in it. It needs pip and a package index or cache: under CI=true it must
run; elsewhere it skips with the reason when the environment cannot be made.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from policykg.cli import OPTIONAL_PACKAGES, cli
from policykg.loaders.plan_document import default_plan_path

from conftest import _unavailable

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VARIANT = Path(__file__).parent / "fixtures" / "variant_plan.md"


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))
        else:
            yield " ".join(prefix + (name,))


def _invocations(tmp: Path) -> dict[str, list[str]]:
    """Arguments for each command, run in the base environment."""
    plan = str(default_plan_path())
    workspace = str(tmp / "workspace")
    return {  # in this order: build makes the workspace that add, plans and remove use
        "build": ["build", "--out", workspace],
        "add": ["add", str(VARIANT), "--out", workspace],
        "plans": ["plans", "--out", workspace],
        "remove": ["remove", "variant-plan", "--out", workspace],
        "agencies": ["agencies", "--level", "ministry"],
        "compare": ["compare", plan, str(VARIANT), "--part", "totals"],
        "cypher": ["cypher", "MATCH (m:Measure) RETURN count(m) AS measures"],
        "dependencies": ["dependencies", "--agencies"],
        "diff": ["diff", str(VARIANT), str(VARIANT)],
        "export": ["export", "--format", "graphml", "--out", str(tmp / "plan.graphml")],
        "map": ["map", "--out", str(tmp / "map.html")],
        "neo4j push": ["neo4j", "push"],
        "neo4j serve-local": ["neo4j", "serve-local", "--help"],  # starts a JVM: tests/test_neo4j_local.py
        "neo4j status": ["neo4j", "status"],
        "neo4j stop-local": ["neo4j", "stop-local", "--data-dir", str(tmp / "neo4j")],
        "overlaps": ["overlaps", "--limit", "3"],
        "push": ["push", "--help"],  # needs a triple store: tests/test_fuseki.py
        "query": ["query", "agency_workload"],
        "report": ["report", "--out", str(tmp / "report.html")],
        "sparql": ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        "serve": ["serve", "--help"],  # serves until stopped: tests/test_serve.py
        "validate": ["validate"],
    }


def test_every_command_has_a_base_install_invocation(tmp_path):
    assert sorted(_invocations(tmp_path)) == sorted(_commands(cli))


def test_every_optional_package_names_an_extra_of_pyproject():
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert set(OPTIONAL_PACKAGES.values()) <= set(extras)
    assert "viz" not in extras  # pyvis was never imported: maps use the vendored vis-network file
    for module, extra in OPTIONAL_PACKAGES.items():
        wanted = {"sklearn": "scikit-learn"}.get(module, module)
        assert any(req.lower().startswith(wanted) for req in extras[extra]), (module, extra)


@pytest.fixture(scope="module")
def base_python(tmp_path_factory) -> Path:
    """A virtual environment with policykg and only its base dependencies."""
    home = tmp_path_factory.mktemp("base-venv")
    venv.EnvBuilder(with_pip=True).create(home)
    python = home / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for step in (pip + PYPROJECT["project"]["dependencies"], pip + ["--no-deps", str(ROOT)]):
        run = subprocess.run(step, capture_output=True, text=True, timeout=900)
        if run.returncode != 0:
            _unavailable(f"cannot make the base environment: {run.stderr.strip().splitlines()[-1:]}",
                         "CI must test the base install")
    return python


@pytest.mark.slow
def test_base_environment_has_none_of_the_extras(base_python):
    run = subprocess.run([str(base_python), "-c", "import importlib.util as u; print(sorted(m for m in "
                          f"{sorted(OPTIONAL_PACKAGES)!r} if u.find_spec(m)))"], capture_output=True, text=True)
    assert run.stdout.strip() == "[]"


@pytest.mark.slow
def test_every_command_works_on_the_base_install_or_names_its_extra(base_python, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "PYTHONPATH")}
    env["NEO4J_URI"] = "bolt://127.0.0.1:9"  # nothing listens there
    outcomes = {}
    for name, args in _invocations(tmp_path).items():
        run = subprocess.run([str(base_python), "-m", "policykg", *args], capture_output=True, text=True,
                             encoding="utf-8", env=env, timeout=600, cwd=tmp_path)
        assert "Traceback" not in run.stderr, (name, run.stderr[-2000:])
        if run.returncode == 0:
            outcomes[name] = "works"
        else:
            assert run.returncode == 1, (name, run.returncode, run.stderr)
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1 and "pip install 'policykg[" in lines[0], (name, run.stderr)
            outcomes[name] = lines[0].split("policykg[")[1].split("]")[0]
    works = {"build", "agencies", "query", "sparql", "validate", "export", "map", "neo4j stop-local", "plans"}
    assert {name for name, outcome in outcomes.items() if outcome == "works"} >= works, outcomes
    # the failing case of issue 10: ModuleNotFoundError: No module named 'scipy'
    assert outcomes["dependencies"] == "analysis"
    assert outcomes["neo4j status"] == outcomes["neo4j push"] == "neo4j"
    assert outcomes["cypher"] == "cypher"
    print(outcomes)
