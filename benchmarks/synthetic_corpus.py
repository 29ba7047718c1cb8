"""A synthetic corpus: perturbed copies of the shipped plan that still parse.

Each copy changes some periods (years shifted by one), agencies (another agency of the plan, or
an extra co-organizer), wordings (synonyms in 執行內容), drops a few measure rows and adds a few
(a measure row repeated with an extended name). Tables are located with the real table finder
(:func:`policykg.loaders.tables.find_tables`), so only measures-table cells are touched. Every
generated file is parsed once; a copy that does not parse is regenerated with fewer changes.

Example
-------
>>> import tempfile
>>> paths = generate_corpus(2, tempfile.mkdtemp())
>>> [p.name for p in paths]
['plan-000.md', 'plan-001.md']
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from policykg.errors import PlanParseError
from policykg.loaders.plan_document import default_plan_path, parse_plan_document, read_plan_lines
from policykg.loaders.tables import find_tables

__all__ = ["SYNONYMS", "generate_corpus", "perturb_plan_lines"]

#: wording changes applied to 執行內容 cells (word → replacement)
SYNONYMS = {"推動": "推展", "建置": "建構", "強化": "加強", "提升": "增進", "協助": "輔助", "發展": "開展",
            "整合": "統合", "促進": "帶動"}
_YEAR = re.compile(r"(?<!\d)(1[01]\d)(?=\s*/)")


def perturb_plan_lines(lines: list[str], rng: random.Random, rate: float = 1.0) -> list[str]:
    """A perturbed copy of a plan's lines (``rate`` scales how many rows change)."""
    tables = [t for t in find_tables(lines, "synthetic") if t.is_measures_table]
    agency_cells = sorted({r.cells.get("agencies", "").strip() for t in tables for r in t.rows
                           if r.cells.get("agencies", "").strip()})
    out = list(lines)
    drops, adds = set(), {}
    for table in tables:
        index = {role: i for i, role in enumerate(table.roles) if role}
        for n, row in enumerate(table.rows):
            line_no = row.line - 1
            cells = out[line_no].split("\t")
            measure = cells[index["measure"]].strip() if "measure" in index else ""
            is_measure_row = bool(measure) and not re.match(r"^(<b>)?\s*\d{1,2}\s*[.、]", measure) \
                and not row.after_page_break
            if "period" in index and cells[index["period"]].strip() and rng.random() < 0.15 * rate:
                shift = rng.choice((-1, 1))
                cells[index["period"]] = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), cells[index["period"]])
            if "agencies" in index and cells[index["agencies"]].strip() and rng.random() < 0.1 * rate:
                if rng.random() < 0.5:
                    cells[index["agencies"]] = rng.choice(agency_cells)
                else:
                    cells[index["agencies"]] = cells[index["agencies"]].strip() + "、國科會"
            if "content" in index and rng.random() < 0.3 * rate:
                text = cells[index["content"]]
                for word in rng.sample(sorted(SYNONYMS), 3):
                    text = text.replace(word, SYNONYMS[word])
                cells[index["content"]] = text
            out[line_no] = "\t".join(cells)
            following = table.rows[n + 1] if n + 1 < len(table.rows) else None
            next_is_measure = following is not None and following.cells.get("measure", "").strip() \
                and not following.after_page_break and following.line == row.line + 1
            if is_measure_row and next_is_measure and rng.random() < 0.03 * rate:
                drops.add(line_no)
            elif is_measure_row and next_is_measure and rng.random() < 0.03 * rate:
                extra = list(cells)
                extra[index["measure"]] = measure + "（擴充）"
                adds[line_no] = "\t".join(extra)
    result = []
    for i, line in enumerate(out):
        if i in drops:
            continue
        result.append(line)
        if i in adds:
            result.append(adds[i])
    return result


def generate_corpus(n_plans: int, out_dir, seed: int = 0) -> list[Path]:
    """Write ``n_plans`` perturbed copies of the shipped plan to ``out_dir`` (plan-000.md …)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines, _ = read_plan_lines(default_plan_path())
    paths = []
    for i in range(n_plans):
        path = out / f"plan-{i:03d}.md"
        for attempt, rate in enumerate((1.0, 0.5, 0.0)):
            rng = random.Random(seed * 1_000_003 + i * 101 + attempt)
            path.write_text("\n".join(perturb_plan_lines(lines, rng, rate)), encoding="utf-8")
            try:
                parse_plan_document(path)
                break
            except PlanParseError:
                continue
        paths.append(path)
    return paths
