// name: measures_active_in_year
// question: Which measures have a scheduled period that covers a given year?
// params: year (year, e.g. 2026)
// columns: identifier, measure, start, end
MATCH (m:Measure)-[:HAS_PERIOD]->(period:Period)
WHERE period.start IS NOT NULL AND left(period.start, 4) <= $year
  AND (period.`end` IS NULL OR left(period.`end`, 4) >= $year)
RETURN DISTINCT m.identifier AS identifier, m.name AS measure, period.start AS start, period.`end` AS `end`
