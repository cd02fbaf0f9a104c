#!/usr/bin/env bash
# Control work under training: while a 100-epoch CNN holds the only step worker, queue a run and cancel it, N
# times, and time each RUN_CANCELLED webhook from the cancel request to its arrival at a local receiver (the control
# scheduler's own workers deliver it; before they existed it waited for the training: > 20 s).
# Usage: bench/control-latency.sh [cancels, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20}
port=18091
export JAVA_OPTS="${JAVA_OPTS:-} -Dpipelines.webhooks.allowed-hosts=127.0.0.1"
source bench/start-service.sh
python3 bench/control_latency.py "$port" "$count"
