#!/usr/bin/env bash
# Bring an environment up by running every task under tasks/, in order.
# Usage: bin/up.sh [FROM]    e.g. bin/up.sh 050 resumes at 050-dns.sh
set -eo pipefail

INFRA_DIR="$(cd "$(dirname "$0")/.." && pwd)"
source "$INFRA_DIR/lib/common.sh"

FROM="${1:-000}"
LOG_FILE="/tmp/ledger-up-$(date +%Y%m%d-%H%M%S).log"
exec > >(tee -a "$LOG_FILE") 2>&1

for task in "$INFRA_DIR"/tasks/*.sh; do
  name="$(basename "$task")"
  if [[ "${name%%-*}" < "$FROM" ]]; then
    log "skipping $name"
    continue
  fi
  log "running $name"
  bash "$task"
done
log "done; full log in $LOG_FILE"
