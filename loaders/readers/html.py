"""HTML plans: a saved ministry page or pdftohtml output, read with lxml.

* ``<h1>``–``<h6>`` become ``#`` × level + text; ``<p>``, ``<li>``, ``<div>`` … are paragraphs;
  text directly in ``<body>`` (pdftohtml) is cut into lines at each ``<br/>``; ``&#160;`` is a
  space; ``<sup>n</sup>`` stays as written (footnote marks); ``<script>``/``<style>`` are dropped.
* ``<hr/>`` is a page break (pdftohtml puts one between pages).
* Tables: one canonical row per ``<tr>``; ``colspan`` gives empty cells after the text,
  ``rowspan`` empty cells in the rows below, recorded in ``DocumentText.merged``; ``<br/>``
  inside a cell is a line break, its ``<p>`` / ``<li>`` are paragraphs.
* Provenance: ``Location(page, line)`` with ``line`` the paragraph, line or table row number
  (on its page when the document has ``<hr/>`` page breaks).

Example
-------
>>> html = "<html><body><h2>一、緣起</h2><table><tr><td rowspan=2>甲</td><td>1</td></tr><tr><td>2</td></tr></table></body></html>"
>>> doc = read("x.html", html.encode())
>>> doc.lines, sorted(doc.merged)
(['## 一、緣起', '甲\\t1', '\\t2'], [(3, 0)])
"""
from __future__ import annotations

import re

from policykg.errors import PlanParseError
from policykg.loaders.readers.canonical import CanonicalLines, cell_text

__all__ = ["read", "table_rows"]

_BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main", "header",
           "footer", "nav", "aside", "blockquote", "pre", "center", "figure", "figcaption", "form",
           "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr", "address", "body", "html", "caption"}
_SKIP = {"script", "style", "head", "title", "noscript", "template"}
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _inline(element, keep_newlines=False) -> str:
    """Text of an inline run: ``<br>`` is a newline, ``<sup>`` kept as markup, blanks collapsed."""
    parts = [_WS.sub(" ", element.text or "")]
    for child in element:
        tag = _tag(child)
        if tag == "br":
            parts.append("\n")
        elif tag in _SKIP or not tag:
            pass
        elif tag == "sup":
            inner = _inline(child).strip()
            parts.append(f"<sup>{inner}</sup>" if inner else "")
        else:
            parts.append(_inline(child))
        parts.append(_WS.sub(" ", child.tail or ""))
    return "".join(parts)


def _cell_paragraphs(cell) -> list[list[str]]:
    """A cell's paragraphs (``<p>``, ``<li>``, ``<div>``; the loose text between them is one
    more), each as its lines (``<br/>``)."""
    paragraphs: list[list[str]] = []
    loose: list[str] = [_WS.sub(" ", cell.text or "")]

    def flush():
        text = "".join(loose)
        if text.strip():
            paragraphs.append([line.strip() for line in text.split("\n")])
        loose.clear()

    for child in cell:
        tag = _tag(child)
        if tag in ("p", "li", "div", "ol", "ul", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6"):
            flush()
            if any(_tag(c) in ("p", "li", "div", "ol", "ul") for c in child):
                paragraphs.extend(_cell_paragraphs(child))
            else:
                text = _inline(child)
                if text.strip():
                    paragraphs.append([line.strip() for line in text.split("\n")])
        elif tag == "br":
            loose.append("\n")
        elif tag and tag not in _SKIP:
            loose.append(_inline(child))
        loose.append(_WS.sub(" ", child.tail or ""))
    flush()
    return paragraphs


def table_rows(table) -> list[tuple[list[str], list[int], object]]:
    """(cells, vertically merged columns, ``<tr>`` element) of each row of an lxml ``<table>``."""
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
    below: dict[int, int] = {}
    out = []
    for tr in rows:
        cells: list[str] = []
        merged: list[int] = []

        def skip_covered():
            while below.get(len(cells), 0) > 0:
                merged.append(len(cells))
                cells.append("")

        for cell in tr:
            if _tag(cell) not in ("td", "th"):
                continue
            skip_covered()
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            column = len(cells)
            cells.append(cell_text(_cell_paragraphs(cell)))
            cells.extend([""] * (colspan - 1))
            for c in range(column, column + colspan):
                below[c] = rowspan
        skip_covered()
        for c in list(below):
            below[c] -= 1
        out.append((cells, merged, tr))
    return out


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


class _Reader:
    def __init__(self):
        self.out = CanonicalLines()
        self.loose: list[str] = []

    def flush(self) -> None:
        text = "".join(self.loose)
        self.loose.clear()
        for line in text.split("\n"):
            if line.strip():
                self.out.paragraph(line.strip())

    def block(self, element) -> None:
        tag = _tag(element)
        if tag in _SKIP:
            return
        if tag == "hr":
            self.flush()
            self.out.page_break()
            return
        if tag == "table":
            self.flush()
            for cells, merged, _ in table_rows(element):
                if cells:
                    self.out.row(cells, merged)
            return
        heading = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else None
        has_blocks = any(_tag(c) in _BLOCKS for c in element)
        if heading or (tag in ("p", "li", "dt", "dd", "pre", "caption", "figcaption") and not has_blocks):
            self.flush()
            text = _inline(element)
            for i, line in enumerate(text.split("\n")):
                if line.strip():
                    self.out.paragraph(line.strip(), heading=heading if i == 0 else None)
            return
        self.loose.append(_WS.sub(" ", element.text or ""))
        for child in element:
            ctag = _tag(child)
            if ctag in _BLOCKS:
                self.flush()
                self.block(child)
            elif ctag == "br":
                self.loose.append("\n")
            elif ctag == "sup":
                inner = _inline(child).strip()
                self.loose.append(f"<sup>{inner}</sup>" if inner else "")
            elif ctag and ctag not in _SKIP:
                self.loose.append(_inline(child))
            self.loose.append(_WS.sub(" ", child.tail or ""))
        self.flush()


def read(path, data: bytes):
    """Headings, paragraphs, lines and tables of an HTML page (see module docstring)."""
    import lxml.html
    from lxml import etree

    try:
        data.decode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8")
    except UnicodeDecodeError:
        parser = None  # lxml reads the page's own <meta charset>
    try:
        root = lxml.html.document_fromstring(data.lstrip(b"\xef\xbb\xbf"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise PlanParseError(path, None, f"not a readable HTML page ({exc})") from exc
    body = root.find("body")
    reader = _Reader()
    reader.block(body if body is not None else root)
    doc = reader.out.build(path, data, "html")
    if not doc.lines:
        raise PlanParseError(path, None, "the page has no text")
    return doc
