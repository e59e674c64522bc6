import Foundation
import Testing
@testable import PatchKit

@Suite struct PerformanceTests {
    /// 100,000 lines with 10 scattered one-line changes.
    static func bigPair() -> (old: String, new: String) {
        var lines = (0 ..< 100_000).map { "    value_\($0) = compute(\($0 % 97))" }
        let old = lines.joined(separator: "\n") + "\n"
        for k in 0 ..< 10 { lines[k * 9_973 + 17] = "    changed_\(k)" }
        return (old, lines.joined(separator: "\n") + "\n")
    }

    @Test func bigFileWithFewChanges() throws {
        let (old, new) = Self.bigPair()
        let clock = ContinuousClock()
        var patch: FilePatch?
        let elapsed = clock.measure {
            patch = UnifiedDiff.filePatch(path: "big.txt", old: old, new: new, oldMode: .regular, newMode: .regular)
        }
        let result = try #require(patch)
        #expect(result.hunks.count == 10)
        #expect(try PatchApplier.apply(result, to: old) == new)
        print("diff of two 100,000-line files with 10 changes: \(elapsed)")
    }

    @Test func bigUnrelatedFilesFinish() throws {
        // Nothing in common: the no-match discarding must make this cheap.
        let old = (0 ..< 50_000).map { "old \($0)\n" }.joined()
        let new = (0 ..< 50_000).map { "new \($0)\n" }.joined()
        let hunks = UnifiedDiff.hunks(old: old, new: new)
        #expect(hunks.count == 1 && hunks[0].oldCount == 50_000 && hunks[0].newCount == 50_000)
    }

    @Test func bigHeavilyEditedFileFinishes() throws {
        // Many edits over few distinct lines exercise the cost cut-offs.
        var rng = SeededGenerator(seed: 8)
        let oldLines = RandomText.lines(&rng, count: 20_000)
        let newLines = RandomText.mutate(oldLines, &rng, edits: 3_000)
        let old = oldLines.joined(separator: "\n"), new = newLines.joined(separator: "\n")
        let patch = UnifiedDiff.filePatch(path: "f", old: old, new: new, oldMode: .regular, newMode: .regular)
        #expect(try PatchApplier.apply(patch, to: old) == new)
    }
}
