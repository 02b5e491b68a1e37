#!/usr/bin/env python3
"""The "no dangling metric" test.

    no_dangling_metrics.py --source REPO --service BAHNVISION --sim MVG_SIM [--promtool promtool]

1. Collects every PromQL expression of the recording and alerting rules
   (monitoring/prometheus/rules/*.yml) and of the Grafana dashboards
   (monitoring/grafana/dashboards/*.json: panel targets and template variable queries).
2. Checks that each one parses (promtool check rules on a generated rule file; Grafana's
   $variables are replaced by values PromQL accepts first).
3. Starts mvg-sim and the service (plus Valkey, and PostgreSQL when the binary has a `migrate`
   command, so that their metrics can appear), calls every endpoint with good and bad input and
   with MVG failing, and reads /metrics.
4. Every metric name an expression uses must be in that output, and every label its matchers
   name must occur on it (`job` and `instance` come from Prometheus). Names of recording rules
   must be recorded by our rules. A name listed in monitoring/tests/pending_metrics.txt (metrics
   of work in progress elsewhere) is reported as PENDING instead of failing; a pending name that
   the binary now emits is reported so that the list can shrink.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bvstack  # noqa: E402
from promql_names import label_values_query, metric_selectors, substitute_grafana  # noqa: E402

PROMETHEUS_SYNTHETIC = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
                        "scrape_series_added", "ALERTS", "ALERTS_FOR_STATE"}
TARGET_LABELS = {"job", "instance"}
SUFFIXES = ("_bucket", "_sum", "_count")


def collect_expressions(source):
    """[(origin, expr, is_grafana)] and the set of recorded names."""
    exprs, recorded = [], set()
    for path in sorted(glob.glob(os.path.join(source, "monitoring/prometheus/rules/*.yml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        rel = os.path.relpath(path, source)
        for group in doc["groups"]:
            for rule in group["rules"]:
                name = rule.get("record") or rule.get("alert")
                if "record" in rule:
                    recorded.add(rule["record"])
                exprs.append((f"{rel}: {name}", rule["expr"], False))
    for path in sorted(glob.glob(os.path.join(source, "monitoring/grafana/dashboards/*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        rel = os.path.relpath(path, source)

        def panels(items):
            for p in items:
                yield p
                yield from panels(p.get("panels", []))

        for panel in panels(doc.get("panels", [])):
            for target in panel.get("targets", []):
                if target.get("expr"):
                    exprs.append((f"{rel}: panel '{panel.get('title')}' {target.get('refId', '')}", target["expr"], True))
        for var in doc.get("templating", {}).get("list", []):
            if var.get("type") != "query":
                continue
            query = var.get("query")
            query = query.get("query") if isinstance(query, dict) else query
            if query:
                exprs.append((f"{rel}: variable ${var.get('name')}", query, True))
    return exprs, recorded


def promql_of(expr, is_grafana):
    """The PromQL to parse (None for label_values queries without a selector)."""
    if is_grafana:
        lv = label_values_query(expr)
        if lv:
            return substitute_grafana(lv[0] + lv[2])
        return substitute_grafana(expr)
    return expr


def check_parse(promtool, exprs):
    """Problems of expressions promtool cannot parse."""
    def run(items):
        doc = {"groups": [{"name": "no_dangling_check", "rules": [
            {"record": f"check:expr_{i}", "expr": promql} for i, (_, promql) in enumerate(items)]}]}
        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
            yaml.safe_dump(doc, f)
        try:
            out = subprocess.run([promtool, "check", "rules", f.name], capture_output=True, text=True)
            return out.returncode == 0, out.stdout + out.stderr
        finally:
            os.unlink(f.name)

    items = [(origin, promql_of(expr, g)) for origin, expr, g in exprs]
    ok, _ = run(items)
    if ok:
        return []
    problems = []
    for origin, promql in items:
        ok, out = run([(origin, promql)])
        if not ok:
            problems.append(f"{origin}: does not parse: {out.strip().splitlines()[-1]}\n    {promql}")
    return problems


def read_pending(source):
    pending = {}
    path = os.path.join(source, "monitoring/tests/pending_metrics.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, _, note = line.partition("#")
                if name.strip():
                    pending[name.strip()] = note.strip()
    return pending


def family(name):
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def judge(exprs, recorded, samples, pending):
    """(failures, pending hits) of the names and labels the expressions use."""
    failures, pending_hits = [], {}
    for origin, expr, is_grafana in exprs:
        promql = promql_of(expr, is_grafana)
        selectors = list(metric_selectors(promql))
        lv = label_values_query(expr) if is_grafana else None
        for name, labels in selectors:
            if lv and name == lv[0]:
                labels = labels | {lv[1]}
            if name in PROMETHEUS_SYNTHETIC:
                continue
            if ":" in name:
                if name not in recorded:
                    failures.append(f"{origin}: uses {name}, which no recording rule records")
                continue
            if name not in samples:
                key = name if name in pending else family(name) if family(name) in pending else None
                if key:
                    pending_hits.setdefault(key, set()).add(origin)
                else:
                    failures.append(f"{origin}: uses {name}, which the service does not emit")
                continue
            if not samples[name]:
                continue  # declared, no sample yet: its labels cannot be checked
            allowed = samples[name] | TARGET_LABELS | ({"le"} if name.endswith("_bucket") else set())
            missing = labels - allowed
            if missing:
                failures.append(f"{origin}: {name} has no label {', '.join(sorted(missing))} "
                                f"(it has: {', '.join(sorted(samples[name])) or 'none'})")
    return failures, pending_hits


def exercise_every_endpoint(service_url, sim_url):
    """Calls every route of the service, with good and bad input and with MVG failing, so that
    every metric child that traffic creates exists. Returns the (path, status) pairs seen."""
    seen = []

    def call(path, headers=None, method="GET"):
        status = bvstack.http(method, service_url + path, headers=headers, timeout=30)[0]
        seen.append((path, status))
        return status

    paths = ["/api/v1/health", "/api/v1/health/live", "/api/v1/health/ready", "/metrics", "/openapi.json",
             "/api/v1/ops/summary",
             "/api/v1/mvg/departures?station=Marienplatz&limit=5",
             "/api/v1/mvg/departures?station=Marienplatz&limit=5",  # hit
             "/api/v1/mvg/departures?station=de:09162:6&transport_type=UBAHN",
             "/api/v1/mvg/departures?station=Atlantis",  # 404
             "/api/v1/mvg/departures?station=Marienplatz&limit=999",  # 422
             "/api/v1/mvg/stations/search?q=Marienplatz",
             "/api/v1/mvg/stations/search?q=Hauptbahnhof&limit=3",
             "/api/v1/mvg/routes/plan?origin=Marienplatz&destination=Giesing",
             "/api/v1/mvg/routes/plan?origin=de:09162:6&destination=de:09162:2&transport_type=UBAHN",
             "/", "/no/such/path"]
    for path in paths:
        call(path)
    call("/api/v1/health", method="POST")  # 405
    # Every other GET path of the API description, with plausible parameters.
    try:
        doc = json.loads(bvstack.get(service_url + "/openapi.json")[2])
        known = {p.split("?")[0] for p in paths}
        values = {"station": "Marienplatz", "q": "Marienplatz", "origin": "Marienplatz", "destination": "Giesing"}
        for path, item in doc.get("paths", {}).items():
            if path in known or "get" not in item or "{" in path:
                continue
            query = "&".join(f"{p['name']}={values.get(p['name'], '1')}" for p in item["get"].get("parameters", [])
                             if p.get("in") == "query" and p.get("required"))
            call(path + ("?" + query if query else ""))
    except (ValueError, KeyError, OSError):
        pass
    # MVG failing: errors, retries, 502/503 answers.
    bvstack.http("POST", sim_url + "/__sim/faults?error_rate=1&error_status=503", body=b"")
    call("/api/v1/mvg/departures?station=Marienplatz&limit=7")
    call("/api/v1/mvg/stations/search?q=Sendlinger")
    bvstack.http("POST", sim_url + "/__sim/faults?rate_limit=1&retry_after=1", body=b"")
    call("/api/v1/mvg/departures?station=Marienplatz&limit=8")
    bvstack.http("POST", sim_url + "/__sim/faults?malformed=1", body=b"")
    call("/api/v1/mvg/departures?station=Marienplatz&limit=9")
    bvstack.http("DELETE", sim_url + "/__sim/faults")
    return seen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--promtool", default="promtool")
    args = parser.parse_args()

    exprs, recorded = collect_expressions(args.source)
    print(f"no_dangling: {len(exprs)} expressions ({sum(1 for e in exprs if e[2])} from dashboards), "
          f"{len(recorded)} recording rules")
    if sum(1 for e in exprs if e[2]) == 0:
        print("FAIL no dashboard expression found")
        return 1
    problems = check_parse(args.promtool, exprs)

    with bvstack.Stack(args.source, args.service, args.sim) as stack:
        sim = stack.start_sim()
        env = {"ACCESS_LOG": "false"}
        problems += stack.start_backing_stores(env, "no_dangling")[2]
        print(f"no_dangling: service with {', '.join(k for k in ('VALKEY_URL', 'DATABASE_URL') if k in env) or 'no backing stores'}")
        service = stack.start_service(sim, env)
        seen = exercise_every_endpoint(service.url, sim.url)
        print(f"no_dangling: exercised {len(seen)} requests over {len({p.split('?')[0] for p, _ in seen})} paths, "
              f"statuses {sorted({s for _, s in seen})}")
        time.sleep(1.0)  # let background cache loads end and count
        status, _, text = bvstack.get(service.url + "/metrics")
        if status != 200:
            print(f"FAIL /metrics answered {status}")
            return 1
    samples = bvstack.parse_exposition(text)
    declared_only = sorted(n for n, labels in samples.items() if not labels and n + "_bucket" not in samples
                           and not re.search(rf"^{re.escape(n)}[ {{]", text, re.M))
    pending = read_pending(args.source)

    # The judge must be able to fail: a made-up name and a made-up label are caught.
    probe_fail, _ = judge([("self-test", 'rate(bahnvision_no_such_metric_total[5m]) + '
                            'bahnvision_api_requests_total{no_such_label="x"}', False)], recorded, samples, {})
    if len(probe_fail) != 2:
        problems.append(f"self-test: the judge missed a dangling name or label: {probe_fail}")

    failures, pending_hits = judge(exprs, recorded, samples, pending)
    problems += failures
    for name in sorted(pending_hits):
        print(f"PENDING {name} ({pending[name] or 'not emitted yet'}): used by {len(pending_hits[name])} expressions, "
              f"e.g. {sorted(pending_hits[name])[0]}")
    emitted_now = sorted(n for n in pending if n in samples or any(n + s in samples for s in SUFFIXES))
    for name in emitted_now:
        print(f"NOW EMITTED {name}: remove it from monitoring/tests/pending_metrics.txt")
    for name in sorted(set(pending) - set(pending_hits) - set(emitted_now)):
        print(f"UNUSED PENDING {name}: no rule or dashboard uses it")
    for name in declared_only:
        print(f"DECLARED {name}: in /metrics without samples yet (no event of its kind during the exercise)")
    used = {n for _, e, g in exprs for n, _ in metric_selectors(promql_of(e, g)) if ":" not in n}
    print(f"no_dangling: {len(used)} metric names used, {len(used & set(samples))} emitted, "
          f"{len(pending_hits)} pending, {len(problems)} problems")
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
