#!/usr/bin/env bash
# 020 - VPC, subnet with secondary ranges for GKE, and Cloud NAT for egress.
set -euo pipefail

log() { echo "==> $*"; }
die() { echo "ERROR: $*" >&2; exit 3; }

[[ -n "${PROJECT_ID:-}" ]] || die "PROJECT_ID is not set"
NETWORK=ledger-vpc
SUBNET=ledger-euw1

log "creating network $NETWORK"
gcloud compute networks create "$NETWORK" --subnet-mode=custom --project "$PROJECT_ID"

log "creating subnet $SUBNET"
gcloud compute networks subnets create "$SUBNET" \
  --network "$NETWORK" \
  --region "${ZONE%-*}" \
  --range 10.40.0.0/20 \
  --secondary-range pods=10.44.0.0/14,services=10.48.0.0/20 \
  --enable-private-ip-google-access \
  --project "$PROJECT_ID"

# TODO(ana): gcloud compute firewall-rules create allow-lb-health-checks once we know which
# ranges Envoy's load balancer probes from.

if ! gcloud compute routers describe ledger-router --region "${ZONE%-*}" --project "$PROJECT_ID" >/dev/null 2>&1; then
  log "creating Cloud Router and NAT"
  gcloud compute routers create ledger-router --network "$NETWORK" --region "${ZONE%-*}" --project "$PROJECT_ID"
  gcloud compute routers nats create ledger-nat --router ledger-router --region "${ZONE%-*}" \
    --auto-allocate-nat-external-ips --nat-all-subnet-ip-ranges --project "$PROJECT_ID"
fi
log "network ready"
