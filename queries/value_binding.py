"""Parameters bound into SPARQL text for a store that takes no bindings: a ``VALUES`` block.

The SPARQL 1.1 Protocol has no parameter binding, so a remote store gets the parameters in the
query text — never as pasted user text: each value becomes the RDF term the embedded store
binds (:func:`policykg.stores.oxigraph_store.bound_term`: ``5`` → ``"5"^^xsd:integer``, a string
→ a literal), serialised in N-Triples syntax by pyoxigraph (quotes, backslashes, newlines
escaped), in a ``VALUES`` block placed first in the query's WHERE group. There a ``FILTER`` or
``BIND`` of that group sees the value, as with the embedded store's substitution (a trailing
``VALUES`` after the query would join only after the WHERE group is evaluated). Subqueries
joined with that group that project a parameter get the same block (see :func:`with_values`).
The text is read by a small tokenizer (comments, strings and IRIs skipped whole), not parsed.

Example
-------
>>> with_values("SELECT ?n WHERE { ?p <urn:ordinal> ?n }", {"n": 5})
'SELECT ?n WHERE { VALUES (?n) { ("5"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?p <urn:ordinal> ?n }'
>>> query_form("PREFIX a: <urn:a#> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
'CONSTRUCT'
"""
from __future__ import annotations

import re

from policykg.errors import QueryError

__all__ = ["with_values", "query_form", "declares_dataset"]

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
# Comments, strings (long ones first), IRIs, words (keywords, prefixed names, variables), braces.
_TOKEN = re.compile(r"""
    (?P<space>\s+) | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '(?:[^'\\\n]|\\.)*' | "(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[?$]\w+|[A-Za-z_][\w\-]*:?) | (?P<brace>[{}]) | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def _tokens(text: str):
    """(kind, start, value) of each significant token: comments, strings and IRIs are skipped whole."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind not in ("space", "comment"):
            yield kind, match.start(), match.group()


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (None for no query form, e.g. an update).

    >>> query_form("# SELECT in a comment\\nASK { ?s ?p 'SELECT' }")
    'ASK'
    """
    for kind, _, value in _tokens(text):
        if kind == "word" and value.upper() in _FORMS:
            return value.upper()
    return None


def declares_dataset(text: str) -> bool:
    """Whether the query names its own dataset (a ``FROM`` or ``FROM NAMED`` clause).

    >>> declares_dataset("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }")
    True
    >>> declares_dataset("SELECT ?from WHERE { ?s ex:FROM 'FROM <urn:g>' } # FROM <urn:h>")
    False
    """
    depth, previous_end = 0, None
    for kind, start, value in _tokens(text):
        if kind == "brace":
            depth += 1 if value == "{" else -1
        elif kind == "word" and depth == 0 and value.upper() == "FROM" and start != previous_end:
            return True  # at depth 0 and not the local part of a prefixed name (ex:FROM)
        previous_end = start + len(value) if kind == "word" and value.endswith(":") else None
    return False


def _where_group(text: str) -> tuple[int, int, int | None] | None:
    """(index of ``{``, index of its ``}``, index of WHERE in a short-form ``CONSTRUCT WHERE``
    or None) of the query's WHERE group; the template of a CONSTRUCT is skipped."""
    form, depth, opening, after_template, where_at, previous = None, 0, None, False, None, None
    for kind, start, value in _tokens(text):
        if form is None:
            if kind == "word" and value.upper() in _FORMS:
                form = previous = value.upper()
            continue
        if kind == "word" and value.upper() == "WHERE" and depth == 0:
            where_at = start if previous == "CONSTRUCT" else -1
        previous = value.upper()
        if kind != "brace":
            continue
        if value == "{":
            if depth == 0 and not (form == "CONSTRUCT" and where_at is None and not after_template):
                opening = start
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                if opening is not None:
                    return opening, start, (where_at if where_at is not None and where_at >= 0 else None)
                after_template = True
    return None


def _matching(tokens: list, i: int) -> int:
    """Index of the brace that closes ``tokens[i]`` (a ``{``)."""
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j][0] == "brace":
            depth += 1 if tokens[j][2] == "{" else -1
            if depth == 0:
                return j
    return len(tokens) - 1


def _word(tokens: list, i: int) -> str:
    return tokens[i][2].upper() if 0 <= i < len(tokens) and tokens[i][0] == "word" else ""


def _is_data_block(tokens: list, i: int) -> bool:
    """``tokens[i]`` opens the data of ``VALUES ?x {`` or ``VALUES (?x ?y) {``."""
    j = i - 1
    if j >= 0 and tokens[j][2] == ")":
        while j >= 0 and tokens[j][2] != "(":
            j -= 1
    return _word(tokens, j - 1) == "VALUES"


