"""Interactive HTML network maps of plans: one self-contained file that opens offline.

A map is built in three steps, each usable on its own:

1. :func:`map_graph` — a *view* of the property graph (``plan.to_networkx()``) as a small
   ``networkx.MultiDiGraph`` whose nodes carry ``type``, ``label``, ``tooltip`` (plain text with
   the source line span), ``pillars``, ``measures`` and ``plans``; evidence nodes
   (ScheduleEntry, Period, AgencyMention, ConceptMention) are folded into the tooltips.
2. :func:`layout` — positions computed in Python (networkx), so the page does not have to
   simulate anything: a radial tree (plan → pillars → strategies → measures) with the other
   nodes placed by a force layout around it, or a plain force layout for network views.
3. :func:`render_map_html` — the page from ``viz/templates/map.html``: vis-network 9.1.2
   (``viz/static/vis-network.min.js``, copied from pyvis 0.3.2 with its licence header) and
   the app script inlined, the data embedded as JSON in ``<script type="application/json">``
   with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, every document text put on the page
   with ``textContent``, and a Content-Security-Policy that allows only the page's own inline
   scripts (by hash) and no network request at all.

Why not pyvis' own page: pyvis 0.3.2 has no mode without a CDN (``in_line`` still links
Bootstrap, ``local`` loads vis-network from a CDN and writes ``lib/``), its template switches to
``innerHTML`` when a title contains "href", inserts ``heading`` raw and, with a select menu,
node ids raw. Building node/edge dicts needs nothing pyvis offers beyond what is done here, so
pyvis is only the source of the vendored vis-network file; it is not imported at run time.

Example
-------
>>> import policykg
>>> plan = policykg.load_plan()
>>> view = map_graph(plan, view="pillar", pillar=5)
>>> sorted({d["type"] for _, d in view.nodes(data=True)})[:3]
['Agency', 'Measure', 'Pillar']
>>> html = plan_map(plan, view="agencies")
>>> html.startswith("<!DOCTYPE html>") and "https://cdn" not in html
True
"""
from __future__ import annotations

import csv
import html as html_lib
import math
import os
import re
import tempfile
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from policykg.errors import PolicyKGError
from policykg.viz.page import HtmlPage, fill_template, inline_script, json_for_script

__all__ = [
    "VIEWS",
    "MAP_TYPES",
    "EVIDENCE_TYPES",
    "PHYSICS_NODE_LIMIT",
    "CLUSTER_NODE_LIMIT",
    "node_styles",
    "node_type",
    "node_pillars",
    "map_graph",
    "layout",
    "map_data",
    "render_map_html",
    "json_for_script",
    "plan_map",
    "write_atomic",
]

VIEWS = ("plan", "pillar", "agencies", "overlaps", "dependencies", "compare")
#: node types a readable map shows (evidence nodes are folded into tooltips)
MAP_TYPES = (
    "Plan", "Pillar", "Strategy", "Measure", "Agency", "Region", "Technology",
    "LegalOrPolicyReference", "Target", "MonetaryAmount",
)
EVIDENCE_TYPES = ("ScheduleEntry", "Period", "AgencyMention", "ConceptMention", "SourceDocument")
#: above this many nodes the page starts with physics off (the precomputed layout stays still)
PHYSICS_NODE_LIMIT = 300
#: up to this many nodes the plan view is drawn as pillar clusters (dense force steps: O(n²) memory)
CLUSTER_NODE_LIMIT = 1500

_HERE = Path(__file__).resolve().parent
TEMPLATE = _HERE / "templates" / "map.html"
VIS_NETWORK = _HERE / "static" / "vis-network.min.js"
STYLES = _HERE / "static" / "node_styles.tsv"

_VOCABULARY_TYPES = {"Agency", "Region", "Technology", "LegalOrPolicyReference"}
_STRUCTURE = {"HAS_PILLAR", "HAS_STRATEGY", "HAS_MEASURE"}
#: edges from an owner to what belongs to it (used to give every owned node its pillar)
_OWNERSHIP = {
    "HAS_STRATEGY", "HAS_MEASURE", "HAS_EXECUTION_ITEM", "HAS_SCHEDULE_ENTRY", "HAS_HIGHLIGHT",
    "HAS_PERIOD", "HAS_AGENCY_MENTION", "HAS_CONCEPT_MENTION", "HAS_TARGET", "HAS_BUDGET",
}
#: inverse duplicates and provenance links a map leaves out
_SKIPPED_EDGES = {"NARROWER", "WAS_DERIVED_FROM"}
_MEASURE_LINKS = {"LEAD_AGENCY", "CO_ORGANIZING_AGENCY"}
_VIEW_EDGES = {"overlaps": ("OVERLAPS_WITH",), "dependencies": ("DEPENDS_ON", "PRECEDES")}
_PLAN_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
_SHARED_COLOUR = "#222222"
_TOOLTIP_TEXT_LIMIT = 280


# -- styles and node types ------------------------------------------------------------
@lru_cache(maxsize=1)
def node_styles() -> dict[str, dict]:
    """Colour, shape, legend text and base sizes per node type, from ``viz/static/node_styles.tsv``.

    >>> node_styles()["Measure"]["shape"]
    'dot'
    """
    with STYLES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {
        row["type"]: {
            "colour": row["colour"],
            "shape": row["shape"],
            "legend": row["legend"],
            "size": int(row["base_size"]),
            "font": int(row["font_size"]),
        }
        for row in rows
    }


