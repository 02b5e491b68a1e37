-- wrk script for the fleet refresh benchmark: cycles over BENCH_KEYS departure boards
-- (limit=1..N of one station: distinct cache keys, one MVG call each per refresh).
local keys = tonumber(os.getenv("BENCH_KEYS") or "20")
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/mvg/departures?station=de:09162:2&limit=" .. (i % keys + 1))
end
