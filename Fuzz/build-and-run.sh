#!/usr/bin/env bash
# Builds the libFuzzer targets (one module each, straight from the sources) and runs each
# for a bounded time. Seeds: Fuzz/corpus/<target>; crashing inputs land in
# Fuzz/crashes/<target>/, which FuzzRegressionTests replays in `make test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${FUZZ_SECONDS:-60}"
out=.build/fuzz
mkdir -p "$out"

# Compile a target from source files; `import` lines of our own modules go, since
# everything becomes one module.
build() {
  local name="$1"; shift
  local src="$out/src-$name"
  rm -rf "$src"; mkdir -p "$src"
  for f in "$@"; do sed -e '/^import ShellReader$/d' -e '/^import PatchKit$/d' "$f" > "$src/$(basename "$f")"; done
  swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "Fuzz$name" "$src"/*.swift -o "$out/$name" 2> "$out/$name.build.log" \
    || { cat "$out/$name.build.log" >&2; exit 1; }
}

build shell Sources/ShellReader/*.swift Fuzz/ShellReaderFuzz.swift
build patch Sources/PatchKit/*.swift Fuzz/PatchFuzz.swift
build ops Sources/ShellReader/Lines.swift Sources/InfraEngine/Model/OpsBlock.swift Sources/InfraEngine/Model/OperationID.swift \
  Sources/InfraEngine/Render/OpsBlockText.swift Fuzz/OpsBlockFuzz.swift

for target in shell patch ops; do
  corpus="$out/corpus-$target"
  mkdir -p "$corpus" "Fuzz/crashes/$target"
  cp -n Fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $target for ${seconds}s"
  "$out/$target" -max_total_time="$seconds" -max_len=8192 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="Fuzz/crashes/$target/" "$corpus" > "$out/$target.log" 2>&1 || status=$?
  grep -E "^stat::number_of_executed_units|^Done" "$out/$target.log" | sed "s/^/  /"
  if [ "${status:-0}" != 0 ]; then
    echo "fuzz: $target found a crash (see $out/$target.log and Fuzz/crashes/$target/)" >&2
    exit 1
  fi
done
