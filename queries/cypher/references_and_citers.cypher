// name: references_and_citers
// question: Which plans, laws and programmes does the plan cite, and which part of the plan cites each?
// params: none
// columns: reference, reference_type, citer_type, citer
MATCH (c:Plan)-[:REFERENCES]->(r:LegalOrPolicyReference)
RETURN r.name_zh AS reference, r.reference_type AS reference_type, 'Plan' AS citer_type, c.plan_id AS citer
UNION
MATCH (c:Pillar)-[:REFERENCES]->(r:LegalOrPolicyReference)
RETURN r.name_zh AS reference, r.reference_type AS reference_type, 'Pillar' AS citer_type, c.identifier AS citer
UNION
MATCH (c:Strategy)-[:REFERENCES]->(r:LegalOrPolicyReference)
RETURN r.name_zh AS reference, r.reference_type AS reference_type, 'Strategy' AS citer_type, c.identifier AS citer
UNION
MATCH (c:Measure)-[:REFERENCES]->(r:LegalOrPolicyReference)
RETURN r.name_zh AS reference, r.reference_type AS reference_type, 'Measure' AS citer_type, c.identifier AS citer
UNION
MATCH (c:Highlight)-[:REFERENCES]->(r:LegalOrPolicyReference)
RETURN r.name_zh AS reference, r.reference_type AS reference_type, 'Highlight' AS citer_type, c.identifier AS citer
