/// A patch split into classified lines, with an index of where each file and hunk starts.
/// Built once per patch text; rendering reads only the visible window, so a 10,000-line diff
/// costs the same to draw as a 10-line one.
public struct DiffDocument: Sendable, Equatable {
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

    public init(patch: String) {
        var lines: [Line] = []
        var files: [Int] = []
        var hunks: [Int] = []
        var inHunk = false
        var raw = patch.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if raw.last == "" { raw.removeLast() }
        for text in raw {
            let kind: Kind
            if text.hasPrefix("diff --git ") {
                kind = .fileHeader
                inHunk = false
                files.append(lines.count)
            } else if text.hasPrefix("@@") {
                kind = .hunk
                inHunk = true
                hunks.append(lines.count)
            } else if inHunk, text.hasPrefix("+") {
                kind = .added
            } else if inHunk, text.hasPrefix("-") {
                kind = .removed
            } else if inHunk, text.hasPrefix(" ") || text.isEmpty {
                kind = .context
            } else if text.hasPrefix("\\") {
                kind = .note
            } else {
                kind = .meta
            }
            lines.append(Line(kind: kind, text: text))
        }
        self.lines = lines
        fileStarts = files
        hunkStarts = hunks
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
        for step in 1...n {
            let i = ((line + (forward ? step : -step)) % n + n) % n
            if lines[i].text.range(of: query, options: .caseInsensitive) != nil { return i }
        }
        return nil
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
