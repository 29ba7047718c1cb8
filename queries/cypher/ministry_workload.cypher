// name: ministry_workload
// question: Rolled up to the top ministry or council, how many measures do its units lead and co-organize?
// params: none
// columns: ministry, lead_measures, co_organizing_measures
MATCH (a:Agency)-[:SUB_ORGANIZATION_OF*0..6]->(top:Agency)
WHERE NOT EXISTS { MATCH (top)-[:SUB_ORGANIZATION_OF]->(:Agency) }
WITH DISTINCT a, top
OPTIONAL MATCH (ml:Measure)-[:LEAD_AGENCY]->(a)
WITH a, top, ml
OPTIONAL MATCH (mc:Measure)-[:CO_ORGANIZING_AGENCY]->(a)
WITH top, count(DISTINCT ml) AS lead_measures, count(DISTINCT mc) AS co_organizing_measures
WHERE lead_measures + co_organizing_measures > 0
RETURN top.full_name AS ministry, lead_measures, co_organizing_measures
