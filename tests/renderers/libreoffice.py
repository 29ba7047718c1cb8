"""LibreOffice headless conversions (``soffice --convert-to``), each with a private profile.

A private ``-env:UserInstallation`` profile per call lets parallel test runs convert at the
same time (one shared profile makes a second soffice exit at once with nothing written).

Example
-------
>>> import tempfile
>>> from renderers.word import render_docx
>>> pdf = render_pdf_with_libreoffice(render_docx(tempfile.mkdtemp()))  # doctest: +SKIP
>>> pdf.suffix  # doctest: +SKIP
'.pdf'
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["soffice_path", "convert_with_libreoffice", "render_pdf_with_libreoffice"]


def soffice_path() -> str | None:
    """The ``soffice`` executable on PATH (Debian: libreoffice-writer-nogui), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(source, target: str, directory=None, timeout: float = 240) -> Path:
    """Convert ``source`` to format ``target`` (``"odt"``, ``"pdf"``, ``"docx"`` …).

    The result, named like ``source`` with the new suffix, is written into ``directory``
    (default: a new directory beside ``source``). Raises RuntimeError with soffice's output when
    nothing was written.
    """
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("soffice not found (install libreoffice-writer-nogui)")
    source = Path(source)
    directory = Path(directory) if directory else Path(tempfile.mkdtemp(prefix=f"lo-{target}-", dir=source.parent))
    directory.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="policykg-lo-profile-"))
    try:
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--nologo", "--convert-to", target, "--outdir", str(directory), str(source)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    result = directory / f"{source.stem}.{target.split(':')[0]}"
    if not result.is_file():
        raise RuntimeError(f"soffice wrote no {result.name} (exit {done.returncode}): {done.stdout}{done.stderr}")
    return result


def render_pdf_with_libreoffice(source, directory=None) -> Path:
    """A PDF of a DOCX or ODT rendering, as LibreOffice exports it."""
    return convert_with_libreoffice(source, "pdf", directory)
