# shellcheck shell=bash
# Shared helpers for the ledger infra tasks.
# Source it from a task:  source "$(dirname "$0")/../lib/common.sh"

# log MESSAGE... - timestamped line on stderr, tagged with the task's name.
log() {
  printf '%s [%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(basename "$0" .sh)" "$*" >&2
}

# die MESSAGE... - log and stop the task.
die() {
  log "FATAL: $*"
  exit 1
}

# require_env NAME... - stop unless every named variable is set and non-empty.
require_env() {
  local name missing=0
  for name in "$@"; do
    if [[ -z "${!name:-}" ]]; then
      log "missing required environment variable: $name"
      missing=1
    fi
  done
  (( missing == 0 )) || die "export the variables above and run again"
}

# region_of ZONE - europe-west1-b -> europe-west1
region_of() {
  echo "${1%-*}"
}
