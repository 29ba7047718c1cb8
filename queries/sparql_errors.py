"""SPARQL parser errors as one readable line (the undeclared prefix named, not "Prefix not found").

Example
-------
>>> sparql_error_line("SELECT ?x WHERE { ?x a nope:Thing }", SyntaxError("error at 1:34: expected one of Prefix not found, ['%']"), {"pkg": "urn:p#"})
'error at 1:24: undeclared prefix nope: (declare it with PREFIX nope: <…>; predefined: pkg)'
"""
from __future__ import annotations

import re

__all__ = ["sparql_error_line", "undeclared_prefixes"]

_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
# Prefixed names outside IRIs, strings and comments; ``?x:`` / ``$x:`` are not prefixes.
_SKIP = re.compile(r'<[^<>"{}|^`\s]*>|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_PREFIXED = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?=[\w%\\]|\s|[;,.)}\]])")


def undeclared_prefixes(text: str, predefined=()) -> list[tuple[str, int, int]]:
    """(prefix, line, column) of each prefixed name whose prefix is neither declared nor predefined.

    >>> undeclared_prefixes('PREFIX a: <urn:a#>\\nSELECT * { ?s a:p b:o }', ["pkg"])
    [('b', 2, 19)]
    """
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)} | set(predefined)
    blanked = _SKIP.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for match in _PREFIXED.finditer(blanked):
        prefix = match.group(1) or ""
        if prefix in declared or prefix.lower() in ("http", "https", "urn") or prefix.upper() == "PREFIX":
            continue
        line = blanked.count("\n", 0, match.start()) + 1
        column = match.start() - (blanked.rfind("\n", 0, match.start()) + 1) + 1
        found.append((prefix, line, column))
    return found


def sparql_error_line(text: str, error: Exception, predefined: dict | None = None) -> str:
    """One line for a SPARQL error: an undeclared prefix named with where it is, else the parser's message whole."""
    message = " ".join(str(error).split())
    if "Prefix not found" in message:
        missing = undeclared_prefixes(text, predefined or {})
        if missing:
            prefix, line, column = missing[0]
            known = ", ".join(sorted(predefined or {})) or "none"
            return (f"error at {line}:{column}: undeclared prefix {prefix}: "
                    f"(declare it with PREFIX {prefix}: <…>; predefined: {known})")
    return message
