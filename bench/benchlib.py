"""Shared by the bench scripts: JSON calls to the service and its instants."""
import json
import time
import urllib.request
from datetime import datetime


def caller(base):
    """A function call(method, path, body=None) → the decoded JSON answer (None when empty)."""
    def call(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            text = response.read()
            return json.loads(text) if text else None
    return call


def instant(text):
    """An ISO-8601 instant as the API writes it, in epoch seconds."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def finished_run(call, pipeline, poll_seconds):
    """Starts a run of pipeline (no caching), waits for its end, asserts it SUCCEEDED; its JSON."""
    run_id = call("POST", "/api/v1/runs", {"pipelineName": pipeline, "enableCaching": False})["id"]
    while True:
        state = call("GET", f"/api/v1/runs/{run_id}")
        if state["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(poll_seconds)
    assert state["state"] == "SUCCEEDED", state.get("error")
    return state


def handoffs(tasks):
    """Per task that starts after another ended: its start minus the latest end before it, in ms."""
    ends = sorted(instant(t["endTime"]) for t in tasks)
    gaps = []
    for t in tasks:
        start = instant(t["startTime"])
        before = [e for e in ends if e <= start]
        if before:
            gaps.append((start - before[-1]) * 1000)
    return gaps