def node_type(labels) -> str:
    """The one type a map draws for a node's labels (first of ``node_styles`` order).

    >>> node_type(["Agency", "AgencyCollective"])
    'Agency'
    """
    labels = [labels] if isinstance(labels, str) else list(labels or [])
    for name in node_styles():
        if name in labels:
            return name
    return labels[0] if labels else "Node"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _first(value):
    return value[0] if isinstance(value, (list, tuple)) and value else value


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(attrs: dict) -> str:
    """Full display name: Chinese label, then exact name, title, English label, mention text."""
    for key in ("name_zh", "name", "title_zh", "name_en", "mention_text", "identifier", "content"):
        if attrs.get(key) not in (None, "", []):
            return _text(_first(attrs[key]))
    return str(attrs.get("iri", "")).rsplit("/", 1)[-1]


def _label(attrs: dict, kind: str) -> str:
    name = _name(attrs)
    if kind == "Agency" and attrs.get("alt_labels"):  # the short form the plan writes (國科會)
        alts = attrs["alt_labels"] if isinstance(attrs["alt_labels"], list) else [attrs["alt_labels"]]
        cjk = [a for a in [name, *map(str, alts)] if re.search(r"[\u3400-\u9fff]", a)]
        name = min(cjk or [name], key=lambda s: (len(s), s))
    if kind in ("Pillar", "Strategy") and attrs.get("identifier"):
        name = f"{attrs['identifier']} {name}"
    return _clip(name, 40 if kind in ("Plan", "Pillar") else 24)


# -- pillars and measures -------------------------------------------------------------
def _pillar_key(pg, pillar, multi_plan: bool) -> str:
    attrs = pg.nodes[pillar]
    number = str(attrs.get("ordinal") or attrs.get("identifier") or pillar)
    if not multi_plan:
        return number
    plan_id = str(pillar).split("/id/", 1)[-1].split("/pillar/", 1)[0]
    return f"{plan_id}:{number}"


def node_pillars(pg, multi_plan: bool = False) -> dict[str, set[str]]:
    """Pillar keys ("1" … "10") per node of a property graph.

    Owned nodes (strategies, measures, their items, schedule entries, mentions, targets …)
    take the pillar they sit under; agencies, regions, technologies and references take the
    pillars of the owned nodes that link to them; parent agencies those of their sub-units.

    >>> import policykg
    >>> pg = policykg.load_plan().to_networkx()
    >>> sorted(node_pillars(pg)["https://w3id.org/policykg/id/ai-new-ten-major-constructions-2026-01/pillar/3/strategy/1"])
    ['3']
    """
    result: dict[str, set[str]] = defaultdict(set)
    for node, attrs in pg.nodes(data=True):
        if "Pillar" not in attrs.get("labels", ()):
            continue
        key = _pillar_key(pg, node, multi_plan)
        stack, seen = [node], {node}
        while stack:
            current = stack.pop()
            result[current].add(key)
            for _, child, rel in pg.out_edges(current, keys=True):
                if rel in _OWNERSHIP and child not in seen:
                    seen.add(child)
                    stack.append(child)
    owned = set(result)
    for node, attrs in pg.nodes(data=True):
        if node in owned or {"Plan", "SourceDocument"} & set(attrs.get("labels", ())):
            continue
        for neighbour in list(pg.predecessors(node)) + list(pg.successors(node)):
            if neighbour in owned:
                result[node] |= result[neighbour]
    _roll_up_sub_units(pg, result)  # parent agencies: union of their sub-units, up the chain
    return {node: keys for node, keys in result.items() if keys}


def _roll_up_sub_units(graph, values: dict) -> None:
    """Give every parent agency the union of its own set and its sub-units' sets (any depth)."""
    children = defaultdict(set)
    for child, parent, rel in graph.edges(keys=True):
        if rel == "SUB_ORGANIZATION_OF":
            children[parent].add(child)

    def collect(node, trail=()):
        found = set(values.get(node, ()))
        for child in children.get(node, ()):
            if child not in trail:
                found |= collect(child, trail + (node,))
        return found

    for parent in list(children):
        values[parent] = collect(parent)


def _measure_counts(view) -> dict[str, int]:
    """Measures per node: itself for a measure, those below for plan/pillar/strategy,
    linked measures for the others (parent agencies include their sub-units')."""
    measures_of: dict[str, set] = defaultdict(set)
    kind = {n: d["type"] for n, d in view.nodes(data=True)}
    for node in view:
        if kind[node] == "Measure":
            measures_of[node].add(node)
    tree = defaultdict(set)
    for u, v, rel in view.edges(keys=True):
        if rel in _STRUCTURE:
            tree[u].add(v)
        elif kind[u] == "Measure" and kind[v] != "Measure":
            measures_of[v].add(u)
        elif kind[v] == "Measure" and kind[u] != "Measure" and rel not in ("IN_PILLAR",):
            measures_of[u].add(v)

    def below(node, trail=()):
        found = {node} if kind[node] == "Measure" else set()
        for child in tree.get(node, ()):
            if child not in trail:
                found |= below(child, trail + (node,))
        return found

    for node in view:
        if kind[node] in ("Plan", "Pillar", "Strategy"):
            measures_of[node] = below(node)
    _roll_up_sub_units(view, measures_of)
    return {node: len(measures_of.get(node, ())) for node in view}


# -- tooltips (plain text, evidence folded in) ----------------------------------------
def _lines(attrs: dict) -> str:
    start, end = attrs.get("line_start"), attrs.get("line_end")
    start, end = _first(start), _first(end)
    if start is None:
        return ""
    return f"{start}" if end in (None, start) else f"{start}–{end}"


