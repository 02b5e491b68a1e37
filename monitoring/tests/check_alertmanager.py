#!/usr/bin/env python3
"""Checks monitoring/alertmanager/alertmanager.yml with amtool.

    check_alertmanager.py REPO_ROOT [AMTOOL]

1. `amtool check-config` accepts it;
2. `amtool config routes test --verify.receivers` sends every alert of
   monitoring/prometheus/rules/alerts.yml, with its own labels, to the receiver its severity
   calls for (critical -> paging, warning -> chat, ticket -> ticket), plus a few label sets
   without a known severity (-> chat);
3. a deliberately wrong expectation is reported as a mismatch (the check can fail).
"""
import os
import subprocess
import sys

import yaml

RECEIVER_OF = {"critical": "paging", "warning": "chat", "ticket": "ticket"}


def routes_test(amtool, config, receiver, labels):
    args = [amtool, "config", "routes", "test", f"--config.file={config}", f"--verify.receivers={receiver}"]
    args += [f"{k}={v}" for k, v in sorted(labels.items())]
    run = subprocess.run(args, capture_output=True, text=True)
    return run.returncode == 0, (run.stdout + run.stderr).strip().splitlines()[0] if (run.stdout + run.stderr).strip() else ""


def main():
    root = sys.argv[1]
    amtool = sys.argv[2] if len(sys.argv) > 2 else "amtool"
    config = os.path.join(root, "monitoring/alertmanager/alertmanager.yml")
    failures = 0
    check = subprocess.run([amtool, "check-config", config], capture_output=True, text=True)
    print(check.stdout.strip())
    if check.returncode != 0:
        print("FAIL amtool check-config:", check.stderr.strip())
        failures += 1

    with open(os.path.join(root, "monitoring/prometheus/rules/alerts.yml"), encoding="utf-8") as f:
        rules = yaml.safe_load(f)
    cases = []
    for group in rules["groups"]:
        for rule in group["rules"]:
            if "alert" in rule:
                labels = {"alertname": rule["alert"], "job": "bahnvision", **rule.get("labels", {})}
                cases.append((labels, RECEIVER_OF[labels["severity"]]))
    cases.append(({"alertname": "SomethingUnlabelled", "service": "bahnvision"}, "chat"))
    cases.append(({"alertname": "InfoOnly", "severity": "info", "service": "bahnvision"}, "chat"))
    cases.append(({"alertname": "OtherServicePage", "severity": "critical", "service": "valkey"}, "paging"))

    for labels, receiver in cases:
        ok, got = routes_test(amtool, config, receiver, labels)
        print(f"{'ok  ' if ok else 'FAIL'} {labels['alertname']} severity={labels.get('severity', '-')} -> {receiver} (amtool: {got})")
        failures += 0 if ok else 1

    # The verdict must be able to fail: a warning must not page.
    ok, got = routes_test(amtool, config, "paging", {"alertname": "x", "severity": "warning"})
    if ok:
        print("FAIL amtool accepted a warning routed to paging: the routing test cannot fail")
        failures += 1
    print(f"check_alertmanager: {len(cases)} routing cases, {failures} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
