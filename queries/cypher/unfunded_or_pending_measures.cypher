// name: unfunded_or_pending_measures
// question: Which measures have a period that is not yet funded, pending approval or still in planning?
// params: none
// columns: identifier, measure, period_status, period_raw
MATCH (m:Measure)-[:HAS_PERIOD]->(period:Period)
WHERE period.period_status IN ['not_yet_funded', 'pending_approval', 'planning']
RETURN DISTINCT m.identifier AS identifier, m.name AS measure, period.period_status AS period_status,
       period.period_raw AS period_raw
