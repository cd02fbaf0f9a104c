#!/usr/bin/env bash
# Live events: state change → event at an SSE client (the run's updateTime in the event vs the moment the client
# reads it; one machine, one clock), while 1,000 idle clients hold streams open on the same replica; and the
# replica's memory before and after connecting them (RSS and heap after a full GC). The runs fail at once (dataset
# mnist is not installed here), so each gives QUEUED → RUNNING → FAILED changes without training.
# Usage: bench/events.sh [runs, default 200] [idle clients, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
port=18094
source bench/start-service.sh
python3 bench/events_latency.py "$port" "$pid" "${1:-200}" "${2:-1000}"
