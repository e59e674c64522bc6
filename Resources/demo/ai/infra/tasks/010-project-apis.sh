#!/usr/bin/env bash
# 010 - enable the Google APIs the ledger platform needs.
source "$(dirname "$0")/../lib/common.sh"

require_env PROJECT_ID

log "enabling APIs on $PROJECT_ID"
gcloud services enable \
  compute.googleapis.com \
  container.googleapis.com \
  artifactregistry.googleapis.com \
  dns.googleapis.com \
  iam.googleapis.com \
  --project "$PROJECT_ID"
gcloud config set project "$PROJECT_ID"
log "APIs enabled"
