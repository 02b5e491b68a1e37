#!/usr/bin/env python3
"""The end-to-end fault test: real Prometheus and Alertmanager watch the real service.

    fault_test.py --source REPO --service BAHNVISION --sim MVG_SIM [--for 5s]

Starts mvg-sim, Valkey, PostgreSQL (when the binary can use them), the service, Alertmanager
(monitoring/alertmanager/alertmanager.yml with its receivers pointed at a local webhook that
records every notification) and Prometheus (scrape and evaluation every second; the production
rules with every `for:` rewritten by make_test_rules.py and nothing else changed). A traffic
generator keeps calling the API. Then, one fault at a time, it asserts that the alert reaches
Alertmanager's receiver, and measures how long that took:

  Valkey killed           -> bahnvision_valkey_circuit_breaker_open fires; restarted -> resolved
  PostgreSQL stopped      -> bahnvision_database_connection_failure fires; restarted -> resolved
  mvg-sim slow (1.5 s)    -> bahnvision_mvg_latency_high fires
  mvg-sim failing (503)   -> bahnvision_error_rate_spike fires

The Valkey and PostgreSQL steps run when /metrics shows that the binary uses them
(bahnvision_valkey_circuit_breaker_open, bahnvision_database_up); otherwise they are reported as
NOT RUN with the reason. Before any fault, none of these alerts may have fired.
"""
import argparse
import itertools
import json
import os
import random
import signal
import sys
import threading
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bvstack  # noqa: E402
from make_test_rules import rewrite  # noqa: E402

STEP_TIMEOUT = 75  # seconds from a fault to its notification


def alertmanager_test_config(source, hook_port):
    """The production routing tree, inhibitions and receivers, with fast grouping and every
    receiver's webhook pointed at the recorder (path = receiver name)."""
    with open(os.path.join(source, "monitoring/alertmanager/alertmanager.yml"), encoding="utf-8") as f:
        cfg = yaml.safe_load(f)

    def fast(route, root):
        if root or "group_wait" in route or "group_interval" in route:
            route["group_wait"], route["group_interval"] = "1s", "1s"
        for child in route.get("routes", []):
            fast(child, False)

    fast(cfg["route"], True)
    for receiver in cfg["receivers"]:
        for hook in receiver.get("webhook_configs", []):
            hook["url"] = f"http://127.0.0.1:{hook_port}/{receiver['name']}"
            hook["send_resolved"] = True
    return yaml.safe_dump(cfg, sort_keys=False)


def prometheus_test_config(service_port, am_port):
    return yaml.safe_dump({
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"},
        "rule_files": ["recording.yml", "alerts.yml"],
        "alerting": {"alertmanagers": [{"static_configs": [{"targets": [f"127.0.0.1:{am_port}"]}]}]},
        "scrape_configs": [{"job_name": "bahnvision", "static_configs": [{"targets": [f"127.0.0.1:{service_port}"]}]}],
    }, sort_keys=False)


