"""Taiwan map of a plan: the 22 counties and cities as a tile cartogram shaded by measures.

No outline file is shipped: each county is one tile placed from its county-seat coordinates in
``graph/regions.ttl`` (``geo:lat`` / ``geo:long``) on a grid of ``STEP`` degrees, the nearest
free cell first (north to south), with 金門 and 連江 pulled in beside the main island. So the
picture needs no third-party geometry and no licence beyond the project's own.

A county's number is the measures that target it (``pkg:targetsRegion``): on the measure
itself or one of its execution items / schedule rows ("directly"), or on the strategy the
measure belongs to ("through its strategy"); a named site (園區, 校地 …) counts for the county it
is located in and is drawn as a point on that tile. Tiles are framed in the colour of their
zone (六大區域產業及生活圈; a dashed inner frame for a second zone, e.g. 宜蘭縣 in 宜花東);
targets that are no county (臺灣, 全國, 偏鄉, 大南方 …) are listed under the map.

Example
-------
>>> import policykg
>>> data = geo_data(policykg.load_plan())
>>> len(data["tiles"]), {t["name"]: t["count"] for t in data["tiles"]}["臺南市"] > 0
(22, True)
"""
from __future__ import annotations

from collections import defaultdict

from policykg.errors import PolicyKGError
from policykg.viz.views import deliver, single_panel_page

__all__ = ["STEP", "ZONE_COLOURS", "tile_positions", "geo_data", "plan_geo"]

#: grid step of the tile cartogram in degrees
STEP = 0.38
_WEST, _NORTH = 119.3, 25.6  # outlying islands west / north of this are pulled in to it
ZONE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf")
_FOLDED = {"HAS_EXECUTION_ITEM", "HAS_SCHEDULE_ENTRY"}


def tile_positions(coordinates: dict[str, tuple[float, float]], step: float = STEP) -> dict[str, tuple[int, int]]:
    """(column, row) per region from (lat, long): each takes the free grid cell nearest to it.

    >>> tile_positions({"a": (25.0, 121.5), "b": (25.0, 121.5)})
    {'a': (0, 1), 'b': (0, 0)}
    """
    ideal = {}
    for key, (lat, lon) in coordinates.items():
        ideal[key] = ((max(lon, _WEST) - _WEST) / step, (_NORTH - min(lat, _NORTH)) / step)
    taken: dict[tuple[int, int], str] = {}
    for key in sorted(ideal, key=lambda k: (ideal[k][1], ideal[k][0], k)):
        x, y = ideal[key]
        cells = [(cx, cy) for cx in range(int(x) - 4, int(x) + 5) for cy in range(int(y) - 4, int(y) + 5)
                 if (cx, cy) not in taken]
        taken[min(cells, key=lambda c: ((c[0] - x) ** 2 + (c[1] - y) ** 2, c))] = key
    min_x = min(c[0] for c in taken)
    min_y = min(c[1] for c in taken)
    return {key: (cx - min_x, cy - min_y) for (cx, cy), key in sorted(taken.items(), key=lambda kv: kv[1])}


def _pg(source):
    import networkx as nx

    if isinstance(source, nx.Graph):
        return source, str(source.graph.get("plan_id", "graph")), ""
    return source.to_networkx(), source.plan_id, source.doc.title


def _mention_lines(pg, owner, region) -> set[int]:
    lines = set()
    for _, mention, rel in pg.out_edges(owner, keys=True):
        if rel != "HAS_CONCEPT_MENTION":
            continue
        for _, target, mrel in pg.out_edges(mention, keys=True):
            if mrel == "MENTION_OF" and target == region and pg.nodes[mention].get("line_start") is not None:
                lines.add(int(pg.nodes[mention]["line_start"]))
    return lines


