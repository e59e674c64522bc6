#!/usr/bin/env bash
# Bench/ab.sh ROUNDS REPO BIN...: `plan --no-validate` of REPO by each binary in turn, ROUNDS
# times, interleaved so a machine that slows down or speeds up meets every binary alike; prints
# per binary the median wall time, the median CPU time of the whole process (user + system,
# /usr/bin/time) and of the planner's own thread (the
# rules run one after another there: the critical path), from INFRA_TUI_TRACE_PLAN.
# Example: Bench/ab.sh 10 /tmp/gen1000 ./before/infra-tui .build/release/infra-tui
set -euo pipefail
rounds=$1 repo=$2
shift 2
for _ in $(seq "$rounds"); do
  for bin in "$@"; do
    start=$(date +%s%N)
    out=$(INFRA_TUI_TRACE_PLAN=1 /usr/bin/time -f 'process CPU %U %S' "$bin" plan --no-validate --repo "$repo" 2>&1 >/dev/null)
    end=$(date +%s%N)
    cpu=$(sed -n 's/.*planner thread CPU \([0-9.]*\) ms.*/\1/p' <<<"$out")
    total=$(sed -n 's/^process CPU \([0-9.]*\) \([0-9.]*\)$/\1 \2/p' <<<"$out" | awk '{ printf "%d", ($1 + $2) * 1000 }')
    echo "$bin $(( (end - start) / 1000000 )) ${total:-0} ${cpu:-}"
  done
done | python3 -c '
import sys, statistics, collections
wall, total, cpu = (collections.defaultdict(list) for _ in range(3))
for line in sys.stdin:
    parts = line.split()
    wall[parts[0]].append(float(parts[1]))
    total[parts[0]].append(float(parts[2]))
    if len(parts) > 3: cpu[parts[0]].append(float(parts[3]))
for b in wall:
    thread = f", planner thread CPU median {statistics.median(cpu[b]):.0f} ms" if cpu[b] else ""
    print(f"{b}: wall median {statistics.median(wall[b]):.0f} ms (min {min(wall[b]):.0f}), "
          f"process CPU median {statistics.median(total[b]):.0f} ms{thread}, {len(wall[b])} runs")
'
