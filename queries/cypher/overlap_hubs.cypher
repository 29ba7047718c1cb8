// name: overlap_hubs
// question: Which measures overlap with the most measures of other pillars (centres of overlap clusters)?
// params: none
// columns: identifier, measure, pillar, overlaps, other_pillars
MATCH (p:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(m:Measure)-[:OVERLAPS_WITH]->(other:Measure)
MATCH (po:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(other)
WHERE p.iri <> po.iri
RETURN m.identifier AS identifier, m.name AS measure, p.ordinal AS pillar,
       count(DISTINCT other) AS overlaps, count(DISTINCT po) AS other_pillars
