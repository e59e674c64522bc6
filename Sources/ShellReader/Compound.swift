// Compound commands and function definitions. Each pushes what it is onto `ctx` while its
// parts are read, which is where every record's `enclosing` comes from.

struct LoopBuild {
    var kind: ShellLoop.Kind
    var variable: String?
    var words: [ShellWord] = []
    let start: Int
    var end: Int
    let enclosing: [ShellConstruct]
}

struct ConditionalBuild {
    let start: Int
    var end: Int
    let enclosing: [ShellConstruct]
    /// Byte ranges of each if/elif condition, in order.
    var conditions: [Range<Int>] = []
    /// Byte ranges of each branch body, in order; the else part (when present) is last.
    var bodies: [Range<Int>] = []
    var hasElse = false
}

struct FunctionBuild {
    let name: String
    let start: Int
    var end: Int
    let bodyStart: Int
    var bodyEnd: Int
    let enclosing: [ShellConstruct]
}

extension Parser {
    mutating func parseSection(_ construct: ShellConstruct, _ terms: Terms) {
        ctx.append(construct)
        parseList(terms)
        ctx.removeLast()
    }

    /// Consumes `keyword` if it is next; otherwise reports it missing for the construct
    /// that began at `start`.
    @discardableResult
    mutating func expect(_ keyword: Keyword, for construct: String, at start: Int) -> Bool {
        if peekKeyword() == keyword {
            pos += keyword.length
            return true
        }
        diag("`\(construct)` without `\(keyword.rawValue)`", at: start)
        return false
    }

    mutating func parseIf() {
        let start = pos
        let index = conditionals.count
        conditionals.append(ConditionalBuild(start: start, end: start, enclosing: ctx))
        pos += 2
        // `fi` also ends a condition so that `if a; fi` does not swallow the rest of the file.
        parseBranchCondition(index)
        expect(.then, for: "if", at: start)
        parseBranchBody(index, [.elif, .elseKw, .fi])
        var closed = false
        loop: while true {
            switch peekKeyword() {
            case .elif?:
                pos += 4
                parseBranchCondition(index)
                expect(.then, for: "elif", at: start)
                parseBranchBody(index, [.elif, .elseKw, .fi])
            case .elseKw?:
                pos += 4
                conditionals[index].hasElse = true
                parseBranchBody(index, [.fi])
            case .fi?:
                pos += 2
                closed = true
                break loop
            default:
                break loop
            }
        }
        if !closed { diag("`if` without `fi`", at: start) }
        conditionals[index].end = pos
    }

    /// An if/elif condition, its byte range kept so branches can name their condition.
    private mutating func parseBranchCondition(_ index: Int) {
        let from = pos
        parseSection(.ifCondition(index), [.then, .fi])
        conditionals[index].conditions.append(from..<max(from, pos))
    }

    /// A then/else body, its byte range kept so a command can be placed in its branch.
    private mutating func parseBranchBody(_ index: Int, _ terms: Terms) {
        let from = pos
        parseSection(.ifBody(index), terms)
        conditionals[index].bodies.append(from..<max(from, pos))
    }

    mutating func parseWhile(until: Bool) {
        let start = pos
        let index = loops.count
        loops.append(LoopBuild(kind: until ? .untilLoop : .whileLoop, start: start, end: start, enclosing: ctx))
        pos += 5
        parseSection(.loopHead(index), [.doKw, .done])
        parseLoopBody(index, start: start)
    }

    /// `do ... done`, or the `{ ...; }` bash also accepts after a for head.
    mutating func parseLoopBody(_ index: Int, start: Int) {
        skipBlanksAndNewlines()
        switch peekKeyword() {
        case .doKw?:
            pos += 2
            parseSection(.loopBody(index), [.done])
            expect(.done, for: "do", at: start)
        case .lbrace?:
            pos += 1
            parseSection(.loopBody(index), [.rbrace])
            expect(.rbrace, for: "{", at: start)
        default:
            diag("loop without `do`", at: start)
        }
        loops[index].end = pos
    }

