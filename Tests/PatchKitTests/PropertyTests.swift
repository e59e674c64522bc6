import Testing
@testable import PatchKit

/// Round-trip properties over thousands of seeded random text pairs.
@Suite struct PropertyTests {
    static func fakeBlob(_ rng: inout SeededGenerator) -> String {
        (0 ..< 40).map { _ in String("0123456789abcdef".randomElement(using: &rng)!) }.joined()
    }

    static let styles = [
        RandomText.Style(crlfChance: 0, finalNewlineChance: 0.8),
        RandomText.Style(crlfChance: 0.5, finalNewlineChance: 0.5),
        RandomText.Style(crlfChance: 1, finalNewlineChance: 0.9),
    ]

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func applyingTheDiffGivesTheNewText(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for round in 0 ..< 1000 {
            let style = Self.styles[round % Self.styles.count]
            let (old, new) = RandomText.pair(&rng, maxLines: 25, style: style)
            let context = [3, 3, 1, 0, 5][round % 5]
            let patch = UnifiedDiff.filePatch(
                path: "f.txt", old: old, new: new, oldMode: .regular, newMode: .regular, context: context)
            let result = try PatchApplier.apply(patch, to: old)
            #expect(result == new, "round \(round): \(String(reflecting: old)) -> \(String(reflecting: new))")
            if result != new { return }
        }
    }

    @Test(arguments: [UInt64(10), 11, 12])
    func parsingTheRenderingGivesThePatchBack(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var patches: [FilePatch] = []
        for round in 0 ..< 1000 {
            let style = Self.styles[round % Self.styles.count]
            let (old, new) = RandomText.pair(&rng, maxLines: 25, style: style)
            let modes: [FileMode] = [.regular, .executable, .symlink]
            let patch = UnifiedDiff.filePatch(
                path: ["f.txt", "dir/with space.sh", "café/ü.txt", "q\"uote"][round % 4],
                old: old, new: new,
                oldMode: modes.randomElement(using: &rng), newMode: modes.randomElement(using: &rng),
                oldBlob: Self.fakeBlob(&rng), newBlob: Self.fakeBlob(&rng),
                context: [3, 1, 0][round % 3])
            let text = UnifiedDiff.render(patch)
            if text.isEmpty {
                #expect(patch.hunks.isEmpty && patch.oldMode == patch.newMode)
                continue
            }
            let parsed = try PatchParser.parse(text)
            #expect(parsed == [patch], "round \(round):\n\(text)")
            if parsed != [patch] { return }
            patches.append(patch)
        }
        // And all of them as one series.
        #expect(try PatchParser.parse(UnifiedDiff.render(patches)) == patches)
    }

    @Test func hunkCountsMatchTheirLines() {
        var rng = SeededGenerator(seed: 99)
        for _ in 0 ..< 1000 {
            let (old, new) = RandomText.pair(&rng)
            for hunk in UnifiedDiff.hunks(old: old, new: new) {
                #expect(hunk.lines.filter { $0.kind != .added }.count == hunk.oldCount)
                #expect(hunk.lines.filter { $0.kind != .removed }.count == hunk.newCount)
            }
        }
    }

    @Test func identicalTextsHaveNoHunks() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0 ..< 200 {
            let text = RandomText.join(RandomText.lines(&rng, count: 20), &rng, Self.styles[1])
            #expect(UnifiedDiff.hunks(old: text, new: text).isEmpty)
        }
    }
}
