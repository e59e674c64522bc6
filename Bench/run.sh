#!/usr/bin/env bash
# `make bench`: every speed figure of docs/performance.md, measured the same way each time.
#
#   1. plan on the shared fixture edge-messy (validated with a warm cache, validated cold,
#      and --no-validate);
#   2. plan --no-validate on generated scaffoldings of 100, 1,000 and 5,000 tasks (+ as many
#      manifests), against `shellcheck -x` on the same task scripts, plus peak memory; at
#      1,000 tasks also PAIRS (default 8) runs of the two in alternation (Bench/interleaved.py);
#   3. the validated plan of the 1,000-task scaffolding with a cold cache, against the
#      external tools alone running the very calls the plan makes (kept with
#      INFRA_TUI_KEEP_VALIDATION) on every core, and against the tools on only the final
#      version of each changed file;
#   4. apply and export of every operation of that plan (about 1,070);
#   5. the terminal UI (Bench/ui.sh: in-process frame and key timings, first frame, held key);
#   6. rehearsal (Bench/rehearsal.sh): `rehearse` on the demo against the same scripts run
#      directly with the doubles, and the demo's plan with the rehearsal check on and off;
#   7. recall and false-positive rate of secret detection on the test corpus;
#   then a table of the medians and ratios above (Bench/summary.py).
#
# SIZES="100 1000" RUNS=5 make bench  for a quicker pass. Needs hyperfine and shellcheck;
# kubectl for the kustomize part. Timings only: nothing here fails on a slow figure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for tool in hyperfine shellcheck python3; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool (apt-get install -y $tool)" >&2; exit 2; }
done
make --no-print-directory release >/dev/null  # the release binary as shipped (static Swift runtime)
bin=$PWD/.build/release/infra-tui
work=$(mktemp -d)
calls=/dev/shm/infra-tui-bench-$$  # the kept tool calls name their folders: keep them where they ran
trap 'rm -rf "$work" "$calls"' EXIT
results=${BENCH_RESULTS:-$work/results}
mkdir -p "$results"
export INFRA_TUI_CACHE_DIR=$work/cache
# Sections 1-4 measure planning and the static tools, as before the rehearsal check existed;
# section 6 measures rehearsal.
export INFRA_TUI_REHEARSAL=off
runs=${RUNS:-10}
cores=$(nproc)

section() { printf '\n== %s\n' "$*"; }
# hf NAME [hyperfine options and commands]: one measurement, kept as JSON for the summary.
hf() {
  local name=$1; shift
  hyperfine --style basic --export-json "$results/$name.json" "$@" 2>&1 | grep -E "^Benchmark|Time \(|Range" || true
}
repo() {  # repo DIR: make DIR a git checkout with one commit, as a person's repository is
  git -C "$1" init -q && git -C "$1" add -A && git -C "$1" -c user.name=bench -c user.email=bench@example.invalid commit -qm bench
}

section "1. edge-messy"
fixture=../shared/fixtures/edge-messy
[ -d "$fixture" ] || fixture=Tests/InfraEngineTests/Fixtures/edge-messy
cp -r "$fixture" "$work/edge" && repo "$work/edge"
hf edge-validated-warm -N --warmup 3 --runs "$runs" "$bin plan --repo $work/edge"
hf edge-validated-cold -N --prepare "rm -rf $INFRA_TUI_CACHE_DIR" --runs "$runs" "$bin plan --repo $work/edge"
hf edge-no-validate -N --warmup 3 --runs "$runs" "$bin plan --no-validate --repo $work/edge"

section "2. scale: plan --no-validate against shellcheck on the same tasks"
for n in ${SIZES:-100 1000 5000}; do
  python3 Bench/generate.py "$work/gen$n" --tasks "$n" --manifests "$n"
  repo "$work/gen$n"
  printf -- '-- %s tasks, %s manifests\n' "$n" "$n"
  hf "plan-$n" -N --warmup 1 --runs "$runs" "$bin plan --no-validate --repo $work/gen$n"
  # shellcheck exits 1 on findings: -i. Through bash, so the glob is the shell's.
  hf "shellcheck-$n" -i --runs "$(( n >= 5000 ? 2 : 3 ))" "bash -c 'shellcheck -x $work/gen$n/ai/infra/tasks/*.sh >/dev/null'"
  # The same two commands in alternation, so both meet the same seconds of a shared host.
  if [ "$n" = 1000 ]; then python3 Bench/interleaved.py "$bin" "$work/gen$n" "${PAIRS:-8}" "$results/interleaved-$n.json"; fi
  /usr/bin/time -f "%M" -o "$results/memory-$n.txt" "$bin" plan --no-validate --repo "$work/gen$n" >/dev/null
  echo "peak memory: $(cat "$results/memory-$n.txt") KB"
