// Command lists, and-or lists and pipelines: the parts of the grammar that decide where
// one command ends and what operator links it to the next.

struct CommandBuild {
    var words: [ShellWord]
    var prefix: [ShellAssignment]
    var redirections: [ShellRedirection]
    var start: Int
    var end: Int
    var enclosing: [ShellConstruct]
    var opBefore: String?
    var opAfter: String?
    var negated = false
    var background = false
}

extension Parser {
    mutating func parseProgram() {
        while pos < end {
            let before = pos
            parseList([])
            if pos == before { pos += 1 }
        }
        for doc in pending { closeNeverOpenedHeredoc(doc) }
        pending.removeAll()
    }

    /// Terminators at `pos`: `)`, `;;`/`;&`/`;;&`, or a keyword that ends a construct.
    func peekTerminator() -> (term: Terms, length: Int, text: String)? {
        guard pos < end else { return nil }
        let c = bytes[pos]
        if c == Ch.rparen { return (.paren, 1, ")") }
        if c == Ch.semi {
            let n = peek(1)
            if n == Ch.semi { return peek(2) == Ch.amp ? (.caseEnd, 3, ";;&") : (.caseEnd, 2, ";;") }
            if n == Ch.amp { return (.caseEnd, 2, ";&") }
            return nil
        }
        guard let keyword = peekKeyword() else { return nil }
        let term: Terms
        switch keyword {
        case .then: term = .then
        case .elif: term = .elif
        case .elseKw: term = .elseKw
        case .fi: term = .fi
        case .doKw: term = .doKw
        case .done: term = .done
        case .esac: term = .esac
        case .rbrace: term = .rbrace
        default: return nil
        }
        return (term, keyword.length, keyword.rawValue)
    }

    /// Commands separated by `;`, `&` and newlines until one of `terms` (not consumed), a
    /// terminator an enclosing construct waits for, or the end.
    mutating func parseList(_ terms: Terms) {
        guard enter() else { return }
        defer { leave() }
        adjustWaits(terms, by: 1)
        defer { adjustWaits(terms, by: -1) }
        while true {
            skipBlanksAndNewlines()
            guard pos < end else { return }
            let start = pos
            if let t = peekTerminator() {
                if terms.contains(t.term) || isWaited(t.term) { return }
                diag("unexpected `\(t.text)`", at: pos)
                pos += t.length
                continue
            }
            let c = bytes[pos]
            if c == Ch.semi || ((c == Ch.amp || c == Ch.pipe) && peek(1) != Ch.gt) {
                let length = peek(1) == c ? 2 : 1
                diag("unexpected `\(text(pos, pos + length))`", at: pos)
                pos += length
                continue
            }
            let firstCommand = commands.count
            parseAndOr()
            skipBlanks()
            if pos < end {
                let c = bytes[pos], n = peek(1)
                if c == Ch.semi && n != Ch.semi && n != Ch.amp {
                    pos += 1
                } else if c == Ch.amp && n != Ch.amp && n != Ch.gt {
                    pos += 1
                    // The list's own commands sit at this depth; nested ones are deeper.
                    for i in firstCommand..<commands.count where commands[i].enclosing.count == ctx.count {
                        commands[i].background = true
                    }
                }
            }
            if pos == start {
                diag("unexpected `\(text(pos, pos + 1))`", at: pos)
                pos += 1
            }
        }
    }

    /// Pipelines joined by `&&` / `||`.
    mutating func parseAndOr() {
        var op: String?
        while true {
            let (last, group) = parsePipeline(opBefore: op)
            skipBlanks()
            let c = peek(0)
            guard (c == Ch.amp || c == Ch.pipe) && peek(1) == c else { return }
            let next = c == Ch.amp ? "&&" : "||"
            if let last { commands[last].opAfter = next }
            if let group { groups[group].opAfter = next }
            let opOffset = pos
            pos += 2
            skipBlanksAndNewlines()
            if pos >= end || peekTerminator() != nil {
                diag("`\(next)` without a command after it", at: opOffset)
                return
            }
            op = next
        }
    }

    /// Commands joined by `|` / `|&`, optionally after `!` and `time`. Returns the last
    /// element if it is a simple command, or its index in `groups` if it is a group.
    mutating func parsePipeline(opBefore: String?) -> (command: Int?, group: Int?) {
        skipBlanks()
        var negated = false
        while let keyword = peekKeyword(), keyword == .bang || keyword == .time {
            if keyword == .bang { negated = true }
            pos += keyword.length
            skipBlanks()
            if keyword == .time && peek(0) == Ch.dash && peek(1) == 0x70 && (isMeta(peek(2)) || pos + 2 >= end) {
                pos += 2
                skipBlanks()
            }
        }
        var op = opBefore
        var first = true
        while true {
            let groupMark = groups.count
            let last = parseCommand(opBefore: op)
            // A group this command is (not one nested deeper in it) sits at this depth.
            let group = last == nil ? groups.indices.dropFirst(groupMark).first { groups[$0].enclosing == ctx } : nil
            if first && negated, let last { commands[last].negated = true }
            if first && negated, let group { groups[group].negated = true }
            first = false
            skipBlanks()
            let c = peek(0)
            guard c == Ch.pipe && peek(1) != Ch.pipe else { return (last, group) }
            let next = peek(1) == Ch.amp ? "|&" : "|"
            if let last { commands[last].opAfter = next }
            if let group { groups[group].opAfter = next }
            let opOffset = pos
            pos += next.utf8.count
            skipBlanksAndNewlines()
            if pos >= end || peekTerminator() != nil {
                diag("`\(next)` without a command after it", at: opOffset)
                return (nil, nil)
            }
            op = next
        }
    }

    /// One command. Returns its index when it is a simple command (including `[[ ]]` and
    /// `(( ))`), nil for compound commands and function definitions.
    mutating func parseCommand(opBefore: String?) -> Int? {
        skipBlanks()
        guard pos < end else { return nil }
        if let keyword = peekKeyword() {
            switch keyword {
            case .ifKw: parseIf()
            case .forKw: parseFor(select: false)
            case .select: parseFor(select: true)
            case .whileKw: parseWhile(until: false)
            case .until: parseWhile(until: true)
            case .caseKw: parseCase()
            case .lbrace: parseBraceGroup(opBefore: opBefore)
            case .function: parseFunctionKeyword(); return nil
            case .dbracket: return parseDoubleBracket(opBefore: opBefore)
            case .then, .elif, .elseKw, .fi, .doKw, .done, .esac, .rbrace: return nil
            case .inKw, .bang, .time: return parseSimpleCommand(opBefore: opBefore)
            }
            skipTrailingRedirections()
            return nil
        }
        if bytes[pos] == Ch.lparen {
            if peek(1) == Ch.lparen && arithmeticAhead(from: pos + 2) {
                return parseArithmeticCommand(opBefore: opBefore)
            }
            parseSubshell(opBefore: opBefore)
            skipTrailingRedirections()
            return nil
        }
        return parseSimpleCommand(opBefore: opBefore)
    }
}
