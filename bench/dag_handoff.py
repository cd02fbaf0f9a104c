"""Driven by bench/dag-handoff.sh: hand-off latency on a wide DAG and a deep chain; upload time of a large spec."""
import json
import statistics
import sys
import time
import urllib.request

from benchlib import caller, finished_run, handoffs


port = int(sys.argv[1])
base = f"http://127.0.0.1:{port}"
call = caller(base)
JAR = ["java", "-jar", "/opt/pipelines/app.jar"]




def spec(name, edges):
    """A spec of train tasks 't0'..; edges maps a task to the tasks it depends on."""
    train = {"executorLabel": "exec-train", "inputDefinitions": {"parameters": {
        p: {"parameterType": t, "isOptional": True} for p, t in
        [("dataset", "STRING"), ("modelType", "STRING"), ("epochs", "NUMBER_INTEGER"),
         ("trainLimit", "NUMBER_INTEGER"), ("seed", "NUMBER_INTEGER")]}},
        "outputDefinitions": {"parameters": {"accuracy": {"parameterType": "NUMBER_DOUBLE"}}}}
    tasks = {}
    for i, (task, deps) in enumerate(edges.items()):
        tasks[task] = {"componentRef": {"name": "comp-train"}, "dependentTasks": deps,
                       "cachingOptions": {"enableCache": False},
                       "inputs": {"parameters": {
                           "dataset": {"runtimeValue": {"constant": "fashion-mnist"}},
                           "modelType": {"runtimeValue": {"constant": "linear"}},
                           "epochs": {"runtimeValue": {"constant": 1}},
                           "trainLimit": {"runtimeValue": {"constant": 200}},
                           "seed": {"runtimeValue": {"constant": i}}}},
                       "taskInfo": {"name": task}}
    return {"pipelineInfo": {"name": name}, "schemaVersion": "2.1.0", "sdkVersion": "bench",
            "components": {"comp-train": train},
            "deploymentSpec": {"executors": {"exec-train": {"container": {
                "image": "svc", "command": JAR, "args": ["train"]}}}},
            "root": {"dag": {"tasks": tasks}}}




def run(name):
    return handoffs(finished_run(call, name, 0.2)["tasks"])


def report(label, gaps):
    gaps = sorted(gaps)
    p99 = gaps[min(len(gaps) - 1, int(round(0.99 * (len(gaps) - 1))))]
    print(f"{label}: {len(gaps)} hand-offs, median {statistics.median(gaps):.1f} ms, p99 {p99:.1f} ms, "
          f"max {gaps[-1]:.1f} ms")


wide = {"t0": []}
wide.update({f"t{i}": ["t0"] for i in range(1, 33)})
wide["t33"] = [f"t{i}" for i in range(1, 33)]
chain = {f"t{i}": ([f"t{i - 1}"] if i else []) for i in range(32)}
call("POST", "/api/v1/pipelines?name=bench-wide", spec("bench-wide", wide))
call("POST", "/api/v1/pipelines?name=bench-chain", spec("bench-chain", chain))
run("bench-chain")  # warm-up
report("wide DAG 1 → 32 → 1, 2 workers", run("bench-wide") + run("bench-wide"))
report("deep chain of 32", run("bench-chain") + run("bench-chain"))

big = {f"t{i}": ([f"t{i - 1}"] if i % 10 else []) for i in range(200)}
document = json.dumps(spec("bench-big", big)).encode()
times = []
for i in range(30):
    request = urllib.request.Request(f"{base}/api/v1/pipelines?name=bench-big-{i}", data=document, method="POST",
                                     headers={"Content-Type": "application/json"})
    began = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
    times.append((time.perf_counter() - began) * 1000)
times = times[5:]
print(f"upload + validate a 200-task spec ({len(document) // 1024} KiB): median {statistics.median(times):.1f} ms, "
      f"max {max(times):.1f} ms over {len(times)} uploads (after 5 warm-ups)")
