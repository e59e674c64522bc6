#!/bin/bash
# Deploy everything, in order. Keep this list in sync with tasks/ when you add a task!
cd "$(dirname "$0")/../tasks"

TASKS=(
  010-project-apis
  020-network
  030-gke
  050-dns
  060-gateway
  070-cert-manager
  080-ledger-api
  090-smoke-test
)

for task in "${TASKS[@]}"; do
  echo "---- $task"
  ./$task.sh
done
echo "all done"
