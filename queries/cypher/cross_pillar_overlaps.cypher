// name: cross_pillar_overlaps
// question: Which measures of different pillars overlap, and how strongly?
// params: min_score (decimal, e.g. 0.3)
// columns: identifier_a, measure_a, pillar_a, identifier_b, measure_b, pillar_b, score
MATCH (o:Overlap)-[:EDGE_SOURCE]->(a:Measure), (o)-[:EDGE_TARGET]->(b:Measure)
WHERE o.score >= $min_score
MATCH (pa:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(a)
MATCH (pb:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(b)
WHERE pa.iri <> pb.iri
RETURN DISTINCT a.identifier AS identifier_a, a.name AS measure_a, pa.ordinal AS pillar_a,
       b.identifier AS identifier_b, b.name AS measure_b, pb.ordinal AS pillar_b, o.score AS score
