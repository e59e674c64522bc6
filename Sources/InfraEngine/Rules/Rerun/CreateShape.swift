import ShellReader

/// What the shape of a create's line says about the rewrites that keep it doing what it does:
/// the environment it runs in, words that can turn into flags, and whether a caller reads its
/// exit status. A rewrite that ignores one of these changes the script (another cluster, a
/// dry run that now writes, a branch that now always runs), which is worse than no rewrite.
enum CreateShape {
    /// Whether `word` can expand to several words (and so to flags) at run time.
    ///
    /// Bash manual, "Word Splitting": the results of unquoted parameter expansion, command
    /// substitution and arithmetic expansion are split on IFS. "Special Parameters": `"$@"`
    /// expands to one word per positional parameter, and `"${name[@]}"` to one word per array
    /// element, even when quoted. So `${DRY}` may be `--dry-run=client`, and `"${ARGS[@]}"`
    /// may be any flags.
    static func canSplit(_ word: ShellWord) -> Bool {
        guard word.hasExpansion else { return false }
        let raw = Array(word.raw)
        var inSingle = false
        var inDouble = false
        var i = 0
        while i < raw.count {
            let ch = raw[i]
            if ch == "\\", !inSingle { i += 2; continue }
            if ch == "'", !inDouble { inSingle.toggle() } else if ch == "\"", !inSingle { inDouble.toggle() }
            if ch == "$", !inSingle {
                if !inDouble { return true }
                // Quoted, but `"$@"` and `"${X[@]}"` still give one word per element.
                let rest = String(raw[(i + 1)...])
                if rest.hasPrefix("@") || rest.hasPrefix("{@") { return true }
                if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}"), rest[..<close].hasSuffix("[@]") { return true }
            }
            if ch == "`", !inSingle, !inDouble { return true }
            i += 1
        }
        return false
    }

    /// Whether something after `cmd` reads its exit status as a result rather than only
    /// tolerating or stopping on failure: `if create; then`, `while`/`until create`,
    /// `! create`, `create && next`. Making such a create idempotent makes it succeed when
    /// the thing exists, so the branch it chose now always runs.
    ///
    /// Bash manual, "Lists of Commands" and "Conditional Constructs": the status of an and-or
    /// list's left side decides whether its right side runs, and an `if`/`while`/`until`
    /// head's status picks the branch. `create || true` / `|| echo` (tolerance) and
    /// `create || die` (stop) are left to the swallowed and unguarded handling.
    static func statusIsLogic(_ cmd: ShellCommand, in script: ShellScript) -> Bool {
        if cmd.negated { return true }
        if cmd.operatorAfter == "&&" {
            // `create && echo "made"` at the end of its list only logs: not logic.
            guard let i = script.commands.firstIndex(where: { $0 === cmd }), i + 1 < script.commands.count else { return true }
            let next = script.commands[i + 1]
            let endsList = next.operatorAfter == nil || next.operatorAfter == ";"
            if !(BranchFacts.cannotFail(next) && ["echo", "printf"].contains(next.name ?? "") && endsList && next.enclosing == cmd.enclosing) { return true }
        }
        for construct in cmd.enclosing {
            switch construct {
            case .ifCondition:
                return true
            case .loopHead(let i) where i < script.loops.count:
                if [.whileLoop, .untilLoop].contains(script.loops[i].kind) { return true }
            default:
                continue
            }
        }
        return false
    }
}

extension RerunAnalysis {
    /// `if ! kubectl get KIND NAME >/dev/null 2>&1; then LINE; fi` around a kubectl create
    /// that cannot be rendered (a word may expand to flags): the line runs as written, only
    /// when the object is missing. The lookup keeps the line's environment prefix, its
    /// program words before the verb (wrapper, `--context`) and its scope flags (`-n`,
    /// `--context`, `--kubeconfig`: the kubectl global flags, kubectl reference "kubectl
    /// options"); nil when the name, or any word the lookup copies, can itself split.
    func kubectlLookupGuard(_ e: EffectiveCommand, kind: String, positionals p: [(index: Int, text: String)]) -> (ClosedRange<Int>, [String])? {
        let cmd = e.command
        let t = commandText(cmd)
        let nameAt = ["secret", "service", "svc"].contains(kind) ? 3 : 2
        guard p.count > nameAt, t.ownsItsLines, !t.hasHeredoc, !t.hasMultilineWord, let env = t.assignmentPrefix,
              let verbAt = e.callSiteIndex(p[0].index), verbAt > 0, let nameSite = e.callSiteIndex(p[nameAt].index)
        else { return nil }
        let words = cmd.words
        // Everything up to the name is read as written: none of it may split.
        guard !words[1...nameSite].contains(where: CreateShape.canSplit) else { return nil }
        var probe = words[0..<verbAt].map(\.raw) + ["get", kind == "svc" ? "service" : kind, words[nameSite].raw]
        var i = verbAt + 1
        while i < words.count {
            let text = words[i].unquotedText
            let flag = String(text.prefix { $0 != "=" })
            if ToolGrammar.kubectlValueFlags.contains(flag) {
                let pair = text.contains("=") ? [words[i]] : Array(words[i..<min(i + 2, words.count)])
                guard pair.count == (text.contains("=") ? 1 : 2), !pair.contains(where: CreateShape.canSplit) else { return nil }
                probe += pair.map(\.raw)
                i += pair.count
                continue
            }
            i += 1
        }
        let body = t.lines(inserting: []).map { "  " + $0 }
        return (cmd.startLine...cmd.endLine,
                ["\(t.indentation)if ! \(env)\(probe.joined(separator: " ")) >/dev/null 2>&1; then"] + body + ["\(t.indentation)fi"])
    }
}
