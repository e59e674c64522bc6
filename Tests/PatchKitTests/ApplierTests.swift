import Foundation
import Testing
@testable import PatchKit

@Suite struct ApplierTests {
    static let numbered = (1 ... 40).map { "line \($0)\n" }.joined()

    static func replacing(_ text: String, _ line: Int, with replacement: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[line - 1] = replacement
        return lines.joined(separator: "\n")
    }

    func applyError(_ patch: FilePatch, _ old: String?) -> String? {
        do {
            _ = try PatchApplier.apply(patch, to: old)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func appliesAtAnOffset() throws {
        let new = Self.replacing(Self.numbered, 20, with: "line twenty")
        let patch = UnifiedDiff.filePatch(path: "f.txt", old: Self.numbered, new: new, oldMode: .regular, newMode: .regular)
        let extra = "added 1\nadded 2\nadded 3\n"
        #expect(try PatchApplier.apply(patch, to: extra + Self.numbered) == extra + new)
        // And with lines gone above it.
        let shorter = Self.numbered.replacingOccurrences(of: "line 2\nline 3\n", with: "")
        #expect(try PatchApplier.apply(patch, to: shorter) == new.replacingOccurrences(of: "line 2\nline 3\n", with: ""))
    }

    @Test func laterHunksFollowTheOffsetOfEarlierOnes() throws {
        // Two identical blocks; the patch changes the second one. With lines
        // added on top the nearest match (the second block) must be chosen.
        let block = "a\nb\nc\nd\ne\nf\ng\n"
        let old = "start\n" + block + "middle\n" + block + "end\n"
        let new = "start\n" + block + "middle\n" + block.replacingOccurrences(of: "d\n", with: "D\n") + "end\n"
        let patch = UnifiedDiff.filePatch(path: "f", old: old, new: new, oldMode: .regular, newMode: .regular)
        #expect(try PatchApplier.apply(patch, to: "x\ny\n" + old) == "x\ny\n" + new)
    }

    @Test func failsClearlyOnChangedContext() {
        let new = Self.replacing(Self.numbered, 20, with: "line twenty")
        let patch = UnifiedDiff.filePatch(path: "ai/infra/init.sh", old: Self.numbered, new: new, oldMode: .regular, newMode: .regular)
        let edited = Self.replacing(Self.numbered, 19, with: "line nineteen")
        #expect(applyError(patch, edited) == """
            ai/infra/init.sh: hunk 1 of 1 (@@ -17,7 +17,7 @@) does not apply: line 19 is "line nineteen", \
            the patch expects "line 19"
            """)
    }

    @Test func namesTheFailingHunk() {
        let new = Self.replacing(Self.replacing(Self.numbered, 5, with: "five"), 30, with: "thirty")
        let patch = UnifiedDiff.filePatch(path: "f", old: Self.numbered, new: new, oldMode: .regular, newMode: .regular)
        #expect(patch.hunks.count == 2)
        let edited = Self.replacing(Self.numbered, 30, with: "changed")
        let message = applyError(patch, edited) ?? ""
        #expect(message.hasPrefix("f: hunk 2 of 2 (@@ -27,7 +27,7 @@) does not apply: line 30 is \"changed\""))
    }

    @Test func hunkCutByTheStartOfFileMustStayThere() {
        let new = Self.replacing(Self.numbered, 1, with: "first")
        let patch = UnifiedDiff.filePatch(path: "f", old: Self.numbered, new: new, oldMode: .regular, newMode: .regular)
        let message = applyError(patch, "preamble\n" + Self.numbered) ?? ""
        #expect(message.hasSuffix("(the hunk must match at the start of the file)"))
    }

    @Test func createAndDelete() throws {
        let create = UnifiedDiff.filePatch(path: "n", old: nil, new: "a\nb", oldMode: nil, newMode: .regular)
        #expect(try PatchApplier.apply(create, to: nil) == "a\nb")
        #expect(applyError(create, "") == "n: cannot create the file, it already exists")

        let delete = UnifiedDiff.filePatch(path: "d", old: "x\ny\n", new: nil, oldMode: .regular, newMode: nil)
        #expect(try PatchApplier.apply(delete, to: "x\ny\n") == nil)
        #expect(applyError(delete, nil) == "d: cannot delete the file, it does not exist")
        #expect(applyError(delete, "x\ny\nz\n") == "d: the file has content that the deletion does not remove")
        #expect(applyError(delete, "x\nY\n")?.contains("line 2 is \"Y\", the patch expects \"y\"") == true)

        let emptyCreate = UnifiedDiff.filePatch(path: "e", old: nil, new: "", oldMode: nil, newMode: .regular)
        #expect(try PatchApplier.apply(emptyCreate, to: nil) == "")
        let emptyDelete = UnifiedDiff.filePatch(path: "e", old: "", new: nil, oldMode: .regular, newMode: nil)
        #expect(try PatchApplier.apply(emptyDelete, to: "") == nil)
        #expect(applyError(emptyDelete, "not empty\n") != nil)
    }

    @Test func contentlessDeletionLeavesTheCheckToTheCaller() throws {
        let patch = UnifiedDiff.contentlessDeletion(path: ".env", oldMode: .regular, oldBlob: String(repeating: "f", count: 40))
        #expect(patch.change == .delete && patch.isBinary && patch.hunks.isEmpty)
        #expect(try PatchApplier.apply(patch, to: "anything") == nil)
        #expect(applyError(patch, nil) == ".env: cannot delete the file, it does not exist")
    }

    @Test func modeOnlyChangeKeepsContent() throws {
        let patch = UnifiedDiff.filePatch(path: "r", old: "x\n", new: "x\n", oldMode: .regular, newMode: .executable)
        #expect(try PatchApplier.apply(patch, to: "x\n") == "x\n")
    }

    @Test func finalNewlineChanges() throws {
        for (old, new) in [("a\nb", "a\nb\n"), ("a\nb\n", "a\nb"), ("a\nb", "a\nc"), ("a\r\nb\r\n", "a\r\nb")] {
            let patch = UnifiedDiff.filePatch(path: "f", old: old, new: new, oldMode: .regular, newMode: .regular)
            #expect(try PatchApplier.apply(patch, to: old) == new)
        }
        // The no-newline line must really be the last one of the file.
        let patch = UnifiedDiff.filePatch(path: "f", old: "a\nb", new: "a\nc", oldMode: .regular, newMode: .regular)
        #expect(applyError(patch, "a\nb\nmore\n") != nil)
    }

    @Test func matchingIsByteExact() {
        // NFC vs NFD "é": equal as Swift strings, different files.
        let patch = UnifiedDiff.filePatch(path: "f", old: "caf\u{E9}\n", new: "x\n", oldMode: .regular, newMode: .regular)
        #expect(applyError(patch, "cafe\u{301}\n") != nil)
    }
}
