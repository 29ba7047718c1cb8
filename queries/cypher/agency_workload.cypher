// name: agency_workload
// question: How many measures does each agency lead and co-organize, and which ministry is it under?
// params: none
// columns: agency, ministry, lead_measures, co_organizing_measures
MATCH (a:Agency)
OPTIONAL MATCH (ml:Measure)-[:LEAD_AGENCY]->(a)
WITH a, count(DISTINCT ml) AS lead_measures
OPTIONAL MATCH (mc:Measure)-[:CO_ORGANIZING_AGENCY]->(a)
WITH a, lead_measures, count(DISTINCT mc) AS co_organizing_measures
WHERE lead_measures + co_organizing_measures > 0
MATCH (a)-[:SUB_ORGANIZATION_OF*0..6]->(top:Agency)
WHERE NOT EXISTS { MATCH (top)-[:SUB_ORGANIZATION_OF]->(:Agency) }
RETURN DISTINCT a.full_name AS agency, top.full_name AS ministry, lead_measures, co_organizing_measures
