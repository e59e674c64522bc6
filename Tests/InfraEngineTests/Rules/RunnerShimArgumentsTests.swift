import Foundation
import Testing
import ShellReader
@testable import InfraEngine

/// The session-11 tester's (brk14) defect 4: a runner that never read its arguments, made the
/// full-run shim, must not start handing them to the entrypoint, which rejects words it does
/// not know. Its callers passed some all along (`./run.sh $(ENV)` in a Makefile, `./run.sh
/// --ci` in CI) and the runner ignored them.
@Suite struct RunnerShimArgumentsTests {
    static var hasBash: Bool { Run.which("bash") != nil }
    static func task(_ body: String) -> String { RunnerChoiceTests.task(body) }

    /// r17's shape under other names: a plain loop, called with arguments by make and CI.
    static func repo() throws -> TestRepo {
        let repo = try TestRepo(fixture: nil)
        try repo.write("deploy/tasks/1-ns.sh", Self.task("kubectl create namespace web --dry-run=client -o yaml"), executable: true)
        try repo.write("deploy/tasks/2-app.sh", Self.task("kubectl -n web rollout restart deploy/app"), executable: true)
        try repo.write("deploy/run.sh", "#!/usr/bin/env bash\nset -euo pipefail\nfor t in \"$(dirname \"$0\")\"/tasks/*.sh; do bash \"$t\"; done\n",
                       executable: true)
        try repo.write("Makefile", "ENV ?= dev\ninfra:\n\t./deploy/run.sh $(ENV)\n")
        try repo.write(".github/workflows/infra.yml", "on: push\njobs:\n  infra:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy/run.sh --ci\n")
        try repo.write("README.md", "# web\n\n`make infra` (or `make infra ENV=prod`).\n")
        try repo.commitAll("scaffolding")
        return repo
    }

    @Test(.enabled(if: hasBash, "needs bash")) func aRunnerThatIgnoredItsArgumentsStillIgnoresThem() throws {
        let repo = try Self.repo()
        let callers = ["./deploy/run.sh", "./deploy/run.sh dev", "./deploy/run.sh --ci"]
        let before = try callers.map { try RunnerChoiceTests.run(repo, $0) }
        #expect(before.allSatisfy { $0.status == 0 && $0.calls.count == 2 }, "\(before)")
        try RunnerChoiceTests.apply(repo)
        let shim = repo.read("deploy/run.sh") ?? ""
        #expect(shim.contains("init.sh") && !shim.contains("\"$@\""), "\(shim)")
        for (caller, was) in zip(callers, before) {
            let now = try RunnerChoiceTests.run(repo, caller)
            #expect(now.status == 0 && now.calls == was.calls, "\(caller): \(now)\n\(shim)")
        }
        // Converged: the shim is a wrapper of the entrypoint, nothing to redo.
        let again = try RunnerChoiceTests.plan(repo)
        #expect(!again.findings.contains { $0.file == "deploy/run.sh" }, "\(again.findings.map(\.message))")
    }

