// name: targets_due_by
// question: Which quantified targets are due by a given year, with their value, unit and owner?
// params: year (year, e.g. 2028)
// columns: owner, target, value, unit, deadline
MATCH (o)-[:HAS_TARGET]->(t:Target)
WHERE t.deadline IS NOT NULL AND left(t.deadline, 4) <= $year
RETURN DISTINCT o.iri AS owner, t.mention_text AS target, t.value AS value, t.unit_text AS unit, t.deadline AS deadline
