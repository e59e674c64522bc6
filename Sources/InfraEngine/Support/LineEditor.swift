import ShellReader
/// Whole-line edits on a text, addressed by the original 1-based line numbers, so a rule can
/// queue several edits from one parse and apply them together. Line endings are kept: a
/// CRLF file gets CRLF lines.
public struct LineEditor {
    private var lines: [String]
    private let trailingNewline: Bool
    private let eol: String
    private var replacements: [Int: [String]] = [:]  // line -> its new lines ([] deletes it)
    private var insertions: [Int: [String]] = [:]    // after line (0 = top) -> lines

    public init(_ text: String) {
        var parts = text.newlineSeparatedLines.map(String.init)
        trailingNewline = text.endsWithLineFeed
        if trailingNewline { parts.removeLast() }
        eol = parts.first?.endsWithCarriageReturn == true ? "\r\n" : "\n"
        lines = parts.map { $0.withoutCarriageReturn }
    }

    public var lineCount: Int { lines.count }
    public func line(_ n: Int) -> String { n >= 1 && n <= lines.count ? lines[n - 1] : "" }

    public mutating func delete(_ range: ClosedRange<Int>) {
        for n in range { replacements[n] = [] }
    }

    /// Replaces lines `range` with `newLines`.
    public mutating func replace(_ range: ClosedRange<Int>, with newLines: [String]) {
        replacements[range.lowerBound] = newLines
        for n in range.dropFirst() { replacements[n] = [] }
    }

    public mutating func insert(_ newLines: [String], after line: Int) {
        insertions[line, default: []] += newLines
    }

    public func text() -> String {
        var out: [String] = insertions[0] ?? []
        for (i, line) in lines.enumerated() {
            let n = i + 1
            out += replacements[n] ?? [line]
            out += insertions[n] ?? []
        }
        if out.isEmpty { return "" }
        return out.joined(separator: eol) + (trailingNewline || !insertions.isEmpty || lines.isEmpty ? eol : "")
    }
}
