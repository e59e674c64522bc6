import ShellReader

// Local files: `mkdir` without -p, `ln -s` without -f, appends that add a line every run.
extension RerunAnalysis {
    private func shortFlags(_ cmd: ShellCommand) -> [(index: Int, text: String)] {
        cmd.words.enumerated().dropFirst().compactMap { i, w in
            let t = w.unquotedText
            return t.hasPrefix("-") && !t.hasPrefix("--") && t.count > 1 ? (i, t) : nil
        }
    }

    /// The commands of the `if` conditions around `cmd`.
    private func guardCommands(_ cmd: ShellCommand) -> [ShellCommand] {
        var out: [ShellCommand] = []
        for construct in cmd.enclosing {
            let index: Int
            switch construct {
            case .ifBody(let i), .ifCondition(let i): index = i
            default: continue
            }
            guard index < script.conditionals.count else { continue }
            out += script.conditionals[index].conditionCommandIndices.compactMap { $0 < script.commands.count ? script.commands[$0] : nil }
        }
        return out
    }

    private func chainedWithOr(_ cmd: ShellCommand) -> Bool { cmd.operatorBefore == "||" || cmd.operatorAfter == "||" }

    private func testGuarded(_ cmd: ShellCommand) -> Bool {
        chainedWithOr(cmd) || guardCommands(cmd).contains { ["[", "[[", "test"].contains($0.name ?? "") }
    }

    mutating func mkdir(_ cmd: ShellCommand) {
        let flags = shortFlags(cmd)
        if flags.contains(where: { $0.text.contains("p") }) || cmd.words.contains(where: { $0.literal == "--parents" }) { return }
        if testGuarded(cmd) { return }
        let dir = cmd.arguments.first { !$0.unquotedText.hasPrefix("-") }?.unquotedText ?? ""
        let t = commandText(cmd)
        let fix = t.wordRanges.map { r in (cmd.startLine...cmd.endLine, t.lines(inserting: [(r[0].upperBound, " -p")])) }
        add(["mkdir", dir], cmd, "`mkdir \(dir)` (no -p) fails on a second run because the folder exists; `mkdir -p` does not", .local, fix)
    }

    mutating func ln(_ cmd: ShellCommand) {
        let flags = shortFlags(cmd)
        guard let symbolic = flags.first(where: { $0.text.contains("s") }) else { return }
        if flags.contains(where: { $0.text.contains("f") }) || cmd.words.contains(where: { $0.literal == "--force" }) { return }
        if testGuarded(cmd) { return }
        let link = cmd.arguments.last?.unquotedText ?? ""
        let t = commandText(cmd)
        let fix = t.wordRanges.map { r in
            (cmd.startLine...cmd.endLine, t.lines(inserting: [], replacing: [(r[symbolic.index], symbolic.text + (symbolic.text.contains("n") ? "f" : "fn"))]))
        }
        add(["ln", link], cmd, "`ln -s ... \(link)` fails on a second run because the link exists; `ln -sfn` replaces it", .local, fix)
    }

    /// Whether an append target is a log (appending there on every run is the point).
    static func isLog(_ target: String) -> Bool {
        let t = target.lowercased()
        return t.contains("log") || t.hasPrefix("/dev/") || t.contains("github_") || t.hasSuffix(".out") || t.hasSuffix(".txt")
    }

    mutating func append(_ cmd: ShellCommand) {
        guard let r = cmd.redirections.first(where: { $0.op == ">>" && ($0.fd == nil || $0.fd == "1") }),
              let target = r.target else { return }
        let text = target.unquotedText
        if Self.isLog(text) { return }
        // Only files the scaffolding can name: a fixed path, or one under the home folder.
        if target.hasExpansion && !(text.hasPrefix("$HOME/") || text.hasPrefix("${HOME}/")) { return }
        if chainedWithOr(cmd) || guardCommands(cmd).contains(where: { $0.name == "grep" }) { return }
        let t = commandText(cmd)
        let args = cmd.arguments
        var fix: (ClosedRange<Int>, [String])?
        if cmd.name == "echo", args.count == 1, !args[0].unquotedText.hasPrefix("-"), cmd.redirections.count == 1,
           t.ownsItsLines, !t.hasMultilineWord {
            fix = (cmd.startLine...cmd.endLine,
                   t.lines(inserting: [(cmd.startOffset, "grep -qxF \(args[0].raw) \(target.raw) 2>/dev/null || ")]))
        }
        add(["append", text], cmd, "appends to \(text) on every run, so a second run adds the line again; append only when the line is missing (`grep -qxF LINE FILE || echo LINE >> FILE`)",
            .local, fix)
    }
}
