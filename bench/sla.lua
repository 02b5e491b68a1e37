-- wrk script of the SLA scenario (bench/sla writes the request mix into BV_SLA_PATHS, one path a
-- line, weighted by repetition). Each connection paces itself so that all connections together
-- send BV_SLA_RATE requests per second (Debian's wrk has no -R); errors are socket errors and
-- statuses >= 500 or other than 200.
local paths = {}
for line in io.lines(os.getenv("BV_SLA_PATHS")) do paths[#paths + 1] = line end
local rate = tonumber(os.getenv("BV_SLA_RATE"))
local connections = tonumber(os.getenv("BV_SLA_CONNECTIONS"))
local threads = {}
local counter = 0
local bad = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = id * 7919
end

function delay()
  return 1000 * connections / rate
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, t in ipairs(threads) do not_ok = not_ok + (t:get("bad") or 0) end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local total = summary.requests
  io.write(string.format(
    "SLA_RESULT requests=%d seconds=%.2f rps=%.2f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    total, summary.duration / 1e6, total / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, not_ok + socket_errors))
end