def _evidence_lines(pg, node) -> list[int]:
    lines = set()
    for mention, _, rel in pg.in_edges(node, keys=True):
        if rel == "MENTION_OF":
            start = _first(pg.nodes[mention].get("line_start"))
            if start is not None:
                lines.add(int(start))
    return sorted(lines)


def _tooltip(pg, node, kind: str, pillar_names: dict[str, str], pillars) -> str:
    attrs = pg.nodes[node]
    style = node_styles().get(kind, {})
    head = _name(attrs)
    lines = [head]
    kind_line = style.get("legend", kind)
    if attrs.get("identifier"):
        kind_line += f" {attrs['identifier']}"
    lines.append(kind_line)
    if attrs.get("name_en") and attrs.get("name_en") != head:
        lines.append(f"English: {_text(attrs['name_en'])}")
    span = _lines(attrs)
    if span:
        lines.append(f"Source lines: {span}")
    mentioned = _evidence_lines(pg, node)
    if mentioned:
        shown = ", ".join(str(n) for n in mentioned[:12])
        more = f" (+{len(mentioned) - 12} more)" if len(mentioned) > 12 else ""
        lines.append(f"Mentioned on lines: {shown}{more}")
    if kind == "Measure":
        for _, entry, rel in sorted(pg.out_edges(node, keys=True), key=lambda e: str(e[1])):
            if rel != "HAS_SCHEDULE_ENTRY":
                continue
            e = pg.nodes[entry]
            periods = []
            for _, period, prel in pg.out_edges(entry, keys=True):
                if prel == "HAS_PERIOD":
                    p = pg.nodes[period]
                    when = "–".join(str(x) for x in (p.get("start"), p.get("end")) if x)
                    status = p.get("period_status")
                    periods.append(f"{when} ({status})" if status and when else (when or str(status or "")))
            text = f"Period: {e.get('period_raw', '')}"
            if periods:
                text += " → " + ", ".join(sorted(periods))
            lines.append(text)
            if e.get("agencies_raw"):
                lines.append(f"Agencies (as written): {_text(e['agencies_raw'])} [line {_lines(e)}]")
    if kind in ("Target", "MonetaryAmount") and attrs.get("value") is not None:
        unit = attrs.get("unit_text") or attrs.get("currency") or ""
        extra = [str(x) for x in (attrs.get("amount_kind"), attrs.get("qualifier")) if x]
        if attrs.get("deadline"):
            extra.append(f"by {attrs['deadline']}")
        lines.append(f"Value: {attrs['value']} {unit}".rstrip() + (f" ({', '.join(extra)})" if extra else ""))
    for key, title in (("content", "Content"), ("description", "Text"), ("vision", "Vision")):
        if attrs.get(key) and _text(attrs[key]) != head:
            lines.append(f"{title}: {_clip(_text(attrs[key]), _TOOLTIP_TEXT_LIMIT)}")
            break
    if attrs.get("alt_labels"):
        lines.append(f"Also written: {_clip(_text(attrs['alt_labels']), 160)}")
    if pillars:
        names = [pillar_names.get(p, p) for p in sorted(pillars, key=_pillar_sort)]
        lines.append("Pillar: " + _clip("; ".join(names), 200))
    return "\n".join(lines)


def _pillar_sort(key: str):
    head, _, tail = key.rpartition(":")
    return (head, int(tail) if tail.isdigit() else 0, tail)


# -- views ------------------------------------------------------------------------------
def _property_graphs(source) -> list[tuple[str, object]]:
    """(plan id, property graph) pairs from a Plan, Plans, an rdflib Graph or a networkx graph."""
    import networkx as nx
    from rdflib import Graph

    if isinstance(source, (list, tuple)):
        pairs = []
        for item in source:
            pairs.extend(_property_graphs(item))
        return pairs
    if isinstance(source, nx.Graph):
        return [(str(source.graph.get("plan_id", "graph")), source)]
    if isinstance(source, Graph):
        from policykg.graph.property_graph import to_networkx

        return [(str(source.identifier).rsplit("/", 1)[-1], to_networkx(source))]
    if hasattr(source, "to_networkx") and hasattr(source, "plan_id"):
        return [(source.plan_id, source.to_networkx())]
    raise PolicyKGError(f"cannot draw a map of {type(source).__name__}: give a Plan, Plans, an rdflib Graph or a networkx graph")


def _owner(pg, node, kind: str):
    """The shown node a folded node belongs to (item/schedule entry → measure, highlight → strategy/pillar)."""
    if kind in ("ExecutionItem", "ScheduleEntry"):
        for parent, _, rel in pg.in_edges(node, keys=True):
            if rel in ("HAS_EXECUTION_ITEM", "HAS_SCHEDULE_ENTRY"):
                return parent
    if kind == "Highlight":
        for _, target, rel in pg.out_edges(node, keys=True):
            if rel == "ABOUT_STRATEGY":
                return target
        for parent, _, rel in pg.in_edges(node, keys=True):
            if rel == "HAS_HIGHLIGHT":
                return parent
    return None


