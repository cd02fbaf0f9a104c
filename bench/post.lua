-- wrk script: POST the JSON file named after "--" to the URL given to wrk.
local body
function init(args)
  local file = assert(io.open(args[1], "rb"))
  body = file:read("*a")
  file:close()
end
function request()
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
