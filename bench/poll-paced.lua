-- A dashboard-like poller that waits between polls (a closed-loop wrk connection at full speed measures queueing:
-- by Little's law its mean latency is connections / throughput). Each connection polls every POLL_MS (default
-- 100 ms, twenty times a dashboard's 2 s), sending back the last ETag it saw.
local etag = nil
local interval = tonumber(os.getenv("POLL_MS") or "100")
delay = function()
  return interval
end
request = function()
  if etag then
    return wrk.format("GET", nil, {["If-None-Match"] = etag})
  end
  return wrk.format("GET")
end
response = function(status, headers, body)
  if headers["ETag"] then
    etag = headers["ETag"]
  end
end
