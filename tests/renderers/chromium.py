"""HTML printed to PDF by headless Chromium (``--print-to-pdf``), a third PDF producer.

Example
-------
>>> import tempfile
>>> from renderers.html_pages import render_html
>>> pdf = render_pdf_with_chromium(render_html(tempfile.mkdtemp()))  # doctest: +SKIP
>>> pdf.suffix  # doctest: +SKIP
'.pdf'
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["render_pdf_with_chromium"]


def render_pdf_with_chromium(html, directory=None, chromium: str = "/usr/bin/chromium", timeout: float = 240) -> Path:
    """Print ``html`` to ``<directory>/<stem>.pdf`` (A4, no header or footer) with a private profile."""
    html = Path(html).resolve()
    directory = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="chromium-pdf-", dir=html.parent))
    directory.mkdir(parents=True, exist_ok=True)
    result = directory / f"{html.stem}.pdf"
    profile = Path(tempfile.mkdtemp(prefix="policykg-chromium-profile-"))
    try:
        done = subprocess.run(
            [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={result}", html.as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not result.is_file():
        raise RuntimeError(f"chromium wrote no {result.name} (exit {done.returncode}): {done.stderr[-2000:]}")
    return result
