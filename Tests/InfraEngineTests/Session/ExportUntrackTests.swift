import Foundation
import Testing
@testable import InfraEngine

/// brk13 #8: a patch cannot take a file out of git and keep it, so `git am` of an exported
/// untrack deletes the person's credential from disk. The series says so, with the commands
/// that keep it, and no ops block promises "still on disk" without saying when.
@Suite(.serialized) struct ExportUntrackTests {
    static let token = "tk" + String(repeating: "Q7wX2", count: 5)

    @Test func exportedUntrackSaysGitAmDeletesTheFileAndHowToKeepIt() throws {
        let repo = try TestRepo(fixture: nil)
        try repo.write("ai/infra/deploy.env", "REGION=eu\nVENDOR_API_TOKEN=\(Self.token)\n")
        try repo.write("ai/infra/tasks/10-hook.sh", "#!/usr/bin/env bash\nset -euo pipefail\necho \"$REGION\"\n", executable: true)
        try repo.commitAll("base")
        let plan = try repo.plan()
        let op = try #require(plan.operations.first { $0.rule == "secrets" && $0.files.contains { $0.path == "ai/infra/deploy.env" } })
        // The ops block is true for both ways of writing it.
        for line in op.ops.expectedOutputs {
            #expect(!line.hasPrefix("the file is still on disk"), "\(line)")
        }
        #expect(op.ops.expectedOutputs.first?.contains("`git am` of an exported series deletes it") == true)

        let out = repo.root.deletingLastPathComponent().appendingPathComponent("series-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let report = try ReviewWorkflow.export(plan.operations, root: repo.root, repo: plan.repo, to: out.path)
        let patch = try #require(report.files.first { $0.hasSuffix("-\(op.id).patch") })
        let text = try String(contentsOf: out.appendingPathComponent(patch), encoding: .utf8)
        let body = text.components(separatedBy: "\n")
        #expect(text.contains("`git am` deletes ai/infra/deploy.env from disk"), "\(text)")
        // The note's own commands, run around `git am`, keep the file: on disk, ignored, untracked.
        let joined = body.joined(separator: " ")
        let copy = try #require(joined.range(of: #"`cp -p [^`]*`"#, options: .regularExpression).map { String(joined[$0].dropFirst().dropLast()) })
        let back = try #require(joined.range(of: #"`mv [^`]*`"#, options: .regularExpression).map { String(joined[$0].dropFirst().dropLast()) })
        let aside = repo.root.deletingLastPathComponent().appendingPathComponent("deploy.env.keep")
        defer { try? FileManager.default.removeItem(at: aside) }
        #expect(try Run.command("/bin/bash", ["-c", copy], cwd: repo.root).status == 0)
        let patches = report.files.filter { $0.hasSuffix(".patch") }.map { out.appendingPathComponent($0).path }
        let am = try repo.git(["am", "-q"] + patches)
        #expect(am.status == 0, "\(am.stderr)")
        #expect(repo.read("ai/infra/deploy.env") == nil, "git am deletes it, as the note says")
        #expect(try Run.command("/bin/bash", ["-c", back], cwd: repo.root).status == 0)
        #expect(repo.read("ai/infra/deploy.env")?.contains(Self.token) == true)
        #expect(try repo.git("ls-files", "ai/infra/deploy.env").stdout.isEmpty)
        #expect(try repo.git("check-ignore", "ai/infra/deploy.env").stdout.contains("ai/infra/deploy.env"))
        #expect(try repo.git("status", "--porcelain").stdout.isEmpty)
    }

    /// Only a deletion without content that is not created again is an untrack: a text
    /// deletion and a rewrite (contentless deletion plus the new file) get no note.
    @Test func onlyUntrackedFilesGetTheNote() {
        func op(_ files: [FileTouch], _ patch: String) -> InfraEngine.Operation {
            InfraEngine.Operation(ops: OpsBlock(id: "x", title: "x", group: .local, risk: .low, preconditions: [], commands: [], expectedOutputs: [], rollback: []), rule: "secrets", rationale: "r", findings: [], files: files,
                                  patch: patch, baseline: [])
        }
        let contentless = "diff --git a/k/sa.json b/k/sa.json\ndeleted file mode 100644\nindex 1234567..0000000\nBinary files a/k/sa.json and /dev/null differ\n"
        let untrack = op([FileTouch(path: "k/sa.json", change: .delete)], contentless)
        #expect(PatchSeriesExporter.untracked(untrack) == ["k/sa.json"])
        let mail = PatchSeriesExporter.mailbox(untrack, index: 1, total: 1, date: Date(timeIntervalSince1970: 0))
        #expect(mail.contains("`git am` deletes k/sa.json from disk"))
        #expect(mail.contains("`cp -p k/sa.json ../sa.json.keep`") && mail.contains("`mv ../sa.json.keep k/sa.json`"))
        let rewrite = op([FileTouch(path: "k/sa.json", change: .modify)], contentless + "diff --git a/k/sa.json b/k/sa.json\nnew file mode 100644\n")
        #expect(PatchSeriesExporter.untracked(rewrite).isEmpty)
        let deleted = op([FileTouch(path: "old.sh", change: .delete)], "diff --git a/old.sh b/old.sh\ndeleted file mode 100644\n--- a/old.sh\n+++ /dev/null\n@@ -1 +0,0 @@\n-echo\n")
        #expect(PatchSeriesExporter.untracked(deleted).isEmpty)
        #expect(!PatchSeriesExporter.mailbox(deleted, index: 1, total: 1, date: Date(timeIntervalSince1970: 0)).contains("git am` deletes"))
        let spaced = PatchSeriesExporter.keepNote("k/my key.json")
        #expect(spaced.contains("`cp -p 'k/my key.json' '../my key.json.keep'`"))
    }
}
