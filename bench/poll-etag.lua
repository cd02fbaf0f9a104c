-- A dashboard poller: sends back the last ETag it saw, so an unchanged run costs a 304. With POLL_MS set, each
-- connection waits that long between polls, as a dashboard does (a closed-loop wrk connection at full speed
-- measures queueing instead: by Little's law its mean latency is connections / throughput). NO_ETAG=1 never sends
-- the ETag back, so every poll renders the run.
local etag = nil
local interval = tonumber(os.getenv("POLL_MS") or "0")
local send_etag = os.getenv("NO_ETAG") == nil
if interval > 0 then
  delay = function()
    return interval
  end
end
request = function()
  if etag and send_etag then
    return wrk.format("GET", nil, {["If-None-Match"] = etag})
  end
  return wrk.format("GET")
end
response = function(status, headers, body)
  if headers["ETag"] then
    etag = headers["ETag"]
  end
end
