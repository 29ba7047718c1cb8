"""The shipped plan as HTML: a saved ministry page, and a pdftohtml-like page of lines.

:func:`render_html` writes ``<h1>``–``<h6>`` headings, ``<p>`` paragraphs and tables with a
``<thead>`` header row, ``rowspan`` / ``colspan`` spans, ``<p>`` list items and ``<br/>`` line
breaks inside cells. :func:`render_pdftohtml_like` writes what ``pdftohtml -noframes`` gives
for prose (one ``<br/>``-terminated line per text line, ``&#160;`` for spaces, ``<hr/>`` between
pages), keeping the tables as HTML tables.

Example
-------
>>> import tempfile
>>> text = render_html(tempfile.mkdtemp()).read_text()
>>> "<thead>" in text, 'rowspan="2"' in text, 'colspan="4"' in text, "<br/>" in text
(True, True, True, True)
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from renderers.blocks import CellSpec, Heading, Paragraph, TableBlock, plan_blocks

__all__ = ["render_html", "render_pdftohtml_like"]


#: print layout: A4, a ruled table whose header row repeats on each page and whose rows may split
_PRINT_CSS = (
    "@page { size: A4; margin: 2cm; } body { font-family: 'Noto Sans CJK TC', sans-serif; font-size: 11pt; }"
    " table { border-collapse: collapse; width: 100%; } thead { display: table-header-group; }"
    " th, td { border: 1px solid #000; vertical-align: top; padding: 2pt; } tr { break-inside: auto; }"
    " td p, th p { margin: 0; }"
)


def _runs(runs) -> str:
    out = []
    for run in runs:
        text = escape(run.text, quote=False)
        out.append(f"<sup>{text}</sup>" if run.superscript else f"<b>{text}</b>" if run.bold else text)
    return "".join(out)


def _cell(spec: CellSpec, tag: str) -> str:
    attrs = (f' rowspan="{spec.rowspan}"' if spec.rowspan > 1 else "") + (
        f' colspan="{spec.colspan}"' if spec.colspan > 1 else ""
    )
    paragraphs = ["<br/>".join(escape(line, quote=False) for line in lines) for lines in spec.paragraphs]
    if spec.bold:
        paragraphs = [f"<b>{p}</b>" for p in paragraphs]
    body = paragraphs[0] if len(paragraphs) == 1 else "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<{tag}{attrs}>{body}</{tag}>"


def _table(block: TableBlock) -> list[str]:
    out = ['<table border="1">']
    if block.kind == "measures" and block.columns == 4:
        out.append("<colgroup>" + "".join(f'<col style="width:{w}%"/>' for w in (20, 45, 15, 20)) + "</colgroup>")
    out.append("<thead>")
    for r, row in enumerate(block.rows):
        if r == block.header_rows:
            out += ["</thead>", "<tbody>"]
        tag = "th" if r < block.header_rows else "td"
        out.append("<tr>" + "".join(_cell(spec, tag) for spec in row if spec is not None) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _page(body: list[str]) -> str:
    head = ['<!DOCTYPE html>', '<html lang="zh-Hant">', '<head><meta charset="utf-8"/>',
            "<title>AI 新十大建設推動方案</title>", f"<style>{_PRINT_CSS}</style></head>", "<body>"]
    return "\n".join(head + body + ["</body>", "</html>", ""])


def render_html(directory, name: str = "ai-new-ten-major-constructions-2026-01.html") -> Path:
    """Write the plan as an HTML page into ``directory``; returns the file's path."""
    body = []
    for block in plan_blocks().blocks:
        if isinstance(block, TableBlock):
            body += _table(block)
        elif isinstance(block, Heading):
            body.append(f"<h{block.level}>{_runs(block.runs)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<li>{_runs(block.runs)}</li>" if block.bullet else f"<p>{_runs(block.runs)}</p>")
    path = Path(directory) / name
    path.write_text(_page(body), encoding="utf-8")
    return path


def render_pdftohtml_like(directory, name: str = "ai-new-ten-major-constructions-2026-01.html") -> Path:
    """Write the plan as pdftohtml writes prose (``<br/>`` lines, ``&#160;``, ``<hr/>`` pages)."""
    body = ['<a name="1"></a>']
    page = 1
    for block in plan_blocks().blocks:
        if isinstance(block, TableBlock):
            body += _table(block)
            continue
        if isinstance(block, Heading) and block.level == 1 and len(body) > 1:
            page += 1
            body += ["<hr/>", f'<a name="{page}"></a>']
        text = _runs(block.runs).replace(" ", "&#160;")
        body.append((f"<b>{text}</b>" if isinstance(block, Heading) else text) + "<br/>")
    path = Path(directory) / name
    path.write_text(_page(body), encoding="utf-8")
    return path
