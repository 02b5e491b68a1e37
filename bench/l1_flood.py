#!/usr/bin/env python3
# Floods a running `bahnvision serve` with distinct departure boards (every station mvg-sim
# knows x limit 1..40 x offset 0..60, in that order) and prints the service's VmRSS every
# 20,000 requests: the real-process check of CACHE_MAX_BYTES (docs/operations/limits.md).
#
#   bench/l1_flood.py SERVICE_PORT SIM_PORT SERVICE_PID REQUESTS
import http.client
import json
import sys
import time


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    port, sim_port, pid, count = (int(a) for a in sys.argv[1:5])
    sim = http.client.HTTPConnection("127.0.0.1", sim_port)
    ids = set()
    for letter in "abcdefghiklmnoprstuw":
        sim.request("GET", f"/api/bgw-pt/v3/locations?query={letter}&limitStations=50")
        for location in json.loads(sim.getresponse().read()):
            if location.get("globalId", "").startswith("de:"):
                ids.add(location["globalId"])
    print(f"{len(ids)} stations, VmRSS before {rss_mib(pid):.1f} MiB", flush=True)
    service = http.client.HTTPConnection("127.0.0.1", port)
    sent, statuses, started = 0, {}, time.time()
    boards = ((s, limit, offset) for offset in range(61) for limit in range(1, 41) for s in sorted(ids))
    for station, limit, offset in boards:
        if sent >= count:
            break
        service.request("GET", f"/api/v1/mvg/departures?station={station}&limit={limit}&offset={offset}")
        response = service.getresponse()
        response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        sent += 1
        if sent % 20000 == 0:
            print(f"{sent} requests in {time.time() - started:.0f} s, VmRSS {rss_mib(pid):.1f} MiB", flush=True)
    print(f"{sent} requests, statuses {statuses}, VmRSS after {rss_mib(pid):.1f} MiB", flush=True)


if __name__ == "__main__":
    main()
