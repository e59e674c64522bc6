import Foundation
import Testing
@testable import InfraEngine

/// The headless commands end to end, on copies of edge-messy, through the real binary.
@Suite(.serialized) struct CommandLineTests {
    @Test func planTwiceIsByteIdentical() throws {
        let repo = try TestRepo()
        let a = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"])
        let b = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.contains("\"schemaVersion\" : 1"))
        let ops = try Run.tui(["plan", "--repo", repo.root.path, "--format", "ops"])
        let again = try Run.tui(["plan", "--repo", repo.root.path, "--format", "ops"])
        #expect(ops.stdout == again.stdout)
    }

    /// INFRA_TUI_TRACE_PLAN says where the time goes, on stderr, and changes nothing else.
    @Test func planTraceNamesEveryPhaseAndRule() throws {
        let repo = try TestRepo()
        let quiet = try Run.tui(["plan", "--no-validate", "--repo", repo.root.path, "--format", "json"])
        let traced = try Run.tui(["plan", "--no-validate", "--repo", repo.root.path, "--format", "json"],
                                 env: ["INFRA_TUI_TRACE_PLAN": "1"])
        #expect(traced.status == 0 && traced.stdout == quiet.stdout)
        #expect(!quiet.stderr.contains("infra-tui trace:"))
        let lines = traced.stderr.split(separator: "\n").filter { $0.hasPrefix("infra-tui trace: at ") }
        for phase in ["read ", "parsed the scripts", "planned ", "validated", "written"] {
            #expect(lines.contains { $0.contains(phase) }, "no \(phase) line in \(traced.stderr)")
        }
        for rule in RuleSet.coderMode.map(\.id) {
            #expect(lines.contains { $0.contains("operations \(rule): ") }, "\(rule)")
            #expect(lines.contains { $0.contains("findings   \(rule) (") }, "\(rule)")
        }
    }

    @Test func applyAllGivesCleanScriptsAndAWorkingEntrypoint() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let touched = Set(plan.operations.flatMap { $0.files.map(\.path) }).filter { $0.hasSuffix(".sh") }
        #expect(touched.contains("ai/infra/init.sh"))
        for path in touched.sorted() {
            let bash = try Run.command("/bin/bash", ["-n", repo.url(path).path])
            #expect(bash.status == 0, "bash -n \(path): \(bash.stderr)")
            if let shellcheck = Run.which("shellcheck") {
                let sc = try Run.command(shellcheck, [repo.url(path).path], cwd: repo.root)
                #expect(sc.status == 0, "shellcheck \(path):\n\(sc.stdout)")
            }
        }
        let list = try Run.command(repo.url("ai/infra/init.sh").path, ["--list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout == """
            010-enable-apis
            020-vpc
            030-cluster
            045-dns-zone
            050-cert-manager
            060-gateway
            070-hello

            """)
        // --dry-run runs no task: stub cloud tools record every call.
        let stubs = try StubTools(in: repo.root.appendingPathComponent(".stubs"))
        let required = StubTools.requiredEnvironment(of: repo.url("ai/infra/init.sh"))
        #expect(required.isSuperset(of: ["PROJECT_ID", "ZONE", "CLUSTER", "DOMAIN"]))
        var values = Dictionary(uniqueKeysWithValues: required.map { ($0, "x") })
        values["ZONE"] = "europe-west1-b"
        let env = stubs.environment(values)
        let dry = try Run.command(repo.url("ai/infra/init.sh").path, ["--dry-run"], env: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would run 010-enable-apis 020-vpc 030-cluster 045-dns-zone"))
        #expect(stubs.calls().isEmpty, "dry run called: \(stubs.calls())")
        #expect(!FileManager.default.fileExists(atPath: repo.url("ai/infra/logs").path))
        // The old runner still works, by delegating. It never read its arguments, so it still
        // ignores them (brk14 item 4): `--list` is a full run, which checks the environment first.
        let wrapper = try Run.command(repo.url("ai/infra/bin/run-all.sh").path, ["--list"], env: stubs.environment([:]))
        #expect(wrapper.status != 0 && wrapper.stderr.contains("missing required environment"), "\(wrapper.stderr)")
        #expect(stubs.calls().isEmpty)
        // Missing environment is caught before any task runs.
        let missing = try Run.command(repo.url("ai/infra/init.sh").path, ["--only", "045"], env: stubs.environment([:]))
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("missing required environment"))
        #expect(stubs.calls().isEmpty)

        // Convergence: planning again proposes nothing for these rules.
        let second = try repo.plan()
        #expect(second.operations.isEmpty, "still proposes \(second.operations.map(\.id))")
        // Only the tasks' own versions of library helpers (020-vpc's `die` exits 2) are still
        // reported: kept, at info level, with no operation.
        #expect(second.findings.filter { $0.rule == "helpers" }.allSatisfy { $0.severity == .info && $0.message.contains("kept") },
                "\(second.findings.filter { $0.rule == "helpers" })")
    }

    @Test func exportedSeriesAppliesWithGitAmAndMatchesApply() throws {
        let exported = try TestRepo()
        let plan = try exported.plan()
        let series = exported.root.deletingLastPathComponent().appendingPathComponent("series-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: series) }
        let export = try Run.tui(["export", "--repo", exported.root.path, "--accept", "all", "--out", series.path])
        #expect(export.status == 0, "\(export.stderr)")
        let names = try String(contentsOf: series.appendingPathComponent("series"), encoding: .utf8)
        let expected = plan.operations.enumerated().map { String(format: "%04d-", $0.offset + 1) + $0.element.id + ".patch" }
        #expect(names == expected.map { $0 + "\n" }.joined())
        #expect(names.hasPrefix("0001-helpers-normalise-lib.patch\n0002-entrypoint-canonical-init.patch\n"))
        for extra in ["ops.md", "ops.json"] {
            #expect(FileManager.default.fileExists(atPath: series.appendingPathComponent(extra).path))
        }
        let opsMD = try String(contentsOf: series.appendingPathComponent("ops.md"), encoding: .utf8)
        #expect(try OpsBlockText.blocks(in: opsMD).map(\.id) == plan.operations.map(\.id))

        let fresh = try TestRepo()
        let am = try fresh.git(["am", "-q"] + expected.map { series.appendingPathComponent($0).path })
        #expect(am.status == 0, "git am: \(am.stderr)")
        let log = try fresh.git("log", "--format=%s")
        #expect(log.stdout.contains("Drive every task from ai/infra/init.sh"))
        let body = try fresh.git("log", "--format=%b")
        #expect(body.stdout.contains("```ops\nId: entrypoint-canonical-init"))

        let applied = try TestRepo()
        let apply = try Run.tui(["apply", "--repo", applied.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        // apply keeps a credential on disk (ignored, out of the index); git am deletes it.
        var appliedTree = applied.tree()
        let keptCredentials = plan.operations.filter { $0.rule == "secrets" }.flatMap(\.files).filter { $0.change == .delete }.map(\.path)
        for path in keptCredentials {
            #expect(appliedTree[path] != nil, "apply must keep \(path) on disk")
            appliedTree[path] = nil
        }
        #expect(fresh.tree() == appliedTree)
    }

    @Test func undoRestoresEveryByte() throws {
        let repo = try TestRepo()
        let before = repo.tree()
        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(repo.tree() != before)
        #expect(FileManager.default.fileExists(atPath: repo.url(".git/infra-tui/journal").path))
        let undo = try Run.tui(["undo", "--repo", repo.root.path])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(repo.tree() == before)
        let again = try Run.tui(["undo", "--repo", repo.root.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("nothing to undo"))
    }

    @Test func rejectingEverythingChangesNothing() throws {
        let repo = try TestRepo()
        let before = repo.tree()
        let r = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--reject", "all"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(repo.tree() == before)
    }

    @Test func staleFileRefusesOnlyItsOperations() throws {
        let repo = try TestRepo()
        let planFile = repo.root.deletingLastPathComponent().appendingPathComponent("plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: planFile) }
        let plan = try Run.tui(["plan", "--repo", repo.root.path, "--out", planFile.path, "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        // Someone edits .gitignore (only the entrypoint operation touches it) after the plan.
        try repo.write(".gitignore", "node_modules/\n.env\n*.tfstate\n")
        let edited = repo.read(".gitignore")
        let apply = try Run.tui(["apply", "--repo", repo.root.path, "--plan", planFile.path, "--accept", "all"])
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("refused entrypoint-canonical-init: .gitignore changed since the plan"))
        #expect(apply.stdout.contains("applied helpers-normalise-lib"))
        #expect(repo.read(".gitignore") == edited)
        #expect(!FileManager.default.fileExists(atPath: repo.url("ai/infra/init.sh").path))
        #expect(repo.read("ai/infra/tasks/010-enable-apis.sh")?.contains("set -euo pipefail") == true)
    }

    @Test func dependencyMustBeAccepted() throws {
        let repo = try TestRepo()
        let r = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "entrypoint-canonical-init", "--no-validate"])
        #expect(r.status == 2)
        #expect(r.stderr == "infra-tui: 'entrypoint-canonical-init' depends on 'helpers-normalise-lib', which is not accepted: accept both or neither\n")
    }

    /// A file given as --repo is "not a folder", not missing.
    @Test func aFileAsRepoIsNotAFolder() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("file.txt", "x\n")
        let r = try Run.tui(["plan", "--repo", repo.url("file.txt").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("not a folder") && !r.stderr.contains("no such folder"), "\(r.stderr)")
    }

    /// Files named like tasks that cannot be read as scripts (a link that loops, a FIFO, a
    /// binary file) are each named in a finding that says why, with no patch for them.
    @Test func unreadableTaskFilesAreNamedWithWhy() throws {
        let repo = try TestRepo()
        let tasks = repo.url("ai/infra/tasks")
        try FileManager.default.createSymbolicLink(atPath: tasks.appendingPathComponent("050-x.sh").path, withDestinationPath: "050-x.sh")
        #expect(mkfifo(tasks.appendingPathComponent("045-pipe.sh").path, 0o644) == 0)
        try Data([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00]).write(to: tasks.appendingPathComponent("040-blob.sh"))
        let r = try Run.tui(["plan", "--no-validate", "--repo", repo.root.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("040-blob.sh"), "\(r.stdout)")
        let plan = try repo.plan()
        let unread = plan.findings.filter { $0.id.hasSuffix(":unread-task") }
        #expect(unread.allSatisfy { $0.operation == nil })
        for (name, why) in [("050-x.sh", "loops"), ("045-pipe.sh", "not a regular file"), ("040-blob.sh", "not text")] {
            let f = unread.first { $0.file == "ai/infra/tasks/" + name }
            #expect(f?.message.contains(why) == true && f?.message.contains("[0-9]*.sh") == true, "\(name): \(unread.map(\.message))")
        }
        #expect(!plan.operations.contains { op in op.files.contains { ["050-x.sh", "045-pipe.sh", "040-blob.sh"].contains(fileName($0.path)) } })
    }

    @Test func clearErrorsAndExitCodes() throws {
        let empty = try TestRepo(fixture: nil)
        let none = try Run.tui(["plan", "--repo", empty.root.path])
        #expect(none.status == 2)
        #expect(none.stderr.hasPrefix("infra-tui: no infra scaffolding"))
        #expect(none.stderr.split(separator: "\n").count == 1)
        let missing = try Run.tui(["plan", "--repo", "/nonexistent/repo"])
        #expect(missing.status == 2)
        let bad = try Run.tui(["plan", "--format", "yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.split(separator: "\n").count == 1)
        let repo = try TestRepo()
        let unknown = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "nope", "--no-validate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'nope'"))
        let garbage = repo.root.appendingPathComponent("garbage.json")
        try Data("{not json".utf8).write(to: garbage)
        let badPlan = try Run.tui(["apply", "--repo", repo.root.path, "--plan", garbage.path, "--accept", "all"])
        #expect(badPlan.status == 2)
        #expect(badPlan.stderr.hasPrefix("infra-tui: not a plan file"))
    }
}

/// Stand-ins for gcloud, kubectl and helm that record every call and never touch a cloud.
struct StubTools {
    let folder: URL
    var log: URL { folder.appendingPathComponent("calls.log") }

    init(in folder: URL, alreadyExists: Bool = false) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for tool in ["gcloud", "kubectl", "helm"] {
            let script = "#!/bin/sh\necho \"\(tool) $*\" >> \"\(log.path)\"\n"
            let url = folder.appendingPathComponent(tool)
            try Data(script.utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
    }

    func environment(_ extra: [String: String]) -> [String: String] {
        var env = extra
        env["PATH"] = folder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for name in ["PROJECT_ID", "ZONE", "CLUSTER", "DOMAIN", "REGION", "GATEWAY_IP", "ACME_EMAIL"] where extra[name] == nil { env[name] = "" }
        return env
    }

    /// The names in an entrypoint's `REQUIRED_ENV=(...)` line.
    static func requiredEnvironment(of entrypoint: URL) -> Set<String> {
        let text = (try? String(contentsOf: entrypoint, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("REQUIRED_ENV=(") }) else { return [] }
        return Set(line.dropFirst("REQUIRED_ENV=(".count).dropLast().split(separator: " ").map(String.init))
    }

    func calls() -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
