"""Where a benchmark's figures go: ``benchmarks/results/NAME`` as indented JSON.

>>> import json, tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> path = write_result({"plan": "淨零"}, "x.json", folder)
wrote ...x.json
>>> json.loads(path.read_text(encoding="utf-8"))
{'plan': '淨零'}
"""
from __future__ import annotations

import json
from pathlib import Path

__all__ = ["RESULTS", "write_result"]

#: the folder every benchmark writes its JSON to (git-ignored)
RESULTS = Path(__file__).resolve().parent / "results"


def write_result(result: dict, name: str, folder: Path = RESULTS) -> Path:
    """Write ``result`` to ``folder/name`` (Chinese kept as written), say where, return the path."""
    out = folder / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out}")
    return out
