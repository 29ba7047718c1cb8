"""Shared pytest fixtures for services the tests need: a Neo4j server, a Fuseki and headless Chromium.

Each fixture skips its tests on a developer's machine when the service is missing, with the
reason, but fails them when env CI=true: CI must exercise the real services.
(Markers neo4j, browser and slow are declared in pyproject.toml.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = [
    "Neo4jCredentials", "neo4j_credentials", "FusekiDataset", "fuseki", "chromium_path", "soffice", "pdftohtml", "plan_rendering", "plan",
    "two_plan_workspace", "assert_named_query_as_on_the_workspace", "skip_or_fail", "require_module",
]

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


def skip_or_fail(reason: str) -> None:
    """Skip a test whose precondition is missing here, but fail it under CI=true (CI has it all)."""
    _unavailable(reason, "CI must run this test")


def require_module(name: str):
    """``pytest.importorskip`` that fails under CI=true instead of skipping."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as error:
        _unavailable(f"the Python module {name!r} is not installed ({error})", "CI must install every test dependency")


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


@dataclass(frozen=True)
class FusekiDataset:
    """A Fuseki dataset of `.ci/fuseki.sh` (or alike): its URL and the user that may write to it."""

    url: str
    user: str
    password: str

    @property
    def query_url(self) -> str:
        return self.url + "/sparql"

    @property
    def data_url(self) -> str:
        return self.url + "/data"

    @property
    def update_url(self) -> str:
        return self.url + "/update"


@pytest.fixture(scope="session")
def fuseki() -> FusekiDataset:
    """The Fuseki dataset at env FUSEKI_URL (what `bash .ci/fuseki.sh start` prints), with
    FUSEKI_USER / FUSEKI_PASSWORD (defaults of .ci/fuseki.sh). Tests replace its contents."""
    import urllib.error
    import urllib.parse
    import urllib.request

    ci_reason = "CI must exercise the real Fuseki"
    url = os.environ.get("FUSEKI_URL", "").strip().rstrip("/")
    if not url:
        _unavailable("FUSEKI_URL is not set; start a Fuseki with "
                     "`export FUSEKI_URL=$(FUSEKI_PORT=3030 bash .ci/fuseki.sh start)`", ci_reason)
    ask = f"{url}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(ask, timeout=10) as response:
            response.read()
    except (urllib.error.URLError, OSError) as error:
        _unavailable(f"no Fuseki answering at {url} ({_first_line(error)}); "
                     "start one with `bash .ci/fuseki.sh start` and set FUSEKI_URL", ci_reason)
    return FusekiDataset(url, os.environ.get("FUSEKI_USER", "policykg"),
                         os.environ.get("FUSEKI_PASSWORD", "policykg-local"))


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Path of headless Chromium at /usr/bin/chromium (Debian package ``chromium``)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} not found (install Debian's chromium package)", "CI must exercise the real browser")
    return CHROMIUM


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice's ``soffice`` (Debian package ``libreoffice-writer-nogui``)."""
    import shutil

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        _unavailable("soffice not found (install Debian's libreoffice-writer-nogui)",
                     "CI must exercise the real LibreOffice")
    return found


@pytest.fixture(scope="session")
def pdftohtml() -> str:
    """Path of poppler's ``pdftohtml`` (Debian package ``poppler-utils``)."""
    import shutil

    found = shutil.which("pdftohtml")
    if not found:
        _unavailable("pdftohtml not found (install Debian's poppler-utils)", "CI must exercise the real pdftohtml")
    return found


#: rendering name → (renderer of tests/renderers, the component fixture it needs or None)
PLAN_RENDERINGS = {
    "docx-python-docx": ("render_docx", None),
    "odt-odfpy": ("render_odt", None),
    "odt-libreoffice": ("odt_by_libreoffice", "soffice"),
    "docx-libreoffice": ("docx_by_libreoffice", "soffice"),
    "pdf-libreoffice": ("pdf_by_libreoffice", "soffice"),
    "pdf-chromium": ("pdf_by_chromium", "chromium_path"),
    "html": ("render_html", None),
    "html-pdftohtml-like": ("render_pdftohtml_like", None),
    "markdown-gfm-pipe-tables": ("render_gfm_markdown", None),
    "markdown-right-stripped": ("render_rstripped_markdown", None),
    "markdown-ragged-tsv": ("render_ragged_tsv_markdown", None),
    "markdown-html-tables": ("render_html_tables_markdown", None),
}


@pytest.fixture(scope="session")
def plan_rendering(tmp_path_factory, request):
    """``plan_rendering(name)``: the path of one rendering of the shipped plan (names in
    ``PLAN_RENDERINGS``), made on first use into a session tmp dir and shared by all tests.
    Renderings through LibreOffice or Chromium skip without them (fail under CI=true)."""
    import renderers

    made: dict[str, Path] = {}

    def derived(name: str, directory: Path) -> Path:
        if name == "odt_by_libreoffice":
            return renderers.convert_with_libreoffice(get("docx-python-docx"), "odt", directory)
        if name == "docx_by_libreoffice":
            return renderers.convert_with_libreoffice(get("odt-odfpy"), "docx", directory)
        if name == "pdf_by_libreoffice":
            return renderers.render_pdf_with_libreoffice(get("docx-python-docx"), directory)
        if name == "pdf_by_chromium":
            return renderers.render_pdf_with_chromium(get("html"), directory, chromium=str(CHROMIUM))
        return getattr(renderers, name)(directory)

    def get(name: str) -> Path:
        if name not in made:
            maker, component = PLAN_RENDERINGS[name]
            if component:
                request.getfixturevalue(component)
            made[name] = derived(maker, tmp_path_factory.mktemp(name))
        return made[name]

    return get


@pytest.fixture(scope="session")
def plan():
    """The shipped plan, loaded once per session. Read-only: a module that writes into a plan
    (analysis edges) defines its own ``plan`` fixture, which takes precedence there."""
    import policykg

    return policykg.load_plan()


@pytest.fixture(scope="session")
def two_plan_workspace(tmp_path_factory):
    """The two shipped plans (the AI plan markdown and the net-zero PDF) in one workspace, built
    once per session: two plan graphs, rows with a ``plan`` column. Read-only for its users."""
    from policykg.loaders.plan_document import default_plan_path, net_zero_plan_path
    from policykg.workspace import build_workspace

    return build_workspace([default_plan_path(), net_zero_plan_path()], tmp_path_factory.mktemp("two-plans") / "ws")


def assert_named_query_as_on_the_workspace(remote, workspace, name: str) -> None:
    """A named query with its example parameters gives on ``remote`` (a ``SparqlEndpointStore``)
    the embedded store's rows: same columns (``plan`` first), order and values; not empty."""
    from policykg.queries.library import list_queries

    query = next(q for q in list_queries() if q.name == name)
    params = query.example_params()
    expected = workspace.query(name, **params)
    got = remote.query(name, **params)
    assert len(expected) > 0
    assert list(got.columns) == list(expected.columns) == ["plan", *query.columns]
    assert got.equals(expected)