done

section "2b. one task of 1,000 and 4,000 creates (the re-run rule reads each create once: near-linear)"
for n in 1000 4000; do
  cp -r Tests/InfraEngineTests/Fixtures/edge-messy "$work/creates$n"
  { echo '#!/usr/bin/env bash'; echo 'set -euo pipefail'
    for i in $(seq 1 "$n"); do echo "kubectl create namespace ns-$i"; done; } > "$work/creates$n/ai/infra/tasks/090-many.sh"
  chmod +x "$work/creates$n/ai/infra/tasks/090-many.sh"
  repo "$work/creates$n"
  hf "plan-creates-$n" -N --warmup 1 --runs "$runs" "$bin plan --no-validate --repo $work/creates$n"
done

section "3. validated plan of 1,000 tasks (cold cache) against the tools alone"
g=$work/gen1000
[ -d "$g" ] || { python3 Bench/generate.py "$g" --tasks 1000 --manifests 1000 && repo "$g"; }
hf validated-1000 -N --prepare "rm -rf $INFRA_TUI_CACHE_DIR" --runs 3 "$bin plan --repo $g"
hf validated-1000-warm -N --warmup 1 --runs 3 "$bin plan --repo $g"
# The same tool calls the plan makes, without the engine: one run keeps them in calls.sh.
rm -rf "$INFRA_TUI_CACHE_DIR"
INFRA_TUI_KEEP_VALIDATION=$calls "$bin" plan --repo "$g" >/dev/null
echo "tool calls: $(wc -l < "$calls/calls.sh") ($(grep -c "/shellcheck'" "$calls/calls.sh") shellcheck, $(grep -c "'-n'" "$calls/calls.sh") bash -n, $(grep -c "'kustomize'" "$calls/calls.sh") kustomize)"
hf tools-1000 --runs 3 "xargs -P $cores -d '\n' -I{} sh -c '{} >/dev/null 2>&1' < $calls/calls.sh"
# The final version of each changed file only (what a person would check by hand after apply).
cp -r "$g" "$work/applied"
"$bin" plan --no-validate --repo "$work/applied" --out "$work/applied.plan" >/dev/null
"$bin" apply --repo "$work/applied" --plan "$work/applied.plan" --accept all --no-validate >/dev/null
python3 - "$work/applied.plan" "$work/applied" > "$work/final-scripts.txt" <<'EOF'
import json, os, sys
plan = json.load(open(sys.argv[1]))
paths = sorted({f["path"] for op in plan["operations"] for f in op["files"] if f["path"].endswith(".sh")})
print("\n".join(p for p in paths if os.path.exists(os.path.join(sys.argv[2], p))))
EOF
cat > "$work/final.sh" <<EOF
cd $work/applied
xargs -P $cores -n 64 shellcheck -x -P SCRIPTDIR < $work/final-scripts.txt >/dev/null 2>&1 &
xargs -P $cores -n 1 bash -n < $work/final-scripts.txt >/dev/null 2>&1 &
command -v kubectl >/dev/null && kubectl kustomize ai/infra/manifests >/dev/null 2>&1 &
wait
EOF
echo "final versions of changed scripts: $(wc -l < "$work/final-scripts.txt")"
hf tools-final-1000 --runs 3 "bash $work/final.sh"

section "4. apply and export of every operation of the 1,000-task plan"
"$bin" plan --no-validate --repo "$g" --out "$work/g.plan" >/dev/null
echo "operations: $(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['operations']))" "$work/g.plan")"
hf apply-1000 -N --prepare "bash -c 'rm -rf $work/wa && cp -r $g $work/wa'" --runs "$runs" \
  "$bin apply --repo $work/wa --plan $work/g.plan --accept all --no-validate"
hf export-1000 -N --prepare "rm -rf $work/series" --runs "$runs" \
  "$bin export --repo $g --plan $work/g.plan --accept all --no-validate --out $work/series"

section "5. the terminal UI: frame cost on a 100,000-line diff, update per key, first frame of --demo"
bash Bench/ui.sh

section "6. rehearsal: rehearse on the demo against the scripts run directly with the doubles"
INFRA_TUI_REHEARSAL=on bash Bench/rehearsal.sh "$(dirname "$bin")" "$work" "$results" "$runs"

section "7. secret detection on the corpus (recall, false positives)"
# The test bundle is usually built already (make test); this runs one small test.
swift test --filter SecretCorpusTests/recallAndFalsePositiveRate 2>&1 | grep -E "^secret corpus:" || echo "secret corpus: the test did not run"

section "summary (medians)"
python3 Bench/summary.py "$results"
