"""The text layer of the shipped 「臺灣 2050 淨零排放路徑及策略總說明」 PDF, for tests that quote it.

Read with pdfplumber (not through policykg's reader, so a quoted sentence proves itself against
the PDF and not against our own parsing): the lines of a page are joined as prose — no space
between two lines when either side is CJK, one space between Latin words — and the page-number
line at the bottom of each page is dropped; pages are joined the same way (sentences run on
across page breaks).
"""
from __future__ import annotations

from functools import cache

from policykg.loaders.plan_document import default_plan_path
from policykg.loaders.text import is_cjk

__all__ = ["NET_ZERO_PDF", "net_zero_text", "real_net_zero"]

NET_ZERO_PDF = default_plan_path().with_name("tw-2050-net-zero-pathway-2022-03-30.pdf")


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if out and line and not (is_cjk(out[-1]) or is_cjk(line[0])) and out[-1].isalnum() and line[0].isalnum():
            out += " "
        out += line
    return out


@cache
def net_zero_text() -> str:
    """The whole PDF as one prose text."""
    import pdfplumber

    lines: list[str] = []
    with pdfplumber.open(NET_ZERO_PDF) as pdf:
        for page in pdf.pages:
            page_lines = [item["text"] for item in page.extract_text_lines(return_chars=False)]
            if page_lines and page_lines[-1].strip().isdigit():
                page_lines = page_lines[:-1]
            lines.extend(page_lines)
    return _join(lines)


def real_net_zero(sentence: str) -> str:
    """The sentence, after checking that the PDF writes it exactly so."""
    assert sentence in net_zero_text(), sentence
    return sentence
