#!/usr/bin/env python3
"""Generates a synthetic ai/infra scaffolding of a given size, with the defects real ones
drift into: helpers copied into tasks, tasks without strict mode, unguarded creates, a
hand-kept runner list, manifests whose references disagree, a committed key.

    generate.py OUT --tasks 1000 --manifests 1000
"""
import argparse, os, random, stat

HELPERS = 'log() { echo "[$(date +%H:%M:%S)] $*"; }\ndie() { echo "error: $*" >&2; exit 1; }\n' \
          'require_env() {\n  for v in "$@"; do\n    [ -n "${!v:-}" ] || die "missing env var $v"\n  done\n}\n'

def task(i, rng):
    name = f"{i:04d}-step-{i}"
    lines = ["#!/bin/bash"]
    kind = i % 7
    if kind != 3:
        lines.append("set -euo pipefail")
    if kind == 5:
        lines += ['log() { echo "[%d] $*"; }' % i, 'die() { echo "FATAL: $*" >&2; exit 2; }']
    else:
        lines.append('source "$(dirname "$0")/../lib/helpers.sh"')
    lines.append("require_env PROJECT_ID ZONE")
    lines.append(f'log "step {i}"')
    if kind == 0:
        lines.append(f'gcloud compute networks create net-{i} --subnet-mode=custom --project "$PROJECT_ID"')
    elif kind == 1:
        lines.append(f'gcloud compute addresses create ip-{i} --region "${{ZONE%-*}}" \\\n  --project "$PROJECT_ID"')
    elif kind == 2:
        lines.append(f"kubectl create namespace ns-{i}")
    elif kind == 4:
        lines.append(f"helm install rel-{i} repo/chart --namespace ns-{i}")
    elif kind == 6:
        lines.append(f'if ! gcloud dns managed-zones describe z-{i} --project "$PROJECT_ID" >/dev/null 2>&1; then\n'
                     f'  gcloud dns managed-zones create z-{i} --dns-name "d{i}.example." --description x --project "$PROJECT_ID"\nfi')
    lines.append("cat <<EOF >/tmp/values-%d.yaml\nreplicas: %d\n# kubectl create namespace not-a-command\nEOF" % (i, rng.randint(1, 5)))
    lines.append(f"kubectl apply -f \"$(dirname \"$0\")/../manifests/app-{i % 997}/deployment.yaml\"")
    return name, "\n".join(lines) + "\n"

def manifests(i):
    app = f"app-{i}"
    dep = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: {app}
  template:
    metadata:
      labels:
        app: {app}
    spec:
      containers:
        - name: web
          image: nginxdemos/hello:0.4-plain-text
          ports:
            - containerPort: 80
"""
    svc = f"""apiVersion: v1
kind: Service
metadata:
  name: {app}
  namespace: shop
spec:
  selector:
    app: {app if i % 5 else app + '-wrong'}
  ports:
    - name: http
      port: 8080
      targetPort: 80
"""
    return app, dep, svc

def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--manifests", type=int, default=1000)
    args = ap.parse_args()
    rng = random.Random(42)
    infra = os.path.join(args.out, "ai/infra")
    write(os.path.join(args.out, "README.md"), "# synthetic\n\nRun `./scripts/bootstrap.sh`.\n")
    write(os.path.join(args.out, ".gitignore"), "node_modules/\n")
    write(os.path.join(infra, "lib/helpers.sh"), "# helpers\n" + HELPERS)
    names = []
    for i in range(args.tasks):
        name, text = task(i, rng)
        names.append(name)
        write(os.path.join(infra, "tasks", name + ".sh"), text, 0o755)
    listed = " ".join(n for k, n in enumerate(names) if k % 50 != 7)
    write(os.path.join(infra, "bin/run-all.sh"),
          f'#!/bin/bash\ncd "$(dirname "$0")/.."\nfor t in {listed} 9999-missing; do\n  bash tasks/$t.sh\ndone\n', 0o755)
    # Each manifest file pair counts two objects; "manifests" counts files.
    for i in range((args.manifests + 1) // 2):
        app, dep, svc = manifests(i)
        write(os.path.join(infra, "manifests", app, "deployment.yaml"), dep)
        write(os.path.join(infra, "manifests", app, "service.yaml"), svc)
    write(os.path.join(infra, "README.md"), "# Infra\n\n1. `./bin/run-all.sh`\n")

if __name__ == "__main__":
    main()
