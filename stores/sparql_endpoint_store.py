"""A remote triple store over HTTP: SPARQL 1.1 Query to ask, the Graph Store Protocol to push.

For corpora that outgrow one machine: any store with the SPARQL 1.1 Protocol and Graph Store
HTTP Protocol (tested against Apache Jena Fuseki 5.6.0).
Standard library only (``urllib``); HTTP basic and digest authentication: a user (``user=``,
``--user``, env SPARQL_USER) with the password ``password=``, else env SPARQL_PASSWORD, else the
URL's ``user:password@``. Errors are one line naming the URL, never the password.

Pushing (``policykg push --sparql URL``, :func:`push_workspace`): every graph is replaced with
one ``PUT URL?graph=IRI`` of N-Triples (SPARQL 1.1 Graph Store HTTP Protocol) — first the shared
vocabularies, then, per plan, the plan's graph and the graph of its analysis edges. A store
runs each PUT as one transaction, so a reader sees a plan's graph either as before or as
pushed; graphs of other plans are never touched.

Asking (``query NAME --endpoint URL``, ``sparql --endpoint URL``, :class:`SparqlEndpointStore`):
the library's ``.rq`` files are sent as they are, over POST. The store is read as the
workspace's layout: each plan graph ``…/graph/<plan id>`` is a plan; a question about one plan
is sent with the SPARQL Protocol's dataset description — ``default-graph-uri`` = the plan's
graph, the vocabularies and its analysis edges, ``named-graph-uri`` = every graph of the store
— so the answer is the embedded store's, rows, columns and ``plan`` column alike. A store
without plan graphs is asked once, over its own default graph.

User text is never pasted into a query: parameters are bound by a ``VALUES`` block of
serialised RDF terms (:mod:`policykg.queries.value_binding`).

Example
-------
>>> SparqlEndpointStore("http://ann:secret@127.0.0.1:3030/policykg/sparql").store_name
'SPARQL endpoint http://127.0.0.1:3030/policykg/sparql'
"""
from __future__ import annotations

import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from policykg.errors import PolicyKGError, QueryError, StoreUnavailable
from policykg.queries.value_binding import query_form, with_values

__all__ = [
    "SparqlEndpointStore",
    "GraphStore",
    "PushedGraph",
    "push_workspace",
    "public_url",
]

_RESULTS_JSON = "application/sparql-results+json"
_N_TRIPLES = "application/n-triples"


# -- HTTP ------------------------------------------------------------------------------------

