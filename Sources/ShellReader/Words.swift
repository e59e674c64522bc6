extension Parser {
    /// Reads one word at `pos`: quotes, escapes, expansions and substitutions included.
    /// Commands inside substitutions are parsed and recorded as commands.
    func readWord(enclosing: [ShellConstruct], allowParens: Bool = false) -> WordResult {
        var w = WordResult(start: pos, end: pos)
        // Process substitution `<(...)` / `>(...)` is a word of its own.
        if let b = peek(), b == Byte.lt || b == Byte.gt, peek(1) == Byte.lparen {
            pos += 2
            parseSubstitutionBody(enclosing: enclosing)
            w.isStatic = false
            w.hasExpansion = true
            w.unquoted = Array(bytes[w.start..<pos])
            w.end = pos
            return w
        }
        var parenDepth = 0
        while pos < end {
            let b = bytes[pos]
            if allowParens && b == Byte.lparen { parenDepth += 1; append(&w, b); pos += 1; continue }
            if allowParens && b == Byte.rparen && parenDepth > 0 { parenDepth -= 1; append(&w, b); pos += 1; continue }
            if Byte.isMeta(b) {
                // Extglob `@(...)`, `!(...)` and the like stay inside the word.
                if b == Byte.lparen, pos > w.start, [Byte.at, Byte.bang, Byte.star, Byte.question, Byte.plus].contains(bytes[pos - 1]) {
                    let close = skipBalancedParens(from: pos)
                    w.unquoted += bytes[pos..<close]
                    w.isStatic = false
                    pos = close
                    continue
                }
                break
            }
            switch b {
            case Byte.backslash:
                if peek(1) == Byte.newline { pos += 2; continue }
                pos += 1
                if pos < end { append(&w, bytes[pos]); w.quoted = true; pos += 1 }
            case Byte.squote:
                w.quoted = true
                let s = pos + 1
                var i = s
                while i < end, bytes[i] != Byte.squote { i += 1 }
                if i >= end { diag(pos, "unterminated single quote") }
                w.literal += bytes[s..<min(i, end)]
                w.unquoted += bytes[s..<min(i, end)]
                pos = min(i + 1, end)
            case Byte.dquote:
                w.quoted = true
                pos += 1
                readDoubleQuoted(&w, enclosing: enclosing)
            case Byte.dollar:
                parseDollar(&w, enclosing: enclosing, inHeredoc: false, dquoted: false)
            case Byte.backtick:
                parseBacktick(&w, enclosing: enclosing)
            case Byte.star, Byte.question:
                w.isStatic = false
                w.unquoted.append(b)
                pos += 1
            case Byte.lbracket:
                if hasClosingBracket(from: pos) { w.isStatic = false }
                append(&w, b)
                pos += 1
            default:
                append(&w, b)
                pos += 1
            }
        }
        w.end = pos
        return w
    }

    func append(_ w: inout WordResult, _ b: UInt8) {
        w.literal.append(b)
        w.unquoted.append(b)
    }

    func hasClosingBracket(from i: Int) -> Bool {
        var j = i + 1
        while j < end, !Byte.isMeta(bytes[j]) {
            if bytes[j] == Byte.rbracket { return j > i + 1 }
            j += 1
        }
        return false
    }

    func skipBalancedParens(from i: Int) -> Int {
        var depth = 0
        var j = i
        while j < end {
            if bytes[j] == Byte.lparen { depth += 1 }
            else if bytes[j] == Byte.rparen { depth -= 1; if depth == 0 { return j + 1 } }
            else if bytes[j] == Byte.newline { return j }
            j += 1
        }
        return end
    }

    func readDoubleQuoted(_ w: inout WordResult, enclosing: [ShellConstruct]) {
        let open = pos - 1
        while pos < end {
            let b = bytes[pos]
            switch b {
            case Byte.dquote:
                pos += 1
                return
            case Byte.backslash:
                if let n = peek(1), n == Byte.dollar || n == Byte.backtick || n == Byte.dquote || n == Byte.backslash {
                    append(&w, n)
                    pos += 2
                } else if peek(1) == Byte.newline {
                    pos += 2
                } else {
                    append(&w, b)
                    pos += 1
                }
            case Byte.dollar:
                parseDollar(&w, enclosing: enclosing, inHeredoc: false, dquoted: true)
            case Byte.backtick:
                parseBacktick(&w, enclosing: enclosing)
            default:
                append(&w, b)
                pos += 1
            }
        }
        diag(open, "unterminated double quote")
    }

    /// `$...` at `pos`: a parameter expansion, a command substitution, arithmetic, `$'..'`.
    func parseDollar(_ w: inout WordResult, enclosing: [ShellConstruct], inHeredoc: Bool, dquoted: Bool) {
        let start = pos
        guard let n = peek(1) else { append(&w, Byte.dollar); pos += 1; return }
        func finish() {
            w.unquoted += bytes[start..<pos]
            w.isStatic = false
            w.hasExpansion = true
        }
        if n == Byte.squote && !dquoted {
            // ANSI-C quoting: static text.
            w.quoted = true
            var i = pos + 2
            while i < end, bytes[i] != Byte.squote { if bytes[i] == Byte.backslash { i += 1 }; i += 1 }
            let close = min(i, end)
            w.literal += bytes[min(pos + 2, close)..<close]
            w.unquoted += bytes[min(pos + 2, close)..<close]
            if i >= end { diag(start, "unterminated $'...' quote") }
            pos = min(i + 1, end)
            return
        }
        if n == Byte.dquote && !dquoted {
            w.quoted = true
            pos += 2
            readDoubleQuoted(&w, enclosing: enclosing)
            return
        }
        if n == Byte.lparen {
            if peek(2) == Byte.lparen, let close = matchingDoubleParen(from: pos + 3) {
                scanArithmetic(pos + 3, close, enclosing: enclosing)
                pos = close + 2
                finish()
                return
            }
            pos += 2
            parseSubstitutionBody(enclosing: enclosing)
            finish()
            return
        }
        if n == Byte.lbrace {
            parseBraceExpansion(enclosing: enclosing, inHeredoc: inHeredoc)
            finish()
            return
        }
        if Byte.isNameStart(n) {
            var i = pos + 1
            while i < end, Byte.isNameChar(bytes[i]) { i += 1 }
            record(text(pos + 1, i), op: nil, at: pos, enclosing: enclosing, inHeredoc: inHeredoc)
            pos = i
            finish()
            return
        }
        if Byte.isDigit(n) || [Byte.at, Byte.star, Byte.hash, Byte.question, Byte.dash, Byte.dollar, Byte.bang].contains(n) {
            record(String(decoding: [n], as: UTF8.self), op: nil, at: pos, enclosing: enclosing, inHeredoc: inHeredoc)
            pos += 2
            finish()
            return
        }
        append(&w, Byte.dollar)
        pos += 1
    }

    func record(_ name: String, op: String?, indirect: Bool = false, length: Bool = false, at offset: Int,
                enclosing: [ShellConstruct], inHeredoc: Bool) {
        expansions.append(ShellExpansion(name: name, op: op, isIndirect: indirect, isLength: length, line: line(at: offset),
                                         inHeredoc: inHeredoc, enclosing: enclosing))
    }

    /// `${...}` at `pos`.
    func parseBraceExpansion(enclosing: [ShellConstruct], inHeredoc: Bool) {
        let start = pos
        pos += 2
        var indirect = false, length = false
        if peek() == Byte.bang, let n = peek(1), n != Byte.rbrace { indirect = true; pos += 1 }
        if peek() == Byte.hash, let n = peek(1), n != Byte.rbrace, n != Byte.colon, !(n == Byte.hash && peek(2) == Byte.rbrace) {
            if Byte.isNameStart(n) || Byte.isDigit(n) || n == Byte.at || n == Byte.star { length = true; pos += 1 }
        }
        var name = ""
        if let b = peek(), Byte.isNameStart(b) {
            let s = pos
            while pos < end, Byte.isNameChar(bytes[pos]) { pos += 1 }
            name = text(s, pos)
        } else if let b = peek(), Byte.isDigit(b) {
            let s = pos
            while pos < end, Byte.isDigit(bytes[pos]) { pos += 1 }
            name = text(s, pos)
        } else if let b = peek(), [Byte.at, Byte.star, Byte.hash, Byte.question, Byte.dash, Byte.dollar, Byte.bang].contains(b) {
            name = String(decoding: [b], as: UTF8.self)
            pos += 1
        }
        if peek() == Byte.lbracket {
            while pos < end, bytes[pos] != Byte.rbracket, bytes[pos] != Byte.rbrace { pos += 1 }
            if peek() == Byte.rbracket { pos += 1 }
        }
        var op: String?
        let ops = [":-", ":=", ":?", ":+", "##", "%%", "//", "^^", ",,", "-", "=", "?", "+", "#", "%", "/", "^", ",", ":", "@"]
        for candidate in ops {
            let u = Array(candidate.utf8)
            if pos + u.count <= end, Array(bytes[pos..<pos + u.count]) == u { op = candidate; pos += u.count; break }
        }
        if !name.isEmpty { record(name, op: op, indirect: indirect, length: length, at: start, enclosing: enclosing, inHeredoc: inHeredoc) }
        // The rest (a word that may hold more expansions) runs to the matching `}`.
        var w = WordResult(start: pos, end: pos)
        while pos < end {
            let b = bytes[pos]
            if b == Byte.rbrace { pos += 1; return }
            switch b {
            case Byte.backslash: pos += 2
            case Byte.squote:
                if inHeredoc { pos += 1; continue }
                pos += 1
                while pos < end, bytes[pos] != Byte.squote { pos += 1 }
                pos += 1
            case Byte.dquote: pos += 1; readDoubleQuoted(&w, enclosing: enclosing)
            case Byte.dollar: parseDollar(&w, enclosing: enclosing, inHeredoc: inHeredoc, dquoted: false)
            case Byte.backtick: parseBacktick(&w, enclosing: enclosing)
            default: pos += 1
            }
        }
        pos = min(pos, end)
        diag(start, "`${` is never closed")
    }

    /// The commands of `$( ... )` (after `$(` / `<(`), up to and including the `)`.
    func parseSubstitutionBody(enclosing: [ShellConstruct]) {
        let open = pos
        let stop = parseList(until: [], closeParen: true, enclosing: enclosing + [.substitution])
        if stop == ")" { pos += 1 } else { diag(open, "`$(` is never closed") }
    }

    func parseBacktick(_ w: inout WordResult, enclosing: [ShellConstruct]) {
        let open = pos
        var i = pos + 1
        while i < end, bytes[i] != Byte.backtick { if bytes[i] == Byte.backslash { i += 1 }; i += 1 }
        let close = min(i, end)
        if i >= end { diag(open, "unterminated backquote") }
        let saveEnd = end
        end = close
        pos = open + 1
        parseList(until: [], enclosing: enclosing + [.substitution])
        end = saveEnd
        pos = min(close + 1, end)
        w.unquoted += bytes[open..<pos]
        w.isStatic = false
        w.hasExpansion = true
    }
}