    /// The shim's text, run: without forwarding it hands the entrypoint nothing; a one-task
    /// runner (it read `$1`) still hands its argument over as `--only NAME`, and one that is
    /// told to forward forwards.
    @Test(.enabled(if: hasBash, "needs bash")) func theShimForwardsOnlyWhatTheRunnerRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shim-args-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "#!/usr/bin/env bash\necho \"$#:$*\"\n".write(to: dir.appendingPathComponent("init.sh"), atomically: true, encoding: .utf8)
        func run(_ text: String, _ args: String) throws -> String {
            try text.write(to: dir.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
            let r = try Run.command("/bin/bash", ["-c", "chmod +x init.sh run.sh && ./run.sh \(args)"], cwd: dir,
                                    env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let ignoring = EntrypointScript.wrapper(runner: "x/run.sh", entrypoint: "x/init.sh", forwardsArguments: false)
        #expect(try run(ignoring, "dev --ci") == "0:", "\(ignoring)")
        #expect(ignoring.contains("ignored"), "\(ignoring)")
        let posix = EntrypointScript.wrapper(runner: "x/run.sh", entrypoint: "x/init.sh", posix: true, forwardsArguments: false)
        #expect(try run(posix, "prod") == "0:", "\(posix)")
        let forwarding = EntrypointScript.wrapper(runner: "x/run.sh", entrypoint: "x/init.sh")
        #expect(try run(forwarding, "--dry-run") == "1:--dry-run", "\(forwarding)")
        let oneTask = EntrypointScript.wrapper(runner: "x/run.sh", entrypoint: "x/init.sh", oneTask: true, forwardsArguments: false)
        #expect(try run(oneTask, "020-db") == "2:--only 020-db", "\(oneTask)")
    }

    /// Which runners the plan gives a shim that forwards: one that reads its first argument
    /// (the task to run) keeps it; a plain loop forwards nothing.
    @Test func onlyARunnerThatReadsItsArgumentsForwardsThem() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("deploy/tasks/010-ns.sh", Self.task("kubectl create namespace web --dry-run=client -o yaml"), executable: true)
        try repo.write("deploy/tasks/020-app.sh", Self.task("kubectl -n web apply -f app.yaml"), executable: true)
        try repo.write("deploy/all.sh", "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\nfor t in tasks/*.sh; do bash \"$t\"; done\n",
                       executable: true)
        try repo.write("deploy/step.sh", "#!/usr/bin/env bash\nset -euo pipefail\nbash \"$(dirname \"$0\")/tasks/$1.sh\"\n", executable: true)
        try repo.commitAll("runners")
        let op = try #require(try RunnerChoiceTests.plan(repo).operations.first { $0.id == "entrypoint-canonical-init" })
        let lines = op.patch.split(separator: "\n").map(String.init)
        let bare = "+exec \"$(dirname \"${BASH_SOURCE[0]}\")/init.sh\""
        #expect(lines.contains(bare) && !lines.contains(bare + " \"$@\""), "\(op.patch)")
        #expect(lines.contains(bare + " --only \"$task\" ${1+-- \"$@\"}"), "\(op.patch)")
    }
    /// The entrypoint's own case: a hand-written `init.sh` that only loops over the tasks and
    /// never read its arguments, called as `./deploy/init.sh $(ENV)` by make, is not replaced
    /// by the written one, which would stop on `dev`.
    @Test(.enabled(if: hasBash, "needs bash")) func aHandWrittenEntrypointCalledWithArgumentsIsKept() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("deploy/tasks/1-ns.sh", Self.task("kubectl create namespace web --dry-run=client -o yaml"), executable: true)
        let entry = "#!/usr/bin/env bash\nset -euo pipefail\nfor t in \"$(dirname \"$0\")\"/tasks/*.sh; do bash \"$t\"; done\n"
        try repo.write("deploy/init.sh", entry, executable: true)
        try repo.write("Makefile", "ENV ?= dev\ninfra:\n\t./deploy/init.sh $(ENV)\n")
        try repo.write("README.md", "# web\n\n`make infra`\n")
        try repo.commitAll("scaffolding")
        let before = try RunnerChoiceTests.run(repo, "./deploy/init.sh dev")
        try RunnerChoiceTests.apply(repo)
        #expect(repo.read("deploy/init.sh") == entry)
        let after = try RunnerChoiceTests.run(repo, "./deploy/init.sh dev")
        #expect(before.status == 0 && after.status == 0 && after.calls == before.calls, "\(before) \(after)")
    }

    /// Which callers' words count: commands in a Makefile, CI and a doc's code; not prose, not
    /// the entrypoint's own options.
    @Test func theWordsCallersPassAreReadFromCodeOnly() throws {
        func caller(_ files: [String: String]) throws -> String? {
            let repo = try TestRepo(fixture: nil)
            try repo.write("deploy/tasks/1-ns.sh", Self.task("kubectl create namespace web"), executable: true)
            try repo.write("deploy/init.sh", "#!/usr/bin/env bash\nfor t in deploy/tasks/*.sh; do bash \"$t\"; done\n", executable: true)
            for (path, text) in files { try repo.write(path, text) }
            try repo.commitAll("x")
            let reality = try RepoReality(snapshot: try RepoReader(root: repo.root, infraDir: "deploy").read(), infraDir: "deploy", cache: ScriptCache())
            return EntrypointConformance.callerArgument("deploy/init.sh", in: reality)
        }
        #expect(try caller(["README.md": "Run deploy/init.sh to bring it up, or `deploy/init.sh --dry-run` first.\n"]) == nil)
        #expect(try caller(["README.md": "```\n./deploy/init.sh staging\n```\n"]) == "staging")
        #expect(try caller(["README.md": "Run `./deploy/init.sh --only 1-ns --yes` then `deploy/init.sh`.\n"]) == nil)
        #expect(try caller(["scripts/ci.sh": "#!/bin/sh\n./deploy/init.sh --ci\n"]) == "--ci")
        #expect(try caller(["Makefile": "up:\n\t./deploy/init.sh $(ENV) && echo done\n"]) == "$(ENV)")
        #expect(try caller(["Makefile": "up:\n\t./deploy/init.sh; echo done\n"]) == nil)
    }
}
