import Foundation
import Testing
@testable import InfraEngine

/// `trimmingWhitespace()` and `trimmingWhitespaceAndNewlines()` against Foundation's
/// `trimmingCharacters(in:)` with `.whitespaces` and `.whitespacesAndNewlines`, whose place
/// they take in the engine.
@Suite struct TrimmingTests {
    /// Every scalar Foundation's sets hold or might be thought to: ASCII controls and spaces,
    /// the Unicode space separators, line and paragraph separators, and look-alikes that are
    /// not whitespace (zero-width space, BOM).
    static let edges: [Unicode.Scalar] = (0...0x20).compactMap(Unicode.Scalar.init) + [
        "\u{7F}", "\u{85}", "\u{A0}", "\u{1680}", "\u{180E}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{200B}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "x", "é", "\u{301}",
    ]

    @Test func matchesFoundationOnEveryPairAroundAWord() {
        for a in Self.edges {
            for b in Self.edges {
                for s in ["\(a)\(b)", "\(a)word\(b)", "\(a)\(b)w o\(b)\(a)", "\(a)\u{301}x\(b)"] {
                    #expect(s.trimmingWhitespace() == s.trimmingCharacters(in: .whitespaces), "\(Array(s.unicodeScalars))")
                    #expect(s.trimmingWhitespaceAndNewlines() == s.trimmingCharacters(in: .whitespacesAndNewlines),
                            "\(Array(s.unicodeScalars))")
                    let sub = Substring(s)
                    #expect(sub.trimmingWhitespace() == sub.trimmingCharacters(in: .whitespaces))
                }
            }
        }
    }

    @Test func emptyAndAllSpace() {
        #expect("".trimmingWhitespace() == "")
        #expect(" \t ".trimmingWhitespace() == "")
        #expect(" \n ".trimmingWhitespace() == "\n")
        #expect(" \n ".trimmingWhitespaceAndNewlines() == "")
    }
}