    mutating func parseFor(select: Bool) {
        let start = pos
        let index = loops.count
        loops.append(LoopBuild(kind: select ? .select : .forIn, start: start, end: start, enclosing: ctx))
        pos += select ? 6 : 3
        skipBlanks()
        ctx.append(.loopHead(index))
        if !select && peek(0) == Ch.lparen && peek(1) == Ch.lparen {
            loops[index].kind = .forArithmetic
            pos += 2
            let variableOffset = pos
            if let name = scanArithmetic(.doubleParen, openedAt: start).assigned {
                loops[index].variable = name
                assignments.append(Located(offset: variableOffset, item: ShellAssignment(
                    name: name, value: nil, kind: .forLoopVariable, line: lineOf(variableOffset), enclosing: ctx)))
            }
        } else {
            let variableOffset = pos
            if pos < end && !isMeta(bytes[pos]), let word = readWord() {
                let name = word.literal ?? word.unquotedText
                loops[index].variable = name
                assignments.append(Located(offset: variableOffset, item: ShellAssignment(
                    name: name, value: nil, kind: .forLoopVariable, line: word.line, enclosing: ctx)))
            } else {
                diag("`\(select ? "select" : "for")` without a variable", at: start)
            }
            skipBlanksAndNewlines()
            if peekKeyword() == .inKw {
                pos += 2
                loops[index].words = readForWords()
            }
        }
        ctx.removeLast()
        skipBlanks()
        if peek(0) == Ch.semi && peek(1) != Ch.semi { pos += 1 }
        parseLoopBody(index, start: start)
    }

    /// The words after `in`, up to `;` or a newline.
    mutating func readForWords() -> [ShellWord] {
        var words: [ShellWord] = []
        while true {
            skipBlanks()
            guard pos < end else { break }
            let c = bytes[pos]
            if c == Ch.nl || c == Ch.semi { break }
            let processSubstitution = (c == Ch.lt || c == Ch.gt) && peek(1) == Ch.lparen
            if isMeta(c) && !processSubstitution {
                diag("unexpected `\(text(pos, pos + 1))` in a `for` word list", at: pos)
                break
            }
            guard let word = readWord() else { pos += 1; continue }
            words.append(word)
        }
        return words
    }

    mutating func parseCase() {
        let start = pos
        pos += 4
        skipBlanks()
        let subject = pos >= end || isMeta(bytes[pos]) ? nil : readWord()
        if subject == nil { diag("`case` without a word", at: start) }
        skipBlanksAndNewlines()
        if peekKeyword() == .inKw { pos += 2 } else { diag("`case` without `in`", at: start) }
        var items: [CaseItemBuild] = []
        var closed = false
        while true {
            skipBlanksAndNewlines()
            guard pos < end else { break }
            if peekKeyword() == .esac {
                pos += 4
                closed = true
                break
            }
            // A `)` some enclosing `$(` waits for means this case was never closed.
            if bytes[pos] == Ch.rparen && isWaited(.paren) { break }
            let itemStart = pos
            var patterns: [ShellWord] = []
            if readCasePatterns(into: &patterns) {
                let bodyStart = pos
                parseSection(.caseItem, [.esac, .caseEnd])
                var terminator = ""
                if peek(0) == Ch.semi && peek(1) == Ch.semi {
                    terminator = peek(2) == Ch.amp ? ";;&" : ";;"
                } else if peek(0) == Ch.semi && peek(1) == Ch.amp {
                    terminator = ";&"
                }
                items.append(CaseItemBuild(patterns: patterns, body: bodyStart..<max(pos, bodyStart), terminator: terminator))
                pos += terminator.utf8.count
            } else {
                diag("case pattern without `)`", at: itemStart)
                if pos == itemStart { pos += 1 }
            }
        }
        if !closed { diag("`case` without `esac`", at: start) }
        cases.append(CaseBuild(subject: subject, start: start, end: pos, items: items))
    }

