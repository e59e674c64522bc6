#!/usr/bin/env bash
# 070 - cert-manager with Gateway API support, and the Let's Encrypt issuers.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

# cert-manager failures are nearly always webhook timing: point at the pods.
die() {
  echo "cert-manager: $*" >&2
  echo "  hint: kubectl -n cert-manager get pods,events" >&2
  exit 1
}

CERT_MANAGER_VERSION="v1.15.3"
WORKDIR="/tmp/ledger-cert-manager"

mkdir "$WORKDIR"
cat <<EOF > "$WORKDIR/values.yaml"
# Written by 070-cert-manager.sh for helm install cert-manager; do not edit.
# The CRDs ship with the chart, so nobody needs to kubectl create them by hand.
crds:
  enabled: true
config:
  apiVersion: controller.config.cert-manager.io/v1alpha1
  kind: ControllerConfiguration
  enableGatewayAPI: true
prometheus:
  enabled: false
EOF

helm repo add jetstack https://charts.jetstack.io --force-update
kubectl create namespace cert-manager
helm install cert-manager jetstack/cert-manager \
  --namespace cert-manager \
  --version "$CERT_MANAGER_VERSION" \
  --values "$WORKDIR/values.yaml" \
  --wait
kubectl -n cert-manager rollout status deployment/cert-manager-webhook --timeout=120s \
  || die "webhook not ready"

kubectl apply -f "$(dirname "$0")/../manifests/cert-manager/cluster-issuers.yaml"
log "cert-manager $CERT_MANAGER_VERSION installed"
