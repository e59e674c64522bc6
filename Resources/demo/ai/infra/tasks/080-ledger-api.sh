#!/usr/bin/env bash
# 080 - the ledger API: namespace, database credentials, workload and route.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

require_env PROJECT_ID

kubectl create namespace ledger

# The real ledger image reads these; the hello-app placeholder ignores them.
kubectl create secret generic ledger-db-credentials \
  --namespace ledger \
  --from-literal=username=ledger_app \
  --from-literal=password="$LEDGER_DB_PASSWORD"

kubectl apply -f "$(dirname "$0")/../manifests/ledger/"
kubectl -n ledger rollout status deployment/ledger-api --timeout=180s

log "ledger API deployed: https://api.${LEDGER_DOMAIN}/"
