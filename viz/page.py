"""One self-contained HTML page: template tokens filled once, inline scripts allowed by hash.

Every page policykg writes (network maps, timeline, Taiwan map, plan report) goes through
:func:`fill_template`: the data travels as JSON in ``<script type="application/json">``
(:func:`json_for_script`), the page's own scripts are inlined, and the Content-Security-Policy
lists the SHA-256 of exactly those scripts, so no injected script and no request can run.
:class:`HtmlPage` is the page as a ``str`` that Jupyter shows inline (``_repr_html_``).

Example
-------
>>> page = fill_template("<title>@@TITLE@@</title><script>@@JS@@</script>@@CSP_SCRIPT_HASHES@@",
...                      {"TITLE": "&lt;b&gt;", "JS": "1"})
>>> page.startswith("<title>&lt;b&gt;</title><script>1</script>'sha256-")
True
"""
from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re

from policykg.errors import PolicyKGError

__all__ = ["json_for_script", "fill_template", "inline_script", "HtmlPage"]

_TOKEN = re.compile(r"@@([A-Z_]+)@@")
_CSP = "@@CSP_SCRIPT_HASHES@@"


def json_for_script(value) -> str:
    """JSON safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&``, U+2028, U+2029 escaped.

    >>> json_for_script({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def inline_script(source: str, name: str) -> str:
    """A vendored or own script checked to be safe to inline (no ``</script``).

    >>> inline_script("var a = 1;", "a.js")
    'var a = 1;'
    """
    if re.search(r"</script", source, re.I):  # pragma: no cover - guards a vendored-file update
        raise PolicyKGError(f"{name} contains '</script' and cannot be inlined")
    return source


def fill_template(template: str, values: dict[str, str]) -> str:
    """Fill ``@@NAME@@`` tokens in one pass (inserted text is never scanned again), then put
    the SHA-256 of every inline ``<script>`` body where ``@@CSP_SCRIPT_HASHES@@`` stands."""
    values = {**values, "CSP_SCRIPT_HASHES": _CSP}
    page = _TOKEN.sub(lambda m: values[m.group(1)], template)
    hashes = []
    for match in re.finditer(r"<script>(.*?)</script>", page, re.S):
        digest = hashlib.sha256(match.group(1).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    head, sep, rest = page.partition(_CSP)
    return head + " ".join(hashes) + rest if sep else page


class HtmlPage(str):
    """A whole HTML page as text that Jupyter displays inline, in an ``<iframe srcdoc>``.

    >>> HtmlPage("<p>x</p>")._repr_html_().startswith('<iframe srcdoc="&lt;p&gt;x&lt;/p&gt;"')
    True
    """

    height = 720

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html_lib.escape(str(self), quote=True)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                'title="policykg view"></iframe>')
