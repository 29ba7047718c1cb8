"""Markdown (and plain text) plans: the file's lines are the canonical lines.

Example
-------
>>> doc = read("plan.md", "# 方案\\n正文\\n".encode())
>>> doc.lines, doc.where(2)
(['# 方案', '正文', ''], 'line 2')
"""
from __future__ import annotations

from policykg.errors import PlanParseError
from policykg.loaders.document_model import DocumentText

__all__ = ["read"]


def read(path, data: bytes) -> DocumentText:
    """Decode UTF-8 (a BOM is dropped, CRLF is LF); other bytes raise :class:`PlanParseError`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PlanParseError(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column})"
        ) from exc
    text = text.lstrip("\ufeff")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    return DocumentText.from_lines(path, data, lines, "markdown")
