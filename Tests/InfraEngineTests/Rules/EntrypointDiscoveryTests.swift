import Foundation
import Testing
@testable import InfraEngine

/// The generated entrypoint runs only regular, readable text files named like tasks: a FIFO
/// would block bash forever, a binary file would fail half-way, a link to nothing cannot run.
/// Each skipped file is named on stderr, one line with the reason. The entrypoint's text is
/// made in memory by the rule; bash runs it in a temp folder with harmless tasks.
@Suite(.enabled(if: Run.which("bash") != nil && Run.which("mkfifo") != nil && Run.which("timeout") != nil,
                "needs bash, mkfifo and timeout"))
struct EntrypointDiscoveryTests {
    static let tasks = [
        "ai/infra/tasks/010-first.sh": "#!/usr/bin/env bash\nset -euo pipefail\necho \"first ran\"\n",
        "ai/infra/tasks/020-second.sh": "#!/usr/bin/env bash\nset -euo pipefail\necho \"second ran\"\n",
    ]

    /// The generated init.sh and the tasks in a temp folder, plus files named like tasks
    /// that are not regular readable text.
    static func tree() throws -> TestRepo {
        let snapshot = RepoSnapshot(files: tasks.mapValues { RepoFile(text: $0, mode: .executable) })
        let reality = try RepoReality(snapshot: snapshot, infraDir: "ai/infra", cache: ScriptCache())
        let drafts = CanonicalEntrypointRule().operations(in: RuleContext(reality: reality, queued: [:]))
        let entry = try #require(written(drafts, "ai/infra/init.sh"))
        // One line each: the format ends in the two characters `\n`, not a newline in the script.
        #expect(entry.contains("printf '%s: skipped %s: %s\\n' \"${0##*/}\" \"${f##*/}\" \"$why\" >&2\n"))
        let repo = try TestRepo(fixture: nil, git: false)
        try repo.write("ai/infra/init.sh", entry, executable: true)
        for (path, text) in tasks { try repo.write(path, text, executable: true) }
        try Run.command("/usr/bin/env", ["mkfifo", repo.url("ai/infra/tasks/030-pipe.sh").path])
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x00, 0x00, 0x01, 0x0A]).write(to: repo.url("ai/infra/tasks/040-blob.sh"))
        try FileManager.default.createSymbolicLink(atPath: repo.url("ai/infra/tasks/050-gone.sh").path, withDestinationPath: "nowhere.sh")
        try FileManager.default.createDirectory(at: repo.url("ai/infra/tasks/060-folder.sh"), withIntermediateDirectories: true)
        return repo
    }

    static func run(_ repo: TestRepo, _ args: [String] = []) throws -> Run.Result {
        try Run.command("/usr/bin/env", ["timeout", "20", "bash", repo.url("ai/infra/init.sh").path] + args, cwd: repo.root)
    }

    static let skipped = [
        "init.sh: skipped 030-pipe.sh: a FIFO, not a regular file",
        "init.sh: skipped 040-blob.sh: not text (a binary file)",
        "init.sh: skipped 050-gone.sh: a link to nothing",
        "init.sh: skipped 060-folder.sh: not a regular file",
    ]

    @Test func aFullRunSkipsWhatIsNotARegularTextFileAndSaysSo() throws {
        let repo = try Self.tree()
        let r = try Self.run(repo)
        #expect(r.status == 0, "rc \(r.status) (124: timed out on the FIFO)\n\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("first ran") && r.stdout.contains("second ran"), "\(r.stdout)")
        let notes = r.stderr.split(separator: "\n").map(String.init).filter { $0.contains("skipped") }
        #expect(notes == Self.skipped, "\(r.stderr)")
    }

    @Test func listingNamesOnlyTheRealTasks() throws {
        let repo = try Self.tree()
        let r = try Self.run(repo, ["--list"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "010-first\n020-second\n")
        #expect(r.stderr.split(separator: "\n").filter { $0.contains("skipped") }.count == Self.skipped.count)
    }

    @Test(.enabled(if: Run.which("shellcheck") != nil, "needs shellcheck"))
    func theTemplateIsShellcheckClean() throws {
        let repo = try Self.tree()
        let r = try Run.command("/usr/bin/env", ["shellcheck", "-x", repo.url("ai/infra/init.sh").path])
        #expect(r.status == 0, "\(r.stdout)")
    }
}

/// The `unread-task` finding says what the entrypoint will do with the file: one generated
/// now (or already checking) skips it; an older one without the check runs it.
@Suite struct UnreadTaskMessageTests {
    static func finding(entrypoint: String?) throws -> Finding? {
        var files = EntrypointDiscoveryTests.tasks.mapValues { RepoFile(text: $0, mode: .executable) }
        files["ai/infra/tasks/040-blob.sh"] = RepoFile(data: Data([0x7F, 0x45, 0x00, 0x01]), mode: .regular)
        if let entrypoint { files["ai/infra/init.sh"] = RepoFile(text: entrypoint, mode: .executable) }
        let reality = try RepoReality(snapshot: RepoSnapshot(files: files), infraDir: "ai/infra", cache: ScriptCache())
        return CanonicalEntrypointRule().findings(in: reality).first { $0.id.hasSuffix(":unread-task") }
    }

    @Test func saysWhetherTheEntrypointSkipsIt() throws {
        let generated = try #require(try Self.finding(entrypoint: nil))
        #expect(generated.message.contains("ai/infra/init.sh skips it and says so on stderr"), "\(generated.message)")
        let old = "#!/usr/bin/env bash\nfor f in \"$(dirname \"$0\")\"/tasks/[0-9]*.sh; do bash \"$f\"; done\n"
        let older = try #require(try Self.finding(entrypoint: old))
        #expect(older.message.contains("ai/infra/init.sh runs every such file that exists"), "\(older.message)")
    }
}
