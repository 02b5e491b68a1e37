// Validates Kubernetes objects with the npm validators: kubernetes-models (core kinds) and the
// @kubernetes-models/* packages for Argo CD, Argo Rollouts, cert-manager and the Prometheus
// operator. Input: a JSON array of {source, object} on stdin. Output: one JSON line per object,
// {source, kind, name, validator, errors} (validator null when no package models the kind).
// Usage: node deploy/tests/validate-models.cjs TOOLS_DIR < objects.json
"use strict";
const path = require("path");
const fs = require("fs");

const toolsDir = path.resolve(process.argv[2] || "tools/deploy");
const packages = {
  "argoproj.io": ["@kubernetes-models/argo-rollouts", "@kubernetes-models/argo-cd"],
  "cert-manager.io": ["@kubernetes-models/cert-manager"],
  "monitoring.coreos.com": ["@kubernetes-models/prometheus-operator"],
};

function load(modulePath) {
  try {
    return require(require.resolve(modulePath, { paths: [toolsDir] }));
  } catch (e) {
    return null;
  }
}

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const candidates = group in packages
    ? packages[group].map((p) => [p, `${p}/${group}/${version}`])
    : !group.includes(".") || group.endsWith(".k8s.io")
      ? [["kubernetes-models", `kubernetes-models/${group ? group + "/" : ""}${version}`]]
      : [];
  for (const [pkg, mod] of candidates) {
    const m = load(mod);
    if (m && typeof m[kind] === "function") return { pkg, Model: m[kind] };
  }
  return null;
}

const input = JSON.parse(fs.readFileSync(0, "utf8"));
for (const { source, object } of input) {
  const kind = object.kind;
  const name = (object.metadata && object.metadata.name) || "?";
  const found = modelFor(object.apiVersion || "", kind);
  if (!found) {
    console.log(JSON.stringify({ source, kind, name, validator: null, errors: [] }));
    continue;
  }
  const errors = [];
  try {
    new found.Model(object).validate();
  } catch (e) {
    const details = e.errors ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message}`) : [String(e.message || e)];
    errors.push(...details);
  }
  console.log(JSON.stringify({ source, kind, name, validator: found.pkg, errors }));
}
