-- wrk script for bench/cluster/run.sh: GET /api/v1/me/health-code, what a citizen's app
-- fetches to show its code (env OW_TOKENS: a file with one citizen bearer token per line,
-- used in turn, so requests spread over several people as at a real peak).
local tokens = {}
for line in io.lines(os.getenv("OW_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end

local count = 0
local reqs = {}  -- one prepared request per token
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000003)
  for i, t in ipairs(tokens) do
    reqs[i] = wrk.format("GET", "/api/v1/me/health-code",
                         {["Host"] = wrk.headers["Host"], ["Authorization"] = "Bearer " .. t})
  end
  count = math.random(0, #tokens - 1)  -- threads start at different people
end

request = function()
  count = count + 1
  return reqs[count % #reqs + 1]
end

-- As scans.lua: no response() callback; statuses >= 400 are counted by wrk.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration_s":%.3f,"per_s":%.1f,"p50_ms":%.3f,' ..
                         '"p99_ms":%.3f,"max_ms":%.3f,"status_errors":%d,"socket_errors":%d}\n',
                         summary.requests, summary.duration / 1e6,
                         summary.requests / (summary.duration / 1e6),
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         latency.max / 1000, e.status,
                         e.connect + e.read + e.write + e.timeout))
end