def _readable(pg, pillars: dict, kinds: dict) -> "object":
    """The plan view of one property graph: readable types, folded evidence, used vocabulary only."""
    import networkx as nx

    keep = {n for n, k in kinds.items() if k in MAP_TYPES}
    owners = {}
    for node, kind in kinds.items():
        if kind in ("ExecutionItem", "ScheduleEntry", "Highlight"):
            owner = _owner(pg, node, kind)
            if owner in keep:
                owners[node] = owner
    view = nx.MultiDiGraph()
    edges = {}
    for u, v, rel in pg.edges(keys=True):
        if rel in _SKIPPED_EDGES:
            continue
        source = u if u in keep else owners.get(u)
        if source is None or v not in keep or source == v:
            continue
        via = None if source == u else f"{node_styles().get(kinds[u], {}).get('legend', kinds[u])} {_text(pg.nodes[u].get('identifier', ''))}".strip()
        key = (source, v, rel)
        if key not in edges:
            edges[key] = set()
        if via:
            edges[key].add(via)
    # vocabulary nodes only when the plan's own nodes use them (plus parents of used agencies)
    used = set()
    for (s, t, _rel) in edges:
        if kinds[s] not in _VOCABULARY_TYPES:
            used.add(t)
        if kinds[t] not in _VOCABULARY_TYPES:
            used.add(s)
    parents = defaultdict(set)
    for (s, t, rel) in edges:
        if rel == "SUB_ORGANIZATION_OF":
            parents[s].add(t)
    stack = [n for n in used if kinds[n] == "Agency"]
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in used:
                used.add(parent)
                stack.append(parent)
    shown = {n for n in keep if kinds[n] not in _VOCABULARY_TYPES} | used
    for node in sorted(shown):
        view.add_node(node)
    for (s, t, rel), via in edges.items():
        if s in shown and t in shown:
            view.add_edge(s, t, key=rel, type=rel, via=sorted(via))
    view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0 and kinds[n] != "Plan"])
    return view


def _agencies(pg, kinds: dict, pillar: str | None, pillars: dict):
    """Agencies linked when they share a measure (weight = shared measures); sub-units → parents."""
    import networkx as nx

    by_measure: dict[str, set] = defaultdict(set)
    for u, v, rel in pg.edges(keys=True):
        if rel not in _MEASURE_LINKS or kinds.get(v) != "Agency":
            continue
        measure = u if kinds[u] == "Measure" else _owner(pg, u, kinds[u])
        if measure is None or kinds.get(measure) != "Measure":
            continue
        if pillar is not None and pillar not in pillars.get(measure, ()):
            continue
        by_measure[measure].add(v)
    view = nx.MultiDiGraph()
    shared: dict[tuple, list] = defaultdict(list)
    for measure, agencies in sorted(by_measure.items()):
        for agency in agencies:
            view.add_node(agency)
        ordered = sorted(agencies)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                shared[(a, b)].append(measure)
    for (a, b), measures in shared.items():
        names = [_clip(_name(pg.nodes[m]), 30) for m in measures]
        view.add_edge(a, b, key="SHARES_MEASURES", type="SHARES_MEASURES", weight=len(measures),
                      via=names, directed=False)
    stack = list(view)
    seen = set(stack)
    while stack:
        node = stack.pop()
        for _, parent, rel in pg.out_edges(node, keys=True):
            if rel == "SUB_ORGANIZATION_OF":
                view.add_edge(node, parent, key=rel, type=rel, via=[])
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
    for agency in view:
        view.nodes[agency]["measure_set"] = {m for m, ags in by_measure.items() if agency in ags}
    return view


def _measure_links(pg, kinds: dict, relations: tuple[str, ...]):
    """Measures linked by overlapsWith / dependsOn / precedes, with their pillars for context."""
    import networkx as nx

    view = nx.MultiDiGraph()
    for u, v, rel in pg.edges(keys=True):
        if rel in relations:
            attrs = pg.edges[u, v, rel]
            extra = {k: val for k, val in attrs.items() if k not in ("type",)}
            view.add_edge(u, v, key=rel, type=rel, via=[], directed=rel != "OVERLAPS_WITH", **extra)
    for measure in list(view):
        for parent, _, rel in pg.in_edges(measure, keys=True):
            if rel == "HAS_MEASURE":
                for pillar, _, prel in pg.in_edges(parent, keys=True):
                    if prel == "HAS_STRATEGY":
                        view.add_edge(pillar, measure, key="IN_PILLAR", type="IN_PILLAR", via=[_name(pg.nodes[parent])])
    return view


def _find(view, focus: str):
    wanted = focus.strip().casefold()
    exact, partial = [], []
    for node, attrs in view.nodes(data=True):
        names = [attrs.get("label", "")]
        for key in ("name_zh", "name_en", "name", "title_zh", "identifier", "alt_labels", "mention_text"):
            value = attrs.get(key)
            names.extend(value if isinstance(value, list) else [value])
        names = [str(n).casefold() for n in names if n not in (None, "")]
        if wanted in names:
            exact.append(node)
        elif any(wanted in n for n in names):
            partial.append(node)
    order = list(node_styles())
    rank = lambda n: (order.index(view.nodes[n]["type"]) if view.nodes[n]["type"] in order else 99, len(view.nodes[n]["label"]), n)
    if exact:
        return sorted(exact, key=rank)[0]
    if partial:
        return sorted(partial, key=rank)[0]
    return None


