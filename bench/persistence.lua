-- wrk script of bench/persistence: departure boards of many stations at changing offsets, so
-- that most requests fetch from mvg-sim and hand observations to the write-behind queue.
local stations = {}
for _, id in ipairs({"1", "1010", "1020", "1030", "1040", "1050", "1060", "1070", "110", "1110", "1130",
                     "1140", "1150", "1160", "1170", "1180", "1190", "120", "1200", "1210", "1220", "1230",
                     "1240", "1250", "1260", "130", "1330", "1340", "140", "2"}) do
  stations[#stations + 1] = "de:09162:" .. id
end
local counter = 0
request = function()
  counter = counter + 1
  local station = stations[(counter % #stations) + 1]
  local offset = math.floor(counter / #stations) % 61
  return wrk.format("GET", "/api/v1/mvg/departures?limit=20&station=" .. station .. "&offset=" .. offset)
end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
