// `$...` expansions, command and process substitutions, backticks and arithmetic. Every
// parameter read is recorded; the commands inside substitutions are parsed in place with
// `.substitution` pushed, so they become ordinary commands with correct lines.

enum ArithmeticStop {
    /// `$(( ))`, `(( ))`, `for (( ))`
    case doubleParen
    /// `$[ ]`
    case bracket
    /// the offset/length of `${x:o:l}`; the `}` is left for the caller
    case brace
}

extension Parser {
    /// `end` is the byte just past the expansion's text (`$1`, `${1%/}`), so a rule can
    /// rewrite exactly that text instead of searching the line for it.
    mutating func recordExpansion(_ name: String, op: String? = nil, indirect: Bool = false, length: Bool = false,
                                  at offset: Int, end: Int) {
        expansions.append(Located(offset: offset, item: ShellExpansion(
            name: name, op: op, isIndirect: indirect, isLength: length, line: lineOf(offset),
            inHeredoc: inHeredocBody, enclosing: ctx, startOffset: offset, endOffset: end)))
    }

    /// `$` at `pos`. A `$` that starts no expansion is an ordinary character.
    mutating func readDollar(_ acc: inout WordAcc, quoted: Bool) {
        let start = pos
        let n = peek(1)
        if n == Ch.lparen {
            if peek(2) == Ch.lparen && arithmeticAhead(from: pos + 3) {
                pos += 3
                scanArithmetic(.doubleParen, openedAt: start)
            } else {
                pos += 2
                parseParenSubstitution(openedAt: start, what: "$(")
            }
        } else if n == Ch.lbrace {
            pos += 2
            readParameterExpansion(quoted: quoted, dollar: start)
        } else if n == Ch.lbracket {
            pos += 2
            scanArithmetic(.bracket, openedAt: start)
        } else if isNameStart(n) {
            var p = pos + 2
            while isNameChar(at(p)) { p += 1 }
            recordExpansion(text(pos + 1, p), at: start, end: p)
            pos = p
        } else if isDigit(n) || isSpecialParameter(n) {
            recordExpansion(String(UnicodeScalar(n)), at: start, end: pos + 2)
            pos += 2
        } else {
            acc.append(Ch.dollar)
            pos += 1
            return
        }
        acc.append(bytes[start..<max(start, min(pos, bytes.count))])
        acc.hasExpansion = true
    }

    /// After `${`, through the closing `}`.
    mutating func readParameterExpansion(quoted: Bool, dollar: Int) {
        guard enter() else { return }
        defer { leave() }
        var isLength = false, isIndirect = false
        var name = ""
        let c0 = peek(0), c1 = peek(1)
        if c0 == Ch.hash {
            if isNameStart(c1) || isDigit(c1) || c1 == Ch.at || c1 == Ch.star {
                isLength = true
            } else {
                name = "#"
            }
            pos += 1
        } else if c0 == Ch.bang {
            if c1 == Ch.rbrace { name = "!" } else { isIndirect = true }
            pos += 1
        }
        if name.isEmpty {
            let s = pos
            if isNameStart(peek(0)) {
                while isNameChar(peek(0)) { pos += 1 }
            } else if isDigit(peek(0)) {
                while isDigit(peek(0)) { pos += 1 }
            } else if isSpecialParameter(peek(0)) {
                pos += 1
            }
            name = text(s, pos)
        }
        if peek(0) == Ch.lbracket { scanSubscript() }
        var op: String?
        let c = peek(0), n = peek(1)
        if isIndirect && (c == Ch.star || c == Ch.at) && n == Ch.rbrace {
            pos += 1  // ${!prefix*}: names with that prefix
        } else if pos < end && c != Ch.rbrace {
            switch c {
            case Ch.colon:
                if n == Ch.dash || n == Ch.equals || n == Ch.question || n == Ch.plus {
                    op = text(pos, pos + 2)
                    pos += 2
                } else {
                    op = ":"
                    pos += 1
                }
            case Ch.dash, Ch.equals, Ch.question, Ch.plus, Ch.at:
                op = text(pos, pos + 1)
                pos += 1
            case Ch.hash, Ch.percent, Ch.slash, Ch.caret, Ch.comma:
                let length = n == c ? 2 : 1
                op = text(pos, pos + length)
                pos += length
            default:
                diag("bad substitution", at: dollar)
            }
        }
        // Recorded once its `}` is read, so the range covers the whole `${...}`; the script's
        // expansions are put in source order afterwards, so inner ones recorded first are fine.
        let innerEnd: Int
        if op == ":" {
            scanArithmetic(.brace, openedAt: dollar)
        } else {
            readOperand(quoted: quoted)
        }
        if peek(0) == Ch.rbrace {
            pos += 1
            innerEnd = pos
        } else {
            diag("unterminated ${", at: dollar)
            innerEnd = pos
        }
        if !name.isEmpty { recordExpansion(name, op: op, indirect: isIndirect, length: isLength, at: dollar, end: innerEnd) }
    }

