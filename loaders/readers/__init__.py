"""Readers: one module per document format, all returning a :class:`DocumentText`.

The format is chosen by content (magic bytes, the ZIP's manifest, the first tags), not only by
the file extension; :func:`read_document` is the one entry point, and a new format is a new
module plus one line in :data:`READERS` (as rdflib registers its parsers by name).

Example
-------
>>> from policykg.loaders.plan_document import default_plan_path
>>> doc = read_document(default_plan_path())
>>> doc.format, doc.lines[2]
('markdown', '# AI 新十大建設推動方案')
>>> sniff_format(b"%PDF-1.7 ...", "x.bin")
'pdf'
"""
from __future__ import annotations

import importlib
import io
import zipfile
from pathlib import Path

from policykg.errors import PlanParseError
from policykg.loaders.document_model import DocumentText

__all__ = ["READERS", "sniff_format", "read_bytes", "read_document"]

#: format name → module of :mod:`policykg.loaders.readers` with a ``read(path, data)`` function
READERS = {
    "markdown": "markdown",
    "pdf": "pdf",
    "docx": "docx",
    "odt": "odt",
    "html": "html",
}


#: what to tell a researcher about a format policykg recognises but does not read
_UNSUPPORTED = {
    "ole2": "a legacy Word .doc or a password-protected Office file: save an unprotected .docx "
            "(or convert it: soffice --headless --convert-to docx FILE)",
    "rtf": "an RTF file: save it as .docx (or convert it: soffice --headless --convert-to docx FILE)",
}


def sniff_format(data: bytes, name: str) -> str:
    """The format of ``data`` by its content; the extension of ``name`` only breaks ties."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = Path(name).suffix.lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole2"  # a legacy .doc, or a password-protected .docx (an encrypted OLE2 package)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "content.xml" in names:
                    mimetype = archive.read("mimetype") if "mimetype" in names else b""
                    if b"opendocument.text" in mimetype or suffix == ".odt":
                        return "odt"
        except zipfile.BadZipFile:
            pass
        return {".docx": "docx", ".odt": "odt"}.get(suffix, "zip")
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<!--", b"<head", b"<meta")) and (
        b"<html" in lowered or suffix in (".html", ".htm")
    ):
        return "html"
    if suffix in (".pdf",):
        return "pdf"
    if suffix in (".docx", ".odt"):
        return suffix[1:]
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    return "markdown"


def read_bytes(path) -> bytes:
    """The file's bytes; an unreadable or empty file raises :class:`PlanParseError`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanParseError(path, None, f"cannot read the file ({exc.strerror})") from exc
    if not data.strip():
        raise PlanParseError(path, 1, "the document is empty")
    return data


def read_document(path) -> DocumentText:
    """Read any supported plan document into canonical lines with provenance.

    Raises :class:`PlanParseError` (file, and page or line where there is one) for a file that
    cannot be read: empty, not text, an unsupported or damaged container.
    """
    path = Path(path)
    data = read_bytes(path)
    fmt = sniff_format(data, path.name)
    module_name = READERS.get(fmt)
    if module_name is None:
        hint = _UNSUPPORTED.get(fmt, f"unsupported document format ({fmt})")
        raise PlanParseError(path, None, f"{hint}; policykg reads " + ", ".join(sorted(READERS)))
    module = importlib.import_module(f"policykg.loaders.readers.{module_name}")
    return module.read(path, data)
