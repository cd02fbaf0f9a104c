#!/usr/bin/env bash
# The engine as a run grows: a ParallelFor of N tiny trainings (100 images, 1 epoch) with 2 workers; prints the
# hand-off (a step's start minus the latest step end before it) median and p99, and the run's wall time against its
# task time over the 2 workers. Usage: bench/dag-loop.sh [iterations, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
port=18093
export JAVA_OPTS="${JAVA_OPTS:-} -Dpipelines.workers=2"
source bench/start-service.sh
python3 bench/dag_loop.py "$port" "${1:-1000}"
