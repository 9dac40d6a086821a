#!/usr/bin/env bash
# Checks the deployment files without Docker or a cluster (neither runs here): every YAML
# document parses; the compose file's services name programs the package builds; every
# Kubernetes object has apiVersion/kind/metadata.name; the Dockerfile's stages and their
# COPY --from references are consistent, and every program it copies is a product.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=.cache/deploy-venv
if ! "$VENV/bin/python" -c "import yaml" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "PyYAML==6.0.2"
fi
"$VENV/bin/python" - <<'PY'
import re, sys, yaml, pathlib
problems = []
products = set(re.findall(r'\.executable\(name: "([^"]+)"', pathlib.Path("Package.swift").read_text()))

compose = yaml.safe_load(pathlib.Path("deploy/compose.yaml").read_text())
for name, service in compose["services"].items():
    program = service.get("command", ["Frontdoor"])[0]
    if program not in products: problems.append(f"compose service {name}: {program} is not a product")
    if "/spool" not in " ".join(service.get("volumes", [])): problems.append(f"compose service {name}: no spool volume")

kinds = []
for path in sorted(pathlib.Path("deploy/kubernetes").glob("*.yaml")):
    for document in yaml.safe_load_all(path.read_text()):
        if document is None: continue
        for key in ("apiVersion", "kind"):
            if key not in document: problems.append(f"{path}: an object without {key}")
        if not document.get("metadata", {}).get("name"): problems.append(f"{path}: a {document.get('kind')} without a name")
        kinds.append(document["kind"])
        if document["kind"] == "Deployment":
            for container in document["spec"]["template"]["spec"]["containers"]:
                if container["command"][0] not in products:
                    problems.append(f"{path}: {container['command'][0]} is not a product")
for needed in ("Deployment", "PersistentVolumeClaim", "HorizontalPodAutoscaler", "Service", "ConfigMap"):
    if needed not in kinds: problems.append(f"kubernetes: no {needed}")

dockerfile = pathlib.Path("deploy/Dockerfile").read_text()
stages = re.findall(r"^FROM\s+\S+\s+AS\s+(\S+)", dockerfile, re.M)
for reference in re.findall(r"COPY\s+--from=(\S+)", dockerfile):
    if reference not in stages: problems.append(f"Dockerfile: COPY --from={reference} names no stage")
copied = re.search(r"for program in ([^;]+);", dockerfile).group(1).split()
for program in copied:
    if program not in products: problems.append(f"Dockerfile: {program} is not a product")
stage_programs = {p for p in products if p.startswith("Stage")}
if not stage_programs <= set(copied): problems.append(f"Dockerfile: misses {sorted(stage_programs - set(copied))}")

if problems:
    print("\n".join(problems)); sys.exit(1)
print(f"deploy files: compose {len(compose['services'])} services, kubernetes {len(kinds)} objects, Dockerfile stages {stages}: ok")
PY
