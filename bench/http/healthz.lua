-- wrk script: the trivial baseline route (GET /healthz) in the same run.
done = function(summary, latency, requests)
  io.write(string.format('{"name":"healthz_per_s","value":%.1f,"unit":"req/s"}\n',
                         summary.requests / (summary.duration / 1e6)))
  io.write(string.format('{"name":"healthz_p99_ms","value":%.2f,"unit":"ms"}\n',
                         latency:percentile(99) / 1000))
end
