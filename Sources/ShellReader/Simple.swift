// Simple commands: assignment prefixes, words, redirections, and the two test-like
// commands `[[ ]]` and `(( ))` that have their own word rules.

/// An assignment word as read, before it is known whether it is a prefix or standalone.
struct AssignmentToken {
    let name: String
    let isAppend: Bool
    let value: ShellWord
    let offset: Int
    let line: Int
    /// The whole `NAME=value` as one word, for declaration builtins that keep it as an argument.
    let word: ShellWord
}

extension Parser {
    mutating func parseSimpleCommand(opBefore: String?) -> Int? {
        let start = pos
        // Room for four words: most commands have no more, and each command keeps this array
        // (room for eight was 17 of the 89 MB a 1,000-task plan held at its peak, heaptrack).
        var words: [ShellWord] = []
        words.reserveCapacity(4)
        // Only builtins that assign by name need to know where each word starts.
        var wordOffsets: [Int] = []
        var tracksOffsets = false
        var prefix: [AssignmentToken] = []
        var redirections: [ShellRedirection] = []
        var lastEnd = pos
        var declaration: AssignmentKind?
        loop: while true {
            skipBlanks()
            guard pos < end else { break }
            let c = bytes[pos]
            switch c {
            case Ch.nl, Ch.semi, Ch.pipe, Ch.rparen:
                break loop
            case Ch.amp where peek(1) != Ch.gt:
                break loop
            case Ch.lparen:
                if words.count == 1 && prefix.isEmpty && redirections.isEmpty {
                    var p = pos + 1
                    while at(p) == Ch.space || at(p) == Ch.tab { p += 1 }
                    if at(p) == Ch.rparen {
                        pos = p + 1
                        parseFunctionBody(name: words[0].literal ?? words[0].unquotedText, start: start)
                        return nil
                    }
                }
                diag("unexpected `(`", at: pos)
                break loop
            default:
                break
            }
            let processSubstitution = (c == Ch.lt || c == Ch.gt) && peek(1) == Ch.lparen
            if !processSubstitution, let redirection = readRedirection() {
                redirections.append(redirection)
                lastEnd = pos
                continue
            }
            if words.isEmpty, let token = readAssignment() {
                prefix.append(token)
                lastEnd = pos
                continue
            }
            let wordStart = pos
            if let kind = declaration, let token = readAssignment() {
                assignments.append(Located(offset: token.offset, item: ShellAssignment(
                    name: token.name, value: token.value, kind: kind, line: token.line, enclosing: ctx)))
                words.append(token.word)
                if tracksOffsets { wordOffsets.append(wordStart) }
                lastEnd = pos
                continue
            }
            guard let word = readWord() else {
                diag("unexpected `\(text(pos, pos + 1))`", at: pos)
                pos += 1
                continue
            }
            words.append(word)
            lastEnd = pos
            if words.count == 1 {
                declaration = Self.declarationKind(word.literal)
                tracksOffsets = declaration != nil || Self.assignsByName(word.literal)
            }
            if tracksOffsets { wordOffsets.append(wordStart) }
        }
        if words.isEmpty && prefix.isEmpty && redirections.isEmpty { return nil }
        var prefixAssignments: [ShellAssignment] = []
        for token in prefix {
            let kind: AssignmentKind = !words.isEmpty ? .prefix : token.isAppend ? .append : .plain
            let assignment = ShellAssignment(name: token.name, value: token.value, kind: kind, line: token.line, enclosing: ctx)
            prefixAssignments.append(assignment)
            assignments.append(Located(offset: token.offset, item: assignment))
        }
        if tracksOffsets { recordBuiltinAssignments(words, offsets: wordOffsets, declaration: declaration) }
        commands.append(CommandBuild(words: words, prefix: prefixAssignments, redirections: redirections,
                                     start: start, end: lastEnd, enclosing: ctx, opBefore: opBefore))
        return commands.count - 1
    }

