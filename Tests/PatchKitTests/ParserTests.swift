import Foundation
import Testing
@testable import PatchKit

@Suite struct ParserTests {
    static let simple = """
        diff --git a/x.sh b/x.sh
        index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100755
        --- a/x.sh
        +++ b/x.sh
        @@ -1,3 +1,3 @@ main() {
         a
        -b
        +B
         c

        """

    func error(_ text: String) -> PatchError? {
        do {
            _ = try PatchParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesAGitPatch() throws {
        let patches = try PatchParser.parse(Self.simple)
        #expect(patches == [FilePatch(
            oldPath: "x.sh", newPath: "x.sh", oldMode: .executable, newMode: .executable,
            oldBlob: String(repeating: "1", count: 40), newBlob: String(repeating: "2", count: 40),
            hunks: [Hunk(oldStart: 1, oldCount: 3, newStart: 1, newCount: 3, section: "main() {", lines: [
                HunkLine(kind: .context, text: "a"), HunkLine(kind: .removed, text: "b"),
                HunkLine(kind: .added, text: "B"), HunkLine(kind: .context, text: "c"),
            ])])])
        #expect(patches[0].change == .modify)
        #expect(patches[0].path == "x.sh")
    }

    @Test func parsesAPlainPatchWithoutDiffGitLine() throws {
        let text = "--- a/conf/app.ini\t2024-01-01 10:00:00\n+++ b/conf/app.ini\t2024-01-02 10:00:00\n@@ -2 +2 @@\n-x=1\n+x=2\n"
        let patches = try PatchParser.parse(text)
        #expect(patches.count == 1)
        #expect(patches[0].oldPath == "conf/app.ini" && patches[0].newPath == "conf/app.ini")
        #expect(patches[0].oldMode == nil && patches[0].oldBlob == nil)
        #expect(try PatchApplier.apply(patches[0], to: "[app]\nx=1\ny=0\n") == "[app]\nx=2\ny=0\n")
    }

    @Test func plainPatchFromDevNullIsACreate() throws {
        let patches = try PatchParser.parse("--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hi\n")
        #expect(patches[0].change == .create)
        #expect(try PatchApplier.apply(patches[0], to: nil) == "hi\n")
    }

    @Test func acceptsAContextLineWhoseSpaceAnEditorStripped() throws {
        let text = "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n"
        let patch = try #require(try PatchParser.parse(text).first)
        #expect(patch.hunks[0].lines[1] == HunkLine(kind: .context, text: ""))
        #expect(try PatchApplier.apply(patch, to: "a\n\nb\n") == "a\n\nc\n")
    }

    @Test func keepsCarriageReturnsAndNoNewlineMarkers() throws {
        let text = "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+b\n\\ No newline at end of file\n"
        let lines = try PatchParser.parse(text)[0].hunks[0].lines
        #expect(lines == [
            HunkLine(kind: .context, text: "a\r"), HunkLine(kind: .removed, text: "b\r"),
            HunkLine(kind: .added, text: "b", noNewlineAtEnd: true),
        ])
    }

    @Test func quotedAndSpacedNames() throws {
        let text = """
            diff --git "a/caf\\303\\251 x.sh" "b/caf\\303\\251 x.sh"
            new file mode 100644
            index 0000000000000000000000000000000000000000..e69de29bb2d1d6434b8b29ae775ad8c2e48c5391
            diff --git a/my dir/a b.txt b/my dir/a b.txt
            deleted file mode 100644
            index e69de29bb2d1d6434b8b29ae775ad8c2e48c5391..0000000000000000000000000000000000000000

            """
        let patches = try PatchParser.parse(text)
        #expect(patches.map(\.path) == ["café x.sh", "my dir/a b.txt"])
        #expect(patches.map(\.change) == [.create, .delete])
        #expect(patches[0].newBlob == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" && patches[0].oldBlob == nil)
    }

    @Test func skipsMailHeadersAndSignature() throws {
        let mail = "From abc Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\n x.sh | 2 +-\n\n" + Self.simple + "-- \n2.43.0\n\n"
        #expect(try PatchParser.parse(mail) == PatchParser.parse(Self.simple))
    }

    @Test func blankInputHasNoPatches() throws {
        #expect(try PatchParser.parse("").isEmpty)
        #expect(try PatchParser.parse("\n  \n").isEmpty)
    }

    // MARK: errors

    @Test func tooFewLinesInHunk() {
        let text = Self.simple.replacingOccurrences(of: " c\n", with: "")
        #expect(error(text) == PatchError(line: 5, message: "hunk header at line 5 says 3 old lines but has 2"))
    }

    @Test func tooManyLinesInHunk() {
        let text = Self.simple.replacingOccurrences(of: "+B\n", with: "+B\n+C\n")
        #expect(error(text) == PatchError(line: 5, message: "hunk header at line 5 says 3 new lines but has 4"))
        let extraContext = Self.simple + " d\n"
        #expect(error(extraContext)?.message == "hunk header at line 5 says 3 old lines but has 4")
    }

    @Test func hunkWithoutFileHeader() {
        #expect(error("hello\n\n@@ -1 +1 @@\n-a\n+b\n") == PatchError(line: 3, message: "no file header before hunk at line 3"))
    }

    @Test func descriptionDoesNotRepeatTheLine() {
        #expect(PatchError(line: 3, message: "no file header before hunk at line 3").description
            == "no file header before hunk at line 3")
        #expect(PatchError(line: 7, message: "oops").description == "line 7: oops")
        #expect(PatchError(line: nil, message: "oops").description == "oops")
    }

    @Test(arguments: [
        ("diff --git a/x b/x\n--- a/x\n@@ -1 +1 @@\n", 2, "'---' line at line 2 is not followed by a '+++' line"),
        ("--- a/x\n+++ b/x\n@@ -1 +1 @ x\n-a\n+b\n", 3, "malformed hunk header at line 3"),
        ("diff --git a/x b/x\nold mode 100664\nnew mode 100755\n", 2, "unsupported file mode '100664' at line 2"),
        ("diff --git a/x b/y\nsimilarity index 90%\nrename from x\nrename to y\n", 3,
         "renames and copies are not supported ('rename from' at line 3)"),
        ("diff --git a/x b/x\nindex zz..yy 100644\n", 2, "malformed index line at line 2"),
        ("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n\\ No newline at end of file\n-b\n+c\n+d\n", 6,
         "line 6 comes after '\\ No newline at end of file' for the same side of the file"),
        ("--- a/x\n+++ b/x\n@@ -1 +1 @@\n\\ No newline at end of file\n-a\n+b\n", 4,
         "'\\' line at line 4 does not follow a hunk line"),
        ("diff --git a/x b/x\nnew file mode 100644\n--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+a\n", 3,
         "new file at line 1 but line 3 is not /dev/null"),
        ("diff --git a/x b/x\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-a\n+b\n", 2,
         "line 2 names 'y' but the diff --git line at line 1 says 'x'"),
        ("diff --git a/x b/x\nGIT binary patch\nliteral 0\n", 2, "binary patch data at line 2 is not supported"),
        ("diff --git a/x b/x\nindex 1234567..89abcde 100644\n", 1, "file patch for x at line 1 has no hunks"),
        ("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,0 +1,0 @@\n", 4, "hunk at line 4 is empty"),
    ])
    func reportsErrorsWithLineNumbers(text: String, line: Int, message: String) {
        #expect(error(text) == PatchError(line: line, message: message))
    }

    @Test func noPatchInText() {
        #expect(error("just some words\n")?.message == "no file patch found (expected a 'diff --git' or '--- ' line)")
    }

    // MARK: robustness

    @Test func neverCrashesOnGarbage() {
        var rng = SeededGenerator(seed: 77)
        let pieces = ["diff --git a/x b/x\n", "--- a/x\n", "+++ b/x\n", "@@ -1,2 +1 @@\n", "@@ -", " a\n", "-b\n", "+c\n",
                      "\\ No newline at end of file\n", "\n", "new file mode 100644\n", "index 1..2\n", "\"", "\\303",
                      "Binary files a/x and /dev/null differ\n", "-- \n", "@@ -99999999999999999999 +1 @@\n", "\r", "é"]
        for _ in 0 ..< 3000 {
            let text = (0 ..< Int.random(in: 0 ... 12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if let patches = try? PatchParser.parse(text) {
                // Whatever parses must apply or fail cleanly, never trap.
                for patch in patches { _ = try? PatchApplier.apply(patch, to: "a\nb\n") }
            }
        }
        for _ in 0 ..< 2000 {
            let bytes = (0 ..< Int.random(in: 0 ... 80, using: &rng)).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            _ = try? PatchParser.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func neverCrashesOnTruncatedPatches() {
        var rng = SeededGenerator(seed: 78)
        for _ in 0 ..< 100 {
            let (old, new) = RandomText.pair(&rng, maxLines: 15)
            let text = UnifiedDiff.render(UnifiedDiff.filePatch(
                path: "dir/é x", old: old, new: new, oldMode: .regular, newMode: .executable,
                oldBlob: String(repeating: "a", count: 40), newBlob: String(repeating: "b", count: 40)))
            let bytes = Array(text.utf8)
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
                _ = try? PatchParser.parse(String(decoding: bytes[..<cut], as: UTF8.self))
            }
        }
    }
}
