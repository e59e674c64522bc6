import Testing
@testable import ShellReader

/// The reader never crashes or hangs, and what it reports stays inside the text.
@Suite struct RobustnessTests {
    /// Named so the test log stays short: some inputs are thousands of characters.
    static let malformed: [String: String] = [
        "open double quote": "echo \"unterminated", "open single quote": "echo 'unterminated",
        "open heredoc": "cat <<EOF\nnever closed", "open substitution": "x=$(echo", "lone fi": "fi",
        "closers": "done; esac; }", "open if": "if a; then", "open case": "case x in a) echo", "open brace": "${",
        "open arithmetic": "$((1 +", "open backquote": "`echo", "open function": "f() {", "parens": "((((",
        "open [[": "[[ -n x", "dangling pipe": "a |", "leading &&": "&& b", "stray ;;": ";;",
        "5000 (": String(repeating: "(", count: 5000), "5000 $(": String(repeating: "$(", count: 5000),
        "5000 {": String(repeating: "{ ", count: 5000), "3000 if": String(repeating: "if a; then ", count: 3000),
        "3000 nested quotes": String(repeating: "\"$(echo ", count: 3000),
    ]

    @Test(arguments: malformed.keys.sorted())
    func malformedInputGivesDiagnosticsNotCrashes(_ name: String) {
        let text = Self.malformed[name]!
        let s = ShellReader.read(text)
        for c in s.commands { #expect(c.startLine >= 1 && c.startLine <= c.endLine && c.endLine <= s.lines.count) }
        #expect(!s.diagnostics.isEmpty || text == "fi" || !s.commands.isEmpty || text.hasPrefix("$"))
    }

    @Test func randomBytesAndMutations() {
        var rng = SeededRandom(seed: 42)
        let base = Array(CommandTests.cluster.utf8)
        let alphabet = Array("ab $(){}[]\"'`\\\n;&|<>#=-!:%*?@ifthenfidodone".utf8)
        for round in 0..<4000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = base
                for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: bytes[i] = alphabet.randomElement(using: &rng)!
                    case 1: bytes.remove(at: i)
                    default: bytes.insert(alphabet.randomElement(using: &rng)!, at: i)
                    }
                }
            } else {
                bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in
                    Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
                }
            }
            let s = ShellReader.read(String(decoding: bytes, as: UTF8.self))
            for c in s.commands {
                #expect(c.startLine >= 1 && c.startLine <= c.endLine && c.endLine <= s.lines.count)
                #expect(c.startOffset <= c.endOffset && c.endOffset <= s.text.utf8.count)
            }
        }
    }
}

/// SplitMix64: reproducible random inputs.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
