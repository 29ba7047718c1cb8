"""Benchmark: median latency of every named query per engine, and the SPARQL store on a corpus.

Part 1 (default plan): SPARQL on Oxigraph through rdflib (``sparql``), the same through
pyoxigraph directly (``pyoxigraph``), rdflib's own SPARQL engine (``rdflib``), embedded
Cypher on Ladybug (``cypher``) and Cypher on Neo4j (``neo4j``, when NEO4J_URI… reaches one).
Target: every named query under 50 ms on the embedded engines.

Part 2 (``--corpus N``, default 100): N perturbed plans from benchmarks/synthetic_corpus.py in
one shared rdflib Dataset, copied into Oxigraph (``oxigraph_dataset``); median latency of each
SPARQL query there, and one run of rdflib's own engine for comparison (skip it with --no-rdflib).

rdflib's engine runs once per query in a forked child, killed after 30 s (default plan) or
60 s (corpus); "—" marks a timeout. Prints tables and writes ``benchmarks/results/queries.json``.

Usage::

    /work/venv/bin/python benchmarks/bench_queries.py                 # default plan + 100-plan corpus
    /work/venv/bin/python benchmarks/bench_queries.py --corpus 0      # default plan only
"""
from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from result_file import write_result  # noqa: E402  (this folder: the script's own)

__all__ = ["median_ms", "bench_default_plan", "bench_corpus", "main"]

TARGET_MS = 50.0


def median_ms(run, repeats: int = 7) -> float:
    """Median wall time of ``run()`` in milliseconds (after one warm-up call)."""
    run()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def once_ms_with_timeout(run, timeout: float = 60.0) -> float | None:
    """Wall time of one ``run()`` in a forked child, in ms; None if it exceeds ``timeout`` s (then killed)."""
    import multiprocessing as mp

    context = mp.get_context("fork")
    parent, child = context.Pipe(duplex=False)

    def target():
        started = time.perf_counter()
        run()
        child.send((time.perf_counter() - started) * 1000)

    process = context.Process(target=target)
    process.start()
    ready = parent.poll(timeout)
    value = parent.recv() if ready else None
    process.kill() if not ready else None
    process.join()
    return value


