import Foundation
import InfraEngine
import InfraResources
import TUICore

// `infra-tui-bench`: in-process timings of the terminal UI's core (no terminal, no ncurses).
// Renders 200x60 frames of a plan whose selected operation is a 100,000-line diff, at its top,
// at its bottom and after scrolling, times `update` for the scroll keys, and the whole screen
// of the demo repository's plan. Prints the median and p95 per call, in milliseconds.
// Run it in release mode (`swift build -c release`); `Bench/ui.sh` does.

let lines = Int(ProcessInfo.processInfo.environment["BENCH_DIFF_LINES"] ?? "") ?? 100_000
let iterations = Int(ProcessInfo.processInfo.environment["BENCH_ITERATIONS"] ?? "") ?? 500
let (width, height) = (200, 60)

/// A value the optimiser cannot see through, so the timed work is not dropped.
nonisolated(unsafe) var sink = 0

func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Median and 95th percentile of `body` over `iterations` calls (after a short warm-up).
func measure(_ label: String, _ body: () -> Int) {
    for _ in 0..<10 { sink &+= body() }
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let t0 = nanos()
        sink &+= body()
        samples.append(Double(nanos() - t0) / 1e6)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p95 = samples[min(samples.count * 95 / 100, samples.count - 1)]
    print("\(label.padding(toLength: 58, withPad: " ", startingAt: 0)) median \(String(format: "%7.3f", median)) ms   p95 \(String(format: "%7.3f", p95)) ms")
}

func frame(_ s: AppState) -> Int {
    let grid = render(s, width: width, height: height)
    return grid[grid.height - 3, grid.width - 2].text.utf8.count
}

func press(_ s: AppState, _ keys: Key...) -> AppState {
    keys.reduce(s) { update($0, .key($1)).0 }
}

func hugePatch(_ n: Int) -> String {
    var out = "diff --git a/ai/infra/init.sh b/ai/infra/init.sh\nnew file mode 100755\nindex 0000000..5555555\n--- /dev/null\n+++ b/ai/infra/init.sh\n@@ -0,0 +1,\(n) @@\n"
    out.reserveCapacity(n * 60)
    for i in 1...n { out += "+run_task \"$TASKS_DIR/\(i)-step.sh\" --log \"$LOG_DIR/\(i).log\" # step \(i) of the init\n" }
    return out
}

func hugeState() -> AppState {
    func ops(_ id: String, _ title: String, _ deps: [String] = []) -> OpsBlock {
        OpsBlock(id: id, title: title, group: .local, risk: .med, dependsOn: deps, preconditions: ["bash 4+ on PATH"],
                 commands: ["./ai/infra/init.sh --list"], expectedOutputs: ["the tasks"], rollback: ["git revert"])
    }
    var operations: [InfraEngine.Operation] = []
    for i in 0..<40 {
        let id = "op-\(i)"
        let patch = i == 0 ? hugePatch(lines) : "diff --git a/f\(i) b/f\(i)\n--- a/f\(i)\n+++ b/f\(i)\n@@ -1 +1 @@\n-a\n+b\n"
        operations.append(Operation(ops: ops(id, "Operation number \(i) of the bench plan", i > 0 ? ["op-\(i - 1)"] : []),
                                    rule: "bench", rationale: "bench", findings: [],
                                    files: [FileTouch(path: "f\(i)", change: .modify)], patch: patch, baseline: [],
                                    validation: [.init(check: "applies", status: .passed)]))
    }
    let plan = Plan(repo: "/srv/bench", infraDir: "ai/infra", operations: operations, findings: [])
    let t0 = nanos()
    let s = AppState(plan: plan, root: "/srv/bench", validating: false, defaultExportFolder: "/srv/bench-series")
    print("AppState for the plan (indexes the \(lines)-line diff once): \(String(format: "%.1f", Double(nanos() - t0) / 1e6)) ms")
    return update(s, .resize(width: width, height: height)).0
}

print("== UI core: \(width)x\(height) frames, \(iterations) iterations each, \(lines)-line diff selected")
let initial = hugeState()
var t0 = nanos()
let top = press(initial, .enter)
let bottom = press(top, .end)
let paged = press(top, .pageDown)
let oneLine = press(top, .down)
let nearBottom = press(bottom, .pageUp, .pageUp)
precondition(bottom.top > lines - height, "the bottom state is not at the bottom (top \(bottom.top))")

