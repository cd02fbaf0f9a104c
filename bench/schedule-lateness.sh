#!/usr/bin/env bash
# Schedule lateness: from a fire time to its run QUEUED (the run's scheduledTime → createTime), default polling
# settings (the control scheduler polls every second). Four schedules every 5 s for 60 s (the bench lowers
# pipelines.schedules.min-interval to allow it; polling is untouched). The runs fail at once (dataset mnist is not
# installed here), so workers stay free and only the firing is measured.
# Usage: bench/schedule-lateness.sh [seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
port=18093
export JAVA_OPTS="${JAVA_OPTS:-} -Dpipelines.schedules.min-interval=1s"
source bench/start-service.sh
python3 bench/schedule_lateness.py "$port" "${1:-60}"
