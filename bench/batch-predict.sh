#!/usr/bin/env bash
# Batch prediction throughput: the packaged service trains the seed's linear model on Fashion-MNIST, then scores a
# local JSONL file of 60,000 instances (784 numbers a line, the test images six times over) with a batch job; prints
# each job's instances/s (from its start and end times) beside the same model's in-process predict rate.
# Usage: [ROUNDS=2] [SERVICE_JAR=…] bench/batch-predict.sh   (ROUNDS jobs in a row on the same service)
set -euo pipefail
cd "$(dirname "$0")/.."
port=18097
source bench/start-service.sh
mkdir -p "$data/imports"
/usr/bin/python3 - "$data/imports/instances.jsonl" <<'PY'
import gzip, sys
raw = gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz").read()[16:]
lines = ["[" + ",".join("%.4g" % (b / 255) for b in raw[i * 784:(i + 1) * 784]) + "]\n" for i in range(10000)]
with open(sys.argv[1], "w") as out:
    for _ in range(6):
        out.writelines(lines)
PY
ls -l "$data/imports/instances.jsonl"
id=$(curl -fs -X POST "localhost:$port/api/v1/runs" -H 'Content-Type: application/json' \
  -d '{"parameterValues": {"dataset": "fashion-mnist", "modelDisplayName": "bench"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until [ "$(curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')" = SUCCEEDED ]; do sleep 0.5; done
model_dir=$(curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c '
import json, sys, urllib.parse
r = json.load(sys.stdin)
print(urllib.parse.urlparse({x["name"]: x for x in r["artifacts"]}["output_model"]["uri"]).path)')
for round in $(seq "${ROUNDS:-2}"); do
  job=$(curl -fs -X POST "localhost:$port/api/v1/batchPredictionJobs" -H 'Content-Type: application/json' -d "{
    \"model\": \"bench@default\", \"inputConfig\": {\"instancesFormat\": \"jsonl\",
    \"gcsSource\": {\"uris\": [\"file://$data/imports/instances.jsonl\"]}},
    \"outputConfig\": {\"gcsDestination\": {\"outputUriPrefix\": \"file://$data/imports/out-$round\"}}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  until curl -fs "localhost:$port/api/v1/batchPredictionJobs/$job" | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["state"] != "JOB_STATE_SUCCEEDED")'; do sleep 0.2; done
  curl -fs "localhost:$port/api/v1/batchPredictionJobs/$job" | python3 -c '
import json, sys
from datetime import datetime
j = json.load(sys.stdin)
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
secs = t(j["endTime"]) - t(j["startTime"])
print("batch job round %s: %d lines in %.2f s = %.0f instances/s, %d errors" % (sys.argv[1], j["linesDone"], secs, j["linesDone"] / secs, j["errorLines"]))' "$round"
done
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
./mvnw -q -B -DskipTests test-compile
TF_CPP_MIN_LOG_LEVEL=2 java -cp "target/test-classes:target/classes:$cp" com.pipelines.serving.BatchRateBenchmark "$model_dir" 2>/dev/null
