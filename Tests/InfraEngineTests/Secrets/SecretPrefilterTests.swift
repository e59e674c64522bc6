import Foundation
import Testing
@testable import InfraEngine

/// The scanner's one-pass prefilter says, for each pattern, what a plain search for each of
/// its literals says: on the corpus, on texts built around every literal (in both cases, at
/// the start and the end of the text), and on texts that hold none.
@Suite struct SecretPrefilterTests {
    /// Per pattern, whether `text` holds one of its literals, one search per literal.
    private func naive(_ text: String) -> UInt64 {
        var found: UInt64 = 0
        for (index, pattern) in SecretScanner.patterns.enumerated() {
            guard let literal = SecretScanner.literals[pattern.kind] else { found |= 1 << index; continue }
            let haystack = literal.anyCase ? String(decoding: text.utf8.map(ByteSearch.lower), as: UTF8.self) : text
            if literal.needles.contains(where: { haystack.contains(literal.anyCase ? $0.lowercased() : $0) }) { found |= 1 << index }
        }
        return found
    }

    private func prefiltered(_ text: String) -> UInt64 {
        let filter = SecretScanner.Prefilter(patterns: SecretScanner.patterns.map(\.kind), literals: SecretScanner.literals)
        var text = text
        return text.withUTF8 { filter.candidates($0) }
    }

    @Test func agreesWithOneSearchPerLiteral() {
        var texts = SecretCorpus().positives.map(\.text) + SecretCorpus().negatives.map(\.text)
        for literal in SecretScanner.literals.values {
            for needle in literal.needles {
                texts += [needle, "x" + needle, needle + "x", "echo \(needle.uppercased()) done", "a \(needle.dropLast()) b",
                          String(needle.dropFirst()), "#!/usr/bin/env bash\nset -euo pipefail\n\(needle)"]
            }
        }
        texts += ["", "set -euo pipefail\nkubectl apply -f ns.yaml\n", "sserviCE_account", "Q", "q~", "ghp", "glp"]
        for text in texts {
            #expect(prefiltered(text) == naive(text), "\(text.prefix(60))")
        }
    }

    @Test func patternsWithoutLiteralsAreAlwaysCandidates() {
        let none = prefiltered("nothing to see")
        for (index, pattern) in SecretScanner.patterns.enumerated() where SecretScanner.literals[pattern.kind] == nil {
            #expect(none & (1 << index) != 0)
        }
    }
}
