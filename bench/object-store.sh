#!/usr/bin/env bash
# Object-store pipeline root vs the local folder, side by side in one run, on loopback:
#  1. In-process (ObjectStoreBenchmark): a trained SavedModel's upload (local root: the staged folder moved into the
#     task folder; S3: uploaded object by object), fetch (S3: listed and downloaded to the local copy) and load.
#  2. Over HTTP: the first :predict of a deployed model on a freshly started replica (cold: S3 → fetch + load; local
#     root → load from disk), then the median of 50 warm ones.
# The S3 server is s3rver (npm ci --prefix src/test/s3rver). Usage: bench/object-store.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f src/test/s3rver/node_modules/s3rver/bin/s3rver.js ] || npm ci --prefix src/test/s3rver --no-audit --no-fund
work=$(mktemp -d)
s3port=18190
port=18094
node src/test/s3rver/node_modules/s3rver/bin/s3rver.js -s -d "$work/s3" -a 127.0.0.1 -p $s3port \
  --configure-bucket bench > "$work/s3rver.log" 2>&1 &
s3pid=$!
pid=
trap 'kill $s3pid $pid 2>/dev/null; rm -rf "$work"' EXIT
./mvnw -q -B -DskipTests package
jar=$(ls target/pipelines-service-*.jar | head -n1)
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
s3=(--pipelines.pipeline-root=s3://bench/root --pipelines.storage.s3.endpoint=http://127.0.0.1:$s3port
    --pipelines.storage.s3.path-style-access=true --pipelines.storage.s3.region=us-east-1
    --pipelines.storage.s3.chunked-encoding=false)

start() { # data-dir db-dir extra-args...
  local dir=$1 db=$2; shift 2
  TF_CPP_MIN_LOG_LEVEL=2 java -jar "$jar" --server.port=$port --pipelines.data-dir="$dir" \
    --spring.datasource.url="jdbc:h2:file:$db/db" "$@" > "$dir.log" 2>&1 &
  pid=$!
  until curl -fs "localhost:$port/actuator/health/readiness" >/dev/null; do sleep 0.5; done
  until grep -q "TensorFlow ready" "$dir.log"; do sleep 0.5; done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
field() { python3 -c "import json,sys; r=json.load(sys.stdin); print($1)"; }
train() {
  local id
  id=$(curl -fs -X POST "localhost:$port/api/v1/runs" -H 'Content-Type: application/json' -d '{"parameterValues":
    {"dataset": "fashion-mnist", "trainLimit": 10000, "epochs": 1}}' | field 'r["id"]')
  until [ "$(curl -fs "localhost:$port/api/v1/runs/$id" | field 'r["state"]')" = SUCCEEDED ]; do sleep 0.5; done
  curl -fs "localhost:$port/api/v1/runs/$id" | field '[a["uri"] for a in r["artifacts"] if a["name"] == "vertex_endpoint"][0]'
}
instance=$(python3 -c 'import json; print(json.dumps({"instances": [[0.5] * 784]}))')
predict() { curl -fs -o /dev/null -w '%{time_total}\n' -X POST "localhost:$port/v1/$1:predict" \
  -H 'Content-Type: application/json' -d "$instance"; }
report() { # label endpoint
  local cold warm
  cold=$(predict "$2")
  warm=$(for _ in $(seq 1 50); do predict "$2"; done | sort -n | sed -n 25p)
  python3 -c 'import sys; print("%-28s cold %7.1f ms   warm median %5.2f ms" % (sys.argv[1],
    float(sys.argv[2]) * 1000, float(sys.argv[3]) * 1000))' "$1" "$cold" "$warm"
}

start "$work/local-a" "$work/local-db"
local_endpoint=$(train)
stop
start "$work/s3-a" "$work/s3-db" "${s3[@]}"
s3_endpoint=$(train)
stop

model=$(ls -d "$work"/local-a/pipeline_root/simple-mnist-pipeline/*/load-data-and-training/output_model | head -n1)
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
TF_CPP_MIN_LOG_LEVEL=2 java -Daws.accessKeyId=S3RVER -Daws.secretAccessKey=S3RVER \
  -cp "target/test-classes:target/classes:$cp" com.pipelines.artifacts.ObjectStoreBenchmark "$model" \
  "http://127.0.0.1:$s3port" 10 2>/dev/null

echo "== first :predict on a fresh replica (the model not loaded, not on its disk for S3), then warm"
start "$work/local-a" "$work/local-db"
report "local root (same disk)" "$local_endpoint"
stop
start "$work/s3-b" "$work/s3-db" "${s3[@]}"
report "s3 root (new data folder)" "$s3_endpoint"
stop
