// name: measures_per_region
// question: How many measures target or are located in each region?
// params: none
// columns: region, region_type, measures
MATCH (m:Measure)-[:TARGETS_REGION|LOCATED_IN]->(r:Region)
RETURN r.name_zh AS region, r.region_type AS region_type, count(DISTINCT m) AS measures
