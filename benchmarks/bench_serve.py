"""Benchmark: `policykg serve` and Apache Jena Fuseki answering the same named queries over HTTP.

A workspace of the shipped plan is built, pushed to the Fuseki at env FUSEKI_URL with
`push_workspace` (the code of `policykg push --sparql`; push time = median of --pushes runs),
and served by `policykg serve` (a separate process on --port, default 8703). Each of the 20
named queries, its parameters bound by the same VALUES block, is POSTed to both endpoints (the
store's default graph: the union of the plan's graphs on both) and the median latency of
--repeats runs after one warm-up is reported, with the ratio serve / Fuseki measured in the
same run. The `client` column is `policykg query NAME --endpoint` without the process start:
`SparqlEndpointStore.query` against Fuseki (per-plan dataset description, rows normalised).
Row counts are compared: a query whose answers differ is flagged.

The Fuseki dataset must be a scratch one: graphs of other plans change its union, so the
benchmark stops when it finds some, unless --clear (SPARQL Update DROP ALL first, as user
FUSEKI_USER / FUSEKI_PASSWORD, defaults of .ci/fuseki.sh).

Usage::

    export FUSEKI_URL=$(FUSEKI_PORT=3331 bash .ci/fuseki.sh start)
    python benchmarks/bench_serve.py --clear            # table + benchmarks/results/serve.json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from result_file import write_result  # noqa: E402  (this folder: the script's own)

__all__ = ["post_ms", "bench", "main"]


def post_ms(url: str, text: str, repeats: int) -> tuple[float, int]:
    """(median ms of POSTing ``text`` to ``url`` after one warm-up, number of result rows)."""
    body = urllib.parse.urlencode({"query": text}).encode()

    def once() -> int:
        request = urllib.request.Request(url, data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return len(json.loads(response.read())["results"]["bindings"])

    rows = once()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        once()
        times.append((time.perf_counter() - started) * 1000)
    return (statistics.median(times) if times else 0.0), rows


def _update(url: str, user: str, password: str, text: str) -> None:
    import base64

    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"update": text}).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Basic {token}"})
    urllib.request.urlopen(request, timeout=120).read()


def _start_serve(workspace: Path, port: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-m", "policykg", "serve", "--out", str(workspace), "--port", str(port)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"policykg serve exited: {process.stderr.read().decode(errors='replace').strip()}")
        try:
            post_ms(url, "SELECT * WHERE { } LIMIT 1", 0)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"policykg serve did not answer at {url} within 60 s")


def bench(fuseki: str, user: str, password: str, port: int, repeats: int, pushes: int, clear: bool) -> dict:
    from benchmarks.bench_queries import median_ms
    from policykg.queries.library import bind_params, list_queries
    from policykg.queries.value_binding import with_values
    from policykg.stores.sparql_endpoint_store import SparqlEndpointStore, push_workspace
    from policykg.workspace import build_workspace

    query_url, data_url = fuseki + "/sparql", fuseki + "/data"
    remote = SparqlEndpointStore(query_url)
    with tempfile.TemporaryDirectory() as tmp:
        print("building the shipped plan …", flush=True)
        workspace = build_workspace([], Path(tmp) / "ws")
        if clear:
            _update(fuseki + "/update", user, password, "DROP ALL")
        others = [p for p in remote.plan_ids if p not in workspace.plan_ids]
        if others:
            raise SystemExit(f"{fuseki} holds other plans ({', '.join(others)}): their graphs change the union "
                             "both endpoints answer from; rerun with --clear (DROP ALL first)")
        print(f"pushing to {data_url} ({pushes} runs) …", flush=True)
        push_runs = []
        for _ in range(pushes):
            started = time.perf_counter()
            pushed = push_workspace(workspace, data_url, user=user, password=password)
            push_runs.append(time.perf_counter() - started)
        triples = sum(p.triples for p in pushed)
        process, serve_url = _start_serve(workspace.path, port)
        try:
            rows = []
            for query in list_queries():
                params = query.example_params()
                text = with_values(query.sparql, bind_params(query, params))
                print(f"  {query.name} …", flush=True)
                serve_ms, serve_rows = post_ms(serve_url, text, repeats)
                fuseki_ms, fuseki_rows = post_ms(query_url, text, repeats)
                client_ms = median_ms(lambda: remote.query(query.name, **params), repeats)
                rows.append({"query": query.name, "rows_serve": serve_rows, "rows_fuseki": fuseki_rows,
                             "serve_ms": serve_ms, "fuseki_ms": fuseki_ms, "ratio": serve_ms / fuseki_ms,
                             "client_ms": client_ms})
        finally:
            process.terminate()
            process.wait(timeout=30)
        workspace.close()
    ratios = [r["ratio"] for r in rows]
    return {
        "machine": platform.platform(), "python": platform.python_version(), "fuseki": fuseki,
        "repeats": repeats, "plan_triples_pushed": triples, "graphs_pushed": len(pushed),
        "push_seconds_median": statistics.median(push_runs), "push_seconds_runs": push_runs,
        "ratio_median": statistics.median(ratios),
        "ratio_geometric_mean": statistics.geometric_mean(ratios),
        "rows_differ": [r["query"] for r in rows if r["rows_serve"] != r["rows_fuseki"]],
        "queries": rows,
    }


def _print(result: dict) -> None:
    from rich.table import Table

    from policykg.output import make_console

    table = Table(title=f"named queries over HTTP, median of {result['repeats']} runs", show_edge=False,
                  header_style="bold")
    for column, justify in (("query", "left"), ("rows", "right"), ("serve ms", "right"), ("Fuseki ms", "right"),
                            ("serve / Fuseki", "right"), ("client ms", "right")):
        table.add_column(column, justify=justify)
    for row in result["queries"]:
        rows = str(row["rows_serve"]) if row["rows_serve"] == row["rows_fuseki"] else \
            f"{row['rows_serve']} ≠ {row['rows_fuseki']}"
        table.add_row(row["query"], rows, f"{row['serve_ms']:.1f}", f"{row['fuseki_ms']:.1f}", f"{row['ratio']:.2f}",
                      f"{row['client_ms']:.1f}")
    make_console().print(table)
    print(f"serve / Fuseki latency: median ratio {result['ratio_median']:.2f}, "
          f"geometric mean {result['ratio_geometric_mean']:.2f}")
    print(f"push: {result['graphs_pushed']} graphs, {result['plan_triples_pushed']} triples in "
          f"{result['push_seconds_median']:.2f} s (median of {len(result['push_seconds_runs'])})")
    print(f"queries whose row counts differ: {', '.join(result['rows_differ']) or 'none'}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuseki", default=os.environ.get("FUSEKI_URL"), help="dataset URL [env FUSEKI_URL]")
    parser.add_argument("--port", type=int, default=8703, help="port of `policykg serve`")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--pushes", type=int, default=3)
    parser.add_argument("--clear", action="store_true", help="DROP ALL on the Fuseki dataset first")
    args = parser.parse_args(argv)
    if not args.fuseki:
        parser.error("give --fuseki URL or set FUSEKI_URL (e.g. `FUSEKI_PORT=3331 bash .ci/fuseki.sh start`)")
    result = bench(args.fuseki.rstrip("/"), os.environ.get("FUSEKI_USER", "policykg"),
                   os.environ.get("FUSEKI_PASSWORD", "policykg-local"), args.port, args.repeats, args.pushes, args.clear)
    _print(result)
    write_result(result, "serve.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
