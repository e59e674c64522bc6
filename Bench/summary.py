#!/usr/bin/env python3
"""Prints the medians `Bench/run.sh` measured, with the ratios issue 6 sets targets for.

    summary.py RESULTS_DIR

Each NAME.json is a hyperfine export; memory-N.txt holds a peak RSS in KB. Missing
measurements are skipped, so a partial run (SIZES="100") still summarises.
"""
import json, os, statistics, sys

def median(results, name):
    path = os.path.join(results, name + ".json")
    try:
        return json.load(open(path))["results"][0]["median"]
    except (OSError, ValueError, KeyError, IndexError):
        return None  # not measured, or the command failed (hyperfine then writes no results)

def interleaved(results, n):
    """(pairs, plan median, shellcheck median, median of pair ratios) from Bench/interleaved.py."""
    try:
        runs = json.load(open(os.path.join(results, f"interleaved-{n}.json")))
    except (OSError, ValueError):
        return None
    plans, checks = runs["plan"], runs["shellcheck"]
    if not plans:
        return None
    return len(plans), statistics.median(plans), statistics.median(checks), statistics.median(p / s for p, s in zip(plans, checks))

def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"

def main():
    results = sys.argv[1]
    rows = []
    def row(what, value, target=""):
        rows.append((what, value, target))
    row("plan edge-messy, validated, warm cache", ms(median(results, "edge-validated-warm")), "<= 50 ms")
    row("plan edge-messy, validated, cold cache", ms(median(results, "edge-validated-cold")))
    row("plan edge-messy, --no-validate", ms(median(results, "edge-no-validate")))
    # Only the scale runs (`plan-1000.json`): the other sections' plans (`plan-creates-1000`,
    # the rehearsal's `plan-demo-...`) have names of their own.
    sizes = sorted({int(n[len("plan-"):-len(".json")]) for n in os.listdir(results)
                    if n.startswith("plan-") and n.endswith(".json") and n[len("plan-"):-len(".json")].isdigit()})
    base = None
    for n in sizes:
        plan, sc = median(results, f"plan-{n}"), median(results, f"shellcheck-{n}")
        mem = os.path.join(results, f"memory-{n}.txt")
        kb = int(open(mem).read().split()[-1]) if os.path.exists(mem) else None
        target = "<= 1 s, <= 150 MB, <= 0.1 x shellcheck" if n == 1000 else ""
        row(f"plan --no-validate, {n} tasks", ms(plan), target)
        row(f"  shellcheck -x on those {n} tasks", ms(sc))
        if plan and sc:
            row(f"  ratio plan / shellcheck", f"{plan / sc:.3f}")
        pairs = interleaved(results, n)
        if pairs:
            row(f"  the two in alternation ({pairs[0]} pairs): plan", ms(pairs[1]))
            row(f"    shellcheck", ms(pairs[2]))
            row(f"    ratio of medians; median of pair ratios", f"{pairs[1] / pairs[2]:.3f}; {pairs[3]:.3f}")
        if kb:
            row(f"  peak memory", f"{kb / 1024:.0f} MB")
        if plan and base:
            row(f"  time per task vs {base[0]} tasks", f"{(plan / n) / (base[1] / base[0]):.2f} x")
        if plan and base is None:
            base = (n, plan)
    validated, tools, final = (median(results, k) for k in ("validated-1000", "tools-1000", "tools-final-1000"))
    row("plan 1,000 tasks, validated, cold cache", ms(validated), "<= 1.1 x the tools alone")
    row("plan 1,000 tasks, validated, warm cache", ms(median(results, "validated-1000-warm")))
    row("  the same tool calls alone, every core", ms(tools))
    if validated and tools:
        row("  ratio plan / tools alone", f"{validated / tools:.3f}")
    row("  tools on final versions only, every core", ms(final))
    if validated and final:
        row("  ratio plan / final versions only", f"{validated / final:.3f}")
    row("apply every operation of the 1,000-task plan", ms(median(results, "apply-1000")), "<= 1 s")
    row("export every operation of the 1,000-task plan", ms(median(results, "export-1000")), "<= 1 s")
    for name in sorted(os.listdir(results)):
        known = name.startswith(("edge-", "plan-", "shellcheck-", "memory-", "validated-", "tools-", "apply-", "export-", "interleaved-"))
        if name.endswith(".json") and not known:
            row(name[:-5], ms(median(results, name[:-5])))
    width = max(len(r[0]) for r in rows)
    for what, value, target in rows:
        print(f"{what.ljust(width)}  {value:>10}  {target}")

if __name__ == "__main__":
    main()
