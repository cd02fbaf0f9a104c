#!/usr/bin/env bash
# Memory with a deep queue: one worker busy with a long training (a CNN, 30 epochs) while 10,000 more runs are
# submitted behind it.
# After each 2,500 submissions the heap is measured after a full GC (jcmd GC.run, then jvm.memory.used of the
# heap from the actuator) with the process RSS and the queue depth. Flat heap = queued runs live in the database
# (run rows and db-scheduler executions), not in memory. H2 by default; SPRING_PROFILES_ACTIVE=postgres and
# PIPELINES_DB_URL=... for PostgreSQL. Needs Debian's dataset-fashion-mnist.
# Usage: bench/queued-memory.sh [runs, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-10000}
port=18091
source bench/start-service.sh
base="http://127.0.0.1:$port"
heap() {
  jcmd "$pid" GC.run > /dev/null
  sleep 1
  python3 - "$base" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
def value(name, tag=None):
    url = base + "/actuator/metrics/" + name + ("?tag=" + tag if tag else "")
    return json.load(urllib.request.urlopen(url))["measurements"][0]["value"]
print("%.1f" % (value("jvm.memory.used", "area:heap") / 2**20))
PY
}
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
count() { curl -fs "$base/api/v1/runs?state=$1&size=1" | python3 -c 'import json,sys; p=json.load(sys.stdin); print(str(p["totalElements"]) + ("+" if p.get("totalCapped") else ""))'; }
queued() { echo "$(count QUEUED) (running: $(count RUNNING))"; }

curl -fs -X POST "$base/api/v1/runs" -H 'Content-Type: application/json' \
  -d '{"displayName": "long training", "parameterValues": {"dataset": "fashion-mnist", "modelType": "cnn", "epochs": 30}}' > /dev/null
printf "%-12s %-14s %-10s %s\n" submitted "heap after GC" RSS queued
printf "%-12s %-14s %-10s %s\n" 0 "$(heap) MiB" "$(rss) MiB" "$(queued)"
submitted=0
while [ "$submitted" -lt "$total" ]; do
  python3 - "$base" 2500 <<'PY'
import http.client, json, sys, urllib.parse
base, count = urllib.parse.urlparse(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection(base.hostname, base.port)
body = json.dumps({"parameterValues": {"dataset": "fashion-mnist", "trainLimit": 1000, "epochs": 1}})
for _ in range(count):
    connection.request("POST", "/api/v1/runs", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status != 202:
        sys.exit("submission failed: %d" % response.status)
PY
  submitted=$((submitted + 2500))
  printf "%-12s %-14s %-10s %s\n" "$submitted" "$(heap) MiB" "$(rss) MiB" "$(queued)"
done
