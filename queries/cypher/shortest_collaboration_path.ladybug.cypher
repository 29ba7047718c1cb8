// name: shortest_collaboration_path
// question: What is the shortest chain of shared measures (up to 3 hops) linking two agencies, and through whom?
// params: from_agency (string, e.g. 國家科學及技術委員會); to_agency (string, e.g. 原住民族委員會)
// columns: hops, path
// Ladybug variant: its ALL SHORTEST recursive pattern with a node predicate replaces Neo4j's
// allShortestPaths(); list_filter/list_transform/list_reduce replace the list comprehension and reduce().
MATCH p = (a:Agency)-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY* ALL SHORTEST 1..6 (r, n | WHERE label(n) <> 'ScheduleEntry')]-(b:Agency)
WHERE a.full_name = $from_agency AND b.full_name = $to_agency AND a.iri <> b.iri
RETURN DISTINCT length(p) / 2 AS hops,
       list_reduce(list_transform(list_filter(nodes(p), n -> label(n) = 'Agency'), n -> n.full_name), (s, x) -> s + ' > ' + x) AS path
