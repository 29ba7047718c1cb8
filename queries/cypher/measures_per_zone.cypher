// name: measures_per_zone
// question: How many measures target a place inside each of the regional zones (e.g. 北北基宜)?
// params: none
// columns: zone, measures
MATCH (m:Measure)-[:TARGETS_REGION|LOCATED_IN]->(r:Region)-[:LOCATED_IN|ALSO_IN_ZONE*0..4]->(z:Region)
WHERE z.region_type = 'zone'
RETURN z.name_zh AS zone, count(DISTINCT m) AS measures
