import Foundation
import Testing
import ShellReader
import TestDoubles
@testable import InfraEngine

/// The session-10 second tester's (brk13) defects 1, 5 and 6: a task the documented runner leaves out of its
/// regular run (its glob, or the task's own header) is held back from the entrypoint's full
/// run; a task that removes superseded things nothing here builds is no teardown; a runner
/// that hands its own required argument to every task keeps them argument tasks and gets no
/// entrypoint that could run none of them.
@Suite struct RunnerRolesTests {
    static var hasBash: Bool { Run.which("bash") != nil }
    static func task(_ body: String) -> String { RunnerChoiceTests.task(body) }
    static func plan(_ repo: TestRepo) throws -> Plan { try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "ops")) }
    static func apply(_ repo: TestRepo) throws {
        _ = try PlanWriter.apply(try plan(repo).operations, root: repo.root)
        try repo.commitAll("applied")
    }

    /// Runs `command` in the work tree with a `kubectl` that logs its arguments (RunnerChoiceTests' fake).
    static func run(_ repo: TestRepo, _ command: String) throws -> (status: Int32, calls: [String], err: String) {
        try RunnerChoiceTests.run(repo, command)
    }

    /// s11's kind under other names: the runner's glob runs 01-02; 03 scales the app to zero
    /// (no delete, no header). A full run of the entrypoint must not scale it down.
    @Test(.enabled(if: hasBash, "needs bash")) func aTaskTheRunnersGlobLeavesOutStaysOutOfAFullRun() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/01-ns.sh", Self.task("kubectl create namespace web --dry-run=client -o yaml > /dev/null"), executable: true)
        try repo.write("ops/tasks/02-app.sh", Self.task("kubectl -n web rollout restart deploy/app"), executable: true)
        try repo.write("ops/tasks/03-scale-to-zero.sh", Self.task("kubectl -n web scale deploy/app --replicas=0"), executable: true)
        let runner = "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\nfor t in tasks/0[1-2]-*.sh; do bash \"$t\"; done\n"
        try repo.write("ops/up.sh", runner, executable: true)
        try repo.write("README.md", "# web\n\nBring it up: `./ops/up.sh`\n")
        try repo.commitAll("scaffolding")
        let plan = try Self.plan(repo)
        let held = try #require(plan.findings.first { $0.file == "ops/tasks/03-scale-to-zero.sh" && $0.id.hasSuffix(":held-back") },
                                "\(plan.findings.map(\.message))")
        #expect(held.message.contains("ops/up.sh runs only `tasks/0[1-2]-*.sh`"), "\(held.message)")
        let entry = try #require(plan.operations.first { $0.id == "entrypoint-canonical-init" }).patch
        #expect(entry.contains("+TEARDOWN_TASKS=(03-scale-to-zero)"), "\(entry)")
        try Self.apply(repo)
        #expect(repo.read("ops/up.sh") == runner, "the runner's choice is its evidence: left as it is")
        let full = try Self.run(repo, "./ops/init.sh")
        #expect(full.status == 0 && !full.calls.contains { $0.contains("scale") }, "\(full)")
        #expect(full.calls == (try Self.run(repo, "./ops/up.sh")).calls, "\(full)")
        let again = try Self.plan(repo)
        #expect(again.operations.isEmpty, "\(again.operations.map(\.id))")
    }

    /// A task whose header says it is no part of bring-up is held back, with no runner at all.
    @Test func aTaskMarkedIncidentOnlyIsHeldBack() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/10-ns.sh", Self.task("kubectl create namespace web --dry-run=client -o yaml > /dev/null"), executable: true)
        try repo.write("ops/tasks/20-failover.sh",
                       "#!/usr/bin/env bash\n# Incident only: move traffic to the standby region.\nset -euo pipefail\nkubectl -n web patch svc/app -p '{}'\n",
                       executable: true)
        try repo.commitAll("scaffolding")
        let plan = try Self.plan(repo)
        #expect(plan.findings.contains { $0.file == "ops/tasks/20-failover.sh" && $0.id.hasSuffix(":held-back") && $0.line == 2 },
                "\(plan.findings.map(\.message))")
        let entry = try #require(plan.operations.first { $0.id == "entrypoint-canonical-init" }).patch
        #expect(entry.contains("+TEARDOWN_TASKS=(20-failover)"), "\(entry)")
    }

    /// A script that runs the held-back task by name hands it over with `--yes`: it ran it
    /// without asking, and the entrypoint asks for the tasks it holds back.
    @Test(.enabled(if: hasBash, "needs bash")) func aScriptRunningAHeldBackTaskStillRunsItWithoutATerminal() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/10-ns.sh", Self.task("kubectl create namespace web --dry-run=client -o yaml > /dev/null"), executable: true)
        try repo.write("ops/tasks/20-drain.sh",
                       "#!/usr/bin/env bash\n# INCIDENT ONLY: drain the pool. Not part of bring-up.\nset -euo pipefail\nkubectl drain pool-a --force\n",
                       executable: true)
        try repo.write("ops/up.sh", "#!/usr/bin/env bash\nset -euo pipefail\nbash \"$(dirname \"$0\")/tasks/10-ns.sh\"\n", executable: true)
        try repo.write("ops/incident.sh", "#!/usr/bin/env bash\nset -euo pipefail\necho draining\nbash \"$(dirname \"$0\")/tasks/20-drain.sh\"\n", executable: true)
        try repo.commitAll("scaffolding")
        let before = try Self.run(repo, "./ops/incident.sh < /dev/null")
        try Self.apply(repo)
        let after = try Self.run(repo, "./ops/incident.sh < /dev/null")
        #expect(before.status == 0 && after.status == 0 && after.calls == before.calls, "\(before)\n\(after)\n\(repo.read("ops/incident.sh") ?? "")")
        let full = try Self.run(repo, "./ops/init.sh < /dev/null")
        #expect(full.status == 0 && !full.calls.contains { $0.contains("drain") }, "\(full)")
    }

    /// s03's kind: removing superseded things nothing here builds is no teardown; removing
    /// what another task builds still is, whatever the name says.
    @Test func removingSupersededThingsIsNoTeardown() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/10-bucket.sh", Self.task("gsutil mb gs://pipeline-v2"), executable: true)
        try repo.write("ops/tasks/20-prune-legacy-buckets.sh",
                       Self.task("for b in pipeline-v0 pipeline-v1; do\n  gsutil rm -r \"gs://$b\" || true\ndone"), executable: true)
        try repo.write("ops/tasks/90-cleanup-old.sh", Self.task("gsutil rm -r gs://pipeline-v2"), executable: true)
        try repo.commitAll("scaffolding")
        let plan = try Self.plan(repo)
        let teardowns = plan.findings.filter { $0.id.hasSuffix(":teardown") }.map(\.file)
        #expect(teardowns == ["ops/tasks/90-cleanup-old.sh"], "\(plan.findings.map(\.message))")
        let entry = try #require(plan.operations.first { $0.id == "entrypoint-canonical-init" }).patch
        #expect(entry.contains("+TEARDOWN_TASKS=(90-cleanup-old)"), "\(entry)")
    }

    /// s06's kind: `run.sh ENV` hands its required argument to every task it lists. No
    /// entrypoint (its full run would run nothing) and the runner left alone.
    @Test func aRunnerHandingItsArgumentToEveryTaskGetsNoEntrypoint() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ops/tasks/10-ns.sh", Self.task("env=${1:-dev}\nkubectl create namespace \"web-$env\" --dry-run=client -o yaml > /dev/null"), executable: true)
        try repo.write("ops/tasks/20-app.sh", Self.task("kubectl -n \"web-$1\" apply -f app.yaml"), executable: true)
        let runner = "#!/usr/bin/env bash\nset -euo pipefail\nTASKS=(10-ns 20-app)\nfor t in \"${TASKS[@]}\"; do\n  bash \"$(dirname \"$0\")/tasks/$t.sh\" \"$1\"\ndone\n"
        try repo.write("ops/run.sh", runner, executable: true)
        try repo.write("README.md", "# web\n\n`./ops/run.sh staging`\n")
        try repo.commitAll("scaffolding")
        let plan = try Self.plan(repo)
        #expect(!plan.operations.contains { op in op.files.contains { $0.path == "ops/init.sh" || $0.path == "ops/run.sh" || $0.path.hasSuffix("runbook.md") } },
                "\(plan.operations.map(\.id))")
        let missing = try #require(plan.findings.first { $0.id.hasSuffix(":missing-entrypoint") })
        #expect(missing.operation == nil && missing.file == "ops/run.sh" && missing.message.contains("hands its own argument to every task"),
                "\(missing.message)")
    }
}
