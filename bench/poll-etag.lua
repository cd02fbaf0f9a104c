-- A dashboard poller: sends back the last ETag it saw, so an unchanged run costs a 304.
local etag = nil
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
