"""Word documents (.docx), read from their WordprocessingML with lxml.

* Headings: a paragraph whose style (or a style it is based on) is 「Heading n」 / 「Title」 or
  carries ``w:outlineLvl`` becomes ``#`` × level + its text; numbering markers typed in the text
  (壹、 一、 (一) 1. …) stay in the text, and Word's automatic numbering (``w:numPr``) is written
  out in front of the text from ``numbering.xml`` (decimal, 一二三, 壹貳參, A/a, I/i), so the
  plan parser finds headings by their markers either way.
* Tables: one canonical row per ``w:tr``; a ``w:gridSpan`` cell is its text plus empty cells;
  a ``w:vMerge`` continuation is an empty cell recorded in ``DocumentText.merged``.
* Footnotes and endnotes (``footnotes.xml`` / ``endnotes.xml``): the reference becomes the
  mark ``<sup>n</sup>`` (footnotes 1, 2, … and endnotes i, ii, … in document order), the
  note's text follows its paragraph (or table) as a line ``<sup>n</sup> text``.
* Provenance: ``Location(page, line)`` with ``line`` the paragraph or table row number (on its
  page when the document has explicit page breaks: ``w:br w:type="page"``, ``pageBreakBefore``).

Example
-------
>>> from pathlib import Path
>>> import tempfile, docx as python_docx
>>> d = python_docx.Document(); _ = d.add_heading("壹、前言", 1); _ = d.add_paragraph("本文")
>>> p = Path(tempfile.mkdtemp()) / "x.docx"; d.save(p)
>>> read(p, p.read_bytes()).lines
['# 壹、前言', '本文']
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from policykg.errors import PlanParseError
from policykg.loaders.readers.canonical import CanonicalLines, cell_text
from policykg.loaders.readers.numbering import format_number

__all__ = ["read"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(path, archive: zipfile.ZipFile, name: str, required: bool):
    from lxml import etree

    try:
        data = archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PlanParseError(path, None, f"not a readable DOCX ({name} is damaged: {exc})") from exc
    except KeyError:
        if required:
            raise PlanParseError(path, None, f"not a readable DOCX (the package has no {name})") from None
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PlanParseError(path, None, f"not a readable DOCX ({name}: {exc})") from exc


class _Styles:
    """Heading level, page-break-before and numbering of each paragraph style (with basedOn)."""

    def __init__(self, root):
        self.raw: dict[str, dict] = {}
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            sid = style.get(f"{W}styleId")
            name = style.find(f"{W}name")
            ppr = style.find(f"{W}pPr")
            based = style.find(f"{W}basedOn")
            entry = {"name": (name.get(f"{W}val") if name is not None else sid or "").lower(),
                     "based": based.get(f"{W}val") if based is not None else None}
            if ppr is not None:
                lvl = ppr.find(f"{W}outlineLvl")
                if lvl is not None:
                    entry["outline"] = int(lvl.get(f"{W}val", "9")) + 1
                if ppr.find(f"{W}pageBreakBefore") is not None:
                    entry["break"] = _on(ppr.find(f"{W}pageBreakBefore"))
                num = ppr.find(f"{W}numPr")
                if num is not None:
                    entry["num"] = _num_pr(num)
            self.raw[sid] = entry

    def lookup(self, sid: str | None, key: str):
        seen = set()
        while sid and sid in self.raw and sid not in seen:
            seen.add(sid)
            entry = self.raw[sid]
            if key == "heading":
                m = re.fullmatch(r"heading\s*(\d)", entry["name"])
                if m:
                    return int(m.group(1))
                if entry["name"] == "title":
                    return 1
                if "outline" in entry and entry["outline"] <= 9:
                    return entry["outline"]
            elif key in entry:
                return entry[key]
            sid = entry["based"]
        return None


def _on(element) -> bool:
    return element.get(f"{W}val", "true") not in ("0", "false", "off")


def _num_pr(num) -> tuple[str | None, int]:
    num_id = num.find(f"{W}numId")
    ilvl = num.find(f"{W}ilvl")
    return (num_id.get(f"{W}val") if num_id is not None else None, int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0)


class _Numbering:
    """Word's automatic list numbering: numId → abstract levels (format, text, start) and counters."""

    def __init__(self, root):
        self.levels: dict[str, dict[int, tuple[str, str, int, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract = {}
        for a in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                suffix = lvl.find(f"{W}suff")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                    "" if suffix is not None and suffix.get(f"{W}val") == "nothing" else " ",
                )
            abstract[a.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})

    def marker(self, num_id: str | None, ilvl: int) -> str:
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][2]
        fmt, text, _, suffix = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""

        def level_number(m):
            k = int(m.group(1)) - 1
            lvl_fmt, _, start, _ = levels.get(k, ("decimal", "", 1, ""))
            return format_number(counters[k] or start, lvl_fmt)

        return re.sub(r"%(\d)", level_number, text) + suffix


