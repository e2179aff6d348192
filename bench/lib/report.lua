-- Prints wrk's summary as one JSON line for bench/lib/wrk.mjs. Latencies are in microseconds.
-- BENCH_METHOD and BENCH_BODY, when set, make every request that method with that body.
local method = os.getenv('BENCH_METHOD')
if method then wrk.method = method end
local body = os.getenv('BENCH_BODY')
if body then wrk.body = body end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50":%.1f,"p95":%.1f,"p99":%.1f,' ..
      '"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
