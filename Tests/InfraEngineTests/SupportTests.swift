import Foundation
import Testing
@testable import InfraEngine

@Suite struct SupportTests {
    @Test func gitIgnoreCoverage() {
        let ignore = GitIgnore(text: "node_modules/\n.env\n/ai/infra/logs/\n*.pem\n")
        #expect(ignore.covers("ai/infra/logs/"))
        #expect(ignore.covers("ai/infra/logs/010.log"))
        #expect(ignore.covers("keys/a.pem"))
        #expect(ignore.covers("web/node_modules/"))
        #expect(!ignore.covers("ai/infra/secrets/key.json"))
        #expect(!GitIgnore(text: "logs\n!ai/infra/logs/\n").covers("src/x.txt"))
        #expect(GitIgnore(text: "logs/\n").covers("ai/infra/logs/"))
        var added = GitIgnore(text: "node_modules/")
        added.add("/ai/infra/logs/", comment: "Task logs")
        #expect(added.text == "node_modules/\n\n# Task logs\n/ai/infra/logs/\n")
    }

    /// A cached nil is a hit and an absent key a miss, for Optional values too (casting a
    /// missing `Any?` entry to an Optional type succeeds, which made the old memo answer nil
    /// for values it had never made); the same name under two types holds two values.
    @Test func typedCacheTellsPresenceFromNil() {
        let cache = TypedCache()
        var made = 0
        let first: Int? = cache.value("answer") { made += 1; return nil }
        let again: Int? = cache.value("answer") { made += 1; return 7 }
        #expect(first == nil && again == nil && made == 1)
        let fresh: Int? = cache.value("other") { made += 1; return 3 }
        #expect(fresh == 3 && made == 2)
        let text: String = cache.value("answer") { "a string" }
        #expect(text == "a string")
        let versioned1: String? = cache.value("v", from: ["a"]) { nil }
        let versioned2: String? = cache.value("v", from: ["a"]) { "made again" }
        let versioned3: String? = cache.value("v", from: ["b"]) { "new input" }
        #expect(versioned1 == nil && versioned2 == nil && versioned3 == "new input")
    }

    @Test func lineEditorKeepsEndingsAndOrder() {
        var e = LineEditor("a\r\nb\r\nc\r\n")
        e.delete(2...2)
        e.insert(["x", "y"], after: 0)
        e.replace(3...3, with: ["C"])
        #expect(e.text() == "x\r\ny\r\na\r\nC\r\n")
        var noFinal = LineEditor("one\ntwo")
        noFinal.replace(2...2, with: ["TWO"])
        #expect(noFinal.text() == "one\nTWO")
    }

    @Test func relativePaths() {
        #expect(relativePath(from: "ai/infra/bin", to: "ai/infra/init.sh") == "../init.sh")
        #expect(relativePath(from: "ai/infra/tasks", to: "ai/infra/lib/helpers.sh") == "../lib/helpers.sh")
        #expect(relativePath(from: "", to: "a/b.sh") == "a/b.sh")
        // Under the folder (the quick way), and the cases that must not take it.
        #expect(relativePath(from: "ai/infra/manifests", to: "ai/infra/manifests/app-1/service.yaml") == "app-1/service.yaml")
        #expect(relativePath(from: "ai/infra", to: "ai/infra-old/x.yaml") == "../infra-old/x.yaml")
        #expect(relativePath(from: "a/b", to: "a/b//c") == "c")
        #expect(relativePath(from: "a//b", to: "a//b/c") == "c")
        #expect(relativePath(from: "a/b", to: "a/b") == "../b")  // the folder itself, as a file beside it
        #expect(joinPath("ai/infra", "./bin/run-all.sh") == "ai/infra/bin/run-all.sh")
        #expect(joinPath("ai", "../../x") == nil)
    }

