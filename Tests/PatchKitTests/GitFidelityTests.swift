import Foundation
import Testing
@testable import PatchKit

/// Many random file pairs diffed by us and by `git diff` in one repository:
/// the outputs must be identical, which checks the Myers port, the sliding
/// and indent heuristics, hunk merging and function headings all at once.
@Suite struct GitFidelityTests {
    @Test(arguments: [(UInt64(42), 0.0, 0.0), (UInt64(7), 0.3, 0.0), (UInt64(1234), 0.0, 0.5), (UInt64(99), 0.0, 0.9)])
    func randomPairsMatchGitDiff(seed: UInt64, crlf: Double, rare: Double) throws {
        let repo = try GitRepo()
        var rng = SeededGenerator(seed: seed)
        var pairs: [(path: String, old: String?, new: String?)] = []
        for k in 0 ..< 250 {
            let style = RandomText.Style(crlfChance: crlf, finalNewlineChance: 0.75, rareLineChance: rare)
            // Every tenth file is long enough for git's cost cut-offs to matter.
            let (old, new) = RandomText.pair(&rng, maxLines: k % 10 == 0 ? 3000 : 40, style: style)
            let path = "f" + String(1000 + k).dropFirst()
            pairs.append((path, old, new))
            if let old { try repo.write(path, old) }
        }
        try repo.commitAll()
        for pair in pairs {
            if let new = pair.new {
                try repo.write(pair.path, new)
            } else if pair.old != nil {
                try repo.remove(pair.path)
            }
        }
        let expected = try repo.stagedDiff()
        let oldIds = try repo.blobIds(tree: true)
        let newIds = try repo.blobIds(tree: false)

        let ours = pairs.sorted { $0.path < $1.path }.map { pair in
            UnifiedDiff.render(UnifiedDiff.filePatch(
                path: pair.path, old: pair.old, new: pair.new, oldMode: .regular, newMode: .regular,
                oldBlob: oldIds[pair.path], newBlob: newIds[pair.path]))
        }.joined()
        #expect(expected.contains("@@"))
        expectSameDiff(ours, expected)
    }
}

extension GitRepo {
    /// path -> blob id, from HEAD (`tree`) or from the index.
    func blobIds(tree: Bool) throws -> [String: String] {
        let listing = tree ? try git("ls-tree", "-r", "HEAD") : try git("ls-files", "-s")
        var ids: [String: String] = [:]
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let fields = parts[0].split(separator: " ")
            ids[String(parts[1])] = String(fields[tree ? 2 : 1])
        }
        return ids
    }
}

/// Compares two multi-file diffs file by file so a failure shows just the
/// file that differs.
func expectSameDiff(_ ours: String, _ git: String, sourceLocation: SourceLocation = #_sourceLocation) {
    func files(_ text: String) -> [String] {
        var result: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("diff --git ") || result.isEmpty { result.append("") }
            result[result.count - 1] += line + "\n"
        }
        return result
    }
    let a = files(ours), b = files(git)
    for (x, y) in zip(a, b) where x != y {
        #expect(x == y, "first differing file patch", sourceLocation: sourceLocation)
        return
    }
    #expect(a.count == b.count, "number of file patches", sourceLocation: sourceLocation)
}
