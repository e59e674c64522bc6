/// A patch split into classified lines, with an index of where each file and hunk starts.
/// Built once per patch text; rendering reads only the visible window, so a 10,000-line diff
/// costs the same to draw as a 10-line one.
public struct DiffDocument: Sendable, Equatable {
    /// Two documents of the same patch are the same document (everything else derives from it).
    public static func == (a: DiffDocument, b: DiffDocument) -> Bool { a.source == b.source }

    public enum Kind: Sendable, Equatable { case fileHeader, meta, hunk, added, removed, context, note }

    public struct Line: Sendable, Equatable {
        public let kind: Kind
        public let text: String
    }

    public let lines: [Line]
    /// Line numbers where a file's `diff --git` header starts.
    public let fileStarts: [Int]
    /// Line numbers of `@@` hunk headers.
    public let hunkStarts: [Int]
    /// The patch it was built from, so an unchanged patch is not parsed again.
    public let source: String
    /// Wrapped-row, side-by-side and word-pair indexes, built on first use (see `DiffCaches`).
    let caches = DiffCaches()

    public init(patch: String) {
        var lines: [Line] = []
        var files: [Int] = []
        var hunks: [Int] = []
        var inHunk = false
        // Split on the byte, not the Character: faster, and a CRLF line ("\r\n" is one
        // Character) still ends at its newline (its "\r" shows as a visible mark).
        var raw = patch.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if raw.last?.isEmpty == true { raw.removeLast() }
        lines.reserveCapacity(raw.count)
        let fileHeader = Array("diff --git ".utf8)
        // Classified by their first bytes (all ASCII), without Unicode-aware prefix tests.
        for utf8 in raw {
            let first = utf8.first
            let kind: Kind
            if first == UInt8(ascii: "d"), utf8.starts(with: fileHeader) {
                kind = .fileHeader
                inHunk = false
                files.append(lines.count)
            } else if first == UInt8(ascii: "@"), utf8.dropFirst().first == UInt8(ascii: "@") {
                kind = .hunk
                inHunk = true
                hunks.append(lines.count)
            } else if inHunk, first == UInt8(ascii: "+") {
                kind = .added
            } else if inHunk, first == UInt8(ascii: "-") {
                kind = .removed
            } else if inHunk, first == UInt8(ascii: " ") || first == nil {
                kind = .context
            } else if first == UInt8(ascii: "\\") {
                kind = .note
            } else {
                kind = .meta
            }
            lines.append(Line(kind: kind, text: String(Substring(utf8))))
        }
        self.lines = lines
        fileStarts = files
        hunkStarts = hunks
        source = patch
    }

    public var count: Int { lines.count }

    /// The first start after `line`, or nil.
    public static func next(_ starts: [Int], after line: Int) -> Int? { starts.first { $0 > line } }
    /// The last start before `line`, or nil.
    public static func previous(_ starts: [Int], before line: Int) -> Int? { starts.last { $0 < line } }

    /// The next line (wrapping round) whose text contains `query`, case-insensitively;
    /// `forward: false` searches backwards.
    public func find(_ query: String, from line: Int, forward: Bool) -> Int? {
        guard !query.isEmpty, !lines.isEmpty else { return nil }
        let n = lines.count
        let folded = Self.asciiFolded(query)
        for step in 1...n {
            let i = ((line + (forward ? step : -step)) % n + n) % n
            if Self.contains(lines[i].text, query, folded: folded) { return i }
        }
        return nil
    }

    /// The query's bytes lowercased when it is all ASCII, else nil.
    static func asciiFolded(_ query: String) -> [UInt8]? {
        let bytes = Array(query.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        return bytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
    }

    /// Case-insensitive containment. An ASCII query in an ASCII line is matched byte by byte
    /// (a whole 100,000-line diff in a few ms); anything else goes to Foundation's comparison.
    static func contains(_ text: String, _ query: String, folded: [UInt8]?) -> Bool {
        guard let folded, let first = folded.first else { return text.range(of: query, options: .caseInsensitive) != nil }
        let found: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            let count = bytes.count, m = folded.count
            var i = 0
            while i < count {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                if (b >= 65 && b <= 90 ? b | 0x20 : b) == first, i + m <= count {
                    var j = 1
                    while j < m {
                        let c = bytes[i + j]
                        if c >= 0x80 { return nil }
                        if (c >= 65 && c <= 90 ? c | 0x20 : c) != folded[j] { break }
                        j += 1
                    }
                    if j == m { return true }
                }
                i += 1
            }
            return false
        } ?? nil
        if let found { return found }
        return text.range(of: query, options: .caseInsensitive) != nil
    }

    /// The file a line belongs to, from its `diff --git a/X b/X` header (for the pane title).
    public func file(at line: Int) -> String? {
        guard let start = Self.previous(fileStarts, before: line + 1) else { return nil }
        let header = lines[start].text
        guard let range = header.range(of: " b/", options: .backwards) else { return nil }
        return String(header[range.upperBound...])
    }
}

import Foundation