def map_graph(source, view: str = "plan", pillar=None, focus: str | None = None, types=None):
    """The graph a map draws: nodes with ``type``, ``label``, ``tooltip``, ``pillars``, ``measures``, ``plans``.

    ``source``: a Plan, several Plans (view ``compare``), an rdflib Graph or a property
    graph (``networkx.MultiDiGraph`` shaped like ``plan.to_networkx()``).

    >>> import policykg
    >>> g = map_graph(policykg.load_plan(), focus="國科會")
    >>> g.graph["focus_label"]
    '國科會'
    """
    import networkx as nx

    if view not in VIEWS:
        raise PolicyKGError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    pairs = _property_graphs(source)
    if not pairs:
        raise PolicyKGError("no plan to draw")
    if view == "compare" and len(pairs) < 2:
        raise PolicyKGError("view 'compare' needs two or more plans (policykg map A.md B.md --view compare)")
    if view == "pillar" and pillar is None:
        raise PolicyKGError("view 'pillar' needs --pillar N (1 … 10)")
    multi = len(pairs) > 1
    pillar_key = None if pillar is None else str(pillar)
    if pillar_key is not None and multi and ":" not in pillar_key:
        raise PolicyKGError("with several plans give the pillar as PLAN_ID:N")

    combined = nx.MultiDiGraph()
    membership: dict[str, set[str]] = defaultdict(set)
    pg_all = nx.MultiDiGraph()
    for plan_id, pg in pairs:
        pg_all = nx.compose(pg_all, pg) if multi else pg
    kinds = {n: node_type(d.get("labels")) for n, d in pg_all.nodes(data=True)}
    pillars = node_pillars(pg_all, multi_plan=multi)
    pillar_names = {}
    for node, attrs in pg_all.nodes(data=True):
        if kinds[node] == "Pillar":
            key = _pillar_key(pg_all, node, multi)
            pillar_names[key] = f"{key} {_name(attrs)}"
    if pillar_key is not None and pillar_key not in pillar_names:
        raise PolicyKGError(f"no pillar {pillar_key}; the plan has pillars {', '.join(sorted(pillar_names, key=_pillar_sort))}")

    for plan_id, pg in pairs:
        own_kinds = {n: kinds[n] for n in pg}
        if view in ("plan", "pillar", "compare"):
            part = _readable(pg, pillars, own_kinds)
        elif view == "agencies":
            part = _agencies(pg, own_kinds, pillar_key, pillars)
        else:
            part = _measure_links(pg, own_kinds, _VIEW_EDGES[view])
        for node in part:
            membership[node].add(plan_id)
        combined = nx.compose(combined, part) if len(combined) else part

    if pillar_key is not None and view != "agencies":
        combined = combined.subgraph([n for n in combined if pillar_key in pillars.get(n, ())]).copy()

    allowed = None
    if types:
        names = [t.strip() for item in ([types] if isinstance(types, str) else types) for t in str(item).split(",") if t.strip()]
        lookup = {t.casefold(): t for t in node_styles()}
        unknown = [t for t in names if t.casefold() not in lookup]
        if unknown:
            raise PolicyKGError(f"unknown node type {', '.join(unknown)}; types: {', '.join(MAP_TYPES)}")
        allowed = {lookup[t.casefold()] for t in names}
        combined = combined.subgraph([n for n in combined if kinds[n] in allowed]).copy()

    for node in combined:
        attrs = dict(pg_all.nodes[node])
        kind = kinds[node]
        combined.nodes[node].update(
            {k: v for k, v in attrs.items() if k not in ("labels",)},
            type=kind,
            labels=list(attrs.get("labels", [])),
            label=_label(attrs, kind),
            name_full=_name(attrs),
            pillars=sorted(pillars.get(node, ()), key=_pillar_sort) if kind != "Plan" else [],
            plans=sorted(membership.get(node, ())),
        )
    counts = _measure_counts(combined)
    for node in combined:
        d = combined.nodes[node]
        d["measures"] = len(d.pop("measure_set")) if "measure_set" in d else counts[node]
        d["tooltip"] = _tooltip(pg_all, node, d["type"], pillar_names, d["pillars"])
        if d["measures"] and d["type"] not in ("Measure",):
            d["tooltip"] += f"\nMeasures: {d['measures']}"

    focus_node = None
    if focus:
        focus_node = _find(combined, focus)
        if focus_node is None:
            raise PolicyKGError(f"no node named {focus!r} in the {view} view")
        keep = {focus_node} | set(combined.predecessors(focus_node)) | set(combined.successors(focus_node))
        combined = combined.subgraph(keep).copy()

    titles = [_text(pg_all.nodes[n].get("title_zh") or pg_all.nodes[n].get("name_zh")) for n in pg_all if kinds[n] == "Plan"]
    combined.graph.update(
        view=view,
        plan_ids=[p for p, _ in pairs],
        plan_titles=titles,
        pillar=pillar_key,
        pillar_names={k: v for k, v in pillar_names.items() if any(k in combined.nodes[n]["pillars"] for n in combined)},
        focus=focus_node,
        focus_label=combined.nodes[focus_node]["label"] if focus_node else None,
        note=_empty_note(view) if combined.number_of_nodes() == 0 else "",
    )
    return combined


def _empty_note(view: str) -> str:
    if view in _VIEW_EDGES:
        props = " / ".join("pkg:" + re.sub(r"_(\w)", lambda m: m.group(1).upper(), r.lower()) for r in _VIEW_EDGES[view])
        return (f"Nothing to draw: this graph has no {props} links between measures yet. "
                f"They are added to the graph by the {view} analysis; build the graph with it and draw the map again.")
    return "Nothing to draw: no node of this view matches the filters."


