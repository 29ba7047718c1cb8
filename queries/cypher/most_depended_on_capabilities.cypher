// name: most_depended_on_capabilities
// question: Which shared capabilities (and the measures providing them) do most other measures depend on?
// params: none
// columns: capability, provider_identifier, provider, dependents
MATCH (d:Dependency)-[:EDGE_SOURCE]->(c:Measure), (d)-[:EDGE_TARGET]->(p:Measure)
WHERE d.capability IS NOT NULL
RETURN d.capability AS capability, p.identifier AS provider_identifier, p.name AS provider,
       count(DISTINCT c) AS dependents
