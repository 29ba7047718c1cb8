"""The workspace as a read-only SPARQL 1.1 Protocol endpoint (``policykg serve``), standard library only.

``/sparql`` answers GET (``?query=``) and POST (form ``query=`` or a direct
``application/sparql-query`` body); results as JSON, XML, CSV or TSV (SELECT/ASK) and Turtle,
N-Triples or JSON-LD (CONSTRUCT/DESCRIBE), chosen by ``format=`` or the Accept header. The
RDF dataset is the Protocol's dataset description when the request has one
(``default-graph-uri`` / ``named-graph-uri``, several of each, overriding the query's ``FROM`` /
``FROM NAMED``; an unknown graph is empty), else the query's own ``FROM`` / ``FROM NAMED``, else
the union of all graphs of the workspace as default graph. The usual prefixes are predefined.
Updates are refused (403); a query running longer than the timeout gets 503 (its worker thread
is abandoned). ``/`` is an offline page (no request leaves the server) listing the named queries.

Example
-------
>>> negotiate("text/csv", None, triples=False)[0]
'text/csv'
>>> query_dataset({"default-graph-uri": ["urn:plan"]}, "SELECT * WHERE { ?s ?p ?o }")
{'default_graph': [<NamedNode value=urn:plan>], 'named_graphs': []}
"""
from __future__ import annotations

import json
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

__all__ = ["make_server", "negotiate", "query_dataset", "DATASET_FIELDS", "RESULT_FORMATS", "GRAPH_FORMATS"]

#: format name → (media type, pyoxigraph format attribute name) for SELECT/ASK results
RESULT_FORMATS = {
    "json": ("application/sparql-results+json", "JSON"),
    "xml": ("application/sparql-results+xml", "XML"),
    "csv": ("text/csv", "CSV"),
    "tsv": ("text/tab-separated-values", "TSV"),
}
#: format name → (media type, pyoxigraph RdfFormat attribute name) for CONSTRUCT/DESCRIBE results
GRAPH_FORMATS = {
    "turtle": ("text/turtle", "TURTLE"),
    "nt": ("application/n-triples", "N_TRIPLES"),
    "jsonld": ("application/ld+json", "JSON_LD"),
}
#: the SPARQL 1.1 Protocol's dataset description: request field → pyoxigraph ``Store.query`` option
DATASET_FIELDS = {"default-graph-uri": "default_graph", "named-graph-uri": "named_graphs"}
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                     re.IGNORECASE)
_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'"


def negotiate(accept: str | None, name: str | None, triples: bool) -> tuple[str, str]:
    """(media type, pyoxigraph format name) from ``format=`` or the Accept header (JSON / Turtle by default)."""
    table = GRAPH_FORMATS if triples else RESULT_FORMATS
    if name:
        for key, (media, attr) in table.items():
            if name.lower() in (key, media):
                return media, attr
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        for key, (known, attr) in table.items():
            if media == known or (media == "application/json" and key in ("json", "jsonld")):
                return known, attr
    return next(iter(table.values()))


def query_dataset(fields: dict, text: str) -> dict:
    """The ``Store.query`` options for the RDF dataset of a request (fields as ``parse_qs`` gives them).

    With a dataset description (``default-graph-uri`` and/or ``named-graph-uri``, any number of
    each) exactly those graphs, a part not given being empty (SPARQL 1.1 Protocol §2.1.4); an
    IRI not in the store is an empty graph. Without one, the query's own ``FROM`` / ``FROM NAMED``
    if it has them, else the union of all graphs as default graph. A value that is not an
    absolute IRI raises ``ValueError`` naming the field.
    """
    import pyoxigraph as ox

    if not any(fields.get(field) for field in DATASET_FIELDS):
        from policykg.queries.value_binding import declares_dataset

        return {} if declares_dataset(text) else {"use_default_graph_as_union": True}
    options = {}
    for field, option in DATASET_FIELDS.items():
        graphs = []
        for iri in dict.fromkeys(fields.get(field) or []):
            try:
                graphs.append(ox.NamedNode(iri))
            except ValueError as error:
                raise ValueError(f"{field} {iri!r} is not an absolute IRI ({error})") from None
        options[option] = graphs
    return options


