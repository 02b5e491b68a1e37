#!/usr/bin/env python3
"""Writes the three BahnVision dashboards (Grafana JSON model) into dashboards/.

    build_dashboards.py           write dashboards/*.json
    build_dashboards.py --check   exit 1 if the committed JSON differs from what this script writes

The dashboards are code so that panels stay uniform and reviewable; the JSON files are what
Grafana provisioning loads. Every expression uses only metrics the service emits (or the
recording rules of monitoring/prometheus/rules/recording.yml); monitoring/tests/
no_dangling_metrics.py checks that against a live /metrics.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job=~"$job", instance=~"$instance"'
API = f'{SEL}, route=~"/api/v1/mvg/.*"'


class Board:
    def __init__(self, uid, title, description, tags):
        self.uid, self.title, self.description, self.tags = uid, title, description, tags
        self.panels, self.y, self.x, self.row_h = [], 0, 0, 0
        self.variables = [
            {"type": "datasource", "name": "datasource", "label": "Data source", "query": "prometheus",
             "current": {"text": "Prometheus", "value": "prometheus"}, "hide": 0},
            query_var("job", "label_values(bahnvision_build_info, job)", include_all=False),
            query_var("instance", 'label_values(bahnvision_build_info{job=~"$job"}, instance)'),
        ]

    def row(self, title):
        self.newline()
        self.panels.append({"type": "row", "title": title, "collapsed": False, "id": len(self.panels) + 1,
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}, "panels": []})
        self.y += 1

    def newline(self):
        if self.x:
            self.y += self.row_h
            self.x, self.row_h = 0, 0

    def add(self, panel, w=12, h=8):
        if self.x + w > 24:
            self.newline()
        panel["id"] = len(self.panels) + 1
        panel["gridPos"] = {"h": h, "w": w, "x": self.x, "y": self.y}
        panel.setdefault("datasource", DS)
        self.panels.append(panel)
        self.x += w
        self.row_h = max(self.row_h, h)

    def json(self):
        return {
            "uid": self.uid, "title": self.title, "description": self.description, "tags": self.tags,
            "editable": True, "graphTooltip": 1, "refresh": "30s", "schemaVersion": 38, "version": 1,
            "time": {"from": "now-6h", "to": "now"}, "timezone": "browser",
            "templating": {"list": self.variables},
            "annotations": {"list": [{"builtIn": 1, "type": "dashboard", "name": "Annotations & Alerts",
                                      "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                                      "enable": True, "hide": True, "iconColor": "rgba(0, 211, 255, 1)"}]},
            "links": [{"title": "BahnVision dashboards", "type": "dashboards", "tags": ["bahnvision"],
                       "asDropdown": True}],
            "panels": self.panels,
        }


def query_var(name, query, include_all=True):
    return {"type": "query", "name": name, "label": name, "datasource": DS,
            "query": {"query": query, "refId": f"var-{name}"}, "definition": query,
            "refresh": 2, "includeAll": include_all, "multi": include_all, "sort": 1,
            "current": {"text": "All", "value": "$__all"} if include_all else {}}


def target(expr, legend="", ref="A", fmt=None):
    t = {"refId": ref, "expr": expr, "legendFormat": legend, "datasource": DS}
    if fmt:
        t["format"] = fmt
    return t


def timeseries(title, exprs, unit="short", description="", thresholds=None, stack=False, max_=None):
    defaults = {"unit": unit, "custom": {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10,
                                         "showPoints": "never", "stacking": {"mode": "normal" if stack else "none"}}}
    if max_ is not None:
        defaults["max"] = max_
    if thresholds:
        defaults["thresholds"] = {"mode": "absolute", "steps": [{"color": "green", "value": None}] +
                                  [{"color": c, "value": v} for v, c in thresholds]}
        defaults["custom"]["thresholdsStyle"] = {"mode": "line+area"}
    return {"type": "timeseries", "title": title, "description": description,
            "targets": [target(e, l, chr(ord("A") + i)) for i, (e, l) in enumerate(exprs)],
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["mean", "max", "lastNotNull"]},
                        "tooltip": {"mode": "multi", "sort": "desc"}}}


def stat(title, expr, unit="short", description="", thresholds=None, legend=""):
    steps = [{"color": "green", "value": None}] + [{"color": c, "value": v} for v, c in (thresholds or [])]
    return {"type": "stat", "title": title, "description": description, "targets": [target(expr, legend)],
            "fieldConfig": {"defaults": {"unit": unit, "thresholds": {"mode": "absolute", "steps": steps}},
                            "overrides": []},
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "background", "graphMode": "area", "textMode": "auto"}}


def heatmap(title, expr, description=""):
    return {"type": "heatmap", "title": title, "description": description,
            "targets": [target(expr, "{{le}}", fmt="heatmap")],
            "options": {"calculate": False, "yAxis": {"unit": "s"}, "color": {"scheme": "Oranges", "mode": "scheme"},
                        "cellGap": 1, "tooltip": {"show": True, "yHistogram": True}},
            "fieldConfig": {"defaults": {}, "overrides": []}}


def api_performance():
    b = Board("bahnvision-api-performance", "BahnVision / API performance",
              "RED per route, latency distribution and the availability and latency SLOs.", ["bahnvision", "api"])
    b.variables.append(query_var("route", 'label_values(bahnvision_api_requests_total{job=~"$job"}, route)'))
    R = f'{SEL}, route=~"$route"'
    b.row("SLOs: availability 99.9 %, p95 < 750 ms (routes /api/v1/mvg/*)")
    b.add(stat("Availability, last 3 days", '1 - sum(job:bahnvision_slo_errors:ratio_rate3d{job=~"$job"})',
               "percentunit", "Share of /api/v1/mvg/* answers that were not 5xx (recording rule).",
               [(0, "red"), (0.999, "green")]), w=6, h=5)
    b.add(stat("p95 latency (5m)", f"histogram_quantile(0.95, sum by (le) (rate(bahnvision_api_request_duration_seconds_bucket{{{API}}}[5m])))",
               "s", "SLO: below 750 ms.", [(0.5, "orange"), (0.75, "red")]), w=6, h=5)
    b.add(stat("5xx ratio (5m)", f'sum(rate(bahnvision_api_requests_total{{{API}, status=~"5.."}}[5m])) '
                                 f'/ sum(rate(bahnvision_api_requests_total{{{API}}}[5m]))',
               "percentunit", "SLA: below 1 %; the error-spike alert fires above 5 %.", [(0.01, "orange"), (0.05, "red")]),
          w=6, h=5)
    b.add(stat("Requests in flight", f"sum(bahnvision_api_requests_in_flight{{{SEL}}})"), w=6, h=5)
    b.add(timeseries("Error budget burn rate", [
        ('job:bahnvision_slo_burn_rate:5m{job=~"$job"}', "5m"),
        ('job:bahnvision_slo_burn_rate:30m{job=~"$job"}', "30m"),
        ('job:bahnvision_slo_burn_rate:1h{job=~"$job"}', "1h"),
        ('job:bahnvision_slo_burn_rate:6h{job=~"$job"}', "6h"),
        ('job:bahnvision_slo_burn_rate:3d{job=~"$job"}', "3d")],
        "short", "1 = spending the budget exactly over 30 days. Pages at 14.4 (1h and 5m) and 6 (6h and 30m).",
        thresholds=[(6, "orange"), (14.4, "red")]), w=12)
    b.add(timeseries("API p95 / p99 vs SLO", [
        (f"histogram_quantile(0.95, sum by (le) (rate(bahnvision_api_request_duration_seconds_bucket{{{API}}}[$__rate_interval])))", "p95"),
        (f"histogram_quantile(0.99, sum by (le) (rate(bahnvision_api_request_duration_seconds_bucket{{{API}}}[$__rate_interval])))", "p99")],
        "s", "MVG-backed routes together.", thresholds=[(0.75, "red")]), w=12)

    b.row("RED per route")
    b.add(timeseries("Request rate by route", [
        (f"sum by (route) (rate(bahnvision_api_requests_total{{{R}}}[$__rate_interval]))", "{{route}}")], "reqps"), w=8)
    b.add(timeseries("5xx ratio by route", [
        (f'sum by (route) (rate(bahnvision_api_requests_total{{{R}, status=~"5.."}}[$__rate_interval])) '
         f'/ sum by (route) (rate(bahnvision_api_requests_total{{{R}}}[$__rate_interval]))', "{{route}}")],
        "percentunit", thresholds=[(0.01, "orange"), (0.05, "red")]), w=8)
    b.add(timeseries("Answers by status", [
        (f"sum by (status) (rate(bahnvision_api_requests_total{{{R}}}[$__rate_interval]))", "{{status}}")],
        "reqps", stack=True), w=8)
    b.add(timeseries("p95 latency by route", [
        (f"histogram_quantile(0.95, sum by (route, le) (rate(bahnvision_api_request_duration_seconds_bucket{{{R}}}[$__rate_interval])))",
         "{{route}}")], "s", thresholds=[(0.75, "red")]), w=8)
    b.add(timeseries("p99 latency by route", [
        (f"histogram_quantile(0.99, sum by (route, le) (rate(bahnvision_api_request_duration_seconds_bucket{{{R}}}[$__rate_interval])))",
         "{{route}}")], "s"), w=8)
    b.add(timeseries("Unhandled exceptions", [
        (f"sum by (route, type) (rate(bahnvision_api_exceptions_total{{{SEL}}}[$__rate_interval])) * 60", "{{route}} {{type}}")],
        "short", "Per minute; the alert fires above 5/min.", thresholds=[(5, "red")]), w=8)
    b.add(heatmap("Latency distribution (selected routes)",
                  f"sum by (le) (increase(bahnvision_api_request_duration_seconds_bucket{{{R}}}[$__rate_interval]))",
                  "Requests per latency bucket; the 0.75 s bucket edge is the SLO."), w=16, h=9)
    b.add(timeseries("Rate-limited requests (429)", [
        (f"sum(rate(bahnvision_rate_limited_total{{{SEL}}}[$__rate_interval]))", "limited"),
        (f'sum(rate(bahnvision_api_requests_total{{{SEL}, status="429"}}[$__rate_interval]))', "429 answers")],
        "reqps"), w=8, h=9)
    b.add(timeseries("Rate-limited clients tracked", [
        (f"sum by (instance) (bahnvision_rate_limit_clients{{{SEL}}})", "{{instance}} tracked"),
        (f"sum by (instance) (rate(bahnvision_rate_limit_evictions_total{{{SEL}}}[$__rate_interval]))", "{{instance}} evicted/s")],
        "short", "Clients per replica (bounded by RATE_LIMIT_MAX_CLIENTS) and how fast the least recently seen are "
        "forgotten to make room; sustained evictions mean a flood of addresses or a maximum set too low "
        "(docs/operations/limits.md)."), w=8, h=9)

    b.row("Process")
    b.add(timeseries("CPU", [(f"rate(process_cpu_seconds_total{{{SEL}}}[$__rate_interval])", "{{instance}}")], "percentunit"), w=8)
    b.add(timeseries("Resident memory", [(f"process_resident_memory_bytes{{{SEL}}}", "{{instance}}")], "bytes"), w=8)
    b.add(timeseries("Open file descriptors", [
        (f"process_open_fds{{{SEL}}}", "{{instance}} open"), (f"process_max_fds{{{SEL}}}", "{{instance}} max")]), w=8)
    b.add(timeseries("Uptime", [(f"time() - process_start_time_seconds{{{SEL}}}", "{{instance}}")], "s"), w=12)
    b.add(timeseries("Build per instance", [(f"bahnvision_build_info{{{SEL}}}", "{{instance}} {{version}} {{commit}}")]), w=12)
    return b


def cache_health():
    b = Board("bahnvision-cache-health", "BahnVision / Cache health",
              "Hit ratio per cache, stale serves, refreshes, single-flight, circuit breakers, Valkey.", ["bahnvision", "cache"])
    b.variables.append(query_var("cache", 'label_values(bahnvision_cache_events_total{job=~"$job"}, cache)'))
    C = f'{SEL}, cache=~"$cache"'
    b.row("Hit ratio (SLA > 70 %)")
    b.add(timeseries("Served from cache, by cache", [
        (f'sum by (cache) (rate(bahnvision_cache_events_total{{{C}, event=~"hit|stale_return"}}[$__rate_interval])) '
         f'/ sum by (cache) (rate(bahnvision_cache_events_total{{{C}, event=~"hit|stale_return|miss"}}[$__rate_interval]))',
         "{{cache}}")], "percentunit", "Fresh hits and stale serves over lookups that got an answer.",
        thresholds=[(0, "red"), (0.7, "green")], max_=1), w=12)
    b.add(timeseries("Lookups by outcome", [
        (f'sum by (event) (rate(bahnvision_cache_events_total{{{C}, event=~"hit|stale_return|miss|lock_timeout"}}[$__rate_interval]))',
         "{{event}}")], "ops", stack=True), w=12)
    b.row("Staleness and refreshes")
    b.add(timeseries("Stale serves by cache", [
        (f'sum by (cache) (rate(bahnvision_cache_events_total{{{C}, event="stale_return"}}[$__rate_interval]))', "{{cache}}")],
        "ops", "Answers from a copy past its fresh TTL (stale-while-revalidate or stale-if-error)."), w=8)
    b.add(timeseries("Refreshes", [
        (f'sum by (event) (rate(bahnvision_cache_events_total{{{C}, event=~"refresh_started|refresh_success|refresh_error|not_found"}}[$__rate_interval]))',
         "{{event}}")], "ops"), w=8)
    b.add(timeseries("Refresh duration p95 by cache", [
        (f"histogram_quantile(0.95, sum by (cache, le) (rate(bahnvision_cache_refresh_seconds_bucket{{{C}}}[$__rate_interval])))",
         "{{cache}}")], "s", "Cache fills including the MVG call."), w=8)
    b.row("Single-flight")
    b.add(timeseries("Requests that waited for another's load", [
        (f'sum by (cache) (rate(bahnvision_cache_events_total{{{C}, event="coalesced"}}[$__rate_interval]))', "{{cache}} (in process)"),
        (f"sum by (scope) (rate(bahnvision_singleflight_waits_total{{{C}}}[$__rate_interval]))", "waits, scope {{scope}}")], "ops"), w=12)
    b.add(timeseries("Single-flight wait timeouts", [
        (f'sum by (cache) (rate(bahnvision_cache_events_total{{{C}, event="lock_timeout"}}[$__rate_interval]))', "{{cache}}")],
        "ops", "Each one answered 503 unless a stale copy existed."), w=12)
    b.row("Circuit breakers and Valkey")
    b.add(stat("Valkey breaker open (instances)", f"sum(bahnvision_valkey_circuit_breaker_open{{{SEL}}})",
               description="Replicas running on their in-process cache only.", thresholds=[(1, "red")]), w=6, h=6)
    b.add(timeseries("Valkey breaker openings", [
        (f"sum by (instance) (increase(bahnvision_valkey_circuit_breaker_opened_total{{{SEL}}}[$__rate_interval]))", "{{instance}}")]),
        w=9, h=6)
    b.add(timeseries("MVG breaker state (0 closed, 1 open, 2 half-open)", [
        (f"max by (endpoint) (bahnvision_mvg_circuit_breaker_state{{{SEL}}})", "{{endpoint}}")], max_=2), w=9, h=6)
    b.add(timeseries("Valkey errors by operation", [
        (f"sum by (operation) (rate(bahnvision_valkey_errors_total{{{SEL}}}[$__rate_interval]))", "{{operation}}")], "ops"), w=12)
    b.add(timeseries("Shared tier (Valkey) after an L1 miss", [
        (f'sum by (event) (rate(bahnvision_cache_events_total{{{C}, event=~"l2_hit|l2_stale|l2_miss|fleet_lead|fleet_fill"}}[$__rate_interval]))',
         "{{event}}")], "ops", "l2_hit/l2_stale: another replica's copy served; fleet_lead: this replica took the fleet lock "
                               "and fetched; fleet_fill: it got another replica's fetch."), w=12)
    b.row("In-process tier (L1)")
    b.add(timeseries("L1 size", [(f"bahnvision_cache_l1_bytes{{{SEL}}}", "{{instance}}")], "bytes"), w=8)
    b.add(timeseries("L1 entries", [(f"bahnvision_cache_l1_entries{{{SEL}}}", "{{instance}}")]), w=8)
    b.add(timeseries("L1 evictions", [(f"rate(bahnvision_cache_l1_evictions_total{{{SEL}}}[$__rate_interval])", "{{instance}}")],
                     "ops", "Entries dropped to stay within the byte bound."), w=8)
    b.row("MVG upstream")
    b.add(timeseries("MVG calls by result", [
        (f"sum by (endpoint, result) (rate(bahnvision_mvg_requests_total{{{SEL}}}[$__rate_interval]))", "{{endpoint}} {{result}}")],
        "reqps", stack=True), w=8)
    b.add(timeseries("MVG p95 latency by endpoint", [
        (f"histogram_quantile(0.95, sum by (endpoint, le) (rate(bahnvision_mvg_request_seconds_bucket{{{SEL}}}[$__rate_interval])))",
         "{{endpoint}}")], "s", "The MVG latency alert fires above 750 ms for 15 minutes.", thresholds=[(0.75, "red")]), w=8)
    b.add(timeseries("MVG rate limits shared across the fleet", [
        (f"sum by (direction) (increase(bahnvision_mvg_holds_shared_total{{{SEL}}}[$__rate_interval]))", "{{direction}}")],
        "short", "published: a replica got a 429/403/509 and told the others; applied: a replica held its breaker "
                 "for another's Retry-After instead of calling MVG itself (only with Valkey)."), w=8)
    return b


def business_metrics():
    b = Board("bahnvision-business-metrics", "BahnVision / Business metrics",
              "What riders get: departures served, stations queried, delays observed at MVG, MVG calls saved.",
              ["bahnvision", "business"])
    dep = f'{SEL}, route="/api/v1/mvg/departures", status=~"200|304"'
    search = f'{SEL}, route="/api/v1/mvg/stations/search", status=~"200|304"'
    routes = f'{SEL}, route="/api/v1/mvg/routes/plan", status=~"200|304"'
    b.row("Served")
    b.add(stat("Departure boards served", f"sum(increase(bahnvision_api_requests_total{{{dep}}}[$__range]))",
               description="Successful departure answers in the selected time range."), w=6, h=5)
    b.add(stat("Station searches", f"sum(increase(bahnvision_api_requests_total{{{search}}}[$__range]))"), w=6, h=5)
    b.add(stat("Route plans", f"sum(increase(bahnvision_api_requests_total{{{routes}}}[$__range]))"), w=6, h=5)
    b.add(stat("MVG calls saved by the cache",
               f'sum(increase(bahnvision_cache_events_total{{{SEL}, event=~"hit|stale_return|coalesced"}}[$__range]))',
               description="Answers that needed no MVG call of their own: fresh hits, stale serves and "
                           "requests that shared another's fetch."), w=6, h=5)
    b.add(timeseries("Answers per minute", [
        (f"sum(rate(bahnvision_api_requests_total{{{dep}}}[$__rate_interval])) * 60", "departures"),
        (f"sum(rate(bahnvision_api_requests_total{{{search}}}[$__rate_interval])) * 60", "station searches"),
        (f"sum(rate(bahnvision_api_requests_total{{{routes}}}[$__rate_interval])) * 60", "route plans")]), w=12)
    b.add(timeseries("MVG calls made vs saved", [
        (f"sum(rate(bahnvision_mvg_requests_total{{{SEL}}}[$__rate_interval]))", "MVG calls made"),
        (f'sum(rate(bahnvision_cache_events_total{{{SEL}, event=~"hit|stale_return|coalesced"}}[$__rate_interval]))',
         "answers without an MVG call")], "reqps"), w=12)
    b.row("Delays observed at MVG (the feed persisted as history)")
    b.add(timeseries("Departures observed by transport type", [
        (f"sum by (transport_type) (rate(bahnvision_departures_observed_total{{{SEL}}}[$__rate_interval])) * 60",
         "{{transport_type}}")], "short", "Per minute, in boards fetched from MVG.", stack=True), w=12)
    b.add(timeseries("Median and p95 delay by transport type", [
        (f"histogram_quantile(0.5, sum by (transport_type, le) (rate(bahnvision_departure_delay_seconds_bucket{{{SEL}}}[$__rate_interval])))",
         "p50 {{transport_type}}"),
        (f"histogram_quantile(0.95, sum by (transport_type, le) (rate(bahnvision_departure_delay_seconds_bucket{{{SEL}}}[$__rate_interval])))",
         "p95 {{transport_type}}")], "s", "Realtime, not cancelled departures."), w=12)
    b.add(timeseries("Share delayed 3 minutes or more", [
        (f'1 - sum by (transport_type) (rate(bahnvision_departure_delay_seconds_bucket{{{SEL}, le="120"}}[$__rate_interval])) '
         f"/ sum by (transport_type) (rate(bahnvision_departure_delay_seconds_count{{{SEL}}}[$__rate_interval]))",
         "{{transport_type}}")], "percentunit", max_=1), w=8)
    b.add(timeseries("Cancelled share", [
        (f"sum by (transport_type) (rate(bahnvision_departures_cancelled_total{{{SEL}}}[$__rate_interval])) "
         f"/ sum by (transport_type) (rate(bahnvision_departures_observed_total{{{SEL}}}[$__rate_interval]))",
         "{{transport_type}}")], "percentunit"), w=8)
    b.add(timeseries("Itineraries observed", [
        (f"sum(rate(bahnvision_route_plans_observed_total{{{SEL}}}[$__rate_interval])) * 60", "per minute")]), w=8)
    b.row("History persistence")
    b.add(timeseries("Observations queued, written and dropped", [
        (f"sum by (table) (rate(bahnvision_persist_enqueued_total{{{SEL}}}[$__rate_interval]))", "queued {{table}}"),
        (f"sum by (table) (rate(bahnvision_persist_written_total{{{SEL}}}[$__rate_interval]))", "written {{table}}"),
        (f"sum by (table) (rate(bahnvision_persist_dropped_total{{{SEL}}}[$__rate_interval]))", "dropped {{table}}")], "ops"), w=12)
    b.add(timeseries("Write-behind queue depth", [
        (f"sum by (table) (bahnvision_persist_queue_depth{{{SEL}}})", "{{table}}")]), w=12)
    b.add(stat("Replicas connected to PostgreSQL", f"sum(bahnvision_database_up{{{SEL}}})",
               description="Replicas whose database connection works (bahnvision_database_up)."), w=8, h=6)
    b.add(timeseries("Database errors by operation", [
        (f"sum by (operation) (rate(bahnvision_database_errors_total{{{SEL}}}[$__rate_interval]))", "{{operation}}")], "ops"),
        w=16, h=6)
    return b


def lint(doc):
    """Structural problems of a dashboard: ids, grid layout, panels without queries."""
    problems, cells = [], set()
    ids = [p["id"] for p in doc["panels"]]
    if len(ids) != len(set(ids)):
        problems.append("duplicate panel ids")
    for p in doc["panels"]:
        g = p["gridPos"]
        if g["x"] < 0 or g["x"] + g["w"] > 24 or g["h"] <= 0:
            problems.append(f"panel '{p['title']}' outside the 24-column grid")
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                if (x, y) in cells:
                    problems.append(f"panel '{p['title']}' overlaps another")
                    break
                cells.add((x, y))
            else:
                continue
            break
        if p["type"] != "row" and not any(t.get("expr") for t in p.get("targets", [])):
            problems.append(f"panel '{p['title']}' has no query")
        if p["type"] == "heatmap" and any(t.get("format") != "heatmap" for t in p["targets"]):
            problems.append(f"heatmap '{p['title']}' needs format=heatmap")
    return problems


def main():
    check = "--check" in sys.argv
    out_dir = os.path.join(HERE, "dashboards")
    stale = []
    for name, board in (("api-performance", api_performance()), ("cache-health", cache_health()),
                        ("business-metrics", business_metrics())):
        doc = board.json()
        for problem in lint(doc):
            stale.append(f"{name}: {problem}")
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        path = os.path.join(out_dir, f"{name}.json")
        if check:
            current = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if current != text:
                stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {path}: {len(board.panels)} panels")
    uids = [json.load(open(p, encoding="utf-8"))["uid"] for p in sorted(os.listdir(out_dir)) and
            [os.path.join(out_dir, f) for f in sorted(os.listdir(out_dir)) if f.endswith(".json")]]
    if len(uids) != len(set(uids)):
        stale.append("dashboard uids are not unique")
    if stale:
        print("dashboard problems (edit and run monitoring/grafana/build_dashboards.py):", *stale, sep="\n  ")
        sys.exit(1)
    print(f"dashboards: {len(uids)} up to date and well-formed")


if __name__ == "__main__":
    main()
