"""Figures for papers: a PNG screenshot or an SVG of a written page, made in headless Chromium.

The page is opened from ``file://`` with every other request aborted; the figure is taken
once the page says it is drawn (``window.policykgView``). PNG: a screenshot of the whole
page (or the viewport for network maps) at ``scale`` device pixels per CSS pixel. SVG: the
page's drawn SVG elements (timeline, tile map, charts) serialised with their text; for a
network map, an SVG written from the node positions the page shows.
Needs the ``playwright`` Python package (extra ``browser``) and Chromium (``/usr/bin/chromium`` or
``POLICYKG_CHROMIUM``); no browser download.

Example
-------
>>> import policykg, tempfile, pathlib
>>> html = policykg.load_plan().timeline(out=pathlib.Path(tempfile.mkdtemp()) / "t.html")
>>> save_figure(html, png=html.with_suffix(".png"))       # doctest: +SKIP
"""
from __future__ import annotations

import os
from pathlib import Path

from policykg.errors import PolicyKGError

__all__ = ["CHROMIUM_ARGS", "chromium_executable", "save_figure"]

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

_NETWORK_SVG = r"""() => {
  const m = window.policykgMap, net = m.network, D = m.data;
  const pos = net.getPositions();
  const ids = net.body.nodeIndices;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  ids.forEach(id => { const p = pos[id]; x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); });
  const pad = 60, W = x1 - x0 + 2 * pad, H = y1 - y0 + 2 * pad;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("xmlns", ns); svg.setAttribute("viewBox", `${x0 - pad} ${y0 - pad} ${W} ${H}`);
  svg.setAttribute("width", W); svg.setAttribute("height", H);
  const add = (tag, attrs, text) => { const e = document.createElementNS(ns, tag); for (const k in attrs) e.setAttribute(k, attrs[k]); if (text) e.textContent = text; svg.appendChild(e); return e; };
  add("rect", {x: x0 - pad, y: y0 - pad, width: W, height: H, fill: "#ffffff"});
  const shown = new Set(ids);
  net.body.edgeIndices.forEach(id => { const e = net.body.edges[id]; if (!shown.has(e.fromId) || !shown.has(e.toId)) return;
    const a = pos[e.fromId], b = pos[e.toId]; add("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "#9aa7b4", "stroke-opacity": 0.6, "stroke-width": e.options.width || 1}); });
  ids.forEach(id => { const n = net.body.nodes[id], p = pos[id];
    add("circle", {cx: p.x, cy: p.y, r: n.options.size || 8, fill: n.options.color.background, stroke: "#333", "stroke-width": 0.8}); });
  ids.forEach(id => { const n = net.body.nodes[id], p = pos[id]; const label = n.options.label; if (!label || !label.trim()) return;
    const size = (n.options.font && n.options.font.size) || 12;
    add("text", {x: p.x, y: p.y + (n.options.size || 8) + size, "text-anchor": "middle", "font-size": size, "font-family": "Noto Sans CJK TC, sans-serif", fill: "#222", stroke: "#fff", "stroke-width": 3, "paint-order": "stroke"}, label); });
  return new XMLSerializer().serializeToString(svg);
}"""

_PAGE_SVG = r"""() => {
  const svgs = [...document.querySelectorAll("main svg")].filter(s => s.getBoundingClientRect().width > 60);
  const ns = "http://www.w3.org/2000/svg";
  let y = 0, W = 0; const parts = [];
  const title = document.getElementById("heading").textContent;
  const out = document.createElementNS(ns, "svg"); out.setAttribute("xmlns", ns);
  const head = document.createElementNS(ns, "text"); head.setAttribute("x", 8); head.setAttribute("y", 22);
  head.setAttribute("font-size", 18); head.setAttribute("font-weight", 700); head.setAttribute("font-family", "Noto Sans CJK TC, sans-serif");
  head.textContent = title; out.appendChild(head); y = 34;
  svgs.forEach(s => { const w = +s.getAttribute("width"), h = +s.getAttribute("height");
    const g = document.createElementNS(ns, "g"); g.setAttribute("transform", `translate(0 ${y})`);
    const copy = s.cloneNode(true); copy.removeAttribute("role"); g.appendChild(copy); out.appendChild(g);
    y += h + 16; W = Math.max(W, w); });
  out.setAttribute("width", W); out.setAttribute("height", y); out.setAttribute("viewBox", `0 0 ${W} ${y}`);
  out.setAttribute("font-family", "Noto Sans CJK TC, sans-serif");
  return new XMLSerializer().serializeToString(out);
}"""


def chromium_executable() -> Path:
    """Chromium to drive: ``$POLICYKG_CHROMIUM`` or ``/usr/bin/chromium``."""
    path = Path(os.environ.get("POLICYKG_CHROMIUM", "/usr/bin/chromium"))
    if not path.is_file():
        raise PolicyKGError(f"figures need Chromium: {path} not found (set POLICYKG_CHROMIUM)")
    return path


def save_figure(html_path, png=None, svg=None, width: int = 1400, height: int = 900, scale: float = 1.0,
                full_page: bool | None = None) -> list[Path]:
    """Write a PNG and/or SVG of the page at ``html_path``; returns the paths written.

    ``full_page=None``: whole page for timeline, map and report pages, the viewport for
    network maps (whose canvas fills the window). Inside a running event loop (Jupyter,
    another Playwright session) the browser is driven from a worker thread.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    args = (html_path, png, svg, width, height, scale, full_page)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _save(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_save, *args).result()


def _save(html_path, png, svg, width, height, scale, full_page) -> list[Path]:
    from policykg.viz.maps import write_atomic

    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - depends on the install
        raise PolicyKGError("figures need the playwright package: pip install 'policykg[browser]'") from error
    html_path = Path(html_path).resolve()
    url = html_path.as_uri()
    written = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_executable()), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            _wait_until_drawn(page, timeout=60.0)
            network = page.evaluate("!!window.policykgMap")
            if network:  # hold the layout still and place the labels for it
                page.wait_for_timeout(300)
                page.evaluate("() => { const m = window.policykgMap; m.network.setOptions({physics: false}); m.declutter(); }")
                page.wait_for_timeout(300)
            if errors:
                raise PolicyKGError(f"{html_path}: the page failed to draw: {errors[0]}")
            if png is not None:
                data = page.screenshot(full_page=(not network) if full_page is None else full_page, type="png")
                written.append(write_atomic(png, data))
            if svg is not None:
                text = page.evaluate(_NETWORK_SVG if network else _PAGE_SVG)
                written.append(write_atomic(svg, '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"))
            context.close()
        finally:
            browser.close()
    return written


def _wait_until_drawn(page, timeout: float) -> None:
    """Poll until the page says it is drawn. Playwright's ``wait_for_function`` would evaluate its
    string predicate with ``eval`` inside the page when it has to poll, which the page's
    Content-Security-Policy forbids; ``page.evaluate`` runs over the DevTools protocol."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate("!!(window.policykgView && window.policykgView.ms)"):
        if time.monotonic() > deadline:
            raise PolicyKGError(f"the page was not drawn within {timeout:.0f} s")
        page.wait_for_timeout(50)
