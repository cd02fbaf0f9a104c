#!/usr/bin/env bash
# Prediction benchmark: starts the packaged service, trains and deploys the seed's linear model on Fashion-MNIST
# (deployTarget=local), then drives :predict with wrk (apt-get install wrk) on loopback:
#   1 client, 1 instance/request; 32 clients, 1 instance/request; 32 clients, 32 instances/request.
# Also prints the in-process cost of one SavedModel call, to show what HTTP adds. Client and server share the cores.
# Usage: bench/predict.sh [seconds per measurement, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
port=18088
source bench/start-service.sh
id=$(curl -fs -X POST "localhost:$port/api/v1/runs" -H 'Content-Type: application/json' \
  -d '{"parameterValues": {"dataset": "fashion-mnist"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until [ "$(curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')" = SUCCEEDED ]; do
  sleep 0.5
done
read -r endpoint model_dir < <(curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c '
import json, sys, urllib.parse
r = json.load(sys.stdin)
a = {x["name"]: x for x in r["artifacts"]}
print(a["vertex_endpoint"]["uri"], urllib.parse.urlparse(a["output_model"]["uri"]).path)')
url="http://127.0.0.1:$port/v1/$endpoint:predict"
python3 - "$data" <<'PY'
import gzip, json, sys
raw = gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz").read()[16:]
inst = lambda i: [round(b / 255, 4) for b in raw[i * 784:(i + 1) * 784]]
json.dump({"instances": [inst(0)]}, open(sys.argv[1] + "/one.json", "w"))
json.dump({"instances": [inst(i) for i in range(32)]}, open(sys.argv[1] + "/batch.json", "w"))
PY
echo "warming up ($secs s)..."
wrk -t2 -c32 -d"$secs"s -s bench/post.lua "$url" -- "$data/one.json" > /dev/null
echo "== 1 client, 1 instance per request"
wrk -t1 -c1 -d"$secs"s --latency -s bench/post.lua "$url" -- "$data/one.json" | grep -E "50%|99%|Requests/sec|Non-2xx|Socket errors"
echo "== 32 clients, 1 instance per request (predictions/s = requests/s)"
wrk -t2 -c32 -d"$secs"s --latency -s bench/post.lua "$url" -- "$data/one.json" | grep -E "50%|99%|Requests/sec|Non-2xx|Socket errors"
echo "== 32 clients, 32 instances per request (predictions/s = 32 x requests/s)"
wrk -t2 -c32 -d"$secs"s --latency -s bench/post.lua "$url" -- "$data/batch.json" | grep -E "50%|99%|Requests/sec|Non-2xx|Socket errors"
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
TF_CPP_MIN_LOG_LEVEL=2 java -cp "target/test-classes:target/classes:$cp" com.pipelines.serving.ServingBenchmark "$model_dir" 2>/dev/null