# -- layout -----------------------------------------------------------------------------
def _radial(view) -> tuple[dict, int]:
    """Unit-circle positions of the plan tree (plan → pillars → strategies → measures)."""
    children = defaultdict(list)
    has_parent = set()
    for u, v, rel in view.edges(keys=True):
        if rel in _STRUCTURE:
            children[u].append(v)
            has_parent.add(v)
    kinds = {n: d["type"] for n, d in view.nodes(data=True)}
    tree_nodes = {n for n in view if kinds[n] in ("Plan", "Pillar", "Strategy", "Measure")}
    roots = sorted((n for n in tree_nodes if n not in has_parent),
                   key=lambda n: (list(node_styles()).index(kinds[n]), str(n)))
    key = lambda n: (view.nodes[n].get("ordinal") or 0, str(n))
    slots: list = []  # leaf order with None gaps between pillars
    depth = {}

    def walk(node, level, trail):
        depth[node] = level
        kids = sorted((c for c in children.get(node, ()) if c not in trail), key=key)
        if not kids:
            slots.append(node)
            return
        for kid in kids:
            walk(kid, level + 1, trail | {node})
        if kinds[node] in ("Pillar", "Plan"):
            slots.append(None)

    for root in roots:
        walk(root, 0, frozenset())
    if not slots:
        return {}, 0
    count = len(slots)
    angle = {}
    for i, node in enumerate(slots):
        if node is not None:
            angle[node] = 2 * math.pi * i / count

    def mean_angle(node, trail=()):
        if node in angle:
            return angle[node]
        kids = [c for c in children.get(node, ()) if c not in trail]
        values = [mean_angle(k, trail + (node,)) for k in kids]
        x = sum(math.cos(a) for a in values)
        y = sum(math.sin(a) for a in values)
        angle[node] = math.atan2(y, x) if (x or y) else 0.0
        return angle[node]

    radius = {"Plan": 0.0, "Pillar": 0.38, "Strategy": 0.68, "Measure": 1.0}
    pos = {}
    for node in depth:
        a = mean_angle(node)
        r = radius.get(kinds[node], 1.0)
        if kinds[node] == "Plan" and len(roots) > 1:
            r = 0.15
        if node in angle and not children.get(node):
            r = max(r, 0.5)
        pos[node] = (r * math.cos(a), r * math.sin(a))
    return pos, count


#: ring (in measure-ring radii) where each non-tree type sits around the plan tree
_BANDS = {"Target": 1.1, "MonetaryAmount": 1.1, "Agency": 1.28, "Technology": 1.5, "Region": 1.72,
          "LegalOrPolicyReference": 1.86}


def _bands(view, fixed: dict, slots: int) -> dict:
    """Unit positions for nodes outside the tree: the circular mean angle of their tree
    neighbours (so a technology sits beside the measures using it), on a ring per type,
    staggered over four sub-rings so neighbours along a ring do not overlap."""
    angle = {n: math.atan2(y, x) for n, (x, y) in fixed.items() if (x or y)}
    undirected = view.to_undirected(as_view=True)
    rest = [n for n in view if n not in fixed]
    for _ in range(3):  # parents of agencies etc. take the angle of placed neighbours
        for node in rest:
            if node in angle:
                continue
            anchors = [angle[m] for m in undirected.neighbors(node) if m in angle]
            if anchors:
                x = sum(math.cos(a) for a in anchors)
                y = sum(math.sin(a) for a in anchors)
                angle[node] = math.atan2(y, x) if abs(x) + abs(y) > 1e-9 else anchors[0]
    by_band = defaultdict(list)
    for node in rest:
        by_band[_BANDS.get(view.nodes[node]["type"], 2.0)].append(node)
    pos = {}
    for radius, members in by_band.items():
        members.sort(key=lambda n: (angle.get(n, 0.0), str(n)))
        step = 2 * math.pi / max(len(members), 1)
        for i, node in enumerate(members):
            a = angle.get(node, i * step)
            r = radius + 0.05 * (i % 4)
            pos[node] = (r * math.cos(a), r * math.sin(a))
    return pos


def _clustered(view, seed: int = 7) -> dict:
    """Pillar clusters on a circle: each pillar with its strategies around it and each
    strategy's measures fanned out beside it (cluster size by measures); the plan in the centre.
    Agencies, technologies, regions, references, targets and amounts start at the mean position
    of the tree nodes they link to (so a node shared by several pillars starts between them),
    then a force layout with the tree held fixed spreads them out."""
    import random

    kinds = {n: d["type"] for n, d in view.nodes(data=True)}
    children = defaultdict(list)
    for u, v, rel in view.edges(keys=True):
        if rel in _STRUCTURE:
            children[u].append(v)
    key = lambda n: (view.nodes[n].get("ordinal") or 0, str(n))
    pillars = sorted((n for n in view if kinds[n] == "Pillar"), key=key)
    plans = [n for n in view if kinds[n] == "Plan"]
    pos = {}
    # measures per pillar decide each cluster's size
    def measures_of(p):
        return sum(max(1, len(children[s])) for s in children[p])
    sizes = {p: math.sqrt(measures_of(p) + len(children[p]) + 1) for p in pillars}
    unit = 60.0
    if len(pillars) == 1:
        centres = {pillars[0]: (0.0, 0.0)}
    else:
        circumference = sum(2.4 * unit * sizes[p] for p in pillars)
        R = max(circumference / (2 * math.pi), 3 * unit)
        centres, acc = {}, 0.0
        for p in pillars:
            share = 2.4 * unit * sizes[p] / circumference
            a = 2 * math.pi * (acc + share / 2) - math.pi / 2
            acc += share
            centres[p] = (R * math.cos(a), R * math.sin(a))
    for plan in plans:
        pos[plan] = (0.0, 0.0) if len(pillars) != 1 else (0.0, -3.2 * unit * sizes[pillars[0]])
    for p in pillars:
        cx, cy = centres[p]
        pos[p] = (cx, cy)
        strategies = sorted(children[p], key=key)
        base = math.atan2(cy, cx) if (cx or cy) else -math.pi / 2
        r1 = unit * (1.2 + 0.25 * len(strategies))
        total = sum(max(1, len(children[s])) for s in strategies) or 1
        acc = 0.0
        for s in strategies:
            share = max(1, len(children[s])) / total
            a = base + 2 * math.pi * (acc + share / 2)
            acc += share
            sx, sy = cx + r1 * math.cos(a), cy + r1 * math.sin(a)
            pos[s] = (sx, sy)
            ms = sorted(children[s], key=key)
            spread = min(2 * math.pi * share * 1.6, 2.6)
            r2 = unit * (0.9 + 0.08 * len(ms))
            for i, m in enumerate(ms):
                b = a + (spread * ((i + 0.5) / len(ms) - 0.5) if len(ms) > 1 else 0.0)
                pos[m] = (sx + r2 * math.cos(b), sy + r2 * math.sin(b))
    fixed = [n for n in pos]
    und = view.to_undirected(as_view=True)
    rest = [n for n in view if n not in pos]
    for _ in range(3):
        for n in rest:
            if n in pos:
                continue
            anchors = [pos[m] for m in und.neighbors(n) if m in pos and m in fixed]
            if anchors:
                pos[n] = (sum(a[0] for a in anchors) / len(anchors), sum(a[1] for a in anchors) / len(anchors))
    rng = random.Random(seed)
    for n in rest:
        x, y = pos.get(n, (0.0, 0.0))
        pos[n] = (x + rng.uniform(-unit, unit) * 0.6, y + rng.uniform(-unit, unit) * 0.6)
    return _relax(view, pos, set(fixed), step=unit)


