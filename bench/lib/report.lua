-- Prints wrk's summary as one JSON line for bench/lib/wrk.mjs. Latencies are in microseconds.
-- BENCH_METHOD and BENCH_BODY, when set, make every request that method with that body.
-- BENCH_PATHS_FILE, when set, names a file of request paths (one a line); each thread walks the
-- list in order from its own starting point, so that threads do not ask for the same thing at once.
local method = os.getenv('BENCH_METHOD')
if method then wrk.method = method end
local body = os.getenv('BENCH_BODY')
if body then wrk.body = body end

local paths_file = os.getenv('BENCH_PATHS_FILE')
local thread_count = 0

setup = function(thread)
  thread:set('thread_index', thread_count)
  thread_count = thread_count + 1
end

if paths_file then
  local paths = {}
  local next_path = 1

  init = function(_args)
    for line in io.lines(paths_file) do
      if line ~= '' then paths[#paths + 1] = line end
    end
    next_path = 1 + (thread_index * 7919) % #paths
  end

  request = function()
    local path = paths[next_path]
    next_path = next_path % #paths + 1
    return wrk.format(nil, path)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"p50":%.1f,"p95":%.1f,"p99":%.1f,' ..
      '"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
