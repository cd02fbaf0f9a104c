#!/usr/bin/env bash
# DAG hand-off: how long a worker stays idle between one task's end and the next ready task's start, on a wide DAG
# (1 → 32 small trainings → 1) and a deep chain (32 in a row), with 2 workers; and the time to upload (parse and
# validate) a 200-task PipelineSpec. Task times are the service's own (startTime, endTime of GET /api/v1/runs/{id}).
# Usage: bench/dag-handoff.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=18092
export JAVA_OPTS="${JAVA_OPTS:-} -Dpipelines.workers=2"
source bench/start-service.sh
python3 bench/dag_handoff.py "$port"
