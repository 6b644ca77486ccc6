-- wrk script for `make bench`. Arguments: the expected status, then optionally a POST
-- body (urlencoded, with EMAIL where each request puts its own unique address) and
-- the CSRF cookie. Counts every response whose status is not the expected one.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  expected = tonumber(args[1])
  body = args[2]
  cookie = args[3]
  unexpected = 0
  counter = 0
end

function request()
  if body == nil then
    return wrk.format("GET")
  end
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. cookie,
  }
  local unique = body:gsub("EMAIL", "w" .. id .. "-" .. counter)
  return wrk.format("POST", nil, headers, unique)
end

function response(status, headers, response_body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
  end
  io.write(string.format("unexpected %d\n", total))
end
