-- wrk script of bench/run: after the run, one line that the script reads:
--   BENCH <requests/s> <p50 ms> <p99 ms> <HTTP errors (status >= 400)> <socket errors> <requests>
-- No response() callback: defining one makes wrk parse every body and slows the load generator.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("BENCH %.1f %.3f %.3f %d %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end
