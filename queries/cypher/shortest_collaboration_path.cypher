// name: shortest_collaboration_path
// question: What is the shortest chain of shared measures (up to 3 hops) linking two agencies, and through whom?
// params: from_agency (string, e.g. 國家科學及技術委員會); to_agency (string, e.g. 原住民族委員會)
// columns: hops, path
// A hop joins two agencies that both lead or co-organize one measure (schedule entries are not
// crossed). Every shortest chain up to 3 hops is listed, agency names joined by " > ".
MATCH (a:Agency {full_name: $from_agency}), (b:Agency {full_name: $to_agency})
WHERE a.iri <> b.iri
MATCH p = allShortestPaths((a)-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY*..6]-(b))
WHERE all(n IN nodes(p) WHERE n:Agency OR n:Measure)
WITH p, [n IN nodes(p) WHERE n:Agency | n.full_name] AS agencies
RETURN DISTINCT length(p) / 2 AS hops, reduce(s = head(agencies), x IN tail(agencies) | s + ' > ' + x) AS path
