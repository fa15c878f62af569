-- Shared by scans.lua and codes.lua (loaded with dofile): wrk's done() callback, printing one
-- JSON line that bench/cluster/run.sh reads, and with OW_THINK_MS a pause of that many ms on
-- each connection before each request (wrk's delay()), which holds the offered rate near
-- connections x 1000 / OW_THINK_MS for the paced runs. There is no response() callback in either script:
-- wrk would then parse every response into Lua tables (client CPU on the shared cores); wrk
-- counts every status >= 400 in summary.errors.status.
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

local think = tonumber(os.getenv("OW_THINK_MS") or "0")
if think > 0 then
  delay = function() return think end
end
