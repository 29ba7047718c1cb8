"""Benchmark: push throughput to Neo4j (nodes + relationships per second) by UNWIND batch size.

Pushes the default plan (replace = one transaction) once per batch size, three times each,
and reports the median. The best batch size is the default of loaders/neo4j_store.py.
Needs a Neo4j 5 server (NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD, default: the local one of
``policykg neo4j serve-local``). Prints a table and writes ``benchmarks/results/neo4j_push.json``.

Usage::

    /work/venv/bin/python benchmarks/bench_neo4j_push.py
    /work/venv/bin/python benchmarks/bench_neo4j_push.py 100 500 1000 5000
"""
from __future__ import annotations

import json
import platform
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

__all__ = ["bench_push", "main"]


def bench_push(batch_sizes, repeats: int = 3) -> list[dict]:
    import policykg
    from policykg.graph.property_graph import project
    from policykg.stores.neo4j_store import connect, push_graph

    plan = policykg.load_plan()
    pg = project(plan.union)
    driver = connect()
    push_graph(driver, plan.plan_id, pg)  # warm-up: constraints, page cache
    rows = []
    for size in batch_sizes:
        runs = [push_graph(driver, plan.plan_id, pg, batch_size=size) for _ in range(repeats)]
        seconds = statistics.median(r.seconds for r in runs)
        rows.append({"batch_size": size, "nodes": runs[0].nodes, "relationships": runs[0].relationships,
                     "seconds": seconds, "per_second": (runs[0].nodes + runs[0].relationships) / seconds})
    return rows


def main(argv=None) -> int:
    from rich.console import Console
    from rich.table import Table

    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [100, 250, 500, 1000, 2000, 5000]
    rows = bench_push(sizes)
    best = max(rows, key=lambda r: r["per_second"])
    table = Table(title="Neo4j push of the default plan (replace in one transaction)", show_edge=False, header_style="bold")
    for column in ("batch size", "nodes", "relationships", "seconds", "items/s"):
        table.add_column(column, justify="right")
    for r in rows:
        table.add_row(str(r["batch_size"]), str(r["nodes"]), str(r["relationships"]), f"{r['seconds']:.2f}",
                      f"{r['per_second']:.0f}" + (" *" if r is best else ""))
    Console(emoji=False).print(table)
    print(f"best batch size: {best['batch_size']} ({best['per_second']:.0f} nodes+relationships/s)")
    out = HERE / "results" / "neo4j_push.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"machine": platform.platform(), "runs": rows, "best_batch_size": best["batch_size"]},
                              indent=2), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
