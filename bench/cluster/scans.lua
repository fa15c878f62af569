-- wrk script for bench/cluster/run.sh: POST /api/v1/scans with valid health codes, as the
-- staff client sends them (env OW_TOKEN: a staff bearer token, OW_PLACE: a place the staff
-- member is assigned to, OW_PAYLOADS: a file with one code payload per line, used in turn).
-- Each request carries a fresh client_id in the body and the same value in the
-- Idempotency-Key header (web/src/checkpoint/clientid.ts, tests/cluster/load.mjs): the header
-- is what lets HAProxy re-send a scan to another node (deploy/haproxy.cfg, be_onewindow), so
-- the cluster run must carry it for its retry rules to apply as in production.
local token = os.getenv("OW_TOKEN")
local place = os.getenv("OW_PLACE")
local payloads = {}
for line in io.lines(os.getenv("OW_PAYLOADS")) do
  if #line > 0 then payloads[#payloads + 1] = line end
end
-- 36 characters, the length of a client id; replaced in every request (header and body).
local HOLE = string.rep("#", 36)
wrk.method = "POST"
wrk.path = "/api/v1/scans"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Idempotency-Key"] = HOLE

local tag
local count = 0
-- Per code: the request cut at the two holes (the header's and the body's client id). Every
-- id has the same length, so Content-Length is fixed; building each code's request once and
-- splicing the id in costs the client (on the same two cores as the servers) little.
local parts = {}
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000003)
  tag = string.format("%06x", math.random(0, 0xffffff))
  for i, payload in ipairs(payloads) do
    local body = '{"payload":"' .. payload .. '","place_id":"' .. place ..
                 '","direction":"in","client_id":"' .. HOLE .. '"}'
    local req = wrk.format(nil, nil, nil, body)
    local h1 = req:find(HOLE, 1, true)
    local h2 = req:find(HOLE, h1 + #HOLE, true)
    assert(h1 and h2, "client id holes not found in the request")
    parts[i] = {req:sub(1, h1 - 1), req:sub(h1 + #HOLE, h2 - 1), req:sub(h2 + #HOLE)}
  end
  count = math.random(0, #payloads - 1)  -- threads start at different codes
end

request = function()
  count = count + 1
  local p = parts[count % #parts + 1]
  local ms = os.time() * 1000  -- wrk's Lua has no millisecond clock; the counter orders a second
  -- UUIDv7-shaped: time first, then a counter and this thread's random tag (unique across
  -- wrk threads and runs).
  local id = string.format("%08x-%04x-7%03x-8%03x-%s%06x", math.floor(ms / 65536), ms % 65536,
                           math.floor(count / 4096) % 4096, count % 4096, tag, count % 16777216)
  return p[1] .. id .. p[2] .. id .. p[3]
end

-- run.sh checks beforehand that the scan is allowed (201).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "report.lua")  -- done()
