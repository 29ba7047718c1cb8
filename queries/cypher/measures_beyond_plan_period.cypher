// name: measures_beyond_plan_period
// question: Which measures run past the plan period, i.e. end after a given year?
// params: after_year (year, e.g. 2028)
// columns: identifier, measure, start, end
MATCH (m:Measure)-[:HAS_PERIOD]->(period:Period)
WHERE period.`end` IS NOT NULL AND left(period.`end`, 4) > $after_year
RETURN DISTINCT m.identifier AS identifier, m.name AS measure, period.start AS start, period.`end` AS `end`
