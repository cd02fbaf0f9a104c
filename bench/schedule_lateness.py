"""Driven by bench/schedule-lateness.sh: lateness of schedule fires (scheduledTime → run createTime)."""
import statistics
import sys
import time
import urllib.parse

from benchlib import caller, instant


port, seconds = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
call = caller(base)






ids = []
for i in range(4):
    ids.append(call("POST", "/api/v1/schedules", {
        "displayName": f"bench {i}", "interval": "PT5S", "whenBusy": "QUEUE", "maxConcurrency": 10,
        "enableCaching": False, "parameterValues": {"dataset": "mnist"}})["id"])
time.sleep(seconds)
for schedule in ids:
    call("POST", f"/api/v1/schedules/{schedule}:pause")
lateness = []
for schedule in ids:
    query = urllib.parse.quote(f'scheduleId = "{schedule}"')
    for run in call("GET", f"/api/v1/runs?size=100&filter={query}")["runs"]:
        detail = call("GET", f"/api/v1/runs/{run['id']}")
        lateness.append((instant(detail["createTime"]) - instant(detail["scheduledTime"])) * 1000)
lateness.sort()
p95 = lateness[int(round(0.95 * (len(lateness) - 1)))]
p99 = lateness[int(round(0.99 * (len(lateness) - 1)))]
print(f"schedule fire → run QUEUED: {len(lateness)} fires, median {statistics.median(lateness):.0f} ms, "
      f"p95 {p95:.0f} ms, p99 {p99:.0f} ms, max {lateness[-1]:.0f} ms")
