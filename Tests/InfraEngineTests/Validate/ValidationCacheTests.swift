import Foundation
import Testing
@testable import InfraEngine

/// The external checks run once per distinct file version, batched, and are answered from the
/// cache when nothing they read has changed.
@Suite struct ShellContextTests {
    @Test(arguments: [
        ("source \"$(dirname \"$0\")/../lib/helpers.sh\"", ["helpers.sh"]),
        (". ./lib/common.sh", ["common.sh"]),
        ("[ -f x ] && . \"${DIR}/y.sh\"; echo", ["y.sh"]),
        ("source \"$(cd \"$(dirname \"$0\")\" && pwd)/lib/z.sh\"", ["z.sh"]),
        ("# shellcheck source=lib/x.sh", ["x.sh"]),
        ("source \"$LIB\"", []),
        ("find . -name '*.sh'", ["-name"]),  // harmless: no shell file is called that
        ("echo resourceful", []),
    ])
    func sourcedNames(line: String, names: [String]) {
        #expect(ShellContext.sourcedNames(line) == Set(names))
    }

    @Test func contextFollowsLibrariesAndKeepsOutTheRest() {
        var tree = RepoSnapshot()
        tree.write("t/a.sh", RepoFile(text: "source \"$(dirname \"$0\")/../lib/one.sh\"\n"))
        tree.write("lib/one.sh", RepoFile(text: ". \"${BASH_SOURCE%/*}/two.sh\"\n"))
        tree.write("lib/two.sh", RepoFile(text: "f() { :; }\n"))
        tree.write("lib/unused.sh", RepoFile(text: "g() { :; }\n"))
        tree.write(".shellcheckrc", RepoFile(text: "disable=SC1091\n"))
        var context = ShellContext(tree)
        #expect(Set(context.files(for: "t/a.sh", in: tree).keys) == ["t/a.sh", "lib/one.sh", "lib/two.sh", ".shellcheckrc"])
        tree.delete("lib/two.sh")
        context.update(["lib/two.sh"], in: tree)
        #expect(Set(context.files(for: "t/a.sh", in: tree).keys) == ["t/a.sh", "lib/one.sh", ".shellcheckrc"])
    }
}

@Suite struct ValidationCacheTests {
    func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("infra-tui-cache-test-\(UUID().uuidString)")
    }

    @Test func keepsAnswersAcrossRunsAndSurvivesABadFile() throws {
        let folder = scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("c.json")
        let first = ValidationCache(file: file)
        #expect(first.lookup("k") == nil)
        first.store("k", .init(ok: false, lines: ["a.sh:3:1: warning: x [SC2086]"]))
        first.save()
        let second = ValidationCache(file: file)
        #expect(second.lookup("k")?.lines == ["a.sh:3:1: warning: x [SC2086]"])
        #expect(second.lookup("k")?.ok == false)
        try Data("{not json".utf8).write(to: file)
        #expect(ValidationCache(file: file).lookup("k") == nil)
        // A folder that cannot be created is no error.
        let blocked = ValidationCache(file: URL(fileURLWithPath: "/proc/infra-tui/c.json"))
        blocked.store("k", .init(ok: true, lines: []))
        blocked.save()
    }

    @Test func jobsWithDifferentLibrariesGetTheirOwnFolders() async throws {
        let tool = ToolIdentity(path: "/bin/true", fingerprint: "t")
        let a = ToolJob(kind: .shellcheck, tool: tool, target: "t/a.sh", files: ["t/a.sh": Data("x\n".utf8), "lib/l.sh": Data("1\n".utf8)])
        let b = ToolJob(kind: .shellcheck, tool: tool, target: "t/b.sh", files: ["t/b.sh": Data("y\n".utf8), "lib/l.sh": Data("1\n".utf8)])
        let c = ToolJob(kind: .shellcheck, tool: tool, target: "t/a.sh", files: ["t/a.sh": Data("x\n".utf8), "lib/l.sh": Data("2\n".utf8)])
        #expect(a.key != c.key, "the library is part of what decides the answer")
        let folder = scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stream = ToolJobStream(cache: ValidationCache(file: nil), cores: 2, tools: [.shellcheck: tool], scratch: folder)
        for job in [a, b, c, a] { stream.submit(job) }
        let answers = await stream.finish()
        #expect(Set(answers.keys) == [a.key, b.key, c.key], "each distinct job answered once")
        let calls = try String(contentsOf: folder.appendingPathComponent("calls.sh"), encoding: .utf8).split(separator: "\n")
        #expect(calls.count == 2, "a and b share a folder and a call; c needs its own: \(calls)")
        #expect(try String(contentsOf: folder.appendingPathComponent("s0/lib/l.sh"), encoding: .utf8) == "1\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("s1/lib/l.sh"), encoding: .utf8) == "2\n")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("s0/t/b.sh").path))
    }
}

/// Through the real binary, with logging wrappers around bash, shellcheck and kubectl.
@Suite(.serialized) struct ValidationReuseTests {
    struct Logged {
        let bin: URL
        var log: URL { bin.appendingPathComponent("calls.log") }
        init(in folder: URL) throws {
            bin = folder
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for tool in ["bash", "shellcheck", "kubectl"] {
                guard let real = Run.which(tool) else { continue }
                let script = "#!/bin/sh\necho \"\(tool) $*\" >> \"\(log.path)\"\nexec \(real) \"$@\"\n"
                let url = folder.appendingPathComponent(tool)
                try Data(script.utf8).write(to: url)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            }
        }
        func calls() -> [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    @Test func aReplanOfAnUnchangedTreeCallsNoTool() throws {
        guard Run.which("shellcheck") != nil else { return }
        let repo = try TestRepo()
        let tools = try Logged(in: repo.root.deletingLastPathComponent().appendingPathComponent("\(repo.root.lastPathComponent)-bin"))
        defer { try? FileManager.default.removeItem(at: tools.bin) }
        let env = ["PATH": tools.bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                   "INFRA_TUI_CACHE_DIR": tools.bin.appendingPathComponent("cache").path]
        let first = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        let cold = tools.calls()
        let checks = cold.filter { $0.hasPrefix("shellcheck ") }
        let scripts = checks.flatMap { $0.split(separator: " ").filter { $0.hasSuffix(".sh") } }
        #expect(!checks.isEmpty && checks.count < scripts.count, "shellcheck takes many scripts per process: \(checks)")
        #expect(cold.contains { $0.hasPrefix("kubectl kustomize") })
        #expect(Set(scripts).count == scripts.count || checks.count > 1, "one job per distinct script version")

        let second = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"], env: env)
        #expect(second.stdout == first.stdout)
        #expect(tools.calls() == cold, "a re-plan of the same tree ran: \(tools.calls().dropFirst(cold.count))")

        // One task changed: only the operations touching it are checked again.
        let task = "ai/infra/tasks/070-hello.sh"
        try repo.write(task, (repo.read(task) ?? "") + "\necho done\n", executable: true)
        let third = try Run.tui(["plan", "--repo", repo.root.path, "--format", "json"], env: env)
        #expect(third.status == 0, "\(third.stderr)")
        let fresh = tools.calls().dropFirst(cold.count)
        let rechecked = Set(fresh.flatMap { $0.split(separator: " ").filter { $0.hasSuffix(".sh") }.map(String.init) })
        #expect(!rechecked.isEmpty)
        #expect(rechecked.isSubset(of: [task, "ai/infra/init.sh", "docs/plans/infra/runbook.md"]), "\(rechecked)")
        #expect(!fresh.contains { $0.hasPrefix("kubectl") }, "the manifests did not change: \(fresh)")
    }
}
