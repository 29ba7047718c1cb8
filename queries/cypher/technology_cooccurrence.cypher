// name: technology_cooccurrence
// question: Which pairs of technologies are used together by at least a given number of measures?
// params: min_measures (integer, e.g. 3)
// columns: technology_a, technology_b, measures
MATCH (a:Technology)<-[:USES_TECHNOLOGY]-(m:Measure)-[:USES_TECHNOLOGY]->(b:Technology)
WHERE a.iri < b.iri
WITH a, b, count(DISTINCT m) AS measures
WHERE measures >= $min_measures
RETURN a.name_en AS technology_a, b.name_en AS technology_b, measures
