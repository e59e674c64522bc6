import ShellReader
/// Whole-line edits on a text, addressed by the original 1-based line numbers, so a rule can
/// queue several edits from one parse and apply them together. Line endings are kept: a
/// CRLF file gets CRLF lines.
public struct LineEditor {
    /// The text the line numbers address, and each line's range in it without its "\n" and
    /// without one "\r" before that: a line is copied out only when asked for (`line(_:)`),
    /// and `text()` appends the kept ranges straight from here. A `String` per line, and an
    /// array per line in `text()`, were most of what an edit cost (every rewrite of every task).
    private let source: String
    private let ranges: [Range<String.Index>]
    private let trailingNewline: Bool
    private let eol: String
    private var replacements: [Int: [String]] = [:]  // line -> its new lines ([] deletes it)
    private var insertions: [Int: [String]] = [:]    // after line (0 = top) -> lines

    public init(_ text: String) {
        // Split on "\n" bytes only, as `newlineSeparatedLines` does; a text ending in "\n"
        // has no empty last line.
        let utf8 = text.utf8
        var ranges: [Range<String.Index>] = []
        var start = utf8.startIndex
        var i = start
        func add(_ end: String.Index) {
            var contentEnd = end
            if contentEnd > start {
                let before = utf8.index(before: contentEnd)
                if utf8[before] == 0x0D { contentEnd = before }
            }
            ranges.append(start..<contentEnd)
        }
        while i != utf8.endIndex {
            if utf8[i] == 0x0A {
                add(i)
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        trailingNewline = text.endsWithLineFeed
        // The last line has no "\n" of its own (and "" is one empty line): never no line.
        if !trailingNewline { add(utf8.endIndex) }
        source = text
        self.ranges = ranges
        // The first line's ending decides the file's.
        let firstEnd = ranges[0].upperBound
        eol = firstEnd < utf8.endIndex && utf8[firstEnd] == 0x0D ? "\r\n" : "\n"
    }

    public var lineCount: Int { ranges.count }
    public func line(_ n: Int) -> String { n >= 1 && n <= ranges.count ? String(source[ranges[n - 1]]) : "" }

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
        var out = ""
        out.reserveCapacity(source.utf8.count + 256)
        var first = true
        func add(_ line: Substring) {
            if !first { out += eol }
            first = false
            out.append(contentsOf: line)
        }
        func add(_ line: String) {
            if !first { out += eol }
            first = false
            out += line
        }
        for line in insertions[0] ?? [] { add(line) }
        let edited = !replacements.isEmpty || !insertions.isEmpty
        for (i, range) in ranges.enumerated() {
            let n = i + 1
            if edited, let lines = replacements[n] {
                for line in lines { add(line) }
            } else {
                add(source[range])
            }
            if edited, let lines = insertions[n] { for line in lines { add(line) } }
        }
        if first { return "" }
        if trailingNewline || !insertions.isEmpty || ranges.isEmpty { out += eol }
        return out
    }
}
