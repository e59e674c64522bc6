import Foundation
import Testing
@testable import InfraEngine

/// Repositories that try to break the reader: each gives a plan or one clear line, never a
/// crash or a hang.
@Suite struct HostileRepositoryTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let build: @Sendable (TestRepo) throws -> Void
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "binary file among the tasks") { try Data((0..<4096).map { UInt8($0 % 256) }).write(to: $0.url("ai/infra/tasks/015-blob.sh")) },
        Case(name: "NUL byte in a task") { try $0.write("ai/infra/tasks/016-nul.sh", "#!/bin/bash\necho a\u{0}b\n") },
        Case(name: "invalid UTF-8") { try Data([0x23, 0x21, 0xFF, 0xFE, 0x0A, 0x65, 0xC3]).write(to: $0.url("ai/infra/tasks/017-bad.sh")) },
        Case(name: "CRLF endings") { repo in
            let text = repo.read("ai/infra/tasks/050-cert-manager.sh")!.replacingOccurrences(of: "\n", with: "\r\n")
            try repo.write("ai/infra/tasks/050-cert-manager.sh", text)
        },
        Case(name: "no final newline") { try $0.write("ai/infra/tasks/018-nofinal.sh", "#!/bin/bash\nset -euo pipefail\necho x") },
        Case(name: "shell syntax error") { try $0.write("ai/infra/tasks/019-broken.sh", "#!/bin/bash\nif then fi (( \"unterminated\n") },
        Case(name: "malformed YAML") { try $0.write("ai/infra/manifests/hello/bad.yaml", "kind: [unclosed\n  - : :\n\t tab") },
        Case(name: "multi-document YAML with anchors") {
            try $0.write("ai/infra/manifests/hello/multi.yaml", "a: &x {k: v}\nb: *x\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: m}\n---\n")
        },
        Case(name: "50 MB file") { repo in
            let big = Data(repeating: 0x61, count: 50 << 20)
            try big.write(to: repo.url("ai/infra/manifests/huge.yaml"))
        },
        Case(name: "thousands of files") { repo in
            for i in 0..<3000 { try repo.write("ai/infra/notes/n\(i).txt", "note \(i)\n") }
        },
        Case(name: "names with spaces, quotes and non-ASCII") { repo in
            try repo.write("ai/infra/tasks/080-café \"quoted\" it's.sh", "#!/bin/bash\nset -euo pipefail\necho ok\n")
        },
        Case(name: "empty files") { repo in
            try repo.write("ai/infra/tasks/090-empty.sh", "")
            try repo.write("ai/infra/manifests/empty.yaml", "")
        },
        Case(name: "symlink pointing outside") { repo in
            try FileManager.default.createSymbolicLink(atPath: repo.url("ai/infra/tasks/095-passwd.sh").path, withDestinationPath: "/etc/passwd")
        },
        Case(name: "uncommitted changes") { repo in
            try repo.write("ai/infra/tasks/030-cluster.sh", repo.read("ai/infra/tasks/030-cluster.sh")! + "echo local edit\n")
        },
    ]

    @Test(arguments: cases)
    func planNeverCrashes(_ hostile: Case) throws {
        let repo = try TestRepo()
        try hostile.build(repo)
        let r = try Run.tui(["plan", "--repo", repo.root.path, "--no-validate", "--format", "json"])
        #expect(r.status == 0, "\(hostile.name): \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrac"))
        let plan = try PlanJSON.decode(Data(r.stdout.utf8))
        #expect(!plan.operations.isEmpty)
    }

    @Test func outsideLinksAndHugeFilesAreNamedInTheNotes() throws {
        let repo = try TestRepo()
        try FileManager.default.createSymbolicLink(atPath: repo.url("ai/infra/tasks/095-passwd.sh").path, withDestinationPath: "/etc/passwd")
        try Data(repeating: 0x61, count: 3 << 20).write(to: repo.url("ai/infra/manifests/huge.yaml"))
        let plan = try repo.plan()
        #expect(plan.notes.contains { $0.contains("095-passwd.sh") && $0.contains("leaves the repository") })
        #expect(plan.notes.contains { $0.contains("huge.yaml") && $0.contains("not read") })
    }

    @Test func aTaskFolderThatIsASymlinkIsSaidNotFollowed() throws {
        let repo = try TestRepo()
        try FileManager.default.moveItem(at: repo.url("ai/infra/tasks"), to: repo.url("real-tasks"))
        try FileManager.default.createSymbolicLink(atPath: repo.url("ai/infra/tasks").path, withDestinationPath: repo.url("real-tasks").path)
        let r = try Run.tui(["plan", "--repo", repo.root.path, "--no-validate"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ai/infra/tasks is a symbolic link; not followed"))
    }

    @Test func notAGitRepository() throws {
        let repo = try TestRepo(git: false)
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("xdg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let env = ["XDG_STATE_HOME": state.path]
        let before = repo.tree()
        #expect(try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"], env: env).status == 0)
        #expect(!FileManager.default.fileExists(atPath: repo.url(".git").path))
        #expect(FileManager.default.fileExists(atPath: state.appendingPathComponent("infra-tui").path))
        #expect(try Run.tui(["undo", "--repo", repo.root.path], env: env).status == 0)
        #expect(repo.tree() == before)
    }
}

/// A file the user running infra-tui cannot read (made by dropping root's privileges, since
/// root reads everything): named in the notes, never a crash, and no false finding from it.
@Suite struct UnreadableFileTests {
    static let canDropPrivileges = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test(.enabled(if: UnreadableFileTests.canDropPrivileges, "needs root and setpriv to run as nobody"))
    func unreadableTaskIsNamedNotFatal() throws {
        let repo = try TestRepo(git: false)
        _ = try Run.command("/bin/chmod", ["-R", "a+rX", repo.root.path])
        _ = try Run.command("/bin/chmod", ["000", repo.url("ai/infra/tasks/030-cluster.sh").path])
        let r = try Run.command("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                    Run.binary, "plan", "--no-validate", "--repo", repo.root.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("note: ai/infra/tasks/030-cluster.sh cannot be read"))
        #expect(!r.stdout.contains("names 030-cluster"), "an unreadable task was called missing")
    }
}

@Suite struct LineEndingTests {
    /// A CRLF document stays CRLF: the patch is made and applied in the file's own endings.
    /// (A CRLF shell script does not run in bash at all, so a doc is the realistic case.)
    @Test func crlfDocKeepsItsEndingsThroughApply() throws {
        let repo = try TestRepo()
        let path = "ai/infra/README.md"
        try repo.write(path, repo.read(path)!.replacingOccurrences(of: "\n", with: "\r\n"))
        try repo.commitAll("crlf")
        let r = try Run.tui(["apply", "--repo", repo.root.path, "--accept", "all", "--no-validate"])
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: repo.url(path))
        let lf = bytes.enumerated().filter { $0.element == 0x0A }.map(\.offset)
        #expect(!lf.isEmpty)
        #expect(lf.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D }, "a line lost its CR")
        #expect(try repo.plan().operations.isEmpty, "CRLF tree does not converge")
    }
}
