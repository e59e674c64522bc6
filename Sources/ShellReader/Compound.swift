extension Parser {
    /// One command: a compound command, a function definition or a simple command.
    func parseCommand(enclosing: [ShellConstruct], negated: Bool) -> Span {
        skipBlanks()
        guard pos < end else { return (nil, nil) }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            diag(pos, "nesting too deep; the rest of the script is not read")
            pos = end
            return (nil, nil)
        }
        if bytes[pos] == Byte.lparen {
            if peek(1) == Byte.lparen, let span = parseArithmeticCommand(enclosing: enclosing) {
                return span
            }
            pos += 1
            parseList(until: [], closeParen: true, enclosing: enclosing + [.subshell])
            expect(Byte.rparen, "`(` is never closed")
            parseTrailingRedirections(enclosing: enclosing)
            return (nil, nil)
        }
        switch peekKeyword() {
        case "if": parseIf(enclosing: enclosing)
        case "while": parseWhile(.whileLoop, enclosing: enclosing)
        case "until": parseWhile(.untilLoop, enclosing: enclosing)
        case "for": parseFor(.forIn, enclosing: enclosing)
        case "select": parseFor(.select, enclosing: enclosing)
        case "case": parseCase(enclosing: enclosing)
        case "{":
            pos += 1
            parseList(until: ["}"], enclosing: enclosing + [.braceGroup])
            expectKeyword("}", "`{` is never closed")
        case "function": parseFunctionKeyword(enclosing: enclosing)
        default:
            return parseSimpleCommand(enclosing: enclosing, negated: negated)
        }
        parseTrailingRedirections(enclosing: enclosing)
        return (nil, nil)
    }

    func expect(_ b: UInt8, _ message: String) {
        skipLinebreaks()
        if peek() == b { pos += 1 } else { diag(pos, message) }
    }

    func expectKeyword(_ word: String, _ message: String) {
        skipLinebreaks()
        if peekKeyword() == word { pos += word.utf8.count } else { diag(pos, message) }
    }

    /// Redirections after a compound command (`done < file`, `} > log`, `done <<EOF`).
    func parseTrailingRedirections(enclosing: [ShellConstruct]) {
        while true {
            skipBlanks()
            guard isRedirectionStart() else { return }
            _ = parseRedirection(enclosing: enclosing)
        }
    }

    func parseIf(enclosing: [ShellConstruct]) {
        let start = pos
        pos += 2
        let index = conditionals.count
        conditionals.append(ShellConditional(startLine: line(at: start), endLine: line(at: start), conditionCommandIndices: [], enclosing: enclosing))
        var keyword: String? = "if"
        while keyword == "if" || keyword == "elif" {
            let first = commands.count
            parseList(until: ["then"], enclosing: enclosing + [.ifCondition(index)])
            conditionals[index].conditionCommandIndices += Array(first..<commands.count)
            expectKeyword("then", "`if` without `then`")
            keyword = parseList(until: ["elif", "else", "fi"], enclosing: enclosing + [.ifBody(index)])
            if keyword == "elif" { pos += 4 }
        }
        if keyword == "else" {
            pos += 4
            keyword = parseList(until: ["fi"], enclosing: enclosing + [.ifBody(index)])
        }
        if keyword == "fi" { pos += 2 } else { diag(start, "`if` is never closed with `fi`") }
        conditionals[index].endLine = line(at: max(pos - 1, start))
    }

    func parseWhile(_ kind: ShellLoop.Kind, enclosing: [ShellConstruct]) {
        let start = pos
        pos += kind == .whileLoop ? 5 : 5
        let index = loops.count
        loops.append(ShellLoop(kind: kind, variable: nil, words: [], startLine: line(at: start), endLine: line(at: start), enclosing: enclosing))
        parseList(until: ["do"], enclosing: enclosing + [.loopHead(index)])
        parseDoGroup(index, start: start, enclosing: enclosing)
    }

    func parseDoGroup(_ index: Int, start: Int, enclosing: [ShellConstruct]) {
        skipLinebreaks()
        if peekKeyword() == "{" {
            // `for x in y; { ...; }` is accepted by bash too.
            pos += 1
            parseList(until: ["}"], enclosing: enclosing + [.loopBody(index)])
            expectKeyword("}", "loop body `{` is never closed")
        } else {
            expectKeyword("do", "loop without `do`")
            if parseList(until: ["done"], enclosing: enclosing + [.loopBody(index)]) == "done" { pos += 4 }
            else { diag(start, "loop is never closed with `done`") }
        }
        loops[index].endLine = line(at: max(pos - 1, start))
    }

    func parseFor(_ kind: ShellLoop.Kind, enclosing: [ShellConstruct]) {
        let start = pos
        pos += kind == .select ? 6 : 3
        skipBlanks()
        let index = loops.count
        if peek() == Byte.lparen, peek(1) == Byte.lparen {
            let exprStart = pos + 2
            guard let close = matchingDoubleParen(from: exprStart) else {
                diag(start, "`for ((` is never closed")
                pos = end
                return
            }
            loops.append(ShellLoop(kind: .forArithmetic, variable: nil, words: [], startLine: line(at: start), endLine: line(at: start), enclosing: enclosing))
            scanArithmetic(exprStart, close, enclosing: enclosing + [.loopHead(index)])
            pos = close + 2
            skipBlanks()
            if peek() == Byte.semicolon { pos += 1 }
            parseDoGroup(index, start: start, enclosing: enclosing)
            return
        }
        let nameWord = readWord(enclosing: enclosing)
        let name = text(nameWord.start, nameWord.end)
        loops.append(ShellLoop(kind: kind, variable: name, words: [], startLine: line(at: start), endLine: line(at: start), enclosing: enclosing))
        assignments.append(ShellAssignment(name: name, value: nil, kind: .forLoopVariable, line: line(at: nameWord.start), enclosing: enclosing + [.loopHead(index)]))
        var words: [ShellWord] = []
        skipBlanks()
        var save = pos
        skipLinebreaks()
        if peekKeyword() == "in" {
            pos += 2
            while true {
                skipBlanks()
                guard let b = peek(), b != Byte.newline, b != Byte.semicolon else { break }
                if b == Byte.hash { skipComment(); break }
                if Byte.isMeta(b) { diag(pos, "unexpected character in `for` word list"); pos += 1; continue }
                let w = readWord(enclosing: enclosing + [.loopHead(index)])
                words.append(makeWord(w))
            }
            save = pos
        } else {
            pos = save
        }
        pos = save
        if peek() == Byte.semicolon { pos += 1 }
        loops[index] = ShellLoop(kind: kind, variable: name, words: words, startLine: line(at: start), endLine: line(at: start), enclosing: enclosing)
        parseDoGroup(index, start: start, enclosing: enclosing)
    }

    func parseCase(enclosing: [ShellConstruct]) {
        let start = pos
        pos += 4
        skipBlanks()
        _ = readWord(enclosing: enclosing)
        skipLinebreaks()
        guard peekKeyword() == "in" else { diag(start, "`case` without `in`"); return }
        pos += 2
        while true {
            skipLinebreaks()
            guard pos < end else { diag(start, "`case` is never closed with `esac`"); return }
            if peekKeyword() == "esac" { pos += 4; return }
            // Pattern list up to `)`.
            if peek() == Byte.lparen { pos += 1 }
            while pos < end {
                skipBlanks()
                guard let b = peek() else { break }
                if b == Byte.rparen { pos += 1; break }
                if b == Byte.pipe { pos += 1; continue }
                if b == Byte.newline { diag(pos, "case pattern without `)`"); break }
                let before = pos
                _ = readWord(enclosing: enclosing, allowParens: true)
                if pos == before { pos += 1 }
            }
            let stop = parseList(until: ["esac"], caseItem: true, enclosing: enclosing + [.caseItem])
            if stop == ";;" {
                pos += 2
                if peek() == Byte.amp { pos += 1 }
            } else if stop == nil {
                diag(start, "`case` is never closed with `esac`")
                return
            }
        }
    }

    func parseFunctionKeyword(enclosing: [ShellConstruct]) {
        let start = pos
        pos += 8
        skipBlanks()
        let nameWord = readWord(enclosing: enclosing)
        let name = text(nameWord.start, nameWord.end)
        skipBlanks()
        if peek() == Byte.lparen {
            var i = pos + 1
            while i < end, Byte.isBlank(bytes[i]) { i += 1 }
            if i < end, bytes[i] == Byte.rparen { pos = i + 1 }
        }
        parseFunctionBody(name: name, start: start, enclosing: enclosing)
    }

    func parseFunctionBody(name: String, start: Int, enclosing: [ShellConstruct]) {
        skipLinebreaks()
        let bodyStart = pos
        _ = parseCommand(enclosing: enclosing + [.function(name)], negated: false)
        let bodyEnd = pos
        let body = text(bodyStart, bodyEnd)
        functions.append(ShellFunction(name: name, startLine: line(at: start), endLine: line(at: max(bodyEnd - 1, start)),
                                       startOffset: start, endOffset: bodyEnd, body: body,
                                       normalizedBody: Self.normalise(body), enclosing: enclosing))
    }

    /// Body text without comments and with whitespace collapsed, for comparing copies.
    static func normalise(_ body: String) -> String {
        var out: [UInt8] = []
        var quote: UInt8 = 0
        var inComment = false
        var lastWasSpace = true
        for b in body.utf8 {
            if inComment {
                if b == Byte.newline { inComment = false } else { continue }
            }
            if quote != 0 {
                if b == quote { quote = 0 }
                out.append(b)
                lastWasSpace = false
                continue
            }
            if b == Byte.squote || b == Byte.dquote { quote = b }
            if b == Byte.hash && lastWasSpace { inComment = true; continue }
            if b == Byte.space || b == Byte.tab || b == Byte.newline || b == Byte.cr {
                if !lastWasSpace { out.append(Byte.space) }
                lastWasSpace = true
                continue
            }
            out.append(b)
            lastWasSpace = false
        }
        while out.last == Byte.space { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// `(( expr ))` as a command whose words are `((`, the expression and `))`.
    func parseArithmeticCommand(enclosing: [ShellConstruct]) -> Span? {
        let start = pos
        guard let close = matchingDoubleParen(from: start + 2) else { return nil }
        scanArithmetic(start + 2, close, enclosing: enclosing)
        let l = line(at: start)
        let expr = text(start + 2, close)
        let words = [ShellWord(raw: "((", literal: "((", unquotedText: "((", line: l, hasExpansion: false),
                     ShellWord(raw: expr, literal: nil, unquotedText: expr, line: l, hasExpansion: true),
                     ShellWord(raw: "))", literal: "))", unquotedText: "))", line: line(at: close), hasExpansion: false)]
        pos = close + 2
        let cmd = CommandBuilder()
        cmd.words = words
        cmd.start = start
        cmd.end = pos
        cmd.enclosing = enclosing
        commands.append(cmd)
        parseTrailingRedirections(enclosing: enclosing)
        return (commands.count - 1, commands.count - 1)
    }

    /// Index of the `))` closing an arithmetic expression starting at `from`.
    func matchingDoubleParen(from: Int) -> Int? {
        var depth = 0
        var i = from
        while i < end {
            let b = bytes[i]
            if b == Byte.lparen { depth += 1 }
            else if b == Byte.rparen {
                if depth == 0 { return i + 1 < end && bytes[i + 1] == Byte.rparen ? i : nil }
                depth -= 1
            }
            i += 1
        }
        return nil
    }

    /// Names read in an arithmetic expression (`N + 1` reads N).
    func scanArithmetic(_ a: Int, _ b: Int, enclosing: [ShellConstruct]) {
        var i = a
        while i < b {
            let c = bytes[i]
            if c == Byte.dollar {
                i = expansion(at: i, limit: b, enclosing: enclosing, inHeredoc: false)
            } else if Byte.isNameStart(c) {
                let s = i
                while i < b, Byte.isNameChar(bytes[i]) { i += 1 }
                expansions.append(ShellExpansion(name: text(s, i), op: nil, isIndirect: false, isLength: false,
                                                 line: line(at: s), inHeredoc: false, enclosing: enclosing))
            } else if Byte.isDigit(c) {
                while i < b, Byte.isNameChar(bytes[i]) { i += 1 }
            } else {
                i += 1
            }
        }
    }
}