def _paragraph_text(p, cite=None) -> tuple[str, int]:
    """The text of a paragraph (superscript runs as ``<sup>…</sup>``) and its page breaks;
    ``cite(kind, id)`` gives the mark of a footnote or endnote reference."""
    parts: list[str] = []
    breaks = 0
    for run in p.iter(f"{W}r"):
        if any(a.tag == f"{W}del" for a in run.iterancestors()):
            continue
        rpr = run.find(f"{W}rPr")
        valign = rpr.find(f"{W}vertAlign") if rpr is not None else None
        sup = valign is not None and valign.get(f"{W}val") == "superscript"
        text = []
        for child in run:
            tag = child.tag
            if tag == f"{W}t":
                text.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                text.append("\t")
            elif tag == f"{W}br":
                if child.get(f"{W}type") == "page":
                    breaks += 1
                else:
                    text.append("\n")
            elif tag == f"{W}cr":
                text.append("\n")
            elif tag == f"{W}noBreakHyphen":
                text.append("-")
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference") and cite is not None:
                text.append(cite(tag, child.get(f"{W}id")))
        joined = "".join(text)
        parts.append(f"<sup>{joined}</sup>" if sup and joined.strip() and "<sup>" not in joined else joined)
    return "".join(parts), breaks


def _note_texts(root, tag: str) -> dict[str, str]:
    """id → text of each footnote (``w:footnote``) or endnote, separators left out."""
    if root is None:
        return {}
    return {
        note.get(f"{W}id"): " ".join(_paragraph_text(p)[0].strip() for p in note.iter(f"{W}p")).strip()
        for note in root.iter(tag)
        if note.get(f"{W}type") in (None, "normal")
    }


