#!/usr/bin/env python3
"""Lints the alerting rules beyond what promtool checks.

    check_rules.py REPO_ROOT

- the alerts the pipeline plan promises exist;
- every alert has labels severity (critical|warning|ticket) and service, annotations summary,
  description and a runbook_url ending in docs/runbooks/<alertname>.md, and that page exists;
- monitoring/prometheus/tests/alerts_test.yml has, for every alert, a case where it fires
  (non-empty exp_alerts) and a case where it must not (empty exp_alerts);
- every runbook page belongs to an alert (no stale pages).
"""
import os
import sys

import yaml

REQUIRED = {
    "bahnvision_cache_hit_ratio_low", "bahnvision_api_latency_high", "bahnvision_error_rate_spike",
    "bahnvision_database_connection_failure", "bahnvision_valkey_circuit_breaker_open",
    "bahnvision_mvg_latency_high", "bahnvision_exceptions_rate_high", "bahnvision_ingestion_run_stuck",
    "bahnvision_slo_burn_rate_fast", "bahnvision_slo_burn_rate_medium", "bahnvision_slo_burn_rate_slow",
}
SEVERITIES = {"critical", "warning", "ticket"}


def main():
    root = sys.argv[1]
    with open(os.path.join(root, "monitoring/prometheus/rules/alerts.yml"), encoding="utf-8") as f:
        rules = yaml.safe_load(f)
    with open(os.path.join(root, "monitoring/prometheus/tests/alerts_test.yml"), encoding="utf-8") as f:
        tests = yaml.safe_load(f)
    errors = []
    alerts = {}
    for group in rules["groups"]:
        for rule in group["rules"]:
            if "alert" in rule:
                if rule["alert"] in alerts:
                    errors.append(f"{rule['alert']}: defined twice")
                alerts[rule["alert"]] = rule
    for name in sorted(REQUIRED - alerts.keys()):
        errors.append(f"{name}: required alert missing")

    fires, quiet = set(), set()
    for case in tests["tests"]:
        for t in case.get("alert_rule_test", []):
            (fires if t.get("exp_alerts") else quiet).add(t["alertname"])

    runbooks = os.path.join(root, "docs/runbooks")
    for name, rule in sorted(alerts.items()):
        labels, annotations = rule.get("labels", {}), rule.get("annotations", {})
        if labels.get("severity") not in SEVERITIES:
            errors.append(f"{name}: severity {labels.get('severity')!r} is not one of {sorted(SEVERITIES)}")
        if labels.get("service") != "bahnvision":
            errors.append(f"{name}: label service must be bahnvision")
        for key in ("summary", "description", "runbook_url"):
            if not annotations.get(key, "").strip():
                errors.append(f"{name}: annotation {key} missing")
        page = f"docs/runbooks/{name}.md"
        if not annotations.get("runbook_url", "").endswith("/" + page):
            errors.append(f"{name}: runbook_url must end with /{page}")
        if not os.path.isfile(os.path.join(root, page)):
            errors.append(f"{name}: {page} does not exist")
        if name not in fires:
            errors.append(f"{name}: no promtool test case where it fires")
        if name not in quiet:
            errors.append(f"{name}: no promtool test case where it must not fire")
    if os.path.isdir(runbooks):
        for page in sorted(os.listdir(runbooks)):
            if page.endswith(".md") and page != "README.md" and page[:-3] not in alerts:
                errors.append(f"docs/runbooks/{page}: no alert of that name")

    for e in errors:
        print("FAIL", e)
    print(f"check_rules: {len(alerts)} alerts, {len(errors)} problems")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
