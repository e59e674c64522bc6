#!/usr/bin/env bash
# `make bench`: whole-process timings with hyperfine on the shared fixture and on generated
# scaffoldings of 100, 1,000 and 5,000 tasks (+ as many manifests), against shellcheck on the
# same scripts, plus peak memory. Numbers go to stdout; docs/performance.md keeps them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v hyperfine >/dev/null || { echo "bench: needs hyperfine (apt-get install -y hyperfine)" >&2; exit 2; }
swift build -c release >/dev/null
bin=.build/release/infra-tui
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fixture=../shared/fixtures/edge-messy
[ -d "$fixture" ] || fixture=Tests/InfraEngineTests/Fixtures/edge-messy
cp -r "$fixture" "$work/edge" && git -C "$work/edge" init -q && git -C "$work/edge" add -A \
  && git -C "$work/edge" -c user.name=b -c user.email=b@b commit -qm fixture
hyperfine -N --warmup 2 --runs "${RUNS:-10}" "$bin plan --repo $work/edge" "$bin plan --no-validate --repo $work/edge"

for n in ${SIZES:-100 1000 5000}; do
  python3 Bench/generate.py "$work/gen$n" --tasks "$n" --manifests "$n"
  echo "== $n tasks, $n manifests"
  hyperfine -N --warmup 1 --runs "${RUNS:-5}" -i "$bin plan --no-validate --repo $work/gen$n" \
    "shellcheck -x $(ls "$work/gen$n"/ai/infra/tasks/*.sh | tr '\n' ' ')" 2>/dev/null | grep -E "Time|±|plan|shellcheck" || true
  /usr/bin/time -f "peak memory: %M KB" "$bin" plan --no-validate --repo "$work/gen$n" >/dev/null
done

# ---- The terminal UI: frame cost on a 100,000-line diff, update per key, first frame of --demo.
bash Bench/ui.sh
