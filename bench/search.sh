#!/usr/bin/env bash
# Run history at scale: 100,000 finished runs bulk-inserted into a PostgreSQL database of its own (with their
# parameters and final metrics), then list, filter and metric search through the API under wrk, with 1 connection
# (one client's latency) and 16 connections (a busy server), reporting p50/p95/p99. Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and wrk.
# Usage: bench/search.sh [seconds per query, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
port=18090
db=pipelines_bench_$$
psql() { command psql -q -h 127.0.0.1 -U postgres "$@"; }
psql -d postgres -c "create database $db"
export SPRING_PROFILES_ACTIVE=postgres PIPELINES_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" PIPELINES_DB_USER=postgres
cleanup_db() { psql -d postgres -c "drop database if exists $db with (force)" || true; }
source bench/start-service.sh
trap 'kill $pid 2>/dev/null; rm -rf "$data"; cleanup_db' EXIT
echo "inserting 100,000 runs..."
time psql -d "$db" <<'SQL'
insert into pipeline_run (id, job_id, pipeline_name, display_name, parameter_values, enable_caching, state,
                          create_time, start_time, end_time, update_time, version, revision, pipeline_root)
select md5('run' || i)::uuid, 'bench-' || i, 'simple-mnist-pipeline', 'bench run ' || i,
       '{"modelType": "' || case when i % 4 = 0 then 'cnn' else 'linear' end || '", "epochs": ' || (1 + i % 5) || '}',
       true, case when i % 10 = 0 then 'FAILED' else 'SUCCEEDED' end,
       now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval,
       now() - (i || ' seconds')::interval + interval '5 seconds', now(), 0, 0, null
from generate_series(1, 100000) i;
insert into run_parameter (run_id, name, text_value)
select md5('run' || i)::uuid, 'modelType', case when i % 4 = 0 then 'cnn' else 'linear' end from generate_series(1, 100000) i;
insert into run_parameter (run_id, name, number_value)
select md5('run' || i)::uuid, 'epochs', 1 + i % 5 from generate_series(1, 100000) i;
insert into run_metric (run_id, task_name, metric_key, numeric_value, logged_time)
select md5('run' || i)::uuid, 'load-data-and-training', 'acc', 80 + (i * 7919 % 2000) / 100.0, now()
from generate_series(1, 100000) i where i % 10 <> 0;
analyze;
SQL
cat > "$data/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  %.0f req/s  errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
base="http://127.0.0.1:$port/api/v1/runs"
declare -a names=("list, newest first (page 1)" "list, page 200" "state = FAILED" \
  "metrics.acc > 99 AND params.modelType = \"cnn\"" "orderBy metrics.acc desc" "displayName:\"run 4242\"")
declare -a urls=("$base?size=20" "$base?size=20&page=200" "$base?state=FAILED&size=20" \
  "$base?size=20&filter=$(enc 'metrics.acc > 99 AND params.modelType = "cnn"')" \
  "$base?size=20&orderBy=$(enc 'metrics.acc desc')" "$base?size=20&filter=$(enc 'displayName:"run 4242"')")
for i in "${!urls[@]}"; do
  curl -fs "${urls[$i]}" > /dev/null || { echo "query failed: ${urls[$i]}"; exit 1; }
  wrk -t2 -c16 -d5s "${urls[$i]}" > /dev/null
  echo "== ${names[$i]}"
  echo -n " 1 connection:  "; wrk -t1 -c1 -d"$secs"s -s "$data/p95.lua" "${urls[$i]}" | tail -n1 | sed 's/^  //'
  echo -n "16 connections: "; wrk -t2 -c16 -d"$secs"s -s "$data/p95.lua" "${urls[$i]}" | tail -n1 | sed 's/^  //'
done
