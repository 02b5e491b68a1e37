-- wrk script of scripts/chaos: cycles over the paths given after `--`, counts answers per status
-- in every thread and prints one machine-readable line at the end:
--   CHAOS requests=N connect=.. read=.. write=.. timeout=.. status_200=.. status_503=..
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  counts = {}
  n = math.random(1, #paths)
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local line = string.format("CHAOS requests=%d connect=%d read=%d write=%d timeout=%d p99_ms=%.1f",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(99) / 1000)
  for status, count in pairs(totals) do
    line = line .. string.format(" status_%d=%d", status, count)
  end
  io.write(line .. "\n")
end
