"""Bad PDFs through ``policykg build X --out DIR``: one line naming the file (and page), exit 1,
nothing written, no traceback. Each bad file is made here from the shipped net-zero PDF."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from policykg.loaders.plan_document import default_plan_path

NET_ZERO = default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf")


def first_pages(count: int = 3):
    import pypdf

    reader = pypdf.PdfReader(str(NET_ZERO))
    writer = pypdf.PdfWriter()
    for page in reader.pages[:count]:
        writer.add_page(page)
    return writer


def scanned(path: Path) -> None:
    """Page 3 rasterised (pypdfium2) and saved as an image-only PDF (PIL)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(NET_ZERO))
    try:
        image = document[2].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    image.save(path, "PDF", resolution=72)


def encrypted(path: Path) -> None:
    writer = first_pages()
    writer.encrypt("secret")
    writer.write(str(path))


def truncated(path: Path) -> None:
    data = NET_ZERO.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def corrupt(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)


def broken_page_2(path: Path) -> None:
    """Three good pages, then page 2's dictionary overwritten with ``null`` (offsets kept)."""
    buffer = io.BytesIO()
    first_pages().write(buffer)
    data = buffer.getvalue()
    import pypdf

    number = pypdf.PdfReader(io.BytesIO(data)).pages[1].indirect_reference.idnum
    found = re.search(rb"\n%d 0 obj\s*(.*?)endobj" % number, data, re.S)
    body = found.group(1)
    path.write_bytes(data[: found.start(1)] + b"null".ljust(len(body)) + data[found.end(1):])


CASES = {
    "scanned": (scanned, "the PDF has no text layer (a scanned document?); OCR is not supported"),
    "encrypted": (encrypted, "the PDF is encrypted; save an unprotected copy and try again"),
    "truncated": (truncated, "not a readable PDF (the file is damaged or truncated)"),
    "corrupt": (corrupt, "not a readable PDF (the file is damaged or truncated)"),
    "page_2_fails": (broken_page_2, "page 2: the page cannot be read"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_build_of_a_bad_pdf_prints_one_line_exits_1_and_writes_nothing(tmp_path, case):
    make, message = CASES[case]
    path = tmp_path / "plan.pdf"
    make(path)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "policykg", "build", str(path), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: {message}"), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or not any(out.iterdir())  # the workspace may leave its empty folder
    assert sorted(p.name for p in tmp_path.iterdir()) in (["plan.pdf"], ["out", "plan.pdf"])


def test_a_pdf_protected_only_against_editing_is_read(tmp_path):
    """An owner password alone (no password to open) does not stop reading."""
    from policykg.loaders.readers import read_document

    writer = first_pages()
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "plan.pdf"
    writer.write(str(path))
    doc = read_document(path)
    assert doc.pages == 3 and doc.lines[1] == "路徑及策略總說明"
