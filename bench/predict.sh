#!/usr/bin/env bash
# Prediction benchmark, side by side with the service's own liveness endpoint in one run: starts the packaged
# service, trains and deploys (deployTarget=local) the seed's linear model and a CNN on Fashion-MNIST, then drives
# GET /actuator/health/liveness and each model's :predict with wrk (apt-get install wrk) on loopback, one 28x28
# instance per request: 1 client (p50) and 32 clients (requests/s), and prints each ratio to liveness. Then
# 32 clients x 32 instances, and the in-process cost of one call (TensorFlow, and the Java forward pass of the
# dense model). Client and server share the 2 cores.
# Usage: [ROUNDS=3] bench/predict.sh [seconds per measurement, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
port=18088
source bench/start-service.sh
deploy() {
  local id
  id=$(curl -fs -X POST "localhost:$port/api/v1/runs" -H 'Content-Type: application/json' \
    -d "{\"parameterValues\": {\"dataset\": \"fashion-mnist\", \"modelType\": \"$1\", \"epochs\": 1}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  until [ "$(curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')" = SUCCEEDED ]; do
    sleep 0.5
  done
  curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c '
import json, sys, urllib.parse
r = json.load(sys.stdin)
a = {x["name"]: x for x in r["artifacts"]}
print(a["vertex_endpoint"]["uri"], urllib.parse.urlparse(a["output_model"]["uri"]).path)'
}
read -r linear_endpoint linear_dir < <(deploy linear)
read -r cnn_endpoint cnn_dir < <(deploy cnn)
python3 - "$data" <<'PY'
import gzip, json, sys
raw = gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz").read()[16:]
inst = lambda i: [round(b / 255, 4) for b in raw[i * 784:(i + 1) * 784]]
json.dump({"instances": [inst(0)]}, open(sys.argv[1] + "/one.json", "w"))
json.dump({"instances": [inst(i) for i in range(32)]}, open(sys.argv[1] + "/batch.json", "w"))
PY
liveness="http://127.0.0.1:$port/actuator/health/liveness"
predict() { echo "http://127.0.0.1:$port/v1/$1:predict"; }
# wrk's output → "p50_ms req_per_s errors"
measure() {
  local clients=$1 threads=$2 url=$3 body=${4:-}
  if [ -n "$body" ]; then set -- -s bench/post.lua "$url" -- "$body"; else set -- "$url"; fi
  wrk -t"$threads" -c"$clients" -d"$secs"s --latency "$@" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text)
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
errors += sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
print(f"{ms(*p50.groups()):.3f} {rps:.0f} {errors} {ms(*p99.groups()):.3f}")'
}
# TensorFlow calls so far, over all models: "calls instances cpu_seconds" (pipelines_serving_batch_* meters)
batch_totals() {
  curl -fs "localhost:$port/actuator/prometheus" | python3 -c '
import sys
t = {"instances_count": 0.0, "instances_sum": 0.0, "cpu_seconds_sum": 0.0}
for line in sys.stdin:
    for key in t:
        if line.startswith("pipelines_serving_batch_" + key + "{"):
            t[key] += float(line.split()[-1])
print(int(t["instances_count"]), int(t["instances_sum"]), t["cpu_seconds_sum"])'
}
echo "warming up ($secs s each)..."
wrk -t2 -c32 -d"$secs"s "$liveness" > /dev/null
wrk -t2 -c32 -d"$secs"s -s bench/post.lua "$(predict "$linear_endpoint")" -- "$data/one.json" > /dev/null
wrk -t2 -c32 -d"$secs"s -s bench/post.lua "$(predict "$cnn_endpoint")" -- "$data/one.json" > /dev/null
# Interleaved rounds (liveness, linear, cnn, again), so that a slow moment of the shared host hits all three alike;
# each ratio is the median of the rounds' ratios.
rounds=${ROUNDS:-3}
: > "$data/rounds"
for round in $(seq 1 "$rounds"); do
  read -r l1 _ le1 _ < <(measure 1 1 "$liveness")
  read -r _ l32 le32 l32p99 < <(measure 32 2 "$liveness")
  printf 'round %s %-30s 1 client p50 %7.3f ms | 32 clients %7s req/s (p99 %s ms) | errors %s\n' "$round" liveness "$l1" "$l32" "$l32p99" $((le1 + le32))
  for model in linear cnn; do
    endpoint=${model}_endpoint
    url=$(predict "${!endpoint}")
    read -r p1 _ e1 _ < <(measure 1 1 "$url" "$data/one.json")
    read -r calls0 inst0 cpu0 < <(batch_totals)
    read -r _ p32 e32 p32p99 < <(measure 32 2 "$url" "$data/one.json")
    read -r calls1 inst1 cpu1 < <(batch_totals)
    printf 'round %s %-30s 1 client p50 %7.3f ms | 32 clients %7s req/s (p99 %s ms) | errors %s\n' "$round" "$model :predict, 1 instance" "$p1" "$p32" "$p32p99" $((e1 + e32))
    if [ "$calls1" -gt "$calls0" ]; then
      python3 -c "c = $calls1 - $calls0; i = $inst1 - $inst0; s = $cpu1 - $cpu0
print(f'        {c} TensorFlow calls at 32 clients: {i / c:.1f} instances a call, {1000 * s / c:.3f} ms CPU a call, {1e6 * s / i:.0f} us CPU an instance')"
    fi
    echo "$model $(python3 -c "print($p1 / $l1, $p32 / $l32)")" >> "$data/rounds"
  done
done
python3 - "$data/rounds" <<'PY'
import statistics, sys
ratios = {}
for line in open(sys.argv[1]):
    model, latency, throughput = line.split()
    ratios.setdefault(model, []).append((float(latency), float(throughput)))
for model, values in ratios.items():
    latency = statistics.median(v[0] for v in values)
    throughput = statistics.median(v[1] for v in values)
    print(f"{model}: 1-client p50 = {latency:.2f} x liveness (goal <= 2); 32-client req/s = {100 * throughput:.0f} % "
          f"of liveness (goal >= 85); medians of {len(values)} rounds")
PY
read -r b50 b32 be _ < <(measure 32 2 "$(predict "$linear_endpoint")" "$data/batch.json")
echo "linear, 32 clients x 32 instances: $b32 req/s = $((b32 * 32)) predictions/s, p50 $b50 ms, errors $be"
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
./mvnw -q -B -o test-compile
TF_CPP_MIN_LOG_LEVEL=2 java -cp "target/test-classes:target/classes:$cp" com.pipelines.serving.ServingBenchmark "$linear_dir" "$cnn_dir" 2>/dev/null
