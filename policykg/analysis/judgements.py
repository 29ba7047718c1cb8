"""A researcher's verdicts on analysis edges: a TSV of accepted / rejected dependencies and overlaps.

The file (e.g. ``judgements.tsv`` in a workspace, or ``--judgements FILE``) is UTF-8, tab-separated,
one header line, ``#`` lines are comments::

    kind        source  target  verdict   reason                                         plan  target_plan
    dependency  7.3.4   7.3.1   accepted  narrative: 結合臺灣主權 AI 訓練語料平臺
    overlap     5.3.1   5.5.3   accepted  the same row listed twice in 表6
    dependency  1.1.3   9.2.1   rejected  資安人才訓練中心 is cybersecurity talent, not AI talent

``kind`` is ``dependency`` or ``overlap``; ``source`` / ``target`` are measure identifiers (an
overlap pair in either order); ``verdict`` is ``accepted`` or ``rejected``; ``plan`` and
``target_plan`` (plan ids) are optional: empty matches any plan. The hand-judged sample of the
tests (``tests/data/judged_sample.tsv``) has the same format.

Example
-------
>>> import io, pandas as pd
>>> j = read_judgements(io.StringIO("kind\\tsource\\ttarget\\tverdict\\treason\\n"
...                                  "overlap\\t5.5.3\\t5.3.1\\taccepted\\tlisted twice\\n"))
>>> frame = pd.DataFrame({"plan_a": ["p"], "identifier_a": ["5.3.1"], "plan_b": ["p"], "identifier_b": ["5.5.3"]})
>>> apply_judgements(frame, j, "overlap")[["judgement", "judgement_reason"]].values.tolist()
[['accepted', 'listed twice']]
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from policykg.errors import PlanParseError

__all__ = ["JUDGEMENT_COLUMNS", "VERDICTS", "read_judgements", "judgement_key", "apply_judgements"]

JUDGEMENT_COLUMNS = ["kind", "source", "target", "verdict", "reason", "plan", "target_plan"]
VERDICTS = ("accepted", "rejected")
_KINDS = ("dependency", "overlap")
_REQUIRED = ["kind", "source", "target", "verdict", "reason"]


def read_judgements(path) -> pd.DataFrame:
    """Read a judgements TSV (a path or a text stream) → DataFrame of ``JUDGEMENT_COLUMNS``.

    A missing column, an unknown kind or verdict, an empty reason or a row judged twice raises
    :class:`policykg.errors.PlanParseError` naming the file and line.
    """
    if isinstance(path, (str, Path)):
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlanParseError(name, None, f"cannot read the judgements file ({exc})") from exc
    else:
        name, text = getattr(path, "name", "<judgements>"), path.read()
    rows, header, seen = [], None, {}
    for number, line in enumerate(io.StringIO(text), 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in _REQUIRED if c not in header]
            if missing:
                raise PlanParseError(name, number, f"judgements header lacks the column(s) {', '.join(missing)}")
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        if row["kind"] not in _KINDS:
            raise PlanParseError(name, number, f"kind {row['kind']!r} is not dependency or overlap")
        if row["verdict"] not in VERDICTS:
            raise PlanParseError(name, number, f"verdict {row['verdict']!r} is not accepted or rejected")
        if not (row["source"] and row["target"]):
            raise PlanParseError(name, number, "a judgement needs a source and a target identifier")
        if not row["reason"]:
            raise PlanParseError(name, number, "a judgement needs a reason")
        row = {c: row.get(c, "") for c in JUDGEMENT_COLUMNS}
        key = judgement_key(row["kind"], row["plan"], row["source"], row["target_plan"], row["target"])
        if key in seen:
            raise PlanParseError(name, number, f"{row['source']} → {row['target']} is already judged on line {seen[key]}")
        seen[key] = number
        rows.append(row)
    return pd.DataFrame(rows, columns=JUDGEMENT_COLUMNS)


def judgement_key(kind: str, plan: str, source: str, target_plan: str, target: str) -> tuple:
    """The key a judgement and an edge share; overlaps are unordered pairs."""
    if kind == "overlap":
        return (kind, *sorted([(plan, source), (target_plan, target)]))
    return (kind, (plan, source), (target_plan, target))


def _lookup(judgements: pd.DataFrame, kind: str) -> dict:
    table = {}
    for row in judgements[judgements.kind == kind].itertuples(index=False):
        table[judgement_key(kind, row.plan, row.source, row.target_plan, row.target)] = (row.verdict, row.reason)
    return table


def apply_judgements(frame: pd.DataFrame, judgements, kind: str, show_rejected: bool = False) -> pd.DataFrame:
    """Add ``judgement`` / ``judgement_reason`` columns; drop rejected rows unless ``show_rejected``.

    ``judgements``: a DataFrame of :func:`read_judgements`, a path, or None (nothing changes but
    the two empty columns). ``kind``: ``dependency`` (columns plan, source_identifier,
    target_plan, target_identifier) or ``overlap`` (plan_a, identifier_a, plan_b, identifier_b).
    A judgement with an empty plan matches the identifiers in any plan.
    """
    frame = frame.copy()
    if judgements is not None and not isinstance(judgements, pd.DataFrame):
        judgements = read_judgements(judgements)
    table = _lookup(judgements, kind) if judgements is not None else {}
    if kind == "dependency":
        # a cited plan or programme has no identifier: its judgement names it by label
        keys = zip(frame["plan"], frame["source_identifier"], frame["target_plan"],
                   [i or t for i, t in zip(frame["target_identifier"], frame["target"])])
    else:
        keys = zip(frame["plan_a"], frame["identifier_a"], frame["plan_b"], frame["identifier_b"])
    verdicts, reasons = [], []
    for plan, source, target_plan, target in keys:
        target_plan = target_plan or plan
        found = None
        for key_plans in ((plan, target_plan), ("", target_plan), (plan, ""), ("", "")):
            found = table.get(judgement_key(kind, key_plans[0], source, key_plans[1], target))
            if found:
                break
        verdicts.append(found[0] if found else "")
        reasons.append(found[1] if found else "")
    frame["judgement"] = verdicts
    frame["judgement_reason"] = reasons
    if not show_rejected:
        frame = frame[frame.judgement != "rejected"].reset_index(drop=True)
    return frame