def public_url(url: str) -> str:
    """``url`` without any ``user:password@`` (what error messages and titles show).

    >>> public_url("http://me:secret@127.0.0.1:3030/ds/sparql")
    'http://127.0.0.1:3030/ds/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _one_line(body: bytes, limit: int = 300) -> str:
    """A server's error body as one short line (HTML tags dropped)."""
    text = re.sub(r"<[^>]+>", " ", body.decode("utf-8", "replace"))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _Client:
    """HTTP requests to one URL with optional credentials; failures become one-line errors naming it."""

    def __init__(self, url: str, user: str | None = None, password: str | None = None, timeout: float = 120,
                 role: str = "SPARQL store"):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreUnavailable(f"{public_url(url)}: not an http(s) URL of a {role}")
        if parts.username and user is None:  # http://user:password@host/…
            user, password = urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
        if user and password is None:
            password = os.environ.get("SPARQL_PASSWORD")
        self.url = public_url(url)
        self.user = user
        self.timeout = timeout
        self.role = role
        handlers = []
        if user:
            prior = urllib.request.HTTPPasswordMgrWithPriorAuth()
            prior.add_password(None, self.url, user, password or "", is_authenticated=True)
            digest = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            digest.add_password(None, self.url, user, password or "")
            handlers = [urllib.request.HTTPBasicAuthHandler(prior), urllib.request.HTTPDigestAuthHandler(digest)]
        self._opener = urllib.request.build_opener(*handlers)
        from importlib.metadata import version

        self._agent = f"policykg/{version('policykg')}"

    def request(self, method: str, query: dict | None = None, body: bytes | None = None,
                content_type: str | None = None, accept: str | None = None) -> tuple[str, bytes]:
        """(media type, body) of a 2xx answer; StoreUnavailable / QueryError otherwise."""
        url = self.url
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query, doseq=True)
        headers = {"User-Agent": self._agent}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            raise self._status_error(error.code, error.reason, error.read() if error.fp else b"") from None
        except urllib.error.URLError as error:
            raise StoreUnavailable(f"{self.url}: {self._reason(error.reason)}") from None
        except (TimeoutError, socket.timeout):
            raise StoreUnavailable(f"{self.url}: no answer within {self.timeout:g} s") from None
        except (ConnectionError, OSError) as error:  # reset, remote end closed, …
            raise StoreUnavailable(f"{self.url}: {self._reason(error)}") from None

    def _reason(self, reason) -> str:
        if isinstance(reason, ConnectionRefusedError):
            return f"connection refused (is the {self.role} running there?)"
        if isinstance(reason, socket.gaierror):
            return f"unknown host {urllib.parse.urlsplit(self.url).hostname!r}"
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return f"no answer within {self.timeout:g} s"
        return f"cannot reach the {self.role}: {getattr(reason, 'strerror', None) or reason}"

    def _status_error(self, status: int, reason: str, body: bytes):
        head = f"{self.url}: {status} {reason}"
        if status == 401:
            who = f"user {self.user!r}" if self.user else "a request without credentials"
            return StoreUnavailable(f"{head}: the {self.role} refused {who} "
                                    "(give --user / env SPARQL_USER and env SPARQL_PASSWORD)")
        if status == 403:
            return StoreUnavailable(f"{head}: the {self.role} does not allow this "
                                    f"{'for user ' + repr(self.user) if self.user else 'without credentials'}")
        if status == 404:
            return StoreUnavailable(f"{head}: no dataset or endpoint at this URL (Fuseki: "
                                    "http://HOST:PORT/DATASET/data to push, …/DATASET/sparql to query)")
        if status in (405, 415):
            return StoreUnavailable(f"{head}: not a {self.role} (Fuseki: http://HOST:PORT/DATASET/data to push, "
                                    "…/DATASET/sparql to query)")
        if status == 400 and body:
            return QueryError(f"{head}: {_one_line(body)}")
        return StoreUnavailable(f"{head}{': ' + _one_line(body) if body else ''}")


def _value(binding: dict):
    """One SPARQL JSON results binding as the embedded store's plain Python value."""
    import pyoxigraph as ox

    from policykg.stores.oxigraph_store import term_value

    kind, value = binding.get("type"), binding.get("value")
    if kind not in ("literal", "typed-literal"):
        return value
    try:
        if "xml:lang" in binding:
            return term_value(ox.Literal(value, language=binding["xml:lang"]))
        if "datatype" in binding:
            return term_value(ox.Literal(value, datatype=ox.NamedNode(binding["datatype"])))
    except (ValueError, ArithmeticError):  # an ill-typed literal ("x"^^xsd:integer) stays text
        pass
    return value


# -- asking ----------------------------------------------------------------------------------

