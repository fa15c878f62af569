-- wrk script: POST /api/v1/scans with valid health codes (env OW_TOKEN, OW_PLACE, and
-- OW_PAYLOADS, a file with one code payload per line, used in turn; or OW_PAYLOAD, one code).
-- Each request carries its own client_id, as the staff client sends one with every scan (to
-- make a retry harmless): a UUIDv7-shaped id (web/src/checkpoint/clientid.ts), time first,
-- then a counter and this thread's random tag, so that ids are unique across wrk threads.
local token = os.getenv("OW_TOKEN")
local place = os.getenv("OW_PLACE")
local payloads = {}
if os.getenv("OW_PAYLOADS") then
  for line in io.lines(os.getenv("OW_PAYLOADS")) do
    if #line > 0 then payloads[#payloads + 1] = line end
  end
else
  payloads[1] = os.getenv("OW_PAYLOAD")
end
wrk.method = "POST"
wrk.path = "/api/v1/scans"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

local tag
local count = 0
local prefixes = {}  -- per code: the request up to the client id (request line, headers, body start)
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000003)
  tag = string.format("%06x", math.random(0, 0xffffff))
  -- Every id has the same length, so Content-Length is fixed per code: build each code's
  -- request once with wrk.format and only splice in each id (cheaper for the client, which
  -- shares the two cores with the server).
  for i, payload in ipairs(payloads) do
    local head = '{"payload":"' .. payload .. '","place_id":"' .. place ..
                 '","direction":"in","client_id":"'
    local body = head .. string.rep("0", 36) .. '"}'
    local req = wrk.format(nil, nil, nil, body)
    prefixes[i] = req:sub(1, #req - #body) .. head
  end
  count = math.random(0, #payloads - 1)  -- threads start at different codes
end

request = function()
  count = count + 1
  local prefix = prefixes[count % #prefixes + 1]
  local ms = os.time() * 1000  -- wrk's Lua has no millisecond clock; the counter orders a second
  return prefix .. string.format("%08x-%04x-7%03x-8%03x-%s%06x", math.floor(ms / 65536),
                                 ms % 65536, math.floor(count / 4096) % 4096, count % 4096, tag,
                                 count % 16777216) .. '"}'
end

-- No response() callback: wrk would then parse every response into Lua tables, which costs
-- the client (on the same two cores) more CPU than the GET baseline pays. wrk counts every
-- status >= 400 in summary.errors.status; run.sh checks beforehand that the scan is allowed.
done = function(summary, latency, requests)
  io.write(string.format('{"name":"scans_per_s","value":%.1f,"unit":"req/s"}\n',
                         summary.requests / (summary.duration / 1e6)))
  io.write(string.format('{"name":"scans_p99_ms","value":%.2f,"unit":"ms"}\n',
                         latency:percentile(99) / 1000))
  io.write(string.format('{"name":"scans_http_errors","value":%d,"unit":"responses"}\n',
                         summary.errors.status))
end
