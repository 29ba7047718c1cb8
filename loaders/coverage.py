"""Coverage report: what a build read from a plan document and what it skipped.

A researcher loading a new plan sees at once whether it was understood: how many pages or lines
were read, how many headings, tables and rows, measures and divisions, mentions, targets and
amounts were found, and which lines were left out (with the first few, cited by page and line).

Example
-------
>>> import policykg
>>> report = coverage_report(policykg.load_plan().doc)
>>> report["read"]["measures"], report["read"]["tables"], report["pages"]
(143, 12, None)
>>> print(coverage_summary(report).splitlines()[0])  # doctest: +ELLIPSIS
ai-new-ten-major-constructions-2026-01: 1546 lines: read 1... lines, ... headings, 12 tables (... rows), 143 measures...
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from policykg.loaders.outline import build_outline, footnotes
from policykg.loaders.plan_model import PlanDocument
from policykg.loaders.tables import find_tables

__all__ = ["SAMPLE_SIZE", "coverage_report", "coverage_summary", "write_coverage_report"]

#: how many skipped lines a report quotes
SAMPLE_SIZE = 5

_PLURAL = {"part": "parts", "appendix": "appendix", "section": "sections", "sector": "sectors",
           "key_strategy": "key strategies"}


def _where(doc: PlanDocument, line: int) -> str:
    return doc.source.where(line) if doc.source is not None else f"line {line}"


def _mention_counts(graph) -> dict[str, int]:
    """Counts of mention, target and amount nodes in a graph or a list of triples."""
    from policykg.graph.namespaces import PKG, RDF

    kinds = {PKG.AgencyMention: "agency_mentions", PKG.ConceptMention: "concept_mentions",
             PKG.Target: "targets", PKG.MonetaryAmount: "amounts"}
    rdf_type = RDF.type
    typed = graph.triples((None, rdf_type, None)) if hasattr(graph, "triples") else graph
    nodes: dict[str, set] = {key: set() for key in kinds.values()}
    for node, p, cls in typed:
        key = kinds.get(cls)  # a dictionary lookup first: == on rdflib terms runs Python code
        if key is not None and p == rdf_type:
            nodes[key].add(node)
    return {key: len(found) for key, found in nodes.items()}


def coverage_report(doc: PlanDocument, graph=None) -> dict:
    """What was read from ``doc`` and what was skipped, as a JSON-ready dict.

    ``graph`` (the plan's RDF graph or its list of triples, optional) adds the counts of agency and concept mentions,
    targets and monetary amounts. Skipped lines are the non-blank canonical lines no heading,
    paragraph, table or footnote took (figure captions, separators, running titles), counted apart
    from the title page and contents before the first heading (read for the title, issuing
    agencies and date only), plus the page furniture the reader dropped (running headers,
    footers, page numbers).
    """
    source = doc.source
    lines = source.lines if source is not None else []
    tables = find_tables(lines, doc.path)
    table_lines = {t.header_line for t in tables} | {r.line for t in tables for r in t.rows}
    root = build_outline(lines, title=doc.title, skip=table_lines)
    notes = {line for line, _ in footnotes(lines)}
    captions = {t.caption_line for t in tables if t.caption_line}
    first_heading = next((n.line for n in root.walk()), len(lines) + 1)
    ignored = [n for n in root.ignored if n not in notes and n not in captions]
    front = [n for n in ignored if n < first_heading]  # title page and contents
    skipped = [n for n in ignored if n >= first_heading]
    divisions: dict[str, int] = {}
    for division in doc.all_divisions():
        divisions[division.kind] = divisions.get(division.kind, 0) + 1
    measures = [m for _, _, m in doc.measures()]
    read = {
        "lines": len(lines) - len(ignored),
        "headings": sum(1 for _ in root.walk()),
        "tables": len(tables),
        "table_rows": sum(len(t.rows) for t in tables),
        "pillars": len(doc.pillars),
        "strategies": sum(len(p.strategies) for p in doc.pillars),
        "measures": len(measures),
        "schedule_rows": sum(len(m.schedule) for m in measures),
        "divisions": dict(sorted(divisions.items())),
        "issuing_agencies": len(doc.issuing_agencies),
    }
    if graph is not None:
        read.update(_mention_counts(graph))
    furniture = source.skipped if source is not None else []
    return {
        "plan_id": doc.plan_id,
        "file": doc.path,
        "format": source.format if source is not None else None,
        "pages": source.pages if source is not None else None,
        "lines": len(lines),
        "read": read,
        "skipped": {
            "front_matter_lines": len(front),
            "lines": len(skipped),
            "first": [{"line": n, "where": _where(doc, n), "text": lines[n - 1].strip()} for n in skipped[:SAMPLE_SIZE]],
            "page_furniture": len(furniture),
            "page_furniture_first": [
                {"where": f"page {loc.page}, line {loc.line}" if loc.page else f"line {loc.line}", "text": text}
                for loc, text in furniture[:SAMPLE_SIZE]
            ],
        },
    }


def coverage_summary(report: dict, examples: bool = True) -> str:
    """A few terminal lines: what was read, then what was skipped (with the first examples unless not ``examples``)."""
    read, skipped = report["read"], report["skipped"]
    size = f"{report['pages']} pages, {report['lines']} lines" if report["pages"] else f"{report['lines']} lines"
    parts = [f"{size}: read {read['lines']} lines",  f"{read['headings']} headings", f"{read['tables']} tables ({read['table_rows']} rows)",
             f"{read['measures']} measures"]
    if read["divisions"]:
        parts.append(", ".join(f"{n} {_PLURAL.get(kind, kind)}" for kind, n in read["divisions"].items()))
    if "agency_mentions" in read:
        parts.append(f"{read['agency_mentions'] + read['concept_mentions']} mentions, {read['targets']} targets, "
                     f"{read['amounts']} amounts")
    out = [f"{report['plan_id']}: " + ", ".join(parts)]
    line = f"  skipped {skipped['lines']} lines of text, {skipped['front_matter_lines']} of title page and contents"
    if skipped["page_furniture"]:
        line += f" and {skipped['page_furniture']} lines of page furniture (headers, footers, page numbers)"
    out.append(line + (":" if skipped["first"] and examples else ""))
    for item in skipped["first"] if examples else ():
        out.append(f"    {item['where']}: {item['text'][:60]}")
    return "\n".join(out)


def write_coverage_report(reports: list[dict], path) -> Path:
    """Write ``{"plans": reports}`` as JSON to ``path`` atomically (a temporary file, then a rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"plans": reports}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
