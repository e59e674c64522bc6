#!/usr/bin/env bash
# The terminal UI's figures (`make bench` runs this last; it also runs alone):
#  1. in-process: infra-tui-bench renders 200x60 frames with a 100,000-line diff selected (top,
#     bottom, after scrolling) and times update for the scroll keys, plus the demo's screens;
#  2. first frame: the real binary, `infra-tui --demo` in a tmux pane, RUNS times; each run
#     writes when it first painted (INFRA_TUI_TRACE_FIRST_FRAME) and the median is reported.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
swift build -c release >/dev/null
echo "== UI: in-process render and update timings (release)"
.build/release/infra-tui-bench
