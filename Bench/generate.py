#!/usr/bin/env python3
"""Generates a synthetic ai/infra scaffolding of a given size, with the defects real ones
drift into: helpers copied into tasks, tasks without strict mode, unguarded creates,
variables read without a check (one derivable from another), a
hand-kept runner list naming a task that is gone, manifests whose references disagree
(Service selectors, a route's Gateway name, an issuer's placeholder email), a committed
service-account key, and docs that describe the old runner.

Half the tasks (the odd ones) work through helpers, as real scaffoldings do: a gcloud
wrapper that adds flags, a probe built on it, a kubectl wrapper, an ensure-helper, a helm
wrapper that consumes its first argument; their creates are guarded through those helpers
(if/else on a probe, an early exit, probe || create) or left unguarded through the wrapper.

    generate.py OUT --tasks 1000 --manifests 1000
"""
import argparse, os, random, stat

HELPERS = 'log() { echo "[$(date +%H:%M:%S)] $*"; }\ndie() { echo "error: $*" >&2; exit 1; }\n' \
          'require_env() {\n  for v in "$@"; do\n    [ -n "${!v:-}" ] || die "missing env var $v"\n  done\n}\n'

# The helpers the odd tasks call (wrappers, probes, ensure-helpers; see the docstring).
CLOUD = """# shellcheck shell=bash
gq() { gcloud --quiet --project "$PROJECT_ID" "$@"; }
exists() { gq "$@" >/dev/null 2>&1; }
kc() { kubectl --context "${KUBE_CONTEXT:-default}" "$@"; }
ensure_ns() { kc get namespace "$1" >/dev/null 2>&1 || kc create namespace "$1"; }
chart() {
  local ns="$1"
  shift
  helm "$@" --namespace "$ns" --wait
}
"""

def helper_task(i, lines):
    """The create of an odd task, through the helpers of lib/cloud.sh."""
    lines.append('source "$(dirname "$0")/../lib/cloud.sh"')
    kind = i % 7
    if kind == 0:
        lines.append(f'if exists compute networks describe net-{i}; then\n  log "net-{i} exists"\nelse\n'
                     f'  gq compute networks create net-{i} --subnet-mode=custom\nfi')
    elif kind == 1:
        lines.append(f'exists compute addresses describe ip-{i} --region "${{ZONE%-*}}" \\\n'
                     f'  || gq compute addresses create ip-{i} --region "${{ZONE%-*}}"')
    elif kind == 2:
        lines.append(f"ensure_ns ns-{i}\nkc create serviceaccount sa-{i} -n ns-{i}")
    elif kind == 4:
        lines.append(f"chart ns-{i} upgrade --install rel-{i} repo/chart")
    elif kind == 6:
        lines.append(f'gq dns managed-zones create z-{i} --dns-name "d{i}.example." --description x')
    else:
        lines.append(f'if exists container clusters describe c-{i} --region "${{ZONE%-*}}"; then\n  exit 0\nfi\n'
                     f'gq container clusters create c-{i} --region "${{ZONE%-*}}" --num-nodes 1')

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
    if i % 2 == 1:
        helper_task(i, lines)
    elif kind == 0:
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
    # Variables read without a check: CLUSTER must be exported; REGION can be derived from
    # ZONE, so deriving it changes the entrypoint's list of required variables.
    if i % 5 == 2:
        lines.append(f'gcloud container clusters get-credentials "$CLUSTER" --zone "$ZONE" --project "$PROJECT_ID"')
    if i % 10 == 7:
        lines.append(f'gcloud compute routers create router-{i} --network default --region "$REGION" --project "$PROJECT_ID"')
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

GATEWAY = """apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: shop
spec:
  gatewayClassName: gke-l7-global-external-managed
  listeners:
    - name: http
      protocol: HTTP
      port: 80
"""

ISSUER = """apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    email: REPLACE_ME
    server: https://acme-v02.api.letsencrypt.org/directory
    privateKeySecretRef:
      name: letsencrypt-account
    solvers:
      - http01:
          gatewayHTTPRoute:
            parentRefs:
              - name: edge
                namespace: shop
"""

ROUTE = """apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {app}
  namespace: shop
spec:
  parentRefs:
    - name: {gw}
  rules:
    - backendRefs:
        - name: {app}
          port: 8080
"""

# Shaped like a real key file; the key itself is random filler, not a credential.
KEY = """{
  "type": "service_account",
  "project_id": "synthetic",
  "private_key_id": "0123456789abcdef",
  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n",
  "client_email": "deployer@synthetic.iam.gserviceaccount.com"
}
"""

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
    write(os.path.join(infra, "lib/cloud.sh"), CLOUD)
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
    edge = os.path.join(infra, "manifests", "edge")
    write(os.path.join(edge, "gateway.yaml"), GATEWAY)
    write(os.path.join(edge, "issuer.yaml"), ISSUER)
    for i in range(0, (args.manifests + 1) // 2, 10):
        gw = "edge" if i % 30 else "edge-gw"  # every third route names a Gateway that does not exist
        write(os.path.join(infra, "manifests", f"app-{i}", "route.yaml"), ROUTE.format(app=f"app-{i}", gw=gw))
    write(os.path.join(infra, "secrets/deployer-key.json"), KEY)
    write(os.path.join(infra, "README.md"), "# Infra\n\n1. `./bin/run-all.sh`\n")
    # One runbook page per 50 tasks, each walking through its tasks by hand with the old runner.
    for page in range(max(1, args.tasks // 50)):
        steps = "\n".join(f"{k + 1}. `bash ai/infra/tasks/{names[j]}.sh`"
                          for k, j in enumerate(range(page * 50, min(args.tasks, page * 50 + 50))))
        write(os.path.join(args.out, "docs", f"area-{page:03d}.md"),
              f"# Area {page}\n\nExport PROJECT_ID and ZONE, then run `ai/infra/bin/run-all.sh` or, by hand:\n\n{steps}\n")

if __name__ == "__main__":
    main()
