"""Benchmark: time from navigation to a drawn, idle map in headless Chromium.

Run:  python benchmarks/bench_map.py [--repeat 3] [--nodes 5000] [--plans 100]

Cases
  default-plan   the shipped plan's ``plan`` view (policykg.load_plan().map())
  synthetic-N    a plan-shaped property graph of N nodes (10 pillars, strategies, measures,
                 agencies with parents, technologies, regions, references, targets, amounts)

  view-*         the shipped plan's other pages: ``pillar`` view of pillar 5, ``agencies``,
                 ``timeline``, ``geo`` and the ``report`` (HTML)
  timeline-corpus-N  the timeline of N synthetic plans (benchmarks/synthetic_corpus.py; the
                 timeline reads only the parsed documents, so the plans are not built as graphs)

For each case the map is built once in Python (view + layout + page, timed apart) and then
opened ``--repeat`` times, each in a fresh browser context, from file:// with every other
request blocked. "ready" is ``window.__mapReady.ms``: ``performance.now()`` (milliseconds
since navigation start) at the first animation frame after vis-network's first
``afterDrawing`` — and, when physics is on, after ``stabilized``. The median is reported.
For the other pages "ready" is ``window.policykgView.ms``, taken at the first animation
frame after every panel is drawn.
Targets: default plan and every view of it < 2 s, 5,000 nodes < 5 s, 100-plan timeline < 5 s.
Results are printed and written to benchmarks/results/bench_map.json.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks.synthetic_corpus

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TARGETS_MS = {"default-plan": 2000, "synthetic": 5000, "view": 2000, "corpus": 5000}
MAP_READY = "window.__mapReady && window.__mapReady.ms"
VIEW_READY = "window.policykgView && window.policykgView.ms"
RESULTS = Path(__file__).resolve().parent / "results"


def synthetic_graph(nodes: int = 5000, seed: int = 1):
    """A plan-shaped ``networkx.MultiDiGraph`` with exactly ``nodes`` nodes, like ``plan.to_networkx()``."""
    import networkx as nx

    rng = random.Random(seed)
    base = "https://w3id.org/policykg/id/"
    g = nx.MultiDiGraph(plan_id="synthetic")
    shares = {"Agency": 0.08, "Technology": 0.16, "Region": 0.05, "LegalOrPolicyReference": 0.03,
              "Target": 0.02, "MonetaryAmount": 0.01, "Strategy": 0.05}
    counts = {kind: max(1, int(nodes * share)) for kind, share in shares.items()}
    counts["Measure"] = nodes - 1 - 10 - sum(counts.values())
    plan = base + "synthetic"
    line = iter(range(1, 10 ** 7))

    def add(iri, kind, name, **props):
        g.add_node(iri, iri=iri, labels=[kind], name_zh=name, **props)

    add(plan, "Plan", "合成測試方案", title_zh="合成測試方案", line_start=1, line_end=nodes)
    pillars = []
    for p in range(1, 11):
        iri = f"{plan}/pillar/{p}"
        add(iri, "Pillar", f"主軸 {p}", ordinal=p, identifier=str(p), line_start=next(line))
        g.add_edge(plan, iri, key="HAS_PILLAR", type="HAS_PILLAR")
        pillars.append(iri)
    strategies = []
    for s in range(counts["Strategy"]):
        pillar = pillars[s % 10]
        iri = f"{pillar}/strategy/{s + 1}"
        add(iri, "Strategy", f"策略 {s + 1}", ordinal=s + 1, identifier=f"{s % 10 + 1}.{s // 10 + 1}", line_start=next(line))
        g.add_edge(pillar, iri, key="HAS_STRATEGY", type="HAS_STRATEGY")
        strategies.append(iri)
    measures = []
    for m in range(counts["Measure"]):
        strategy = strategies[m % len(strategies)]
        iri = f"{strategy}/measure/{m + 1}"
        start = next(line)
        add(iri, "Measure", f"措施 {m + 1:04d} 智慧應用計畫", ordinal=m + 1, identifier=f"x.{m + 1}",
            line_start=start, line_end=start, content="合成的執行內容 " * 5)
        g.add_edge(strategy, iri, key="HAS_MEASURE", type="HAS_MEASURE")
        measures.append(iri)
    vocab = {}
    for kind, prefix in (("Agency", "agency"), ("Technology", "tech"), ("Region", "region"), ("LegalOrPolicyReference", "ref")):
        vocab[kind] = [f"{base}{prefix}/{kind.lower()}-{i}" for i in range(counts[kind])]
        for i, iri in enumerate(vocab[kind]):
            add(iri, kind, f"{kind} {i}")
    agencies = vocab["Agency"]
    parents = agencies[: len(agencies) // 4]
    for child in agencies[len(parents):]:
        g.add_edge(child, rng.choice(parents), key="SUB_ORGANIZATION_OF", type="SUB_ORGANIZATION_OF")
    for measure in measures:
        g.add_edge(measure, rng.choice(agencies[len(parents):]), key="LEAD_AGENCY", type="LEAD_AGENCY")
        for agency in rng.sample(agencies, rng.randint(0, 2)):
            g.add_edge(measure, agency, key="CO_ORGANIZING_AGENCY", type="CO_ORGANIZING_AGENCY")
        for tech in rng.sample(vocab["Technology"], rng.randint(1, 3)):
            g.add_edge(measure, tech, key="USES_TECHNOLOGY", type="USES_TECHNOLOGY")
        if rng.random() < 0.3:
            g.add_edge(measure, rng.choice(vocab["Region"]), key="TARGETS_REGION", type="TARGETS_REGION")
        if rng.random() < 0.15:
            g.add_edge(measure, rng.choice(vocab["LegalOrPolicyReference"]), key="REFERENCES", type="REFERENCES")
    for kind, rel in (("Target", "HAS_TARGET"), ("MonetaryAmount", "HAS_BUDGET")):
        for i in range(counts[kind]):
            owner = rng.choice(measures)
            iri = f"{owner}/{kind.lower()}/{i}"
            add(iri, kind, f"{kind} {i}", value=rng.randint(1, 1000), mention_text=f"{i} 件", line_start=next(line))
            g.add_edge(owner, iri, key=rel, type=rel)
    # vocabulary nobody uses would be dropped by the plan view: make sure each is used once
    for kind in ("Technology", "Region", "LegalOrPolicyReference"):
        for iri in vocab[kind]:
            if g.in_degree(iri) == 0:
                rel = {"Technology": "USES_TECHNOLOGY", "Region": "TARGETS_REGION"}.get(kind, "REFERENCES")
                g.add_edge(rng.choice(measures), iri, key=rel, type=rel)
    for iri in agencies[len(parents):]:
        if g.in_degree(iri) == 0:
            g.add_edge(rng.choice(measures), iri, key="CO_ORGANIZING_AGENCY", type="CO_ORGANIZING_AGENCY")
    assert g.number_of_nodes() == nodes, g.number_of_nodes()
    return g


def _wait_until(page, expression: str, timeout_s: float) -> None:
    """Poll ``expression`` every 20 ms through page.evaluate (the page's CSP forbids the eval
    that ``wait_for_function`` may use); the time measured is taken inside the page anyway."""
    deadline = time.perf_counter() + timeout_s
    while not page.evaluate(expression):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{expression} not true after {timeout_s} s")
        time.sleep(0.02)


def open_and_time(browser, path: Path, ready_expression: str = MAP_READY) -> dict:
    """Open the map in a fresh context with the network blocked; navigation → drawn + idle."""
    url = path.resolve().as_uri()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    blocked, errors = [], []

    def route(request_route):
        if request_route.request.url == url:
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    wall = time.perf_counter()
    page.goto(url)
    _wait_until(page, ready_expression, timeout_s=60)
    wall = (time.perf_counter() - wall) * 1000
    ready = page.evaluate("window.policykgView")
    context.close()
    return {"ready_ms": ready["ms"], "wall_ms": wall, "nodes_drawn": ready["items"], "blocked": blocked, "errors": errors}


def view_cases(plan, plans: int, tmp: Path) -> list[tuple[str, object, int]]:
    """(case, page builder, target) for the pages other than the plan view."""
    from policykg.viz.geo import plan_geo
    from policykg.viz.report import plan_report
    from policykg.viz.timeline import plan_timeline

    cases = [
        ("view-pillar-5", lambda: plan.map(view="pillar", pillar=5), TARGETS_MS["view"]),
        ("view-agencies", lambda: plan.map(view="agencies"), TARGETS_MS["view"]),
        ("view-timeline", lambda: plan_timeline(plan), TARGETS_MS["view"]),
        ("view-geo", lambda: plan_geo(plan), TARGETS_MS["view"]),
        ("view-report", lambda: plan_report(plan), TARGETS_MS["view"]),
    ]
    if plans:
        cases.append((f"timeline-corpus-{plans}", lambda: plan_timeline(_corpus(plans, tmp)), TARGETS_MS["corpus"]))
    return cases


def _corpus(plans: int, tmp: Path) -> list:
    from rdflib import Dataset

    from policykg.loaders.plan_document import parse_plan_document
    from policykg.plan import Plan
    from benchmarks.synthetic_corpus import generate_corpus

    return [Plan(parse_plan_document(path), Dataset()) for path in generate_corpus(plans, tmp / "corpus")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--plans", type=int, default=100, help="plans in the timeline corpus case (0: skip)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    import policykg
    from policykg.viz.maps import layout, map_data, map_graph, render_map_html

    cases = []
    t = time.perf_counter()
    plan = policykg.load_plan()
    load_s = time.perf_counter() - t
    cases.append(("default-plan", plan, TARGETS_MS["default-plan"], load_s))
    t = time.perf_counter()
    synthetic = synthetic_graph(args.nodes)
    cases.append((f"synthetic-{args.nodes}", synthetic, TARGETS_MS["synthetic"], time.perf_counter() - t))

    tmp = Path(tempfile.mkdtemp(prefix="bench-map-"))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        for name, source, target, prepare_s in cases:
            t = time.perf_counter()
            graph = map_graph(source, view="plan")
            t_graph = time.perf_counter() - t
            t = time.perf_counter()
            positions = layout(graph)
            t_layout = time.perf_counter() - t
            t = time.perf_counter()
            page = render_map_html(map_data(graph, positions, name))
            t_render = time.perf_counter() - t
            path = tmp / f"{name}.html"
            path.write_text(page, encoding="utf-8")
            runs = [open_and_time(browser, path) for _ in range(args.repeat)]
            ready = statistics.median(r["ready_ms"] for r in runs)
            rows.append({
                "case": name,
                "nodes": graph.number_of_nodes(),
                "edges": graph.number_of_edges(),
                "nodes_drawn": runs[0]["nodes_drawn"],
                "html_bytes": len(page.encode("utf-8")),
                "python_s": {"prepare": round(prepare_s, 3), "view": round(t_graph, 3),
                             "layout": round(t_layout, 3), "page": round(t_render, 3)},
                "ready_ms_runs": [round(r["ready_ms"], 1) for r in runs],
                "ready_ms_median": round(ready, 1),
                "wall_ms_median": round(statistics.median(r["wall_ms"] for r in runs), 1),
                "target_ms": target,
                "meets_target": ready < target,
                "blocked_requests": sorted({u for r in runs for u in r["blocked"]}),
                "console_errors": sorted({e for r in runs for e in r["errors"]}),
            })
        for name, build, target in view_cases(plan, args.plans, tmp):
            t = time.perf_counter()
            page = build()
            t_page = time.perf_counter() - t
            path = tmp / f"{name}.html"
            path.write_text(page, encoding="utf-8")
            ready_expression = MAP_READY if name in ("view-pillar-5", "view-agencies") else VIEW_READY
            runs = [open_and_time(browser, path, ready_expression) for _ in range(args.repeat)]
            ready = statistics.median(r["ready_ms"] for r in runs)
            rows.append({
                "case": name, "nodes": runs[0]["nodes_drawn"], "edges": 0, "nodes_drawn": runs[0]["nodes_drawn"],
                "html_bytes": len(page.encode("utf-8")),
                "python_s": {"prepare": 0.0, "view": 0.0, "layout": 0.0, "page": round(t_page, 3)},
                "ready_ms_runs": [round(r["ready_ms"], 1) for r in runs],
                "ready_ms_median": round(ready, 1),
                "wall_ms_median": round(statistics.median(r["wall_ms"] for r in runs), 1),
                "target_ms": target, "meets_target": ready < target,
                "blocked_requests": sorted({u for r in runs for u in r["blocked"]}),
                "console_errors": sorted({e for r in runs for e in r["errors"]}),
            })
        browser.close()

    header = f"{'case':<22}{'nodes':>7}{'edges':>7}{'drawn':>7}{'HTML KiB':>10}{'view+layout s':>15}{'ready ms (median)':>19}{'target':>8}"
    print(header)
    print("-" * len(header))
    for r in rows:
        py = r["python_s"]["view"] + r["python_s"]["layout"] + r["python_s"]["page"]
        ok = "ok" if r["meets_target"] else "MISS"
        print(f"{r['case']:<22}{r['nodes']:>7}{r['edges']:>7}{r['nodes_drawn']:>7}{r['html_bytes'] / 1024:>10.0f}"
              f"{py:>15.2f}{r['ready_ms_median']:>19.1f}{r['target_ms']:>6} {ok}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "bench_map.json"
    cpu = ""
    try:
        cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    out.write_text(json.dumps({
        "chromium": version, "python": platform.python_version(), "machine": platform.machine(), "cpus": cpu,
        "repeat": args.repeat, "measured": "navigation start → first frame after afterDrawing (+stabilized with physics); other pages: first frame after every panel is drawn",
        "results": rows,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
