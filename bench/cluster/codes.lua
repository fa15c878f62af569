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

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "report.lua")  -- done()
