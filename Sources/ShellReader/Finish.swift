// Turns what the parser collected into the public model: source order, line numbers,
// condition indices and normalised function bodies.

extension Parser {
    mutating func finish(text: String, path: String) -> ShellScript {
        // Inner commands (substitutions, heredoc bodies) were recorded before or after their
        // outer command; source order is by start offset, ties kept in reading order.
        let order = commands.indices.sorted { (commands[$0].start, $0) < (commands[$1].start, $1) }
        var finalCommands: [ShellCommand] = []
        finalCommands.reserveCapacity(order.count)
        for i in order {
            let c = commands[i]
            let end = max(c.end, c.start)
            let inLoopCondition = c.enclosing.contains { construct in
                guard case .loopHead(let loop) = construct, loop < loops.count else { return false }
                return loops[loop].kind == .whileLoop || loops[loop].kind == .untilLoop
            }
            finalCommands.append(ShellCommand(
                words: c.words, prefixAssignments: c.prefix, redirections: c.redirections,
                startLine: lineOf(c.start), endLine: lineOf(max(end - 1, c.start)), startOffset: c.start, endOffset: end,
                enclosing: c.enclosing, operatorBefore: c.opBefore, operatorAfter: c.opAfter, negated: c.negated,
                background: c.background, inLoopCondition: inLoopCondition))
        }

        var conditionIndices = [[Int]](repeating: [], count: conditionals.count)
        for (index, command) in finalCommands.enumerated() {
            for case .ifCondition(let conditional) in command.enclosing where conditional < conditionIndices.count {
                if conditionIndices[conditional].last != index { conditionIndices[conditional].append(index) }
            }
        }
        let finalConditionals = conditionals.enumerated().map { index, c in
            // Each condition's commands by offset; a body after `then` belongs to the
            // condition read just before it, the last body to none when `else` is there.
            let byCondition = c.conditions.map { range in
                conditionIndices[index].filter { range.contains(finalCommands[$0].startOffset) }
            }
            let branches = c.bodies.enumerated().map { k, body in
                ShellBranch(conditionCommandIndices: c.hasElse && k == c.bodies.count - 1 ? nil
                                : (k < byCondition.count ? byCondition[k] : []),
                            startOffset: body.lowerBound, endOffset: body.upperBound)
            }
            return ShellConditional(startLine: lineOf(c.start), endLine: lineOf(max(c.end - 1, c.start)),
                                    conditionCommandIndices: conditionIndices[index], enclosing: c.enclosing, branches: branches)
        }

        let finalLoops = loops.map { l in
            ShellLoop(kind: l.kind, variable: l.variable, words: l.words, startLine: lineOf(l.start),
                      endLine: lineOf(max(l.end - 1, l.start)), enclosing: l.enclosing)
        }

        comments.sort { $0.lowerBound < $1.lowerBound }
        let finalFunctions = functions.sorted { $0.start < $1.start }.map { f in
            ShellFunction(name: f.name, startLine: lineOf(f.start), endLine: lineOf(max(f.end - 1, f.start)),
                          startOffset: f.start, endOffset: max(f.end, f.start), body: self.text(f.bodyStart, f.bodyEnd),
                          normalizedBody: normalizedText(f.bodyStart..<max(f.bodyEnd, f.bodyStart)), enclosing: f.enclosing)
        }

        let finalHeredocs = heredocs.map { doc in
            doc ?? ShellHeredoc(delimiter: "", quoted: false, stripTabs: false, bodyStartLine: lineStarts.count,
                                bodyEndLine: lineStarts.count, body: "")
        }

        let unsets = finalCommands.compactMap { c -> (offset: Int, names: [String])? in
            c.name == "unset" ? (c.startOffset, c.arguments.compactMap(\.literal)) : nil
        }

        let lines = linesOf(text)
        var shebang: String?
        if let first = lines.first {
            let line = first.utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? Substring(first.utf8.dropFirst(3)) : first
            if line.utf8.starts(with: [Ch.hash, Ch.bang]) { shebang = line.withoutCarriageReturn }
        }

        return ShellScript(
            path: path, text: text, lines: lines, shebang: shebang, commands: finalCommands, functions: finalFunctions,
            assignments: Self.inSourceOrder(assignments), expansions: CaseGuards.markingTests(CaseGuards.marking(Self.markingGuarded(Self.inSourceOrder(expansions)), cases: cases, unsets: unsets),
                                                commands: finalCommands, conditionals: finalConditionals, unsets: unsets), loops: finalLoops,
            conditionals: finalConditionals,
            groups: groups.map { g in
                ShellGroup(kind: g.kind, startOffset: g.start, endOffset: max(g.end, g.start), enclosing: g.enclosing,
                           operatorBefore: g.opBefore, operatorAfter: g.opAfter, negated: g.negated)
            },
            heredocs: finalHeredocs,
            diagnostics: diagnostics.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element))
    }

    /// Stable by reading order for equal offsets; records are mostly in order already.
    /// The expansions (in source order) with each one inside the word of a same-name
    /// `${NAME:+word}` / `${NAME+word}` marked `isGuarded`.
    static func markingGuarded(_ expansions: [ShellExpansion]) -> [ShellExpansion] {
        var out = expansions
        for (i, outer) in expansions.enumerated() where outer.op == ":+" || outer.op == "+" {
            var j = i + 1
            while j < out.count && out[j].startOffset < outer.endOffset {
                if out[j].name == outer.name { out[j].isGuarded = true }
                j += 1
            }
        }
        return out
    }

    static func inSourceOrder<T>(_ items: [Located<T>]) -> [T] {
        var sorted = true
        for i in items.indices.dropFirst() where items[i - 1].offset > items[i].offset {
            sorted = false
            break
        }
        if sorted { return items.map(\.item) }
        let order = items.indices.sorted { (items[$0].offset, $0) < (items[$1].offset, $1) }
        return order.map { items[$0].item }
    }

    /// The text of `range` without comments, whitespace runs (and continuations) collapsed
    /// to one space, trimmed. Comments are the ones the reader found, so a `#` in a word or
    /// a heredoc is kept.
    func normalizedText(_ range: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var comment = firstComment(endingAfter: range.lowerBound)
        var space = false
        var i = range.lowerBound
        while i < range.upperBound {
            while comment < comments.count && comments[comment].upperBound <= i { comment += 1 }
            if comment < comments.count && comments[comment].lowerBound <= i {
                i = comments[comment].upperBound
                comment += 1
                continue
            }
            let c = bytes[i]
            if c == Ch.space || c == Ch.tab || c == Ch.nl || c == Ch.cr {
                space = true
                i += 1
                continue
            }
            if c == Ch.backslash && i + 1 < range.upperBound && (bytes[i + 1] == Ch.nl || bytes[i + 1] == Ch.cr) {
                space = true
                i += 2
                continue
            }
            if space && !out.isEmpty { out.append(Ch.space) }
            space = false
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Same result as `newlineSeparatedLines`, from the line starts already known.
    func linesOf(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        guard utf8.count == bytes.count else { return text.newlineSeparatedLines }
        var out: [Substring] = []
        out.reserveCapacity(lineStarts.count)
        var lineStart = utf8.startIndex
        for i in 1..<max(lineStarts.count, 1) {
            let lineEnd = utf8.index(lineStart, offsetBy: lineStarts[i] - 1 - lineStarts[i - 1])
            out.append(text[lineStart..<lineEnd])
            lineStart = utf8.index(after: lineEnd)
        }
        out.append(text[lineStart..<utf8.endIndex])
        return out
    }

    private func firstComment(endingAfter offset: Int) -> Int {
        var lo = 0, hi = comments.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if comments[mid].upperBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