class SparqlEndpointStore:
    """A SPARQL 1.1 Query endpoint asked the workspace's questions (the same interface:
    ``store_name``, ``plan_ids``, ``scope()``, ``query()``, ``sparql()``).

    Example
    -------
    >>> store = SparqlEndpointStore("http://127.0.0.1:3030/policykg/sparql")
    >>> store.store_name
    'SPARQL endpoint http://127.0.0.1:3030/policykg/sparql'
    >>> store.query("measures_of_pillar", pillar_no=5).shape      # doctest: +SKIP
    (19, 5)
    """

    def __init__(self, url: str, user: str | None = None, password: str | None = None, timeout: float = 120):
        self._client = _Client(url, user, password, timeout, role="SPARQL endpoint")
        self.url = self._client.url
        self._graphs: list[str] | None = None

    def __repr__(self) -> str:
        return f"<SparqlEndpointStore {self.url}>"

    @property
    def store_name(self) -> str:
        """What the reading commands print as their source."""
        return f"SPARQL endpoint {self.url}"

    # -- the store's layout -----------------------------------------------------------
    @property
    def graph_names(self) -> list[str]:
        """IRIs of the store's named graphs (asked once)."""
        if self._graphs is None:
            _, rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            self._graphs = sorted(str(row["g"]) for row in rows if row["g"] is not None)
        return self._graphs

    @property
    def plan_ids(self) -> list[str]:
        """Plans on the store: its graphs ``…/graph/<plan id>`` (not the vocabularies or analysis graphs), sorted."""
        from policykg.graph.namespaces import GRAPH_BASE, VOCABULARY_GRAPH

        return [g[len(GRAPH_BASE):] for g in self.graph_names
                if g.startswith(GRAPH_BASE) and g != str(VOCABULARY_GRAPH) and not g.startswith(GRAPH_BASE + "analysis/")]

    def scope(self, plan=None) -> list[str]:
        """Plan ids a question covers: all, one id, or several (each checked against the store)."""
        known = self.plan_ids
        if plan is None or plan == () or plan == []:
            return known
        ids = [plan] if isinstance(plan, str) else list(dict.fromkeys(plan))
        for plan_id in ids:
            if plan_id not in known:
                from difflib import get_close_matches

                near = get_close_matches(plan_id, known, n=3, cutoff=0.3)
                hint = (f"; did you mean {', '.join(near)}?" if near
                        else f" (plans there: {', '.join(known) or 'none; push some with `policykg push --sparql URL`'})")
                raise QueryError(f"no plan {plan_id!r} at {self.url}{hint}")
        return ids

    def graphs(self, plan_id: str) -> list[str]:
        """The graphs one plan's questions read: the plan's, the vocabularies, its analysis edges."""
        from policykg.graph.namespaces import GRAPH_BASE, VOCABULARY_GRAPH

        return [GRAPH_BASE + plan_id, str(VOCABULARY_GRAPH), f"{GRAPH_BASE}analysis/{plan_id}"]

    # -- requests ---------------------------------------------------------------------
    def _post(self, text: str, default_graphs=None, accept: str = _RESULTS_JSON) -> tuple[str, bytes]:
        form = [("query", text)]
        if default_graphs is not None:
            form += [("default-graph-uri", g) for g in default_graphs]
            form += [("named-graph-uri", g) for g in self.graph_names]
        body = urllib.parse.urlencode(form).encode("utf-8")
        return self._client.request("POST", body=body, content_type="application/x-www-form-urlencoded",
                                    accept=accept)

    def _select(self, text: str, default_graphs=None) -> tuple[list[str], list[dict]]:
        media, body = self._post(text, default_graphs)
        result = self._json(media, body)
        columns = list(result.get("head", {}).get("vars", []))
        rows = [{c: (_value(b[c]) if c in b else None) for c in columns}
                for b in result.get("results", {}).get("bindings", [])]
        return columns, rows

    def _json(self, media: str, body: bytes) -> dict:
        try:
            return json.loads(body.decode("utf-8"))
        except ValueError:
            raise StoreUnavailable(f"{self.url}: answered {media}, not SPARQL JSON results "
                                   "(is this a SPARQL query endpoint?)") from None

    def select(self, text: str, params: dict | None = None, plan_id: str | None = None) -> tuple[list[str], list[dict]]:
        """SELECT → (columns, rows of plain Python values), over one plan's graphs (or the store's default graph)."""
        return self._select(with_values(text, params), self.graphs(plan_id) if plan_id else None)

    def _per_plan(self, plan, run):
        """``run(plan_id or None) → DataFrame`` per plan in scope; a ``plan`` column when the store has several."""
        import pandas as pd

        known = self.plan_ids
        ids = self.scope(plan) if known or plan else [None]
        frames = []
        for plan_id in ids:
            frame = run(plan_id)
            if len(known) > 1:
                frame.insert(0, "plan", plan_id)
            frames.append(frame)
        if not frames:
            return pd.DataFrame()
        return (pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]).reset_index(drop=True)

    # -- questions --------------------------------------------------------------------
    def query(self, name: str, plan=None, params: dict | None = None, **kwargs):
        """A named query of the library → DataFrame, as :meth:`policykg.workspace.Workspace.query` gives it."""
        from policykg.queries.library import bind_params, load_query
        from policykg.queries.runner import normalise_rows

        query = load_query(name)
        bound = bind_params(query, {**(params or {}), **kwargs})
        extra = {p.name for p in query.params}

        def run(plan_id):
            _, rows = self.select(query.sparql, bound, plan_id)
            return normalise_rows(rows, query.columns, f"{query.name} ({self.store_name})", extra)

        return self._per_plan(plan, run)

    def sparql(self, text: str, plan=None, **params):
        """Ad-hoc SPARQL → DataFrame (SELECT, per plan, ORDER BY kept), bool (ASK) or rdflib Graph
        (CONSTRUCT/DESCRIBE, once over the plans in scope); the usual prefixes are predefined."""
        from policykg.stores.oxigraph_store import sparql_prefixes

        prologue = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in sparql_prefixes().items())
        text = f"{prologue}\n{with_values(text, params)}"
        form = query_form(text)
        try:
            return self._ad_hoc(text, form, plan)
        except QueryError as error:  # the store's "line N" counts the prologue's line
            raise QueryError(re.sub(r"\bline (\d+)", lambda m: f"line {max(int(m.group(1)) - 1, 1)}", str(error))) from None

    def _ad_hoc(self, text: str, form: str | None, plan):
        from policykg.queries.runner import frame_in_order
        from policykg.stores.oxigraph_store import sparql_prefixes

        if form == "SELECT":
            def run(plan_id):
                columns, rows = self._select(text, self.graphs(plan_id) if plan_id else None)
                return frame_in_order(rows, columns)

            return self._per_plan(plan, run)
        ids = self.scope(plan)
        graphs = list(dict.fromkeys(g for plan_id in ids for g in self.graphs(plan_id))) if ids else None
        if form == "ASK":
            media, body = self._post(text, graphs)
            return bool(self._json(media, body).get("boolean"))
        if form in ("CONSTRUCT", "DESCRIBE"):
            from rdflib import Graph

            _, body = self._post(text, graphs, accept=_N_TRIPLES)
            graph = Graph()
            for prefix, namespace in sparql_prefixes().items():
                graph.bind(prefix, namespace, override=True)
            return graph.parse(data=body.decode("utf-8"), format="nt")
        raise QueryError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE); updates are not sent")


