import Foundation
import Testing
@testable import PatchKit

/// One file's before and after, as a test case for comparing with git.
struct Scenario: CustomTestStringConvertible, Sendable {
    let name: String
    let path: String
    let old: String?
    let new: String?
    var oldMode: FileMode = .regular
    var newMode: FileMode = .regular

    var testDescription: String { name }

    static let numbered = (1 ... 40).map { "line \($0)\n" }

    static let all: [Scenario] = [
        Scenario(name: "modify", path: "ai/infra/init.sh",
                 old: "#!/bin/sh\nset -e\nmain() {\n  echo one\n  echo two\n  echo three\n}\nmain\n",
                 new: "#!/bin/sh\nset -eu\nmain() {\n  echo one\n  echo 2\n  echo three\n}\nmain \"$@\"\n"),
        Scenario(name: "function heading", path: "deploy.sh",
                 old: "setup() {\n" + numbered.joined() + "}\n",
                 new: "setup() {\n" + numbered.joined().replacingOccurrences(of: "line 20\n", with: "line twenty\n") + "}\n"),
        Scenario(name: "CRLF", path: "win.bat",
                 old: "@echo off\r\nset A=1\r\nset B=2\r\ncall x\r\n",
                 new: "@echo off\r\nset A=1\r\nset B=3\r\ncall x\r\n"),
        Scenario(name: "CRLF to LF", path: "mixed.txt",
                 old: "a\r\nb\r\nc\r\n", new: "a\nb\r\nc\n"),
        Scenario(name: "old has no final newline", path: "a.txt",
                 old: "one\ntwo\nthree", new: "one\ntwo\nthree\n"),
        Scenario(name: "new has no final newline", path: "b.txt",
                 old: "one\ntwo\nthree\n", new: "one\ntwo\nthree"),
        Scenario(name: "neither has final newline, last line changed", path: "c.txt",
                 old: "one\ntwo\nthree", new: "one\ntwo\n3"),
        Scenario(name: "neither has final newline, change above", path: "d.txt",
                 old: "one\ntwo\nthree\nfour", new: "one\n2\nthree\nfour"),
        Scenario(name: "create executable", path: "ai/infra/init.sh", old: nil,
                 new: "#!/bin/sh\necho init\nexit 0\n", newMode: .executable),
        Scenario(name: "create without final newline", path: "VERSION", old: nil, new: "1.2.3"),
        Scenario(name: "create empty", path: "empty.txt", old: nil, new: ""),
        Scenario(name: "delete", path: "old.sh", old: "echo bye\necho again\n", new: nil),
        Scenario(name: "delete empty", path: "gone.txt", old: "", new: nil),
        Scenario(name: "empty to content", path: "grow.txt", old: "", new: "x\ny\n"),
        Scenario(name: "content to empty", path: "shrink.txt", old: "x\ny\n", new: ""),
        Scenario(name: "mode only", path: "run.sh", old: "echo run\n", new: "echo run\n",
                 oldMode: .regular, newMode: .executable),
        Scenario(name: "mode and content", path: "run2.sh", old: "echo run\n", new: "echo walk\n",
                 oldMode: .executable, newMode: .regular),
        Scenario(name: "name with space", path: "my scripts/do it.sh",
                 old: "a\nb\nc\n", new: "a\nB\nc\n"),
        Scenario(name: "create name with space", path: "new dir/new file.txt", old: nil, new: "hello\n"),
        Scenario(name: "empty file with space", path: "blank file", old: nil, new: ""),
        Scenario(name: "name with é", path: "café.sh", old: "x\n", new: "y\n"),
        Scenario(name: "name with é and space", path: "dir é/ça va.sh", old: nil, new: "ok\n"),
        Scenario(name: "name with quote and backslash", path: "we\"ird\\name.txt", old: "1\n", new: "2\n"),
        Scenario(name: "name with tab", path: "tab\there.txt", old: "1\n", new: "2\n"),
        Scenario(name: "hunks merged when contexts touch", path: "merge.txt",
                 old: numbered.joined(),
                 new: numbered.joined().replacingOccurrences(of: "line 10\n", with: "ten\n")
                     .replacingOccurrences(of: "line 17\n", with: "seventeen\n")),
        Scenario(name: "hunks apart when contexts do not touch", path: "apart.txt",
                 old: numbered.joined(),
                 new: numbered.joined().replacingOccurrences(of: "line 10\n", with: "ten\n")
                     .replacingOccurrences(of: "line 18\n", with: "eighteen\n")),
        Scenario(name: "new function between two", path: "funcs.sh",
                 old: "a() {\n  echo a\n}\n\nc() {\n  echo c\n}\n",
                 new: "a() {\n  echo a\n}\n\nb() {\n  echo b\n}\n\nc() {\n  echo c\n}\n"),
        // Without the indent heuristic git would show "+  fi\n+echo step".
        Scenario(name: "indent heuristic", path: "steps.sh",
                 old: "echo step\necho step\n",
                 new: "echo step\necho step\n  if ok; then\n    echo step\n  fi\necho step\n"),
        Scenario(name: "long function heading is cut at 80 bytes", path: "long.sh",
                 old: "this_is_a_very_long_function_name_that_goes_on_and_on_and_on_beyond_eighty_bytes() {   \n"
                     + numbered.joined() + "}\n",
                 new: "this_is_a_very_long_function_name_that_goes_on_and_on_and_on_beyond_eighty_bytes() {   \n"
                     + numbered.joined().replacingOccurrences(of: "line 30\n", with: "line thirty\n") + "}\n"),
        Scenario(name: "heading found after a previous hunk", path: "two.sh",
                 old: "one() {\n" + numbered.joined() + "}\ntwo() {\n" + numbered.joined() + "}\n",
                 new: "one() {\n" + numbered.joined().replacingOccurrences(of: "line 20\n", with: "20\n") + "}\ntwo() {\n"
                     + numbered.joined().replacingOccurrences(of: "line 20\n", with: "20\n") + "}\n"),
        Scenario(name: "change at start and end", path: "edges.txt",
                 old: "first\n" + numbered.joined() + "last\n",
                 new: "FIRST\n" + numbered.joined() + "LAST\n"),
    ]
}

