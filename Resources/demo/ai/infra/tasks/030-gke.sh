#!/usr/bin/env bash
# 030 - regional GKE Standard cluster in the ledger VPC.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

require_env PROJECT_ID CLUSTER_NAME

# Cluster creation takes ~10 minutes; keep a copy of the output.
exec > >(tee -a /tmp/ledger-030-gke.log) 2>&1

if ! gcloud container clusters describe "$CLUSTER_NAME" --region "$REGION" --project "$PROJECT_ID" >/dev/null 2>&1; then
  log "creating cluster $CLUSTER_NAME in $REGION"
  gcloud container clusters create "$CLUSTER_NAME" \
    --region "$REGION" \
    --num-nodes 1 \
    --machine-type e2-standard-4 \
    --network ledger-vpc \
    --subnetwork ledger-euw1 \
    --enable-ip-alias \
    --cluster-secondary-range-name pods \
    --services-secondary-range-name services \
    --workload-pool "$PROJECT_ID.svc.id.goog" \
    --release-channel regular \
    --project "$PROJECT_ID"
else
  log "cluster $CLUSTER_NAME already exists"
fi

gcloud container clusters get-credentials "$CLUSTER_NAME" --region "$REGION" --project "$PROJECT_ID"
kubectl get nodes