def _page() -> bytes:
    from importlib.resources import files

    return files("policykg.viz").joinpath("static/serve.html").read_bytes()


def _named_queries() -> bytes:
    from policykg.queries.library import list_queries

    return json.dumps([{"name": q.name, "question": q.question, "sparql": q.sparql,
                        "params": [p.name for p in q.params]} for q in list_queries()], ensure_ascii=False).encode()


def make_server(workspace, host: str = "127.0.0.1", port: int = 8000, timeout: float = 30.0) -> ThreadingHTTPServer:
    """An HTTP server answering SPARQL over ``workspace``'s store (call ``serve_forever()``)."""
    import pyoxigraph as ox

    from policykg.queries.sparql_errors import sparql_error_line
    from policykg.stores.oxigraph_store import sparql_prefixes

    prefixes = sparql_prefixes()

    def execute(text: str, accept: str | None, name: str | None, fields: dict) -> tuple[int, str, bytes]:
        if _UPDATE.match(text):
            return 403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused\n"
        try:
            dataset = query_dataset(fields, text)
        except ValueError as error:
            return 400, "text/plain", f"{error}\n".encode()
        outcome: dict = {}

        def work():
            try:
                result = workspace.store.query(text, prefixes=prefixes, **dataset)
                triples = not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
                media, attr = negotiate(accept, name, triples)
                fmt = getattr(ox.RdfFormat if triples else ox.QueryResultsFormat, attr)
                outcome["ok"] = (media, result.serialize(format=fmt))
            except (SyntaxError, ValueError, OSError, RuntimeError) as error:
                outcome["error"] = sparql_error_line(text, error, prefixes)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            return 503, "text/plain", f"query timed out after {timeout:g} s\n".encode()
        if "error" in outcome:
            return 400, "text/plain", f"{outcome['error']}\n".encode()
        media, body = outcome["ok"]
        return 200, f"{media}; charset=utf-8", body

    class Handler(BaseHTTPRequestHandler):
        server_version = "policykg-sparql"

        def log_message(self, *args) -> None:  # quiet: a pipe-friendly server
            pass

        def _send(self, status: int, media: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", _CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def _sparql(self, fields: dict, body_query: str | None = None) -> None:
            if "update" in fields:
                return self._send(403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused\n")
            text = body_query if body_query is not None else (fields.get("query") or [None])[0]
            if not text:
                return self._send(400, "text/plain", b"give a SPARQL query as query=...\n")
            name = (fields.get("format") or [None])[0]
            self._send(*execute(text, self.headers.get("Accept"), name, fields))

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/sparql":
                return self._sparql(parse_qs(url.query))
            if url.path in ("/", "/index.html"):
                return self._send(200, "text/html; charset=utf-8", _page())
            if url.path == "/serve.js":
                from importlib.resources import files

                return self._send(200, "text/javascript; charset=utf-8",
                                  files("policykg.viz").joinpath("static/serve.js").read_bytes())
            if url.path == "/queries.json":
                return self._send(200, "application/json; charset=utf-8", _named_queries())
            self._send(404, "text/plain", b"not found\n")

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            if url.path != "/sparql":
                return self._send(404, "text/plain", b"not found\n")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            fields = parse_qs(url.query)
            if media == "application/sparql-update":
                return self._send(403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused\n")
            if media == "application/sparql-query":
                return self._sparql(fields, body)
            if media == "application/x-www-form-urlencoded":
                return self._sparql({**fields, **parse_qs(body)})
            self._send(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain",
                       b"POST a form (query=...) or application/sparql-query\n")

    return ThreadingHTTPServer((host, port), Handler)
