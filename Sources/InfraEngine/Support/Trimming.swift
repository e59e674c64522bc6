import Foundation

// `trimmingCharacters(in: .whitespaces)` without Foundation, which bridges every call to
// `NSString`: the rules trim lines of every task and runbook they read, and about 11 ms of CPU
// per plan of a 1,000-task tree went to `NSString.substring` under it (perf, 3 runs).
// The same scalars as swift-corelibs-foundation's sets (listed from it on this platform):
// `.whitespaces` is general category Zs, tab and U+200B; `.whitespacesAndNewlines` adds
// U+000A-U+000D, U+0085, U+2028 and U+2029. `TrimmingTests` compares both with Foundation.
extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)`.
    func trimmingWhitespace() -> String { trimmed(Self.isSpace) }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    func trimmingWhitespaceAndNewlines() -> String { trimmed { Self.isSpace($0) || Self.isNewline($0) } }

    private static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private static func isNewline(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    private func trimmed(_ trims: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !trims($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !trims($0) })!
        return String(self[first..<scalars.index(after: last)])
    }
}
