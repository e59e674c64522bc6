import ShellReader

/// Byte-exact views of one parsed command in its script, so a rule can rewrite a command
/// (insert a flag, wrap it in a guard) without disturbing anything else on its lines.
struct CommandText {
    let script: ShellScript
    let command: ShellCommand
    private let source: ScriptBytes
    private var bytes: [UInt8] { source.bytes }
    /// Byte offset of the first byte of each line (1-based line n at index n - 1).
    private var lineStarts: [Int] { source.lineStarts }

    /// Reads the script's bytes for this one command; a rule that looks at many commands of
    /// one script passes one `ScriptBytes` to all of them instead (reading the whole script
    /// per command made a task with n creates cost n^2).
    init(_ command: ShellCommand, in script: ShellScript) {
        self.init(command, in: script, bytes: ScriptBytes(script))
    }

    init(_ command: ShellCommand, in script: ShellScript, bytes: ScriptBytes) {
        self.script = script
        self.command = command
        source = bytes
    }

    var text: String { slice(command.startOffset, command.endOffset) }

    /// Start and end byte offset of each word, found by matching the words' source text in order.
    var wordRanges: [Range<Int>]? {
        var out: [Range<Int>] = []
        var pos = command.startOffset
        for word in command.words {
            let raw = Array(word.raw.utf8)
            guard !raw.isEmpty, let at = find(raw, from: pos, before: command.endOffset) else { return nil }
            out.append(at..<(at + raw.count))
            pos = at + raw.count
        }
        return out
    }

    /// The `VAR=value ` assignments written before the command name, as written and followed
    /// by one space, or "" when there are none; nil when they cannot be located.
    ///
    /// Bash manual, "Simple Command Expansion": assignments before a command name are in the
    /// environment of that one command only, so every command a rewrite adds in its place
    /// (the `kubectl apply` of a render, a guard's describe) must carry them too.
    var assignmentPrefix: String? {
        if command.prefixAssignments.isEmpty { return "" }
        guard let first = wordRanges?.first else { return nil }
        let prefix = slice(command.startOffset, first.lowerBound).trimmingWhitespace()
        return prefix.isEmpty || prefix.contains("\n") ? nil : prefix + " "
    }

    /// Whether the command alone fills its lines: only blanks before it and only blanks or a
    /// comment after it, so wrapping those lines in a guard wraps exactly this command.
    var ownsItsLines: Bool {
        guard command.operatorBefore == nil, command.operatorAfter == nil, !command.background,
              command.startLine >= 1, command.endLine <= lineStarts.count else { return false }
        let head = slice(lineStarts[command.startLine - 1], command.startOffset)
        guard head.allSatisfy({ $0 == " " || $0 == "\t" }) else { return false }
        let lineEnd = command.endLine < lineStarts.count ? lineStarts[command.endLine] - 1 : bytes.count
        let tail = slice(command.endOffset, max(lineEnd, command.endOffset)).trimmingWhitespace()
        return tail.isEmpty || tail.hasPrefix("#")
    }

    /// The command's own text when `command || handler` alone fills its lines (the list can
    /// be rewritten as a whole); nil otherwise.
    func listText(through handler: ShellCommand) -> String? {
        guard command.operatorBefore == nil, !handler.background, command.startLine >= 1,
              handler.endLine <= lineStarts.count else { return nil }
        let head = slice(lineStarts[command.startLine - 1], command.startOffset)
        guard head.allSatisfy({ $0 == " " || $0 == "\t" }) else { return nil }
        let lineEnd = handler.endLine < lineStarts.count ? lineStarts[handler.endLine] - 1 : bytes.count
        let tail = slice(handler.endOffset, max(lineEnd, handler.endOffset)).trimmingWhitespace()
        guard tail.isEmpty || tail.hasPrefix("#") else { return nil }
        return text
    }

    /// A word whose text runs over a line break (a multi-line string): re-indenting its lines
    /// would change the string.
    var hasMultilineWord: Bool { command.words.contains { $0.raw.contains("\n") } }

    var hasHeredoc: Bool { command.redirections.contains { $0.heredocIndex != nil } }

    /// Leading blanks of the command's first line.
    var indentation: String {
        String(script.lines[command.startLine - 1].prefix { $0 == " " || $0 == "\t" })
    }

    /// The command's lines with `insertions` (byte offset -> text) applied, line endings removed.
    func lines(inserting insertions: [(at: Int, text: String)], replacing replacements: [(Range<Int>, String)] = []) -> [String] {
        let first = lineStarts[command.startLine - 1]
        let last = command.endLine < lineStarts.count ? lineStarts[command.endLine] - 1 : bytes.count
        var edits: [(Range<Int>, String)] = replacements + insertions.map { ($0.at..<$0.at, $0.text) }
        edits.sort { $0.0.lowerBound > $1.0.lowerBound }
        var region = Array(bytes[first..<last])
        for (range, text) in edits {
            region.replaceSubrange((range.lowerBound - first)..<(range.upperBound - first), with: Array(text.utf8))
        }
        return String(decoding: region, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).withoutTrailingCR }
    }

    private func slice(_ a: Int, _ b: Int) -> String {
        guard a >= 0, b <= bytes.count, a <= b else { return "" }
        return String(decoding: bytes[a..<b], as: UTF8.self)
    }

    private func find(_ needle: [UInt8], from: Int, before limit: Int) -> Int? {
        guard needle.count <= limit - from else { return nil }
        var i = from
        while i + needle.count <= limit {
            if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

/// A script's bytes and where each of its lines starts, read once and shared by the
/// `CommandText`s of its commands.
final class ScriptBytes: Sendable {
    let bytes: [UInt8]
    let lineStarts: [Int]

    init(_ script: ShellScript) {
        let bytes = Array(script.text.utf8)
        var starts = [0]
        starts.reserveCapacity(script.lines.count + 1)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A { starts.append(i + 1) }
            i += 1
        }
        self.bytes = bytes
        lineStarts = starts
    }
}

extension String {
    var withoutTrailingCR: String { hasSuffix("\r") ? String(dropLast()) : self }
}

/// Makes a finding key from free text: letters, digits, dots and dashes only.
func findingKey(_ parts: [String]) -> String {
    // On UTF-8 bytes (a key per finding, thousands a plan): a character that is not an ASCII
    // letter, digit or `.` is one or more such bytes, and a run of them is one dash either way.
    var out: [UInt8] = []
    var lastDash = false
    func take(_ b: UInt8) {
        if (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b == 0x2e {
            out.append(b)
            lastDash = false
        } else if !lastDash, !out.isEmpty {
            out.append(0x2d)
            lastDash = true
        }
    }
    for (i, part) in parts.enumerated() {
        if i > 0 { take(0x2d) }  // the parts are joined by "-"
        for b in part.utf8 { take(b) }
    }
    while out.last == 0x2d { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
}
