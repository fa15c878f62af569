-- wrk script: POST /api/v1/scans with a valid health code (env OW_TOKEN, OW_PLACE, OW_PAYLOAD).
local token = os.getenv("OW_TOKEN")
local place = os.getenv("OW_PLACE")
local payload = os.getenv("OW_PAYLOAD")
wrk.method = "POST"
wrk.path = "/api/v1/scans"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = '{"payload":"' .. payload .. '","place_id":"' .. place .. '","direction":"in"}'

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
