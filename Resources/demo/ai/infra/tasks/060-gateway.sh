#!/usr/bin/env bash
# 060 - Envoy Gateway (brings the Gateway API CRDs) and the ledger Gateway.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

ENVOY_GATEWAY_VERSION="v1.2.4"

log "installing Envoy Gateway $ENVOY_GATEWAY_VERSION"
helm upgrade --install envoy-gateway oci://docker.io/envoyproxy/gateway-helm \
  --version "$ENVOY_GATEWAY_VERSION" \
  --namespace envoy-gateway-system \
  --create-namespace \
  --wait
kubectl wait --namespace envoy-gateway-system --for=condition=Available \
  deployment/envoy-gateway --timeout=5m

kubectl apply -f "$(dirname "$0")/../manifests/gateway/class.yaml"
kubectl apply -f "$(dirname "$0")/../manifests/gateway/gateway.yaml"
log "gateway applied; it stays unprogrammed until 070 issues its certificate"