class _Reader:
    def __init__(self, path, styles: _Styles, numbering: _Numbering, notes=None):
        self.path = path
        self.styles = styles
        self.numbering = numbering
        self.out = CanonicalLines()
        self.note_texts = notes or {}
        self.note_numbers = {f"{W}footnoteReference": 0, f"{W}endnoteReference": 0}
        self.pending_notes: list[str] = []  # 「<sup>n</sup> text」 lines to write after the paragraph

    def cite(self, kind: str, note_id: str | None) -> str:
        """The mark of a note reference (Word numbers footnotes 1, 2, … in document order)."""
        self.note_numbers[kind] += 1
        number = self.note_numbers[kind]
        mark = str(number) if kind == f"{W}footnoteReference" else format_number(number, "lowerRoman")
        text = self.note_texts.get((kind, note_id), "")
        self.pending_notes.append(f"<sup>{mark}</sup> {text}".strip())
        return f"<sup>{mark}</sup>"

    def flush_notes(self) -> None:
        for note in self.pending_notes:
            self.out.paragraph(note)
        self.pending_notes.clear()

    def _style_of(self, p) -> str | None:
        ps = p.find(f"{W}pPr/{W}pStyle")
        return ps.get(f"{W}val") if ps is not None else None

    def _marker(self, p, style) -> str:
        num = p.find(f"{W}pPr/{W}numPr")
        num_pr = _num_pr(num) if num is not None else self.styles.lookup(style, "num")
        if not num_pr or num_pr[0] in (None, "0"):
            return ""
        return self.numbering.marker(*num_pr)

    def paragraph(self, p) -> None:
        style = self._style_of(p)
        ppr = p.find(f"{W}pPr")
        brk = ppr.find(f"{W}pageBreakBefore") if ppr is not None else None
        if (brk is not None and _on(brk)) or (brk is None and self.styles.lookup(style, "break")):
            self.out.page_break()
        level = None
        lvl = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        if lvl is not None and int(lvl.get(f"{W}val", "9")) < 9:
            level = int(lvl.get(f"{W}val")) + 1
        level = level or self.styles.lookup(style, "heading")
        text, breaks = _paragraph_text(p, self.cite)
        marker = self._marker(p, style)
        if marker and text.strip():
            text = marker + text.lstrip()
        self.out.paragraph(text, heading=level)
        self.flush_notes()
        for _ in range(breaks):
            self.out.page_break()

    def cell_paragraphs(self, tc) -> list[list[str]]:
        paragraphs = []
        for p in tc.iter(f"{W}p"):
            text, _ = _paragraph_text(p, self.cite)
            marker = self._marker(p, self._style_of(p))
            if marker and text.strip():
                text = marker + text.lstrip()
            paragraphs.append(text.replace("\t", " ").split("\n"))
        return paragraphs

    def table(self, tbl) -> None:
        for tr in tbl.findall(f"{W}tr"):
            cells: list[str] = []
            merged: list[int] = []
            trpr = tr.find(f"{W}trPr")
            before = trpr.find(f"{W}gridBefore") if trpr is not None else None
            if before is not None:
                cells.extend([""] * int(before.get(f"{W}val", "0")))
            for tc in tr.iter(f"{W}tc"):
                if next(tc.iterancestors(f"{W}tbl")) is not tbl:
                    continue  # a nested table's cell: its text is part of the outer cell
                tcpr = tc.find(f"{W}tcPr")
                span = 1
                vmerge = None
                if tcpr is not None:
                    gs = tcpr.find(f"{W}gridSpan")
                    span = int(gs.get(f"{W}val", "1")) if gs is not None else 1
                    vmerge = tcpr.find(f"{W}vMerge")
                if vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue":
                    merged.extend(range(len(cells), len(cells) + span))
                    cells.extend([""] * span)
                    continue
                cells.append(cell_text(self.cell_paragraphs(tc)))
                cells.extend([""] * (span - 1))
            if cells:
                self.out.row(cells, merged)

    def body(self, element) -> None:
        for child in element:
            if child.tag == f"{W}p":
                self.paragraph(child)
            elif child.tag == f"{W}tbl":
                self.table(child)
                self.flush_notes()  # notes cited in cells follow the table
            elif child.tag == f"{W}sdt":  # a content control: its content is part of the body
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.body(content)
            elif child.tag in (f"{W}customXml", f"{W}ins", f"{W}smartTag"):
                self.body(child)


def read(path, data: bytes):
    """Paragraphs, headings and tables of a DOCX as canonical lines (see module docstring)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise PlanParseError(path, None, f"not a readable DOCX (not a ZIP package, or a truncated one: {exc})") from exc
    try:
        with archive:
            document = _xml(path, archive, "word/document.xml", required=True)
            styles = _Styles(_xml(path, archive, "word/styles.xml", required=False))
            numbering = _Numbering(_xml(path, archive, "word/numbering.xml", required=False))
            notes = {}
            for name, kind, tag in (("footnotes", "footnoteReference", "footnote"), ("endnotes", "endnoteReference", "endnote")):
                for note_id, text in _note_texts(_xml(path, archive, f"word/{name}.xml", required=False), f"{W}{tag}").items():
                    notes[(f"{W}{kind}", note_id)] = text
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise PlanParseError(path, None, f"not a readable DOCX (damaged package: {exc})") from exc
    body = document.find(f"{W}body")
    if body is None:
        raise PlanParseError(path, None, "not a readable DOCX (word/document.xml has no w:body)")
    reader = _Reader(path, styles, numbering, notes)
    reader.body(body)
    doc = reader.out.build(path, data, "docx")
    if not doc.lines:
        raise PlanParseError(path, None, "the document has no text")
    return doc
