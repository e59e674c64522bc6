/// A recursive-descent reader of bash over UTF-8 bytes. It never throws: problems become
/// diagnostics and it carries on from the next sensible point. Depth is capped so
/// pathological nesting cannot exhaust the stack.
final class Parser {
    let bytes: [UInt8]
    var pos = 0
    var end: Int
    let lineStarts: [Int]
    var depth = 0
    static let maxDepth = 150

    var commands: [CommandBuilder] = []
    var functions: [ShellFunction] = []
    var assignments: [ShellAssignment] = []
    var expansions: [ShellExpansion] = []
    var loops: [ShellLoop] = []
    var conditionals: [ShellConditional] = []
    var heredocs: [ShellHeredoc] = []
    var diagnostics: [ShellDiagnostic] = []
    var pending: [PendingHeredoc] = []
    var appendNames: Set<String> = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == Byte.newline { starts.append(i + 1) }
        lineStarts = starts
    }

    // MARK: - Positions

    func line(at offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    func peek(_ k: Int = 0) -> UInt8? { pos + k < end ? bytes[pos + k] : nil }
    func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[max(0, a)..<min(max(a, b), bytes.count)], as: UTF8.self) }
    func diag(_ offset: Int, _ message: String) { diagnostics.append(ShellDiagnostic(line: line(at: min(offset, max(bytes.count - 1, 0))), message: message)) }

    /// Spaces, tabs and backslash-newline continuations.
    func skipBlanks() {
        while pos < end {
            let b = bytes[pos]
            if Byte.isBlank(b) { pos += 1 }
            else if b == Byte.backslash, peek(1) == Byte.newline { pos += 2 }
            else if b == Byte.backslash, peek(1) == Byte.cr, peek(2) == Byte.newline { pos += 3 }
            else { break }
        }
    }

    func skipComment() {
        if peek() == Byte.hash { while pos < end, bytes[pos] != Byte.newline { pos += 1 } }
    }

    /// Consumes one newline token, then any heredoc bodies waiting for it.
    func consumeNewline() {
        pos += 1
        readPendingHeredocs()
    }

    /// Blanks, comments and newlines between commands.
    func skipLinebreaks() {
        while true {
            skipBlanks()
            skipComment()
            if peek() == Byte.newline { consumeNewline() } else { return }
        }
    }

    func readPendingHeredocs() {
        let queue = pending
        pending = []
        for doc in queue {
            let bodyStart = pos
            var bodyEnd = pos
            var closed = false
            while pos < end {
                var lineEnd = pos
                while lineEnd < end, bytes[lineEnd] != Byte.newline { lineEnd += 1 }
                var a = pos, b = lineEnd
                if doc.stripTabs { while a < b, bytes[a] == Byte.tab { a += 1 } }
                if b > a, bytes[b - 1] == Byte.cr { b -= 1 }
                if Array(bytes[a..<b]) == doc.delimiter {
                    bodyEnd = pos
                    pos = min(lineEnd + 1, end)
                    closed = true
                    heredocs[doc.index].bodyEndLine = line(at: a)
                    break
                }
                pos = min(lineEnd + 1, end)
                bodyEnd = pos
            }
            if !closed {
                diag(bodyStart, "heredoc \(String(decoding: doc.delimiter, as: UTF8.self)) never closed")
                heredocs[doc.index].bodyEndLine = line(at: max(end - 1, 0))
            }
            heredocs[doc.index].bodyStartLine = line(at: bodyStart)
            heredocs[doc.index].body = text(bodyStart, bodyEnd)
            if !doc.quoted { scanHeredocExpansions(bodyStart, bodyEnd, enclosing: doc.enclosing) }
        }
    }

    /// `$NAME` and `${NAME...}` in an unquoted heredoc body are reads too.
    func scanHeredocExpansions(_ a: Int, _ b: Int, enclosing: [ShellConstruct]) {
        var i = a
        while i < b - 1 {
            if bytes[i] == Byte.backslash { i += 2; continue }
            if bytes[i] == Byte.dollar {
                i = expansion(at: i, limit: b, enclosing: enclosing, inHeredoc: true)
                continue
            }
            i += 1
        }
    }

    /// Reads the `$...` at `offset` (within `limit`) out of line, recording what it expands;
    /// returns the offset after it.
    func expansion(at offset: Int, limit: Int, enclosing: [ShellConstruct], inHeredoc: Bool) -> Int {
        let saveEnd = end, savePos = pos
        defer { end = saveEnd; pos = savePos }
        end = limit
        pos = offset
        var w = WordResult(start: offset, end: offset)
        parseDollar(&w, enclosing: enclosing, inHeredoc: inHeredoc, dquoted: inHeredoc)
        return max(pos, offset + 1)
    }

    // MARK: - Lists

    /// Parses commands until a terminator keyword (not consumed), `)` when `closeParen`, a
    /// case `;;` when `caseItem`, or the end. Returns what stopped it.
    @discardableResult
    func parseList(until terminators: Set<String>, closeParen: Bool = false, caseItem: Bool = false,
                   enclosing: [ShellConstruct]) -> String? {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            diag(pos, "nesting too deep; the rest of the script is not read")
            pos = end
            return nil
        }
        while true {
            skipLinebreaks()
            guard pos < end else { return nil }
            let b = bytes[pos]
            if b == Byte.semicolon {
                if peek(1) == Byte.semicolon || peek(1) == Byte.amp {
                    if caseItem { return ";;" }
                    diag(pos, "unexpected `;;`")
                    pos += 2
                    continue
                }
                pos += 1
                continue
            }
            if b == Byte.rparen {
                if closeParen { return ")" }
                diag(pos, "unexpected `)`")
                pos += 1
                continue
            }
            if b == Byte.amp || b == Byte.pipe {
                diag(pos, "unexpected `\(Character(UnicodeScalar(b)))`")
                pos += 1
                continue
            }
            if let word = peekKeyword() {
                if terminators.contains(word) { return word }
                if ["then", "elif", "else", "fi", "do", "done", "esac", "}", "in"].contains(word) {
                    diag(pos, "unexpected `\(word)`")
                    pos += word.utf8.count
                    continue
                }
            }
            let before = pos
            parseAndOr(enclosing: enclosing)
            if pos == before {
                diag(pos, "cannot read this")
                pos += 1
            }
        }
    }

    /// The next word if it is an unquoted reserved word at command position.
    func peekKeyword() -> String? {
        var i = pos
        while i < end, !Byte.isMeta(bytes[i]), bytes[i] != Byte.dquote, bytes[i] != Byte.squote, bytes[i] != Byte.backslash,
              bytes[i] != Byte.dollar, bytes[i] != Byte.backtick, i - pos < 9 { i += 1 }
        guard i > pos else { return nil }
        if i < end, !Byte.isMeta(bytes[i]) { return nil }
        let word = text(pos, i)
        return Self.keywords.contains(word) ? word : nil
    }

    static let keywords: Set<String> = ["if", "then", "elif", "else", "fi", "do", "done", "while", "until", "for",
                                        "in", "case", "esac", "{", "}", "!", "function", "select", "[[", "time"]

    func parseAndOr(enclosing: [ShellConstruct]) {
        var last = parsePipeline(enclosing: enclosing)
        while true {
            skipBlanks()
            guard let b = peek() else { return }
            if (b == Byte.amp && peek(1) == Byte.amp) || (b == Byte.pipe && peek(1) == Byte.pipe) {
                let op = b == Byte.amp ? "&&" : "||"
                pos += 2
                skipLinebreaks()
                let next = parsePipeline(enclosing: enclosing)
                link(last, op, next)
                last = next
                continue
            }
            if b == Byte.amp, peek(1) != Byte.gt {
                pos += 1
                if let i = last.last { commands[i].background = true }
            }
            return
        }
    }

    typealias Span = (first: Int?, last: Int?)

    func link(_ a: Span, _ op: String, _ b: Span) {
        if let i = a.last { commands[i].after = op }
        if let j = b.first { commands[j].before = op }
    }

    func parsePipeline(enclosing: [ShellConstruct]) -> Span {
        skipBlanks()
        var negated = false
        if peekKeyword() == "!" {
            negated = true
            pos += 1
            skipBlanks()
        }
        if peekKeyword() == "time" { pos += 4; skipBlanks() }
        let firstSpan = parseCommand(enclosing: enclosing, negated: negated)
        var span = firstSpan
        var result: Span = (firstSpan.first, firstSpan.last)
        while true {
            skipBlanks()
            guard peek() == Byte.pipe, peek(1) != Byte.pipe else { return result }
            var op = "|"
            pos += 1
            if peek() == Byte.amp { op = "|&"; pos += 1 }
            skipLinebreaks()
            let next = parseCommand(enclosing: enclosing, negated: false)
            link(span, op, next)
            span = next
            result.last = next.last
        }
    }
}