@Suite struct GoldenTests {
    /// Sets up the scenario in a fresh repository (old state committed, new
    /// state staged) and returns git's diff and our rendering of it.
    static func diffs(_ s: Scenario) throws -> (git: String, ours: String, repo: GitRepo) {
        let repo = try GitRepo()
        if let old = s.old { try repo.write(s.path, old, executable: s.oldMode == .executable) }
        try repo.commitAll()
        if let new = s.new {
            try repo.write(s.path, new, executable: s.newMode == .executable)
        } else {
            try repo.remove(s.path)
        }
        let git = try repo.stagedDiff()
        let patch = UnifiedDiff.filePatch(
            path: s.path, old: s.old, new: s.new, oldMode: s.oldMode, newMode: s.newMode,
            oldBlob: try s.old.map(repo.blob), newBlob: try s.new.map(repo.blob))
        return (git, UnifiedDiff.render(patch), repo)
    }

    @Test(arguments: Scenario.all)
    func renderMatchesGitDiff(_ scenario: Scenario) throws {
        let (git, ours, _) = try Self.diffs(scenario)
        #expect(!git.isEmpty)
        #expect(ours == git)
    }

    @Test func contentlessDeletionMatchesGitForBinaryFile() throws {
        let repo = try GitRepo()
        let bytes: [UInt8] = [0x00, 0x01, 0x02, 0xFF, 0x0A, 0x00]
        try repo.writeBytes("keys/secret.bin", bytes)
        try repo.commitAll()
        let blob = try repo.git("rev-parse", "HEAD:keys/secret.bin").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.remove("keys/secret.bin")
        let git = try repo.stagedDiff()
        let ours = UnifiedDiff.render(UnifiedDiff.contentlessDeletion(path: "keys/secret.bin", oldMode: .regular, oldBlob: blob))
        #expect(ours == git)
        #expect(ours.hasSuffix("Binary files a/keys/secret.bin and /dev/null differ\n"))
    }

    @Test func exactTextOfACreate() {
        let patch = UnifiedDiff.filePatch(
            path: "ai/infra/init.sh", old: nil, new: "a\nb\nc\n", oldMode: nil, newMode: .executable,
            newBlob: String(repeating: "ab", count: 20))
        #expect(UnifiedDiff.render(patch) == """
            diff --git a/ai/infra/init.sh b/ai/infra/init.sh
            new file mode 100755
            index 0000000000000000000000000000000000000000..\(String(repeating: "ab", count: 20))
            --- /dev/null
            +++ b/ai/infra/init.sh
            @@ -0,0 +1,3 @@
            +a
            +b
            +c

            """)
    }

    @Test func indexLineIsLeftOutWithoutBlobIds() {
        let patch = UnifiedDiff.filePatch(path: "x", old: "1\n", new: "2\n", oldMode: .regular, newMode: .regular)
        #expect(UnifiedDiff.render(patch) == "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-1\n+2\n")
    }

    @Test func unchangedFileRendersNothing() {
        let patch = UnifiedDiff.filePatch(path: "x", old: "1\n", new: "1\n", oldMode: .regular, newMode: .regular)
        #expect(patch.hunks.isEmpty)
        #expect(UnifiedDiff.render(patch) == "")
    }

    @Test func hunkHeadersFollowGitRules() {
        #expect(Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 1, lines: []).header == "@@ -0,0 +1 @@")
        #expect(Hunk(oldStart: 5, oldCount: 0, newStart: 6, newCount: 2, lines: []).header == "@@ -5,0 +6,2 @@")
        #expect(Hunk(oldStart: 3, oldCount: 7, newStart: 3, newCount: 1, lines: []).header == "@@ -3,7 +3 @@")
        // Zero context: a pure insertion names the line it goes after.
        let hunks = UnifiedDiff.hunks(old: "a\nb\n", new: "a\nx\nb\n", context: 0)
        #expect(hunks.map(\.header) == ["@@ -1,0 +2 @@"])
    }
}