    /// A redirection at `pos`, or nil (nothing consumed) if there is none.
    mutating func readRedirection() -> ShellRedirection? {
        switch peek(0) {
        case Ch.lt, Ch.gt, Ch.amp, Ch.lbrace, 0x30...0x39: break
        default: return nil
        }
        let start = pos
        var p = pos
        var fd: String?
        if isDigit(at(p)) {
            while isDigit(at(p)) { p += 1 }
            guard at(p) == Ch.lt || at(p) == Ch.gt else { return nil }
            fd = text(pos, p)
        } else if at(p) == Ch.lbrace {
            // `{fd}>file` names a variable that receives the descriptor.
            var q = p + 1
            while isNameChar(at(q)) { q += 1 }
            guard q > p + 1, at(q) == Ch.rbrace, at(q + 1) == Ch.lt || at(q + 1) == Ch.gt else { return nil }
            fd = text(p, q + 1)
            p = q + 1
        }
        let c = at(p), n1 = at(p + 1), n2 = at(p + 2)
        let op: String
        switch c {
        case Ch.amp:
            guard fd == nil, n1 == Ch.gt else { return nil }
            op = n2 == Ch.gt ? "&>>" : "&>"
        case Ch.lt:
            if n1 == Ch.lt { op = n2 == Ch.lt ? "<<<" : n2 == Ch.dash ? "<<-" : "<<" }
            else if n1 == Ch.amp { op = "<&" }
            else if n1 == Ch.gt { op = "<>" }
            else if n1 == Ch.lparen { return nil }
            else { op = "<" }
        case Ch.gt:
            if n1 == Ch.gt { op = ">>" }
            else if n1 == Ch.amp { op = ">&" }
            else if n1 == Ch.pipe { op = ">|" }
            else if n1 == Ch.lparen { return nil }
            else { op = ">" }
        default:
            return nil
        }
        pos = p + op.utf8.count
        skipBlanks()
        if op == "<<" || op == "<<-" { return readHeredocOperator(op: op, fd: fd, at: start) }
        let c0 = peek(0)
        let processSubstitution = (c0 == Ch.lt || c0 == Ch.gt) && peek(1) == Ch.lparen
        guard pos < end, !isMeta(c0) || processSubstitution, let target = readWord() else {
            diag("`\(op)` without a target", at: start)
            return ShellRedirection(op: op, fd: fd, target: nil, heredocIndex: nil)
        }
        return ShellRedirection(op: op, fd: fd, target: target, heredocIndex: nil)
    }

    /// `NAME=value`, `NAME+=value`, `NAME[sub]=value`, `NAME=(a b)` at `pos`; nil (nothing
    /// consumed) if the next word is not an assignment.
    mutating func readAssignment() -> AssignmentToken? {
        let start = pos
        guard isNameStart(at(start)) else { return nil }
        var p = start + 1
        while isNameChar(at(p)) { p += 1 }
        let nameEnd = p
        var subscriptRange: Range<Int>?
        if at(p) == Ch.lbracket {
            var depth = 0
            var q = p
            while q < end {
                let c = bytes[q]
                if c == Ch.lbracket { depth += 1 }
                else if c == Ch.rbracket { depth -= 1; if depth == 0 { break } }
                else if c == Ch.nl { return nil }
                q += 1
            }
            guard at(q) == Ch.rbracket else { return nil }
            subscriptRange = (p + 1)..<q
            p = q + 1
        }
        let isAppend = at(p) == Ch.plus
        if isAppend { p += 1 }
        guard at(p) == Ch.equals else { return nil }
        p += 1
        if let range = subscriptRange { scanExpansions(in: range) }
        pos = p
        let valueStart = pos
        let value: ShellWord
        if peek(0) == Ch.lparen {
            value = readArrayValue()
        } else if pos < end, !isMeta(bytes[pos]), !isCRBeforeNewline(pos), let word = readWord(isValue: true) {
            value = word
        } else {
            value = ShellWord(raw: "", literal: "", unquotedText: "", line: lineOf(valueStart), hasExpansion: false)
        }
        let head = text(start, valueStart)
        let staticHead = subscriptRange.map { !bytes[$0].contains(Ch.dollar) && !bytes[$0].contains(Ch.backtick) } ?? true
        let word = ShellWord(raw: head + value.raw, literal: staticHead ? value.literal.map { head + $0 } : nil,
                             unquotedText: head + value.unquotedText, line: lineOf(start), hasExpansion: value.hasExpansion)
        return AssignmentToken(name: text(start, nameEnd), isAppend: isAppend, value: value, offset: start,
                               line: lineOf(start), word: word)
    }

    /// `( a b "c d" )`, possibly over several lines. Its value word is the source text.
    mutating func readArrayValue() -> ShellWord {
        let start = pos
        pos += 1
        var hasExpansion = false
        while true {
            skipBlanksAndNewlines()
            guard pos < end else {
                diag("array `(` without `)`", at: start)
                break
            }
            let c = bytes[pos]
            if c == Ch.rparen {
                pos += 1
                break
            }
            if isMeta(c) {
                diag("unexpected `\(text(pos, pos + 1))` in an array", at: pos)
                pos += 1
                continue
            }
            guard let word = readWord(isValue: true) else { pos += 1; continue }
            hasExpansion = hasExpansion || word.hasExpansion
        }
        let raw = text(start, pos)
        return ShellWord(raw: raw, literal: nil, unquotedText: raw, line: lineOf(start), hasExpansion: hasExpansion)
    }

