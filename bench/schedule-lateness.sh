#!/usr/bin/env bash
# Schedule lateness: from a fire time to its run QUEUED (the run's scheduledTime → createTime), default polling
# settings (the control scheduler polls every second). Four schedules every 5 s for 60 s (the bench lowers
# pipelines.schedules.min-interval to allow it; polling is untouched). The runs fail at once (dataset mnist is not
# installed here), so workers stay free and only the firing is measured.
# REPLICAS=2: two replicas of the packaged service on one fresh PostgreSQL database (127.0.0.1:5432, user postgres,
# dropped at the end), each with its own data folder; the schedules are made on the first, either may fire.
# Usage: [REPLICAS=1|2] bench/schedule-lateness.sh [seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
port=18093
export JAVA_OPTS="${JAVA_OPTS:-} -Dpipelines.schedules.min-interval=1s"
if [ "${REPLICAS:-1}" = 2 ]; then
  db="bench_schedules_$$"
  psql -q -h 127.0.0.1 -U postgres -d test -c "create database $db"
  export JAVA_OPTS="$JAVA_OPTS -Dspring.profiles.active=postgres -Dspring.datasource.username=postgres
    -Dspring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db"
  source bench/start-service.sh
  first_pid=$pid first_data=$data
  data2=$(mktemp -d)
  TF_CPP_MIN_LOG_LEVEL=2 java $JAVA_OPTS -jar "$jar" --server.port=$((port + 1)) --pipelines.data-dir="$data2" \
    > "$data2/service.log" 2>&1 &
  pid2=$!
  trap 'kill $first_pid $pid2 2>/dev/null || true; wait $first_pid $pid2 2>/dev/null || true;
        rm -rf "$first_data" "$data2";
        psql -q -h 127.0.0.1 -U postgres -d test -c "drop database if exists $db with (force)"' EXIT
  until curl -fs "localhost:$((port + 1))/actuator/health/readiness" >/dev/null; do sleep 0.5; done
  echo "two replicas on PostgreSQL database $db: ports $port and $((port + 1))"
else
  source bench/start-service.sh
fi
python3 bench/schedule_lateness.py "$port" "${1:-60}"
