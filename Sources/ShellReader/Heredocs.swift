// Heredocs. `<<EOF` only registers the heredoc; its body starts after the next newline
// token, which may come after more heredocs, pipes or even a whole `while` head on the
// same line, so bodies are read whenever a newline is consumed.

struct PendingHeredoc {
    let index: Int
    let delimiter: [UInt8]
    let quoted: Bool
    let stripTabs: Bool
    let operatorOffset: Int
    /// The context of the command it belongs to, for expansions in the body.
    let ctx: [ShellConstruct]
}

extension Parser {
    /// After `<<` / `<<-` and blanks: the delimiter word.
    mutating func readHeredocOperator(op: String, fd: String?, at start: Int) -> ShellRedirection {
        guard pos < end, !isMeta(bytes[pos]), !isCRBeforeNewline(pos), let word = readWord() else {
            diag("`\(op)` without a delimiter", at: start)
            return ShellRedirection(op: op, fd: fd, target: nil, heredocIndex: nil)
        }
        let quoted = word.raw.utf8.contains { $0 == Ch.squote || $0 == Ch.dquote || $0 == Ch.backslash }
        let index = heredocs.count
        heredocs.append(nil)
        pending.append(PendingHeredoc(index: index, delimiter: Array(word.unquotedText.utf8), quoted: quoted,
                                      stripTabs: op == "<<-", operatorOffset: start, ctx: ctx))
        return ShellRedirection(op: op, fd: fd, target: nil, heredocIndex: index)
    }

    mutating func consumeNewline() {
        pos += 1
        guard !pending.isEmpty else { return }
        let queue = pending
        pending.removeAll()
        for doc in queue { readHeredocBody(doc) }
    }

    mutating func readHeredocBody(_ doc: PendingHeredoc) {
        let bodyStart = pos
        var lineStart = pos
        var closeStart: Int?
        var after = end
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end && bytes[lineEnd] != Ch.nl { lineEnd += 1 }
            var a = lineStart
            if doc.stripTabs { while a < lineEnd && bytes[a] == Ch.tab { a += 1 } }
            var b = lineEnd
            if b > a && bytes[b - 1] == Ch.cr { b -= 1 }
            if b - a == doc.delimiter.count && bytes[a..<b].elementsEqual(doc.delimiter) {
                closeStart = lineStart
                after = lineEnd < end ? lineEnd + 1 : lineEnd
                break
            }
            lineStart = lineEnd + 1
        }
        let bodyEnd = closeStart ?? end
        let delimiter = String(decoding: doc.delimiter, as: UTF8.self)
        if closeStart == nil { diag("heredoc \(delimiter) never closed", at: doc.operatorOffset) }
        var body = Array(bytes[bodyStart..<max(bodyStart, bodyEnd)])
        if doc.stripTabs { body = Self.stripLeadingTabs(body) }
        heredocs[doc.index] = ShellHeredoc(
            delimiter: delimiter, quoted: doc.quoted, stripTabs: doc.stripTabs, bodyStartLine: lineOf(bodyStart),
            bodyEndLine: closeStart.map { lineOf($0) } ?? lineOf(max(bodyStart, end)), body: String(decoding: body, as: UTF8.self))
        if !doc.quoted && bodyStart < bodyEnd {
            let savedCtx = ctx, savedFlag = inHeredocBody, savedWaits = waits
            ctx = doc.ctx
            inHeredocBody = true
            waits = .zero
            scanExpansions(in: bodyStart..<bodyEnd)
            ctx = savedCtx
            inHeredocBody = savedFlag
            waits = savedWaits
        }
        if !abandoned { pos = after }
    }

    /// A heredoc whose line never ended: there is no body at all.
    mutating func closeNeverOpenedHeredoc(_ doc: PendingHeredoc) {
        let delimiter = String(decoding: doc.delimiter, as: UTF8.self)
        diag("heredoc \(delimiter) never closed", at: doc.operatorOffset)
        let last = lineStarts.count
        heredocs[doc.index] = ShellHeredoc(delimiter: delimiter, quoted: doc.quoted, stripTabs: doc.stripTabs,
                                           bodyStartLine: last, bodyEndLine: last, body: "")
    }

    static func stripLeadingTabs(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var atLineStart = true
        for c in body {
            if atLineStart && c == Ch.tab { continue }
            atLineStart = c == Ch.nl
            out.append(c)
        }
        return out
    }
}