# -- pushing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PushedGraph:
    """One graph replaced on the store: its IRI, the plan it belongs to (None: vocabularies), triples, seconds."""

    graph: str
    plan: str | None
    triples: int
    seconds: float


class GraphStore:
    """A SPARQL 1.1 Graph Store HTTP Protocol endpoint (e.g. Fuseki's ``http://HOST:PORT/DATASET/data``).

    Example
    -------
    >>> GraphStore("http://127.0.0.1:3030/policykg/data").url
    'http://127.0.0.1:3030/policykg/data'
    """

    def __init__(self, url: str, user: str | None = None, password: str | None = None, timeout: float = 600):
        self._client = _Client(url, user, password, timeout, role="graph store")
        self.url = self._client.url

    def put(self, graph: str, ntriples: bytes) -> None:
        """Replace the named graph ``graph`` by these N-Triples (one request: atomic on the store)."""
        self._client.request("PUT", query={"graph": graph}, body=ntriples, content_type=_N_TRIPLES)


def push_workspace(workspace, url: str, plan=None, user: str | None = None, password: str | None = None,
                   timeout: float = 600, progress=None) -> list[PushedGraph]:
    """Replace the vocabularies and each plan's graphs (plan, analysis edges) on a Graph Store endpoint.

    ``plan``: plan ids of the workspace to push (default: all); ``progress(PushedGraph)`` is
    called after each graph. Other graphs on the store are left as they are.
    """
    import pyoxigraph as ox

    from policykg.graph.namespaces import VOCABULARY_GRAPH

    store = GraphStore(url, user, password, timeout)
    ids = workspace.scope(plan)
    graphs: list[tuple[str, str | None]] = [(str(VOCABULARY_GRAPH), None)]
    for plan_id in ids:
        plan_graph, _, analysis_graph = (g.value for g in workspace.graphs(plan_id))
        graphs += [(plan_graph, plan_id), (analysis_graph, plan_id)]
    pushed = []
    for iri, plan_id in graphs:
        started = time.perf_counter()
        data = workspace.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
        try:
            store.put(iri, data)
        except PolicyKGError as error:
            if not pushed:
                raise
            done = ", ".join(dict.fromkeys(p.plan or "vocabularies" for p in pushed))
            raise type(error)(f"{error} ({len(pushed)} of {len(graphs)} graphs were replaced before: {done})") from None
        done = PushedGraph(iri, plan_id, data.count(b"\n"), time.perf_counter() - started)
        pushed.append(done)
        if progress is not None:
            progress(done)
    return pushed
