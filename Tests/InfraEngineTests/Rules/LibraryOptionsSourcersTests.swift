import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The brk14 tester's defect 3: a library's `set -euo pipefail` is taken out only when every
/// file that sources it (tasks, runners, bin scripts, the entrypoint) has the same options of
/// its own in the same plan, and the operation depends on those that give them. A runner
/// left as it is keeps the library's line: the finding says who relies on it.
@Suite struct LibraryOptionsSourcersTests {
    static var hasBash: Bool { Run.which("bash") != nil }

    static let library = "# shellcheck shell=bash\nset -euo pipefail\nPROJECT=${PROJECT:-acme-ml}\nsay() { echo \">> $*\"; }\n"

    /// r12's shape: a runner that sources the library and loops over the tasks, relying on
    /// its `set -e` to stop at the first failing step; the tasks set no options themselves.
    static func runnerTree() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/lib/common.sh", library)
        try repo.write("ai/infra/tasks/10-bucket.sh", "#!/bin/bash\n. \"$(dirname \"$0\")/../lib/common.sh\"\nsay bucket\nmlcloud buckets create \"gs://$PROJECT-data\"\n",
                       executable: true)
        try repo.write("ai/infra/tasks/20-notebooks.sh", "#!/bin/bash\n. \"$(dirname \"$0\")/../lib/common.sh\"\nsay notebooks\nmlcloud notebooks create nb-1\n",
                       executable: true)
        try repo.write("ai/infra/up.sh", """
            #!/bin/bash
            # Brings up the ML platform. Stops at the first failing step.
            . "$(dirname "$0")/lib/common.sh"
            for t in "$(dirname "$0")"/tasks/*.sh; do
              say "step $(basename "$t")"
              bash "$t"
            done
            say "platform up"

            """, executable: true)
        try repo.write("README.md", "# ml\n`./ai/infra/up.sh` brings everything up and stops at the first failing step.\n")
        try repo.commitAll("runner tree")
        return repo
    }

    /// A fake `mlcloud` that fails when its arguments contain $FAKE_FAIL.
    static func stubs() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("libopts-stubs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tool = dir.appendingPathComponent("mlcloud")
        try "#!/bin/bash\ncase \"$*\" in *\"${FAKE_FAIL:-@none@}\"*) echo \"mlcloud: failed: $*\" >&2; exit 1 ;; esac\necho \"mlcloud $*\"\n"
            .write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        return dir
    }

    static func runUp(_ repo: TestRepo, stubs: URL) throws -> Run.Result {
        let path = stubs.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try Run.command("/bin/bash", ["ai/infra/up.sh"], cwd: repo.root, env: ["PATH": path, "FAKE_FAIL": "buckets create"])
    }

    /// The tester's r12, end to end: the whole plan applied, the documented runner still
    /// stops at the first failing step.
    @Test(.enabled(if: hasBash, "runs the runner with bash")) func aRunnerThatReliesOnTheLibrarysOptionsStillStops() throws {
        let repo = try Self.runnerTree()
        let stubs = try Self.stubs()
        defer { try? FileManager.default.removeItem(at: stubs) }
        let before = try Self.runUp(repo, stubs: stubs)
        #expect(before.status != 0 && !before.stdout.contains("platform up"), "\(before.stdout)")
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ai/infra"))
        let finding = try #require(plan.findings.first { $0.rule == "library-options" })
        #expect(finding.message.contains("ai/infra/up.sh sources it without setting those options itself"), "\(finding.message)")
        if let op = plan.operations.first(where: { $0.id.hasPrefix("library-options-") }) {
            // Proposed only when up.sh no longer relies on the line in the plan (made a
            // wrapper of the entrypoint): the operation then depends on that change.
            let changesUp = plan.operations.filter { $0.files.contains { $0.path == "ai/infra/up.sh" } }.map(\.id)
            #expect(!changesUp.isEmpty && changesUp.allSatisfy { op.dependsOn.contains($0) }, "\(op.dependsOn)")
        }
        _ = try PlanWriter.apply(plan.operations, root: repo.root)
        let after = try Self.runUp(repo, stubs: stubs)
        #expect(after.status != 0 && !after.stdout.contains("platform up"), "\(after.stdout)\(after.stderr)")
    }

    /// The tester's `--accept library-options-...` alone: the operation with only what it
    /// depends on leaves the runner stopping at the first failing step too.
    @Test(.enabled(if: hasBash, "runs the runner with bash")) func theLibraryOperationWithItsDependenciesAloneKeepsTheRunnerStopping() throws {
        let repo = try Self.runnerTree()
        let stubs = try Self.stubs()
        defer { try? FileManager.default.removeItem(at: stubs) }
        let plan = try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ai/infra"))
        // In this tree the entrypoint makes up.sh a wrapper, so the operation is proposed.
        let op = try #require(plan.operations.first { $0.id.hasPrefix("library-options-") })
        var needed: Set<String> = [op.id]
        var grew = true
        while grew {
            let before = needed.count
            for o in plan.operations where needed.contains(o.id) { needed.formUnion(o.dependsOn) }
            grew = needed.count > before
        }
        _ = try PlanWriter.apply(plan.operations.filter { needed.contains($0.id) }, root: repo.root)
        let after = try Self.runUp(repo, stubs: stubs)
        #expect(after.status != 0 && !after.stdout.contains("platform up"), "\(needed.sorted()): \(after.stdout)\(after.stderr)")
        for task in ["ai/infra/tasks/10-bucket.sh", "ai/infra/tasks/20-notebooks.sh"] {
            let text = try String(contentsOf: repo.root.appendingPathComponent(task), encoding: .utf8)
            #expect(text.contains("set -euo pipefail"), "\(task): \(text)")
        }
    }

    /// Another style, the rule alone on views: a bin script that sources the library keeps
    /// it strict; tasks whose options an earlier operation added make the library's operation
    /// depend on it, and a task left without them gets them from this operation.
    @Test func theOperationWaitsForEveryScriptThatSourcesTheLibrary() throws {
        let lib = "ai/infra/lib/common.sh"
        let source = ". \"$(dirname \"$0\")/../lib/common.sh\"\n"
        let bare = "#!/bin/bash\n" + source + "say a\n"
        let strict = "#!/bin/bash\nset -euo pipefail\n" + source + "say a\n"
        func view(_ files: [String: String], baseline: [String: String]? = nil) throws -> RepoReality {
            func snap(_ f: [String: String]) -> RepoSnapshot {
                RepoSnapshot(files: f.mapValues { RepoFile(text: $0, mode: .regular) })
            }
            let b = baseline.map(snap)
            return try RepoReality(snapshot: snap(files), infraDir: "ai/infra", cache: ScriptCache(), baseline: b)
        }
        let rule = LibraryShellOptionsRule()

        // A bin script with no options of its own: no operation, the finding names it.
        let withTool = try view([lib: Self.library, "ai/infra/tasks/10-a.sh": strict, "ai/infra/bin/proxy.sh": bare])
        #expect(rule.operations(in: RuleContext(reality: withTool, queued: [:])).isEmpty)
        #expect(rule.findings(in: withTool).first?.message.contains("ai/infra/bin/proxy.sh sources it") == true)

        // The same bin script setting them itself: the line goes, nothing else changes.
        let strictTool = try view([lib: Self.library, "ai/infra/tasks/10-a.sh": strict, "ai/infra/bin/proxy.sh": strict])
        let alone = rule.operations(in: RuleContext(reality: strictTool, queued: [:]))
        #expect(alone.map { $0.edits.keys.sorted() } == [[lib]] && alone.first?.dependsOn == [])
        #expect(rule.findings(in: strictTool).first?.message.contains("sources it without") == false)

        // A task made strict by an earlier operation (the helpers rule): this one depends on it.
        let later = try view([lib: Self.library, "ai/infra/tasks/10-a.sh": strict, "ai/infra/tasks/20-b.sh": bare],
                             baseline: [lib: Self.library, "ai/infra/tasks/10-a.sh": bare, "ai/infra/tasks/20-b.sh": bare])
        let ops = rule.operations(in: RuleContext(reality: later, queued: ["helpers-normalise-lib": ["ai/infra/tasks/10-a.sh"]]))
        let op = try #require(ops.first)
        #expect(op.dependsOn == ["helpers-normalise-lib"], "\(op.dependsOn)")
        // The task nothing else makes strict gets the line from this operation itself.
        #expect(written([op], "ai/infra/tasks/20-b.sh") == "#!/bin/bash\nset -euo pipefail\n" + source + "say a\n")
        #expect(written([op], "ai/infra/tasks/10-a.sh") == nil)
        // With the planner's history of writes, only the one that made the task strict counts,
        // not a later one that touched the task for another reason.
        let queued: [String: Set<String>] = ["helpers-normalise-lib": ["ai/infra/tasks/10-a.sh"], "rerun-guard-10-a": ["ai/infra/tasks/10-a.sh"]]
        let history: [String: [RealDependencies.Write]] = ["ai/infra/tasks/10-a.sh": [
            .init(writer: "helpers-normalise-lib", before: RepoFile(text: bare, mode: .executable)),
            .init(writer: "rerun-guard-10-a", before: RepoFile(text: strict, mode: .executable))]]
        let precise = try #require(rule.operations(in: RuleContext(reality: later, queued: queued, history: history)).first)
        #expect(precise.dependsOn == ["helpers-normalise-lib"], "\(precise.dependsOn)")
    }
}