class Traffic:
    """Clients of the API: mostly a few hot boards (cache hits, so the hit ratio stays above
    70 %), some never-seen ones (misses that reach MVG), a station search now and then."""

    HOT = ["/api/v1/mvg/departures?station=Marienplatz", "/api/v1/mvg/departures?station=Hauptbahnhof",
           "/api/v1/mvg/departures?station=Sendlinger%20Tor", "/api/v1/mvg/stations/search?q=Odeonsplatz"]
    STATIONS = ["Marienplatz", "Hauptbahnhof", "Sendlinger%20Tor", "Odeonsplatz", "Giesing"]
    TYPES = ["", "&transport_type=UBAHN", "&transport_type=SBAHN", "&transport_type=TRAM", "&transport_type=BUS"]

    def __init__(self, url, threads=5, pause=0.1, unique_share=0.15):
        self.url, self.pause, self.unique_share = url, pause, unique_share
        self.stop = threading.Event()
        self.counts, self.lock = {}, threading.Lock()
        self.unique = itertools.count()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(threads)]

    def start(self):
        for t in self.threads:
            t.start()

    def next_path(self, rng):
        if rng.random() >= self.unique_share:
            return rng.choice(self.HOT)
        n = next(self.unique)
        station = self.STATIONS[n % len(self.STATIONS)]
        kind = self.TYPES[(n // len(self.STATIONS)) % len(self.TYPES)]
        rest = n // (len(self.STATIONS) * len(self.TYPES))
        return f"/api/v1/mvg/departures?station={station}&limit={rest % 40 + 1}&offset={(rest // 40) % 61}{kind}"

    def run(self, seed):
        rng = random.Random(seed)
        while not self.stop.is_set():
            try:
                status = bvstack.get(self.url + self.next_path(rng), timeout=10)[0]
            except OSError:
                status = "conn"
            with self.lock:
                self.counts[status] = self.counts.get(status, 0) + 1
            self.stop.wait(self.pause)

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join(15)


def wait_notification(webhook, alertname, status, since, timeout=STEP_TIMEOUT):
    """Seconds from `since` to the first notification (after `since`) carrying `alertname` in
    state `status`; None on timeout. Returns (seconds, receiver)."""
    deadline = time.monotonic() + timeout
    checked = 0
    while time.monotonic() < deadline:
        events = webhook.all[checked:]
        checked += len(events)
        for at, path, payload in events:
            if at < since:
                continue
            for alert in payload.get("alerts", []):
                if alert.get("labels", {}).get("alertname") == alertname and alert.get("status") == status:
                    return at - since, path.strip("/")
        time.sleep(0.2)
    return None, None


def fired(webhook, alertnames):
    return sorted({a["labels"]["alertname"] for _, _, p in webhook.all for a in p.get("alerts", [])
                   if a.get("status") == "firing" and a["labels"].get("alertname") in alertnames})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--for", dest="for_", default="5s")
    parser.add_argument("--logs", help="keep the processes' logs in this directory")
    args = parser.parse_args()
    started = time.monotonic()
    results, failures, not_run, steps = [], [], [], []

    with open(os.path.join(args.source, "monitoring/prometheus/rules/alerts.yml"), encoding="utf-8") as f:
        alerts_text, count = rewrite(f.read(), args.for_)
    with open(os.path.join(args.source, "monitoring/prometheus/rules/recording.yml"), encoding="utf-8") as f:
        recording_text = f.read()
    print(f"fault_test: production rules with {count} `for:` values set to {args.for_}")

    with bvstack.Stack(args.source, args.service, args.sim, keep_logs=args.logs) as stack:
        hook = stack.start_webhook()
        sim = stack.start_sim()
        # A short breaker timeout: after Valkey comes back, the breaker probes it within 2 s.
        # The traffic comes from one address: the per-client rate limit is off.
        env = {"ACCESS_LOG": "false", "MVG_TIMEOUT_SECONDS": "5", "CACHE_CIRCUIT_BREAKER_TIMEOUT_SECONDS": "2",
               "RATE_LIMIT_PER_MINUTE": "0"}
        valkey, pg, problems = stack.start_backing_stores(env, "fault_test")
        failures += problems
        service = stack.start_service(sim, env)
        metrics = bvstack.get(service.url + "/metrics")[2]
        valkey_ok = valkey is not None and "bahnvision_valkey_circuit_breaker_open" in metrics
        db_ok = pg is not None and "bahnvision_database_up" in metrics

        am = stack.start_alertmanager(alertmanager_test_config(args.source, hook.port))
        prom = stack.start_prometheus(prometheus_test_config(service.port, am.port),
                                      {"alerts.yml": alerts_text, "recording.yml": recording_text})
        traffic = Traffic(service.url)
        traffic.start()
        try:
            # Baseline: Prometheus scrapes, the recording rules have values, nothing fires.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                body = bvstack.get(prom.url + "/api/v1/query?query=job%3Abahnvision_api_requests%3Arate5m")[2]
                if '"value"' in body:
                    break
                time.sleep(0.5)
            else:
                failures.append("Prometheus never computed job:bahnvision_api_requests:rate5m (no scrape?)")
            time.sleep(10)
            step_alerts = ["bahnvision_valkey_circuit_breaker_open", "bahnvision_database_connection_failure",
                           "bahnvision_mvg_latency_high", "bahnvision_error_rate_spike", "bahnvision_api_latency_high"]
            early = fired(hook, step_alerts)
            if early:
                failures.append(f"fired before any fault: {early}")
            print(f"fault_test: baseline after {time.monotonic() - started:.0f}s, traffic {dict(traffic.counts)}, "
                  f"nothing fired: {not early}")

            def still_firing(alertname, since, hold=4):
                """While the fault lasts the alert must not resolve (no flapping)."""
                time.sleep(hold)
                took, _ = wait_notification(hook, alertname, "resolved", since, timeout=0.1)
                if took is not None:
                    failures.append(f"{alertname} resolved while its fault was still there")

            def expect(alertname, status, since, what, receiver=None):
                steps.append((since, what))
                took, got_receiver = wait_notification(hook, alertname, status, since)
                if took is None:
                    failures.append(f"{what}: no '{status}' notification of {alertname} within {STEP_TIMEOUT}s")
                    print(f"FAIL  {what}: {alertname} {status} not seen")
                    return None
                if receiver and got_receiver != receiver:
                    failures.append(f"{alertname} went to receiver {got_receiver}, expected {receiver}")
                results.append((alertname, status, took, got_receiver, what))
                print(f"ok    {what}: {alertname} {status} after {took:.1f}s (receiver {got_receiver})")
                return took

            # Valkey down -> breaker open -> alert; Valkey back -> resolved.
            if valkey_ok:
                t0 = time.monotonic()
                valkey.stop()
                expect("bahnvision_valkey_circuit_breaker_open", "firing", t0, "Valkey killed", "chat")
                still_firing("bahnvision_valkey_circuit_breaker_open", t0)
                t0 = time.monotonic()
                valkey = stack.restart(valkey, r"Ready to accept connections")
                expect("bahnvision_valkey_circuit_breaker_open", "resolved", t0, "Valkey restarted", "chat")
            else:
                not_run.append("Valkey: " + ("no redis-server/valkey-server installed" if valkey is None else
                                             "the binary does not emit bahnvision_valkey_circuit_breaker_open "
                                             "(fleet cache, issue 3, not merged)"))

            # PostgreSQL down -> database_up 0 -> alert; back -> resolved (so that the critical
            # alert stops inhibiting the warnings of the next steps).
            if db_ok:
                t0 = time.monotonic()
                pg.signal(signal.SIGINT)  # fast shutdown: do not wait for the service's connections
                pg.popen.wait(30)
                expect("bahnvision_database_connection_failure", "firing", t0, "PostgreSQL stopped", "paging")
                still_firing("bahnvision_database_connection_failure", t0)
                t0 = time.monotonic()
                pg = stack.restart(pg, r"ready to accept connections")
                expect("bahnvision_database_connection_failure", "resolved", t0, "PostgreSQL restarted", "paging")
            else:
                reason = ("the binary does not emit bahnvision_database_up" if pg is not None else
                          "PostgreSQL (initdb, postgres) is not installed" if stack.service_supports("migrate") else
                          "the binary has no `migrate` command (persistence, issue 4, not merged)")
                not_run.append("PostgreSQL: " + reason)

            # MVG slow -> MVG p95 above 750 ms.
            t0 = time.monotonic()
            bvstack.http("POST", sim.url + "/__sim/faults?latency_ms=1500", body=b"")
            expect("bahnvision_mvg_latency_high", "firing", t0, "mvg-sim slow (1.5 s)", "chat")

            # MVG failing -> 5xx for requests without a cached copy -> error spike (critical).
            # Hot boards are served stale (that is the cache's job), so errors come from boards
            # nobody asked for yet: clients ask for more of them during this step, or the 5-minute
            # error ratio would need minutes to climb over 5 % after a long clean history.
            # Valkey or PostgreSQL down, or MVG slow, must not have made the API fail.
            if fired(hook, ["bahnvision_error_rate_spike"]):
                failures.append("bahnvision_error_rate_spike fired before MVG failed")
            traffic.unique_share = 0.5
            t0 = time.monotonic()
            bvstack.http("POST", sim.url + "/__sim/faults?error_rate=1&error_status=503", body=b"")
            expect("bahnvision_error_rate_spike", "firing", t0, "mvg-sim failing (503)", "paging")
            # Inhibition: while the critical error spike fires, the MVG latency warning (still
            # active: its 5-minute window holds the slow calls) is held back by Alertmanager.
            deadline, inhibited, active = time.monotonic() + 10, False, False
            while time.monotonic() < deadline and not inhibited:
                for alert in json.loads(bvstack.get(am.url + "/api/v2/alerts")[2]):
                    if alert["labels"].get("alertname") == "bahnvision_mvg_latency_high":
                        active = True
                        inhibited = bool(alert.get("status", {}).get("inhibitedBy"))
                time.sleep(0.5)
            if inhibited:
                print("ok    inhibition: bahnvision_mvg_latency_high (warning) suppressed by the critical alert")
            elif active:
                failures.append("bahnvision_mvg_latency_high was not inhibited while a critical alert fired")
            else:
                print("note  inhibition not checked: bahnvision_mvg_latency_high no longer active")
            time.sleep(4)  # room for the alerts that follow from the same fault (burn rates)
            bvstack.http("DELETE", sim.url + "/__sim/faults")
        finally:
            traffic.close()
        print(f"fault_test: traffic {dict(sorted(traffic.counts.items(), key=str))}")
        if prom.popen.poll() is not None or am.popen.poll() is not None:
            failures.append("Prometheus or Alertmanager exited during the test")

    total = time.monotonic() - started
    print("\nalert                                    state     after   receiver  fault")
    for name, status, took, receiver, what in results:
        print(f"{name:40s} {status:9s} {took:5.1f}s  {receiver:8s}  {what}")
    # Alerts that fired without being a step's target, with the step they followed.
    first = {}
    for at, path, payload in hook.all:
        for alert in payload.get("alerts", []):
            name = alert["labels"].get("alertname")
            if alert.get("status") == "firing" and name not in first:
                first[name] = (at, path.strip("/"))
    targets = {r[0] for r in results}
    for name, (at, receiver) in sorted(first.items(), key=lambda kv: kv[1][0]):
        if name in targets:
            continue
        step = [st for st in steps if st[0] <= at]
        if step:
            print(f"{name:40s} firing    {at - step[-1][0]:5.1f}s  {receiver:8s}  {step[-1][1]} (not the step's target)")
    seen = {}
    for _, path, payload in hook.all:
        for alert in payload.get("alerts", []):
            key = (alert["labels"].get("alertname"), alert.get("status"), path.strip("/"))
            seen[key] = seen.get(key, 0) + 1
    print("all notifications: " + ", ".join(f"{a} {s} -> {r} x{n}" for (a, s, r), n in sorted(seen.items())))
    for reason in not_run:
        print(f"NOT RUN  {reason}")
    print(f"fault_test: {len(results)} notifications, {len(failures)} failures, {len(not_run)} steps not run, "
          f"{total:.0f}s in all")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
