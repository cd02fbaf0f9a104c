"""State change → SSE event latency with many idle streams open; memory per idle stream. See events.sh."""
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime

from benchlib import caller

port, pid, runs, idle = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
call = caller(f"http://127.0.0.1:{port}")


def memory():
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True)
    time.sleep(1)
    heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    used_kb = 0
    for line in heap.splitlines():
        if " used " in line and ("garbage-first heap" in line or "total" in line):
            used_kb = int(line.split(" used ")[1].split("K")[0].strip())
            break
    with open(f"/proc/{pid}/status") as status:
        rss_kb = next(int(l.split()[1]) for l in status if l.startswith("VmRSS"))
    return rss_kb, used_kb


def open_stream(query):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET /api/v1/events?{query} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n".encode())
    return s


rss0, heap0 = memory()
streams = [open_stream("type=endpoint.") for _ in range(idle)]
time.sleep(2)
for s in streams:
    s.settimeout(5)
    assert b"200" in s.recv(4096).split(b"\r\n")[0], "an idle stream was refused"
rss1, heap1 = memory()

latencies = []
done = threading.Event()


def listen():
    s = open_stream("type=run.state")
    buffer = b""
    while not done.is_set():
        chunk = s.recv(65536)
        if not chunk:
            break
        received = time.time()
        buffer += chunk
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if line.startswith(b"data:"):
                    payload = json.loads(line[5:])
                    changed = datetime.fromisoformat(payload["time"].replace("Z", "+00:00")).timestamp()
                    latencies.append((received - changed) * 1000)


listener = threading.Thread(target=listen, daemon=True)
listener.start()
time.sleep(1)
for i in range(runs):
    call("POST", "/api/v1/runs", {"enableCaching": False, "parameterValues": {"dataset": "mnist"}})
    time.sleep(0.05)
deadline = time.time() + 60
while len(latencies) < runs * 3 and time.time() < deadline:
    time.sleep(0.2)
done.set()
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(f"events received: {len(latencies)} (of {runs * 3} run.state changes) with {idle} idle streams open")
print(f"state change -> event at the client: median {statistics.median(latencies):.1f} ms, "
      f"p99 {p(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
print(f"memory: RSS {rss0 // 1024} -> {rss1 // 1024} MB, heap after GC {heap0 // 1024} -> {heap1 // 1024} MB "
      f"for {idle} idle streams ({(heap1 - heap0) / idle:.1f} KB of heap each)")
for s in streams:
    s.close()