    /// The word after a `${x op` up to the `}`: only its expansions matter. Inside double
    /// quotes a `'` is an ordinary character there.
    mutating func readOperand(quoted: Bool) {
        var scratch = WordAcc(start: pos, keepsText: false)
        while pos < end {
            let c = bytes[pos]
            switch c {
            case Ch.rbrace:
                return
            case Ch.backslash:
                pos += pos + 1 < end ? 2 : 1
            case Ch.squote where !quoted:
                readSingleQuoted(&scratch)
            case Ch.dquote:
                readDoubleQuoted(&scratch)
            case Ch.dollar:
                if !quoted && peek(1) == Ch.squote { readAnsiC(&scratch) } else { readDollar(&scratch, quoted: quoted) }
            case Ch.backtick:
                readBackticks(&scratch)
            default:
                pos += 1
            }
        }
    }

    /// `[...]` after a parameter name; `$` expansions inside count (`${a[$i]}`).
    mutating func scanSubscript() {
        var depth = 0
        var scratch = WordAcc(start: pos, keepsText: false)
        while pos < end {
            let c = bytes[pos]
            switch c {
            case Ch.lbracket:
                depth += 1
                pos += 1
            case Ch.rbracket:
                depth -= 1
                pos += 1
                if depth == 0 { return }
            case Ch.rbrace:
                return
            case Ch.dollar:
                readDollar(&scratch, quoted: true)
            case Ch.backtick:
                readBackticks(&scratch)
            case Ch.dquote:
                readDoubleQuoted(&scratch)
            case Ch.squote:
                readSingleQuoted(&scratch)
            case Ch.backslash:
                pos += pos + 1 < end ? 2 : 1
            default:
                pos += 1
            }
        }
    }

    /// The commands of `$( ... )` or `<( ... )` after the opening, through the `)`. The
    /// inner list is its own context: an outer `fi` or `done` does not end it.
    mutating func parseParenSubstitution(openedAt start: Int, what: String) {
        guard enter() else { return }
        defer { leave() }
        let savedWaits = waits
        waits = .zero
        ctx.append(.substitution)
        parseList([.paren])
        ctx.removeLast()
        waits = savedWaits
        if peek(0) == Ch.rparen {
            pos += 1
        } else {
            diag("unterminated \(what)", at: start)
        }
    }

    mutating func readProcessSubstitution(_ acc: inout WordAcc) {
        let start = pos
        let what = bytes[pos] == Ch.lt ? "<(" : ">("
        pos += 2
        parseParenSubstitution(openedAt: start, what: what)
        acc.append(bytes[start..<max(start, min(pos, bytes.count))])
        acc.hasExpansion = true
    }

    /// `` `...` ``: the body is parsed in place with the reading limit set to the closing
    /// backtick. Escaped backticks inside stay escapes rather than nested substitutions.
    mutating func readBackticks(_ acc: inout WordAcc) {
        let start = pos
        var p = pos + 1
        while p < end && bytes[p] != Ch.backtick { p += bytes[p] == Ch.backslash ? 2 : 1 }
        let close = min(p, end)
        let closed = close < end
        guard enter() else { return }
        let savedEnd = end, savedWaits = waits
        waits = .zero
        end = close
        pos = start + 1
        ctx.append(.substitution)
        parseList([])
        ctx.removeLast()
        end = savedEnd
        waits = savedWaits
        leave()
        guard !abandoned else { return }
        if closed {
            pos = close + 1
        } else {
            diag("unterminated backtick", at: start)
            pos = close
        }
        acc.append(bytes[start..<pos])
        acc.hasExpansion = true
    }

