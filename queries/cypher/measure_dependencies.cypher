// name: measure_dependencies
// question: What does a measure depend on, transitively (shared infrastructure and cross-references)?
// params: measure_id (string, e.g. 1.1.7)
// columns: identifier, measure, depends_on_identifier, depends_on, kind, confidence
MATCH (start:Measure)-[:DEPENDS_ON*0..10]->(from:Measure)
WHERE start.identifier = $measure_id
MATCH (d:Dependency)-[:EDGE_SOURCE]->(from), (d)-[:EDGE_TARGET]->(to)
WHERE d.dependency_kind <> 'precedes'
RETURN DISTINCT from.identifier AS identifier, from.name AS measure, to.identifier AS depends_on_identifier,
       to.name AS depends_on, d.dependency_kind AS kind, d.confidence AS confidence
