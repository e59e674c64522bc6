#!/usr/bin/env bash
# `make bench`, section 6: the whole-plan rehearsal on the demo (`infra-tui rehearse`: every
# task twice in the sandbox against the doubles) against the same scripts run directly with
# the doubles on PATH (no sandbox), twice, in the same order, with the same environment; and
# the demo's validated plan with the `rehearsal` check on and off (cold cache).
# Targets (docs/rehearsal.md): rehearse <= 1 s and <= 1.5 x direct. Timings only. Wall times
# (hyperfine) and CPU times (Bench/cpu.sh: user+sys of every process, sandboxed ones too).
# Usage: Bench/rehearsal.sh BIN_DIR WORK_DIR RESULTS_DIR RUNS
set -euo pipefail
bin=$1/infra-tui double=$1/infra-tui-double work=$2 results=$3 runs=$4
hf() {
  local name=$1; shift
  hyperfine --style basic --export-json "$results/$name.json" "$@" 2>&1 | grep -E "^Benchmark|Time \(|Range" || true
}
if ! command -v bwrap >/dev/null || ! [ -x "$double" ]; then echo "rehearsal: skipped (needs bwrap and $double)"; exit 0; fi

demo=$work/rehearse-demo
rm -rf "$demo" && cp -r Resources/demo "$demo"
# The steps and the environment rehearse uses, so the direct run does the same work.
"$bin" rehearse --repo "$demo" --format json > "$work/rehearse.json" || true
python3 - "$work/rehearse.json" "$demo" > "$work/direct.sh" <<'PY'
import json, shlex, sys
report, demo = json.load(open(sys.argv[1])), sys.argv[2]
steps = []
for run in report["runs"]:
    if run["run"] == 1 and run["step"] not in steps: steps.append(run["step"])
tasks = {s: s if s.endswith(".sh") else None for s in steps}
print("set -u")
for k, v in sorted(report["placeholders"].items()): print(f"export {k}={shlex.quote(v)}")
print(f"cd {shlex.quote(demo)}")
print("for run in 1 2; do export INFRA_TUI_DOUBLE_RUN=$run")
for s in steps:
    path = s if s.endswith(".sh") else f"ai/infra/tasks/{s}.sh"
    print(f"  bash {shlex.quote(path)} >/dev/null 2>&1 || true")
print("done")
PY
direct_state=$work/direct-state
mkdir -p "$direct_state/bin" && "$double" --install "$direct_state/bin"
# The demo's 070 task makes a work folder under /tmp by name; the direct run has no private
# /tmp, so each direct run starts by removing what the previous one left (read from the task).
leftover=$(grep -ho '"/tmp/[A-Za-z0-9._-]*"' "$demo"/ai/infra/tasks/*.sh | tr -d '"' | sort -u | tr '\n' ' ')
export PATH="$direct_state/bin:$PATH" INFRA_TUI_DOUBLE_ROOT=$demo INFRA_TUI_DOUBLE_GCLOUD_PROJECT=demo-project
printf -- '-- the demo: %s steps, twice\n' "$(grep -c '^  bash' "$work/direct.sh")"
hf rehearse-demo -i --warmup 1 --runs "$runs" "$bin rehearse --repo $demo"
hf direct-demo -i --warmup 1 --runs "$runs" \
  --prepare "bash -c 'rm -rf $direct_state/state $leftover; mkdir -p $direct_state/state'" \
  "env INFRA_TUI_DOUBLE_STATE=$direct_state/state bash $work/direct.sh"
# CPU of every process each one starts (the sandboxed ones too), and wall beside it: on a
# machine shared with other work, wall time mostly measures waiting for a core.
echo "rehearse CPU: $(bash Bench/cpu.sh "$runs" -- "$bin" rehearse --repo "$demo" | tee "$results/rehearse-demo-cpu.txt")"
echo "direct CPU:   $(bash Bench/cpu.sh "$runs" --prepare "rm -rf $direct_state/state $leftover; mkdir -p $direct_state/state" -- \
  env INFRA_TUI_DOUBLE_STATE="$direct_state/state" bash "$work/direct.sh" | tee "$results/direct-demo-cpu.txt")"
rm -rf $leftover
git -C "$demo" init -q && git -C "$demo" add -A && git -C "$demo" -c user.name=bench -c user.email=bench@example.invalid commit -qm bench
hf plan-demo-rehearsal-cold -N --prepare "rm -rf $work/rcache" --runs "$runs" "env INFRA_TUI_CACHE_DIR=$work/rcache $bin plan --repo $demo"
hf plan-demo-rehearsal-off-cold -N --prepare "rm -rf $work/rcache" --runs "$runs" "env INFRA_TUI_REHEARSAL=off INFRA_TUI_CACHE_DIR=$work/rcache $bin plan --repo $demo"
python3 - "$results" <<'PY'
import json, sys, os
r = sys.argv[1]
def med(n): return json.load(open(os.path.join(r, n + ".json")))["results"][0]["median"]
a, d = med("rehearse-demo"), med("direct-demo")
print(f"rehearse {a:.3f} s, direct {d:.3f} s: {a / d:.2f} x (targets: <= 1 s, <= 1.5 x)")
def cpu(n): return float(open(os.path.join(r, n + "-cpu.txt")).read().split("cpu ")[1].split(" s")[0])
ca, cd = cpu("rehearse-demo"), cpu("direct-demo")
print(f"CPU (user+sys, every process): rehearse {ca:.3f} s, direct {cd:.3f} s: {ca / cd:.2f} x")
p, o = med("plan-demo-rehearsal-cold"), med("plan-demo-rehearsal-off-cold")
print(f"validated plan of the demo, cold: {p:.3f} s with rehearsal, {o:.3f} s without")
PY