    /// Whether `((` / `$((` whose inside starts at `from` closes with `))`; otherwise it is
    /// a subshell inside a subshell or substitution. Bounded so repeated unclosed `((`
    /// cannot make reading quadratic.
    func arithmeticAhead(from start: Int) -> Bool {
        var depth = 0
        var i = start
        let limit = min(end, start + 65_536)
        while i < limit {
            switch bytes[i] {
            case Ch.lparen:
                depth += 1
            case Ch.rparen:
                if depth == 0 { return at(i + 1) == Ch.rparen }
                depth -= 1
            case Ch.backslash:
                i += 1
            default:
                break
            }
            i += 1
        }
        return false
    }

    /// An arithmetic expression from `pos` to its close. Bare names are reads (`N + 1`
    /// reads N) except the target of a plain `=`; the first such target is returned for
    /// `for ((i = 0; ...))`.
    @discardableResult
    mutating func scanArithmetic(_ stop: ArithmeticStop, openedAt start: Int) -> (closed: Bool, assigned: String?) {
        guard enter() else { return (false, nil) }
        defer { leave() }
        var depth = 0
        var assigned: String?
        var scratch = WordAcc(start: pos, keepsText: false)
        while pos < end {
            let c = bytes[pos]
            switch c {
            case Ch.lparen:
                depth += 1
                pos += 1
            case Ch.rparen:
                pos += 1
                if depth > 0 {
                    depth -= 1
                } else if stop == .doubleParen {
                    if peek(0) == Ch.rparen {
                        pos += 1
                        return (true, assigned)
                    }
                    diag("arithmetic `((` closed by a single `)`", at: start)
                    return (false, assigned)
                }
            case Ch.rbracket where stop == .bracket && depth == 0:
                pos += 1
                return (true, assigned)
            case Ch.rbrace where stop == .brace && depth == 0:
                return (true, assigned)
            case Ch.dollar:
                readDollar(&scratch, quoted: true)
            case Ch.backtick:
                readBackticks(&scratch)
            case Ch.dquote:
                readDoubleQuoted(&scratch)
            case Ch.squote:
                readSingleQuoted(&scratch)
            case Ch.backslash:
                pos += pos + 1 < end ? 2 : 1
            default:
                if isDigit(c) {
                    // 42, 0x1F, 16#ff: numbers, never names.
                    while isNameChar(peek(0)) { pos += 1 }
                    if peek(0) == Ch.hash {
                        pos += 1
                        while isNameChar(peek(0)) || peek(0) == Ch.at { pos += 1 }
                    }
                } else if isNameStart(c) {
                    let s = pos
                    while isNameChar(peek(0)) { pos += 1 }
                    var q = pos
                    while at(q) == Ch.space || at(q) == Ch.tab { q += 1 }
                    if at(q) == Ch.equals && at(q + 1) != Ch.equals {
                        if assigned == nil { assigned = text(s, pos) }
                    } else {
                        recordExpansion(text(s, pos), at: s, end: pos)
                    }
                } else {
                    pos += 1
                }
            }
        }
        diag("unterminated arithmetic expression", at: start)
        return (false, assigned)
    }

    /// Records the `$` expansions and backtick commands in `range` without treating quotes
    /// or anything else as syntax: heredoc bodies and array subscripts.
    mutating func scanExpansions(in range: Range<Int>) {
        guard range.lowerBound < range.upperBound else { return }
        let savedEnd = end, savedPos = pos
        end = range.upperBound
        pos = range.lowerBound
        var scratch = WordAcc(start: pos, keepsText: false)
        while pos < end {
            let c = bytes[pos]
            if c == Ch.backslash {
                pos += pos + 1 < end ? 2 : 1
            } else if c == Ch.dollar {
                readDollar(&scratch, quoted: true)
                } else if c == Ch.backtick {
                readBackticks(&scratch)
                } else {
                pos += 1
            }
        }
        end = savedEnd
        if !abandoned { pos = savedPos }
    }
}
