"""Driven by bench/control-latency.sh: times RUN_CANCELLED webhooks while a CNN trains on the only worker."""
import json
import statistics
import sys
import threading
import time

from http.server import BaseHTTPRequestHandler, HTTPServer

from benchlib import caller

port, count = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
call = caller(base)
arrived = {}


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        arrived[body["data"]["runId"]] = time.monotonic()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass




server = HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
call("POST", "/api/v1/webhooks", {"url": f"http://127.0.0.1:{server.server_port}/hook",
                                   "secret": "bench-secret-0123456789", "events": ["RUN_CANCELLED"]})
training = call("POST", "/api/v1/runs", {"enableCaching": False, "parameterValues": {
    "dataset": "fashion-mnist", "modelType": "cnn", "epochs": 100}})["id"]
while "epoch" not in json.dumps(call("GET", f"/api/v1/runs/{training}")["tasks"][0]["progress"]):
    time.sleep(0.5)
delays = []
for _ in range(count):
    queued = call("POST", "/api/v1/runs", {"parameterValues": {"trainLimit": 100, "epochs": 1}})["id"]
    start = time.monotonic()
    call("POST", f"/api/v1/runs/{queued}:cancel")
    while queued not in arrived and time.monotonic() - start < 60:
        time.sleep(0.005)
    delays.append((arrived.get(queued, float("inf")) - start) * 1000)
state = call("GET", f"/api/v1/runs/{training}")["state"]
call("POST", f"/api/v1/runs/{training}:cancel")
delays.sort()
print(f"RUN_CANCELLED webhook after the cancel, {count} cancels while a CNN trained on the only worker:")
print(f"  median {statistics.median(delays):.0f} ms, p95 {delays[int(0.95 * (len(delays) - 1))]:.0f} ms, "
      f"max {delays[-1]:.0f} ms")
print(f"training during the measurement: {state}")
if state != "RUNNING":
    sys.exit("the training did not run through the measurement")
