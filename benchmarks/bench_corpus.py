"""Benchmark: ``policykg build`` of a corpus — 20 copies of the shipped plan, synthetic corpora of 10 → 100 → 500 plans.

Each build runs as its own ``python -m policykg build`` process under ``/usr/bin/time`` so its wall
time and peak RSS (max resident set, the process and its children) are its own. Targets (issue 11,
2-core machine): 20 copies under 15 s and 700 MB; the 100-plan synthetic corpus
(:mod:`benchmarks.synthetic_corpus`) under 60 s and 1.5 GB. Prints a table and writes
``benchmarks/results/corpus.json`` (rewritten after every size, so a stopped run keeps its figures).

Usage::

    python benchmarks/bench_corpus.py                       # 20 copies, synthetic 10 and 100
    python benchmarks/bench_corpus.py --sizes 10,100,500    # the growth table (500 takes a while)
    python benchmarks/bench_corpus.py --copies 0 --sizes 10 # a quick look
    python benchmarks/bench_corpus.py --keep /tmp/ws100      # then: bench_workspace.py --workspace /tmp/ws100
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

__all__ = ["TARGETS", "copies_of_shipped_plan", "timed_build", "main"]

RESULTS = HERE / "results" / "corpus.json"
#: (plans, kind) → (seconds, MB) the build must stay under
TARGETS = {("copies", 20): (15.0, 700.0), ("synthetic", 100): (60.0, 1536.0)}


def copies_of_shipped_plan(n: int, folder: Path) -> list[Path]:
    """``n`` byte-identical copies of the shipped plan (copy-000.md …) in ``folder``."""
    from policykg.loaders.plan_document import default_plan_path

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"copy-{i:03d}.md" for i in range(n)]
    for path in paths:
        shutil.copyfile(default_plan_path(), path)
    return paths


def timed_build(paths: list[Path], out: Path) -> dict:
    """One ``policykg build PATHS --out OUT`` in a fresh process: wall s, peak RSS MB, what it wrote."""
    shutil.rmtree(out, ignore_errors=True)
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "policykg", "build", *map(str, paths),
               "--out", str(out)]
    started = time.perf_counter()
    result = subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    manifest = json.loads((out / ".policykg-manifest.json").read_text(encoding="utf-8"))
    generation = out / manifest["workspace"]["generation"]
    store_mb = sum(f.stat().st_size for f in (generation / "oxigraph").rglob("*") if f.is_file()) / 2**20
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return {"plans": len(paths), "build_s": round(wall, 2),
            "peak_rss_mb": round(int(result.stderr.strip().splitlines()[-1]) / 1024, 1),
            "store_mb": round(store_mb, 1), "summary": summary}


def _row_text(kind: str, row: dict) -> str:
    target = TARGETS.get((kind, row["plans"]))
    verdict = ""
    if target:
        ok = row["build_s"] < target[0] and row["peak_rss_mb"] < target[1]
        verdict = f"{'meets' if ok else 'MISSES'} < {target[0]:.0f} s, < {target[1]:.0f} MB"
    return (f"| {kind:9} | {row['plans']:5d} | {row['build_s']:8.1f} | {row['build_s'] / row['plans']:7.2f} | "
            f"{row['peak_rss_mb']:8.0f} | {row['store_mb']:8.0f} | {verdict} |")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20, help="copies of the shipped plan (0: none)")
    parser.add_argument("--sizes", default="10,100", help="synthetic corpus sizes, comma-separated")
    parser.add_argument("--keep", type=Path, help="keep the workspace of the largest synthetic size here "
                        "(for bench_workspace.py --workspace)")
    args = parser.parse_args(argv)
    from benchmarks.synthetic_corpus import generate_corpus

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                "load_average_at_start": os.getloadavg()[0],
                                "note": "shared 2-core machine; walls include other engineers' load"},
                    "targets": {f"{k}-{n}": {"build_s": t[0], "peak_rss_mb": t[1]} for (k, n), t in TARGETS.items()},
                    "copies": [], "synthetic": []}
    header = ("| corpus    | plans | build s | s/plan | peak MB | store MB | target |\n"
              "|-----------|------:|--------:|-------:|--------:|---------:|--------|")
    lines = []
    RESULTS.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.copies:
            row = timed_build(copies_of_shipped_plan(args.copies, tmp / "copies"), tmp / "ws")
            report["copies"].append(row)
            lines.append(_row_text("copies", row))
            print(lines[-1], row["summary"], sep="\n  ", flush=True)
            RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        if sizes:
            started = time.perf_counter()
            paths = generate_corpus(max(sizes), tmp / "synthetic", seed=0)
            print(f"generated {max(sizes)} synthetic plans in {time.perf_counter() - started:.1f} s", flush=True)
            for n in sizes:
                out = args.keep if args.keep is not None and n == max(sizes) else tmp / "ws"
                row = timed_build(paths[:n], out)
                report["synthetic"].append(row)
                lines.append(_row_text("synthetic", row))
                print(lines[-1], row["summary"], sep="\n  ", flush=True)
                RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(header, *lines, sep="\n")
    print(f"wrote {RESULTS}")
    return report


if __name__ == "__main__":
    main()