def _relax(view, pos: dict, fixed: set, step: float, iterations: int = 45) -> dict:
    """Fruchterman–Reingold steps (numpy, dense) that move only the nodes not in ``fixed``."""
    import numpy as np

    order = list(view)
    index = {n: i for i, n in enumerate(order)}
    xy = np.array([pos[n] for n in order], dtype=float)
    movable = np.array([n not in fixed for n in order])
    if not movable.any():
        return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(order, xy)}
    edges = np.array([(index[u], index[v]) for u, v in view.edges() if u != v] or [(0, 0)], dtype=int)
    k = step * 0.9
    temperature = step
    moving = np.flatnonzero(movable)
    for _ in range(iterations):
        delta = xy[moving, None, :] - xy[None, :, :]  # only the rows that move
        square = np.maximum(np.einsum("ijk,ijk->ij", delta, delta), 1.0)
        force = np.zeros_like(xy)
        force[moving] = np.einsum("ijk,ij->ik", delta, k * k / square)  # repulsion
        d = xy[edges[:, 0]] - xy[edges[:, 1]]
        pull = d * np.sqrt(np.maximum(np.einsum("ij,ij->i", d, d), 1.0))[:, None] / k  # attraction
        np.add.at(force, edges[:, 0], -pull)
        np.add.at(force, edges[:, 1], pull)
        size = np.maximum(np.sqrt(np.einsum("ij,ij->i", force, force)), 1e-9)[:, None]
        xy[moving] += (force / size * np.minimum(size, temperature))[moving]
        temperature *= 0.93
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(order, xy)}


def layout(view, seed: int = 7) -> dict:
    """Pixel positions for every node of a map graph (precomputed, deterministic for a seed).

    The plan view of one plan: pillar clusters (:func:`_clustered`; up to ``CLUSTER_NODE_LIMIT``
    nodes, the radial tree above). Pillar and compare views:
    a radial tree (plan in the centre, pillars, strategies, measures on the outer ring) with
    agencies, technologies, regions, references, targets and amounts on rings outside it, each
    beside the measures it is linked to (the pillar view then runs the page's force simulation). Network views (agencies, overlaps,
    dependencies, focus neighbourhoods): a force-directed layout (networkx ``spring_layout``).
    """
    import networkx as nx

    n = view.number_of_nodes()
    if n == 0:
        return {}
    kinds = {node: d.get("type") for node, d in view.nodes(data=True)}
    fixed, slots = ({}, 0)
    if (view.graph.get("view") == "plan" and len(view.graph.get("plan_ids", [])) == 1 and "Pillar" in kinds.values()
            and n <= CLUSTER_NODE_LIMIT):
        return _clustered(view, seed=seed)
    if view.graph.get("view") in ("plan", "pillar", "compare") and {"Plan", "Pillar"} & set(kinds.values()):
        fixed, slots = _radial(view)
    if fixed:
        pos = dict(fixed)
        pos.update(_bands(view, fixed, slots))
        scale = max(500.0, 7.5 * slots)
    else:
        simple = nx.Graph()
        simple.add_nodes_from(view)
        for u, v, d in view.edges(data=True):
            w = float(d.get("weight", 1) or 1)
            if simple.has_edge(u, v):
                simple[u][v]["weight"] += w
            else:
                simple.add_edge(u, v, weight=w)
        iterations = 50 if n <= 1500 else 20
        pos = nx.spring_layout(simple, seed=seed, iterations=iterations, k=1.5 / math.sqrt(n))
        scale = max(300.0, 45.0 * math.sqrt(n))
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in pos.items()}


# -- page -------------------------------------------------------------------------------
_EDGE_WORDS = {
    "SHARES_MEASURES": "share measures",
    "SUB_ORGANIZATION_OF": "sub-unit of",
    "IN_PILLAR": "in pillar",
    "PILLAR_LEAD_AGENCY": "pillar lead agency",
}


def _edge_word(rel: str) -> str:
    return _EDGE_WORDS.get(rel, rel.lower().replace("_", " "))


