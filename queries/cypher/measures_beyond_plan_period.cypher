// name: measures_beyond_plan_period
// question: Which measures run past the plan period, i.e. end after a given year or are open-ended?
// params: after_year (year, e.g. 2028)
// columns: identifier, measure, start, end
MATCH (m:Measure)-[:HAS_PERIOD]->(period:Period)
// an open-ended period (「115/07-」) has no end: it runs past any year
WHERE (period.`end` IS NOT NULL AND left(period.`end`, 4) > $after_year)
   OR (period.`end` IS NULL AND period.period_status = 'open_ended')
RETURN DISTINCT m.identifier AS identifier, m.name AS measure, period.start AS start, period.`end` AS `end`
