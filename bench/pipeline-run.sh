#!/usr/bin/env bash
# Whole-run benchmark: starts the service, runs simple-mnist-pipeline on the full Fashion-MNIST (Debian package
# dataset-fashion-mnist) and prints the training task's wall time (data load + training + evaluation + export),
# the training loop time, the accuracy and the service's peak RSS.
# Usage: bench/pipeline-run.sh [linear|cnn] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-linear}
runs=${2:-3}
port=18089
source bench/start-service.sh
for i in $(seq 1 "$runs"); do
  id=$(curl -fs -X POST "localhost:$port/api/v1/runs" -H 'Content-Type: application/json' \
    -d "{\"parameterValues\": {\"dataset\": \"fashion-mnist\", \"modelType\": \"$model\", \"seed\": $((42 + i))}}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    state=$(curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
    case $state in SUCCEEDED|FAILED|CANCELLED) break ;; esac
    sleep 0.2
  done
  curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c '
import json, sys
from datetime import datetime
r = json.load(sys.stdin)
t = r["tasks"][0]
f = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
m = r["metrics"]
print("%s %s: task %.2f s, training loop %.2f s, acc %.2f %%, loss %.4f" % (m.get("Model"), r["state"],
      (f(t["endTime"]) - f(t["startTime"])).total_seconds(), m.get("train_seconds", 0), m.get("acc", 0), m.get("loss", 0)))'
done
echo "service peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print int($2/1024)}') MB"