def map_data(view, positions: dict, title: str, physics: bool | None = None) -> dict:
    """The JSON document the page reads: nodes, edges, legend, pillars, plans, options."""
    styles = node_styles()
    ids = {node: i for i, node in enumerate(view)}
    plan_ids = view.graph.get("plan_ids", [])
    nodes = []
    degree = dict(view.degree())
    for node, i in ids.items():
        d = view.nodes[node]
        x, y = positions.get(node, (0.0, 0.0))
        nodes.append({
            "id": i, "iri": str(d.get("iri", node)), "label": d["label"], "name": d.get("name_full", d["label"]),
            "type": d["type"], "x": x, "y": y, "pillars": d.get("pillars", []), "plans": d.get("plans", []),
            "deg": degree.get(node, 0), "meas": d.get("measures", 0), "tip": d.get("tooltip", d["label"]),
            "alt": _text(d.get("alt_labels", "")),
        })
    merged: dict[tuple, dict] = {}
    for u, v, rel, d in view.edges(keys=True, data=True):
        directed = d.get("directed", True)
        a, b = (ids[u], ids[v])
        key = (a, b) if directed else tuple(sorted((a, b)))
        entry = merged.setdefault(key, {"from": key[0], "to": key[1], "types": [], "via": [], "w": 0, "directed": directed})
        if rel not in entry["types"]:
            entry["types"].append(rel)
        entry["via"].extend(x for x in d.get("via", []) if x not in entry["via"])
        entry["w"] = max(entry["w"], int(d.get("weight", 1) or 1))
    edges = []
    for i, e in enumerate(merged.values()):
        label = "; ".join(_edge_word(t) for t in e["types"])
        tip = f"{nodes[e['from']]['name']} → {label} → {nodes[e['to']]['name']}"
        if "SHARES_MEASURES" in e["types"]:
            tip = f"{nodes[e['from']]['name']} and {nodes[e['to']]['name']} share {e['w']} measure(s)"
        if e["via"]:
            tip += "\n" + ("via " if "SHARES_MEASURES" not in e["types"] else "") + _clip("; ".join(e["via"]), 400)
        edges.append({"id": i, "from": e["from"], "to": e["to"], "label": label, "tip": tip, "w": e["w"],
                      "arrow": e["directed"], "types": e["types"]})
    present = {n["type"] for n in nodes}
    order = list(styles)
    legend = [
        {"type": t, "colour": styles[t]["colour"], "shape": styles[t]["shape"], "legend": styles[t]["legend"],
         "size": styles[t]["size"], "font": styles[t]["font"], "count": sum(1 for n in nodes if n["type"] == t)}
        for t in sorted(present, key=lambda t: order.index(t) if t in order else 99)
    ]
    for t in legend:
        if t["type"] not in styles:
            t.update(colour="#999999", shape="dot", legend=t["type"], size=8, font=12)
    compare = view.graph.get("view") == "compare"
    plans = []
    if compare:
        titles = view.graph.get("plan_titles", [])
        for i, plan_id in enumerate(plan_ids):
            plans.append({"id": plan_id, "title": titles[i] if i < len(titles) else plan_id,
                          "colour": _PLAN_PALETTE[i % len(_PLAN_PALETTE)]})
        plans.append({"id": "*", "title": "in several plans", "colour": _SHARED_COLOUR})
    pillar_names = view.graph.get("pillar_names", {})
    n = len(nodes)
    return {
        "title": title,
        "subtitle": _subtitle(view, n, len(edges)),
        "view": view.graph.get("view"),
        "note": view.graph.get("note", ""),
        "types": legend,
        "pillars": [{"key": k, "name": pillar_names[k]} for k in sorted(pillar_names, key=_pillar_sort)],
        "plans": plans,
        "colourBy": "plan" if compare else "type",
        "physics": (n <= PHYSICS_NODE_LIMIT) if physics is None else bool(physics),
        "focus": ids.get(view.graph.get("focus")),
        "nodes": nodes,
        "edges": edges,
    }


def _subtitle(view, nodes: int, edges: int) -> str:
    name = view.graph.get("view", "plan")
    parts = [f"{name} view", f"{nodes} nodes", f"{edges} links"]
    if view.graph.get("pillar"):
        parts.insert(1, f"pillar {view.graph['pillar']}")
    if view.graph.get("focus_label"):
        parts.insert(1, f"around {view.graph['focus_label']}")
    return " · ".join(parts)


def render_map_html(data: dict) -> str:
    """The self-contained page for :func:`map_data` output (template + vis-network + data)."""
    vis = inline_script(VIS_NETWORK.read_text(encoding="utf-8"), "vendored vis-network")
    return fill_template(TEMPLATE.read_text(encoding="utf-8"), {
        "TITLE": html_lib.escape(data["title"], quote=True),
        "DATA": json_for_script(data),
        "VIS_NETWORK": vis,
    })


def write_atomic(path, data: bytes | str) -> Path:
    """Write a file atomically: a temporary file in the same folder, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a shared map should be readable
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _default_title(view) -> str:
    titles = [t for t in view.graph.get("plan_titles", []) if t]
    title = " vs ".join(titles) if titles else "policykg map"
    return title


def plan_map(plan, view: str = "plan", pillar=None, focus: str | None = None, types=None, out=None,
             physics: bool | None = None, title: str | None = None, seed: int = 7) -> Path | str:
    """An interactive HTML map of a plan: the page as text, or written to ``out`` (returns the Path).

    ``physics=None`` turns the force simulation on only up to ``PHYSICS_NODE_LIMIT`` nodes.

    >>> import policykg, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
    >>> plan_map(policykg.load_plan(), view="pillar", pillar=4, out=out) == out
    True
    """
    graph = map_graph(plan, view=view, pillar=pillar, focus=focus, types=types)
    positions = layout(graph, seed=seed)
    data = map_data(graph, positions, title or _default_title(graph), physics=physics)
    page = render_map_html(data)
    if out is None:
        return HtmlPage(page)
    return write_atomic(out, page)
