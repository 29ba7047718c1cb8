// name: measures_of_pillar
// question: Which measures does a pillar have, with their lead agency and period?
// params: pillar_no (integer, e.g. 5)
// columns: identifier, measure, lead_agency, start, end
MATCH (pillar:Pillar)-[:HAS_STRATEGY]->(:Strategy)-[:HAS_MEASURE]->(m:Measure)-[:HAS_SCHEDULE_ENTRY]->(entry:ScheduleEntry)
WHERE pillar.ordinal = $pillar_no
OPTIONAL MATCH (entry)-[:LEAD_AGENCY]->(agency:Agency)
OPTIONAL MATCH (entry)-[:HAS_PERIOD]->(period:Period)
RETURN DISTINCT m.identifier AS identifier, m.name AS measure, agency.full_name AS lead_agency,
       period.start AS start, period.`end` AS `end`
