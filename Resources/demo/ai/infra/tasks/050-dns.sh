#!/usr/bin/env bash
# 050 - public Cloud DNS zone, the gateway's static IP, and the API's A record.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

require_env PROJECT_ID ZONE
REGION_OF_ZONE="$(region_of "$ZONE")"

log "creating Cloud DNS zone for $LEDGER_DOMAIN"
gcloud dns managed-zones create ledger-zone \
  --dns-name="${LEDGER_DOMAIN}." \
  --description="ledger public zone" \
  --visibility=public \
  --project="$PROJECT_ID"

log "reserving static IP ledger-gw-ip"
gcloud compute addresses create ledger-gw-ip --region="$REGION_OF_ZONE" --project="$PROJECT_ID"
GW_IP="$(gcloud compute addresses describe ledger-gw-ip --region="$REGION_OF_ZONE" \
  --project="$PROJECT_ID" --format='value(address)')"

if ! gcloud dns record-sets describe "api.${LEDGER_DOMAIN}." --type=A --zone=ledger-zone --project="$PROJECT_ID" >/dev/null 2>&1; then
  gcloud dns record-sets create "api.${LEDGER_DOMAIN}." --type=A --ttl=300 \
    --rrdatas="$GW_IP" --zone=ledger-zone --project="$PROJECT_ID"
fi

log "api.${LEDGER_DOMAIN} -> $GW_IP"
log "now put $GW_IP into manifests/gateway/gateway.yaml (REPLACE_ME_STATIC_IP)"