def _cite(lines) -> str:
    """Line numbers as compact ranges: 3, 4, 5, 9 → '3–5, 9'."""
    ordered = sorted(set(lines))
    parts, start = [], None
    for i, n in enumerate(ordered):
        if start is None:
            start = n
        if i + 1 == len(ordered) or ordered[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(parts)


def geo_data(source) -> dict:
    """The data the tile map draws: 22 tiles with counts, measures, sites; zones; other targets."""
    pg, plan_id, title = _pg(source)
    nodes = pg.nodes
    kind = {n: d.get("region_type") for n, d in pg.nodes(data=True) if "Region" in d.get("labels", ())}
    counties = {n for n, k in kind.items() if k == "county"}
    if len(counties) != 22:
        raise PolicyKGError(f"the region vocabulary has {len(counties)} counties, the map needs the 22 of graph/regions.ttl")
    located = defaultdict(set)   # region -> regions it is in (any depth)
    zone_of = defaultdict(list)  # county -> zones (primary first)
    for u, v, rel in pg.edges(keys=True):
        if rel == "LOCATED_IN" and u in kind:
            located[u].add(v)
    for county in sorted(counties):
        zone_of[county] = sorted((v for v in located[county] if kind.get(v) == "zone"))
        for u, v, rel in pg.out_edges(county, keys=True):
            if rel == "ALSO_IN_ZONE":
                zone_of[county] = [z for z in zone_of[county] if z != v] + [v]

    def county_of(region):
        if region in counties:
            return region
        return next((c for c in sorted(located.get(region, ())) if c in counties), None)

    # which measures target which region, and how (own text or strategy)
    measures = [n for n, d in pg.nodes(data=True) if "Measure" in d.get("labels", ())]
    strategy_of, owner_of = {}, {}
    for u, v, rel in pg.edges(keys=True):
        if rel == "HAS_MEASURE":
            strategy_of[v] = u
        elif rel in _FOLDED:
            owner_of[v] = u
    hits = defaultdict(dict)  # region -> measure -> (how, lines)
    for u, region, rel in pg.edges(keys=True):
        if rel != "TARGETS_REGION" or region not in kind:
            continue
        labels = nodes[u].get("labels", ())
        if "Measure" in labels or u in owner_of:
            measure = u if "Measure" in labels else owner_of[u]
            targets = [(measure, "directly")]
        elif "Strategy" in labels:
            targets = [(m, "through its strategy") for m in measures if strategy_of.get(m) == u]
        else:
            continue
        lines = _mention_lines(pg, u, region)
        for measure, how in targets:
            previous = hits[region].get(measure)
            if previous is None or (previous[0] != "directly" and how == "directly"):
                hits[region][measure] = (how, lines | (previous[1] if previous else set()))
            else:
                previous[1].update(lines)

    def describe(measure, how, lines) -> str:
        d = nodes[measure]
        where = f"lines {_cite(lines)}" if lines else f"line {d.get('line_start')}"
        return f"{d.get('identifier', '')} {d.get('name_zh') or d.get('name', '')} ({how}; {where})".strip()

    def ident_key(m):
        return [int(x) if x.isdigit() else 0 for x in str(nodes[m].get("identifier", "0")).split(".")]

    by_county = defaultdict(dict)
    for region, found in hits.items():
        county = county_of(region)
        if county is None:
            continue
        for measure, (how, lines) in found.items():
            previous = by_county[county].get(measure)
            if previous is None or (how == "directly" and previous[0] != "directly"):
                by_county[county][measure] = (how, set(lines))
    sites = defaultdict(list)
    for region, k in kind.items():
        if k == "site" and county_of(region):
            sites[county_of(region)].append(region)
    positions = tile_positions({c: (float(nodes[c]["lat"]), float(nodes[c]["long"])) for c in counties})
    zones = sorted((z for z, k in kind.items() if k == "zone"))
    zone_colour = {z: ZONE_COLOURS[i % len(ZONE_COLOURS)] for i, z in enumerate(zones)}
    tiles = []
    for county in sorted(counties, key=lambda c: (positions[c][1], positions[c][0])):
        d = nodes[county]
        found = by_county.get(county, {})
        ordered = sorted(found, key=ident_key)
        direct = sum(1 for m in found.values() if m[0] == "directly")
        site_items = []
        for site in sorted(sites.get(county, ())):
            s = nodes[site]
            n_site = len(hits.get(site, {}))
            site_items.append({"name": s.get("name_zh"), "tip": (
                f"{s.get('name_zh')} ({s.get('name_en', '')})\nnamed site in {d.get('name_zh')} · "
                f"{s.get('lat')}, {s.get('long')}\nMeasures targeting it: {n_site}")})
        summary = (f"{len(found)} measure(s) target it: {direct} directly, {len(found) - direct} through their strategy"
                   if found else "no measure targets it")
        zone_names = [nodes[z].get("name_zh") for z in zone_of[county]]
        tiles.append({
            "id": str(county).rsplit("/", 1)[-1], "name": d.get("name_zh"), "en": d.get("name_en", ""),
            "col": positions[county][0], "row": positions[county][1], "count": len(found),
            "zones": [str(z).rsplit("/", 1)[-1] for z in zone_of[county]],
            "measures": [describe(m, *found[m]) for m in ordered],
            "sites": site_items, "summary": summary,
            "tip": "\n".join(x for x in (
                f"{d.get('name_zh')} {d.get('name_en', '')}", "Zone: " + "、".join(zone_names), summary,
                *(f"· {describe(m, *found[m])}" for m in ordered[:8]),
                f"… and {len(ordered) - 8} more (click)" if len(ordered) > 8 else "",
                f"Named sites: {'、'.join(s['name'] for s in site_items)}" if site_items else "",
            ) if x),
        })
    zone_items = []
    for z in zones:
        members = [c for c in counties if z in zone_of[c]]
        found = set(hits.get(z, {}))
        for c in members:
            found |= set(by_county.get(c, {}))
        zone_items.append({"id": str(z).rsplit("/", 1)[-1], "name": nodes[z].get("name_zh"), "colour": zone_colour[z],
                           "count": len(found),
                           "tip": f"{nodes[z].get('name_zh')} ({nodes[z].get('name_en', '')}): {len(found)} measure(s) "
                                  f"target the zone or a county in it; {len(hits.get(z, {}))} name the zone itself"})
    other = []
    for region, found in sorted(hits.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        if kind.get(region) in ("county", "site", "zone"):
            continue
        other.append(f"{nodes[region].get('name_zh')} {len(found)}")
    top = max((t["count"] for t in tiles), default=0)
    return {"tiles": tiles, "zones": zone_items, "other": other, "max": top, "tile": 74,
            "title": title, "plan": plan_id,
            "note": "Tile cartogram: one tile per county or city, placed from its coordinates in graph/regions.ttl; "
                    "number = measures targeting it."}


def plan_geo(source, out=None, title: str | None = None):
    """The Taiwan map page (an ``HtmlPage``), or the Path written to ``out``.

    >>> import policykg
    >>> "policykgView" in plan_geo(policykg.load_plan())
    True
    """
    data = geo_data(source)
    subtitle = (f"Taiwan map · 22 counties and cities, {sum(1 for t in data['tiles'] if t['count'])} targeted "
                f"by a measure · six zones · named sites as points")
    return deliver(single_panel_page("geo", title or data["title"] or "policykg map of Taiwan", subtitle, "geo", data), out)