    /// A fixed token such as `[[` or `))` as a word.
    mutating func tokenWord(_ a: Int, _ b: Int) -> ShellWord {
        let s = text(a, b)
        return ShellWord(raw: s, literal: s, unquotedText: s, line: lineOf(a), hasExpansion: false)
    }

    /// `[[ ... ]]`: inside, `&& || ( ) ! < >` are words of the test, not shell operators.
    mutating func parseDoubleBracket(opBefore: String?) -> Int {
        let start = pos
        var words = [tokenWord(pos, pos + 2)]
        pos += 2
        var lastEnd = pos
        var continues = false
        var regexNext = false
        var closed = false
        while true {
            if continues { skipBlanksAndNewlines() } else { skipBlanks() }
            guard pos < end else { break }
            let c = bytes[pos], n = peek(1)
            if c == Ch.rbracket && n == Ch.rbracket && (pos + 2 >= end || isMeta(at(pos + 2)) || isCRBeforeNewline(pos + 2)) {
                words.append(tokenWord(pos, pos + 2))
                pos += 2
                lastEnd = pos
                closed = true
                break
            }
            if c == Ch.nl || c == Ch.semi || (c == Ch.amp && n != Ch.amp) || (c == Ch.pipe && n != Ch.pipe) { break }
            if regexNext {
                regexNext = false
                continues = false
                if let word = readWord(mode: .regex) { words.append(word); lastEnd = pos; continue }
            }
            let length = (c == Ch.amp || c == Ch.pipe) ? 2 : (c == Ch.lparen || c == Ch.rparen || c == Ch.lt || c == Ch.gt) ? 1 : 0
            if length > 0 {
                words.append(tokenWord(pos, pos + length))
                pos += length
                lastEnd = pos
                continues = c != Ch.rparen
                continue
            }
            guard let word = readWord() else { pos += 1; continue }
            words.append(word)
            lastEnd = pos
            continues = word.raw == "!"
            regexNext = word.raw == "=~"
        }
        if !closed { diag("`[[` without `]]`", at: start) }
        var redirections: [ShellRedirection] = []
        while true {
            skipBlanks()
            guard let redirection = readRedirection() else { break }
            redirections.append(redirection)
            lastEnd = pos
        }
        commands.append(CommandBuild(words: words, prefix: [], redirections: redirections, start: start, end: lastEnd,
                                     enclosing: ctx, opBefore: opBefore))
        return commands.count - 1
    }

    /// `(( expr ))` as a command whose words are `((`, the expression and `))`.
    mutating func parseArithmeticCommand(opBefore: String?) -> Int {
        let start = pos
        pos += 2
        let exprStart = pos
        let closed = scanArithmetic(.doubleParen, openedAt: start).closed
        let exprEnd = closed ? pos - 2 : pos
        let expr = text(exprStart, exprEnd)
        let dynamic = bytes[exprStart..<min(exprEnd, bytes.count)].contains { $0 == Ch.dollar || $0 == Ch.backtick }
        var words = [tokenWord(start, start + 2),
                     ShellWord(raw: expr, literal: dynamic ? nil : expr, unquotedText: expr, line: lineOf(exprStart), hasExpansion: dynamic)]
        if closed { words.append(tokenWord(pos - 2, pos)) }
        var lastEnd = pos
        var redirections: [ShellRedirection] = []
        while true {
            skipBlanks()
            guard let redirection = readRedirection() else { break }
            redirections.append(redirection)
            lastEnd = pos
        }
        commands.append(CommandBuild(words: words, prefix: [], redirections: redirections, start: start, end: lastEnd,
                                     enclosing: ctx, opBefore: opBefore))
        return commands.count - 1
    }

    static func assignsByName(_ name: String?) -> Bool {
        guard let first = name?.utf8.first, first == 0x72 || first == 0x6D || first == 0x70 else { return false }
        switch name {
        case "read", "mapfile", "readarray", "printf": return true
        default: return false
        }
    }

    static func declarationKind(_ name: String?) -> AssignmentKind? {
        // Most commands start with another letter; this spares the string comparisons.
        guard let first = name?.utf8.first, first == 0x65 || first == 0x6C || first == 0x72 || first == 0x64 || first == 0x74 else {
            return nil
        }
        switch name {
        case "export": return .export
        case "local": return .local
        case "readonly": return .readonly
        case "declare", "typeset": return .declare
        default: return nil
        }
    }
}
