#!/usr/bin/env bash
# Start or stop the local Apache Jena Fuseki 5.6.0 of the tests and CI (.ci/fuseki/: pom.xml, config.ttl).
#   bash .ci/fuseki.sh start    # fetch with Maven if needed, start in the background, wait until
#                               # it answers, print the dataset URL (http://127.0.0.1:PORT/policykg)
#   bash .ci/fuseki.sh stop     # SIGTERM, then SIGKILL after 30 s
#   bash .ci/fuseki.sh status   # prints "running URL pid N", or "stopped" with exit status 1
# Port: env FUSEKI_PORT (default 3030); binds 127.0.0.1 only. Writes (Graph Store Protocol at
# /policykg/data, SPARQL Update at /policykg/update) need user FUSEKI_USER (default policykg)
# with FUSEKI_PASSWORD (default policykg-local), HTTP basic auth; queries are open.
# Data and logs: .fuseki-local/ in the repository root (git-ignored; env FUSEKI_DATA_DIR): TDB2 in
# tdb2/, server output in fuseki.log, pid in fuseki.pid.
# Tests read env FUSEKI_URL (the URL `start` prints), e.g.
#   export FUSEKI_URL="$(FUSEKI_PORT=3331 bash .ci/fuseki.sh start)"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/.ci/fuseki"
data="${FUSEKI_DATA_DIR:-$root/.fuseki-local}"
port="${FUSEKI_PORT:-3030}"
user="${FUSEKI_USER:-policykg}"
password="${FUSEKI_PASSWORD:-policykg-local}"
main_class="org.apache.jena.fuseki.main.cmds.FusekiMainCmd"

running_pid() {  # the pid of the server started from $data, if it is still running
  local pid
  pid="$(cat "$data/fuseki.pid" 2>/dev/null || true)"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "$main_class" && echo "$pid"
  return 0
}

url_of() { echo "http://127.0.0.1:$(cat "$data/fuseki.port")/policykg"; }

answers() {  # the dataset answers a SPARQL query
  curl -fsS -o /dev/null --max-time 5 -G --data-urlencode 'query=ASK {}' "$1/sparql" 2>/dev/null
}

build() {  # copy jena-fuseki-main and its dependencies into .ci/fuseki/target/lib (once)
  if [[ ! -f "$project/target/lib/jena-fuseki-main-5.6.0.jar" || "$project/pom.xml" -nt "$project/target/lib" ]]; then
    command -v mvn >/dev/null || { echo "error: mvn not found: the local Fuseki needs Java 17 and Maven" >&2; exit 2; }
    (cd "$project" && mvn -q -B package) >&2
    touch "$project/target/lib"
  fi
}

start() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then url_of; return 0; fi
  command -v java >/dev/null || { echo "error: java not found: the local Fuseki needs Java 17 and Maven" >&2; exit 2; }
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port 127.0.0.1:$port is already in use by another process" >&2
    exit 2
  fi
  build
  mkdir -p "$data"
  (umask 077 && printf '%s: %s\n' "$user" "$password" > "$data/passwd")
  echo "$port" > "$data/fuseki.port"
  # Own session (setsid): `stop` signals the whole process group. Modest memory: 2 cores are shared.
  (cd "$data" && exec setsid java -Xms64m -Xmx384m -XX:+UseSerialGC -cp "$project/target/lib/*" "$main_class" \
      --localhost --port "$port" --config "$project/config.ttl" --passwd "$data/passwd" --auth=basic \
      > "$data/fuseki.log" 2>&1 < /dev/null) &
  pid=$!
  echo "$pid" > "$data/fuseki.pid"
  local url
  url="$(url_of)"
  for _ in $(seq 1 600); do
    if answers "$url"; then echo "$url"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: Fuseki exited before it was ready; $data/fuseki.log:" >&2
      tail -n 30 "$data/fuseki.log" >&2
      rm -f "$data/fuseki.pid"
      exit 1
    fi
    sleep 0.2
  done
  echo "error: Fuseki did not answer at $url within 120 s; $data/fuseki.log:" >&2
  tail -n 30 "$data/fuseki.log" >&2
  stop >/dev/null
  exit 1
}

stop() {
  local pid
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then rm -f "$data/fuseki.pid"; echo "not running"; return 0; fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    [[ -z "$(running_pid)" ]] && break
    sleep 0.1
  done
  if [[ -n "$(running_pid)" ]]; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$data/fuseki.pid"
  echo "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    pid="$(running_pid)"
    if [[ -z "$pid" ]]; then echo "stopped"; exit 1; fi
    echo "running $(url_of) pid $pid"
    ;;
  *)
    echo "usage: bash .ci/fuseki.sh start|stop|status" >&2
    exit 2
    ;;
esac
