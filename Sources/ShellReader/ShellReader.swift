/// Reads bash source into a model rules can trust.
public enum ShellReader {
    public static func read(_ text: String, path: String = "") -> ShellScript {
        let bytes = Array(text.utf8)
        let parser = Parser(bytes)
        parser.parseList(until: [], enclosing: [])
        if !parser.pending.isEmpty { parser.readPendingHeredocs() }
        let lines = text.newlineSeparatedLines
        let commands = parser.commands.sorted { $0.start < $1.start }.map { b in
            ShellCommand(words: b.words, prefixAssignments: b.prefix, redirections: b.redirections,
                         startLine: parser.line(at: b.start), endLine: parser.line(at: max(b.end - 1, b.start)),
                         startOffset: b.start, endOffset: max(b.end, b.start), enclosing: b.enclosing,
                         operatorBefore: b.before, operatorAfter: b.after, negated: b.negated, background: b.background)
        }
        // Condition indices were recorded in parse order; map them to the sorted order.
        var order: [ObjectIdentifier: Int] = [:]
        for (i, b) in parser.commands.sorted(by: { $0.start < $1.start }).enumerated() { order[ObjectIdentifier(b)] = i }
        let conditionals = parser.conditionals.map { c -> ShellConditional in
            var c = c
            c.conditionCommandIndices = c.conditionCommandIndices.compactMap { $0 < parser.commands.count ? order[ObjectIdentifier(parser.commands[$0])] : nil }.sorted()
            return c
        }
        let shebang = text.hasPrefix("#!") ? lines.first.map { $0.withoutCarriageReturn } : nil
        return ShellScript(path: path, text: text, lines: lines, shebang: shebang, commands: commands,
                           functions: parser.functions.sorted { $0.startOffset < $1.startOffset },
                           assignments: parser.assignments.sorted { $0.line < $1.line },
                           expansions: parser.expansions.sorted { $0.line < $1.line },
                           loops: parser.loops, conditionals: conditionals, heredocs: parser.heredocs,
                           diagnostics: parser.diagnostics)
    }
}
