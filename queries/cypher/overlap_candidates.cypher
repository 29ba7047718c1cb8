// name: overlap_candidates
// question: Which measures of two pillars share both an agency and a technology (candidates for overlap)?
// params: pillar_a (integer, e.g. 1); pillar_b (integer, e.g. 2)
// columns: measure_a, measure_b, agency, technology
MATCH (pa:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(ma:Measure),
      (pb:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(mb:Measure)
WHERE pa.ordinal = $pillar_a AND pb.ordinal = $pillar_b AND ma.iri <> mb.iri
MATCH (ma)-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY]->(a:Agency)<-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY]-(mb)
MATCH (ma)-[:USES_TECHNOLOGY]->(t:Technology)<-[:USES_TECHNOLOGY]-(mb)
RETURN DISTINCT ma.identifier AS measure_a, mb.identifier AS measure_b, a.full_name AS agency, t.name_en AS technology
