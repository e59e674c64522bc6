#!/usr/bin/env bash
# Bench/cpu.sh RUNS [--prepare CMD] -- CMD...: the median wall time and CPU time (user, sys)
# of CMD and every process it starts, sandboxed ones included, over RUNS runs. CPU comes
# from a cgroup v1 cpuacct group made for each run (a sandbox's processes are reaped inside
# its pid namespace, so getrusage of children misses them); without one (not root, cgroup
# v2), from getrusage, and the line says so. Prints one line:
#   wall 0.512 s  user 0.101 s  sys 0.093 s  cpu 0.194 s  (median of 10, cpuacct)
set -euo pipefail
runs=$1; shift
prepare=""
if [ "${1:-}" = "--prepare" ]; then prepare=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
base=/sys/fs/cgroup/cpuacct
samples=()
for ((i = 0; i < runs; i++)); do
  [ -n "$prepare" ] && bash -c "$prepare" >/dev/null 2>&1
  if [ -w "$base" ]; then
    g=$base/infra-tui-bench-$$-$i
    mkdir "$g"
    start=$(date +%s%N)
    bash -c 'echo $$ > "$0/cgroup.procs"; exec "$@"' "$g" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    samples+=("$(( end - start )) $(cat "$g/cpuacct.usage_user") $(cat "$g/cpuacct.usage_sys") cpuacct")
    rmdir "$g"
  else
    samples+=("$(python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic_ns(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w = time.monotonic_ns() - t; r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(w, int(r.ru_utime * 1e9), int(r.ru_stime * 1e9), "getrusage")
PY
)")
  fi
done
printf '%s\n' "${samples[@]}" | python3 -c '
import sys, statistics as st
rows = [l.split() for l in sys.stdin if l.strip()]
med = lambda i: st.median(int(r[i]) for r in rows) / 1e9
cpu = st.median((int(r[1]) + int(r[2])) for r in rows) / 1e9
print(f"wall {med(0):.3f} s  user {med(1):.3f} s  sys {med(2):.3f} s  cpu {cpu:.3f} s  (median of {len(rows)}, {rows[0][3]})")'
