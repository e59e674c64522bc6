#!/usr/bin/env python3
"""Times `plan --no-validate` and `shellcheck -x` on the same task scripts in alternation,
so both meet the same state of the machine.

    interleaved.py BIN REPO PAIRS OUT.json

hyperfine (section 2 of Bench/run.sh) runs all of one command's runs, then all of the
other's; on a shared host, a slow spell of a few seconds then lands on one command only.
The plan uses every core and shellcheck one, so a spell that takes a core away slows the
plan far more. Here each pair runs the plan, then shellcheck, back to back: the ratio of
a pair compares the two in the same seconds. Wall time is `time.perf_counter` around
each process (start to exit). One plan runs first, untimed (page cache, as hyperfine's
warm-up). Writes {"plan": [s...], "shellcheck": [s...]} and prints the medians, the ratio
of the medians and the median of the pairs' ratios.
"""
import glob, json, statistics, subprocess, sys, time

def timed(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return elapsed, done.returncode

def main():
    binary, repo, pairs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    plan = [binary, "plan", "--no-validate", "--repo", repo]
    scripts = sorted(glob.glob(f"{repo}/ai/infra/tasks/*.sh"))
    shellcheck = ["shellcheck", "-x"] + scripts
    _, code = timed(plan)
    if code != 0:
        sys.exit(f"interleaved: the plan failed (exit {code})")
    plans, checks = [], []
    for _ in range(pairs):
        seconds, code = timed(plan)
        if code != 0:
            sys.exit(f"interleaved: the plan failed (exit {code})")
        plans.append(seconds)
        seconds, code = timed(shellcheck)
        if code not in (0, 1):  # 1: findings
            sys.exit(f"interleaved: shellcheck failed (exit {code})")
        checks.append(seconds)
    json.dump({"plan": plans, "shellcheck": checks}, open(out, "w"))
    ratios = [p / s for p, s in zip(plans, checks)]
    print(f"{pairs} pairs: plan median {statistics.median(plans) * 1000:.1f} ms, "
          f"shellcheck median {statistics.median(checks):.3f} s, "
          f"ratio of medians {statistics.median(plans) / statistics.median(checks):.3f}, "
          f"median of pair ratios {statistics.median(ratios):.3f} (range {min(ratios):.3f}-{max(ratios):.3f})")

if __name__ == "__main__":
    main()