    /// `(pat | pat)`: patterns are words (their expansions count) but never commands.
    mutating func readCasePatterns(into patterns: inout [ShellWord]) -> Bool {
        if peek(0) == Ch.lparen { pos += 1 }
        while true {
            skipBlanks()
            guard pos < end else { return false }
            let c = bytes[pos]
            if c == Ch.rparen { pos += 1; return true }
            if c == Ch.pipe { pos += 1; continue }
            let processSubstitution = (c == Ch.lt || c == Ch.gt) && peek(1) == Ch.lparen
            if isMeta(c) && !processSubstitution { return false }
            if let word = readWord() { patterns.append(word) } else { pos += 1 }
        }
    }

    mutating func parseBraceGroup(opBefore: String?) {
        let start = pos
        let index = groups.count
        groups.append(GroupBuild(kind: .brace, start: start, end: start, enclosing: ctx, opBefore: opBefore))
        pos += 1
        parseSection(.braceGroup, [.rbrace])
        expect(.rbrace, for: "{", at: start)
        groups[index].end = pos
    }

    mutating func parseSubshell(opBefore: String? = nil) {
        let start = pos
        let index = groups.count
        groups.append(GroupBuild(kind: .subshell, start: start, end: start, enclosing: ctx, opBefore: opBefore))
        pos += 1
        parseSection(.subshell, [.paren])
        if peek(0) == Ch.rparen { pos += 1 } else { diag("`(` without `)`", at: start) }
        groups[index].end = pos
    }

    /// `function name { }`, `function name() { }`, with any compound command as body.
    mutating func parseFunctionKeyword() {
        let start = pos
        pos += 8
        skipBlanks()
        guard pos < end, !isMeta(bytes[pos]), let word = readWord() else {
            diag("`function` without a name", at: start)
            return
        }
        skipBlanks()
        if peek(0) == Ch.lparen {
            var p = pos + 1
            while at(p) == Ch.space || at(p) == Ch.tab { p += 1 }
            if at(p) == Ch.rparen { pos = p + 1 }
        }
        parseFunctionBody(name: word.literal ?? word.unquotedText, start: start)
    }

    /// The body after `name()`. A brace body is the function itself, so it adds no
    /// `.braceGroup`; a parenthesised body really is a subshell and says so.
    mutating func parseFunctionBody(name: String, start: Int) {
        skipBlanksAndNewlines()
        let index = functions.count
        functions.append(FunctionBuild(name: name, start: start, end: pos, bodyStart: pos, bodyEnd: pos, enclosing: ctx))
        ctx.append(.function(name))
        let keyword = peekKeyword()
        if keyword == .lbrace {
            let open = pos
            pos += 1
            parseList([.rbrace])
            expect(.rbrace, for: "{", at: open)
        } else if peek(0) == Ch.lparen && !(peek(1) == Ch.lparen && arithmeticAhead(from: pos + 2)) {
            parseSubshell()
        } else if let keyword, [.ifKw, .forKw, .select, .whileKw, .until, .caseKw, .dbracket].contains(keyword) {
            _ = parseCommand(opBefore: nil)
        } else if peek(0) == Ch.lparen {
            _ = parseCommand(opBefore: nil)
        } else {
            diag("function `\(name)` without a body", at: start)
        }
        ctx.removeLast()
        functions[index].end = pos
        functions[index].bodyEnd = pos
        skipTrailingRedirections()
    }

    /// Redirections after a compound command (`done < file`, `} >log 2>&1`, `done <<EOF`):
    /// read for their heredocs and substitutions, not recorded on any command.
    mutating func skipTrailingRedirections() {
        while true {
            skipBlanks()
            guard pos < end else { return }
            let c = bytes[pos]
            guard c == Ch.lt || c == Ch.gt || isDigit(c) || c == Ch.lbrace || (c == Ch.amp && peek(1) == Ch.gt) else { return }
            if (c == Ch.lt || c == Ch.gt) && peek(1) == Ch.lparen { return }
            guard readRedirection() != nil else { return }
        }
    }
}
