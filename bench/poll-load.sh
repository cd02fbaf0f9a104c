#!/usr/bin/env bash
# Status-read load: 64 concurrent pollers on GET /api/v1/runs/{id} for a fixed time on loopback while a training
# runs, beside a trivial endpoint of the same app (/actuator/health/liveness) measured in the same run; then the
# same pollers sending If-None-Match (an unchanged run costs a 304); then 64 paced pollers (each every 100 ms), whose
# latency is the server's and not the queue a saturating closed loop builds. The training is a CNN of 100 epochs
# (10 s or more each), so that it runs through every measurement. Uses wrk (apt-get install wrk).
# Usage: bench/poll-load.sh [seconds per measurement, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
port=18089
source bench/start-service.sh
id=$(curl -fs -X POST "localhost:$port/api/v1/runs" -H 'Content-Type: application/json' \
  -d '{"enableCaching": false, "parameterValues": {"dataset": "fashion-mnist", "modelType": "cnn", "epochs": 100}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -fs "localhost:$port/api/v1/runs/$id" | grep -q '"epoch"'; do sleep 0.5; done
run="http://127.0.0.1:$port/api/v1/runs/$id"
trivial="http://127.0.0.1:$port/actuator/health/liveness"
report() { grep -E "50%|90%|99%|Requests/sec|Non-2xx|Socket errors" | sed 's/^/  /'; }
echo "warming up (10 s each)..."
wrk -t2 -c64 -d10s "$run" > /dev/null
wrk -t2 -c64 -d10s "$trivial" > /dev/null
echo "== trivial endpoint, 64 connections, ${secs}s (training running)"
wrk -t2 -c64 -d"$secs"s --latency "$trivial" | report
echo "== GET run, 64 connections, ${secs}s (training running)"
wrk -t2 -c64 -d"$secs"s --latency "$run" | report
echo "== GET run sending back the last ETag (304 while unchanged; progress changes it every 0.5 s), 64 connections, ${secs}s"
wrk -t2 -c64 -d"$secs"s --latency -s bench/poll-etag.lua "$run" | report
echo "== 64 pollers each polling every 100 ms with If-None-Match (640 req/s offered), ${secs}s (training running)"
POLL_MS=100 wrk -t2 -c64 -d"$secs"s --latency -s bench/poll-etag.lua "$run" | report
echo "== the same 64 paced pollers without ETags (every poll renders the run), ${secs}s"
POLL_MS=100 NO_ETAG=1 wrk -t2 -c64 -d"$secs"s --latency -s bench/poll-etag.lua "$run" | report
state=$(curl -fs "$run" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["state"], r["tasks"][0]["progress"]["details"])')
echo "run during the measurements: $state"
case "$state" in RUNNING*) ;; *) echo "the training did not run through every measurement"; exit 1 ;; esac
curl -fs -X POST "$run:cancel" > /dev/null
