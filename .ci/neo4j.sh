#!/usr/bin/env bash
# Start or stop the local Neo4j 5.26 test server (loaders/neo4j_server, via loaders/neo4j_local.py).
#   bash .ci/neo4j.sh start   # build if needed, start in the background, wait until ready, print the URI
#   bash .ci/neo4j.sh stop    # SIGTERM, then SIGKILL after 30 s
#   bash .ci/neo4j.sh status
# Port: env NEO4J_PORT (default 7687). Password: env NEO4J_PASSWORD (default policykg-local).
# Data and logs: .neo4j-local/ in the repository root (git-ignored); server output in
# .neo4j-local/local-server.log, Neo4j's own logs in .neo4j-local/logs/.
# The module is run by its path, so this checkout's copy is used even where another
# checkout of policykg is the one installed in the venv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -n "${VIRTUAL_ENV:-}" && -x "$VIRTUAL_ENV/bin/python" ]]; then
  py="$VIRTUAL_ENV/bin/python"
elif [[ -x "$root/.venv/bin/python" ]]; then
  py="$root/.venv/bin/python"
else
  py=python3
fi

command="${1:-}"
case "$command" in
  start|stop|status)
    exec "$py" "$root/loaders/neo4j_local.py" "$command" --port "${NEO4J_PORT:-7687}" --data-dir "$root/.neo4j-local"
    ;;
  *)
    echo "usage: bash .ci/neo4j.sh start|stop|status" >&2
    exit 2
    ;;
esac
