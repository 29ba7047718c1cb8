// name: technologies_by_pillar
// question: Which technologies do the measures of each pillar use, and in how many measures?
// params: none
// columns: pillar_no, technology, measures
MATCH (pillar:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(m:Measure)-[:USES_TECHNOLOGY]->(t:Technology)
RETURN pillar.ordinal AS pillar_no, t.name_en AS technology, count(DISTINCT m) AS measures
