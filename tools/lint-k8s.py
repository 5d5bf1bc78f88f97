#!/usr/bin/env python3
"""Parses Kubernetes manifests (no cluster here): every document is a mapping with apiVersion, kind
and metadata.name; each Deployment's selector matches its pod labels; and the service account a
Deployment runs as is bound to a Role that may list pods (what Kubernetes discovery needs). Exit 1
naming every problem."""
import sys

try:
    import yaml
except ImportError:
    sys.exit("lint-k8s: python3-yaml is missing (apt-get install python3-yaml)")

problems = []
documents = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        try:
            found = [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            problems.append(f"{path}: {e}")
            continue
    for d in found:
        name = f"{path}: {d.get('kind', '?')}/{(d.get('metadata') or {}).get('name', '?')}" if isinstance(d, dict) else path
        if not isinstance(d, dict) or not all(k in d for k in ("apiVersion", "kind", "metadata")) or "name" not in d["metadata"]:
            problems.append(f"{name}: needs apiVersion, kind and metadata.name")
            continue
        documents.append((name, d))
    print(f"{path}: {len(found)} document(s) parsed")

def of(kind):
    return [d for _, d in documents if d["kind"] == kind]

readers = {r["metadata"]["name"] for r in of("Role")
           if any("pods" in rule.get("resources", []) and "list" in rule.get("verbs", []) for rule in r.get("rules", []))}
for name, d in documents:
    if d["kind"] != "Deployment":
        continue
    selector = d["spec"]["selector"]["matchLabels"]
    pod = d["spec"]["template"]
    labels = pod["metadata"]["labels"]
    if any(labels.get(k) != v for k, v in selector.items()):
        problems.append(f"{name}: selector {selector} does not match the pod labels {labels}")
    account = pod["spec"].get("serviceAccountName")
    if account is None:
        continue
    if account not in {a["metadata"]["name"] for a in of("ServiceAccount")}:
        problems.append(f"{name}: service account {account} is not defined")
    if not any(b["roleRef"]["name"] in readers and any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in b.get("subjects", []))
               for b in of("RoleBinding")):
        problems.append(f"{name}: service account {account} is bound to no Role that may list pods")
if problems:
    sys.exit("\n".join(problems))
