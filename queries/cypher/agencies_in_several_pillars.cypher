// name: agencies_in_several_pillars
// question: Which agencies lead or co-organize measures in at least a given number of pillars?
// params: min_pillars (integer, e.g. 3)
// columns: agency, pillars
MATCH (pillar:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(m:Measure)-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY]->(a:Agency)
WITH a, count(DISTINCT pillar) AS pillars
WHERE pillars >= $min_pillars
RETURN a.full_name AS agency, pillars
