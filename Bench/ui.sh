#!/usr/bin/env bash
# The terminal UI's figures (`make bench` runs this last; it also runs alone):
#  1. in-process: infra-tui-bench renders 200x60 frames with a 100,000-line diff selected (top,
#     bottom, after scrolling) and times update for the scroll keys, plus the demo's screens;
#  2. first frame: the real binary, `infra-tui --demo` in a tmux pane, RUNS times; each run
#     writes when it first painted (INFRA_TUI_TRACE_FIRST_FRAME) and the median is reported;
#  3. a held key: the real binary on the demo gets a key every 30 ms (key repeat) that moves
#     the selection (so the diff pane changes every frame), then a burst of keys typed at once;
#     INFRA_TUI_TRACE_FRAMES logs each frame's events, update+render and paint times.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
make --no-print-directory release >/dev/null  # the release binary as shipped (static Swift runtime)
echo "== UI: in-process render and update timings (release)"
.build/release/infra-tui-bench

echo "== UI: first frame of the real binary, infra-tui --demo in a 200x60 tmux pane (${RUNS:-7} runs)"
command -v tmux >/dev/null || { echo "first frame: needs tmux" >&2; exit 2; }
bin=$PWD/.build/release/infra-tui
work=$(mktemp -d)
sock="infra-tui-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 1 "${RUNS:-7}"); do
  out="$work/frame$i"
  # The wall clock just before exec; the binary writes it again when it first paints. The demo
  # copy goes under $work (TMPDIR) and is removed with it.
  tmux -L "$sock" new-session -d -x 200 -y 60 \
    "sh -c 'date +%s%N > $out.t0; TMPDIR=$work INFRA_TUI_TRACE_FIRST_FRAME=$out exec $bin --demo 2>/dev/null'"
  for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.05; done
  # Let the background validation (bash, shellcheck) finish, so it does not run into the next
  # run's first frame, then quit.
  for _ in $(seq 1 100); do tmux -L "$sock" capture-pane -p 2>/dev/null | grep -q "validating" || break; sleep 0.1; done
  tmux -L "$sock" send-keys q 2>/dev/null || true
  sleep 0.3
  tmux -L "$sock" kill-server 2>/dev/null || true
done
python3 - "$work" <<'PY'
import glob, statistics, sys
rows = []
for f in sorted((f for f in glob.glob(sys.argv[1] + "/frame*") if not f.endswith(".t0")), key=lambda f: int(f.rsplit("frame", 1)[1])):
    vals = dict(l.split("=", 1) for l in open(f).read().split())
    t0 = int(open(f + ".t0").read())
    rows.append((
        (int(vals["realtime_ns"]) - t0) / 1e6,
        float(vals.get("since_process_start_ms", "nan")),
        float(vals["since_main_ms"]),
    ))
if not rows:
    sys.exit("first frame: no run painted (is the binary built?)")
print("runs, exec to first paint (ms):", " ".join("%.0f" % r[0] for r in rows))
for label, i in (("exec to first paint (wall clock)", 0), ("process start to first paint (/proc; from the sh wrapper)", 1), ("main to first paint", 2)):
    xs = sorted(r[i] for r in rows)
    print(f"{label:52} median {statistics.median(xs):7.1f} ms   min {xs[0]:7.1f}   max {xs[-1]:7.1f}   ({len(xs)} runs)")
PY

echo "== UI: a held key in the real binary (demo, 200x60): one key every 30 ms, then 300 keys at once"
out="$work/frames"
tmux -L "$sock" new-session -d -x 200 -y 60 \
  "TMPDIR=$work INFRA_TUI_TRACE_FRAMES=$out INFRA_TUI_TRACE_FIRST_FRAME=$out.first $bin --demo 2>/dev/null"
for _ in $(seq 1 100); do [ -s "$out.first" ] && break; sleep 0.05; done
sleep 2  # let the background validation land first
: > "$out.mark"; wc -l < "$out" > "$out.mark"
for i in $(seq 1 "${HELD_KEYS:-200}"); do
  if [ $(( (i / 16) % 2 )) = 0 ]; then k=j; else k=k; fi
  tmux -L "$sock" send-keys "$k"; sleep 0.03
done
wc -l < "$out" > "$out.mark2"
tmux -L "$sock" send-keys $(for i in $(seq 1 150); do printf 'j k '; done)
sleep 1
tmux -L "$sock" kill-server 2>/dev/null || true
python3 - "$out" <<'PY'
import statistics, sys
path = sys.argv[1]
rows = [dict(kv.split("=") for kv in l.split()) for l in open(path)]
held_from, burst_from = int(open(path + ".mark").read()), int(open(path + ".mark2").read())
def report(label, rs):
    if not rs:
        print(f"{label}: no frames"); return
    total = sorted(float(r["update_render_ms"]) + float(r["paint_ms"]) for r in rs)
    events = sum(int(r["events"]) for r in rs)
    p95 = total[min(len(total) * 95 // 100, len(total) - 1)]
    print(f"{label:34} {events:4} keys in {len(rs):4} frames; per frame (update+render+paint) median {statistics.median(total):6.2f} ms  p95 {p95:6.2f}  max {total[-1]:6.2f}")
report("held key (30 ms repeat)", rows[held_from:burst_from])
report("burst of 300 keys", rows[burst_from:])
PY