def _pyoxigraph_runner(graph, query):
    import pyoxigraph as ox

    store = graph.store._inner
    text = query.text("sparql")

    def run(params):
        subs = {ox.Variable(k): (ox.Literal(v) if not isinstance(v, int) else ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
                for k, v in params.items()}
        return list(store.query(text, substitutions=subs))

    return run


def bench_default_plan(repeats: int = 7, with_rdflib: bool = True) -> list[dict]:
    import policykg
    from policykg.stores.ladybug_store import plan_database
    from policykg.stores.oxigraph_store import plan_store
    from policykg.queries.library import list_queries
    from policykg.queries.runner import run_query, run_sparql

    plan = policykg.load_plan()
    print("default plan …", flush=True)
    started = time.perf_counter(); graph = plan_store(plan); oxigraph_load = time.perf_counter() - started
    started = time.perf_counter(); plan_database(plan); ladybug_load = time.perf_counter() - started
    union = plan.union
    neo4j_ok = True
    try:
        from policykg.stores.neo4j_store import connect, plan_ids, push_plan

        driver = connect()
        if plan.plan_id not in plan_ids(driver):
            push_plan(driver, plan)
    except Exception as error:  # StoreUnavailable, driver missing
        print(f"neo4j skipped: {error}")
        neo4j_ok = False
    rows = []
    for query in list_queries():
        params = query.example_params()
        row = {"query": query.name}
        row["sparql"] = median_ms(lambda: run_query(plan, query, "sparql", params), repeats)
        row["pyoxigraph"] = median_ms(lambda: _pyoxigraph_runner(graph, query)(params), repeats)
        row["cypher"] = median_ms(lambda: run_query(plan, query, "cypher", params), repeats)
        row["neo4j"] = median_ms(lambda: run_query(plan, query, "neo4j", params), repeats) if neo4j_ok else None
        row["rdflib"] = once_ms_with_timeout(lambda: run_sparql(union, query.text("sparql"), params), 30) if with_rdflib else None
        rows.append(row)
    rows.append({"query": "(load: store build per plan, ms)", "sparql": oxigraph_load * 1000, "pyoxigraph": None,
                 "cypher": ladybug_load * 1000, "neo4j": None, "rdflib": None})
    return rows


def bench_corpus(n_plans: int, repeats: int = 3, with_rdflib: bool = True) -> dict:
    from rdflib import Dataset

    import policykg
    from benchmarks.synthetic_corpus import generate_corpus
    from policykg.stores.oxigraph_store import oxigraph_dataset
    from policykg.queries.library import list_queries
    from policykg.queries.runner import run_sparql

    print(f"corpus of {n_plans} plans …", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_corpus(n_plans, tmp, seed=0)
        dataset = Dataset(default_union=True)
        started = time.perf_counter()
        for path in paths:
            policykg.load_plan(path, dataset=dataset)
        parse_seconds = time.perf_counter() - started
    print(f"  parsed in {parse_seconds:.0f} s", flush=True)
    started = time.perf_counter()
    store = oxigraph_dataset(dataset)
    copy_seconds = time.perf_counter() - started
    triples = sum(1 for _ in dataset.quads((None, None, None, None)))
    rows = []
    for query in list_queries():
        params = query.example_params()
        print(f"  corpus: {query.name} …", flush=True)
        # a first run in a forked child bounds queries that grow quadratically with the corpus
        first = once_ms_with_timeout(lambda: run_sparql(store, query.text("sparql"), params), 60)
        sparql = median_ms(lambda: run_sparql(store, query.text("sparql"), params), repeats) if first is not None else None
        row = {"query": query.name, "sparql": sparql}
        if with_rdflib:
            row["rdflib"] = once_ms_with_timeout(lambda: run_sparql(dataset, query.text("sparql"), params), 60)
        rows.append(row)
    return {"plans": n_plans, "quads": triples, "parse_seconds": parse_seconds,
            "oxigraph_copy_seconds": copy_seconds, "queries": rows}


def _print(rows: list[dict], columns: list[str], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_edge=False, header_style="bold")
    table.add_column("query")
    for column in columns:
        table.add_column(f"{column} ms", justify="right")
    for row in rows:
        table.add_row(row["query"], *("—" if row.get(c) is None else f"{row[c]:.1f}" for c in columns))
    Console(emoji=False).print(table)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=int, default=100, help="plans in the synthetic corpus (0: skip)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib's own (slow) engine everywhere")
    parser.add_argument("--no-rdflib-corpus", action="store_true", help="skip rdflib's own engine on the corpus only")
    args = parser.parse_args(argv)
    result = {"machine": platform.platform(), "python": platform.python_version(), "target_ms": TARGET_MS}
    rows = bench_default_plan(args.repeats, not args.no_rdflib)
    _print(rows, ["sparql", "pyoxigraph", "cypher", "neo4j", "rdflib"], "median latency per named query, default plan")
    slow = [r["query"] for r in rows[:-1] if max(r["sparql"], r["cypher"]) >= TARGET_MS]
    print(f"embedded engines over {TARGET_MS:.0f} ms: {', '.join(slow) or 'none'}")
    result["default_plan"] = rows
    result["embedded_over_target"] = slow
    if args.corpus:
        corpus = bench_corpus(args.corpus, max(1, args.repeats // 2), not (args.no_rdflib or args.no_rdflib_corpus))
        print(f"corpus: {corpus['plans']} plans, {corpus['quads']} quads; parsed in {corpus['parse_seconds']:.0f} s, "
              f"copied into Oxigraph in {corpus['oxigraph_copy_seconds']:.1f} s")
        _print(corpus["queries"], ["sparql", "rdflib"], f"SPARQL on the {corpus['plans']}-plan corpus")
        result["corpus"] = corpus
    write_result(result, "queries.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
