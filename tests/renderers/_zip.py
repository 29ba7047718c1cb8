"""Deterministic ZIP containers: fixed timestamps, the ODF ``mimetype`` first and stored."""
from __future__ import annotations

import zipfile
from pathlib import Path

__all__ = ["normalise_zip"]

_EPOCH = (2026, 1, 1, 0, 0, 0)


def normalise_zip(path: Path) -> Path:
    """Rewrite ``path`` with every entry dated 2026-01-01 (same bytes for the same content)."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    entries.sort(key=lambda e: e[0].filename != "mimetype")
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, _EPOCH)
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            archive.writestr(fixed, data)
    return path
