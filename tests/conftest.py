"""Shared pytest fixtures for services the tests need: a Neo4j server and headless Chromium.

Each fixture skips its tests on a developer's machine when the service is missing, with the
reason, but fails them when env CI=true: CI must exercise the real services.
(Markers neo4j, browser and slow are declared in pyproject.toml.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Neo4jCredentials", "neo4j_credentials", "chromium_path", "plan"]

CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class Neo4jCredentials:
    """Where the test Neo4j server is and how to log in, e.g. bolt://127.0.0.1:7687, neo4j, policykg-local."""

    uri: str
    user: str
    password: str


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _first_line(error: BaseException) -> str:
    """An exception's message on one line (the driver's connection errors span three)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0].rstrip(":") if lines else type(error).__name__


def _unavailable(reason: str, ci_reason: str) -> None:
    """Skip with ``reason`` (on one line: pytest prints one line per skipped test) on a
    developer's machine; fail under CI=true."""
    reason = " ".join(reason.split())
    if _running_in_ci():
        pytest.fail(f"{ci_reason}: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_credentials() -> Neo4jCredentials:
    """Credentials of a reachable Neo4j server, from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD.

    Defaults match the local server of ``bash .ci/neo4j.sh start``.
    """
    credentials = Neo4jCredentials(
        uri=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", "policykg-local"),
    )
    ci_reason = "CI must exercise the real Neo4j"
    try:
        import neo4j
    except ImportError as error:
        _unavailable(f"the neo4j Python driver is not installed ({error})", ci_reason)
    try:
        with neo4j.GraphDatabase.driver(
            credentials.uri,
            auth=(credentials.user, credentials.password),
            connection_timeout=5,
            max_connection_lifetime=60,
        ) as driver:
            driver.verify_connectivity()
    except neo4j.exceptions.AuthError as error:
        _unavailable(f"Neo4j at {credentials.uri} rejected user {credentials.user!r}: {_first_line(error)}", ci_reason)
    except Exception as error:  # ServiceUnavailable, DNS/URI errors, ...
        _unavailable(
            f"no Neo4j reachable at {credentials.uri} ({type(error).__name__}: {_first_line(error)}); "
            "start one with `bash .ci/neo4j.sh start` or set NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD",
            ci_reason,
        )
    return credentials


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Path of headless Chromium at /usr/bin/chromium (Debian package ``chromium``)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} not found (install Debian's chromium package)", "CI must exercise the real browser")
    return CHROMIUM


@pytest.fixture(scope="session")
def plan():
    """The shipped plan, loaded once per session. Read-only: a module that writes into a plan
    (analysis edges) defines its own ``plan`` fixture, which takes precedence there."""
    import policykg

    return policykg.load_plan()
