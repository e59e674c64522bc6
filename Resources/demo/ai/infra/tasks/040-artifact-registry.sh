#!/usr/bin/env bash
# 040 - Docker repository for ledger images and the CI service account that pushes to it.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

require_env PROJECT_ID

LOCATION="${ZONE%-*}"
REGISTRY="${LOCATION}-docker.pkg.dev/${PROJECT_ID}/ledger-images"
SA="ci-deployer@${PROJECT_ID}.iam.gserviceaccount.com"

log "creating Artifact Registry repository ledger-images in $LOCATION"
gcloud artifacts repositories create ledger-images \
  --repository-format=docker \
  --location="$LOCATION" \
  --description="ledger container images" \
  --project="$PROJECT_ID"

log "creating service account ci-deployer"
gcloud iam service-accounts create ci-deployer \
  --display-name="ledger CI deployer" \
  --project="$PROJECT_ID"

gcloud artifacts repositories add-iam-policy-binding ledger-images \
  --location="$LOCATION" \
  --member="serviceAccount:$SA" \
  --role=roles/artifactregistry.writer \
  --project="$PROJECT_ID"
gcloud projects add-iam-policy-binding "$PROJECT_ID" \
  --member="serviceAccount:$SA" \
  --role=roles/container.developer \
  --condition=None

# The CI key was minted once, by hand, and uploaded to the CI system:
#   gcloud iam service-accounts keys create ai/infra/keys/ci-deployer.json --iam-account "$SA"

gcloud auth configure-docker "${LOCATION}-docker.pkg.dev" --quiet
echo "export LEDGER_REGISTRY=$REGISTRY" >> ~/.bashrc
log "registry ready: $REGISTRY"
