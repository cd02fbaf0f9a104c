"""Driven by bench/dag-loop.sh: hand-off latency and wall time of a ParallelFor of N tiny trainings, 2 workers."""
import statistics
import sys

from benchlib import caller, finished_run, handoffs, instant

port, iterations = int(sys.argv[1]), int(sys.argv[2])
call = caller(f"http://127.0.0.1:{port}")
JAR = ["java", "-jar", "/opt/pipelines/app.jar"]
ITEM = "pipelinechannel--loop-item-param-1"


def spec(name, n):
    train = {"executorLabel": "exec-train", "inputDefinitions": {"parameters": {
        p: {"parameterType": t, "isOptional": True} for p, t in
        [("dataset", "STRING"), ("modelType", "STRING"), ("epochs", "NUMBER_INTEGER"),
         ("trainLimit", "NUMBER_INTEGER"), ("seed", "NUMBER_INTEGER")]}}}
    body = {"dag": {"tasks": {"train": {
        "componentRef": {"name": "comp-train"}, "cachingOptions": {"enableCache": False},
        "inputs": {"parameters": {
            "dataset": {"runtimeValue": {"constant": "fashion-mnist"}},
            "modelType": {"runtimeValue": {"constant": "linear"}},
            "epochs": {"runtimeValue": {"constant": 1}},
            "trainLimit": {"runtimeValue": {"constant": 100}},
            "seed": {"componentInputParameter": ITEM}}},
        "taskInfo": {"name": "train"}}}},
        "inputDefinitions": {"parameters": {ITEM: {"parameterType": "NUMBER_INTEGER"}}}}
    return {"pipelineInfo": {"name": name}, "schemaVersion": "2.1.0", "sdkVersion": "bench",
            "components": {"comp-train": train, "comp-for-loop-1": body},
            "deploymentSpec": {"executors": {"exec-train": {"container": {
                "image": "svc", "command": JAR, "args": ["train"]}}}},
            "root": {"dag": {"tasks": {"for-loop-1": {
                "componentRef": {"name": "comp-for-loop-1"},
                "parameterIterator": {"itemInput": ITEM, "items": {"raw": str(list(range(n)))}},
                "taskInfo": {"name": "for-loop-1"}}}}}}


def run(name):
    state = finished_run(call, name, 1)
    steps = [t for t in state["tasks"] if t["name"].startswith("train[")]
    gaps = handoffs(steps)
    ends = [instant(t["endTime"]) for t in steps]
    busy = sum(instant(t["endTime"]) - instant(t["startTime"]) for t in steps)
    first = min(instant(t["startTime"]) for t in steps)
    wall = max(ends) - first
    return gaps, busy / 2, wall


call("POST", "/api/v1/pipelines?name=bench-loop-warm", spec("bench-loop-warm", 20))
call("POST", f"/api/v1/pipelines?name=bench-loop", spec("bench-loop", iterations))
run("bench-loop-warm")
gaps, task_time, wall = run("bench-loop")
gaps.sort()
p99 = gaps[min(len(gaps) - 1, int(round(0.99 * (len(gaps) - 1))))]
print(f"ParallelFor of {iterations} tiny trainings, 2 workers: {len(gaps)} hand-offs, median "
      f"{statistics.median(gaps):.1f} ms, p99 {p99:.1f} ms, max {gaps[-1]:.1f} ms (goal: median <= 20, p99 <= 100)")
print(f"  wall {wall:.1f} s from the first step's start to the last step's end; task time over 2 workers "
      f"{task_time:.1f} s; wall / task time = {wall / task_time:.3f} (goal <= 1.05)")