measure("render: top of the diff") { frame(top) }
measure("render: bottom of the diff") { frame(bottom) }
measure("render: after a page down") { frame(paged) }
measure("render: after one line down") { frame(oneLine) }
measure("render: bottom, search highlight on") {
    frame(update(press(bottom, .char("/"), .char("s"), .char("t"), .char("e"), .char("p")), .key(.enter)).0)
}
// Wrap on (issue 16): the row index of the wrapped diff is built once per width, then a
// frame looks at the visible lines only. The first z builds it; each frame after that reads it.
t0 = nanos()
let wrapTop = press(top, .char("z"))
print("update: z, wrap on (builds the \(lines)-line diff's row index once): \(String(format: "%.1f", Double(nanos() - t0) / 1e6)) ms")
let wrapBottom = press(wrapTop, .end)
let wrapMiddle = press(wrapTop, .pageDown, .pageDown, .pageDown)
measure("render: wrap on, top of the diff") { frame(wrapTop) }
measure("render: wrap on, bottom of the diff") { frame(wrapBottom) }
measure("render: wrap on, after paging") { frame(wrapMiddle) }
measure("update + render: wrap on, one line down") { frame(update(wrapMiddle, .key(.char("j"))).0) }
let sideways = press(top, .char(">"), .char(">"))
measure("render: wrap off, scrolled sideways") { frame(sideways) }
let sideBySide = press(top, .char("s"))
measure("render: side by side, top of the diff") { frame(sideBySide) }
// Word highlighting: a diff of replaced lines (runs of 4 removed then 4 added), so every
// visible -/+ line is compared word by word with its partner in each frame.
var pairsPatch = "diff --git a/ai/infra/init.sh b/ai/infra/init.sh\nindex 1111111..2222222 100755\n--- a/ai/infra/init.sh\n+++ b/ai/infra/init.sh\n@@ -1,\(lines / 2) +1,\(lines / 2) @@\n"
for i in stride(from: 0, to: lines, by: 8) {
    for k in 0..<4 { pairsPatch += "-run_task \"$TASKS_DIR/\(i + k)-step.sh\" --log \"$LOG_DIR/\(i + k).log\" # step \(i + k)\n" }
    for k in 0..<4 { pairsPatch += "+run_task \"$TASKS_DIR/\(i + k)-step.sh\" --log-file \"$LOG_DIR/\(i + k).log\" --strict # step \(i + k)\n" }
}
var pairsPlan = initial.gate.plan
pairsPlan.operations[0].patch = pairsPatch
let pairs = press(update(AppState(plan: pairsPlan, root: "/srv/bench", validating: false, defaultExportFolder: "/x"), .resize(width: width, height: height)).0, .enter)
measure("render: replaced lines, words compared (top)") { frame(pairs) }
let pairsBottom = press(pairs, .end)
measure("render: replaced lines, words compared (bottom)") { frame(pairsBottom) }
let pairsSide = press(pairs, .char("s"), .pageDown)
measure("render: replaced lines, side by side") { frame(pairsSide) }
measure("update: one line down (j) at the top") { update(top, .key(.char("j"))).0.top }
measure("update: one line down (j) two pages above the bottom") { update(nearBottom, .key(.char("j"))).0.top }
measure("update: page down at the top") { update(top, .key(.pageDown)).0.top }
measure("update + render: one line down (held key)") { frame(update(paged, .key(.char("j"))).0) }

// Searching the whole diff: a text that is not there (every line looked at), and `n`.
let searching = press(top, .char("/"), .char("z"), .char("q"), .char("x"))
t0 = nanos()
sink &+= update(searching, .key(.enter)).0.top
print("update: search the \(lines)-line diff for a missing text: \(String(format: "%.1f", Double(nanos() - t0) / 1e6)) ms")
let found = update(press(top, .char("/"), .char("s"), .char("t"), .char("e"), .char("p")), .key(.enter)).0
t0 = nanos()
sink &+= update(found, .key(.char("n"))).0.top
print("update: n (next match, nearby): \(String(format: "%.3f", Double(nanos() - t0) / 1e6)) ms")

// Background results landing in the key loop: validation (same patches, new results).
t0 = nanos()
let revalidated = update(top, .validated(top.gate.plan)).0
print("update: validation results land (\(lines)-line diff in the plan): \(String(format: "%.1f", Double(nanos() - t0) / 1e6)) ms")
sink &+= revalidated.top

// Holding a key: 1,000 scroll steps, each update + render, as the loop does per frame.
t0 = nanos()
var held = top
for _ in 0..<1000 { held = update(held, .key(.char("j"))).0; sink &+= frame(held) }
print("held j: 1,000 x (update + render): \(String(format: "%.1f", Double(nanos() - t0) / 1e6)) ms in all")

print("== UI core: the demo repository")
if let demo = InfraResources.demoRepository {
    // The first frame as the UI makes it: read the tree, plan without the external tools,
    // build the state and render (the shell then paints; validation starts after).
    var firstFrames: [Double] = []
    for _ in 0..<7 {
        let t = nanos()
        if let snapshot = try? RepoReader(root: demo, infraDir: "ai/infra").read(),
           let plan = try? Planner.plan(snapshot: snapshot, repo: demo.path, options: PlanOptions(infraDir: "ai/infra")) {
            let s = update(AppState(plan: plan, root: demo.path, validating: true, defaultExportFolder: "/tmp/x"), .resize(width: width, height: height)).0
            sink &+= frame(s)
        }
        firstFrames.append(Double(nanos() - t) / 1e6)
    }
    firstFrames.sort()
    print("first frame on the demo (read + plan + state + render, 200x60): median \(String(format: "%.1f", firstFrames[firstFrames.count / 2])) ms, min \(String(format: "%.1f", firstFrames[0])) ms (7 runs; target 150 ms)")
    t0 = nanos()
    do {
        let snapshot = try RepoReader(root: demo, infraDir: "ai/infra").read()
        let t1 = nanos()
        let plan = try Planner.plan(snapshot: snapshot, repo: demo.path, options: PlanOptions(infraDir: "ai/infra"))
        let t2 = nanos()
        print("read the demo: \(String(format: "%.1f", Double(t1 - t0) / 1e6)) ms; plan without validation: \(String(format: "%.1f", Double(t2 - t1) / 1e6)) ms (\(plan.operations.count) operations)")
        var s = AppState(plan: plan, root: demo.path, validating: true, defaultExportFolder: "/tmp/x")
        s = update(s, .resize(width: width, height: height)).0
        measure("render: demo queue and diff, 200x60") { frame(s) }
        let small = update(s, .resize(width: 80, height: 24)).0
        measure("render: demo queue and diff, 80x24") {
            let g = render(small, width: 80, height: 24)
            return g[0, 0].text.utf8.count
        }
        let info = press(s, .char("3"))
        measure("render: demo info view, 200x60") { frame(info) }
    } catch {
        print("demo: \(error)")
    }
} else {
    print("demo: not in this build")
}
print("(checksum \(sink & 0xff))")
