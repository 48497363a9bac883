-- GETs paths picked at random from a file the generator wrote, and appends one JSON line of results.
--   wrk -t2 -c64 -d30s --latency -s bench/wrk/paths.lua http://127.0.0.1:5080 -- PATHS_FILE NAME RESULTS_FILE
-- No response() callback: it would run Lua for every answer and slow wrk down on a 2-core machine;
-- wrk's own count of non-2xx/3xx answers is enough to tell a healthy run.

local threads = {}

function setup(thread)
  thread:set("seed", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  local file = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
  name = args[2] or "paths"
  results = args[3] or ""
  math.randomseed(seed * 7919 + os.time())
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local other = errors.status
  local failed = errors.connect + errors.read + errors.write + errors.timeout
  local name = threads[1]:get("name")
  local results = threads[1]:get("results")
  local line = string.format(
    '{"name":"%s","connections":%d,"seconds":%.2f,"requests":%d,"rps":%.1f,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"statuses":{"2xx/3xx":%d,"other":%d},"errors":%d}',
    name, tonumber(os.getenv("BENCH_CONNECTIONS") or "0"), seconds, summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests - other, other, failed)
  io.write("RESULT " .. line .. "\n")
  if results ~= "" then
    local file = assert(io.open(results, "a"))
    file:write(line .. "\n")
    file:close()
  end
end