    /// What counts as text: valid UTF-8 without NUL bytes; a byte order mark is not part of it.
    @Test func decodedText() {
        #expect(RepoFile.decodeText(Data("a\nb".utf8)) == "a\nb")
        #expect(RepoFile.decodeText(Data()) == "")
        #expect(RepoFile.decodeText(Data([0xEF, 0xBB, 0xBF, 0x61])) == "a")
        #expect(RepoFile.decodeText(Data([0x61, 0x00, 0x62])) == nil)
        #expect(RepoFile.decodeText(Data([0x61, 0xC3])) == nil)
        #expect(RepoFile.decodeText(Data("café ✓".utf8)) == "café ✓")
    }

    /// The byte-level name checks every view of a tree runs on every path.
    @Test func pathNames() {
        for name in ["010-a.sh", "0_x.sh", "7-init.sh", "123-café.sh"] { #expect(InfraLayout.isNumberedScript(name), "\(name)") }
        for name in ["a-010.sh", "010.sh", "010-a.bash", "-1.sh", ".sh", "010-a.sh.txt", "١٢-x.sh"] {
            #expect(!InfraLayout.isNumberedScript(name), "\(name)")
        }
        for name in ["init.sh", "01-init-cluster.sh", "init_x.sh", "_init.sh", "00-init.sh"] { #expect(InfraLayout.isInitName(name), "\(name)") }
        for name in ["initial.sh", "x-init.sh", "init.bash", "010-a.sh", "inits.sh"] { #expect(!InfraLayout.isInitName(name), "\(name)") }
        #expect(fileName("a/b/c.sh") == "c.sh" && fileName("c.sh") == "c.sh" && fileName("a/") == "")
        #expect(isDirectly("ai/infra/tasks/x.sh", in: "ai/infra/tasks"))
        #expect(!isDirectly("ai/infra/tasks/sub/x.sh", in: "ai/infra/tasks"))
        #expect(!isDirectly("ai/infra/tasksx/x.sh", in: "ai/infra/tasks"))
        #expect(!isDirectly("ai/infra/x.sh", in: "ai/infra/tasks"))
        #expect(isDirectly("x.sh", in: "") && !isDirectly("a/x.sh", in: ""))
    }

    /// The plain-path shortcut and the normalising walk agree on every shape of relative path
    /// (the folder is a repository path, already normal).
    @Test func joinedPathsAreNormalised() {
        let cases: [(String, String, String?)] = [
            ("ai/infra", "tasks/010-a.sh", "ai/infra/tasks/010-a.sh"),
            ("", "a/b", "a/b"),
            ("ai/infra", "", "ai/infra"),
            ("", "", ""),
            ("ai/infra", "tasks/", "ai/infra/tasks"),
            ("ai/infra", "a//b", "ai/infra/a/b"),
            ("ai/infra", "/etc/x", "etc/x"),
            ("ai//infra", "x", "ai/infra/x"),
            ("/ai", "x", "ai/x"),
            ("ai/infra", "..", "ai"),
            ("ai/infra", "a/../b", "ai/infra/b"),
            ("ai/infra", ".hidden/x", "ai/infra/.hidden/x"),
            ("ai/infra", "...", "ai/infra/..."),
            ("ai/infra", ".../x", "ai/infra/.../x"),
            ("ai/infra", "x/.", "ai/infra/x"),
            ("ai/infra", "café/ü.yaml", "ai/infra/café/ü.yaml"),
        ]
        for (folder, relative, expected) in cases {
            #expect(joinPath(folder, relative) == expected, "\(folder) + \(relative)")
        }
    }

    /// The byte-level `joinPath` answers as the plain definition does: the folder's parts as
    /// written, then the relative path's parts, `.` skipped, `..` dropping the part before it
    /// (nil above the start), empty parts dropped; a relative path from `/` drops the folder.
    /// Every folder of up to two pieces against every relative path of up to three.
    @Test func joinPathAgreesWithItsDefinitionOnEveryShortPath() {
        func defined(_ folder: String, _ relative: String) -> String? {
            var parts: [String] = relative.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
            for part in relative.split(separator: "/") {
                if part == "." { continue }
                if part == ".." { if parts.isEmpty { return nil }; parts.removeLast() } else { parts.append(String(part)) }
            }
            return parts.joined(separator: "/")
        }
        let pieces = ["a", "b.sh", ".", "..", "", "ü", "x y", "..."]
        func paths(upTo n: Int) -> [String] {
            var out = [""], level = [[String]()]
            for _ in 0..<n {
                level = level.flatMap { p in pieces.map { p + [$0] } }
                out += level.map { $0.joined(separator: "/") }
            }
            return out
        }
        var compared = 0
        for folder in paths(upTo: 2) {
            for path in paths(upTo: 3) {
                for relative in [path, "/" + path] {
                    #expect(joinPath(folder, relative) == defined(folder, relative), "\(folder) + \(relative)")
                    compared += 1
                }
            }
        }
        #expect(compared == 73 * 585 * 2)
    }

    @Test func slugs() {
        #expect(OperationID.slug("Entrypoint", "ai/infra/init.sh") == "entrypoint-ai-infra-init-sh")
        #expect(OperationID.isValid("helpers-normalise-lib"))
        #expect(!OperationID.isValid("Helpers"))
        #expect(OperationID.list(" a, b ,,c") == ["a", "b", "c"])
    }

    @Test func pathGuardRefusesEscapes() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        try FileManager.default.createSymbolicLink(atPath: repo.url("out").path, withDestinationPath: "/tmp")
        try FileManager.default.createDirectory(at: repo.url("in"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.url("inside").path, withDestinationPath: repo.url("in").path)
        #expect(PathGuard.problem(with: "../x", root: repo.root)?.contains("leaves the repository") == true)
        #expect(PathGuard.problem(with: "/etc/passwd", root: repo.root)?.contains("absolute") == true)
        #expect(PathGuard.problem(with: ".git/config", root: repo.root)?.contains(".git") == true)
        #expect(PathGuard.problem(with: "out/x", root: repo.root)?.contains("symbolic link") == true)
        #expect(PathGuard.problem(with: "inside/x", root: repo.root) == nil)
        #expect(PathGuard.problem(with: "a/b/c.sh", root: repo.root) == nil)
    }

    @Test func atomicWriteKeepsModeAndLeavesNoTemp() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let url = repo.url("d/x.sh")
        try AtomicFile.write(Data("one".utf8), to: url, mode: 0o755)
        #expect(AtomicFile.mode(of: url) == 0o755)
        try AtomicFile.write(Data("two".utf8), to: url, mode: 0o700)
        #expect(try String(contentsOf: url, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.url("d").path) == ["x.sh"])
    }

    @Test func secondWriterIsLockedOut() throws {
        let repo = try TestRepo(fixture: nil, git: false)
        let state = repo.url("state")
        let first = try RepoLock(stateFolder: state)
        #expect(throws: EngineError.self) { _ = try RepoLock(stateFolder: state) }
        withExtendedLifetime(first) {}
    }

    @Test func approvalGate() throws {
        let repo = try TestRepo()
        let plan = try repo.plan()
        var gate = ApprovalGate(plan: plan)
        #expect(gate.counts.pending == plan.operations.count)
        #expect(gate.dependents(of: "helpers-normalise-lib").first == "entrypoint-canonical-init")
        #expect(gate.dependents(of: "entrypoint-canonical-init").contains("docs-runbook"))
        try gate.set("entrypoint-canonical-init", .accepted)
        #expect(gate.unmetDependencies(of: "entrypoint-canonical-init") == ["helpers-normalise-lib"])
        #expect(throws: EngineError.self) { try gate.checkDependencies() }
        try gate.decide(accept: ["all"], reject: [])
        #expect(gate.accepted.map(\.id) == plan.operations.map(\.id))
        #expect(throws: EngineError.usage("no operation 'zzz' in the plan")) { try gate.set("zzz", .accepted) }
    }
}

@Suite struct ValidatorYAMLTests {
    @Test func brokenYAMLFailsValidation() {
        var tree = RepoSnapshot()
        tree.write("m/a.yaml", RepoFile(text: "kind: ok\n---\nkey: [unclosed\n"))
        let op = Operation(ops: OpsBlock(id: "x", title: "t", group: .local, risk: .low, preconditions: [], commands: [],
                                         expectedOutputs: [], rollback: []),
                           rule: "t", rationale: "", findings: [], files: [FileTouch(path: "m/a.yaml", change: .modify)],
                           patch: "", baseline: [])
        #expect(Validator.yaml(op, tree).first?.status == .failed)
        tree.write("m/a.yaml", RepoFile(text: "kind: ok\n---\nkey: [closed]\n"))
        #expect(Validator.yaml(op, tree).first?.status == .passed)
    }
}

@Suite struct EntrypointConfigTests {
    @Test func configuredEntrypointTakesTheRole() throws {
        let repo = try TestRepo()
        try repo.write("ai/infra/.infra-tui.yaml", "# the team's name for it\nentrypoint: ai/infra/bootstrap.sh\n")
        try repo.commitAll("config")
        let plan = try repo.plan()
        let entry = try #require(plan.operation("entrypoint-canonical-init"))
        #expect(entry.files.contains(FileTouch(path: "ai/infra/bootstrap.sh", change: .create)))
        #expect(!entry.files.contains { $0.path == "ai/infra/init.sh" })
        #expect(entry.title == "Drive every task from ai/infra/bootstrap.sh")
    }

    @Test func existingNumberedInitScriptTakesTheRole() throws {
        let repo = try TestRepo()
        try repo.write("ai/infra/01-init-cluster.sh", "#!/bin/bash\nset -euo pipefail\nfor t in tasks/*.sh; do bash \"$t\"; done\n", executable: true)
        try repo.commitAll("init")
        let plan = try repo.plan()
        let entry = try #require(plan.operation("entrypoint-canonical-init"))
        #expect(entry.files.contains(FileTouch(path: "ai/infra/01-init-cluster.sh", change: .modify)))
        #expect(!entry.files.contains { $0.path == "ai/infra/init.sh" })
    }

    @Test func aConfigThatLeavesTheTreeIsIgnored() {
        #expect(InfraConfig("entrypoint: ../../etc/x.sh").entrypoint == nil)
        #expect(InfraConfig("entrypoint: /bin/sh").entrypoint == nil)
        #expect(InfraConfig("{ not: [yaml").entrypoint == nil)
        #expect(InfraConfig(nil).entrypoint == nil)
    }
}

@Suite struct ReferenceCheckTests {
    func op(_ path: String) -> InfraEngine.Operation {
        Operation(ops: OpsBlock(id: "x", title: "t", group: .local, risk: .low, preconditions: [], commands: [],
                                expectedOutputs: [], rollback: []),
                  rule: "t", rationale: "", findings: [], files: [FileTouch(path: path, change: .modify)], patch: "", baseline: [])
    }

    @Test func aLineThePatchAddsMayNotNameAMissingFile() {
        var tree = RepoSnapshot()
        tree.write("ai/infra/tasks/010-a.sh", RepoFile(text: "#!/bin/bash\nkubectl apply -f \"$(dirname \"$0\")/../m/x.yaml\"\nsource \"$(dirname \"$0\")/../lib/old.sh\"\n"))
        tree.write("ai/infra/m/x.yaml", RepoFile(text: "kind: X\n"))
        // Line 2 names a file that exists; line 3 a missing one that the patch did not add.
        #expect(ReferenceCheck.check(op("ai/infra/tasks/010-a.sh"), after: tree, added: ["ai/infra/tasks/010-a.sh": [2]], scripts: ScriptCache())?.status == .passed)
        let failed = ReferenceCheck.check(op("ai/infra/tasks/010-a.sh"), after: tree, added: ["ai/infra/tasks/010-a.sh": [3]], scripts: ScriptCache())
        #expect(failed?.status == .failed)
        #expect(failed?.detail.contains("ai/infra/lib/old.sh") == true)
    }
}
