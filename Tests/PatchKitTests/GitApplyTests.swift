import Foundation
import Testing
@testable import PatchKit

/// Our rendered patches must be accepted by `git apply` and `git am`, and
/// what git does with them must be what our applier does.
@Suite struct GitApplyTests {
    /// A repository holding the scenario's old state, committed and clean.
    static func repo(with s: Scenario) throws -> GitRepo {
        let repo = try GitRepo()
        if let old = s.old { try repo.write(s.path, old, executable: s.oldMode == .executable) }
        try repo.commitAll()
        return repo
    }

    static func patch(_ s: Scenario, _ repo: GitRepo) throws -> FilePatch {
        UnifiedDiff.filePatch(
            path: s.path, old: s.old, new: s.new, oldMode: s.oldMode, newMode: s.newMode,
            oldBlob: try s.old.map(repo.blob), newBlob: try s.new.map(repo.blob))
    }

    @Test(arguments: Scenario.all)
    func gitApplyAcceptsOurPatch(_ scenario: Scenario) throws {
        let repo = try Self.repo(with: scenario)
        let patch = try Self.patch(scenario, repo)
        let text = UnifiedDiff.render(patch)
        try repo.git("apply", "--check", input: text)
        try repo.git("apply", "--index", input: text)

        if let new = scenario.new {
            #expect(try repo.read(scenario.path) == new)
            let mode = try repo.git("ls-files", "-s", "--", scenario.path).prefix(6)
            #expect(mode == scenario.newMode.rawValue)
        } else {
            #expect(!repo.exists(scenario.path))
        }
        #expect(try PatchApplier.apply(patch, to: scenario.old) == scenario.new)
    }

    @Test func contentlessDeletionAppliesByBlobId() throws {
        let repo = try GitRepo()
        let secret = "API_KEY=hunter2\n"
        try repo.write("ai/infra/.env", secret)
        try repo.write("README", "keep\n")
        try repo.commitAll()
        let blob = try repo.blob(secret)
        let text = UnifiedDiff.render(UnifiedDiff.contentlessDeletion(path: "ai/infra/.env", oldMode: .regular, oldBlob: blob))
        #expect(!text.contains("hunter2"))

        try repo.git("apply", "--check", input: text)
        try repo.git("apply", "--cached", "--check", input: text)
        try repo.git("apply", "--index", input: text)
        #expect(!repo.exists("ai/infra/.env"))
        #expect(try repo.git("diff", "--cached", "--name-status") == "D\tai/infra/.env\n")
    }

    @Test func contentlessDeletionRefusesDifferentContent() throws {
        let repo = try GitRepo()
        try repo.write(".env", "API_KEY=changed\n")
        try repo.commitAll()
        let staleBlob = try repo.blob("API_KEY=hunter2\n")
        let text = UnifiedDiff.render(UnifiedDiff.contentlessDeletion(path: ".env", oldMode: .regular, oldBlob: staleBlob))
        let result = try repo.run(["apply", "--index", "--check"], input: text, allowFailure: true)
        #expect(result.status != 0)
        #expect(repo.exists(".env"))
    }

    /// A format-patch style mailbox with several file patches goes through
    /// `git am`, and our parser reads the same mailbox back.
    @Test func gitAmAcceptsASeriesAndWeParseTheMailbox() throws {
        let repo = try GitRepo()
        try repo.write("ai/infra/deploy.sh", "#!/bin/sh\necho deploy\n", executable: true)
        try repo.write("ai/infra/.secret", "token\n")
        try repo.write("notes.txt", "one\ntwo\nthree\n")
        try repo.commitAll("base")

        let patches = [
            UnifiedDiff.contentlessDeletion(path: "ai/infra/.secret", oldMode: .regular, oldBlob: try repo.blob("token\n")),
            UnifiedDiff.filePatch(path: "ai/infra/deploy.sh", old: "#!/bin/sh\necho deploy\n",
                                  new: "#!/bin/sh\nset -eu\necho deploy\n", oldMode: .executable, newMode: .executable,
                                  oldBlob: try repo.blob("#!/bin/sh\necho deploy\n"),
                                  newBlob: try repo.blob("#!/bin/sh\nset -eu\necho deploy\n")),
            UnifiedDiff.filePatch(path: "ai/infra/init.sh", old: nil, new: "#!/bin/sh\necho init", oldMode: nil,
                                  newMode: .executable, newBlob: try repo.blob("#!/bin/sh\necho init")),
            UnifiedDiff.filePatch(path: "notes.txt", old: "one\ntwo\nthree\n", new: "one\nthree\n",
                                  oldMode: .regular, newMode: .regular,
                                  oldBlob: try repo.blob("one\ntwo\nthree\n"), newBlob: try repo.blob("one\nthree\n")),
        ]
        let mailbox = """
            From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
            From: Infra Bot <bot@example.invalid>
            Date: Mon, 1 Jan 2024 00:00:00 +0000
            Subject: [PATCH] harden infra scripts

            Body text with a --- line and @@ signs.
            ---
             4 files changed

            """ + UnifiedDiff.render(patches) + "-- \n2.39.5\n\n"

        try repo.git("am", "-q", input: mailbox)
        #expect(try repo.git("log", "-1", "--format=%s") == "harden infra scripts\n")
        #expect(!repo.exists("ai/infra/.secret"))
        #expect(try repo.read("ai/infra/init.sh") == "#!/bin/sh\necho init")
        #expect(try repo.read("notes.txt") == "one\nthree\n")
        #expect(try PatchParser.parse(mailbox) == patches)
    }

    /// Real `git format-patch` output parses into what we would have made.
    @Test func parsesGitFormatPatchOutput() throws {
        let repo = try GitRepo()
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
        let new = "a\nB\nc\nd\ne\nf\ng\nh\nI\nj\nk"
        try repo.write("dir/file name.txt", old)
        try repo.write("gone.txt", "x\n")
        try repo.commitAll("base")
        try repo.write("dir/file name.txt", new)
        try repo.remove("gone.txt")
        try repo.write("café.sh", "echo\n", executable: true)
        try repo.commitAll("change")
        let mail = try repo.git("-c", "core.quotepath=true", "format-patch", "-1", "--stdout", "--full-index", "--no-renames")

        let parsed = try PatchParser.parse(mail)
        let expected = [
            UnifiedDiff.filePatch(path: "café.sh", old: nil, new: "echo\n", oldMode: nil, newMode: .executable,
                                  newBlob: try repo.blob("echo\n")),
            UnifiedDiff.filePatch(path: "dir/file name.txt", old: old, new: new, oldMode: .regular, newMode: .regular,
                                  oldBlob: try repo.blob(old), newBlob: try repo.blob(new)),
            UnifiedDiff.filePatch(path: "gone.txt", old: "x\n", new: nil, oldMode: .regular, newMode: nil,
                                  oldBlob: try repo.blob("x\n")),
        ]
        #expect(parsed == expected)
    }
}
