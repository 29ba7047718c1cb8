// name: co_organizing_network
// question: With which agencies does a given agency share measures (as lead or co-organizer), and how many?
// params: agency (string, e.g. 數位發展部數位產業署)
// columns: partner, shared_measures
MATCH (a:Agency)<-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY]-(m:Measure)-[:LEAD_AGENCY|CO_ORGANIZING_AGENCY]->(b:Agency)
WHERE a.full_name = $agency AND b.iri <> a.iri
RETURN b.full_name AS partner, count(DISTINCT m) AS shared_measures
