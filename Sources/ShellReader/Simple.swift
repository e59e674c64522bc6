extension Parser {
    static let declarations: [String: AssignmentKind] = ["export": .export, "local": .local, "readonly": .readonly,
                                                         "declare": .declare, "typeset": .declare]

    func parseSimpleCommand(enclosing: [ShellConstruct], negated: Bool) -> Span {
        let cmd = CommandBuilder()
        cmd.start = pos
        cmd.end = pos
        cmd.enclosing = enclosing
        cmd.negated = negated
        let index = commands.count
        commands.append(cmd)
        var doubleBracket = false
        while pos < end {
            skipBlanks()
            guard let b = peek() else { break }
            if b == Byte.hash, !doubleBracket { break }
            if doubleBracket {
                if b == Byte.newline { break }
                if b == Byte.rbracket, peek(1) == Byte.rbracket, pos + 2 >= end || Byte.isMeta(bytes[pos + 2]) {
                    cmd.words.append(plainWord("]]", at: pos))
                    pos += 2
                    cmd.end = pos
                    doubleBracket = false
                    continue
                }
                if Byte.isMeta(b) {
                    // Inside [[ ]], operators are words.
                    var j = pos + 1
                    if j < end, (bytes[j] == b && (b == Byte.amp || b == Byte.pipe)) { j += 1 }
                    cmd.words.append(plainWord(text(pos, j), at: pos))
                    pos = j
                    cmd.end = pos
                    continue
                }
            } else {
                if b == Byte.newline || b == Byte.semicolon || b == Byte.pipe || b == Byte.rparen { break }
                if b == Byte.amp, peek(1) != Byte.gt { break }
                if isRedirectionStart() {
                    if let r = parseRedirection(enclosing: enclosing) { cmd.redirections.append(r) }
                    cmd.end = pos
                    continue
                }
                if b == Byte.lparen {
                    // `name()` begins a function definition.
                    if cmd.words.count == 1, cmd.prefix.isEmpty, let name = cmd.words[0].literal, isFunctionParens() {
                        commands.removeAll { $0 === cmd }
                        parseFunctionBody(name: name, start: cmd.start, enclosing: enclosing)
                        return (nil, nil)
                    }
                    diag(pos, "unexpected `(`")
                    pos += 1
                    continue
                }
            }
            let wordEnclosing = enclosing
            let w = readWord(enclosing: wordEnclosing)
            if w.end == w.start { diag(pos, "cannot read this"); pos += 1; continue }
            cmd.end = pos
            if cmd.words.isEmpty, let assignment = assignment(from: w, kind: .prefix, enclosing: enclosing) {
                cmd.prefix.append(assignment)
                cmd.end = pos
                continue
            }
            let word = makeWord(w)
            cmd.words.append(word)
            if cmd.words.count == 1, word.raw == "[[" { doubleBracket = true }
        }
        if doubleBracket { diag(cmd.start, "`[[` is never closed with `]]`") }
        // Assignments with no command are plain assignments.
        if cmd.words.isEmpty {
            for a in cmd.prefix {
                let kind: AssignmentKind = a.value.map { _ in isAppend(a) } == true ? .append : .plain
                assignments.append(ShellAssignment(name: a.name, value: a.value, kind: kind, line: a.line, enclosing: enclosing))
            }
        } else {
            assignments += cmd.prefix
            recordCommandAssignments(cmd)
        }
        if cmd.words.isEmpty && cmd.prefix.isEmpty && cmd.redirections.isEmpty {
            commands.removeAll { $0 === cmd }
            return (nil, nil)
        }
        return (index, index)
    }

    private func isAppend(_ a: ShellAssignment) -> Bool { appendNames.contains(a.name + "@\(a.line)") }

    func isFunctionParens() -> Bool {
        var i = pos + 1
        while i < end, Byte.isBlank(bytes[i]) { i += 1 }
        return i < end && bytes[i] == Byte.rparen && { pos = i + 1; return true }()
    }

    /// `export X=1`, `local y`, `read -r a b`: the names they assign.
    func recordCommandAssignments(_ cmd: CommandBuilder) {
        guard let name = cmd.words.first?.literal else { return }
        let args = cmd.words.dropFirst()
        if let kind = Self.declarations[name] {
            for arg in args {
                let text = arg.unquotedText
                if text.hasPrefix("-") || text.hasPrefix("+") { continue }
                if let eq = text.firstIndex(of: "=") {
                    var n = String(text[..<eq])
                    if n.hasSuffix("+") { n.removeLast() }
                    if let bracket = n.firstIndex(of: "[") { n = String(n[..<bracket]) }
                    guard isName(n) else { continue }
                    let valueText = String(text[text.index(after: eq)...])
                    let rawValue = arg.raw.firstIndex(of: "=").map { String(arg.raw[arg.raw.index(after: $0)...]) } ?? valueText
                    let literal = arg.literal.flatMap { l in l.firstIndex(of: "=").map { String(l[l.index(after: $0)...]) } }
                    let value = ShellWord(raw: rawValue, literal: literal, unquotedText: valueText, line: arg.line, hasExpansion: arg.hasExpansion)
                    assignments.append(ShellAssignment(name: n, value: value, kind: kind, line: arg.line, enclosing: cmd.enclosing))
                } else if isName(text) {
                    assignments.append(ShellAssignment(name: text, value: nil, kind: kind, line: arg.line, enclosing: cmd.enclosing))
                }
            }
        } else if name == "read" || name == "mapfile" || name == "readarray" {
            var skipNext = false
            for arg in args {
                let text = arg.unquotedText
                if skipNext { skipNext = false; continue }
                if text.hasPrefix("-") {
                    let flags = text.dropFirst()
                    if name == "read", let last = flags.last, "pdntuNa".contains(last) {
                        if last == "a" { skipNext = false } else { skipNext = true }
                    }
                    if name != "read", let last = flags.last, "dnOsuCc".contains(last) { skipNext = true }
                    continue
                }
                if isName(text) {
                    assignments.append(ShellAssignment(name: text, value: nil, kind: .read, line: arg.line, enclosing: cmd.enclosing))
                }
            }
        } else if name == "printf" {
            // printf -v NAME assigns NAME.
            let list = Array(args)
            for (i, arg) in list.enumerated() where arg.literal == "-v" && i + 1 < list.count {
                let n = list[i + 1].unquotedText
                if isName(n) { assignments.append(ShellAssignment(name: n, value: nil, kind: .plain, line: arg.line, enclosing: cmd.enclosing)) }
            }
        }
    }

    func isName(_ s: String) -> Bool {
        guard let f = s.utf8.first, Byte.isNameStart(f) else { return false }
        return s.utf8.allSatisfy(Byte.isNameChar)
    }

    /// `NAME=value`, `NAME+=value`, `NAME[i]=value`, `NAME=(a b)` as an assignment.
    func assignment(from w: WordResult, kind: AssignmentKind, enclosing: [ShellConstruct]) -> ShellAssignment? {
        var i = w.start
        guard i < w.end, Byte.isNameStart(bytes[i]) else { return nil }
        while i < w.end, Byte.isNameChar(bytes[i]) { i += 1 }
        let name = text(w.start, i)
        if i < w.end, bytes[i] == Byte.lbracket {
            while i < w.end, bytes[i] != Byte.rbracket { i += 1 }
            i += 1
        }
        var append = false
        if i < w.end, bytes[i] == Byte.plus { append = true; i += 1 }
        guard i < w.end, bytes[i] == Byte.eq else { return nil }
        let valueStart = i + 1
        var value: ShellWord
        if w.end == valueStart, peek() == Byte.lparen {
            // Array: NAME=( words... ), possibly over several lines.
            let open = pos
            pos += 1
            var hasExp = false
            while pos < end {
                skipLinebreaks()
                guard let b = peek() else { break }
                if b == Byte.rparen { pos += 1; break }
                let before = pos
                let e = readWord(enclosing: enclosing)
                hasExp = hasExp || e.hasExpansion
                if pos == before { pos += 1 }
            }
            let raw = text(open, pos)
            value = ShellWord(raw: raw, literal: nil, unquotedText: raw, line: line(at: open), hasExpansion: hasExp)
        } else {
            let raw = text(valueStart, w.end)
            // The value's own quote removal: strip the name part from the word's results.
            let prefixLen = valueStart - w.start
            let unq = String(decoding: w.unquoted.dropFirst(min(prefixLen, w.unquoted.count)), as: UTF8.self)
            let lit = w.isStatic ? String(decoding: w.literal.dropFirst(min(prefixLen, w.literal.count)), as: UTF8.self) : nil
            value = ShellWord(raw: raw, literal: lit, unquotedText: unq, line: line(at: valueStart), hasExpansion: w.hasExpansion)
        }
        if append { appendNames.insert(name + "@\(line(at: w.start))") }
        return ShellAssignment(name: name, value: value, kind: append && kind == .plain ? .append : kind,
                               line: line(at: w.start), enclosing: enclosing)
    }

    func plainWord(_ s: String, at offset: Int) -> ShellWord {
        ShellWord(raw: s, literal: s, unquotedText: s, line: line(at: offset), hasExpansion: false)
    }

    func makeWord(_ w: WordResult) -> ShellWord {
        ShellWord(raw: text(w.start, w.end),
                  literal: w.isStatic ? String(decoding: w.literal, as: UTF8.self) : nil,
                  unquotedText: String(decoding: w.unquoted, as: UTF8.self),
                  line: line(at: w.start), hasExpansion: w.hasExpansion)
    }

    // MARK: - Redirections

    func isRedirectionStart() -> Bool {
        var i = pos
        while i < end, Byte.isDigit(bytes[i]) { i += 1 }
        guard i < end else { return false }
        let b = bytes[i]
        if b == Byte.lt || b == Byte.gt {
            // `<(` and `>(` are process substitutions, i.e. words.
            return !(i == pos && i + 1 < end && bytes[i + 1] == Byte.lparen)
        }
        return i == pos && b == Byte.amp && i + 1 < end && bytes[i + 1] == Byte.gt
    }

    func parseRedirection(enclosing: [ShellConstruct]) -> ShellRedirection? {
        let fdStart = pos
        while pos < end, Byte.isDigit(bytes[pos]) { pos += 1 }
        let fd = pos > fdStart ? text(fdStart, pos) : nil
        let opStart = pos
        let candidates = ["<<<", "<<-", "&>>", "<<", ">>", ">&", "<&", "&>", ">|", "<>", "<", ">"]
        var op = ""
        for c in candidates {
            let u = Array(c.utf8)
            if pos + u.count <= end, Array(bytes[pos..<pos + u.count]) == u { op = c; break }
        }
        guard !op.isEmpty else { return nil }
        pos = opStart + op.utf8.count
        skipBlanks()
        let targetStart = pos
        let w = readWord(enclosing: enclosing)
        if w.end == w.start { diag(targetStart, "redirection `\(op)` without a target"); return ShellRedirection(op: op, fd: fd, target: nil, heredocIndex: nil) }
        if op == "<<" || op == "<<-" {
            let index = heredocs.count
            heredocs.append(ShellHeredoc(delimiter: String(decoding: w.literal.isEmpty ? w.unquoted : w.literal, as: UTF8.self),
                                         quoted: w.quoted, stripTabs: op == "<<-", bodyStartLine: 0, bodyEndLine: 0, body: ""))
            let delim = w.isStatic ? w.literal : w.unquoted
            pending.append(PendingHeredoc(index: index, delimiter: delim, stripTabs: op == "<<-", quoted: w.quoted, enclosing: enclosing))
            return ShellRedirection(op: op, fd: fd, target: nil, heredocIndex: index)
        }
        return ShellRedirection(op: op, fd: fd, target: makeWord(w), heredocIndex: nil)
    }
}
