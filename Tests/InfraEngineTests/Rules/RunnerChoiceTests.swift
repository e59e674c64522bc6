import Foundation
import Testing
import ShellReader
import TestDoubles
@testable import InfraEngine

/// The session-10 tester's (brk12) defects 1, 2, 9 and 12: a runner is handed over to the full run
/// only when it is one (every task but the teardowns and those that need arguments, each in a
/// bash of its own, without arguments); a teardown runner stays a teardown; a task a runner
/// passes arguments to needs them; a runner that sources its tasks keeps its shared shell;
/// a delete before the same thing is made again, or routine pruning, is no teardown.
@Suite struct RunnerChoiceTests {
    static var hasBash: Bool { Run.which("bash") != nil }

    static func task(_ body: String) -> String { "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n" }

    static func plan(_ repo: TestRepo) throws -> Plan { try Planner.plan(root: repo.root, options: PlanOptions(infraDir: "deploy")) }

    static func apply(_ repo: TestRepo) throws {
        _ = try PlanWriter.apply(try plan(repo).operations, root: repo.root)
        try repo.commitAll("applied")
    }

    /// A `kubectl` on PATH that logs its arguments to `$FAKE_LOG` and reads a piped manifest.
    static func fakeTools(_ repo: TestRepo) throws -> (path: String, log: URL) {
        let bin = repo.root.deletingLastPathComponent().appendingPathComponent(repo.root.lastPathComponent + "-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = "#!/usr/bin/env bash\necho \"kubectl $*\" >> \"$FAKE_LOG\"\ncase \" $* \" in *\" -f - \"*) cat >/dev/null ;; esac\n"
        let tool = bin.appendingPathComponent("kubectl")
        try script.write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return (path, bin.appendingPathComponent("calls.log"))
    }

    /// Runs `command` in the work tree with the fake tools; the exit status and what kubectl was asked.
    static func run(_ repo: TestRepo, _ command: String, env: [String: String] = [:]) throws -> (status: Int32, calls: [String], err: String) {
        let tools = try fakeTools(repo)
        try? FileManager.default.removeItem(at: tools.log)
        var environment = env
        environment["PATH"] = tools.path
        environment["FAKE_LOG"] = tools.log.path
        let r = try Run.command("/bin/bash", ["-c", command], cwd: repo.root, env: environment)
        let calls = (try? String(contentsOf: tools.log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        return (r.status, calls, r.stderr)
    }

    /// s17's shape, under other names: `up.sh` runs every building task, `down.sh` only the
    /// teardown. After apply all, `down.sh` still only deletes, and the doc line naming it is
    /// not turned into a deploy.
    static func upAndDown(withArguments: Bool = false) throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("deploy/tasks/010-ns.sh", task("kubectl create namespace web --dry-run=client -o yaml | kubectl apply -f -"), executable: true)
        let app = withArguments
            ? "ver=\"\"\nwhile getopts \"v:\" o; do\n  case $o in\n    v) ver=$OPTARG ;;\n    *) exit 2 ;;\n  esac\ndone\n[ -n \"$ver\" ] || { echo \"usage: $0 -v VERSION\" >&2; exit 2; }\nkubectl -n web set image deploy/app app=app:\"$ver\""
            : "kubectl -n web apply -f app.yaml"
        try repo.write("deploy/tasks/020-app.sh", task(app), executable: true)
        try repo.write("deploy/tasks/090-remove-all.sh", task("kubectl delete namespace web --ignore-not-found"), executable: true)
        let appLine = withArguments ? "bash \"$here/tasks/020-app.sh\" -v \"${VERSION:-1.0}\"" : "bash \"$here/tasks/020-app.sh\""
        try repo.write("deploy/up.sh", "#!/usr/bin/env bash\nset -euo pipefail\nhere=$(dirname \"$0\")\nbash \"$here/tasks/010-ns.sh\"\n\(appLine)\n", executable: true)
        try repo.write("deploy/down.sh", "#!/usr/bin/env bash\nset -euo pipefail\nbash \"$(dirname \"$0\")/tasks/090-remove-all.sh\"\n", executable: true)
        try repo.write("README.md", "# web\n\nBring it up: `./deploy/up.sh`\n\nRemove it all: `./deploy/down.sh`\n")
        try repo.commitAll("scaffolding")
        return repo
    }

    @Test(.enabled(if: hasBash, "needs bash")) func aTeardownRunnerStaysATeardown() throws {
        let repo = try Self.upAndDown()
        let plan = try Self.plan(repo)
        let finding = try #require(plan.findings.first { $0.id == "entrypoint:deploy/down.sh:runner" })
        #expect(finding.message.contains("runs only the teardown 090-remove-all"), "\(finding.message)")
        let before = try Self.run(repo, "./deploy/down.sh")
        #expect(before.status == 0 && before.calls == ["kubectl delete namespace web --ignore-not-found"], "\(before)")
        try Self.apply(repo)
        let down = repo.read("deploy/down.sh") ?? ""
        #expect(!down.contains("\"$@\"") && down.contains("--only 090-remove-all --yes"), "\(down)")
        let after = try Self.run(repo, "./deploy/down.sh")
        #expect(after.status == 0 && after.calls == before.calls, "\(after)")
        // up.sh is the full run: it hands over whole.
        #expect((repo.read("deploy/up.sh") ?? "").contains("exec "), "\(repo.read("deploy/up.sh") ?? "")")
        let readme = repo.read("README.md") ?? ""
        #expect(readme.contains("Remove it all: `./deploy/down.sh`") && !readme.contains("Remove it all: `./deploy/init.sh`"), "\(readme)")
        // Converged: the hand-over through `--only NAME` is no runner to redo.
        let again = try Self.plan(repo)
        #expect(!again.findings.contains { $0.file == "deploy/down.sh" || $0.file == "README.md" }, "\(again.findings.map(\.message))")
    }

    @Test(.enabled(if: hasBash, "needs bash")) func aTaskARunnerPassesArgumentsToNeedsThem() throws {
        let repo = try Self.upAndDown(withArguments: true)
        let plan = try Self.plan(repo)
        let entry = try #require(plan.operations.first { $0.id == "entrypoint-canonical-init" }).patch
        #expect(entry.contains("+ARGUMENT_TASKS=(020-app)"), "\(entry)")
        #expect(plan.findings.contains { $0.file == "deploy/up.sh" && $0.message.contains("passes 020-app arguments of its own") },
                "\(plan.findings.map(\.message))")
        let before = try Self.run(repo, "./deploy/up.sh", env: ["VERSION": "2.1"])
        #expect(before.status == 0, "\(before)")
        try Self.apply(repo)
        let up = repo.read("deploy/up.sh") ?? ""
        #expect(!up.contains("exec "), "the full-run shim drops the arguments:\n\(up)")
        let after = try Self.run(repo, "./deploy/up.sh", env: ["VERSION": "2.1"])
        #expect(after.status == 0 && after.calls.sorted() == before.calls.sorted(), "\(after)\n\(up)")  // a pipeline logs in either order
        // Converged: the hand-over `--only 020-app -- -v ...` still says the task takes arguments.
        let again = try Self.plan(repo)
        #expect(!again.operations.contains { $0.id == "entrypoint-canonical-init" }, "\(again.findings.map(\.message))")
    }

    /// A runner that sources its tasks so later ones see what earlier ones set is left as it
    /// is, and its tasks get no shebang (they never run as `./FILE`).
    @Test(.enabled(if: hasBash, "needs bash")) func aRunnerThatSourcesItsTasksKeepsItsSharedShell() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("deploy/tasks/01-settings.sh", "# shared settings\nNS=${NS:-web}\nAPP=\"$NS-app\"\n")
        try repo.write("deploy/tasks/02-app.sh", "kubectl -n \"$NS\" apply -f \"$APP.yaml\"\n")
        let runner = "#!/bin/bash\ncd \"$(dirname \"$0\")\"\nfor s in tasks/[0-9]*.sh; do\n  . \"$s\"\ndone\necho \"done: $APP\"\n"
        try repo.write("deploy/all.sh", runner, executable: true)
        try repo.commitAll("sourced")
        let plan = try Self.plan(repo)
        #expect(!plan.operations.contains { op in op.files.contains { ["deploy/all.sh", "deploy/tasks/01-settings.sh"].contains($0.path) } },
                "\(plan.operations.map(\.id))")
        // No entrypoint that runs each task in a bash of its own (02-app would lose NS and
        // APP), and no runbook sending people to one.
        #expect(!plan.operations.contains { op in op.files.contains { $0.path.hasSuffix("/init.sh") || $0.path.hasSuffix("runbook.md") } },
                "\(plan.operations.map(\.id))")
        let missing = try #require(plan.findings.first { $0.id.hasSuffix(":missing-entrypoint") })
        #expect(missing.operation == nil && missing.file == "deploy/all.sh" && missing.line == 4
                    && missing.message.contains("sources the tasks into its own shell"), "\(missing.message)")
        let before = try Self.run(repo, "./deploy/all.sh")
        try Self.apply(repo)
        #expect(repo.read("deploy/all.sh") == runner)
        let after = try Self.run(repo, "./deploy/all.sh")
        #expect(before.status == 0 && after.status == 0 && after.calls == before.calls, "\(before) \(after)")
    }

    // MARK: what a teardown is, read from text alone

    static func teardown(_ name: String, _ body: String) -> TaskRoles.Teardown? {
        TaskRoles.teardown(ShellFile(path: "ops/tasks/\(name).sh", script: ShellReader.read(task(body))))
    }

    @Test func deletingToRemakeOrToPruneIsNoTeardown() {
        // The re-runnable idiom: the same thing is made again further on.
        #expect(Self.teardown("040-migrate", "kubectl -n app delete job db-migrate --ignore-not-found\nkubectl -n app create job db-migrate --from=cronjob/t") == nil)
        #expect(Self.teardown("030-reset-cm", "kubectl delete configmap cfg --ignore-not-found\nkubectl create configmap cfg --from-file=cfg.ini") == nil)
        #expect(Self.teardown("020-chart", "helm uninstall edge -n net || true\nhelm install edge ./chart -n net") == nil)
        // Routine pruning, whatever the name says.
        #expect(Self.teardown("050-cleanup-images", "gcloud artifacts docker images list \"$REPO\" --format='value(version)' | while read -r d; do\n  gcloud artifacts docker images delete \"$REPO@$d\" --quiet\ndone") == nil)
        #expect(Self.teardown("060-cleanup-jobs", "kubectl delete jobs --field-selector status.successful=1") == nil)
        #expect(Self.teardown("070-prune-revisions", "gcloud run revisions delete old-rev --region \"$R\" --quiet") == nil)
        // Still teardowns: deletes of what the scaffolding builds, named or not.
        #expect(Self.teardown("099-down", "kubectl delete namespace web --ignore-not-found")?.removes == [])
        #expect(Self.teardown("090-wipe", "gcloud container clusters delete main --quiet") != nil)
        #expect(Self.teardown("080-cleanup", "kubectl delete deployment web") != nil)
        // A delete remade only of another thing is still a delete.
        #expect(Self.teardown("095-destroy-ns", "kubectl delete namespace old\nkubectl create namespace new") != nil)
    }

    /// The rehearsal's verdict reads deletes the same way: the delete-then-create idiom and
    /// pruning pass a full run; a delete of something for good still fails it.
    @Test func theRehearsalExcusesTheSameDeletes() {
        func call(_ seq: Int, _ args: [String], _ kind: CallClass, _ resource: String?) -> DoubleCall {
            DoubleCall(seq: seq, run: "1", tool: args[0], args: Array(args.dropFirst()), callClass: kind, rc: 0,
                       script: "ai/infra/tasks/040-migrate.sh", resource: resource)
        }
        func step(_ run: Int, _ calls: [DoubleCall]) -> StepRun {
            StepRun(step: "init.sh", run: run, status: 0, timedOut: false, outputCut: false, mutating: calls, failedCalls: [],
                    unmodelled: [], firstError: nil, problems: [], seconds: 0)
        }
        let remake = [call(1, ["kubectl", "-n", "app", "delete", "job", "db-migrate", "--ignore-not-found"], .delete, "job/app/db-migrate"),
                      call(2, ["kubectl", "-n", "app", "create", "job", "db-migrate", "--from=cronjob/t"], .create, "job/app/db-migrate")]
        let prune = [call(3, ["gcloud", "artifacts", "docker", "images", "delete", "r@sha256:1", "--quiet"], .delete, nil)]
        let verdict = RehearsalReport.judge([step(1, remake + prune), step(2, remake)], deletesAllowed: false)
        #expect(verdict.passed, "\(verdict.reasons)")
        let gone = [call(1, ["kubectl", "delete", "namespace", "app"], .delete, "namespace/app")]
        let refused = RehearsalReport.judge([step(1, gone)], deletesAllowed: false)
        #expect(!refused.passed && refused.reasons.contains { $0.contains("deletes: kubectl delete namespace app") }, "\(refused.reasons)")
        // A create the run makes again without deleting first is still a repeat.
        let again = RehearsalReport.judge([step(1, [remake[1]]), step(2, [remake[1]])], deletesAllowed: false)
        #expect(!again.passed)
    }

    // MARK: which runners are a full run, read without planning

    /// The runner `runner` (a script at `ops/run.sh`) is, beside three building tasks and a teardown.
    static func runner(_ runner: String) throws -> Runner? {
        let repo = try TestRepo(fixture: nil)
        for name in ["010-net", "020-db", "030-app"] {
            try repo.write("ops/tasks/\(name).sh", task("kubectl apply -f \(name).yaml"), executable: true)
        }
        try repo.write("ops/tasks/090-wipe.sh", task("kubectl delete namespace app"), executable: true)
        try repo.write("ops/run.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\n" + runner + "\n", executable: true)
        try repo.commitAll("runner")
        let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "ops").read(), infraDir: "ops", cache: ScriptCache())
        return Runner.all(in: reality).first { $0.file.path == "ops/run.sh" }
    }

    @Test func onlyAFullRunIsCoveredWhole() throws {
        // Every building task, by glob or by name: the full run.
        #expect(try Self.runner("for t in tasks/[0-9]*.sh; do bash \"$t\"; done")?.coverage == .whole)
        #expect(try Self.runner("bash tasks/010-net.sh\nbash tasks/020-db.sh\nbash tasks/030-app.sh")?.coverage == .whole)
        // A hand list that runs most of them is the full run kept by hand (it drifted).
        #expect(try Self.runner("for t in 010-net 030-app; do bash tasks/$t.sh; done")?.coverage == .whole)
        // One chosen task, a teardown, a teardown among others: not the full run.
        let one = try #require(try Self.runner("bash tasks/020-db.sh"))
        #expect(one.coverage == .partial && one.notAFullRun?.contains("runs only 020-db of the 3 tasks") == true, "\(one.notAFullRun ?? "")")
        let wipe = try #require(try Self.runner("bash tasks/090-wipe.sh"))
        #expect(wipe.coverage == .partial && wipe.notAFullRun?.contains("only the teardown 090-wipe") == true)
        let reset = try #require(try Self.runner("bash tasks/090-wipe.sh\nfor t in tasks/0[1-3]*.sh; do bash \"$t\"; done"))
        #expect(reset.coverage == .partial, "\(reset.notAFullRun ?? "")")
        // Arguments of its own, to one task or to each in a loop; its caller's `"$@"` handed on is not.
        let args = try #require(try Self.runner("bash tasks/010-net.sh\nbash tasks/020-db.sh --size small\nbash tasks/030-app.sh"))
        #expect(args.coverage == .partial && args.argumentTasks == ["020-db"])
        #expect(try Self.runner("for t in tasks/[0-9]*.sh; do bash \"$t\" --quiet; done")?.coverage == .partial)
        // Sourced into its shell: no.
        let sourced = try #require(try Self.runner("for t in tasks/[0-9]*.sh; do source \"$t\"; done"))
        #expect(sourced.coverage == .partial && sourced.notAFullRun?.hasPrefix("sources the tasks") == true)
    }
}