def _joined(tokens: list, i: int) -> bool:
    """The group opened at ``tokens[i]`` is joined with its parent (not OPTIONAL, MINUS, EXISTS, SERVICE)."""
    if _word(tokens, i - 1) in ("OPTIONAL", "MINUS", "EXISTS"):
        return False
    return "SERVICE" not in (_word(tokens, i - 2), _word(tokens, i - 3))


def _subquery_points(tokens: list, i: int, names: set, out: list) -> int:
    """Walk the group opened at ``tokens[i]``; collect (token index of a subquery's WHERE ``{``,
    names it projects) for subqueries joined with it; return the index of its closing brace."""
    j = i + 1
    while j < len(tokens) and tokens[j][2] != "}":
        if tokens[j][2] != "{" or tokens[j][0] != "brace":
            j += 1
            continue
        if _is_data_block(tokens, j):
            j = _matching(tokens, j) + 1
        elif not _joined(tokens, j):
            j = _matching(tokens, j) + 1
        elif _word(tokens, j + 1) == "SELECT":
            j = _subselect_points(tokens, j, names, out) + 1
        else:
            j = _subquery_points(tokens, j, names, out) + 1
    return j


def _subselect_points(tokens: list, i: int, names: set, out: list) -> int:
    """``tokens[i]`` opens ``{ SELECT … }``: its WHERE group gets the parameters it projects as
    plain variables (or all, for ``SELECT *``), unless LIMIT/OFFSET make that change its rows."""
    k, depth, projected = i + 2, 0, set()
    while k < len(tokens) and tokens[k][0] != "brace" and _word(tokens, k) != "WHERE":
        value = tokens[k][2]
        depth += (value == "(") - (value == ")")
        if depth == 0 and (value == "*" or value[:1] in "?$"):
            projected.add(value.lstrip("?$"))
        k += 1
    k += _word(tokens, k) == "WHERE"
    closing = _matching(tokens, i)
    if k >= closing or tokens[k][2] != "{":
        return closing
    modifiers = {_word(tokens, m) for m in range(_matching(tokens, k) + 1, closing)}
    shared = names if "*" in projected else names & projected
    if shared and not modifiers & {"LIMIT", "OFFSET"} and _word(tokens, k + 1) != "SELECT":
        out.append((k, shared))
        _subquery_points(tokens, k, shared, out)
    return closing


def _values_block(params: dict) -> str:
    from policykg.stores.oxigraph_store import bound_term

    names = " ".join(f"?{k}" for k in params)
    row = " ".join(str(bound_term(v)) for v in params.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def with_values(text: str, params: dict | None) -> str:
    """``text`` with ``params`` bound by a ``VALUES`` block first in its WHERE group.

    Values become typed RDF terms (:func:`policykg.stores.oxigraph_store.bound_term`) in
    N-Triples syntax; a group that is a bare subquery is wrapped, and a short-form
    ``CONSTRUCT WHERE`` written out, so the result stays valid SPARQL. A subquery joined with
    that group (through groups, UNION, GRAPH; not OPTIONAL, MINUS, EXISTS, SERVICE) that projects
    a parameter, without LIMIT/OFFSET, gets the same values first in its own WHERE group: the
    rows are the same (the outer VALUES keeps only those anyway), and an engine that evaluates
    the subquery first (Oxigraph) no longer computes it for every value.

    >>> with_values('ASK { ?s ?p ?q }', {"q": 'say "hi" }'})
    'ASK { VALUES (?q) { ("say \\\\"hi\\\\" }") } ?s ?p ?q }'
    >>> with_values('SELECT ?n { { SELECT ?n { ?s ?p ?n } } }', {"n": 1}).count("VALUES")
    2
    """
    if not params:
        return text
    bad = sorted(k for k in params if not _VARIABLE.match(str(k)))
    if bad:
        raise QueryError(f"not a SPARQL variable name: {', '.join(map(repr, bad))}")
    group = _where_group(text)
    if group is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    tokens = list(_tokens(text))
    points: list = []
    _subquery_points(tokens, next(n for n, t in enumerate(tokens) if t[1] == group[0]), set(params), points)
    for k, shared in sorted(points, key=lambda p: -tokens[p[0]][1]):
        at = tokens[k][1] + 1
        text = f"{text[:at]} {_values_block({n: v for n, v in params.items() if n in shared})}{text[at:]}"
    opening, closing, short_construct = _where_group(text)
    block = _values_block(params)
    if short_construct is not None:  # CONSTRUCT WHERE { T } → CONSTRUCT { T } WHERE { VALUES … T }
        body = text[opening + 1:closing]
        return f"{text[:short_construct]}{{{body}}} WHERE {{ {block}{body}}}{text[closing + 1:]}"
    inner = list(_tokens(text[opening + 1:closing]))
    if inner and inner[0][0] == "word" and inner[0][2].upper() == "SELECT":  # WHERE { SELECT … }
        return f"{text[:opening + 1]} {block} {{{text[opening + 1:closing]}}} {text[closing:]}"
    return f"{text[:opening + 1]} {block}{text[opening + 1:]}"
