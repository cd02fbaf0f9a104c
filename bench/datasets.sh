#!/usr/bin/env bash
# Datasets at scale, side by side in one run of the packaged service:
#  1. registering Fashion-MNIST as a zip of 70,000 PNGs (class folders, made here from Debian's IDX files);
#  2. registering a 1,000,000-row x 20-column CSV (17 numbers, 3 categoricals, 5 classes), with the service's peak
#     RSS before and after (the CSV is streamed, never held as text);
#  3. the seed's model trained on the built-in fashion-mnist (registered from IDX) and on the PNG-zip version:
#     training-loop seconds and test accuracy;
#  4. :predict p50 with 1 client (wrk) on the image model and on a table model (mlp on the CSV's first 50,000 rows).
# Needs dataset-fashion-mnist, wrk, /usr/bin/python3. Usage: bench/datasets.sh [seconds per wrk measurement]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
port=18096
source bench/start-service.sh
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$data" "$work"' EXIT
/usr/bin/python3 bench/datasets_make.py "$work"
ls -l "$work"
peak() { awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status"; }
rss() { awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status"; }
register() { # name, file, content type, extra query
  curl -s -o "$work/$1.json" -w '%{http_code} %{time_total}\n' -X POST \
    "localhost:$port/api/v1/datasets?name=$1$4" -H "Content-Type: $3" --data-binary "@$2"
}
echo "service RSS before: $(rss), peak so far $(peak)"
read -r code t < <(register fashion-png "$work/fashion-png.zip" application/zip "&validationFraction=0&testFraction=0.142857")
echo "== fashion-mnist as 70,000 PNGs ($(du -h "$work/fashion-png.zip" | cut -f1) zip): HTTP $code in $t s; RSS now $(rss), peak $(peak)"
read -r code t < <(register big-table "$work/big.csv" text/csv "")
echo "== 1,000,000 x 20 CSV ($(du -h "$work/big.csv" | cut -f1)): HTTP $code in $t s; RSS now $(rss), peak $(peak)"
grep -o "Registered dataset.*" "$data/service.log" || true
read -r code t < <(register table-50k "$work/table-50k.csv" text/csv "")
run() { # parameter values JSON → run id, waits for the end
  local id
  id=$(curl -fs -X POST "localhost:$port/api/v1/runs" -H 'Content-Type: application/json' \
    -d "{\"enableCaching\": false, \"parameterValues\": $1}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  until curl -fs "localhost:$port/api/v1/runs/$id" | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["state"] not in ("SUCCEEDED","FAILED"))'; do sleep 0.5; done
  echo "$id"
}
summary() { curl -fs "localhost:$port/api/v1/runs/$1" | python3 -c '
import json, sys
r = json.load(sys.stdin); m = r.get("metrics", {})
a = {x["name"]: x for x in r["artifacts"]}
print(r["state"], "train_seconds %.2f" % m.get("train_seconds", 0), "acc %.2f" % m.get("acc", 0), a.get("vertex_endpoint", {}).get("uri", ""))'; }
echo "== the seed's model, 3 epochs, batch 32"
builtin=$(run '{"dataset": "fashion-mnist"}'); echo "built-in fashion-mnist (IDX):   $(summary "$builtin")"
png=$(run '{"dataset": "fashion-png"}'); echo "fashion-png (70,000 PNG zip):   $(summary "$png")"
table=$(run '{"dataset": "table-50k", "modelType": "mlp", "epochs": 2}'); echo "table-50k mlp:                  $(summary "$table")"
image_endpoint=$(summary "$builtin" | awk '{print $6}')
table_endpoint=$(summary "$table" | awk '{print $6}')
/usr/bin/python3 - "$work" <<'PY'
import gzip, json, sys
raw = gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz").read()[16:]
json.dump({"instances": [[round(b / 255, 4) for b in raw[:784]]]}, open(sys.argv[1] + "/image.json", "w"))
row = {f"n{i}": 0.5 * i for i in range(17)}
row.update({"c0": "a3", "c1": "b7", "c2": "c1"})
json.dump({"instances": [row]}, open(sys.argv[1] + "/table.json", "w"))
PY
for kind in image table; do
  endpoint=$([ $kind = image ] && echo "$image_endpoint" || echo "$table_endpoint")
  wrk -t1 -c4 -d"$secs"s -s bench/post.lua "http://127.0.0.1:$port/v1/$endpoint:predict" -- "$work/$kind.json" > /dev/null
done
for kind in image table image table; do
  endpoint=$([ $kind = image ] && echo "$image_endpoint" || echo "$table_endpoint")
  echo "== :predict, 1 client, one $kind instance"
  wrk -t1 -c1 -d"$secs"s --latency -s bench/post.lua "http://127.0.0.1:$port/v1/$endpoint:predict" -- "$work/$kind.json" \
    | grep -E " 50%| 99%|Requests/sec|Non-2xx"
done
