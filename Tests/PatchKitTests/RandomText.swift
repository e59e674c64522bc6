/// SplitMix64: small, seedable, and the same on every platform.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Texts made of few distinct lines, so diffs have many equal candidates
/// and the sliding / tie-breaking rules matter.
enum RandomText {
    static let alphabet = [
        "", "a", "b", "c", "fi", "}", "  x=1", "\tfoo", "main() {", "echo hi", "  return 0", "done",
        "    nested", "café", "  ", "_private", "$VAR", "# comment",
    ]

    struct Style {
        var crlfChance = 0.0
        var finalNewlineChance = 0.8
        /// How often a line is drawn from a large set instead of the small alphabet.
        var rareLineChance = 0.0
    }

    static func lines(_ rng: inout SeededGenerator, count: Int, rare: Double = 0) -> [String] {
        (0 ..< count).map { _ in
            Double.random(in: 0 ..< 1, using: &rng) < rare
                ? "line \(Int.random(in: 0 ..< 400, using: &rng))"
                : alphabet.randomElement(using: &rng)!
        }
    }

    static func join(_ lines: [String], _ rng: inout SeededGenerator, _ style: Style) -> String {
        guard !lines.isEmpty else { return "" }
        var text = ""
        for (k, line) in lines.enumerated() {
            text += line
            let last = k == lines.count - 1
            if last && Double.random(in: 0 ..< 1, using: &rng) >= style.finalNewlineChance {
                // A last line with no newline must not be empty (that would be no line at all).
                if line.isEmpty { text += "z" }
                break
            }
            text += Double.random(in: 0 ..< 1, using: &rng) < style.crlfChance ? "\r\n" : "\n"
        }
        return text
    }

    /// A few random edits (insert, delete, replace runs of lines).
    static func mutate(_ lines: [String], _ rng: inout SeededGenerator, edits: Int, rare: Double = 0) -> [String] {
        var result = lines
        for _ in 0 ..< edits {
            let at = Int.random(in: 0 ... result.count, using: &rng)
            let length = Int.random(in: 0 ... 3, using: &rng)
            switch Int.random(in: 0 ..< 3, using: &rng) {
            case 0:
                result.insert(contentsOf: Self.lines(&rng, count: length + 1, rare: rare), at: at)
            case 1:
                result.removeSubrange(at ..< min(result.count, at + length + 1))
            default:
                result.replaceSubrange(at ..< min(result.count, at + length), with: Self.lines(&rng, count: length, rare: rare))
            }
        }
        return result
    }

    /// An (old, new) pair: sometimes unrelated, usually an edit of each other,
    /// sometimes with a side missing.
    static func pair(_ rng: inout SeededGenerator, maxLines: Int = 30, style: Style = Style()) -> (old: String?, new: String?) {
        let rare = style.rareLineChance
        let oldLines = lines(&rng, count: Int.random(in: 0 ... maxLines, using: &rng), rare: rare)
        let newLines = Int.random(in: 0 ..< 10, using: &rng) == 0
            ? lines(&rng, count: Int.random(in: 0 ... maxLines, using: &rng), rare: rare)
            : mutate(oldLines, &rng, edits: Int.random(in: 1 ... max(1, maxLines / 8), using: &rng), rare: rare)
        var old: String? = join(oldLines, &rng, style)
        var new: String? = join(newLines, &rng, style)
        switch Int.random(in: 0 ..< 20, using: &rng) {
        case 0: old = nil
        case 1: new = nil
        default: break
        }
        return (old, new)
    }
}
